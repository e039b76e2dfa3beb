"""`wargame validate` on broken copies of the tutorial names the file, the line and the field."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli import main

REPO = Path(__file__).resolve().parent.parent.parent


def break_file(folder, name, old, new):
    """Replace ``old`` by ``new`` once in FILE; return the 1-based line where ``new`` starts."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {name}"
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def validate(capsys, folder="tutorial"):
    code = main(["validate", folder])
    err = capsys.readouterr().err
    return code, err.splitlines()


def test_the_tutorial_is_valid(capsys, tutorial_copy):
    code, lines = validate(capsys)
    assert code == 0, lines


CASES = [
    # (file, old, new, expected path, expected message fragment, line offset from the edit)
    (
        "settlements.yaml",
        "    kind: city\n",
        "    knd: city\n",
        "settlements[0].knd",
        "unknown field (did you mean 'kind'?)",
        0,
    ),
    (
        "settlements.yaml",
        "  - id: maarat_al_numan\n",
        "  - id: maarat_al_numan\n    lat2: 1\n",
        "settlements[0].lat2",
        "unknown field",
        1,
    ),
    ("scenario.yaml", "hex_size_km: 2.0", "hex_size_km: two", "hex_size_km", "expected a finite number", 0),
    ("scenario.yaml", "south: 35.55", "south: .nan", "bounds.south", "expected a finite number, found a number nan", 0),
    (
        "scenario.yaml",
        "bounds: {south: 35.55, north: 35.90, west: 36.55, east: 36.85}",
        "bounds: {south: 30, north: 40, west: 30, east: 40}",
        "hex_size_km",
        "hexes; at most 200,000",
        1,
    ),
    (
        "map.yaml",
        "khan_al_subl, saraqib]",
        "khan_al_subl, saraqeb]",
        "roads[0].places[3]",
        "unknown place 'saraqeb'",
        0,
    ),
    (
        "timeline.yaml",
        "formations: [saa_25th_smfd]",
        "formations: [saa_26th]",
        "entries[6].formations[0]",
        "unknown formation 'saa_26th'",
        0,
    ),
    (
        "timeline.yaml",
        "date: 2020-01-28\n    type: capture\n    side: government\n    places: [kafr_rumah]",
        "date: 2019-01-28\n    type: capture\n    side: government\n    places: [kafr_rumah]",
        "entries[3].date",
        "outside the record",
        0,
    ),
    ("timeline.yaml", "type: airstrike", "type: air_strike", "entries[2].type", "'air_strike' is not one of", 0),
    ("settlements.yaml", "lat: 35.8645", "lat: 36.8645", "settlements[4].lat", "outside the scenario bounds", 0),
    ("settlements.yaml", "  - id: nayrab", "  - id: saraqib", "settlements[5].id", "duplicate place id 'saraqib'", 0),
    (
        "settlements.yaml",
        "    name: Nayrab",
        "    name: SARAQIB",
        "settlements[5].name",
        "is also a name of 'saraqib'",
        0,
    ),
    (
        "settlements.yaml",
        'aliases: ["Ma\'arrat Al-Nu’man"',
        'aliases: ["Maarat Numan"',
        "settlements[0].aliases",
        "does not occur in the document",
        0,
    ),
    ("forces.yaml", "    faction: hts\n", "    faction: htss\n", "formations[1].faction", "unknown faction 'htss'", 0),
    ("forces.yaml", "    type: infantry\n", "    type: 7\n", "formations[1].type", "7 is not one of", 0),
    (
        "forces.yaml",
        '    outside: {quote: "three new observation posts around Saraqib"}',
        "    outside: true",
        "observation_posts[0].outside",
        "expected a mapping, found true/false",
        0,
    ),
    (
        "forces.yaml",
        "    post: op_saraqib_east\n",
        "    post: op_saraqib_west\n",
        "formations[2].post",
        "unknown observation post 'op_saraqib_west'",
        0,
    ),
    (
        "forces.yaml",
        "    post: op_saraqib_east\n",
        "    post: op_saraqib_east\n    arrival_place: saraqib\n",
        "formations[2].arrival_place",
        "give either a 'post' or a place, not both",
        1,
    ),
    (
        "control.yaml",
        '  nayrab: {side: opposition, estimate: "behind the front line in January"}\n',
        "",
        "control",
        "no start control for place 'nayrab'",
        None,
    ),
    (
        "timeline.yaml",
        '    quote: "government forces took most of the city',
        '    quote: "government forces took all of the city',
        "entries[7].quote",
        "quote not found in the document",
        0,
    ),
    (
        "timeline.yaml",
        "  - id: 2020-02-11-nayrab-counteroffensive",
        "  - id: 2020-02-08-saraqib-again\n    date: 2020-02-08\n    type: capture\n    side: government\n"
        "    places: [saraqib]\n    source: document\n"
        '    quote: "the Syrian army reached the outskirts of the opposition stronghold of Saraqib"\n'
        "  - id: 2020-02-11-nayrab-counteroffensive",
        "entries[8].places",
        "government captures saraqib, which it already holds",
        0,
    ),
    (
        "settlements.yaml",
        '    population: {value: 2000, estimate: "typical village size; no figure in the document"}',
        "    population: {value: 2000}",
        "settlements[1].population",
        "needs a 'quote' from the document or an 'estimate'",
        0,
    ),
    ("scenario.yaml", "hex_size_km: 2.0", "hex_size_km: 2.0: 3", "", "YAML syntax error", 0),
    (
        "map.yaml",
        "polygon: [[35.60, 36.55]",
        "polygon: [[45.60, 36.55]",
        "regions[0].polygon[0]",
        "far outside the scenario bounds",
        0,
    ),
    ("rules.yaml", "  r50:\n", "  r5O:\n", "ground.r5O", "unknown rule (did you mean 'ground.r50'?)", 0),
    (
        "rules.yaml",
        "    value: 2.0\n    model:",
        "    value: 2.0\n    modle:",
        "ground.r50",
        "needs exactly one of: quote, model, estimate, calibrated",
        0,
    ),
    (
        "rules.yaml",
        "value: [[0.75, 0.20, 0.05]",
        "value: [[0.95, 0.20, 0.05]",
        "weather.transition.value",
        "summing to 1",
        0,
    ),
    (
        "rules.yaml",
        "{open: 1.0, farmland: 1.1,",
        "{open: 1.0, farmlands: 1.1,",
        "ground.terrain_defence.value",
        "missing farmland",
        0,
    ),
    (
        "rules.yaml",
        "value: [nayrab]\n    quote:",
        "value: [nayrabb]\n    quote:",
        "humanitarian.shelters.value",
        "unknown place(s) nayrabb",
        0,
    ),
]


