"""A laptop that loses power loses nothing recorded: kill -9 a process mid-inspection."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from inspector import inspections, sites
from inspector.workspace import open_workspace
from tests.conftest import ROOT

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from inspector import inspections
    from inspector.workspace import open_workspace
    ws = open_workspace({path!r})
    for code in inspections.inspection_checklist(ws.db, inspections.get_inspection(ws.db, {iid!r})).codes:
        inspections.record_finding(ws.db, {iid!r}, code, outcome="pass")
        print(code, flush=True)
    time.sleep(60)
    """
)


def test_kill_mid_inspection_loses_no_acknowledged_answer(ws):
    site = sites.list_sites(ws.db, site_type="market")[0]
    inspection = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="announced")
    total = len(inspections.inspection_checklist(ws.db, inspection).codes)
    path = ws.path
    ws.close()
    script = CHILD.format(root=str(ROOT), path=str(path), iid=inspection.id)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    assert child.stdout is not None
    while len(acknowledged) < total // 2:
        line = child.stdout.readline()
        assert line, "the child stopped early"
        acknowledged.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    raw = sqlite3.connect(path / "workspace.db")
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with open_workspace(path) as again:
        recorded = {f.item_code for f in inspections.current_findings(again.db, inspection.id)}
        assert set(acknowledged) <= recorded
        assert [i.id for i in inspections.open_inspections(again.db)] == [inspection.id]
