"""Exporting a field bundle: what is not yet exported, as one signed, self-contained file.

A bundle carries, for every finding with a revision not yet exported, its whole revision chain, plus the
inspection rows (with their current state and, for a voided one, its void), sites, draws, catalog versions and
photos those revisions reference, so that the office can merge bundles in any order. "Not yet exported" is counted
in the revisions' `local_seq`, never in the implicit rowid (see bundle.ledger).

A sequence number is spent by the ledger, never by a file: a bundle file gets its final name only after its
export is recorded, so no file under a bundle name can exist without its record, and no number can be
signed for two different bundles (which the office would quarantine as equivocation). Under the workspace's
export lock (one export at a time, across processes and threads), the steps, named as in `STEPS`:

1. finish or undo what a killed export left (ledger.recover) and remove its working folder;
2. build the payload in a working folder `.export-*` inside the workspace, sign the manifest   [payload]
3. note the temporary file `.<name>.<bundle id>.part`, beside the target, in `export_temps`      [intent]
4. write the temporary file and fsync it                                      [header, written, synced]
5. ONE transaction: the `exports` row (seq, manifest hash, file name, revision window) and the
   exported inspection states                                                               [recorded]
6. rename the file to its final name, fsync the folder                              [renamed, dir_synced]
7. drop the `export_temps` note                                                                 [done]

Killed before step 5 commits: the number was not spent and no file carries it under a bundle name; the next
start deletes the temporary file, and the next export uses the number for whatever is unexported then.
Killed after: the number is spent on that manifest and the temporary file is complete (fsynced before the
record); the next start renames it into place if that had not happened. So after any kill, the next start
makes the database and the files agree, no number names two bundles, and each revision is new in exactly
one bundle. A failed export (disk full, a read-only folder, a refused rename) removes its temporary file
and, when the file certainly never got its final name, takes its record back: nothing changed.
If the target folder cannot be reached at the next start (the USB stick taken out), the recorded export
stays unfinished, and incremental exports wait for it (a full export, which carries everything, does not).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inspector.atomic import fsync_dir
from inspector.changes import OpChanges
from inspector.envelope import (
    HEADER,
    MAGIC_BUNDLE,
    SIGNATURE_SIZE,
    canonical_json,
    describe,
    manifest_sha256_of,
    sha256_file,
    write_temp,
)
from inspector.errors import InspectorError, StateError, WorkspaceError
from inspector.exchange import keys, registry
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.payload import create_payload, vacuum_into
from inspector.field.evidence import read_photo
from inspector.ids import to_iso, utc_now, uuid7
from inspector.store import transaction
from inspector.workspace import DB_NAME, Workspace, integrity, ledger, leftovers
from inspector.workspace.ledger import STATE_SQL, last_export
from inspector.workspace.ledger import list_exports as list_exports  # the export ledger, re-exported
from inspector.workspace.ledger import unexported_count as unexported_count

Progress = Callable[[str, int, int], None]
EXTENSION = ".ibundle"
STEPS = ("payload", "intent", "header", "written", "synced", "recorded", "renamed", "dir_synced", "done")
_NOTHING_CHANGED = "未做任何改动，可以重新导出"


class ExportError(InspectorError):
    """A bundle cannot be written (target exists, disk full, photo missing); nothing was changed."""


def reached(step: str) -> None:
    """Called as an export passes each of `STEPS`; crash tests replace it to kill the process at that step."""


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

    @property
    def changes(self) -> OpChanges:
        """What writing a bundle changed: the export ledger (what is left to export)."""
        return OpChanges.of("exports")

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
    window = "" if full else "AND local_seq > :after"
    conn.execute(
        "CREATE TEMP TABLE x_findings AS SELECT DISTINCT finding_id AS id FROM main.finding_revisions"
        f" WHERE local_seq <= :through {window}",
        {"after": after, "through": through},
    )
    conn.execute(
        f"INSERT INTO payload.finding_revisions SELECT {rev_cols} FROM main.finding_revisions"
        " WHERE finding_id IN (SELECT id FROM x_findings) AND local_seq <= ?",
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
        f"INSERT INTO payload.inspection_voids SELECT {', '.join(bm.columns('inspection_voids'))}"
        " FROM main.inspection_voids WHERE inspection_id IN (SELECT id FROM x_inspections)"
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
        through = conn.execute("SELECT COALESCE(MAX(local_seq), 0) FROM main.finding_revisions").fetchone()[0]
        _copy_rows(conn, ws.device_id, after, through, full)
        _copy_photos(conn, ws.evidence_dir, progress)
        counts = {
            name: conn.execute(f"SELECT COUNT(*) FROM payload.{name}").fetchone()[0]
            for name in bm.COUNT_NAMES
            if name != "revisions"
        }
        counts["revisions"] = conn.execute("SELECT COUNT(*) FROM payload.finding_revisions").fetchone()[0]
        counts["voids"] = conn.execute("SELECT COUNT(*) FROM payload.inspection_voids").fetchone()[0]
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


def _workspace_error(exc: BaseException, ws: Workspace) -> ExportError:
    """What went wrong on the laptop's own disk while preparing an export, and what to do."""
    full = getattr(exc, "errno", None) == errno.ENOSPC or (
        isinstance(exc, sqlite3.Error)
        and (getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "full" in describe(exc))
    )
    if full:
        return ExportError(
            f"笔记本的磁盘空间不足，无法整理数据包：请清理工作区“{ws.path}”所在的磁盘后重新导出。{_NOTHING_CHANGED}"
        )
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else describe(exc)
    return ExportError(f"整理数据包时读写工作区出错（{detail}）。{_NOTHING_CHANGED}")


