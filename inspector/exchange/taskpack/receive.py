"""Receiving a task pack on a laptop: pinned office key, newer version, not expired, then its tasks are stored."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from inspector import timecheck
from inspector.catalog.store import store_catalog
from inspector.changes import NOTHING, OpChanges
from inspector.envelope import (
    MAGIC_TASK_PACK,
    Envelope,
    Refusal,
    check_fields,
    describe,
    is_count,
    is_hex,
    open_envelope,
    parse_canonical,
)
from inspector.errors import InspectorError, WorkspaceError
from inspector.exchange import keys, registry
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.catalogs import catalog_from_canonical
from inspector.exchange.bundle.payload import Column, as_refusal, open_payload, row_checker
from inspector.exchange.bundle.verify import private_dir
from inspector.exchange.taskpack.pack import DRAW_SPEC, MAX_PACK_BYTES, SCHEMA, SPEC, TABLES
from inspector.field.checklist import MODES
from inspector.ids import to_iso, utc_now
from inspector.store import transaction
from inspector.workspace import Workspace


def _check(ws: Workspace, path: Path | str, folder: Path) -> tuple[Envelope, dict[str, Any]]:
    """Steps before anything is written: envelope, pinned key, signature; only then is the payload copied.

    The file is opened once; its header (at most 64 KiB) is read and its signature checked before a byte of
    the payload is copied or hashed.
    """
    trust = registry.pinned_office_key(ws.db)
    if trust is None:
        raise Refusal("untrusted", "这台笔记本还没有导入办公室信任文件（office trust import），无法核验任务包")
    with open_envelope(path, magic=MAGIC_TASK_PACK, max_bytes=MAX_PACK_BYTES, kind="任务包") as incoming:
        header = incoming.read_header()
        manifest = parse_canonical(header.manifest_bytes, what="任务包清单")
        check_fields(manifest, SPEC, where="任务包清单")
        check_fields(manifest["draw"], DRAW_SPEC, where="任务包清单中的 draw")
        check_fields(manifest["payload"], {"sha256": is_hex(64), "size": is_count}, where="任务包清单中的 payload")
        check_fields(manifest["counts"], {t: is_count for t, _, _ in TABLES}, where="任务包清单中的 counts")
        if manifest["office_key_id"] != trust.key_id:
            raise Refusal("untrusted", "任务包不是由本机信任的办公室密钥签发的，已拒收")
        if not keys.verify_signature(trust.public_key, keys.DOMAIN_TASK_PACK, header.manifest_bytes, header.signature):
            raise Refusal("signature", "任务包签名无效：文件被改动过，或不是办公室签发的")
        return incoming.copy_payload(folder), manifest


@contextmanager
def _refusing_surprises() -> Iterator[None]:
    """Any exception raised by the pack's own bytes is a refusal with a reason, never a crash; this laptop's own
    database and disk faults (sqlite3 and OS errors, StorageError) and refusals pass through unchanged."""
    try:
        yield
    except (InspectorError, sqlite3.Error, OSError):
        raise
    except Exception as exc:
        raise Refusal("unreadable", f"无法处理该任务包（{describe(exc)}），已拒收") from None


def _check_fresh(conn: Any, manifest: dict[str, Any], manifest_sha: str) -> bool:
    """True when this very pack is already imported; Refusal when it is older than one seen, or expired."""
    same = conn.execute("SELECT manifest_sha256 FROM task_packs WHERE version = ?", [manifest["version"]]).fetchone()
    if same is not None and same[0] == manifest_sha:
        return True
    seen = conn.execute("SELECT COALESCE(MAX(version), 0) FROM task_packs").fetchone()[0]
    if manifest["version"] <= seen:
        raise Refusal("stale", f"任务包版本 {manifest['version']} 不比已导入的版本 {seen} 新，已拒收（可能是旧文件）")
    if manifest["expires_at"] <= to_iso(utc_now()):
        raise Refusal(
            "expired",
            f"任务包已于 {manifest['expires_at']} 过期，已拒收：请向督查科索取新的任务包"
            "（如果这是刚刚签发的任务包，请检查电脑的日期和时间是否正确）",
        )
    return False


def changes_of(result: dict[str, Any]) -> OpChanges:
    """What an `import_taskpack` result changed: NOTHING for a pack imported before, else its tasks, the sites they
    name and the negative lists they carry."""
    return NOTHING if result["already"] else OpChanges.of("tasks", "sites", "catalog")


def import_taskpack(ws: Workspace, path: Path | str) -> dict[str, Any]:
    """Import a task pack on a laptop; returns {version, tasks, already, warnings}. Refusal says why it is refused.

    A pack signed later than the laptop's now is imported with a warning: the laptop's clock is behind.
    """
    if ws.role != "field":
        raise WorkspaceError("任务包只能导入外勤笔记本")
    folder = private_dir(ws.path)
    try:
        with _refusing_surprises():
            env, manifest = _check(ws, path, folder)
            warning = timecheck.check_pack(manifest["created_at"])
        result = {
            "version": manifest["version"],
            "tasks": manifest["counts"]["tasks"],
            "already": True,
            "warnings": [warning.as_dict()] if warning else [],
        }
        if _check_fresh(ws.db.conn, manifest, env.manifest_sha256):
            return result
        with _refusing_surprises():
            if env.payload_size != manifest["payload"]["size"] or env.payload_sha256 != manifest["payload"]["sha256"]:
                raise Refusal("payload_hash", "任务包内容与签名清单中的哈希不符：文件被改动或损坏")
            payload = open_payload(env.payload_path, SCHEMA)
            try:
                rows = {t: _rows(payload.conn, t, cols) for t, cols, _ in TABLES}
                catalogs = [catalog_from_canonical(*row) for row in rows["catalog_versions"]]
            except Exception as exc:
                raise as_refusal(exc, payload.budget) from None
            finally:
                payload.close()
            _check_content(manifest, rows, catalogs)
        try:
            with transaction(ws.db) as conn:
                if _check_fresh(conn, manifest, env.manifest_sha256):
                    return result
                _store(conn, manifest, env.manifest_sha256, rows, catalogs)
        except sqlite3.IntegrityError as exc:  # the pack's rows clash with this laptop's: the pack is refused
            raise Refusal("conflict", f"任务包中的记录与本机已有记录冲突（{describe(exc)}），未导入") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {**result, "already": False}


def _rows(conn: sqlite3.Connection, table: str, cols: tuple[Column, ...]) -> list[tuple]:
    check = row_checker(table, cols)
    rows = conn.execute(f"SELECT {', '.join(c[0] for c in cols)} FROM {table} ORDER BY 1").fetchall()
    for row in rows:
        check(row)
    return rows


def _check_content(manifest: dict[str, Any], rows: dict[str, list[tuple]], catalogs: list) -> None:
    if {t: len(r) for t, r in rows.items()} != manifest["counts"]:
        raise Refusal("counts", "任务包中的记录数与签名清单不一致")
    if [c.version for c in catalogs] != [manifest["catalog_version"]]:
        raise Refusal("bad_row", "任务包中的负面清单版本与清单不符")
    draws = {row[0]: row for row in rows["draws"]}
    named = manifest["draw"]
    own = draws.get(named["id"])
    if own is None or (own[1], own[2], own[3], own[5]) != tuple(named[k] for k in list(DRAW_SPEC)[1:]):
        raise Refusal("bad_row", "任务包中的抽签记录与清单不符")
    site_ids = {row[0] for row in rows["sites"]}
    for task in rows["tasks"]:
        if task[1] not in site_ids or task[3] not in MODES:
            raise Refusal("bad_row", "任务包中的任务引用了不存在的点位或无效的检查方式")


def _store(conn: sqlite3.Connection, manifest: dict, manifest_sha: str, rows: dict, catalogs: list) -> None:
    now = to_iso(utc_now())
    for catalog in catalogs:
        store_catalog(conn, catalog, source=f"任务包 v{manifest['version']}", imported_at=now)
    mapping: dict[str, str] = {}
    for row in rows["sites"]:
        sid, code = row[0], row[1]
        same_code = conn.execute("SELECT id FROM sites WHERE id = ? OR code = ?", [sid, code]).fetchone()
        if same_code is not None:
            mapping[sid] = same_code[0]
            continue
        conn.execute(
            "INSERT INTO sites (id, code, name, site_type, district, street, address, responsible_unit, origin, active,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [*row[:9], now, now],
        )
        mapping[sid] = sid
    cols = ", ".join(bm.columns("draws"))
    for row in rows["draws"]:
        conn.execute(f"INSERT INTO draws ({cols}) VALUES ({', '.join('?' * len(row))}) ON CONFLICT(id) DO NOTHING", row)
    draw = manifest["draw"]
    conn.execute(
        "INSERT INTO task_packs (version, pack_id, office_key_id, draw_id, mode, period, catalog_version, draw_seed,"
        " candidates_sha256, expires_at, created_at, imported_at, manifest_sha256)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            manifest["version"],
            manifest["pack_id"],
            manifest["office_key_id"],
            draw["id"],
            manifest["mode"],
            manifest["period"],
            manifest["catalog_version"],
            draw["seed"],
            draw["candidates_sha256"],
            manifest["expires_at"],
            manifest["created_at"],
            now,
            manifest_sha,
        ],
    )
    conn.executemany(
        "INSERT INTO tasks (id, pack_version, site_id, inspector_id, mode, period, due_date, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(t[0], manifest["version"], mapping[t[1]], t[2], t[3], t[4], t[5], t[6]) for t in rows["tasks"]],
    )
