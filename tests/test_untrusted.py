"""Reading a file from outside: one descriptor, a regular file, within the cap — or a reason, never a hang."""

from __future__ import annotations

import os

import pytest

from inspector.untrusted import Unreadable, open_regular, printable, read_bounded


def _reason(path, cap=1024) -> str:
    with pytest.raises(Unreadable) as refused:
        read_bounded(path, cap)
    return refused.value.reason


def test_a_regular_file_within_the_cap_is_read_whole(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"x" * 1024)
    assert read_bounded(tmp_path / "a.csv", 1024) == b"x" * 1024


def test_every_other_kind_of_path_has_a_reason(tmp_path):
    (tmp_path / "big.csv").write_bytes(b"x" * 1025)
    assert _reason(tmp_path / "big.csv") == "too_large"
    assert _reason(tmp_path / "missing.csv") == "missing"
    assert _reason(tmp_path) == "directory"
    assert _reason("/dev/zero") == "not_regular"  # endless: never read


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_without_a_writer_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    assert _reason(tmp_path / "pipe.csv") == "not_regular"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_with_a_writer_is_refused_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    holder = os.open(tmp_path / "pipe.csv", os.O_RDWR | os.O_NONBLOCK)  # a writer that has written, and stays
    try:
        os.write(holder, b"x" * 4096)
        assert _reason(tmp_path / "pipe.csv") == "not_regular"
        assert os.read(holder, 8192) == b"x" * 4096  # nobody else read a byte
    finally:
        os.close(holder)


@pytest.mark.skipif(not os.path.exists("/proc/self/pagemap"), reason="Linux /proc")
def test_links_to_devices_and_system_files_are_judged_by_what_they_point_at(tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert _reason(tmp_path / "zero.csv") == "not_regular"
    (tmp_path / "pagemap.csv").symlink_to("/proc/self/pagemap")  # "regular", size 0, endless: opened, never read
    fd, info = open_regular(tmp_path / "pagemap.csv", 1024)
    os.close(fd)
    assert info.st_size == 0
    assert read_bounded("/proc/self/status", 1 << 20)  # size 0 but readable: read, and held to the cap
    assert _reason("/proc/self/status", cap=10) == "too_large"


def test_printable_replaces_what_moves_the_cursor_or_reorders_text():
    assert printable("普通文字 plain") == "普通文字 plain"
    assert printable("a\x1b[2Jb\x07\x00") == "a?[2Jb??"
    assert printable("a\x1b[2Jb") == "a?[2Jb"
    assert printable("x\x9b31my\x7f") == "x?31my?"
    assert printable("abc\u202edcba\u2066\u2069\u200f") == "abc?dcba???"
    assert printable("\ud800") == "?"
    assert printable("\n\r\t") == "???"
    assert printable("一二三四五六", limit=4) == "一二三…"
    assert printable(12) == "12" and printable(None) == "None"


def test_why_a_file_was_not_read_is_one_short_phrase_per_reason():
    assert Unreadable("missing").why(1024) == "文件不存在"
    assert Unreadable("directory").why(1024) == "这是文件夹"
    assert "命名管道" in Unreadable("not_regular").why(1024)
    assert Unreadable("too_large", size=10**9).why(64 * 1024) == "文件超过 64 KB 的上限"
    assert Unreadable("too_large").why(16 * 2**20) == "文件超过 16 MB 的上限"
    assert Unreadable("unreadable", detail="Permission denied\x1b[2J").why(1024) == "Permission denied?[2J"
