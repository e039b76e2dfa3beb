"""A game against the computer, or two people at one screen: one world, the player's orders for their side.

A game starts from one of the scenario's playable scenarios (playable.yaml): from a later day it is a
forecast from that day (the state built by nudging, engine.forecast), and it ends after the
scenario's last turn. Against the computer a policy gives the other side's orders; in a hot-seat game
(opponent ``human``) each side gives its orders in turn, kept apart until the day resolves, and the
game is handed over between them (``hand_over``) so that each sees only its own side's view.

The game is its record: the seed and every day's orders. Saving writes the record (versioned
JSON, written atomically); loading re-simulates it and checks every day's state hash, so a
saved game resumes exactly. Everything a play screen asks - what a formation can reach, the
odds of an attack, the risk to civilians of an air mission, what the player can see - comes
from the rules' own functions, so the screen shows what the rules will do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import events as ev
from . import kernels
from .board import Board, compile_board
from .history import control_on
from .holders import PlaceFactions, hex_factions
from .loader import load_scenario
from .markers import Marker, day_markers
from .objectives import (
    COMPUTER_WORLDS,
    Comparison,
    ComputerRuns,
    Standing,
    compare,
    computer_runs,
    record_standing,
    standing,
)
from .orders import (
    ATTACK,
    MOVE,
    AirMission,
    Attack,
    Ceasefire,
    DigIn,
    Move,
    Order,
    Orders,
    Refit,
    from_arrays,
    from_json,
    merge,
    to_arrays,
    to_json,
)
from .policies import POLICIES
from .records import Record, RecordError, load, save
from .rulebook import POSTURES, WEATHER
from .rules.air import available_sorties
from .rules.ground import capture_probability, hex_defence, hex_distance, order_refusals, power
from .runner import run
from .scenario import ObservationPost, PlayableScenario
from .state import State, initial_state
from .step import step
from .streams import Streams
from .territory import hex_control

SIGHT_HEXES = 3  # how far a side sees enemy formations from its own formations and front line
HUMAN = "human"  # the opponent of a hot-seat game: a second player
ESCALATION = ("observation posts only", "retaliation against government forces", "open military operation")

# The order vocabulary a play screen gives the game (the screen reaches the engine only through here).
__all__ = [
    "AfterAction",
    "AirMission",
    "Attack",
    "AttackOption",
    "Ceasefire",
    "DayResults",
    "DigIn",
    "Diplomacy",
    "FormationStatus",
    "Game",
    "KnownEvent",
    "LegalOrders",
    "Move",
    "Order",
    "RecordError",
    "Refit",
]


@dataclass(frozen=True)
class AttackOption:
    hex: int
    ratio: float  # attackers' power against the hex's defence, with the other attacks ordered on it today
    chance: float  # of taking the hex, as the rules give it


@dataclass(frozen=True)
class LegalOrders:
    """What one formation may be ordered today: exactly what the rules' own order check accepts."""

    moves: tuple[int, ...] = ()
    attacks: tuple[AttackOption, ...] = ()
    no_attack: str = ""  # why it may attack nowhere, when the reason is the formation itself


@dataclass(frozen=True)
class FormationStatus:
    index: int
    id: str
    name: str
    faction: str
    type: str
    mine: bool
    strength: int
    full_strength: int
    cohesion: float
    posture: str
    dug_in_days: int
    hex: int  # -1: not on the map
    terrain: str
    supplied: bool
    order: Order | None  # today's order (the player's formations)


@dataclass(frozen=True)
class Diplomacy:
    ceasefire_days: int | None  # days the ceasefire in force has lasted; None: no ceasefire
    violations: int
    tension: float
    escalation: str
    scheduled: tuple[dt.date, ...]  # ceasefires the scenario schedules from today on
    turkish_deaths_week: int
    turkish_deaths: int
    displaced_week: int
    displaced: int
    civilian_casualties: int
    proposals: dict[str, bool]  # playable side -> a ceasefire proposal of theirs is open
    ordered: Ceasefire | None  # the player's ceasefire order today


@dataclass(frozen=True)
class KnownEvent:
    day: int
    text: str
    place: int  # -1: none
    hex: int  # -1: none


@dataclass(frozen=True)
class DayResults:
    """What happened on one day, as the map and the results line show it."""

    captured: tuple[int, ...]  # places that changed hands
    attacks: tuple[tuple[int, bool], ...]  # (hex, taken)
    air_missions: tuple[tuple[int, str], ...]  # (hex, side that flew)
    aircraft_lost: tuple[int, ...]  # hexes
    sorties: int
    aircraft: int
    civilians: int
    displaced: int


