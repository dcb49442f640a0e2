"""The office merge: order-independent state, scores, gaps, provenance, the CLI, and kill -9 mid-merge."""

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inspector import workspace
from inspector.changes import NOTHING
from inspector.cli import main as cli_main
from inspector.errors import InspectorError
from inspector.exchange import merge, registry
from inspector.exchange.bundle import export
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field import evidence, inspections
from inspector.register import sites
from tests.conftest import ROOT
from tests.exchange.test_bundle_kit import FIELD_PASS, START, inspect, kit_fixture, office_fixture  # noqa: F401

ORDER = ["a1", "a2", "a3", "a4", "b1", "b2"]


def merged(kit, folder: Path, names) -> dict:
    with kit.office_copy(folder) as ws:
        verdicts = [merge.merge_bundle(ws, kit.bundles[name]) for name in names]
        assert all(v.verdict in ("imported", "duplicate") for v in verdicts), [v.reason for v in verdicts]
        return workspace_digest(ws.db)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(ORDER))
def test_bundles_merged_in_any_order_give_the_same_digest(kit, order):
    with tempfile.TemporaryDirectory() as tmp:
        reference = merged(kit, Path(tmp) / "ref", ORDER)
        assert merged(kit, Path(tmp) / "shuffled", order) == reference


def test_merged_state_matches_the_laptops(kit, office):
    verdicts = merge.merge_paths(office, [kit.bundles[name] for name in ("a3", "b2", "a1", "b1", "a2")])
    assert [v.verdict for v in verdicts] == ["imported"] * 5
    for name in ("A", "B"):
        with workspace.open_workspace(kit.laptops[name]) as laptop:
            for row in laptop.db.execute(
                "SELECT id, status, finished_at, problem_count, deduction_total, score FROM inspections"
            ):
                there = office.db.execute(
                    "SELECT id, status, finished_at, problem_count, deduction_total, score FROM inspections"
                    " WHERE id = ?",
                    [row[0]],
                ).fetchone()
                assert there == row
            revisions = laptop.db.execute(
                "SELECT finding_id, rev, content_hash FROM finding_revisions ORDER BY 1, 2"
            ).fetchall()
            assert (
                office.db.execute(
                    "SELECT finding_id, rev, content_hash FROM finding_revisions WHERE device_id = ? ORDER BY 1, 2",
                    [laptop.device_id],
                ).fetchall()
                == revisions
            )
    yx003 = sites.get_site(office.db, "YX-003").id
    assert office.db.execute("SELECT COUNT(*) FROM inspections WHERE site_id = ?", [yx003]).fetchone()[0] == 1
    assert office.db.execute("SELECT origin FROM sites WHERE name = '新发现的流动摊点'").fetchone() == ("field",)
    for (photos,) in office.db.execute("SELECT photos FROM finding_revisions"):
        for sha in json.loads(photos):
            evidence.read_photo(office.evidence_dir, sha)
    sources = office.db.execute("SELECT COUNT(DISTINCT inspection_id) FROM inspection_sources").fetchone()[0]
    assert sources == 5
    first = office.db.execute(
        "SELECT id FROM inspections WHERE device_id = ? ORDER BY id", [kit.devices["A"]]
    ).fetchone()[0]
    came = merge.inspection_sources(office.db, first)
    assert [(c["seq"], c["inspector_id"]) for c in came] == [(1, "I-001"), (2, "I-001")]


def test_finished_beats_open_whatever_arrives_last(kit, office):
    assert merge.merge_bundle(office, kit.bundles["a3"]).verdict == "imported"
    assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
    assert office.db.execute("SELECT COUNT(*) FROM inspections WHERE status = 'open'").fetchone()[0] == 0


def test_sequence_gaps_are_reported_not_blocking(kit, office):
    merge.merge_bundle(office, kit.bundles["a1"])
    v = merge.merge_bundle(office, kit.bundles["a3"])
    assert v.verdict == "imported" and v.gaps == [2]
    assert [d["gaps"] for d in registry.list_devices(office.db) if d["device_id"] == kit.devices["A"]] == [[2]]
    assert merge.merge_bundle(office, kit.bundles["a2"]).gaps == []


