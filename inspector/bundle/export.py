"""Exporting a field bundle: what is not yet exported, as one signed, self-contained file.

A bundle carries, for every finding with a revision not yet exported, its whole revision chain, plus the
inspection rows (with their current state), sites, draws, catalog versions and photos those revisions
reference, so that the office can merge bundles in any order. The sequence number advances only once the
file is completely written, fsynced and renamed into place; a failed export changes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inspector import integrity, keys
from inspector.bundle import manifest as bm
from inspector.bundle.envelope import MAGIC_BUNDLE, canonical_json, publish, sha256_file, write_temp
from inspector.bundle.ledger import STATE_SQL, last_export
from inspector.bundle.ledger import list_exports as list_exports  # the export ledger, re-exported
from inspector.bundle.ledger import unexported_count as unexported_count
from inspector.bundle.payload import create_payload, vacuum_into
from inspector.errors import InspectorError, StateError, WorkspaceError
from inspector.evidence import read_photo
from inspector.ids import to_iso, utc_now, uuid7
from inspector.workspace import DB_NAME, Workspace

Progress = Callable[[str, int, int], None]
EXTENSION = ".ibundle"


class ExportError(InspectorError):
    """A bundle cannot be written (target exists, disk full, photo missing); nothing was changed."""


@dataclass(frozen=True)
class ExportResult:
    """One written bundle."""

    path: str
    seq: int
    bundle_id: str
    manifest_sha256: str
    full: bool
    size: int
    counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def default_name(ws: Workspace, seq: int) -> str:
    """A file name that says whose bundle it is and its sequence number."""
    who = (ws.inspector or {}).get("id") or "field"
    return f"{who}-{ws.device_id[-8:]}-{seq:05d}{EXTENSION}"


def _copy_rows(conn: sqlite3.Connection, device_id: str, after: int, through: int, full: bool) -> None:
    """Fill the attached payload from the workspace inside one read snapshot."""
    rev_cols = ", ".join(bm.columns("finding_revisions"))
    window = "" if full else "AND rowid > :after"
    conn.execute(
        "CREATE TEMP TABLE x_findings AS SELECT DISTINCT finding_id AS id FROM main.finding_revisions"
        f" WHERE rowid <= :through {window}",
        {"after": after, "through": through},
    )
    conn.execute(
        f"INSERT INTO payload.finding_revisions SELECT {rev_cols} FROM main.finding_revisions"
        " WHERE finding_id IN (SELECT id FROM x_findings) AND rowid <= ?",
        [through],
    )
    conn.execute(
        f"INSERT INTO payload.findings SELECT {', '.join(bm.columns('findings'))} FROM main.findings"
        " WHERE id IN (SELECT id FROM x_findings)"
    )
    changed = "1" if full else f"e.state IS NOT {STATE_SQL}"
    conn.execute(
        "CREATE TEMP TABLE x_inspections AS WITH RECURSIVE wanted(id) AS ("
        " SELECT inspection_id FROM payload.findings"
        f" UNION SELECT i.id FROM main.inspections i LEFT JOIN export_inspections e ON e.inspection_id = i.id"
        f" WHERE {changed}"
        " UNION SELECT i.recheck_of FROM main.inspections i JOIN wanted w ON w.id = i.id"
        " WHERE i.recheck_of IS NOT NULL)"
        " SELECT i.id FROM main.inspections i JOIN wanted w ON w.id = i.id WHERE i.device_id = ?",
        [device_id],
    )
    conn.execute(
        f"INSERT INTO payload.inspections SELECT {', '.join(bm.columns('inspections'))} FROM main.inspections"
        " WHERE id IN (SELECT id FROM x_inspections)"
    )
    conn.execute(
        f"INSERT INTO payload.sites SELECT {', '.join(bm.columns('sites'))} FROM main.sites"
        " WHERE id IN (SELECT site_id FROM payload.inspections)"
    )
    conn.execute(
        f"INSERT INTO payload.draws SELECT {', '.join(bm.columns('draws'))} FROM main.draws WHERE id IN"
        " (SELECT draw_id FROM payload.inspections UNION SELECT sample_draw_id FROM payload.inspections)"
    )
    conn.execute(
        "INSERT INTO payload.catalog_versions SELECT version, name, canonical FROM main.catalog_versions"
        " WHERE version IN (SELECT catalog_version FROM payload.inspections)"
    )


def _copy_photos(conn: sqlite3.Connection, evidence_dir: Path, progress: Progress | None) -> None:
    """Put every photo the payload's revisions name into it, checked against its hash, one at a time."""
    shas = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT j.value FROM payload.finding_revisions r, json_each(r.photos) j ORDER BY 1"
        )
    ]
    meta_cols = ", ".join(bm.columns("photos", without=("data",)))
    for n, sha in enumerate(shas, 1):
        meta = conn.execute(f"SELECT {meta_cols} FROM main.photos WHERE sha256 = ?", [sha]).fetchone()
        if meta is None:
            raise ExportError(f"照片 {sha[:12]} 没有登记在工作区中，无法导出；请检查证据库")
        data = read_photo(evidence_dir, sha)
        conn.execute(f"INSERT INTO payload.photos ({meta_cols}, data) VALUES ({', '.join('?' * 11)})", [*meta, data])
        if progress:
            progress("照片", n, len(shas))


