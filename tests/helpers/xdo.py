"""The game in its own process on an X display, with a person at the keyboard: keys pressed and held
with xdotool, the window resized, its title read, its pixels captured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pygame

from tests.helpers.paths import REPO


class Person:
    def __init__(self, display: str, args: list[str], home: Path, cwd: Path):
        self.env = {**os.environ, "DISPLAY": display, "IDLIB_WARGAME_HOME": str(home), "PYTHONPATH": str(REPO)}
        self.env.pop("SDL_VIDEODRIVER", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", *args],
            env=self.env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.window = self._find_window()
        self.xdo("windowfocus", "--sync", self.window)

    def xdo(self, *args) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20)
        return result.stdout.strip()

    def _find_window(self, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"the game exited: {self.proc.stderr.read()}")
            found = self.xdo("search", "--pid", str(self.proc.pid))
            if found:
                return found.splitlines()[0]
            time.sleep(0.2)
        raise AssertionError("no window appeared")

    def title(self) -> str:
        return self.xdo("getwindowname", self.window)

    def press(self, key: str, hold: float = 0.5) -> None:
        """Press and hold a key as a person does (half a second), then let go."""
        self.xdo("keydown", key)
        time.sleep(hold)
        self.xdo("keyup", key)

    def wait_for(self, test, what: str, timeout: float = 90):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = test()
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"waited {timeout} s for {what}; the title is {self.title()!r}")

    def wait_title(self, text: str, timeout: float = 90) -> str:
        return self.wait_for(lambda: text in self.title() and self.title(), f"a title with {text!r}", timeout)

    def resize(self, width: int, height: int) -> None:
        self.xdo("windowsize", self.window, str(width), str(height))

    def screenshot(self, path: Path) -> pygame.Surface:
        subprocess.run(["import", "-window", self.window, str(path)], env=self.env, check=True, timeout=30)
        return pygame.image.load(str(path))

    def wait_exit(self, timeout: float = 20) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        """End the game's process (SDL turns SIGTERM into a quit event, which a stuck loop never reads)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