def _write_error(exc: OSError, target: Path, size: int) -> ExportError:
    """What went wrong writing into the target folder, and what to do."""
    folder = target.parent
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ExportError(
            f"“{folder}”的空间不足（这个数据包约 {max(size, 1) / 2**20:.1f} MB）："
            f"请清理 U 盘或换一个空间足够的文件夹后重新导出。{_NOTHING_CHANGED}"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ExportError(
            f"无法在“{folder}”中写入文件（只读或没有写入权限）：请检查 U 盘的写保护开关，"
            f"或换一个文件夹后重新导出。{_NOTHING_CHANGED}"
        )
    if exc.errno == errno.EEXIST:
        return ExportError(f"“{target}”已经存在：请换一个文件名或文件夹，{_NOTHING_CHANGED}")
    return ExportError(f"写入数据包失败（{exc.strerror or describe(exc)}）。{_NOTHING_CHANGED}")


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
    office = registry.pinned_office_key(ws.db)
    if office is None:
        raise StateError(
            "这台笔记本还没有导入督查科的信任文件，不知道数据包要交给哪个办公室，未做任何改动："
            "请先导出登记文件交给督查科登记，再导入督查科发回的信任文件（office trust import）"
        )
    signer = keys.unlock(ws.db, passphrase)
    lock = leftovers.FileLock(ws.path / leftovers.EXPORT_LOCK)
    try:
        held = lock.acquire()
    except OSError as exc:
        raise _workspace_error(exc, ws) from exc
    if not held:
        raise ExportError("另一个导出正在进行（可能在另一个窗口或命令行中）：请等它完成后再导出")
    try:
        _finish_earlier(ws, full)
        result = _export(ws, signer, office.key_id, Path(out), full, progress)
    finally:
        lock.release()
    if progress:
        progress("完成", 1, 1)
    return result


def _finish_earlier(ws: Workspace, full: bool) -> None:
    """Step 1: finish what killed exports left; an incremental export waits for a recorded one still unfinished."""
    try:
        leftovers.clean_exports(ws)
        ledger.number_missing(ws.db)
    except sqlite3.Error as exc:
        raise _workspace_error(exc, ws) from exc
    waiting = ledger.unfinished_exports(ws.db)
    if waiting and not full:
        seq, target = waiting[0]
        raise ExportError(
            f"第 {seq} 号数据包已经记录，但还没有写完：它应在“{target}”。请插上那个 U 盘（或连上那个文件夹）"
            "后重新导出，会先把它写完；如果它已经找不到了，请勾选“重新导出全部记录”（命令行：--all）。"
        )


def _export(
    ws: Workspace, signer: keys.Signer, office_key_id: str, out: Path, full: bool, progress: Progress | None
) -> ExportResult:
    """Steps 2-7 with the export lock held."""
    last_seq, prev_hash, last_through = last_export(ws.db)
    head_seq, head_hash = ledger.chain_head(ws.path)
    if head_seq > last_seq:  # workspace.db was restored from a backup older than the last export: go on from there
        last_seq, prev_hash = head_seq, head_hash
    seq = last_seq + 1
    target = out / default_name(ws, seq) if out.is_dir() else out
    if target.exists():
        raise ExportError(f"“{target}”已经存在：请换一个文件名或文件夹，未做任何改动")
    try:
        work = Path(tempfile.mkdtemp(prefix=leftovers.EXPORT_WORK_PREFIX, dir=ws.path))
    except OSError as exc:
        raise _workspace_error(exc, ws) from exc
    try:
        if progress:
            progress("整理记录", 0, 1)
        try:
            payload, through, counts, versions, states = _build_payload(ws, work, last_through, full, progress)
        except (OSError, sqlite3.Error) as exc:
            raise _workspace_error(exc, ws) from exc
        if counts["inspections"] == 0:
            raise StateError(
                "没有尚未导出的记录；如需重新导出全部记录，请使用 --all" if not full else "工作区中还没有任何检查记录"
            )
        reached("payload")
        payload_sha, payload_size = sha256_file(payload)
        manifest = {
            "format": bm.FORMAT,
            "format_version": bm.FORMAT_VERSION,
            "kind": bm.KIND,
            "bundle_id": uuid7(),
            "device_id": ws.device_id,
            "device_name": ws.name,
            "key_id": signer.key_id,
            "office_key_id": office_key_id,
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
        return _publish(ws, target, manifest, manifest_bytes, signature, payload, states)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _publish(
    ws: Workspace, target: Path, manifest: dict, manifest_bytes: bytes, signature: bytes, payload: Path, states: list
) -> ExportResult:
    """Steps 3-7: note the temporary file, write it, record the export, rename the file into place."""
    manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
    size = HEADER.size + len(manifest_bytes) + SIGNATURE_SIZE + manifest["payload"]["size"]
    seq = manifest["seq"]
    temp = target.with_name(f".{target.name}.{manifest['bundle_id']}.part")
    try:
        ledger.add_temp(ws.db, temp, target, seq, manifest_sha, size, manifest["created_at"])
    except sqlite3.Error as exc:
        raise _workspace_error(exc, ws) from exc
    reached("intent")
    try:
        write_temp(
            target,
            magic=MAGIC_BUNDLE,
            manifest=manifest_bytes,
            signature=signature,
            payload=payload,
            temp=temp,
            checkpoint=reached,
        )
        previous = _record(ws, target, manifest, manifest_sha, size, states)
    except BaseException as exc:
        _forget(ws, temp)
        if isinstance(exc, OSError):
            raise _write_error(exc, target, size) from exc
        if isinstance(exc, sqlite3.Error):
            raise _workspace_error(exc, ws) from exc
        raise
    reached("recorded")
    with suppress(OSError):  # the database holds the record; the copy beside it only guards against a restore
        ledger.remember_head(ws.path, seq, manifest_sha)
    _rename(ws, temp, target, manifest_sha, seq, size, previous)
    return ExportResult(
        str(target), seq, manifest["bundle_id"], manifest_sha, manifest["full"], size, manifest["counts"]
    )


def _forget(ws: Workspace, temp: Path) -> None:
    """Remove a temporary file that will never be renamed, then its note (left for the next start on failure)."""
    try:
        temp.unlink()
    except OSError:
        if os.path.lexists(temp):  # (a read-only folder refuses even to unlink a file that is not there)
            return
    with suppress(sqlite3.Error):
        ledger.drop_temp(ws.db, temp)


def _record(ws: Workspace, target: Path, manifest: dict, manifest_sha: str, size: int, states: list) -> list[tuple]:
    """Step 5: record the export and the inspection states in one transaction; returns the states it replaced."""
    counts = manifest["counts"]
    with transaction(ws.db) as conn:
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
        previous = conn.execute(
            "SELECT inspection_id, state, seq FROM export_inspections"
            " WHERE inspection_id IN (SELECT value FROM json_each(?))",
            [json.dumps([iid for iid, _ in states])],
        ).fetchall()
        conn.executemany(
            "INSERT INTO export_inspections (inspection_id, state, seq) VALUES (?, ?, ?)"
            " ON CONFLICT(inspection_id) DO UPDATE SET state = excluded.state, seq = excluded.seq",
            [(iid, state, manifest["seq"]) for iid, state in states],
        )
    return [tuple(row) for row in previous]


def _rename(ws: Workspace, temp: Path, target: Path, manifest_sha: str, seq: int, size: int, previous: list) -> None:
    """Steps 6-7; a rename that certainly did not happen takes the record back."""
    try:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target))
        os.replace(temp, target)
    except OSError as exc:
        if manifest_sha256_of(target) != manifest_sha:
            later = (
                f"第 {seq} 号数据包已经记录，但没能改成正式文件名“{target.name}”（{exc.strerror or describe(exc)}）："
                "下次打开工作区或导出时会再试，请不要删除该文件夹中以“.”开头的临时文件"
            )
            if not temp.is_file():
                raise ExportError(later) from exc
            try:
                _undo(ws, seq, previous, temp)
            except sqlite3.Error:
                raise ExportError(later) from exc
            raise _write_error(exc, target, size) from exc
    reached("renamed")
    fsync_dir(target.parent, quiet=True)
    reached("dir_synced")
    with suppress(sqlite3.Error):  # the file is in place; the next start drops the note otherwise
        ledger.drop_temp(ws.db, temp)
    reached("done")


def _undo(ws: Workspace, seq: int, previous: list, temp: Path) -> None:
    """Take back the record of an export whose file never got its final name, then remove the file."""
    with transaction(ws.db) as conn:
        conn.execute("DELETE FROM export_inspections WHERE seq = ?", [seq])
        conn.executemany("INSERT INTO export_inspections (inspection_id, state, seq) VALUES (?, ?, ?)", previous)
        conn.execute("DELETE FROM exports WHERE seq = ?", [seq])
    _forget(ws, temp)
