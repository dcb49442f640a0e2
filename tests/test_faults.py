"""Fault injection: what a damaged, read-only, unreachable, full or locked workspace does to the command line.

Each case writes down its expectation: the message a user reads, the exit code, and what survived. No case may
print a traceback; nothing acknowledged is lost; nothing is half-written. (Kill -9 during export, answers files,
documents and merges are in tests/test_crash.py, tests/field/test_answers.py, tests/oversight/test_reports.py and
tests/exchange/test_merge.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from inspector import workspace
from tests.exchange.test_bundle_kit import kit_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"


def run(*args: str, user: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python main.py ARGS` as a user runs it (optionally as another Unix user)."""
    command = [sys.executable, str(ROOT / "main.py"), *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tempfile.gettempdir()}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def counts(folder: Path, *, immutable: bool = False) -> dict[str, int]:
    """Rows per table, read with plain sqlite3 (not the app); `immutable` reads a database on a read-only disk."""
    path = folder / workspace.DB_NAME
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True) if immutable else sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def answers_file(folder: Path, n: int = 1, *, hour: int = 9) -> Path:
    """An answers file of `n` finished inspections (all items pass)."""
    entries = [
        {
            "site": f"YX-00{k % 6 + 1}",
            "inspector": "I-001",
            "mode": "unannounced",
            "started_at": f"2026-11-{10 + k:02d}T{hour:02d}:30:00+08:00",
        }
        for k in range(n)
    ]
    path = folder / f"answers-{n}-{hour}.json"
    path.write_text(json.dumps({"inspections": entries}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A field workspace with the demo register and roster and one recorded inspection (built once)."""
    folder = tmp_path_factory.mktemp("template") / "ws"
    workspace.init_demo_workspace(folder).close()
    done = run("--workspace", str(folder), "inspect", str(answers_file(folder.parent)), "--rest", "pass")
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(template, target)
    return target


@pytest.fixture
def small_disk(mount_tmpfs) -> Path:
    return mount_tmpfs("size=8m")


# ---------------------------------------------------------------- damaged databases


@pytest.mark.parametrize("damage", ["random bytes", "header", "truncated to half", "bytes flipped in the middle"])
def test_a_damaged_database_is_named_and_refused(ws: Path, damage: str):
    db = ws / workspace.DB_NAME
    data = bytearray(db.read_bytes())
    if damage == "random bytes":
        data = bytearray(os.urandom(len(data)))
    elif damage == "header":
        data[:16] = b"not a database!!"
    elif damage == "truncated to half":
        data = data[: len(data) // 2]
    else:
        middle = len(data) // 2
        data[middle : middle + 4096] = os.urandom(4096)
    db.write_bytes(bytes(data))
    results = [
        run("--workspace", str(ws), "workspace", "info"),
        run("--workspace", str(ws), "score", "--period", "2026-11"),
        run("--workspace", str(ws), "inspect", str(answers_file(ws.parent, hour=15)), "--rest", "pass"),
    ]
    for done in results:
        # Expectation: one sentence that says the file is damaged and how to restore, exit code 1. (A page the
        # command never reads may go unnoticed by it; the open-time check and `workspace check` find it.)
        if done.returncode != 0:
            assert done.returncode == 1
            assert done.stderr.startswith("错误：") and "已损坏" in done.stderr and "恢复" in done.stderr
    assert results[0].returncode == 1 or damage == "bytes flipped in the middle"


def test_a_database_from_a_newer_version_is_not_touched(ws: Path):
    conn = sqlite3.connect(ws / workspace.DB_NAME)
    conn.execute("INSERT INTO _migrations(id, name, applied_at) VALUES (999, 'future', 'x')")
    conn.commit()
    conn.close()
    before = (ws / workspace.DB_NAME).read_bytes()
    done = run("--workspace", str(ws), "workspace", "info")
    assert done.returncode == 1 and "更新版本" in done.stderr and "升级" in done.stderr
    assert (ws / workspace.DB_NAME).read_bytes() == before


# ---------------------------------------------------------------- read-only and unreachable


def test_a_read_only_disk_says_copy_it_somewhere_writable(ws: Path, small_disk: Path):
    target = small_disk / "ws"
    shutil.copytree(ws, target)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    before = counts(ws)
    for done in (
        run("--workspace", str(target), "inspect", str(answers_file(ws.parent, hour=15)), "--rest", "pass"),
        run("--workspace", str(target), "workspace", "info"),
    ):
        assert done.returncode == 1
        assert "只读" in done.stderr and "可以写入的位置" in done.stderr
    assert counts(target, immutable=True) == before


def _nobody_can_run_python() -> bool:
    """Whether this interpreter starts as the user nobody (a Python built under /root may not: its shared library)."""
    if shutil.which("setpriv") is None:
        return False
    probe = ["setpriv", "--reuid=nobody", "--regid=65534", "--clear-groups", sys.executable, "-c", "pass"]
    return subprocess.run(probe, capture_output=True, timeout=60).returncode == 0


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to run as an unprivileged user")
def test_a_folder_without_permission_says_so(ws: Path):
    if not _nobody_can_run_python():
        pytest.skip("the user nobody cannot start this Python (its files are private to their owner)")
    shared = Path(tempfile.mkdtemp(prefix="inspector-perm-"))
    try:
        shared.chmod(0o755)
        target = shared / "ws"
        shutil.copytree(ws, target)
        target.chmod(0o000)
        done = run("--workspace", str(target), "workspace", "info", user="nobody")
        # Expectation: no access to the folder is "not a workspace" or "no permission" — never a traceback.
        assert done.returncode == 1 and done.stderr.startswith("错误：")
        assert "没有权限" in done.stderr or "不是工作区" in done.stderr
        target.chmod(0o755)
        (target / workspace.DB_NAME).chmod(0o000)
        done = run("--workspace", str(target), "workspace", "info", user="nobody")
        assert done.returncode == 1 and ("没有权限" in done.stderr or "只读" in done.stderr), done.stderr
    finally:
        for path in shared.rglob("*"):
            path.chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)


# ---------------------------------------------------------------- a full disk


def _fill(folder: Path, leave: int) -> Path:
    """Fill the disk of `folder` so that `leave` bytes stay free; returns the filler file."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as out:
        while free > 0:
            chunk = min(free, 1 << 20)
            out.write(b"\0" * chunk)
            free -= chunk
    return filler


def test_a_full_disk_keeps_earlier_work_and_works_again_once_space_is_freed(ws: Path, small_disk: Path):
    target = small_disk / "ws"
    shutil.copytree(ws, target)
    before = counts(target)
    filler = _fill(small_disk, leave=12 * 1024)
    big = answers_file(ws.parent, 6, hour=14)
    done = run("--workspace", str(target), "inspect", str(big), "--rest", "pass")
    assert done.returncode == 1
    assert "磁盘空间已满" in done.stderr and "之前保存的数据都还在" in done.stderr
    filler.unlink()  # (with the disk full, even reading needs room for SQLite's shared-memory file)
    assert counts(target) == before  # all or nothing: the file's inspections are not half there
    check = sqlite3.connect(target / workspace.DB_NAME).execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"
    again = run("--workspace", str(target), "inspect", str(big), "--rest", "pass")
    assert again.returncode == 0, again.stderr
    assert counts(target)["inspections"] == before["inspections"] + 6


# ---------------------------------------------------------------- locks


_HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE settings SET value = value WHERE key = 'name'")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_lock_held_longer_than_the_busy_timeout_is_reported_and_nothing_changes(ws: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(ws / workspace.DB_NAME)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = counts(ws)
        done = run("--workspace", str(ws), "inspect", str(answers_file(ws.parent, hour=16)), "--rest", "pass")
        assert done.returncode == 1
        assert "正被另一个程序使用" in done.stderr and "稍后重试" in done.stderr
    finally:
        holder.kill()
        holder.wait()
    assert counts(ws) == before
    again = run("--workspace", str(ws), "inspect", str(answers_file(ws.parent, hour=16)), "--rest", "pass")
    assert again.returncode == 0, again.stderr


# ---------------------------------------------------------------- a lost write-ahead log


_RECORD_AND_DIE = """
import os, signal, sys
from datetime import datetime
from inspector import workspace
from inspector.field import inspections
from inspector.register import sites
ws = workspace.open_workspace(sys.argv[1])
site = sites.get_site(ws.db, "WL-001")
def answer(inspection, finish):
    for code in inspections.inspection_checklist(ws.db, inspection).codes:
        inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    if finish:
        inspections.finish_inspection(ws.db, inspection.id)
done = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="announced",
                                    started_at=datetime.fromisoformat("2026-11-20T09:00:00+08:00"))
answer(done, True)
going = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="announced",
                                     started_at=datetime.fromisoformat("2026-11-20T11:00:00+08:00"))
answer(going, False)
print(done.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_finished_inspection_survives_a_lost_wal_file(ws: Path):
    child = subprocess.run(
        [sys.executable, "-c", _RECORD_AND_DIE, str(ws)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert child.returncode == -signal.SIGKILL
    finished_id = child.stdout.strip()
    assert (ws / f"{workspace.DB_NAME}-wal").exists()  # killed: the log was never folded in on close
    (ws / f"{workspace.DB_NAME}-wal").unlink()  # a careless copy, a sync tool, a cleaner: the log is gone
    (ws / f"{workspace.DB_NAME}-shm").unlink(missing_ok=True)
    done = run("--workspace", str(ws), "--json", "workspace", "info")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(ws / workspace.DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Expectation: every finished inspection was folded into workspace.db when it was finished; answers of the
    # inspection still in progress may be lost with the log.
    row = conn.execute("SELECT status, score FROM inspections WHERE id = ?", [finished_id]).fetchone()
    assert row is not None and row[0] == "finished" and row[1] is not None


# ---------------------------------------------------------------- output and defects


def test_a_closed_pipe_ends_quietly_with_one_line(ws: Path, tmp_path: Path):
    register = tmp_path / "register.csv"  # more output than a pipe holds, so the writer meets the closed end
    rows = [f"ZZ-{n:04d},第{n}号测试点位,road,云栖区,明月街道,明月大道{n}号,云栖区城市管理局" for n in range(3000)]
    register.write_text("点位编号,点位名称,点位类型,所属区,街道,地址,责任单位\n" + "\n".join(rows), encoding="utf-8")
    assert run("--workspace", str(ws), "sites", "import", str(register)).returncode == 0
    shell = f"{sys.executable} {ROOT / 'main.py'} --workspace {ws} sites list | head -n 1"
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert done.returncode == 141 and "输出被提前关闭" in done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_a_defect_is_one_sentence_and_a_report_file(ws: Path, tmp_path: Path):
    script = (
        "import sys; from inspector import crash, scoring; "
        f"crash.report_folder = lambda: __import__('pathlib').Path({str(tmp_path / 'reports')!r}); "
        "scoring.period_summary = lambda *a, **k: 1 / 0; "
        "from inspector.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--workspace", str(ws), "score", "--period", "2026-11"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 70 and "Traceback" not in done.stderr
    assert "程序内部错误（ZeroDivisionError）" in done.stderr
    reports = list((tmp_path / "reports").glob("inspector-crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in done.stderr
    assert "ZeroDivisionError" in reports[0].read_text("utf-8")


def test_waiting_does_not_count_against_the_user(ws: Path):
    """The busy timeout is a wait, not a failure: a lock released within it lets the write through."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD.replace("time.sleep(60)", "time.sleep(1.5)"), str(ws / workspace.DB_NAME)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        done = run("--workspace", str(ws), "inspect", str(answers_file(ws.parent, hour=17)), "--rest", "pass")
        assert done.returncode == 0, done.stderr  # it waited for the lock instead of failing at once
    finally:
        holder.wait(timeout=30)


# ---------------------------------------------------------------- the office: merges and documents on a full disk


def test_a_merge_that_meets_a_full_disk_is_neither_imported_nor_refused(kit, mount_tmpfs, tmp_path):
    disk = mount_tmpfs("size=16m")
    office = disk / "office"
    kit.office_copy(office).close()
    filler = _fill(disk, leave=64 * 1024)  # room to open the office, not to take in the bundle
    done = run("--workspace", str(office), "merge", str(kit.bundles["a1"]))
    assert done.returncode == 1
    assert "磁盘空间已满" in done.stderr and "没有导入，也没有被拒收" in done.stderr
    filler.unlink()
    verdicts = run("--workspace", str(office), "--json", "bundle", "verdicts")
    assert json.loads(verdicts.stdout) == []  # no verdict was kept against the laptop's good bundle
    again = run("--workspace", str(office), "--json", "merge", str(kit.bundles["a1"]))
    assert again.returncode == 0, again.stderr
    assert [v["verdict"] for v in json.loads(again.stdout)] == ["imported"]


def test_a_document_for_a_full_stick_takes_no_number_and_leaves_no_part(kit, mount_tmpfs, tmp_path):
    office = tmp_path / "office"
    kit.office_copy(office).close()
    stick = mount_tmpfs("size=64k")
    _fill(stick, leave=4096)
    target = stick / "通报.pdf"
    done = run("--workspace", str(office), "doc", "circular", "--period", "2026-11", "--out", str(target))
    assert done.returncode == 1
    assert "磁盘空间已满" in done.stderr or "空间不足" in done.stderr, done.stderr
    assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]  # no document, no hidden part
    numbers = run("--workspace", str(office), "--json", "doc", "numbers")
    assert json.loads(numbers.stdout) == []


def test_a_bundle_that_cannot_be_copied_in_for_lack_of_room_is_not_refused(kit, mount_tmpfs):
    from inspector.exchange import merge

    disk = mount_tmpfs("size=16m")
    with kit.office_copy(disk / "office") as office:
        filler = _fill(disk, leave=32 * 1024)  # room for the database's own pages, not for a copy of the bundle
        with pytest.raises(merge.MergeError, match="这个数据包没有导入，也没有被拒收") as stopped:
            merge.merge_bundle(office, kit.bundles["a1"])
        assert "磁盘空间已满" in str(stopped.value)
        assert merge.list_verdicts(office.db) == []
        filler.unlink()
        assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
