"""Fuzzing the headless commands: random argument lists drawn from the real options, with plausible and
implausible values. Whatever is typed, `wargame` exits 0, or prints one line (or, for a scenario's
problems, one line per problem and a count) and exits 2; never a traceback, never half a file."""

import contextlib
import datetime as dt
import io
import json
import os
import re
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.paths import TUTORIAL
from ui.cli import main

PROBLEM = re.compile(r"^\S.*?:\d+: ")  # FILE:LINE: path: message


class Values:
    """The values an option takes: plausible ones, and the mistakes a user might make."""

    def __init__(self, good, bad):
        self.good, self.bad = good, bad


SCENARIOS = Values(st.just(str(TUTORIAL)), st.sampled_from(["{tmp}/missing", "{tmp}/file.txt", "{tmp}", ""]))
WHOLE = Values(
    st.integers(1, 20).map(str),
    st.one_of(
        st.integers(-3, 100).map(str),
        st.sampled_from(["", "x", "1.5", "1e3", "0x10", "99999999999999999999", "-0", " 7 ", "٣"]),
    ),
)
DATES = Values(
    st.dates(min_value=dt.date(2020, 1, 20), max_value=dt.date(2020, 2, 29)).map(str),
    st.sampled_from(
        ["2020-03-01", "2019-01-01", "2020-02-30", "", "29 jan", "2020-2-3", "9999-12-31", "0001-01-01"]
        + ["2020-01-24T00:00", "2020-01-24 "]
    ),
)
POLICIES = Values(
    st.sampled_from(["greedy", "hold", "historical"]), st.sampled_from(["adaptive", "", "nobody", "GREEDY"])
)
SETTINGS = Values(
    st.sampled_from(["ground.r50=2", "turkey.intervention=none", "ceasefire.scheduled=[2020-02-01]", "ground.k=3"]),
    st.sampled_from(
        ["ground.r50=-100", "ground.r50=.nan", "turkey.intervention=1999-01-01", "ceasefire.scheduled=["]
        + ["ground.r5O=2", "=", "ground.r50", "a.b=c", "air.missions_per_arm=100000", "ground.cev={infantry: 1}"]
        + ["reinforcements.shift_days=-99999999999", "x: &a [*a]", "ground.k=!!python/object:os.system"]
        + ["ceasefire.scheduled=[2020-02-01, 2020-02-01]", "ground.r50=1e999", "ground.r50=2\nquote: x"]
    ),
)


def files(suffix: str) -> Values:
    """Where an output might be written: new, existing, a folder, a device, a fifo, nowhere writable."""
    return Values(
        st.sampled_from([f"{{tmp}}/out{suffix}", f"{{tmp}}/existing{suffix}", "out" + suffix]),
        st.sampled_from(
            ["{tmp}", "{tmp}/missing/out" + suffix, "{tmp}/file.txt/out" + suffix, "/dev/full", "/dev/null"]
            + ["/proc/out" + suffix, "{tmp}/fifo", "", "{tmp}/new/", f"{{tmp}}/out{suffix}.bak", "{tmp}/out.txt"]
        ),
    )


FOLDERS = Values(
    st.sampled_from(["{tmp}/out", "{tmp}/a/b/c"]),
    st.sampled_from(["{tmp}", "{tmp}/file.txt", "/proc/out", "/dev/full", "", "{tmp}/fifo"]),
)
RECORDS = Values(
    st.just("{records}/good.json"),
    st.sampled_from(
        [f"{{records}}/{name}.json" for name in ("negative_seed", "negative_world", "too_long", "foreign", "bad_order")]
        + [f"{{records}}/{name}.json" for name in ("huge_hex", "text_seed", "not_json", "empty")]
        + ["{tmp}/missing.json", "{tmp}", "/dev/null", ""]
    ),
)

COMMANDS = {
    "validate": {},
    "summary": {},
    "run": {
        "--seed": WHOLE,
        "--days": WHOLE,
        "--gov": POLICIES,
        "--opp": POLICIES,
        "--json": files(".json"),
        "--save": files(".json"),
        "--events": files(".log"),
    },
    "verify": {},
    "replay": {
        "--at": DATES,
        "--png": files(".png"),
        "--state-json": files(".json"),
        "--frames": FOLDERS,
        "--start": DATES,
        "--end": DATES,
    },
    "batch": {
        "--runs": WHOLE,
        "--seed": WHOLE,
        "--workers": WHOLE,
        "--set": SETTINGS,
        "--gov": POLICIES,
        "--opp": POLICIES,
        "--out": FOLDERS,
    },
}
REQUIRED = {"run": ["--seed", "--json"], "batch": ["--runs", "--seed", "--out"], "replay": ["--at", "--png"]}
ODD_TOKENS = ["--bogus", "-", "--", "extra", "--seed", "-h"]


