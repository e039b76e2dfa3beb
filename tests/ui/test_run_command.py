"""`wargame run` and `wargame verify` as a user calls them."""

import json
from pathlib import Path

import pytest

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


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_a_negative_seed_is_refused(tmp_path, capsys):
    assert main(["run", str(TUTORIAL), "--seed", "-1", "--json", str(tmp_path / "o.json")]) == 2
    assert one_line(capsys) == (
        "wargame run: argument --seed: expected a whole number >= 0, not '-1' (see `wargame run --help`)"
    )
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    "option, target, message",
    [
        ("--json", "/dev/full", "--json /dev/full: is not a regular file"),
        ("--events", "/proc/x.log", "--events /proc/x.log: cannot create files in folder /proc"),
        ("--save", "{tmp}", "is a folder"),
        ("--events", "{tmp}/missing/x.log", "does not exist"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_the_campaign(
    tmp_path, capsys, monkeypatch, option, target, message
):
    if target.startswith("/") and not Path(target).parent.exists():
        pytest.skip(f"no {Path(target).parent} here")
    import engine.runner

    monkeypatch.setattr(engine.runner, "run", lambda *a, **k: pytest.fail("the campaign ran"))
    args = {"--json": str(tmp_path / "o.json"), "--events": str(tmp_path / "e.log")}
    args[option] = target.format(tmp=tmp_path)
    assert main(["run", str(TUTORIAL), "--seed", "1", *[x for kv in args.items() for x in kv]]) == 2
    assert message in one_line(capsys)
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "e.log").exists()


def test_a_failure_writing_one_output_leaves_none_written(tmp_path, capsys, monkeypatch):
    write_text = Path.write_text

    def disk_fills_on_the_log(path, text, **kw):
        if path.suffix == ".log":
            raise OSError(28, "No space left on device")
        return write_text(path, text, **kw)

    monkeypatch.setattr(Path, "write_text", disk_fills_on_the_log)
    out, log = tmp_path / "o.json", tmp_path / "e.log"
    out.write_text("earlier results")
    code = main(["run", str(TUTORIAL), "--seed", "1", "--days", "3", "--json", str(out), "--events", str(log)])
    assert code == 2
    assert one_line(capsys) == f"wargame run: --events {log}: cannot write (No space left on device)"
    assert out.read_text() == "earlier results" and sorted(p.name for p in tmp_path.iterdir()) == ["o.json"]


@pytest.mark.parametrize("field", ["seed", "world"])
def test_verify_refuses_a_record_whose_seed_or_world_is_negative(tmp_path, capsys, field):
    record = tmp_path / "game.json"
    assert (
        main(
            ["run", str(TUTORIAL), "--seed", "2", "--days", "2", "--json", str(tmp_path / "o.json")]
            + ["--save", str(record)]
        )
        == 0
    )
    data = json.loads(record.read_text())
    data[field] = -3
    record.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(record), str(TUTORIAL)]) == 2
    assert one_line(capsys) == f"wargame verify: {record}: the record is damaged ({field} -3 is negative)"


def test_verify_refuses_a_record_longer_than_the_scenario(tmp_path, capsys, monkeypatch):
    import engine.records

    record = tmp_path / "game.json"
    assert main(["run", str(TUTORIAL), "--seed", "2", "--json", str(tmp_path / "o.json"), "--save", str(record)]) == 0
    data = json.loads(record.read_text())
    data["days"] += data["days"][:5]
    record.write_text(json.dumps(data))
    capsys.readouterr()
    monkeypatch.setattr(engine.records, "run", lambda *a, **k: pytest.fail("simulated past the end"))
    assert main(["verify", str(record), str(TUTORIAL)]) == 2
    assert one_line(capsys) == f"wargame verify: {record}: the record holds 23 days; scenario 'tutorial' has only 18"