@dataclass(frozen=True)
class AfterAction:
    """The campaign against the record, for the report at the end of a game."""

    title: str
    captures: list[tuple[str, str | None, str]]  # (place name, this game's date or None, the record's date)
    displaced: list[int]  # per day played
    un: list[tuple[int, int, str]]  # (day, value, date)
    losses: dict[str, dict[str, int]]  # camp -> {"fighters": .., "aircraft": ..}
    civilians: int
    turkish_deaths: int
    places_held: dict[str, int]  # camp -> places held at the end
    record_held: dict[str, int]  # camp -> places the record shows held on that date


@dataclass
class Game:
    board: Board
    side: str  # the player's side
    opponent: str  # policy name for the other playable side
    seed: int
    state: State = None  # type: ignore[assignment]  # set by __post_init__
    history: list[list[Order]] = field(default_factory=list)  # the player's and the computer's orders, per day
    digests: list[str] = field(default_factory=list)
    events: np.ndarray = None  # type: ignore[assignment]  # set by __post_init__
    pending: list[Order] = field(default_factory=list)  # the player's orders for today
    rng: Streams = None  # type: ignore[assignment]  # set by __post_init__
    daily: list[dict] = field(default_factory=list)  # per day played: displaced, losses per camp
    setup: PlayableScenario = None  # type: ignore[assignment]  # the playable scenario (default: the first, the campaign)
    waiting: dict[str, list[Order]] = field(default_factory=dict)  # hot-seat: a side's orders given today
    place_sides: list[np.ndarray] = field(default_factory=list)  # per day played: side holding each place
    holders: PlaceFactions = None  # type: ignore[assignment]  # the faction holding each place, for the map
    prelude: list[dict] = field(default_factory=list)  # a later start: the record days of the nudged spin-up
    prelude_events: np.ndarray = None  # type: ignore[assignment]  # ... and their events
    ever_encircled: np.ndarray = None  # type: ignore[assignment]  # (O,) posts encircled at some time so far
    harm_at_start: tuple[int, int] = None  # type: ignore[assignment]  # civilians harmed, displaced: first morning

    def __post_init__(self) -> None:
        if self.side not in self.board.scenario.playable:
            raise ValueError(f"'{self.side}' is not a playable side ({', '.join(self.board.scenario.playable)})")
        if self.opponent not in POLICIES and self.opponent != HUMAN:
            raise ValueError(f"unknown opponent '{self.opponent}' ({', '.join((*POLICIES, HUMAN))})")
        if self.setup is None:
            self.setup = self.board.scenario.playable_scenarios[0]
        self.rng = Streams(self.seed, 1)
        if self.state is None:
            self._spin_up()
        if self.events is None:
            self.events = np.zeros(0, ev.EVENT_DTYPE)
        if self.holders is None:
            self.holders = PlaceFactions(self.board)
            if self.start_day > 0:
                self.holders.start_from_record(self.board.date(self.start_day - 1))
        if self.ever_encircled is None:
            self.ever_encircled = self.state.post_encircled[0].copy()
        if self.harm_at_start is None:
            self.harm_at_start = (int(self.state.casualties[0].sum()), int(self.state.displaced_total[0]))

    def _spin_up(self) -> None:
        """The state on the game's first day: the scenario's start, or on a later day the record's front by
        nudging (engine.forecast), keeping the spin-up's days so that the save is a whole record."""
        self.prelude_events = np.zeros(0, ev.EVENT_DTYPE)
        if self.start_day == 0:
            self.state = initial_state(self.board, 1)
            return
        b = self.board
        campaign = run(b, self.seed, {}, days=self.start_day, start_day=self.start_day, keep_orders=True)
        assert campaign.rng is not None  # run() always hands back its streams
        self.state, self.rng, self.prelude_events = campaign.state, campaign.rng, campaign.events
        self.prelude = [
            {
                "date": b.date(d).isoformat(),
                "orders": [to_json(o) for o in from_arrays(b, campaign.orders[d], 0)],
                "state_sha256": campaign.state_digests[d][0],
            }
            for d in range(self.start_day)
        ]

    # -- setting up --------------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario: str | Path,
        side: str = "government",
        opponent: str = "historical",
        seed: int = 1,
        playable: str | None = None,
        start: dt.date | None = None,
    ) -> Game:
        """A new game of the scenario folder; ``playable`` names one of its playable scenarios (default: the
        first), ``start`` a later day to begin it on (a forecast from that day, as the playable ones)."""
        board = compile_board(load_scenario(scenario))
        return cls(board, side, opponent, seed, setup=starting_on(playable_scenario(board, playable), start))

    @property
    def start_day(self) -> int:
        return self.board.day_of(self.setup.start_date)

    @property
    def end_day(self) -> int:
        """The day after the last turn."""
        return self.board.day_of(self.setup.end_date) + 1

    @property
    def turn(self) -> int:
        """Today's turn, from 1."""
        return self.day - self.start_day + 1

    @staticmethod
    def compiles_the_rules() -> bool:
        """Whether the next day resolved compiles the rules' kernels first (a new install: about a minute)."""
        return kernels.uncompiled()

    @property
    def hot_seat(self) -> bool:
        return self.opponent == HUMAN

    @property
    def camp(self) -> int:
        return int(self.board.side_camp[self.board.side_index(self.side)])

    @property
    def enemy_side(self) -> str:
        return next(s for s in self.board.scenario.playable if s != self.side)

    @property
    def day(self) -> int:
        return self.state.day

    @property
    def date(self) -> dt.date:
        return self.board.date(self.day)

    @property
    def over(self) -> bool:
        return self.day >= self.end_day

    # -- what the player may ask ----------------------------------------------------------------
    def my_formations(self) -> list[int]:
        """Formations of the player's camp on the map."""
        s = self.state
        return [
            int(f)
            for f in np.flatnonzero(
                (self.board.formation_camp == self.camp) & (s.position[0] >= 0) & (s.strength[0] > 0)
            )
        ]

    def visible(self, fog: bool = True) -> list[int]:
        """Enemy formations the player can see: within SIGHT_HEXES of an own formation (all without fog)."""
        b, s = self.board, self.state
        enemy = np.flatnonzero((b.formation_camp != self.camp) & (s.position[0] >= 0) & (s.strength[0] > 0))
        if not fog:
            return [int(f) for f in enemy]
        mine = np.array([s.position[0, f] for f in self.my_formations()], dtype=np.int64)
        if mine.size == 0:
            return []
        return [
            int(f) for f in enemy if hex_distance(b, np.full(mine.size, s.position[0, f]), mine).min() <= SIGHT_HEXES
        ]

    def strength_estimate(self, formation: int, fog: bool = True) -> tuple[int, int]:
        """(low, high) of a formation's strength as the player knows it: exact for their own, and for
        an enemy under fog of war the band of ``fog.strength_bands`` it falls in."""
        strength = int(self.state.strength[0, formation])
        if not fog or self.board.formation_camp[formation] == self.camp:
            return strength, strength
        return strength_band(self.board.rules["fog.strength_bands"], strength)

    def legal_orders(self, formation: int) -> LegalOrders:
        """The hexes the formation may move to and attack today, by the rules' own order check, with
        the odds and chance of each attack (counting the other attacks ordered today on the hex)."""
        b, s = self.board, self.state
        here = int(s.position[0, formation])
        if here < 0 or b.formation_camp[formation] != self.camp:
            return LegalOrders()
        hexes = np.arange(b.hexes)
        moves = hexes[(self._refusals(formation, MOVE, hexes) == 0) & (hexes != here)]
        around = b.neighbours[here][b.neighbours[here] >= 0]
        refused = self._refusals(formation, ATTACK, around)
        attacks = tuple(self._odds(formation, int(h)) for h in around[refused == 0])
        own = {int(ev.Reason.BROKEN), int(ev.Reason.TURKEY_NOT_ENGAGED)}
        why = next((ev.REASON_TEXT[ev.Reason(r)] for r in refused if int(r) in own), "")
        return LegalOrders(tuple(int(h) for h in moves), attacks, "" if attacks else why)

    def _refusals(self, formation: int, action: int, hexes: np.ndarray) -> np.ndarray:
        n = hexes.size
        return order_refusals(
            self.board, self.state, np.zeros(n, np.int64), np.full(n, formation), np.full(n, action), hexes
        )

    def _odds(self, formation: int, h: int) -> AttackOption:
        b, s = self.board, self.state
        fid = b.scenario.formations[formation].id
        attackers = [formation] + [
            b.formation_index(o.formation)
            for o in self.pending
            if isinstance(o, Attack) and o.target == h and o.formation != fid
        ]
        weather = b.rules["weather.combat_factor"][WEATHER[int(s.weather[0])]]
        attack = float(sum(power(b, s)[0, f] for f in attackers)) * weather
        ratio = attack / max(float(hex_defence(b, s, np.array([0]), np.array([h]))[0]), 1e-9)
        return AttackOption(h, ratio, float(capture_probability(b, np.array([ratio]))[0]))

    def status(self, formation: int) -> FormationStatus:
        b, s = self.board, self.state
        sf = b.scenario.formations[formation]
        here = int(s.position[0, formation])
        return FormationStatus(
            index=formation,
            id=sf.id,
            name=sf.name,
            faction=sf.faction.name,
            type=sf.type,
            mine=bool(b.formation_camp[formation] == self.camp),
            strength=int(s.strength[0, formation]),
            full_strength=int(b.formation_strength[formation]),
            cohesion=float(s.cohesion[0, formation]),
            posture=POSTURES[int(s.posture[0, formation])],
            dug_in_days=int(s.dug_in_days[0, formation]),
            hex=here,
            terrain=b.terrain_names[b.terrain[here]] if here >= 0 else "",
            supplied=bool(s.supplied[0, formation]),
            order=next((o for o in self.pending if getattr(o, "formation", None) == sf.id), None),
        )

    def sorties(self) -> dict[str, int]:
        """Sorties each of the player's air arms can still assign today if the weather is clear.
        Today's weather is drawn when the day resolves; missions beyond what it allows are
        called off then, each with its reason in the events."""
        b = self.board
        left = available_sorties(b, self.state, weather=0)[0].copy()
        for o in self.pending:
            if isinstance(o, AirMission):
                left[b.arm_index(o.arm)] -= o.sorties
        return {
            a.id: int(left[i]) for i, a in enumerate(b.scenario.air_arms) if b.side_camp[b.arm_side[i]] == self.camp
        }

    def civilian_risk(self, hex_index: int, sorties: int) -> tuple[int, int]:
        """(people living on and beside the hex, expected civilians killed or injured) for a mission."""
        b, s, r = self.board, self.state, self.board.rules
        near = b.places_near_hex[hex_index]
        near = near[near >= 0]
        residents = int(s.residents[0, near].sum())
        share = min(r["air.civilian_harm_per_sortie"] * sorties, r["air.civilian_harm_cap"])
        return residents, int(round(residents * share))

    def weather_outlook(self) -> tuple[str, list[tuple[str, float]]]:
        """Yesterday's weather and the chance of each weather today (drawn when the day resolves)."""
        today = int(self.state.weather[0])
        return WEATHER[today], list(zip(WEATHER, map(float, self.board.rules["weather.transition"][today])))

    def diplomacy(self) -> Diplomacy:
        b, s = self.board, self.state
        return Diplomacy(
            ceasefire_days=int(s.ceasefire_age[0]) if s.ceasefire[0] else None,
            violations=int(s.violations[0]),
            tension=float(s.tension[0]),
            escalation=ESCALATION[min(int(s.escalation[0]), len(ESCALATION) - 1)],
            scheduled=tuple(b.date(int(d)) for d in b.ceasefire_days if int(d) >= self.day),
            turkish_deaths_week=int(s.deaths_week[0].sum()),
            turkish_deaths=int(s.turkish_deaths[0]),
            displaced_week=int(s.displaced_week[0].sum()),
            displaced=int(s.displaced_total[0]),
            civilian_casualties=int(s.casualties[0].sum()),
            proposals={side: bool(s.proposals[0, b.side_index(side)]) for side in b.scenario.playable},
            ordered=next((o for o in self.pending if isinstance(o, Ceasefire)), None),
        )

    def known_events(self, fog: bool = True) -> list[KnownEvent]:
        """Every event the player may know, newest day first, as sentences. With fog of war, the
        other side's movements, arrivals and refused orders are left out."""
        b, camp = self.board, self.camp
        out = []
        for e in self.events[np.argsort(-self.events["day"].astype(np.int64), kind="stable")]:
            kind = int(e["kind"])
            if fog and kind in (ev.Kind.MOVE, ev.Kind.ARRIVAL) and b.formation_camp[e["actor"]] != camp:
                continue
            if fog and kind == ev.Kind.ORDER_REJECTED:
                if e["flag"] == 1:
                    theirs = b.side_camp[b.arm_side[e["actor"]]] != camp
                elif e["actor"] >= 0:
                    theirs = b.formation_camp[e["actor"]] != camp
                else:
                    theirs = e["side"] >= 0 and b.side_camp[e["side"]] != camp
                if theirs:
                    continue
            out.append(KnownEvent(int(e["day"]), ev.describe(b, e), int(e["place"]), int(e["hex"])))
        return out

    def day_results(self, day: int) -> DayResults:
        """What happened on ``day`` (0 = the first day played)."""
        e = self.events[self.events["day"] == day]
        k = e["kind"]

        def total(kind) -> int:
            return int(e["value"][k == kind].sum())

        return DayResults(
            captured=tuple(int(p) for p in e["place"][k == ev.Kind.CAPTURE] if p >= 0),
            attacks=tuple((int(r["hex"]), bool(r["flag"])) for r in e[k == ev.Kind.ATTACK]),
            air_missions=tuple((int(r["hex"]), self.board.sides[r["side"]]) for r in e[k == ev.Kind.AIR_MISSION]),
            aircraft_lost=tuple(int(r["hex"]) for r in e[k == ev.Kind.AIRCRAFT_LOST] if r["hex"] >= 0),
            sorties=total(ev.Kind.AIR_MISSION),
            aircraft=total(ev.Kind.AIRCRAFT_LOST),
            civilians=total(ev.Kind.CIVILIAN_HARM),
            displaced=total(ev.Kind.DISPLACEMENT),
        )

    def posts(self) -> list[tuple[object, bool]]:
        """(observation post, encircled) of every Turkish post established by today."""
        b, s = self.board, self.state
        return [
            (post, bool(s.post_encircled[0, i]))
            for i, post in enumerate(b.scenario.observation_posts)
            if b.post_from_day[i] <= self.day
        ]

    def post_marks(self) -> list[tuple[ObservationPost, str]]:
        """(observation post, "standing" | "encircled" | "lifted") of every post established by today:
        lifted once encircled and no longer."""
        b, s = self.board, self.state
        marks = []
        for i, post in enumerate(b.scenario.observation_posts):
            if b.post_from_day[i] <= self.day:
                now = bool(s.post_encircled[0, i])
                marks.append((post, "encircled" if now else "lifted" if self.ever_encircled[i] else "standing"))
        return marks

    # -- giving orders ---------------------------------------------------------------------------
    def order(self, order: Order) -> None:
        """Add an order for today, replacing any earlier order for the same formation."""
        b = self.board
        if isinstance(order, (Move, Attack, DigIn, Refit)):
            f = b.formation_index(order.formation)
            if b.formation_camp[f] != self.camp:
                raise ValueError(f"{order.formation} is not one of your formations")
            if isinstance(order, (Move, Attack)):
                action, target = (MOVE, order.to) if isinstance(order, Move) else (ATTACK, order.target)
                reason = int(self._refusals(f, action, np.array([target]))[0])
                if reason:
                    raise ValueError(ev.REASON_TEXT[ev.Reason(reason)])
            self.pending = [o for o in self.pending if getattr(o, "formation", None) != order.formation]
        elif isinstance(order, AirMission):
            if b.side_camp[b.arm_side[b.arm_index(order.arm)]] != self.camp:
                raise ValueError(f"{order.arm} is not one of your air arms")
            missions = [o for o in self.pending if isinstance(o, AirMission) and o.arm == order.arm]
            if len(missions) >= b.rules["air.missions_per_arm"]:
                raise ValueError(f"at most {b.rules['air.missions_per_arm']} missions a day for {order.arm}")
        elif isinstance(order, Ceasefire):
            order = Ceasefire(self.side, order.accept)
            self.pending = [o for o in self.pending if not isinstance(o, Ceasefire)]
        self.pending.append(order)

    def cancel(self, formation_id: str) -> Order | None:
        """Take back today's order for a formation (it then holds); return the order taken back."""
        order = next((o for o in self.pending if getattr(o, "formation", None) == formation_id), None)
        if order is not None:
            self.pending.remove(order)
        return order

    def undo(self) -> Order | None:
        """Take back the last order given today."""
        return self.pending.pop() if self.pending else None

    def hand_over(self) -> str:
        """Hot-seat: keep this side's orders for today apart and give the game to the other side; return it."""
        if not self.hot_seat:
            raise ValueError("only a hot-seat game is handed over")
        if self.over:
            raise ValueError("the campaign is over")
        self.waiting[self.side] = self.pending
        self.side = self.enemy_side
        self.pending = self.waiting.pop(self.side, [])
        return self.side

    @property
    def first_side(self) -> str:
        """The side that gives its orders first each day of a hot-seat game."""
        return self.board.scenario.playable[0]

    def end_turn(self) -> np.ndarray:
        """The computer (or, hot-seat, the other player's orders given earlier) and the player's orders
        resolve together; return the day's events. A hot-seat game then goes to the first side."""
        if self.over:
            raise ValueError("the campaign is over")
        b = self.board
        mine = to_arrays(b, self.pending)
        enemy_camp = int(b.side_camp[b.side_index(self.enemy_side)])
        if self.hot_seat:
            if self.enemy_side not in self.waiting:
                raise ValueError(f"the {self.enemy_side} side has not given its orders: hand the game over first")
            theirs = to_arrays(b, self.waiting.pop(self.enemy_side))
        else:
            theirs = POLICIES[self.opponent](b, self.state, enemy_camp, self.rng)
        orders = merge(b, {self.camp: mine, enemy_camp: theirs})
        self.history.append(from_arrays(b, orders, 0))
        self.pending = []
        if self.hot_seat:
            self.side = self.first_side
        return self._advance(orders)

    def _advance(self, orders: Orders) -> np.ndarray:
        b, before = self.board, self.state
        self.state, events = step(b, before, orders, self.rng)
        self.digests.append(self.state.digest(0))
        self.events = np.concatenate([self.events, events])
        self.place_sides.append(self.state.control[0, b.place_hex].astype(np.int64))
        self.holders.after_day(events)
        self.holders.reconcile(self.place_sides[-1])
        self.ever_encircled = self.ever_encircled | self.state.post_encircled[0]
        lost = np.maximum(before.strength[0] - self.state.strength[0], 0)
        aircraft = np.maximum(before.aircraft[0] - self.state.aircraft[0], 0)
        self.daily.append(
            {
                "displaced": int(self.state.displaced_total[0]),
                "civilian_casualties": int(self.state.casualties[0].sum()),
                "fighters_lost": {c: int(lost[b.formation_camp == i].sum()) for i, c in enumerate(b.camp_names)},
                "aircraft_lost": {
                    c: int(aircraft[b.side_camp[b.arm_side] == i].sum()) for i, c in enumerate(b.camp_names)
                },
            }
        )
        return events

    # -- after the game ----------------------------------------------------------------------------
    def ghost_front(self) -> np.ndarray:
        """(H,) side index of every hex on today's date in the record, for the ghost front line."""
        s = self.board.scenario
        date = min(self.date, s.record_end)
        return hex_control(self.board.grid, s, control_on(s, date))

    def capture_dates(self) -> dict[str, tuple[str | None, str | None]]:
        """For each place the record shows changing hands within this game's days: (this game's date of
        the same change, the record's date)."""
        from .objectives import record_changes

        b = self.board
        out: dict[str, tuple[str | None, str | None]] = {}
        mine = self.events[self.events["kind"] == ev.Kind.CAPTURE]
        for p, real_day, camp in record_changes(b, self.start_day, self.end_day):
            taken = mine[(mine["place"] == p) & (b.side_camp[mine["side"]] == camp)]
            out[b.scenario.settlements[p].id] = (
                b.date(int(taken["day"][0])).isoformat() if taken.size else None,
                b.date(real_day).isoformat(),
            )
        return out

    # -- objectives and score ---------------------------------------------------------------------
    def _place_sides_on(self, day: int) -> np.ndarray:
        """(1, P) side holding each place at the end of ``day``; before the first turn, this morning's."""
        if day < self.start_day:
            return self.state.control[:, self.board.place_hex].astype(np.int64)
        return self.place_sides[day - self.start_day][None, :]

    @property
    def last_day(self) -> int:
        """The last day played (or, before the first turn, the day before the game starts)."""
        return self.day - 1

    def standing(self, side: str | None = None) -> Standing:
        """A side's points against its objectives at the end of the last day played (this morning's
        control before the first turn); objectives whose day is still to come count today's holdings."""
        return standing(self.board, self.setup, side or self.side, self._place_sides_on, self.last_day)

    def record_standing(self, side: str | None = None) -> Standing:
        """The record's points on the same objectives at the end of the same day (the ghost front)."""
        return record_standing(self.board, self.setup, side or self.side, self.last_day)

    def computer(self, side: str | None = None, worlds: int | None = None, wait: bool = True) -> ComputerRuns | None:
        """The computer playing ``side`` on its plan from this game's start against the same opponent
        (the historical plan in a hot-seat game): a batch run once and cached. With ``wait`` False, None
        until it has been run (a screen runs it in the background)."""
        side = side or self.side
        other = next(s for s in self.board.scenario.playable if s != side)
        opponent = "historical" if self.hot_seat or side != self.side else self.opponent
        policies = {side: "historical", other: opponent}
        count = COMPUTER_WORLDS if worlds is None else worlds
        return computer_runs(self.board, self.setup, policies, self.seed, count, run_if_missing=wait)

    def against_computer(self, side: str | None = None) -> Comparison | None:
        """The side's points against the computer's games on the same day (None until they have been run)."""
        side = side or self.side
        runs = self.computer(side, wait=False)
        if runs is None:
            return None
        return compare(runs, self.board, self.setup, side, self.standing(side).points, self.last_day)

    def civilian_harm(self) -> tuple[int, int]:
        """(civilians killed or injured, people displaced) since this game's first morning: shown beside
        the score as a consequence, never counted in it."""
        harmed, displaced = self.harm_at_start
        return int(self.state.casualties[0].sum()) - harmed, int(self.state.displaced_total[0]) - displaced

    def markers(self) -> list[Marker]:
        """What the map marks for the last day played: air strikes, civilian harm, aircraft lost, the posts."""
        return day_markers(self.board, self.events, self.last_day, self.ever_encircled, self.state.post_encircled[0])

    def hex_factions(self) -> np.ndarray:
        """(H,) index into ``scenario.factions`` of the faction holding each hex today (-1 beyond the border)."""
        return hex_factions(self.board, self.state.control[0], self.holders.faction)

    def after_action(self) -> AfterAction:
        """The campaign so far against the record: dates of changes of hands, displaced against the
        UN figures, losses per camp, places held against the record's."""
        from .fidelity import un_figures

        b, s = self.board, self.state
        sc = b.scenario
        today = self.date.isoformat()
        dates = {
            p: (mine, real) for p, (mine, real) in self.capture_dates().items() if real and (mine or real <= today)
        }
        key = [p.id for p in sc.key_places if p.id in dates]  # the scenario's key places first
        order = sorted(dates, key=lambda p: (p not in key, dates[p][1], p))
        camps = {
            c: {
                "fighters": sum(day["fighters_lost"][c] for day in self.daily),
                "aircraft": sum(day["aircraft_lost"][c] for day in self.daily),
            }
            for c in b.camp_names
        }
        playable = [int(b.side_camp[b.side_index(x)]) for x in sc.playable]
        held = b.side_camp[s.control[0, b.place_hex]]
        record_held = b.side_camp[np.maximum(self.ghost_front()[b.place_hex], 0)]
        who = "two players, hot-seat" if self.hot_seat else f"the {self.side} side against the {self.opponent} opponent"
        return AfterAction(
            title=(
                f"{self.setup.name}: {who}, "
                f"{self.setup.start_date:%d %b %Y} to {self.date:%d %b %Y} ({self.day - self.start_day} days)"
            ),
            captures=[(sc.settlements[b.place_index(p)].name, dates[p][0], dates[p][1]) for p in order],
            displaced=[day["displaced"] for day in self.daily],
            un=[u for u in un_figures(b) if u[0] <= self.day],
            losses={c: v for c, v in camps.items() if b.camp_names.index(c) in playable},
            civilians=self.civilian_harm()[0],  # in this game's days
            turkish_deaths=int(s.turkish_deaths[0]),
            places_held={b.camp_names[c]: int((held == c).sum()) for c in playable},
            record_held={b.camp_names[c]: int((record_held == c).sum()) for c in playable},
        )

    # -- saving ------------------------------------------------------------------------------------
    def record(self) -> Record:
        b = self.board
        days = tuple(
            {
                "date": b.date(self.start_day + d).isoformat(),
                "orders": [to_json(o) for o in self.history[d]],
                "state_sha256": self.digests[d],
            }
            for d in range(len(self.history))
        )
        return Record(
            b.scenario.id,
            b.digest,
            self.seed,
            0,
            (*self.prelude, *days),
            ev.digest(np.concatenate([self.prelude_events, self.events]), 0),
            start_day=self.start_day,
            extra={
                "side": self.side,
                "opponent": self.opponent,
                "playable": self.setup.id,
                "first_turn": self.setup.start_date.isoformat(),
                "last_turn": self.setup.end_date.isoformat(),  # a save reaching it is a finished game
                "pending": [to_json(o) for o in self.pending],  # orders of the turn not yet ended
                "waiting": {side: [to_json(o) for o in orders] for side, orders in self.waiting.items()},
            },
        )

    def save(self, path: str | Path) -> None:
        save(self.record(), path)

    @classmethod
    def load(cls, path: str | Path, scenario: str | Path | None = None) -> Game:
        """Resume a saved game: re-simulate its days, checking each against the record."""
        record = load(path)
        side, opponent = record.extra.get("side"), record.extra.get("opponent")
        if side is None or opponent is None:
            raise RecordError(f"{path}: a record of a headless run, not a saved game")
        board = compile_board(load_scenario(scenario) if scenario else load_scenario())
        if record.scenario != board.scenario.id:
            raise RecordError(f"{path}: a game of scenario '{record.scenario}', not '{board.scenario.id}'")
        if record.scenario_sha256 != board.digest:
            raise RecordError(f"{path}: made with a different version of the scenario files")
        if len(record.days) > board.scenario.days:
            raise RecordError(f"{path}: {len(record.days)} days played, but the scenario has {board.scenario.days}")
        try:
            setup = playable_scenario(board, record.extra.get("playable"))
            first = record.extra.get("first_turn")
            setup = starting_on(setup, dt.date.fromisoformat(first) if isinstance(first, str) else None)
            game = cls(board, side, opponent, record.seed, setup=setup)
        except ValueError as exc:
            raise RecordError(f"{path}: {exc}") from None
        if record.start_day != game.start_day or len(record.days) < game.start_day:
            raise RecordError(f"{path}: the record does not start on the game's first day ({setup.start_date})")
        for d, (kept, day) in enumerate(zip(game.prelude, record.days)):
            if kept["state_sha256"] != day["state_sha256"]:
                raise RecordError(
                    f"{path}: day {d + 1} ({kept['date']}) before the game: the state differs from the record"
                )
        for d, day in enumerate(record.days[game.start_day :]):
            try:
                orders = [from_json(o) for o in day["orders"]]
                arrays = to_arrays(board, orders)
            except ValueError as exc:
                raise RecordError(f"{path}: day {d + 1}: {exc}") from None
            game.history.append(orders)
            game._advance(arrays)
            if game.digests[-1] != day["state_sha256"]:
                date = board.date(game.start_day + d).isoformat()
                raise RecordError(f"{path}: day {d + 1} ({date}): the state differs from the record")
        try:
            for waiting_side, orders in record.extra.get("waiting", {}).items():
                game.waiting[waiting_side] = [from_json(o) for o in orders]
            for order in record.extra.get("pending", []):
                game.order(from_json(order))
        except ValueError as exc:
            raise RecordError(f"{path}: the orders of the unfinished turn: {exc}") from None
        return game


