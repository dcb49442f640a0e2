"""kill -9 during `python main.py inspect FILE`: afterwards the file is either not there at all or all there."""

from __future__ import annotations

import io
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import pytest
from PIL import Image

from inspector import clock
from inspector.cli import main
from inspector.field.checklist import checklist_for_site
from inspector.workspace import open_workspace
from tests.conftest import ROOT

# The child runs main.py as a user would, with one function wrapped so that the process kills itself there.
CHILD = textwrap.dedent(
    """
    import contextlib, os, runpy, signal, sys
    from datetime import datetime, timezone
    sys.path.insert(0, {root!r})
    from inspector import clock
    from inspector.field import answers, evidence, inspections
    clock.set_moment(datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc))

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    point = {point!r}
    if point == "photos placed":
        record = evidence.PhotoSet.record
        def placed(self, conn, **kw):
            record(self, conn, **kw)
            die()
        evidence.PhotoSet.record = placed
    elif point == "half the answers":
        answer = inspections.record_finding_tx
        calls = []
        def answered(*a, **kw):
            calls.append(1)
            if len(calls) == {half}:
                die()
            return answer(*a, **kw)
        inspections.record_finding_tx = answered
    elif point == "before commit":
        finish = inspections.finish_inspection_tx
        calls = []
        def finished(*a, **kw):
            finish(*a, **kw)
            calls.append(1)
            if len(calls) == {inspections}:
                die()
        inspections.finish_inspection_tx = finished
    elif point == "after commit":
        transaction = answers.transaction
        @contextlib.contextmanager
        def committed(db):
            with transaction(db) as conn:
                yield conn
            die()
        answers.transaction = committed
    sys.argv = ["main.py", "--workspace", {workspace!r}, "inspect", {file!r}, "--rest", "pass"]
    runpy.run_path(os.path.join({root!r}, "main.py"), run_name="__main__")
    """
)
POINTS = ("photos placed", "half the answers", "before commit", "after commit")


@pytest.fixture(autouse=True)
def _early_december():
    """The file speaks of late November: the parent runs on 1 December like the child."""
    clock.set_moment(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))


def state(path):
    """Row counts of every table and every path under evidence/."""
    with open_workspace(path) as ws:
        tables = [  # not the planner's statistics: closing a workspace refreshes them (store.optimize)
            r[0]
            for r in ws.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
            )
        ]
        counts = {t: ws.db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        folder = ws.evidence_dir
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []
    return counts, files


def answers_file(ws, folder):
    items = [i for i in checklist_for_site(ws.db, "YX-003", mode="announced").items if i.photo_required][:3]
    entries = []
    for n in range(3):
        findings = []
        for k, item in enumerate(items):
            name = f"img/{n}-{k}.jpg"
            out = io.BytesIO()
            Image.new("RGB", (160, 120), (40 * n, 60 * k, 90)).save(out, "JPEG")
            (folder / "img").mkdir(exist_ok=True)
            (folder / name).write_bytes(out.getvalue())
            findings.append({"item": item.code, "outcome": "fail", "count": k + 1, "photos": [name]})
        entries.append(
            {"site": "YX-003", "inspector": "I-001", "started_at": f"2026-11-2{n}T09:30:00+08:00", "findings": findings}
        )
    path = folder / "answers.json"
    path.write_text(json.dumps({"inspections": entries}), encoding="utf-8")
    return path, len(entries), len(entries) * len(items)


@pytest.mark.parametrize("point", POINTS)
def test_kill_during_an_import_leaves_nothing_or_everything(point, ws, tmp_path, capsys):
    path, count, answers_in_file = answers_file(ws, tmp_path)
    ws.close()
    reference = tmp_path / "reference"
    shutil.copytree(ws.path, reference)
    before = state(ws.path)
    assert main(["--workspace", str(reference), "inspect", str(path), "--rest", "pass"]) == 0
    capsys.readouterr()
    everything = state(reference)
    assert everything[0]["inspections"] == before[0]["inspections"] + count

    script = CHILD.format(
        root=str(ROOT),
        point=point,
        half=answers_in_file // 2,
        inspections=count,
        workspace=str(ws.path),
        file=str(path),
    )
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr

    raw = sqlite3.connect(ws.path / "workspace.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    counts, files = state(ws.path)
    expected = everything[0] if point == "after commit" else before[0]
    assert counts == expected
    # a kill before the commit may leave the set's photo files (content-addressed, unreferenced), nothing else
    assert set(before[1]) <= set(files) <= set(everything[1])

    assert main(["--workspace", str(ws.path), "inspect", str(path), "--rest", "pass"]) == 0
    out = capsys.readouterr().out
    assert ("跳过 3 次" in out) == (point == "after commit")
    assert state(ws.path) == everything  # and running it again after the crash never duplicates
