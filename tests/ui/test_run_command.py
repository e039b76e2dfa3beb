"""`wargame run` and `wargame verify` as a user calls them."""

import json

from tests.helpers.paths import TUTORIAL
from ui.cli import main


def test_run_writes_the_json_of_the_contract(tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["run", str(TUTORIAL), "--seed", "1", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert {"scenario", "seed", "start_date", "days", "captures", "final_control", "daily", "events_sha256"} <= set(
        data
    )
    assert data["scenario"] == "tutorial" and data["seed"] == 1 and data["days"] == 18
    assert data["start_date"] == "2020-01-24"
    assert set(data["final_control"]) == {
        "maarat_al_numan",
        "maar_shamshah",
        "kafr_rumah",
        "khan_al_subl",
        "saraqib",
        "nayrab",
    }
    assert all(set(c) == {"place", "date", "day", "to"} for c in data["captures"])
    assert len(data["daily"]["date"]) == len(data["daily"]["displaced"]) == 18
    assert set(data["daily"]["area_km2"]) == {"government", "opposition", "turkey", "sdf"}
    assert "changes of control" in capsys.readouterr().out


def test_run_writes_a_readable_event_log(tmp_path):
    log = tmp_path / "events.txt"
    assert main(["run", str(TUTORIAL), "--seed", "1", "--json", str(tmp_path / "o.json"), "--events", str(log)]) == 0
    lines = log.read_text().splitlines()
    assert lines and all(line[:4] == "2020" and line.endswith(".") for line in lines)
    assert any(" attacks near " in line for line in lines)


def test_the_same_seed_gives_the_same_json(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        main(["run", str(TUTORIAL), "--seed", "3", "--json", str(out)])
    assert a.read_text() == b.read_text()


def test_run_saves_a_record_that_verify_reproduces(tmp_path, capsys):
    record = tmp_path / "game.json"
    assert (
        main(
            [
                "run",
                str(TUTORIAL),
                "--seed",
                "2",
                "--days",
                "5",
                "--json",
                str(tmp_path / "o.json"),
                "--save",
                str(record),
            ]
        )
        == 0
    )
    assert main(["verify", str(record), str(TUTORIAL)]) == 0
    assert "reproduced 5 days" in capsys.readouterr().out


def test_bad_arguments_get_one_line_and_a_non_zero_exit(tmp_path, capsys):
    assert main(["run", str(TUTORIAL), "--seed", "1", "--days", "500", "--json", str(tmp_path / "o.json")]) == 2
    assert main(["run", str(TUTORIAL), "--seed", "1", "--json", str(tmp_path)]) == 2
    assert main(["run", str(TUTORIAL), "--seed", "1", "--json", str(tmp_path / "no" / "o.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["verify", str(bad), str(TUTORIAL)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all(line.startswith("wargame ") for line in err)
    assert bad.read_text() == "{}"