def playable_scenario(board: Board, ident: str | None) -> PlayableScenario:
    """The scenario's playable scenario ``ident`` (None: the first, the whole campaign)."""
    found = board.scenario.playable_scenarios
    if ident is None:
        return found[0]
    for setup in found:
        if setup.id == ident:
            return setup
    raise ValueError(f"unknown playable scenario '{ident}' ({', '.join(s.id for s in found)})")


def starting_on(setup: PlayableScenario, start: dt.date | None) -> PlayableScenario:
    """The playable scenario begun on a later day (`wargame play --start`), or as it is."""
    if start is None or start == setup.start_date:
        return setup
    if not setup.start_date <= start <= setup.end_date:
        raise ValueError(
            f"--start {start}: outside the game '{setup.id}': "
            f"expected a date from {setup.start_date} to {setup.end_date}"
        )
    return replace(setup, start_date=start, name=f"{setup.name}, from {start.day} {start:%B}")


def strength_band(bands, strength: int) -> tuple[int, int]:
    """The (low, high) band of the ladder ``bands`` that a strength falls in (the last is open above: high -1)."""
    ladder = [int(x) for x in bands]
    if strength < ladder[0]:
        return 0, ladder[0]
    for low, high in zip(ladder, ladder[1:]):
        if strength < high:
            return low, high
    return ladder[-1], -1
