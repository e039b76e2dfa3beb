"""Output files: refused before any work when they cannot be written, and written whole or not at all."""

import errno
import os
import stat
from pathlib import Path

import pytest

from engine.outputs import OutputError, check_file, check_folder, distinct, make_folder, write_files


def test_a_new_file_in_a_writable_folder_is_accepted(tmp_path):
    out = check_file(str(tmp_path / "r.json"), "--json")
    assert out.path == tmp_path / "r.json" and not out.path.exists()
    assert os.listdir(tmp_path) == []  # checking leaves nothing behind


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "--json: no file name given"),
        ("{tmp}", "is a folder"),
        ("{tmp}/new/", "names a folder"),
        ("{tmp}/missing/r.json", "folder {tmp}/missing does not exist"),
        ("{tmp}/file.txt/r.json", "is not a folder"),
        ("{tmp}/fifo", "is not a regular file"),
    ],
)
def test_an_output_that_cannot_be_a_file_is_refused_naming_the_option(tmp_path, name, message):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file.txt").write_text("mine")
    with pytest.raises(OutputError, match="^--json") as err:
        check_file(name.format(tmp=tmp_path), "--json")
    assert message.format(tmp=tmp_path) in str(err.value)
    assert stat.S_ISFIFO((tmp_path / "fifo").stat().st_mode)  # a fifo is never replaced


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_device_is_refused_even_where_the_folder_is_writable():
    with pytest.raises(OutputError, match=r"--json /dev/full: is not a regular file"):
        check_file("/dev/full", "--json")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="no /proc here")
def test_a_folder_where_no_file_can_be_created_is_refused_even_for_root():
    with pytest.raises(OutputError, match=r"--events /proc/x.log: cannot create files in folder /proc"):
        check_file("/proc/x.log", "--events")


def test_the_suffix_is_checked_when_the_format_depends_on_it(tmp_path):
    with pytest.raises(OutputError, match="must end in .png"):
        check_file(str(tmp_path / "map.jpg"), "--png", ".png")


def test_two_options_naming_one_file_are_refused(tmp_path):
    a = check_file(str(tmp_path / "r.json"), "--json")
    b = check_file(str(tmp_path / "." / "r.json"), "--events")
    with pytest.raises(OutputError, match="--json and --events name the same file"):
        distinct([a, None, b])


def test_every_file_appears_whole_and_with_the_usual_mode(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    a, b = check_file(str(tmp_path / "a.txt"), "--a"), check_file(str(tmp_path / "b.txt"), "--b")
    write_files([(a, lambda tmp: tmp.write_text("new a")), (b, lambda tmp: tmp.write_text("new b"))])
    assert (tmp_path / "a.txt").read_text() == "new a" and (tmp_path / "b.txt").read_text() == "new b"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o666 & ~umask
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_a_failure_while_writing_leaves_every_target_as_it_was(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    a, b = check_file(str(tmp_path / "a.txt"), "--a"), check_file(str(tmp_path / "b.txt"), "--b")

    def disk_full(tmp):
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputError, match=r"^--b .*b.txt: cannot write \(No space left on device\)$"):
        write_files([(a, lambda tmp: tmp.write_text("new a")), (b, disk_full)])
    assert (tmp_path / "a.txt").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]  # no temporaries, no half file


def test_a_folder_may_be_new_with_new_parents_but_not_a_file(tmp_path):
    out = check_folder(str(tmp_path / "a" / "b"), "--out")
    assert not (tmp_path / "a").exists()  # created only when written to
    assert make_folder(out) and (tmp_path / "a" / "b").is_dir()
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="--out .*f: exists and is not a folder"):
        check_folder(str(tmp_path / "f"), "--out")
