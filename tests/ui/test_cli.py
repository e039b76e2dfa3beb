import subprocess
import sys

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
