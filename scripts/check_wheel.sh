#!/usr/bin/env bash
# Build the wheel from the checkout's files, install it into a fresh virtual environment and run
# the commands a new user would, from a folder that holds no scenario and no source.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build from a copy of the checkout's files, so the checkout gets no build/ or *.egg-info.
mkdir "$work/src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$work/src"
else
    tar -C "$repo" --exclude=.venv --exclude=.git --exclude=build --exclude='*.egg-info' -cf - . | tar -xf - -C "$work/src"
fi
python3 -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
wheel="$(ls "$work"/dist/*.whl)"
echo "built $(basename "$wheel")"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$wheel"
mkdir "$work/elsewhere"
cd "$work/elsewhere"
# The rules' numpy paths: this checks the package, and the kernels' first compilation (about a minute,
# which every new install pays once) is already paid and tested by pytest (tests/engine/test_kernels.py).
export PATH="$work/venv/bin:$PATH" SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy IDLIB_WARGAME_NUMPY=1

run() {
    echo "\$ $*"
    "$@"
}
run wargame --version
run wargame validate
run wargame run --seed 1 --json r.json
run wargame batch --runs 16 --seed 1 --out b
run wargame replay --at 2020-02-11 --png m.png

python3 - <<'EOF'
import json
from pathlib import Path

run = json.loads(Path("r.json").read_text())
assert run["seed"] == 1 and run["final_control"], "r.json lacks the results"
summary = json.loads(Path("b/summary.json").read_text())
assert summary["places"], "b/summary.json lacks the places"
assert len(Path("b/runs.csv").read_text().splitlines()) == 17, "b/runs.csv should hold 16 runs"
for png in ("m.png", "b/report.png"):
    assert Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"
print("wheel check: the installed wargame works from another folder")
EOF
