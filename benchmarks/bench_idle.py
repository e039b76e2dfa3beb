"""Print the CPU share of a window left alone: the replay paused, and a game waiting for the player.

Starts an Xvfb display of --screen size, opens `wargame replay` (paused with a Space key press
through xdotool) and `wargame play`, lets each settle, then reads the process's CPU time from
/proc over --seconds. Needs Xvfb and xdotool (Linux). --source runs another checkout's code
(e.g. an export of an older commit) for a comparison.

Usage: python benchmarks/bench_idle.py [--seconds 10] [--screen 1920x1080] [--source DIR]
"""

from __future__ import annotations

import argparse
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def start_xvfb(screen: str) -> tuple[subprocess.Popen, str, int]:
    """Xvfb on a free display (it writes the number to a pipe, which must stay open while it runs)."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    ready, _, _ = select.select([read], [], [], 10)
    number = os.read(read, 16).decode().strip() if ready else ""
    if not number:
        proc.terminate()
        raise SystemExit("Xvfb did not start")
    return proc, f":{number}", read


def window_of(pid: int, env: dict, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = subprocess.run(["xdotool", "search", "--pid", str(pid)], env=env, capture_output=True, text=True)
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise SystemExit("no window appeared")


def measure(args: list[str], env: dict, source: Path, seconds: float, pause: bool) -> float:
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", *args], env=env, cwd=source, stderr=subprocess.DEVNULL)
    try:
        window = window_of(proc.pid, env)
        time.sleep(3)  # the window opens and draws its first frames
        if pause:
            subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env)
            subprocess.run(["xdotool", "key", "space"], env=env)
            time.sleep(1)
        before, started = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        return (cpu_seconds(proc.pid) - before) / (time.monotonic() - started)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--screen", default="1920x1080")
    parser.add_argument("--source", type=Path, default=REPO, help="the checkout whose code runs (default: this one)")
    args = parser.parse_args()
    xvfb, display, pipe = start_xvfb(args.screen)
    home = tempfile.mkdtemp(prefix="bench-idle-")
    env = {**os.environ, "DISPLAY": display, "IDLIB_WARGAME_HOME": home, "PYTHONPATH": str(args.source)}
    env.pop("SDL_VIDEODRIVER", None)
    try:
        print(f"display {args.screen}, code from {args.source}, {args.seconds:g} s each")
        for label, command, pause in (
            ("replay, paused", ["replay"], True),
            ("play, waiting for the player", ["play", "--seed", "1"], False),
        ):
            share = measure(command, env, args.source, args.seconds, pause)
            print(f"{label}: {share:.1%} of a core")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
        os.close(pipe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
