"""Files the commands write: checked before any work starts, then written whole or not at all.

Every file is first written to a temporary file beside its target and moved into place with
``os.replace`` only when all of a command's files are complete, so a failure (a full disk, an
interrupt) leaves the user's folder as it was. A target that exists and is not a regular file
(a device such as /dev/full, a fifo) is refused: replacing it would destroy it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


class OutputError(ValueError):
    """An output that cannot be written; the message names the option, the file and the problem."""


@dataclass(frozen=True)
class Output:
    """A file or folder a command will write, as the user named it, and the option that named it."""

    name: str
    option: str

    @property
    def path(self) -> Path:
        return Path(self.name)

    def problem(self, text: str) -> OutputError:
        return OutputError(f"{self.option} {self.name}: {text}")


def check_file(name: str, option: str, suffix: str | None = None) -> Output:
    """The output file ``name`` if it can be written (new, or a regular file to replace); else OutputError."""
    out = Output(name, option)
    if not name:
        raise OutputError(f"{option}: no file name given")
    if name.endswith(("/", os.sep)):
        raise out.problem("names a folder; give a file name")
    if suffix and Path(name).suffix.lower() != suffix:
        raise out.problem(f"the file name must end in {suffix}")
    target = Path(os.path.realpath(name))
    if target.is_dir():
        raise out.problem("is a folder; give a file name")
    if target.exists() and not target.is_file():
        raise out.problem("is not a regular file (a device, pipe or socket); name a file to write")
    if target.exists() and not os.access(target, os.W_OK):
        raise out.problem("the file is read-only")
    _check_writable_folder(out, target.parent, Path(name).parent)
    return out


def check_folder(name: str, option: str) -> Output:
    """The output folder ``name`` if it is a writable folder or can be created (with its parents); else OutputError."""
    out = Output(name, option)
    if not name:
        raise OutputError(f"{option}: no folder name given")
    target = Path(os.path.realpath(name))
    if target.exists() and not target.is_dir():
        raise out.problem("exists and is not a folder")
    existing = target
    while not existing.exists():
        existing = existing.parent
    _check_writable_folder(out, existing, existing if existing != target else Path(name))
    return out


def make_folder(out: Output) -> bool:
    """Create the checked output folder (and its parents) if missing; True if it was created."""
    if out.path.is_dir():
        return False
    try:
        out.path.mkdir(parents=True)
    except OSError as exc:
        raise out.problem(f"cannot create the folder ({exc.strerror or exc})") from None
    return True


def _check_writable_folder(out: Output, folder: Path, shown: Path) -> None:
    if not folder.is_dir():
        raise out.problem(f"folder {shown} {'is not a folder' if folder.exists() else 'does not exist'}")
    try:  # os.access says yes to root everywhere, even under /proc: create a file to be sure
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".wargame-probe-")
    except OSError as exc:
        raise out.problem(f"cannot create files in folder {shown} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)


def distinct(outputs: Iterable[Output | None]) -> None:
    """Refuse two options that name the same file."""
    seen: dict[str, Output] = {}
    for out in outputs:
        if out is None:
            continue
        key = os.path.realpath(out.name)
        if key in seen:
            raise OutputError(f"{seen[key].option} and {out.option} name the same file {out.name}")
        seen[key] = out


def _temporary_beside(target: Path) -> Path:
    # the same suffix as the target: pygame and matplotlib choose the image format by it
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; give it the user's usual mode
    return Path(tmp)


def replace_atomically(path: str | os.PathLike, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it onto ``path`` (OSError on failure)."""
    target = Path(os.path.realpath(path))
    tmp = _temporary_beside(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_files(jobs: Iterable[tuple[Output, Callable[[Path], object]]]) -> None:
    """Write every file to a temporary beside it; only when all are written, move them into place.

    ``write(tmp)`` writes one file's content to the path ``tmp``. A failure removes every temporary
    and raises OutputError naming the option and the file; no target is touched.
    """
    written: list[tuple[Output, Path, Path]] = []
    try:
        for out, write in jobs:
            target = Path(os.path.realpath(out.name))
            try:
                tmp = _temporary_beside(target)
                written.append((out, tmp, target))
                write(tmp)
            except OSError as exc:
                raise out.problem(f"cannot write ({exc.strerror or exc})") from None
        for out, tmp, target in written:
            if target.exists() and not target.is_file():  # became a device or fifo while we worked
                raise out.problem("is not a regular file (a device, pipe or socket); name a file to write")
        for out, tmp, target in written:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise out.problem(f"cannot write ({exc.strerror or exc})") from None
    finally:
        for _, tmp, _ in written:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
