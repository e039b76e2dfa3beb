"""`wargame compare` as a user calls it."""

import json

from tests.helpers.paths import TUTORIAL
from ui.cli import main

ARGS = ["compare", str(TUTORIAL), "--runs", "3", "--seed", "1"]


def test_compare_prints_the_paired_table_and_writes_json_and_png(tmp_path, capsys):
    out = tmp_path / "whatif"
    args = ARGS + ["--set", "ground.r50=1.5", "--place", "saraqib", "--road", "m5", "--date", "2020-02-05"]
    assert main(args + ["--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3 paired worlds" in text and "ground.r50=1.5" in text and "[95 % interval]" in text
    assert "government holds Saraqib, 2020-02-05" in text
    data = json.loads((out / "compare.json").read_text())
    assert data["runs"] == 3 and data["settings"] == ["ground.r50=1.5"]
    keys = [m["measure"] for m in data["measures"]]
    assert "held:saraqib@2020-02-05" in keys and "road:m5@2020-02-05" in keys and "turkish_deaths" in keys
    assert all(len(m["difference_95"]) == 2 for m in data["measures"])
    assert (out / "compare.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_refuses_bad_input_in_one_line_without_touching_files(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "compare.json").write_text("mine")
    for extra in (
        [],  # no what-if
        ["--set", "ground.r5O=2"],
        ["--set", "turkey.intervention=soon"],
        ["--set", "ground.r50=1.5", "--date", "2021-01-01"],
        ["--set", "ground.r50=1.5", "--place", "atlantis"],
        ["--set", "ground.r50=1.5", "--out", str(out)],
        ["--set", "ground.r50=1.5", "--out", str(out / "compare.json")],
        ["--set", "ground.r5O=2", "--out", str(tmp_path / "new")],  # refused: the folder is not made
    ):
        assert main(ARGS + extra) == 2, extra
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
    assert (out / "compare.json").read_text() == "mine"
    assert not (tmp_path / "new").exists()
    assert main(["compare", str(TUTORIAL), "--runs", "1", "--seed", "1", "--set", "ground.r50=1.5"]) == 2
