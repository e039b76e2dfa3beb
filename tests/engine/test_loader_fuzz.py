"""Fuzzing the scenario loader: mutated copies of the tutorial (keys deleted, wrong types, bad dates,
unknown ids, truncated files, aliases) through `wargame validate`. It answers with "valid", or with
one FILE:LINE line per problem and exit status 2, quickly, never a traceback; and a scenario it calls
valid can be run."""

import contextlib
import datetime as dt
import io
import re
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.paths import TUTORIAL
from ui.cli import main

FILES = sorted(p.name for p in TUTORIAL.glob("*.yaml"))
TEXTS = {name: (TUTORIAL / name).read_text(encoding="utf-8") for name in FILES}
PROBLEM = re.compile(r"^\S.*?:\d+: ")
ODD_VALUES = [
    None,
    [],
    {},
    "",
    -1,
    0,
    10**30,
    1.5,
    -0.5,
    True,
    float("nan"),
    float("inf"),
    "unknown_place",
    "Saraqib",
    dt.date(1999, 1, 1),
    dt.date(9999, 12, 31),
    "2020-02-30",
    [[[[]]]],
    {"value": 1},
    ["a", 1, None],
]
ODD_TEXT = [
    "[]",
    "{}",
    "",
    "null",
    "-1",
    "1e999",
    ".nan",
    "2020-02-30",
    "9999-12-31",
    "unknown_id",
    "yes",
    "'",
    "&a x",
    "*a",
    "*nowhere",
    "!!binary AAAA",
    "!!python/object:os.system",
    "{a: 1",
    "- x",
    "\t1",
]
BOMB = "x_a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"x_{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def paths(data, prefix=()):
    """Every path to a value in the parsed YAML (keys of mappings, indices of lists)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*prefix, i))


def data_mutation(draw, text: str) -> str:
    """Delete a key or item, or give it a value of the wrong type, range or identity."""
    data = yaml.safe_load(text)
    path = draw(st.sampled_from(list(paths(data))[1:]))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(st.sampled_from(ODD_VALUES))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def text_mutation(draw, text: str) -> str:
    """Change the text: truncate it, delete, repeat or re-indent a line, change a value, add aliases."""
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["truncate", "delete", "repeat", "indent", "value", "bomb", "cycle"]))
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if kind == "delete":
        return "".join(lines[:i] + lines[i + 1 :])
    if kind == "repeat":
        return "".join(lines[: i + 1] + lines[i:])
    if kind == "indent":
        return "".join(lines[:i] + [" " * draw(st.integers(1, 3)) + lines[i]] + lines[i + 1 :])
    if kind == "value":
        line = lines[i]
        head = line[: line.index(": ") + 2] if ": " in line else line[: len(line) - len(line.lstrip(" -"))]
        return "".join(lines[:i] + [head + draw(st.sampled_from(ODD_TEXT)) + "\n"] + lines[i + 1 :])
    if kind == "bomb":
        return BOMB + text
    return "x_cycle: &c [1, *c]\n" + text


@st.composite
def mutated_scenarios(draw):
    """{file name: new text} for one or two files of the tutorial."""
    changed = {}
    for name in draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=2, unique=True)):
        mutate = draw(st.sampled_from([data_mutation, text_mutation]))
        changed[name] = mutate(draw, TEXTS[name])
    return changed


def wargame(*args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


def assert_answered(code: int, err: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    if code == 0:
        return
    assert code == 2 and lines, (code, err)
    if len(lines) > 1:
        assert all(PROBLEM.match(line) for line in lines[:-1]), err
        assert lines[-1] == f"{len(lines) - 1} problems in {lines[-1].split(' in ', 1)[1]}", err
    else:
        assert PROBLEM.match(lines[0]), err


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(changed=mutated_scenarios())
def test_a_mutated_tutorial_is_valid_or_its_problems_are_listed(changed):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tutorial"
        shutil.copytree(TUTORIAL, folder)
        for name, text in changed.items():
            (folder / name).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        code, err = wargame("validate", str(folder))
        assert time.perf_counter() - started < 10
        assert_answered(code, err)
        if code == 0:  # what validate accepts, the engine can run
            code, err = wargame("run", str(folder), "--seed", "1", "--days", "3", "--json", f"{tmp}/r.json")
            assert code == 0 or (code == 2 and len(err.strip().splitlines()) == 1), err
