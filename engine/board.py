"""The board: everything about a scenario that does not change during a game, compiled once to numpy.

Sides are indexed as in ``scenario.sides``; camps are the coalitions (a side fights for its camp:
Turkey for the opposition's). Places are indexed as in ``scenario.settlements``, formations,
air arms and observation posts as in the scenario's lists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from .hexgrid import HexGrid
from .plans import Plans, compile_plans
from .rulebook import POSTURES, WEATHER, Rules
from .scenario import AIRCRAFT_KINDS, Scenario
from .territory import OUTSIDE, beyond_borders, hex_control, nearest_settlement

NEAREST_PLACES = 12  # neighbours kept per place for front distances


def _points_in_polygon(x: np.ndarray, y: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Even-odd rule for many points against one polygon."""
    inside = np.zeros(x.shape, dtype=bool)
    for i in range(len(px)):
        x1, y1, x2, y2 = px[i - 1], py[i - 1], px[i], py[i]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < at)
    return inside


def _first_unique(rows: np.ndarray, size: int) -> np.ndarray:
    """Each row's values >= 0 in the order they first appear, the first ``size`` of them (-1 after)."""
    n = rows.shape[1]
    repeat = ((rows[:, :, None] == rows[:, None, :]) & np.tri(n, k=-1, dtype=bool)[None]).any(axis=2)
    first = (rows >= 0) & ~repeat
    order = np.argsort(~first, axis=1, kind="stable")[:, :size]  # the first appearances, in their order
    return np.where(np.take_along_axis(first, order, axis=1), np.take_along_axis(rows, order, axis=1), -1)


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 over the scenario's YAML files, so a record can tell it was made on this scenario."""
    h = hashlib.sha256()
    for path in sorted(Path(scenario.folder).glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, eq=False)
