import os
import stat

import pytest

from inspector.atomic import atomic_path, write_bytes_atomic


def test_importing_or_writing_never_touches_the_process_umask(tmp_path, monkeypatch):
    import importlib

    import inspector.atomic

    calls = []
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or 0o022)  # other threads would see a change
    importlib.reload(inspector.atomic)
    inspector.atomic.write_bytes_atomic(tmp_path / "a.txt", b"x")
    assert calls == []


def test_written_files_get_ordinary_permissions(tmp_path):
    target = tmp_path / "out" / "通报.pdf"
    write_bytes_atomic(target, b"%PDF-1.4")
    assert target.read_bytes() == b"%PDF-1.4"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "list.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["list.xlsx"]
