"""A laptop that loses power loses nothing: kill -9 a process mid-inspection, and at every step of an export."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from inspector import envelope
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.register import sites
from inspector.workspace import ledger, open_workspace
from tests.conftest import ROOT
from tests.exchange.test_bundle_kit import FIELD_PASS, START, inspect, kit_fixture, split  # noqa: F401

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from inspector.field import inspections
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


# ---------------------------------------------------------------- kill -9 at every step of a bundle export

EXPORT_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from inspector.exchange.bundle import export
    from inspector.workspace import open_workspace

    def reached(step):
        if step == {step!r}:
            os.kill(os.getpid(), signal.SIGKILL)

    export.reached = reached
    ws = open_workspace({path!r})
    export.export_bundle(ws, {out!r}, {passphrase!r})
    sys.exit(3)  # the step was never reached
    """
)
RECORDED_FROM = export.STEPS.index("recorded")


def bundle_files(folder):
    """Manifest, manifest hash and payload revisions (finding id, rev) of every bundle file in a folder."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        doc, _, payload = split(path.read_bytes())
        conn = sqlite3.connect(":memory:")
        conn.deserialize(payload)
        revisions = set(conn.execute("SELECT finding_id, rev FROM finding_revisions"))
        conn.close()
        found[path] = (doc, envelope.manifest_sha256_of(path), revisions)
    return found


def recorded_exports(path):
    """{seq: (manifest hash, file name)} straight from the database file, without opening the workspace."""
    raw = sqlite3.connect(path / "workspace.db")
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0]: (row[1], row[2]) for row in raw.execute("SELECT seq, manifest_sha256, file_name FROM exports")}
    finally:
        raw.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 needs a POSIX system")
@pytest.mark.parametrize("step", export.STEPS)
def test_export_killed_at_any_step_is_finished_or_forgotten_on_the_next_start(kit, tmp_path, step):
    laptop, usb = tmp_path / "laptop", tmp_path / "usb"
    shutil.copytree(kit.laptops["A"], laptop)
    usb.mkdir()
    with open_workspace(laptop) as ws:
        first = inspect(ws, site_code="YX-008", when=START.replace(day=28), seed=21)
        code = inspections.current_findings(ws.db, first.id)[3].item_code
        inspections.record_finding(ws.db, first.id, code, outcome="fail", count=2, note="复核", reason="复核")
        earlier = ledger.last_export(ws.db)[0]
    script = EXPORT_CHILD.format(root=str(ROOT), step=step, path=str(laptop), out=str(usb), passphrase=FIELD_PASS)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr

    # At the moment of the kill: every file under a bundle name is recorded, with the same manifest.
    at_kill = recorded_exports(laptop)
    for doc, sha, _ in bundle_files(usb).values():
        assert at_kill[doc["seq"]][0] == sha
    killed_recorded = export.STEPS.index(step) >= RECORDED_FROM
    assert (earlier + 1 in at_kill) == killed_recorded
    temporary = [p for p in usb.iterdir() if p.name.startswith(".") and p.name.endswith(".part")]
    assert len(temporary) == (step in ("header", "written", "synced", "recorded"))

    with open_workspace(laptop) as ws:  # the next start
        # (a) the database and the files agree: nothing half-done is left
        assert ws.db.execute("SELECT COUNT(*) FROM export_temps").fetchone()[0] == 0
        assert [p.name for p in usb.iterdir() if p.name.startswith(".")] == []
        assert not list(laptop.glob(".export-*"))
        on_disk = {doc["seq"]: (sha, path.name) for path, (doc, sha, _) in bundle_files(usb).items()}
        assert on_disk == {seq: row for seq, row in recorded_exports(laptop).items() if seq > earlier}
        assert len(on_disk) == int(killed_recorded)
        inspect(ws, site_code="YX-009", when=START.replace(day=29), seed=22)
        second = export.export_bundle(ws, usb, FIELD_PASS)
        assert second.seq == earlier + 1 + int(killed_recorded)
        revisions = {
            row[0]: (row[1], row[2])
            for row in ws.db.execute("SELECT local_seq, finding_id, rev FROM finding_revisions")
        }
        laptop_state = sorted(ws.db.execute("SELECT finding_id, rev, content_hash FROM finding_revisions"))
        last_before = next(e for e in ledger.list_exports(ws.db) if e["seq"] == earlier)

    # (b) one manifest per sequence number, chained; (c) each revision new in exactly one bundle, carried by it
    bundles = bundle_files(usb)
    docs = sorted(bundles.values(), key=lambda entry: entry[0]["seq"])
    assert [doc["seq"] for doc, _, _ in docs] == list(range(earlier + 1, second.seq + 1))
    prev_sha, after = last_before["manifest_sha256"], kit_through(kit)
    for doc, sha, revs in docs:
        assert doc["prev_manifest_sha256"] == prev_sha and doc["revisions"]["after"] == after
        new = {revisions[n] for n in revisions if after < n <= doc["revisions"]["through"]}
        assert new and new <= revs
        prev_sha, after = sha, doc["revisions"]["through"]
    assert after == max(revisions)

    # the office merges everything this laptop ever wrote without an equivocation alarm
    with kit.office_copy(tmp_path / "office") as office:
        files = [kit.bundles[name] for name in ("a1", "a2", "a3", "a4")] + sorted(bundles)
        verdicts = merge.merge_paths(office, files)
        assert [v.verdict for v in verdicts] == ["imported"] * len(files), [v.reason for v in verdicts]
        assert office.db.execute("SELECT COUNT(*) FROM bundle_verdicts WHERE verdict != 'imported'").fetchone()[0] == 0
        merged = sorted(
            office.db.execute(
                "SELECT finding_id, rev, content_hash FROM finding_revisions WHERE device_id = ?", [kit.devices["A"]]
            )
        )
        assert merged == laptop_state


def kit_through(kit):
    """The last revision number laptop A had exported when the kit was built."""
    return split(kit.bundles["a4"].read_bytes())[0]["revisions"]["through"]
