"""The office merge: verify each field bundle in the reference's order and merge it in its own transaction.

Verdicts: imported (with counts), duplicate (already imported), rejected (reason), quarantined (reason); every
verdict is kept in `bundle_verdicts` with the file's SHA-256. Merging is order-independent: records are
grow-only sets keyed by their ids, conflicts are refused, and inspection state is merged by rules that
do not depend on arrival order (finished beats open, the latest finish time wins, scores recomputed, a void is
final).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from inspector import faults, scoring, store, timecheck
from inspector.atomic import atomic_path
from inspector.catalog.store import store_catalog
from inspector.changes import NOTHING, OpChanges
from inspector.envelope import Refusal, describe
from inspector.errors import InspectorError, WorkspaceError
from inspector.exchange import registry
from inspector.exchange.bundle import apply
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.content import BundleReader
from inspector.exchange.bundle.payload import PayloadSchema, as_refusal, open_payload
from inspector.exchange.bundle.verify import (
    Checked,
    Intake,
    Verdict,
    check_replay,
    manifest_of,
    private_dir,
    quarantine_copy,
    receive_checked,
)
from inspector.faults import StorageError
from inspector.field.evidence import photo_path
from inspector.ids import to_iso, utc_now
from inspector.store import backup, checked_rows, db_path, transaction
from inspector.untrusted import printable
from inspector.workspace import Workspace, integrity

Progress = Callable[[int, int, str], None]
BUNDLE_SUFFIXES = (".ibundle",)


class MergeError(InspectorError):
    """The office database could not be written (disk full, locked); the bundle was not imported."""


class _DryRun(Exception):
    """Raised at the end of a verification run to roll the transaction back."""


def _office(ws: Workspace) -> None:
    if ws.role != "office":
        raise WorkspaceError("只有办公室工作区可以校验和合并数据包（请用 --workspace 指定办公室工作区）")


def _folder_bundles(folder: Path) -> list[Path]:
    """The entries of a folder named *.ibundle that are not folders (looked at, never opened).

    A link, a named pipe or a device named like a bundle is listed too, so that it gets a verdict; receiving
    it opens it once and refuses anything that is not a regular file without reading it.
    """
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if Path(entry.name).suffix.lower() in BUNDLE_SUFFIXES and not entry.is_dir():
                found.append(Path(entry.path))
    return sorted(found)


def bundle_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, and the bundle files (*.ibundle) in the folders named, in a stable order."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if stat.S_ISDIR(_mode(path)):
            found.extend(_folder_bundles(path))
        else:
            found.append(path)
    return found


def _mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode
    except OSError:
        return 0


# What a merge changes: a refused or duplicate bundle only its recorded verdict (and the device's sequence it names);
# an imported one also the inspections, findings, photos, sites and negative lists it brought, and the problems.
RECORDED = OpChanges.of("verdicts", "devices")
MERGED = RECORDED | OpChanges.of("inspections", "findings", "photos", "sites", "catalog", "problems")


def changes_of(verdicts: Iterable[Verdict]) -> OpChanges:
    """What a run of merges changed, from their verdicts (`merge_paths` returns one per bundle)."""
    return OpChanges.union(v.changes for v in verdicts)


def merge_paths(ws: Workspace, paths: Iterable[Path | str], *, progress: Progress | None = None) -> list[Verdict]:
    """Verify and merge every bundle named (files or folders), each in its own transaction; one verdict each.

    A refused file never stops the others: only a fault of this office's own disk or database does.
    """
    _office(ws)
    integrity.check_before(ws, "merge")
    try:
        made = backup.before_operation(ws.db, "merge")
    except backup.CopyDamaged as exc:  # its copy of every page failed integrity_check: so does the database
        raise integrity.mark_damaged(db_path(ws.db) or str(ws.path), exc.detail) from exc
    except StorageError as exc:  # no room even for the backup: nothing is merged, nothing refused
        raise MergeError(_not_merged(exc, every=True)) from exc
    integrity.check_pages(ws, backed_up=made is not None)
    files = bundle_files(paths)
    verdicts = []
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), printable(path.name, limit=120))
        verdicts.append(merge_bundle(ws, path))
    if any(v.verdict == "imported" for v in verdicts):
        _optimize(ws)
    if progress:
        progress(len(files), len(files), "完成")
    return verdicts


def _optimize(ws: Workspace) -> None:
    """Keep the query planner's statistics current after merges grew the tables (one call per merge run, after
    every bundle's transaction committed). Statistics only help: a failure here never undoes or refuses a merge.
    """
    store.optimize(ws.db)


def merge_bundle(ws: Workspace, path: Path | str, *, dry_run: bool = False, extract_to: Path | None = None) -> Verdict:
    """Verify one bundle and (unless `dry_run`) merge it; the verdict is recorded unless it is a dry run.

    Whatever the file holds, the answer is a verdict: a refusal, or any other exception raised while the
    untrusted file is read and checked, becomes a rejection with its reason. Only a fault of this office's
    own disk or database is a MergeError (nothing merged, nothing refused).
    """
    _office(ws)
    path = Path(path)
    timings: dict[str, float] = {}
    folder = private_dir(ws.path)
    intake = Intake(str(path))
    try:
        try:
            checked = receive_checked(ws.db, path, folder, intake, timings)
            counts = _verify_and_merge(ws, checked, folder, dry_run, timings)
            verdict = Verdict(str(path), "valid" if dry_run else "imported", "ok", "", manifest=checked.manifest)
            verdict.counts = counts
            verdict.gaps = registry.sequence_gaps(ws.db, checked.manifest["device_id"])
        except Refusal as refusal:
            verdict = _refused(ws, intake, refusal, dry_run)
        except (StorageError, MergeError, sqlite3.Error, OSError) as exc:
            # this office's disk or database, not the bundle: nothing is refused
            raise (exc if isinstance(exc, MergeError) else MergeError(_not_merged(exc))) from exc
        except Exception as exc:  # nothing a file holds may crash the office: refuse it instead
            refusal = Refusal("unreadable", f"无法处理该文件（{describe(exc)}），已拒收")
            verdict = _refused(ws, intake, refusal, dry_run)
        verdict.verified = intake.verified
        verdict.file_sha256 = intake.file_sha256
        verdict.manifest_sha256 = intake.manifest_sha256
        verdict.timings = timings
        if extract_to is not None and verdict.verdict in ("valid", "duplicate") and intake.envelope is not None:
            _extract(intake.envelope.payload_path, extract_to, bm.schema_of(intake.claims or {}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not dry_run and verdict.verdict != "imported":
        _record_verdict(ws, verdict)
    verdict.changes = NOTHING if dry_run else MERGED if verdict.verdict == "imported" else RECORDED
    return verdict


def _refused(ws: Workspace, intake: Intake, refusal: Refusal, dry_run: bool) -> Verdict:
    """The verdict for a refused file: its reason, and the manifest it states (a claim unless verified)."""
    manifest = intake.claims if intake.claims is not None else manifest_of(intake.header)
    verdict = Verdict(intake.source, refusal.verdict, refusal.code, str(refusal), manifest=manifest)
    if refusal.verdict == "quarantined" and intake.envelope is not None and not dry_run:
        try:
            verdict.reason += f"（文件已保存到 {quarantine_copy(ws.path, intake.envelope)}）"
        except OSError as exc:
            verdict.reason += f"（未能保存文件副本：{exc.strerror or exc}）"
    return verdict


def _extract(payload_path: Path, target: Path, schema: PayloadSchema) -> None:
    """Write a verified payload as a fresh, compact SQLite file: VACUUM INTO from the defensively opened copy.

    Only rows reach the file: free pages and slack space of the received payload, which could carry anything,
    are left behind.
    """
    payload = open_payload(payload_path, schema)  # header, quick_check and the exact schema checked again
    conn = payload.conn
    try:
        # VACUUM INTO attaches its output and writes it: allowed on this connection only now, after the whole
        # payload was verified; the progress budget stays on
        conn.set_authorizer(None)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
        conn.execute("PRAGMA query_only = OFF")
        with atomic_path(target) as tmp:
            tmp.unlink()
            conn.execute("VACUUM INTO ?", [str(tmp)])
    except sqlite3.Error as exc:
        raise MergeError(f"未能写出 SQLite 数据（{describe(as_refusal(exc, payload.budget))}）") from None
    finally:
        payload.close()


# ---------------------------------------------------------------- steps 8-10


def _verify_and_merge(ws: Workspace, checked: Checked, folder: Path, dry_run: bool, timings: dict) -> dict[str, Any]:
    """Open the payload defensively, check every row and photo (step 9), then merge in one transaction (step 10)."""
    clock = time.perf_counter()
    payload = open_payload(checked.envelope.payload_path, bm.schema_of(checked.manifest))
    timings["open"] = time.perf_counter() - clock
    conn = ws.db.conn
    try:
        reader = BundleReader(payload, checked.manifest)
        clock = time.perf_counter()
        try:
            reader.read_tables()
            apply.stage_rows(conn, reader)
            reader.check_photo_set()
            timings["rows"] = time.perf_counter() - clock
            clock = time.perf_counter()
            staged, unlisted, write_time = _stage_photos(ws, reader, folder, dry_run)
            timings["photo_check"] = reader.photo_check_seconds
            timings["photos"] = time.perf_counter() - clock - write_time - reader.photo_check_seconds
            timings["photo_writes"] = write_time
            counts = reader.check_counts(reader.revision_count)
        except OSError as exc:  # the office's disk, not the bundle: nothing is refused, the merge can be repeated
            raise MergeError(_not_merged(exc)) from exc
        except Exception as exc:
            raise as_refusal(exc, payload.budget) from None
    finally:
        payload.close()
    clock = time.perf_counter()
    try:
        new = _merge(ws, checked, reader, staged, dry_run, unlisted)
    except _DryRun as done:
        new = done.args[0]
    except Refusal:
        raise
    except sqlite3.IntegrityError as exc:
        raise Refusal("conflict", f"数据包中的记录与办公室已有记录冲突（{describe(exc)}）") from None
    except (sqlite3.Error, OSError, StorageError) as exc:
        raise MergeError(_not_merged(exc)) from exc
    except Exception as exc:  # nothing a bundle holds may crash the office: refuse it instead
        raise Refusal("unreadable_payload", f"合并时无法处理数据包内容（{describe(exc)}），已拒收") from None
    finally:
        apply.clear_staging(conn)
    timings["write"] = time.perf_counter() - clock
    return {**counts, "new": new}


def _not_merged(exc: BaseException, *, every: bool = False) -> str:
    fault = faults.explain(exc)
    cause = str(fault) if fault is not None else f"写入办公室数据库或证据库失败（{describe(exc)}）"
    which = "数据包都" if every else "这个数据包"
    return f"{cause} {which}没有导入，也没有被拒收：处理好之后重新合并即可。"


def _stage_photos(
    ws: Workspace, reader: BundleReader, folder: Path, dry_run: bool
) -> tuple[list[str], list[str], float]:
    """Hash and check every photo from the payload in chunks (each one, even when the office has it already, so
    a bundle's verdict never depends on what arrived before); write those the evidence store lacks to private files.

    Returns (staged, unlisted, write time): `unlisted` are photo files already in the store that no photos row
    names yet — left by a merge killed after moving them, perhaps before they were made durable — so they are
    fsynced again before the rows that name them commit.
    """
    staged: list[str] = []
    unlisted: list[str] = []
    write_time = 0.0
    for ref in reader.content.photos:
        if dry_run or photo_path(ws.evidence_dir, ref.sha256).is_file():
            reader.stream_photo(ref)
            if not dry_run and not ws.db.execute("SELECT 1 FROM photos WHERE sha256 = ?", [ref.sha256]).fetchone():
                unlisted.append(ref.sha256)
            continue
        target = folder / f"{ref.sha256}.part"
        with open(target, "wb") as out:

            def sink(chunk: bytes, out: Any = out) -> None:
                nonlocal write_time
                started = time.perf_counter()
                out.write(chunk)
                write_time += time.perf_counter() - started

            reader.stream_photo(ref, sink)
        staged.append(ref.sha256)
    return staged, unlisted, write_time


def _merge(
    ws: Workspace,
    checked: Checked,
    reader: BundleReader,
    staged: list[str],
    dry_run: bool,
    unlisted: Sequence[str] = (),
) -> dict[str, int]:
    """Step 10: one BEGIN IMMEDIATE … COMMIT for the whole bundle (rolled back whole on any refusal)."""
    manifest, content = checked.manifest, reader.content
    rules = scoring.load_rules(ws.db)
    now = to_iso(utc_now())
    with transaction(ws.db) as conn:
        marks = checked_rows.current(conn)
        check_replay(conn, manifest, checked.envelope.manifest_sha256)
        for catalog in content.catalogs.values():
            store_catalog(conn, catalog, source=f"数据包 {manifest['bundle_id']}", imported_at=now)
        site_map = apply.merge_sites(conn, content.sites)
        apply.merge_draws(conn, content.draws)
        new_inspections = apply.merge_inspections(conn, content.inspections, site_map, manifest["device_id"])
        new = {"inspections": new_inspections, **apply.merge_findings(conn)}
        new["voids"] = apply.merge_voids(conn, content.voids, manifest["device_id"])
        new["photos"], new["shared_photos"] = apply.merge_photos(conn, reader)
        apply.recompute_scores(conn, rules, [row[0] for row in content.inspections])
        new["time_flags"] = timecheck.flag_merged(
            conn,
            [row[0] for row in content.inspections],
            signed_at=manifest["created_at"],
            bundle_id=manifest["bundle_id"],
            photo_times=any(ref.meta[4] is not None for ref in content.photos),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO inspection_sources (inspection_id, device_id, seq) VALUES (?, ?, ?)",
            [(row[0], manifest["device_id"], manifest["seq"]) for row in content.inspections],
        )
        conn.execute(
            "INSERT INTO received_bundles (device_id, seq, manifest_sha256, prev_manifest_sha256, bundle_id, key_id,"
            " file_sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                manifest["device_id"],
                manifest["seq"],
                checked.envelope.manifest_sha256,
                manifest["prev_manifest_sha256"],
                manifest["bundle_id"],
                manifest["key_id"],
                checked.envelope.file_sha256,
                now,
            ],
        )
        checked_rows.vouch(conn, marks)  # every row added above was verified on its way in (step 9)
        if dry_run:
            raise _DryRun(new)
        verdict = Verdict(checked.envelope.source, "imported", "ok", "", checked.envelope.file_sha256, verified=True)
        verdict.manifest_sha256, verdict.manifest = checked.envelope.manifest_sha256, manifest
        verdict.counts = {**manifest["counts"], "new": new}
        _insert_verdict(conn, verdict, now)
        apply.move_photos(ws.evidence_dir, checked.envelope.payload_path.parent, staged, unlisted)
    return new


# ---------------------------------------------------------------- verdicts


def _insert_verdict(conn: sqlite3.Connection, verdict: Verdict, now: str) -> None:
    """Keep a verdict. The device, key and sequence columns hold only what a verified signature vouches for;
    what an unverified manifest says is kept under "claimed" in `counts`, as a claim."""
    m = (verdict.manifest or {}) if verdict.verified else {}
    counts = dict(verdict.counts)
    if not verdict.verified and verdict.claims:
        counts["claimed"] = verdict.claims
    seq = m.get("seq")
    conn.execute(
        "INSERT INTO bundle_verdicts (file_name, file_sha256, verdict, code, reason, device_id, key_id, seq, bundle_id,"
        " manifest_sha256, counts, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            printable(verdict.file, limit=1000),
            verdict.file_sha256,
            verdict.verdict,
            verdict.code,
            printable(verdict.reason, limit=2000),
            *(printable(m[k], limit=200) if isinstance(m.get(k), str) else None for k in ("device_id", "key_id")),
            seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
            printable(m["bundle_id"], limit=200) if isinstance(m.get("bundle_id"), str) else None,
            verdict.manifest_sha256,
            json.dumps(counts, ensure_ascii=False),
            now,
        ],
    )


def _record_verdict(ws: Workspace, verdict: Verdict) -> None:
    with transaction(ws.db) as conn:
        _insert_verdict(conn, verdict, to_iso(utc_now()))


def inspection_sources(db: Any, inspection_id: str) -> list[dict[str, Any]]:
    """Which bundles (device, sequence number, bundle id, file) brought an inspection to the office."""
    rows = db.execute(
        "SELECT s.device_id, s.seq, b.bundle_id, b.key_id, b.imported_at, d.inspector_id, d.device_name"
        " FROM inspection_sources s LEFT JOIN received_bundles b ON b.device_id = s.device_id AND b.seq = s.seq"
        " LEFT JOIN devices d ON d.key_id = b.key_id WHERE s.inspection_id = ? ORDER BY s.device_id, s.seq",
        [inspection_id],
    ).fetchall()
    names = ("device_id", "seq", "bundle_id", "key_id", "imported_at", "inspector_id", "device_name")
    return [dict(zip(names, row, strict=True)) for row in rows]


# verdict list sort key -> SQL expression (ties: newest first); refused verdicts rank before the rest
VERDICT_ORDERS: dict[str, str] = {
    "checked": "id",
    "verdict": "CASE verdict WHEN 'quarantined' THEN 0 WHEN 'rejected' THEN 1 WHEN 'imported' THEN 2 ELSE 3 END",
}


def count_verdicts(ws_db: Any) -> int:
    """How many verdicts the office keeps."""
    return int(ws_db.execute("SELECT COUNT(*) FROM bundle_verdicts").fetchone()[0])


def list_verdicts(
    ws_db: Any,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: str = "checked",
    descending: bool = True,
) -> list[dict[str, Any]]:
    """Verdicts kept in the office, a page at a time: newest first unless another order (VERDICT_ORDERS) is asked.

    Ties keep the newest first, so pages of one order never repeat or skip a verdict while nothing is added.
    """
    if order not in VERDICT_ORDERS:
        raise InspectorError(f"无法按“{order}”排序，可用：{'、'.join(VERDICT_ORDERS)}")
    direction = "DESC" if descending else "ASC"
    tie = "" if order == "checked" else ", id DESC"
    sql = (
        "SELECT id, file_name, file_sha256, verdict, code, reason, device_id, key_id, seq, bundle_id, counts,"
        f" checked_at FROM bundle_verdicts ORDER BY {VERDICT_ORDERS[order]} {direction}{tie} LIMIT ? OFFSET ?"
    )
    page = int(limit) if limit and limit > 0 else -1  # LIMIT -1: every verdict (as no limit or 0 always meant)
    rows = ws_db.execute(sql, [page, max(int(offset), 0)]).fetchall()
    names = ("id", "file_name", "file_sha256", "verdict", "code", "reason", "device_id", "key_id", "seq", "bundle_id")
    records = []
    for row in rows:
        record = {**dict(zip(names, row[:10], strict=True)), "counts": json.loads(row[10]), "checked_at": row[11]}
        record["file_name"], record["reason"] = printable(row[1], limit=1000), printable(row[5], limit=2000)
        records.append(record)
    return records