def test_what_a_merge_changed_depends_on_its_verdict(kit, office):
    """Imported: the inspections and everything with them; refused or duplicate: only the recorded verdict."""
    assert merge.merge_bundle(office, kit.bundles["a1"], dry_run=True).changes == NOTHING  # nothing written
    imported = merge.merge_bundle(office, kit.bundles["a1"])
    assert imported.verdict == "imported" and imported.changes == merge.MERGED
    assert imported.changes.touches("inspections") and {"findings", "problems", "verdicts"} <= imported.changes.kinds
    again = merge.merge_bundle(office, kit.bundles["a1"])
    assert again.verdict == "duplicate" and again.changes == merge.RECORDED
    assert not again.changes.touches("inspections", "findings", "photos", "problems")
    refused = merge.merge_paths(office, [kit.bundles["r1"]])
    assert [v.verdict for v in refused] == ["rejected"] and merge.changes_of(refused) == merge.RECORDED
    assert merge.changes_of([again, imported]) == merge.MERGED and merge.changes_of([]) == NOTHING
    assert "changes" not in imported.as_dict()  # the verdict's JSON form (CLI, table) stays as it was


def test_folders_verdict_list_and_cli(kit, office, tmp_path, capsys):
    folder = tmp_path / "usb"
    folder.mkdir()
    for name in ("a1", "b1", "r1"):
        shutil.copyfile(kit.bundles[name], folder / f"{name}.ibundle")
    (folder / "notes.txt").write_text("not a bundle", encoding="utf-8")
    office.close()
    assert cli_main(["--workspace", str(office.path), "bundle", "verify", str(folder / "a1.ibundle"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "valid"
    assert cli_main(["--workspace", str(office.path), "merge", str(folder), "--json"]) == 3  # r1 rejected
    result = json.loads(capsys.readouterr().out)
    assert [(Path(v["file"]).name, v["verdict"]) for v in result] == [
        ("a1.ibundle", "imported"),
        ("b1.ibundle", "imported"),
        ("r1.ibundle", "rejected"),
    ]
    assert cli_main(["--workspace", str(office.path), "merge", str(folder)]) == 3
    text = capsys.readouterr().out
    assert "已导入过" in text and "已拒收" in text and "没有在办公室登记" in text
    assert cli_main(["--workspace", str(office.path), "workspace", "digest", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["digest"]) == 64
    out = tmp_path / "payload.sqlite"
    assert (
        cli_main(["--workspace", str(office.path), "bundle", "extract", str(folder / "a1.ibundle"), "--out", str(out)])
        == 0
    )
    assert sqlite3.connect(out).execute("SELECT COUNT(*) FROM findings").fetchone()[0] > 0
    capsys.readouterr()
    assert (
        cli_main(
            [
                "--workspace",
                str(office.path),
                "bundle",
                "extract",
                str(folder / "r1.ibundle"),
                "--out",
                str(tmp_path / "r.sqlite"),
            ]
        )
        == 3
    )
    assert not (tmp_path / "r.sqlite").exists()
    with workspace.open_workspace(office.path) as ws:
        verdicts = merge.list_verdicts(ws.db)
        assert [v["verdict"] for v in verdicts][:3] == ["rejected", "duplicate", "duplicate"] and len(verdicts) == 6


# ---------------------------------------------------------------- kill -9 during a merge


def _heavy_bundle(kit, tmp_path) -> Path:
    """A laptop-A bundle with a dozen inspections and photos of realistic size (seq 5)."""
    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    with workspace.open_workspace(tmp_path / "laptop") as ws:
        rng = random.Random(5)
        codes = [s.code for s in sites.list_sites(ws.db, site_type="market")] + [
            s.code for s in sites.list_sites(ws.db, site_type="road")
        ]
        for n in range(12):
            found = inspect(
                ws,
                site_code=codes[n % len(codes)],
                when=START.replace(day=24, hour=8) + n * (START - START.replace(hour=8)),
                seed=40 + n,
                fails=2,
                photos=1,
            )
            for item in inspections.current_findings(ws.db, found.id)[:2]:
                img = Image.effect_noise((700, 500), 90).convert("RGB")
                import io

                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=92)
                sha = evidence.import_photo(ws.db, ws.evidence_dir, buf.getvalue(), device_id=ws.device_id).sha256
                inspections.add_photos(ws.db, found.id, item.item_code, [sha], reason="补充照片")
            rng.random()
        return Path(export.export_bundle(ws, tmp_path, FIELD_PASS).path)


# The merging process: a fresh interpreter (forking pytest's process, which may hold threads, can deadlock the child).
# It imports first and says so, then merges when told to, so the parent's timer starts with the merge itself.
# The child reports how long after "go" its merge ended, by its own clock: two processes' clocks need not agree
# (under faketime each process's clock starts from the faked moment when the process started).
CHILD = """
import json, sys, time
from pathlib import Path
from inspector import workspace
from inspector.exchange import merge
office, bundle, report = sys.argv[1:4]
print("ready", flush=True)
sys.stdin.readline()
go = time.monotonic()
with workspace.open_workspace(Path(office)) as ws:
    verdict = merge.merge_bundle(ws, Path(bundle))
    if report:
        Path(report).write_text(json.dumps({"ended": time.monotonic() - go, **verdict.timings}))
"""


def _start_child(office_path: Path, bundle: Path, report: Path | None = None) -> subprocess.Popen[str]:
    """A process that merges `bundle` into the workspace at `office_path`, told to begin as this returns."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(office_path), str(bundle), str(report or "")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline() == "ready\n"
    child.stdin.write("go\n")
    child.stdin.flush()
    return child


def _end_child(child: subprocess.Popen[str], *, kill: bool) -> int:
    if kill:
        child.kill()  # SIGKILL: no clean-up of any kind in the child
    code = child.wait(timeout=300)
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()
    return code


def test_kill_9_at_random_moments_during_merge_leaves_before_or_after(kit, tmp_path):
    heavy = _heavy_bundle(kit, tmp_path)
    base = tmp_path / "base"
    with kit.office_copy(base) as ws:
        for name in ("a1", "a2", "a3"):
            assert merge.merge_bundle(ws, kit.bundles[name]).verdict == "imported"
        before = workspace_digest(ws.db)
    shutil.copytree(base, tmp_path / "ref")
    child = _start_child(tmp_path / "ref", heavy, report=tmp_path / "timeline.json")
    assert _end_child(child, kill=False) == 0
    timeline = json.loads((tmp_path / "timeline.json").read_text())
    ended = timeline["ended"]  # seconds from "go" to the end of the merge
    writing = max(0.0, ended - timeline["write"] * 1.5)  # the transaction: the last part of the merge
    with workspace.open_workspace(tmp_path / "ref") as ws:
        after = workspace_digest(ws.db)
    assert after != before and after["counts"]["photos"] > before["counts"]["photos"]
    rng = random.Random(20261127)
    seen = {"before": 0, "after": 0}
    for n in range(24):
        work = tmp_path / f"run{n}"
        shutil.copytree(base, work)
        child = _start_child(work, heavy)
        # a third anywhere from the start to a little past the end, the rest inside the write transaction
        time.sleep(rng.uniform(0, ended * 1.05) if n % 3 == 0 else rng.uniform(writing, ended + (ended - writing) / 2))
        _end_child(child, kill=True)
        raw = sqlite3.connect(work / "workspace.db")
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        raw.close()
        with workspace.open_workspace(work) as ws:
            state = workspace_digest(ws.db)
            assert state in (before, after)
            imported = ws.db.execute("SELECT COUNT(*) FROM received_bundles WHERE seq = 5").fetchone()[0]
            assert imported == (state == after)
            seen["before" if state == before else "after"] += 1
            again = merge.merge_bundle(ws, heavy)
            assert again.verdict == ("duplicate" if imported else "imported")
            assert workspace_digest(ws.db) == after
            for (photos,) in ws.db.execute("SELECT photos FROM finding_revisions"):
                for sha in json.loads(photos):
                    evidence.read_photo(ws.evidence_dir, sha)
        shutil.rmtree(work)
    assert seen["before"] >= 1 and sum(seen.values()) == 24, seen  # usually both outcomes occur; timing varies


def test_a_merge_fsyncs_exactly_the_new_photos_and_their_folders_and_never_the_whole_filesystem(
    kit, office, monkeypatch
):
    import ctypes

    synced: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    whole: list[str] = []

    class Libc:  # what a syncfs call would go through: records the lookup and finds nothing
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            whole.append(name)
            raise AttributeError(name)

    monkeypatch.setattr(ctypes, "CDLL", Libc)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", lambda: whole.append("sync"))
    store = office.evidence_dir
    before = {p for p in store.rglob("*")} if store.exists() else set()
    verdict = merge.merge_bundle(office, kit.bundles["a1"])
    assert verdict.verdict == "imported", verdict.reason
    new_photos = sorted(p for p in store.rglob("*.jpg") if p not in before)
    assert new_photos and verdict.counts["new"]["photos"] == len(new_photos)
    # folders that received an entry: each new photo's shard folder, and the parent of each folder created
    new_folders = {p.parent for p in new_photos} | {
        p.parent for p in store.rglob("*") if p.is_dir() and p not in before
    }
    resolved = [p.resolve() for p in synced]
    assert sorted(resolved) == sorted({p.resolve() for p in [*new_photos, *new_folders]})
    assert len(resolved) == len(set(resolved))  # each once
    assert "syncfs" not in whole and "sync" not in whole
    again = merge.merge_bundle(office, kit.bundles["a1"])
    assert again.verdict == "duplicate"
    assert len(synced) == len(resolved)  # a duplicate writes nothing, so syncs nothing


def test_photos_left_by_a_killed_merge_are_made_durable_before_the_retry_commits(kit, office, monkeypatch):
    from inspector.exchange.bundle import apply

    real_move = apply.move_photos
    left: list[Path] = []

    def move_then_die(evidence_dir, folder, staged, unlisted=()):  # killed after the renames, before any fsync
        for sha in staged:
            target = evidence.photo_path(evidence_dir, sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder / f"{sha}.part", target)
            left.append(target)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(apply, "move_photos", move_then_die)
    with pytest.raises(merge.MergeError):  # a disk fault: neither imported nor refused, merge again later
        merge.merge_bundle(office, kit.bundles["a1"])
    assert left and all(p.is_file() for p in left)
    assert office.db.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0  # the rows rolled back

    synced: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{fd}")).resolve())
        real_fsync(fd)

    monkeypatch.setattr(apply, "move_photos", real_move)
    monkeypatch.setattr(os, "fsync", fsync)
    again = merge.merge_bundle(office, kit.bundles["a1"])
    assert again.verdict == "imported", again.reason
    assert {p.resolve() for p in left} <= set(synced)  # files the killed merge left are flushed this time
    assert {p.parent.resolve() for p in left} <= set(synced)  # with the folders that received them


def test_a_merge_run_refreshes_the_planner_statistics_once_after_its_commits(kit, office):
    statements: list[str] = []
    office.db.conn.set_trace_callback(statements.append)
    try:
        verdicts = merge.merge_paths(office, [kit.bundles["a1"], kit.bundles["b1"]])
    finally:
        office.db.conn.set_trace_callback(None)
    assert [v.verdict for v in verdicts] == ["imported", "imported"]
    optimize = [n for n, sql in enumerate(statements) if sql.strip().upper() == "PRAGMA OPTIMIZE"]
    assert len(optimize) == 1
    commits = [n for n, sql in enumerate(statements) if sql.strip().upper() == "COMMIT"]
    assert commits and optimize[0] > max(commits)


# ---------------------------------------------------------------- the verdicts kept, a page at a time


def _keep_verdicts(ws, kinds) -> None:
    from inspector.exchange.bundle.verify import Verdict
    from inspector.store import transaction

    with transaction(ws.db) as conn:
        for n, kind in enumerate(kinds):
            verdict = Verdict(f"usb/{n}.ibundle", kind, "x", "原因")
            merge._insert_verdict(conn, verdict, f"2026-11-{n + 1:02d}T00:00:00Z")


def test_verdicts_page_in_every_order_without_repeats_or_gaps(ws):
    kinds = ["imported", "rejected", "duplicate", "quarantined", "imported", "rejected", "duplicate"]
    _keep_verdicts(ws, kinds)
    assert merge.count_verdicts(ws.db) == len(kinds)
    newest = merge.list_verdicts(ws.db)
    assert [v["file_name"] for v in newest] == [f"usb/{n}.ibundle" for n in reversed(range(len(kinds)))]
    assert merge.list_verdicts(ws.db, limit=0) == newest  # no limit, as before
    for order in merge.VERDICT_ORDERS:
        for descending in (True, False):
            whole = merge.list_verdicts(ws.db, order=order, descending=descending)
            pages = [
                v
                for offset in range(0, len(kinds), 3)
                for v in merge.list_verdicts(ws.db, limit=3, offset=offset, order=order, descending=descending)
            ]
            assert pages == whole and len({v["id"] for v in pages}) == len(kinds)
    by_verdict = merge.list_verdicts(ws.db, order="verdict", descending=False)
    assert [v["verdict"] for v in by_verdict] == [
        "quarantined", "rejected", "rejected", "imported", "imported", "duplicate", "duplicate"
    ]  # fmt: skip
    assert [v["file_name"] for v in by_verdict[1:3]] == ["usb/5.ibundle", "usb/1.ibundle"]  # ties: newest first
    assert [v["id"] for v in merge.list_verdicts(ws.db, order="checked", descending=False, limit=2)] == [
        newest[-1]["id"],
        newest[-2]["id"],
    ]
    with pytest.raises(InspectorError):
        merge.list_verdicts(ws.db, order="id; DROP TABLE bundle_verdicts")
