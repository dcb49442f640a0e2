"""Reading a file from outside: one descriptor, a regular file, within the cap — or a reason, never a hang."""

from __future__ import annotations

import os

import pytest

from inspector.untrusted import Unreadable, read_bounded


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
