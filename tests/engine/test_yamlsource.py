"""The YAML reader: line numbers for every problem, and limits that keep a hostile file from hanging it."""

import os
import time

import pytest

from engine.yamlsource import MAX_BYTES, load_yaml, parse_yaml

LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)
MERGES = "a0: &a0 {x: 1, y: 2}\n" + "".join(f"a{i + 1}: &a{i + 1} {{<<: [*a{i}, *a{i}]}}\n" for i in range(40))


@pytest.mark.parametrize(
    "text, line, message",
    [
        (LAUGHS, 1, "aliases (*name) or merge keys (<<) repeat more than 10000 values"),
        (MERGES, 1, "aliases (*name) or merge keys (<<) repeat more than 10000 values"),
        ("x: 1\na: &a [1, *a]\n", 2, "an alias (*name) refers to a value that contains it"),
        ("a:\n  b: " + "[" * 500 + "]" * 500 + "\n", 2, "nested more than 100 levels deep"),
        ("a: " + "[" * 999 + "]" * 999, 1, "nested more than 100 levels deep"),
    ],
)
def test_a_hostile_document_is_one_problem_at_once(text, line, message):
    started = time.perf_counter()
    data, problems = parse_yaml(text, "rules.yaml")
    assert time.perf_counter() - started < 2
    assert data is None and len(problems) == 1
    assert str(problems[0]).startswith(f"rules.yaml:{line}: {message}")


def test_a_few_aliases_and_merge_keys_still_work():
    data, problems = parse_yaml("a: &a {x: 1, y: 2}\nb: *a\nc: {<<: *a, z: 3}\n", "f.yaml")
    assert problems == [] and data == {"a": {"x": 1, "y": 2}, "b": {"x": 1, "y": 2}, "c": {"x": 1, "y": 2, "z": 3}}


def test_a_file_too_large_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "timeline.yaml"
    with open(big, "wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: no time or disk spent
    data, problems = load_yaml(big, "timeline.yaml")
    assert data is None and [str(p) for p in problems] == [
        f"timeline.yaml:1: the file is larger than {MAX_BYTES:,} bytes"
    ]


def test_a_fifo_is_refused_instead_of_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "map.yaml")
    data, problems = load_yaml(tmp_path / "map.yaml", "map.yaml")
    assert [str(p) for p in problems] == ["map.yaml:1: not a regular file"]