def _build_payload(ws: Workspace, work: Path, after: int, full: bool, progress: Progress | None) -> tuple:
    """Build the payload file; returns (path, through, counts, catalog versions, inspection states)."""
    build = work / "build.sqlite"
    create_payload(build, bm.SCHEMA).close()
    conn = sqlite3.connect(str(ws.path / DB_NAME), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("ATTACH DATABASE ? AS payload", [str(build)])
        conn.execute("PRAGMA payload.journal_mode = OFF")
        conn.execute("PRAGMA payload.synchronous = OFF")
        conn.execute("BEGIN")
        through = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM main.finding_revisions").fetchone()[0]
        _copy_rows(conn, ws.device_id, after, through, full)
        _copy_photos(conn, ws.evidence_dir, progress)
        counts = {
            name: conn.execute(f"SELECT COUNT(*) FROM payload.{name}").fetchone()[0]
            for name in bm.COUNT_NAMES
            if name != "revisions"
        }
        counts["revisions"] = conn.execute("SELECT COUNT(*) FROM payload.finding_revisions").fetchone()[0]
        versions = sorted(row[0] for row in conn.execute("SELECT version FROM payload.catalog_versions"))
        states = conn.execute(f"SELECT i.id, {STATE_SQL} FROM payload.inspections i").fetchall()
        conn.execute("COMMIT")
        final = work / "payload.sqlite"
        vacuum_into(conn, "payload", final)
        conn.execute("DETACH DATABASE payload")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
    return final, through, counts, versions, states


def export_bundle(
    ws: Workspace,
    out: Path | str,
    passphrase: str,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write a signed bundle of everything not yet exported (`full`: everything) to `out` (a file or a folder)."""
    if ws.role != "field":
        raise WorkspaceError("只有外勤笔记本的工作区可以导出数据包")
    integrity.check_before(ws, "export")
    signer = keys.unlock(ws.db, passphrase)
    last_seq, prev_hash, last_through = last_export(ws.db)
    seq = last_seq + 1
    target = Path(out)
    if target.is_dir():
        target = target / default_name(ws, seq)
    if target.exists():
        raise ExportError(f"“{target}”已经存在：请换一个文件名或文件夹，未做任何改动")
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=ws.path))
    try:
        if progress:
            progress("整理记录", 0, 1)
        payload, through, counts, versions, states = _build_payload(ws, work, last_through, full, progress)
        if counts["inspections"] == 0:
            raise StateError(
                "没有尚未导出的记录；如需重新导出全部记录，请使用 --all" if not full else "工作区中还没有任何检查记录"
            )
        payload_sha, payload_size = sha256_file(payload)
        bundle_id = uuid7()
        manifest = {
            "format": bm.FORMAT,
            "format_version": 1,
            "kind": bm.KIND,
            "bundle_id": bundle_id,
            "device_id": ws.device_id,
            "device_name": ws.name,
            "key_id": signer.key_id,
            "inspector_id": (ws.inspector or {}).get("id") or None,
            "seq": seq,
            "prev_manifest_sha256": prev_hash,
            "full": full,
            "revisions": {"after": 0 if full else last_through, "through": through},
            "schema_version": bm.PAYLOAD_VERSION,
            "catalog_versions": versions,
            "created_at": to_iso(utc_now()),
            "payload": {"sha256": payload_sha, "size": payload_size},
            "counts": counts,
        }
        bm.check_manifest(manifest)
        manifest_bytes = canonical_json(manifest)
        signature = signer.sign(keys.DOMAIN_BUNDLE, manifest_bytes)
        if progress:
            progress("写入文件", 0, 1)
        tmp = write_temp(target, magic=MAGIC_BUNDLE, manifest=manifest_bytes, signature=signature, payload=payload)
        result = _record(ws, tmp, target, manifest, manifest_bytes, states)
    except OSError as exc:
        raise ExportError(f"写入数据包失败（{exc.strerror or exc}），未做任何改动，可以重新导出") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress:
        progress("完成", 1, 1)
    return result


def _record(
    ws: Workspace, tmp: Path, target: Path, manifest: dict, manifest_bytes: bytes, states: list
) -> ExportResult:
    """Record the export and rename the file into place in one transaction."""
    manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
    counts = manifest["counts"]
    size = tmp.stat().st_size

    def record(conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM exports WHERE seq = ?", [manifest["seq"]]).fetchone():
            raise ExportError("另一个导出刚刚完成，请重新导出一次")
        conn.execute(
            "INSERT INTO exports (seq, bundle_id, manifest_sha256, prev_manifest_sha256, full, revisions_after,"
            " revisions_through, inspections, findings, revisions, photos, size, file_name, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                manifest["seq"],
                manifest["bundle_id"],
                manifest_sha,
                manifest["prev_manifest_sha256"],
                int(manifest["full"]),
                manifest["revisions"]["after"],
                manifest["revisions"]["through"],
                counts["inspections"],
                counts["findings"],
                counts["revisions"],
                counts["photos"],
                size,
                target.name,
                manifest["created_at"],
            ],
        )
        conn.executemany(
            "INSERT INTO export_inspections (inspection_id, state, seq) VALUES (?, ?, ?)"
            " ON CONFLICT(inspection_id) DO UPDATE SET state = excluded.state, seq = excluded.seq",
            [(iid, state, manifest["seq"]) for iid, state in states],
        )

    publish(ws.db, tmp, target, record)
    return ExportResult(
        str(target), manifest["seq"], manifest["bundle_id"], manifest_sha, manifest["full"], size, counts
    )
