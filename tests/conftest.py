import contextlib
import os
import shutil

import pytest
from hypothesis import settings

from tests.helpers.paths import HISTORICAL, REPO, TUTORIAL

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200)
settings.load_profile("ci")

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture
def tutorial_copy(tmp_path, monkeypatch):
    """A writable copy of the tutorial scenario at ./tutorial, with the working directory set to its parent."""
    shutil.copytree(TUTORIAL, tmp_path / "tutorial")
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "tutorial"


@pytest.fixture(scope="session")
def historical_board():
    from engine import load_scenario
    from engine.board import compile_board

    return compile_board(load_scenario(HISTORICAL))


@contextlib.contextmanager
def xvfb_display(size: tuple[int, int]):
    """An Xvfb server with a screen of ``size`` on a free display number (Xvfb picks it, -displayfd)."""
    import select
    import subprocess

    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 10)
        number = os.read(read, 16).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read)
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def xvfb():
    with xvfb_display((1400, 900)) as display:
        yield display


@pytest.fixture(scope="module")
def xvfb_large():
    """A display as large as a 1920×1080 monitor (room for a 1500×950 window)."""
    with xvfb_display((1920, 1080)) as display:
        yield display


@pytest.fixture(autouse=True, scope="session")
def computer_cache(tmp_path_factory):
    """The computer's batches of the tests go to a folder of the test session, not the user's cache."""
    folder = tmp_path_factory.mktemp("computer-cache")
    os.environ["IDLIB_WARGAME_CACHE"] = str(folder)
    return folder


@pytest.fixture
def wargame_home(tmp_path, monkeypatch):
    """An empty folder for saves and autosaves (IDLIB_WARGAME_HOME)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(folder))
    return folder