@pytest.mark.parametrize("file,old,new,path,message,offset", CASES, ids=[c[3] or c[4] for c in CASES])
def test_each_kind_of_mistake_is_reported_on_its_line(capsys, tutorial_copy, file, old, new, path, message, offset):
    line = break_file(tutorial_copy, file, old, new)
    code, lines = validate(capsys)
    assert code == 2
    prefix = f"tutorial/{file}:"
    matching = [l for l in lines if l.startswith(prefix) and message in l and (not path or f": {path}: " in l)]
    assert matching, "\n".join(lines)
    if offset is not None:
        assert matching[0].startswith(f"{prefix}{line + offset}:"), matching[0]
    assert len(lines) == 1 or lines[-1] == f"{len(lines) - 1} problems in tutorial"


def test_every_problem_is_reported_at_once(capsys, tutorial_copy):
    break_file(tutorial_copy, "settlements.yaml", "    kind: city\n", "    knd: city\n")
    break_file(tutorial_copy, "map.yaml", "khan_al_subl, saraqib]", "khan_al_subl, saraqeb]")
    break_file(tutorial_copy, "timeline.yaml", "type: airstrike", "type: air_strike")
    code, lines = validate(capsys)
    assert code == 2
    files = {l.split(":")[0] for l in lines[:-1]}
    assert files == {"tutorial/settlements.yaml", "tutorial/map.yaml", "tutorial/timeline.yaml"}
    assert all(re.match(r"^tutorial/\w+\.yaml:\d+: ", l) for l in lines[:-1])


def test_the_command_prints_no_traceback_for_a_broken_scenario(tutorial_copy):
    (tutorial_copy / "forces.yaml").write_text("coalitions: [\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "validate", "tutorial"],
        capture_output=True,
        text=True,
        cwd=tutorial_copy.parent,
        env=env,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tutorial/forces.yaml:2: YAML syntax error" in result.stderr


def test_validate_does_not_touch_the_scenario_files(capsys, tutorial_copy):
    before = {p.name: p.read_bytes() for p in tutorial_copy.iterdir()}
    break_file(tutorial_copy, "scenario.yaml", "hex_size_km: 2.0", "hex_size_km: two")
    before["scenario.yaml"] = (tutorial_copy / "scenario.yaml").read_bytes()
    validate(capsys)
    assert {p.name: p.read_bytes() for p in tutorial_copy.iterdir()} == before