@st.composite
def command_lines(draw):
    """A subcommand with its required options and a few others; at most two of them given a mistaken value,
    a required one sometimes left out, now and then an odd token (a user rarely makes many mistakes at once)."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[command]
    chosen = list(REQUIRED.get(command, [])) + (
        draw(st.lists(st.sampled_from(sorted(options)), max_size=3)) if options else []
    )
    slots = [(o, options[o]) for o in chosen]
    if command == "verify":
        slots.append((None, RECORDS))
    slots.append((None, SCENARIOS))
    mistakes = draw(st.sets(st.integers(0, len(slots) - 1), max_size=2))
    args: list[str] = []
    for i, (option, values) in enumerate(slots):
        value = draw(values.bad if i in mistakes else values.good)
        args += [value] if option is None else [option, value]
    extra = draw(st.integers(0, 9))
    if extra == 1 and chosen:  # leave out an option
        at = args.index(draw(st.sampled_from(chosen)))
        del args[at : at + 2]
    elif extra == 2:
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(ODD_TOKENS)))
    elif extra == 3 and args:  # drop the scenario, so the bundled one is used
        args.pop()
    return [command, *args]


class _RunsStarted(Exception):
    """Raised instead of running a batch: the fuzz checks the arguments, not the Monte Carlo."""


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Record files for `verify`: a good one and damaged or foreign variants."""
    folder = tmp_path_factory.mktemp("records")
    good = folder / "good.json"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["run", str(TUTORIAL), "--seed", "3", "--days", "4", "--json", str(folder / "r.json")]) == 0
        assert (
            main(
                [
                    "run",
                    str(TUTORIAL),
                    "--seed",
                    "3",
                    "--days",
                    "4",
                    "--json",
                    str(folder / "r.json"),
                    "--save",
                    str(good),
                ]
            )
            == 0
        )  # noqa: E501
    data = json.loads(good.read_text())
    formation = next(o["formation"] for day in data["days"] for o in day["orders"] if "formation" in o)
    variants = {
        "negative_seed": {**data, "seed": -1},
        "negative_world": {**data, "world": -2},
        "too_long": {**data, "days": data["days"] * 6},
        "foreign": {**data, "scenario": "idlib_2019_2020"},
        "text_seed": {**data, "seed": "three"},
        "bad_order": {**data, "days": [{**data["days"][0], "orders": [{"order": "move", "formation": 5, "to": "x"}]}]},
        "huge_hex": {
            **data,
            "days": [{**data["days"][0], "orders": [{"order": "move", "formation": formation, "to": 10**20}]}],
        },
    }
    for name, content in variants.items():
        (folder / f"{name}.json").write_text(json.dumps(content))
    (folder / "not_json.json").write_text("{ nope")
    (folder / "empty.json").write_text("")
    return folder


def check_outcome(code: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    if code == 0:
        return
    lines = err.strip().splitlines()
    if code == 1:  # no display for a window: said in one line
        assert len(lines) == 1 and "no display" in lines[0], err
        return
    assert code == 2, (code, err)
    if len(lines) > 1:  # a scenario's problems: one line each, then their count
        assert all(PROBLEM.match(line) for line in lines[:-1]) and re.match(r"^\d+ problems in ", lines[-1]), err
    else:
        assert len(lines) == 1 and lines[0].strip(), err


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=command_lines())
def test_any_command_line_is_answered_with_results_or_one_line(records, argv):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "file.txt").write_text("a user's file")
        for name in ("existing.json", "existing.png", "existing.log"):
            (Path(tmp) / name).write_text("kept unless replaced whole")
        os.mkfifo(Path(tmp) / "fifo")
        args = [a.format(tmp=tmp, records=records) for a in argv]
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            with (
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(err),
                mock.patch("ui.batch_command.run_batch", side_effect=_RunsStarted),
            ):
                try:
                    code = main(args)
                except _RunsStarted:
                    code = 0
        finally:
            os.chdir(cwd)
        check_outcome(code, out.getvalue(), err.getvalue())
        leftovers = [p.name for p in Path(tmp).rglob(".*") if p.is_file()]
        assert not leftovers, f"temporary files left behind: {leftovers}"
        assert (Path(tmp) / "file.txt").read_text() == "a user's file"
        for name in ("existing.json", "existing.png", "existing.log"):
            text = (Path(tmp) / name).read_bytes()
            assert text == b"kept unless replaced whole" or code == 0, name
