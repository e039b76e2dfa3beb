"""Read YAML keeping the line of every key and item, so problems can name FILE:LINE."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, printed as ``FILE:LINE: path: message``."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        at = f"{self.file}:{self.line}" if self.line > 0 else self.file  # line 0: not from a file (e.g. --set)
        return f"{at}: {where}{self.message}"


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Mapping(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict


class Sequence(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list


class _Constructor(yaml.constructor.SafeConstructor):
    pass


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: same nodes and marks


def _build(node: yaml.Node, constructor: _Constructor, file: str, problems: list[Problem]):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = Mapping()
        result.line, result.key_lines = line, {}
        constructor.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _build(key_node, constructor, file, problems)
            if isinstance(key, (Mapping, Sequence)):
                problems.append(Problem(file, key_node.start_mark.line + 1, "", "a key must be a plain value"))
                continue
            if key in result:
                problems.append(Problem(file, key_node.start_mark.line + 1, str(key), "duplicate key"))
            result[key] = _build(value_node, constructor, file, problems)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = Sequence()
        items.line = line
        items.item_lines = []
        for item in node.value:
            items.append(_build(item, constructor, file, problems))
            items.item_lines.append(item.start_mark.line + 1)
        return items
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a date such as 2020-02-30
        problems.append(Problem(file, line, "", f"bad value {node.value!r}: {exc}"))
        return None


# Limits that keep a hostile or broken file from exhausting memory or time (a scenario needs far less):
MAX_BYTES = 10_000_000  # per file
MAX_DEPTH = 100  # levels of nested lists and mappings
MAX_REPEATED = 10_000  # values that aliases (*name) and merge keys (<<) may repeat in one file
_MERGE = "tag:yaml.org,2002:merge"


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str):
        self.line, self.message = node.start_mark.line + 1, message


def _expanded_size(node: yaml.Node, depth: int, sizes: dict[int, int | None], first_alias: list) -> int:
    """How many values ``node`` stands for once its aliases and merge keys are expanded (memoised by node)."""
    if depth > MAX_DEPTH:
        raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
    key = id(node)
    if key in sizes:
        size = sizes[key]
        if size is None:
            raise _Refused(node, "an alias (*name) refers to a value that contains it")
        first_alias.append(node)
        return size
    sizes[key] = None  # being measured: meeting it again means a cycle
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, depth + 1, sizes, first_alias) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # << merges the pairs of the mappings it names
                size += _expanded_size(value_node, depth + 1, sizes, first_alias)
            else:
                size += _expanded_size(key_node, depth + 1, sizes, first_alias)
                size += _expanded_size(value_node, depth + 1, sizes, first_alias)
    sizes[key] = size
    return size


def _check_size(node: yaml.Node) -> None:
    """Refuse a document that aliases would blow up (a "billion laughs"), or that is nested absurdly deep."""
    sizes: dict[int, int | None] = {}
    aliased: list[yaml.Node] = []
    total = _expanded_size(node, 0, sizes, aliased)
    if total - len(sizes) > MAX_REPEATED:
        raise _Refused(
            aliased[0],
            f"aliases (*name) or merge keys (<<) repeat more than {MAX_REPEATED} values; write the values out",
        )


def load_yaml(path: Path, shown_as: str) -> tuple[object, list[Problem]]:
    """Load one YAML file; return its data (Mapping/Sequence/scalars) and any problems.

    ``shown_as`` is the file name used in problems (usually relative to the working directory).
    """
    try:
        if path.exists() and not path.is_file():  # a folder, a fifo or a device would hang or fail the read
            return None, [Problem(shown_as, 1, "", "not a regular file")]
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(shown_as, 1, "", f"the file is larger than {MAX_BYTES:,} bytes")]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(shown_as, 1, "", "file is missing")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown_as, 1, "", f"cannot read the file: {exc}")]
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[object, list[Problem]]:
    """Parse YAML text as ``load_yaml`` does a file."""
    if len(text) > MAX_BYTES:
        return None, [Problem(shown_as, 1, "", f"the text is longer than {MAX_BYTES:,} characters")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown_as, line, "", f"YAML syntax error: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, 1, "", f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(shown_as, 1, "", "file is empty")]
    problems: list[Problem] = []
    try:
        _check_size(node)
        data = _build(node, _Constructor(), shown_as, problems)
    except _Refused as exc:
        return None, [Problem(shown_as, exc.line, "", exc.message)]
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        return None, [Problem(shown_as, mark.line + 1 if mark else 1, "", f"YAML error: {exc.problem}")]
    return data, problems
