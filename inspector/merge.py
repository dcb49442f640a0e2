"""The office merge: verify each field bundle in the reference's order and merge it in its own transaction.

Verdicts: imported (with counts), duplicate (already imported), rejected (reason), quarantined (reason); every
verdict is kept in `bundle_verdicts` with the file's SHA-256. Merging is order-independent: records are
grow-only sets keyed by their ids, conflicts are refused, and inspection state is merged by rules that
do not depend on arrival order (finished beats open, the latest finish time wins, scores recomputed).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from inspector import faults, integrity, registry, scoring, timecheck
from inspector.atomic import copy_atomic
from inspector.bundle import apply
from inspector.bundle import manifest as bm
from inspector.bundle.content import BundleReader
from inspector.bundle.envelope import Envelope, Refusal, describe
from inspector.bundle.payload import as_refusal, open_payload
from inspector.bundle.verify import (
    MAX_BUNDLE_BYTES,
    Checked,
    Verdict,
    check_received,
    check_replay,
    file_sha256,
    manifest_of,
    private_dir,
    quarantine_copy,
    receive_bundle,
)
from inspector.catalog.store import store_catalog
from inspector.errors import InspectorError, WorkspaceError
from inspector.evidence import photo_path
from inspector.faults import StorageError
from inspector.ids import to_iso, utc_now
from inspector.store import backup, transaction
from inspector.workspace import Workspace

Progress = Callable[[int, int, str], None]
BUNDLE_SUFFIXES = (".ibundle",)


class MergeError(InspectorError):
    """The office database could not be written (disk full, locked); the bundle was not imported."""


class _DryRun(Exception):
    """Raised at the end of a verification run to roll the transaction back."""


def _office(ws: Workspace) -> None:
    if ws.role != "office":
        raise WorkspaceError("只有办公室工作区可以校验和合并数据包（请用 --workspace 指定办公室工作区）")


def bundle_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, and the bundle files (*.ibundle) in the folders named, in a stable order."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in BUNDLE_SUFFIXES))
        else:
            found.append(path)
    return found


def merge_paths(ws: Workspace, paths: Iterable[Path | str], *, progress: Progress | None = None) -> list[Verdict]:
    """Verify and merge every bundle named (files or folders), each in its own transaction; one verdict each."""
    _office(ws)
    integrity.check_before(ws, "merge")
    try:
        backup.before_operation(ws.db, "merge")
    except StorageError as exc:  # no room even for the backup: nothing is merged, nothing refused
        raise MergeError(_not_merged(exc, every=True)) from exc
    files = bundle_files(paths)
    verdicts = []
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), path.name)
        verdicts.append(merge_bundle(ws, path))
    if progress:
        progress(len(files), len(files), "完成")
    return verdicts


def merge_bundle(ws: Workspace, path: Path | str, *, dry_run: bool = False, extract_to: Path | None = None) -> Verdict:
    """Verify one bundle and (unless `dry_run`) merge it; the verdict is recorded unless it is a dry run."""
    _office(ws)
    path = Path(path)
    timings: dict[str, float] = {}
    folder = private_dir(ws.path)
    envelope: Envelope | None = None
    try:
        clock = time.perf_counter()
        try:
            envelope = receive_bundle(path, folder)
            timings["receive"] = time.perf_counter() - clock
            checked = check_received(ws.db, envelope)
            timings["check"] = time.perf_counter() - clock - timings["receive"]
            counts = _verify_and_merge(ws, checked, folder, dry_run, timings)
            verdict = Verdict(str(path), "valid" if dry_run else "imported", "ok", "", manifest=checked.manifest)
            verdict.counts = counts
            verdict.gaps = registry.sequence_gaps(ws.db, checked.manifest["device_id"])
        except Refusal as refusal:
            verdict = Verdict(str(path), refusal.verdict, refusal.code, str(refusal), manifest=manifest_of(envelope))
            if refusal.verdict == "quarantined" and envelope is not None and not dry_run:
                try:
                    verdict.reason += f"（文件已保存到 {quarantine_copy(ws.path, envelope)}）"
                except OSError as exc:
                    verdict.reason += f"（未能保存文件副本：{exc.strerror or exc}）"
        except StorageError as exc:  # this office's disk or database, not the bundle: nothing is refused
            raise MergeError(_not_merged(exc)) from exc
        verdict.file_sha256 = envelope.file_sha256 if envelope else _small_file_sha(path)
        verdict.manifest_sha256 = envelope.manifest_sha256 if envelope else None
        verdict.timings = timings
        if extract_to is not None and verdict.verdict in ("valid", "duplicate") and envelope is not None:
            copy_atomic(envelope.payload_path, extract_to)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not dry_run and verdict.verdict != "imported":
        _record_verdict(ws, verdict)
    return verdict


def _small_file_sha(path: Path) -> str | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return file_sha256(path) if size <= MAX_BUNDLE_BYTES else None


# ---------------------------------------------------------------- steps 8-10


def _verify_and_merge(ws: Workspace, checked: Checked, folder: Path, dry_run: bool, timings: dict) -> dict[str, Any]:
    """Open the payload defensively, check every row and photo (step 9), then merge in one transaction (step 10)."""
    clock = time.perf_counter()
    payload = open_payload(checked.envelope.payload_path, bm.SCHEMA)
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
            staged, write_time = _stage_photos(ws, reader, folder, dry_run)
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
        new = _merge(ws, checked, reader, staged, dry_run)
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


def _stage_photos(ws: Workspace, reader: BundleReader, folder: Path, dry_run: bool) -> tuple[list[str], float]:
    """Hash and check every photo from the payload in chunks (each one, even when the office has it already, so
    a bundle's verdict never depends on what arrived before); write those the evidence store lacks to private files.
    """
    staged: list[str] = []
    write_time = 0.0
    for ref in reader.content.photos:
        if dry_run or photo_path(ws.evidence_dir, ref.sha256).is_file():
            reader.stream_photo(ref)
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
    return staged, write_time


def _merge(ws: Workspace, checked: Checked, reader: BundleReader, staged: list[str], dry_run: bool) -> dict[str, int]:
    """Step 10: one BEGIN IMMEDIATE … COMMIT for the whole bundle (rolled back whole on any refusal)."""
    manifest, content = checked.manifest, reader.content
    rules = scoring.load_rules(ws.db)
    now = to_iso(utc_now())
    with transaction(ws.db) as conn:
        check_replay(conn, manifest, checked.envelope.manifest_sha256)
        for catalog in content.catalogs.values():
            store_catalog(conn, catalog, source=f"数据包 {manifest['bundle_id']}", imported_at=now)
        site_map = apply.merge_sites(conn, content.sites)
        apply.merge_draws(conn, content.draws)
        new_inspections = apply.merge_inspections(conn, content.inspections, site_map, manifest["device_id"])
        new = {"inspections": new_inspections, **apply.merge_findings(conn)}
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
        if dry_run:
            raise _DryRun(new)
        verdict = Verdict(checked.envelope.source, "imported", "ok", "", checked.envelope.file_sha256)
        verdict.manifest_sha256, verdict.manifest = checked.envelope.manifest_sha256, manifest
        verdict.counts = {**manifest["counts"], "new": new}
        _insert_verdict(conn, verdict, now)
        apply.move_photos(ws.evidence_dir, checked.envelope.payload_path.parent, staged)
    return new


# ---------------------------------------------------------------- verdicts


def _insert_verdict(conn: sqlite3.Connection, verdict: Verdict, now: str) -> None:
    m = verdict.manifest or {}
    conn.execute(
        "INSERT INTO bundle_verdicts (file_name, file_sha256, verdict, code, reason, device_id, key_id, seq, bundle_id,"
        " manifest_sha256, counts, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            verdict.file,
            verdict.file_sha256,
            verdict.verdict,
            verdict.code,
            verdict.reason,
            *(str(m[k])[:200] if isinstance(m.get(k), str) else None for k in ("device_id", "key_id")),
            m.get("seq") if isinstance(m.get("seq"), int) and not isinstance(m.get("seq"), bool) else None,
            str(m["bundle_id"])[:200] if isinstance(m.get("bundle_id"), str) else None,
            verdict.manifest_sha256,
            json.dumps(verdict.counts, ensure_ascii=False),
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


def list_verdicts(ws_db: Any, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every verdict kept in the office, newest first (for the results table)."""
    sql = (
        "SELECT id, file_name, file_sha256, verdict, code, reason, device_id, key_id, seq, bundle_id, counts,"
        " checked_at FROM bundle_verdicts ORDER BY id DESC"
    )
    rows = ws_db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
    names = ("id", "file_name", "file_sha256", "verdict", "code", "reason", "device_id", "key_id", "seq", "bundle_id")
    return [
        {**dict(zip(names, row[:10], strict=True)), "counts": json.loads(row[10]), "checked_at": row[11]}
        for row in rows
    ]
