import subprocess
import sys

import pytest

from ui.cli import main


def test_wargame_summary_describes_the_historical_scenario(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Northwestern Syria offensive" in out
    assert "Saraqib: 2020-02-07 to government; 2020-02-27 to opposition; 2020-03-03 to government" in out
    assert "places held on 2019-12-19 per the record" in out


def test_the_engine_and_the_command_line_do_not_import_pygame():
    code = "import sys, engine, ui.cli; ui.cli.main(['validate']); print('pygame' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")


def test_an_unknown_subcommand_is_refused_without_a_traceback():
    result = subprocess.run([sys.executable, "-m", "ui.cli", "fly"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_version_is_the_installed_package_version(capsys):
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"wargame {version('idlib-wargame')}"


def test_help_describes_the_program_and_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "turn-based operational wargame" in out and "northwestern Syria" in out
    assert "Subcommands that draw import pygame" not in out  # not the module's docstring
    for command in ("summary", "validate", "run", "verify", "batch", "replay", "play", "start"):
        assert f"\n    {command} " in out, command
    assert "`wargame` alone opens the start screen" in out


def test_start_has_its_own_help(capsys):
    assert main(["start", "--help"]) == 0
    assert "start screen" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "--seed", "x", "--json", "o.json"], "wargame run: argument --seed: expected a whole number >= 0"),
        (["batch", "--runs", "0", "--seed", "1", "--out", "b"], "argument --runs: expected a whole number >= 1"),
        (["batch", "--runs", "2", "--seed", "-5", "--out", "b"], "argument --seed: expected a whole number >= 0"),
        (["run", "--json", "o.json"], "the following arguments are required: --seed"),
        (["replay", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_a_mistake_on_the_command_line_is_one_line_with_where_to_look(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and err[0].endswith("--help`)")
    assert list(tmp_path.iterdir()) == []