class Board:
    scenario: Scenario
    rules: Rules
    grid: HexGrid
    neighbours: np.ndarray  # (H, 6) int32, -1 off the grid or beyond a border
    inside: np.ndarray  # (H,) bool, part of the theatre
    terrain: np.ndarray  # (H,) int8 index into terrain_names
    terrain_names: tuple[str, ...]
    road: np.ndarray  # (H,) bool, a road or highway runs through
    highway: np.ndarray  # (H,) bool
    place_hex: np.ndarray  # (P,) int32
    hex_place: np.ndarray  # (H,) int32, the most populous place in the hex, or -1
    cell: np.ndarray  # (H,) int32, nearest place (Voronoi cell), -1 outside
    population: np.ndarray  # (P,) int64 residents at the start
    place_value: np.ndarray  # (P,) float32, weight of a place for the policies
    garrison: np.ndarray  # (H,) float32 local defence of the hex
    place_edges: np.ndarray  # (E, 2) int32, places whose cells touch (the settlement graph)
    near_places: np.ndarray  # (P, K) int32, nearest other places, nearest first
    near_km: np.ndarray  # (P, K) float32
    side_camp: np.ndarray  # (S,) int8 camp of each side
    camp_side: np.ndarray  # (C,) int8 the side a camp's captures go to
    camp_names: tuple[str, ...]
    supply_places: tuple[np.ndarray, ...]  # per camp, place indices that are supply sources
    shelters: np.ndarray  # (D,) int32 place indices where the displaced shelter
    shelter_weight: np.ndarray  # (P, D) float64 Flee-style route weights
    shelter_start: np.ndarray  # (D,) int64 people of the opposition's area outside its named places, at the shelters
    shelter_capacity: np.ndarray  # (D,) int64 people each shelter can hold (its start stock and the room beyond)
    formation_side: np.ndarray  # (F,) int8
    formation_camp: np.ndarray  # (F,) int8
    formation_cev: np.ndarray  # (F,) float32
    formation_start: np.ndarray  # (F,) int32 start hex, -1 if it arrives later
    formation_arrival: np.ndarray  # (F,) int32 day of arrival (0 on the map at the start)
    formation_arrival_hex: np.ndarray  # (F,) int32
    formation_strength: np.ndarray  # (F,) int32 starting strength
    arm_side: np.ndarray  # (A,) int8
    arm_aircraft: np.ndarray  # (A,) int32
    arm_sorties: np.ndarray  # (A,) float32 sorties a day at full strength
    arm_from_day: np.ndarray  # (A,) int32
    arm_turkish: np.ndarray  # (A,) bool, flies only once Turkey opens its operation
    arm_kind: np.ndarray  # (A,) int8 index into scenario.AIRCRAFT_KINDS
    post_hex: np.ndarray  # (O,) int32
    post_from_day: np.ndarray  # (O,) int32
    ceasefire_days: np.ndarray  # (n,) int32 days on which a scheduled truce begins
    intervention_day: int  # day Turkey opens its operation as the record shows (a huge number: never)
    start_control: np.ndarray  # (H,) int8
    plans: Plans
    digest: str

    # -- sizes and lookups --------------------------------------------------------
    @property
    def hexes(self) -> int:
        return self.grid.count

    @property
    def sides(self) -> tuple[str, ...]:
        return self.scenario.sides

    def side_index(self, side: str) -> int:
        return self.scenario.sides.index(side)

    def date(self, day: int) -> dt.date:
        return self.scenario.start_date + dt.timedelta(days=int(day))

    def day_of(self, date: dt.date) -> int:
        return (date - self.scenario.start_date).days

    @property
    def people(self) -> int:
        """Everyone the humanitarian phase counts: the residents of the places and those at the shelters."""
        return int(self.population.sum() + self.shelter_start.sum())

    @property
    def hex_area_km2(self) -> float:
        return float(np.sqrt(3) / 2 * self.grid.size_km**2)

    def place_index(self, place_id: str) -> int:
        return self._place_ids[place_id]

    def formation_index(self, formation_id: str) -> int:
        return self._formation_ids[formation_id]

    def arm_index(self, arm_id: str) -> int:
        return self._arm_ids[arm_id]

    @cached_property
    def axial_q(self) -> np.ndarray:
        return self.grid.axial(np.arange(self.hexes))[0]

    @cached_property
    def axial_r(self) -> np.ndarray:
        return self.grid.axial(np.arange(self.hexes))[1]

    @cached_property
    def terrain_defence(self) -> np.ndarray:
        """(H,) defence multiplier of each hex's terrain."""
        table = self.rules["ground.terrain_defence"]
        return np.array([table[name] for name in self.terrain_names], dtype=np.float64)[self.terrain]

    @cached_property
    def place_adjacency(self) -> tuple[np.ndarray, np.ndarray]:
        """The settlement graph in compressed rows: neighbours of place p are ``n[start[p]:start[p + 1]]``."""
        src = np.concatenate([self.place_edges[:, 0], self.place_edges[:, 1]])
        dst = np.concatenate([self.place_edges[:, 1], self.place_edges[:, 0]])
        order = np.lexsort((dst, src))
        start = np.searchsorted(src[order], np.arange(len(self.population) + 1))
        return start, dst[order].astype(np.int64)

    @cached_property
    def places_near_hex(self) -> np.ndarray:
        """(H, k) places whose hex is this hex or one of its neighbours, padded with -1."""
        lists: list[list[int]] = [[] for _ in range(self.hexes)]
        for p, h in enumerate(self.place_hex):
            for x in (h, *self.neighbours[h]):
                if x >= 0:
                    lists[x].append(p)
        width = max(1, max(len(x) for x in lists))
        return np.array([x + [-1] * (width - len(x)) for x in lists], dtype=np.int32)

    @cached_property
    def hex_place_km(self) -> np.ndarray:
        """(H, P) float32 km from each hex centre to each place."""
        hx, hy = self.grid.centre_km(np.arange(self.hexes))
        px, py = hx[self.place_hex], hy[self.place_hex]
        return np.hypot(hx[:, None] - px[None, :], hy[:, None] - py[None, :]).astype(np.float32)

    @cached_property
    def place_hex_km(self) -> np.ndarray:
        """(P, H) float32 ``hex_place_km`` transposed: a place's distances to every hex side by side."""
        return np.ascontiguousarray(self.hex_place_km.T)

    @cached_property
    def within_two(self) -> np.ndarray:
        """(H, 19) each hex, its neighbours and theirs (-1 off the map; repeats where rings overlap)."""
        ring1 = self.neighbours
        ring2 = np.where(ring1[:, :, None] >= 0, self.neighbours[np.maximum(ring1, 0)], -1).reshape(self.hexes, 36)
        out = np.concatenate([np.arange(self.hexes)[:, None], ring1, ring2], axis=1)
        return _first_unique(out, 19).astype(np.int32)

    @cached_property
    def cell_sizes(self) -> np.ndarray:
        return np.array([len(c) for c in self.cell_hexes], dtype=np.int64)

    @cached_property
    def _cell_order(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.cell, kind="stable")
        return order, np.searchsorted(self.cell[order], np.arange(len(self.population) + 1))

    def cells_of(self, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The hexes of several places' cells at once: (which entry of ``places`` each belongs to, hex)."""
        order, start = self._cell_order
        sizes = self.cell_sizes[places]
        owner = np.repeat(np.arange(len(places)), sizes)
        offset = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return owner, order[np.repeat(start[places], sizes) + offset]

    @cached_property
    def cell_hexes(self) -> tuple[np.ndarray, ...]:
        """For each place, the hexes of its Voronoi cell."""
        order = np.argsort(self.cell, kind="stable")
        bounds = np.searchsorted(self.cell[order], np.arange(len(self.population) + 1))
        return tuple(order[bounds[i] : bounds[i + 1]] for i in range(len(self.population)))

    # lookups by id, made by __post_init__
    _place_ids: dict[str, int] = field(init=False, repr=False)
    _formation_ids: dict[str, int] = field(init=False, repr=False)
    _arm_ids: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        s = self.scenario
        object.__setattr__(self, "_place_ids", {p.id: i for i, p in enumerate(s.settlements)})
        object.__setattr__(self, "_formation_ids", {f.id: i for i, f in enumerate(s.formations)})
        object.__setattr__(self, "_arm_ids", {a.id: i for i, a in enumerate(s.air_arms)})


def _shelter_stocks(s, rules, population, shelters, place_hex, start_control) -> tuple[np.ndarray, np.ndarray]:
    """(D,) people living at each shelter at the start and (D,) each shelter's capacity.

    The people of the opposition's area (``humanitarian.area_population``) who do not live in its
    named places live in the camps and unnamed villages each shelter place stands for, in equal
    shares (the document gives no figures by area); so does the shelters' room beyond them
    (``humanitarian.shelter_room``).
    """
    opposition = s.sides.index("opposition") if "opposition" in s.sides else -1
    held = start_control[place_hex] == opposition
    D = len(shelters)
    outside_places = max(0, int(rules["humanitarian.area_population"] - population[held].sum()))
    start = np.full(D, outside_places // max(D, 1), np.int64)
    if D:
        start[0] += outside_places - start.sum()
    room = np.full(D, int(rules["humanitarian.shelter_room"]) // max(D, 1), np.int64)
    return start, start + room


def post_hexes(grid: HexGrid, scenario: Scenario, beyond: np.ndarray) -> np.ndarray:
    """(O,) the hex each observation post stands in (``beyond``: hexes beyond the map's borders).

    A post stands in its place's hex, or, where the document puts it outside the place ("near Sarman",
    "around Saraqib": forces.yaml ``outside``), on the neighbour of that hex, in the theatre and holding
    no settlement, whose centre is nearest the place's coordinates; posts outside one place take the
    nearest free neighbours in turn, in the order of the list. Where no neighbour is free the post
    stands in its place.
    """
    posts = scenario.observation_posts
    index = {p.id: i for i, p in enumerate(scenario.settlements)}
    lats = np.array([p.lat for p in scenario.settlements])
    lons = np.array([p.lon for p in scenario.settlements])
    place_hex = grid.hex_at(lats, lons)
    px, py = grid.to_km(lats, lons)
    taken = set(int(h) for h in place_hex)  # hexes holding a settlement, then those of posts placed outside
    neighbours = grid.neighbours()
    out = np.empty(len(posts), np.int32)
    for o, post in enumerate(posts):
        i = index[post.place.id]
        out[o] = place_hex[i]
        if post.outside is None:
            continue
        free = [int(n) for n in neighbours[place_hex[i]] if n >= 0 and not beyond[n] and int(n) not in taken]
        if not free:
            continue
        cx, cy = grid.centre_km(np.array(free))
        out[o] = free[int(np.argmin(np.hypot(cx - px[i], cy - py[i])))]
        taken.add(int(out[o]))
    return out


def compile_board(scenario: Scenario, rules: Rules | None = None) -> Board:
    """Compile the static arrays of a scenario (rules default to the scenario's rules.yaml)."""
    rules = rules or scenario.rules
    assert rules is not None, "a scenario built without rules.yaml needs rules given"
    s = scenario
    grid = HexGrid.for_scenario(s)
    H = grid.count
    outside = beyond_borders(grid, s)
    neighbours = grid.neighbours().astype(np.int32)
    neighbours[outside] = -1
    neighbours = np.where((neighbours >= 0) & outside[np.maximum(neighbours, 0)], -1, neighbours)

    # terrain: regions in order (later ones overwrite), default elsewhere
    names = s.map.terrain_types
    terrain = np.full(H, names.index(s.map.default_terrain), dtype=np.int8)
    hx, hy = grid.centre_km(np.arange(H))
    for region in s.map.regions:
        px, py = grid.to_km(*np.array(region.polygon).T)
        terrain[_points_in_polygon(hx, hy, px, py)] = names.index(region.terrain)

    lats = np.array([p.lat for p in s.settlements])
    lons = np.array([p.lon for p in s.settlements])
    place_hex = grid.hex_at(lats, lons).astype(np.int32)
    P = len(s.settlements)
    defaults = rules["humanitarian.default_population"]
    population = np.array(
        [
            int(
                p.population.value
                if p.population and not isinstance(p.population.value, tuple)
                else (sum(p.population.value) / 2 if p.population else defaults[p.kind])
            )
            for p in s.settlements
        ],
        dtype=np.int64,
    )
    hex_place = np.full(H, -1, dtype=np.int32)
    for i in np.argsort(population, kind="stable"):  # the most populous place wins its hex
        hex_place[place_hex[i]] = i

    road = np.zeros(H, dtype=bool)
    highway = np.zeros(H, dtype=bool)
    for r in s.map.roads:
        hexes = [place_hex[list(s.places).index(p.id)] for p in r.places]
        for a, b in zip(hexes, hexes[1:]):
            line = grid.line(int(a), int(b))
            road[line] = True
            if r.kind == "highway":
                highway[line] = True

    cell = nearest_settlement(grid, s).astype(np.int32)
    cell[outside] = -1
    a = np.repeat(np.arange(H), 6)
    b = neighbours.reshape(-1)
    ok = (b >= 0) & (cell[a] >= 0)
    ca, cb = cell[a[ok]], cell[b[ok]]
    pairs = np.unique(np.stack([np.minimum(ca, cb), np.maximum(ca, cb)], 1)[ca != cb], axis=0)
    place_edges = pairs.astype(np.int32).reshape(-1, 2)

    px, py = grid.to_km(lats, lons)
    dist = np.hypot(px[:, None] - px[None, :], py[:, None] - py[None, :])
    np.fill_diagonal(dist, np.inf)
    k = min(NEAREST_PLACES, P - 1) if P > 1 else 0
    near_places = np.argsort(dist, axis=1, kind="stable")[:, :k].astype(np.int32)
    near_km = np.take_along_axis(dist, near_places, 1).astype(np.float32)

    kinds = [p.kind for p in s.settlements]
    garrison = np.full(H, rules["ground.garrison_open"], dtype=np.float32)
    garrison[hex_place >= 0] = [rules["ground.garrison"][kinds[i]] for i in hex_place[hex_place >= 0]]
    place_value = (1.0 + np.log1p(population / 1000.0)).astype(np.float32)

    side_faction = {f.side: f for f in s.factions}
    camp_names = tuple(c.id for c in s.coalitions)
    side_camp = np.array(
        [camp_names.index(side_faction[side].coalition.id) if side in side_faction else 0 for side in s.sides],
        dtype=np.int8,
    )
    camp_side = np.array(
        [next((i for i, side in enumerate(s.sides) if side_camp[i] == c), 0) for c in range(len(camp_names))],
        dtype=np.int8,
    )
    control = {h.place.id: h.side for h in s.start_control}
    start_control = hex_control(grid, s, control, nearest=np.where(cell >= 0, cell, 0), outside=outside)
    index = {p.id: i for i, p in enumerate(s.settlements)}
    sources = rules["supply.sources"]
    supply_places = tuple(
        np.array(
            sorted(
                {index[p] for side, places in sources.items() if side_camp[s.sides.index(side)] == c for p in places}
            ),
            dtype=np.int32,
        )
        for c in range(len(camp_names))
    )
    shelters = np.array([index[p] for p in rules["humanitarian.shelters"]], dtype=np.int32)
    to_shelter = np.hypot(px[:, None] - px[shelters][None, :], py[:, None] - py[shelters][None, :])
    shelter_weight = 1.0 / (10.0 + to_shelter) ** rules["humanitarian.shelter_distance_power"]
    shelter_start, shelter_capacity = _shelter_stocks(s, rules, population, shelters, place_hex, start_control)

    post_hex = post_hexes(grid, s, outside)
    post_of = {o.id: k for k, o in enumerate(s.observation_posts)}
    formations = s.formations
    cev = rules["ground.cev"]
    day = lambda d: (d - s.start_date).days  # noqa: E731

    def stands(f, place) -> int:
        """The hex a formation stands in at ``place``: its post's hex for a post's garrison."""
        return int(post_hex[post_of[f.post.id]] if f.post else place_hex[index[place.id]])

    formation_start = np.array([stands(f, f.start) if f.start else -1 for f in formations], dtype=np.int32)
    shift, arrive = rules["reinforcements.shift_days"], rules["reinforcements.arrive"]
    never = 10**6
    arrival = np.array(
        [(max(0, day(f.arrival.date) + shift) if arrive else never) if f.arrival else 0 for f in formations],
        dtype=np.int32,
    )
    arrival_hex = np.array(
        [stands(f, f.arrival_place or f.start) if (f.arrival_place or f.start) else -1 for f in formations],
        dtype=np.int32,
    )
    strength = np.array(
        [
            int(f.strength.value if not isinstance(f.strength.value, tuple) else sum(f.strength.value) / 2)
            for f in formations
        ],
        dtype=np.int32,
    )
    formation_side = np.array([s.sides.index(f.faction.side) for f in formations], dtype=np.int8)

    arms = s.air_arms
    arm_side = np.array([s.sides.index(a.faction.side) for a in arms], dtype=np.int8)
    turkey = s.sides.index("turkey") if "turkey" in s.sides else -1
    posts = s.observation_posts

    return Board(
        scenario=s,
        rules=rules,
        grid=grid,
        neighbours=neighbours,
        inside=~outside,
        terrain=terrain,
        terrain_names=names,
        road=road,
        highway=highway,
        place_hex=place_hex,
        hex_place=hex_place,
        cell=cell,
        population=population,
        place_value=place_value,
        garrison=garrison,
        place_edges=place_edges,
        near_places=near_places,
        near_km=near_km,
        side_camp=side_camp,
        camp_side=camp_side,
        camp_names=camp_names,
        supply_places=supply_places,
        shelters=shelters,
        shelter_weight=shelter_weight,
        shelter_start=shelter_start,
        shelter_capacity=shelter_capacity,
        formation_side=formation_side,
        formation_camp=side_camp[formation_side],
        formation_cev=np.array([cev[f.type] for f in formations], dtype=np.float32),
        formation_start=formation_start,
        formation_arrival=arrival,
        formation_arrival_hex=arrival_hex,
        formation_strength=strength,
        arm_side=arm_side,
        arm_aircraft=np.array(
            [int(a.aircraft.value if not isinstance(a.aircraft.value, tuple) else a.aircraft.value[0]) for a in arms],
            dtype=np.int32,
        ),
        arm_sorties=np.array(
            [
                float(
                    a.sorties_per_day.value
                    if not isinstance(a.sorties_per_day.value, tuple)
                    else a.sorties_per_day.value[0]
                )
                for a in arms
            ],
            dtype=np.float32,
        ),
        arm_from_day=np.array([day(a.from_date) if a.from_date else 0 for a in arms], dtype=np.int32),
        arm_turkish=arm_side == turkey,
        arm_kind=np.array([AIRCRAFT_KINDS.index(a.kind) for a in arms], dtype=np.int8),
        post_hex=post_hex,
        post_from_day=np.array([day(o.established.date) for o in posts], dtype=np.int32),
        ceasefire_days=np.array([day(d) for d in rules["ceasefire.scheduled"]], dtype=np.int32),
        intervention_day=10**6 if rules["turkey.intervention"] == "none" else day(rules["turkey.intervention"]),
        start_control=start_control.astype(np.int8),
        plans=compile_plans(s, s.days, side_camp, camp_names),
        digest=scenario_digest(s),
    )


__all__ = ["Board", "compile_board", "OUTSIDE", "WEATHER", "POSTURES"]
