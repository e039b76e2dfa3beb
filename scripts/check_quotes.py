"""Check that every `quote:` in the given YAML files occurs verbatim in the seed document.

Usage: python scripts/check_quotes.py FILE.yaml [...]
Quotes are compared after collapsing whitespace and mapping typographic quote marks to plain ones.
"""
import re
import sys
from pathlib import Path

import yaml

SEED = Path(__file__).resolve().parent.parent / "seeds" / "northwestern_syria_offensive_2019_2020.txt"
_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_MARKS)).strip()


def quotes(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("quote", "mentioned") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from quotes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from quotes(value, f"{path}[{i}]")


def main(paths):
    document = normalise(SEED.read_text(encoding="utf-8"))
    bad = 0
    for p in paths:
        data = yaml.safe_load(Path(p).read_text(encoding="utf-8"))
        for where, q in quotes(data):
            if normalise(q) not in document:
                bad += 1
                print(f"{p}: {where}: not in the document: {q!r}")
    print(f"{bad} quote(s) not found")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
