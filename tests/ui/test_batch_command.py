"""`wargame batch` refuses bad arguments in one line before any run, and creates no folder for them."""

from pathlib import Path

import pytest

from tests.helpers.paths import TUTORIAL
from ui.cli import main


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "ground.r50=-100"], "wargame batch: --set: ground.r50: expected a number above 0"),
        (
            ["--set", "turkey.intervention=1999-01-01"],
            "wargame batch: --set: turkey.intervention: 1999-01-01 is outside",
        ),
        (["--seed", "-1"], "wargame batch: argument --seed: expected a whole number >= 0, not '-1'"),
        (["--workers", "0"], "wargame batch: argument --workers: expected a whole number >= 1, not '0'"),
        (["--out", "/proc/b"], "wargame batch: --out /proc/b: cannot create files in folder /proc"),
    ],
)
def test_bad_arguments_are_refused_in_one_line_before_any_run(tmp_path, capsys, monkeypatch, args, message):
    import ui.batch_command

    monkeypatch.setattr(ui.batch_command, "run_batch", lambda *a, **k: pytest.fail("the runs started"))
    given = {"--runs": "2", "--seed": "1", "--out": str(tmp_path / "b")}
    extra = []
    for option, value in zip(args[::2], args[1::2]):
        if option in given:
            given[option] = value
        else:
            extra += [option, value]
    if given["--out"].startswith("/proc") and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    assert main(["batch", str(TUTORIAL), *[x for kv in given.items() for x in kv], *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message)
    assert not (tmp_path / "b").exists()
