"""What a killed process left in a workspace goes on the next start; what a live one uses, and a user's files, stay."""

import os
import shutil
import subprocess
import sys
import textwrap

from inspector import clock, workspace
from inspector.ids import uuid7
from inspector.workspace import leftovers
from tests.conftest import ROOT
from tests.exchange.test_bundle_kit import kit_fixture  # noqa: F401


def hours_ago(folder) -> float:
    """Two hours before now, as the file system stamps files (a test clock does not move the disk's stamps)."""
    return clock.file_system_now(folder) - 2 * 3600


def aged(path, when=None):
    """Set a path's modification time (and, for a folder, its contents') back to `when` (default: two hours)."""
    when = hours_ago(path.parent) if when is None else when
    for root, dirs, files in os.walk(path) if path.is_dir() else [(path.parent, [], [path.name])]:
        for name in dirs + files:
            os.utime(os.path.join(root, name), (when, when))
    os.utime(path, (when, when))
    return path


def test_stale_temporaries_go_while_fresh_ones_and_user_files_stay(ws, tmp_path):
    root = ws.path
    ws.close()
    sha = "ab" + "0" * 62
    stale = [
        root / ".taskpack-k2x9_q1",
        root / ".incoming" / uuid7(),
        root / "quarantine" / f".{sha}.ibundle.0a1b2c3d4e5f.part",
        root / "evidence" / "ab" / ".tmp-3kd9x_1q.part",
    ]
    stale[0].mkdir()
    (stale[0] / "payload.sqlite").write_bytes(b"half a payload")
    stale[1].mkdir(parents=True)
    (stale[1] / "payload.sqlite").write_bytes(b"a private copy")
    stale[2].parent.mkdir()
    stale[2].write_bytes(b"half a quarantined bundle")
    stale[3].parent.mkdir()
    stale[3].write_bytes(b"half a photo")
    live_merge = root / ".incoming" / uuid7()  # an old folder, but a merge is writing into it right now
    live_merge.mkdir()
    (live_merge / "payload.sqlite").write_bytes(b"being copied")
    fresh = root / ".taskpack-fresh1"  # a task pack being issued by another process right now
    fresh.mkdir()
    users = [
        root / "notes.part",
        root / ".taskpack-notes.txt",
        root / "export-2026",
        root / ".incoming" / "readme.txt",
        root / "quarantine" / f"{sha}.ibundle",
        root / "evidence" / "ab" / "copy.part",
        root / "evidence" / "ab" / f"{sha}.jpg",
    ]
    for path in users:
        if path.suffix:
            path.write_bytes(b"the user's")
        else:
            path.mkdir()
    for path in [*stale, *users, root / ".incoming", live_merge]:
        aged(path)
    os.utime(live_merge / "payload.sqlite")
    with workspace.open_workspace(root):
        pass
    assert [p for p in stale if p.exists()] == []
    assert live_merge.exists() and fresh.exists()
    assert [p for p in users if not p.exists()] == []


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from inspector.workspace import leftovers
    lock = leftovers.FileLock(Path({lock!r}))
    print("held" if lock.acquire() else "busy", flush=True)
    sys.stdin.read()
    """
)


def test_an_export_running_in_another_process_keeps_its_working_folder(kit, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(kit.laptops["A"], laptop)
    work = laptop / ".export-x7k2m9q1"  # an hour-old working folder: locks, not ages, decide for exports
    work.mkdir()
    (work / "payload.sqlite").write_bytes(b"being built")
    aged(work)
    script = HOLDER.format(root=str(ROOT), lock=str(laptop / leftovers.EXPORT_LOCK))
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with workspace.open_workspace(laptop) as ws:
            report = leftovers.clean_up(ws)
            assert report.skipped_exports and work.exists()
    finally:
        holder.communicate("")  # the exporting process ends
    with workspace.open_workspace(laptop):
        assert not work.exists()


def test_a_dead_exports_folder_goes_at_once_however_new(kit, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(kit.laptops["A"], laptop)
    work = laptop / ".export-a1b2c3d4"
    work.mkdir()
    (work / "build.sqlite").write_bytes(b"left by a killed export a moment ago")
    with workspace.open_workspace(laptop):
        assert not work.exists()


def test_the_app_leaves_the_evidence_sweep_to_its_checks_after_opening(ws):
    from inspector.workspace import integrity

    part = ws.evidence_dir / "cd" / ".tmp-9xk2m_1a.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"half a photo")
    aged(part)
    path = ws.path
    ws.close()
    opened = workspace.open_workspace(path, daily_backup=False, sweep_evidence=False)  # the app, on the UI thread
    opened.close()
    assert part.exists()
    integrity.after_open(path)  # the checks the app runs next, off the UI thread
    assert not part.exists()
