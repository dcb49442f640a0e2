"""Issuing task packs in the office: a recorded draw becomes signed tasks for the laptops."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import timecheck
from inspector.changes import writes
from inspector.envelope import MAGIC_TASK_PACK, canonical_json, publish, sha256_file, write_temp
from inspector.errors import InspectorError, NotFoundError, StateError, WorkspaceError
from inspector.exchange import keys
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.payload import create_payload
from inspector.exchange.taskpack.pack import DRAW_SPEC, EXTENSION, FORMAT, SCHEMA, TABLES, parse_expiry
from inspector.field.checklist import MODES
from inspector.ids import to_iso, utc_now, uuid7
from inspector.periods import parse_period
from inspector.register import draw as draw_mod
from inspector.workspace import Workspace


def _draw_tasks(draw: draw_mod.Draw) -> list[tuple[str, str | None]]:
    """(site id, inspector id or None) for every task a draw gives."""
    if draw.kind == "inspectors":
        assigned = draw.result
        assert isinstance(assigned, dict)
        return [(sid, person) for sid in draw.params["site_ids"] for person in assigned[sid]]
    if draw.kind == "sites":
        return [(sid, None) for sid in draw.result]
    raise StateError("只能用点位抽签或督查员抽签生成任务包（条目抽样不行）")


@writes("taskpacks")
def create_taskpack(
    ws: Workspace,
    passphrase: str,
    *,
    draw_id: str,
    mode: str,
    period: str,
    expires: datetime | date | str,
    out: Path | str,
    version: int | None = None,
) -> dict[str, Any]:
    """Sign a task pack from a recorded draw and write it to `out` (a file or folder); returns its manifest."""
    if ws.role != "office":
        raise WorkspaceError("任务包由办公室工作区生成")
    if mode not in MODES:
        raise InspectorError(f"检查方式应为 announced（明察）或 unannounced（暗访），而不是“{mode}”")
    the_period = parse_period(period)
    expires_at = parse_expiry(expires)
    if expires_at <= to_iso(utc_now()):
        raise InspectorError(f"有效期 {expires_at} 已经过去，请给一个将来的日期")
    draw = draw_mod.get_draw(ws.db, draw_id)
    pairs = _draw_tasks(draw)
    draws = [draw] + (
        [draw_mod.get_draw(ws.db, draw.params["site_draw_id"])] if draw.params.get("site_draw_id") else []
    )
    latest = ws.db.execute("SELECT COALESCE(MAX(version), 0) FROM issued_task_packs").fetchone()[0]
    version = latest + 1 if version is None else version
    if version <= latest:
        raise StateError(f"版本号必须大于已发出的最高版本 {latest}")
    signer = keys.unlock(ws.db, passphrase)
    catalog = catalog_mod.get_catalog(ws.db)
    target = Path(out)
    if target.is_dir():
        target = target / f"任务包-v{version:04d}{EXTENSION}"
    if target.exists():
        raise InspectorError(f"“{target}”已经存在：请换一个文件名，未做任何改动")
    work = Path(tempfile.mkdtemp(prefix=".taskpack-", dir=ws.path))
    try:
        due = the_period.end.isoformat()
        tasks = [(uuid7(), sid, person, mode, the_period.text, due, n) for n, (sid, person) in enumerate(pairs)]
        payload, counts = _build(ws.db, work, tasks, draws, catalog)
        sha, size = sha256_file(payload)
        manifest = {
            "format": FORMAT,
            "format_version": 1,
            "kind": "task-pack",
            "pack_id": uuid7(),
            "version": version,
            "office_key_id": signer.key_id,
            "office_device_id": ws.device_id,
            "office_name": ws.name,
            "created_at": to_iso(utc_now()),
            "expires_at": expires_at,
            "draw": {k: getattr(draw, k) for k in DRAW_SPEC},
            "mode": mode,
            "period": the_period.text,
            "catalog_version": catalog.version,
            "schema_version": 1,
            "payload": {"sha256": sha, "size": size},
            "counts": counts,
        }
        data = canonical_json(manifest)
        tmp = write_temp(
            target,
            magic=MAGIC_TASK_PACK,
            manifest=data,
            signature=signer.sign(keys.DOMAIN_TASK_PACK, data),
            payload=payload,
        )

        def record(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO issued_task_packs (version, pack_id, draw_id, mode, period, expires_at, tasks,"
                " manifest_sha256, file_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    version,
                    manifest["pack_id"],
                    draw.id,
                    mode,
                    the_period.text,
                    expires_at,
                    counts["tasks"],
                    hashlib.sha256(data).hexdigest(),
                    target.name,
                    manifest["created_at"],
                ],
            )
            timecheck.record_issued_tasks(conn, version, [(t[0], t[1], t[2], t[4], t[5]) for t in tasks])

        publish(ws.db, tmp, target, record)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {**manifest, "file": str(target)}


def _build(
    db: sqlite_utils.Database, work: Path, tasks: list[tuple], draws: list, catalog: Any
) -> tuple[Path, dict[str, int]]:
    build, final = work / "build.sqlite", work / "payload.sqlite"
    conn = create_payload(build, SCHEMA)
    try:
        site_cols = ", ".join(bm.columns("sites"))
        for sid in dict.fromkeys(task[1] for task in tasks):
            row = db.execute(f"SELECT {site_cols} FROM sites WHERE id = ?", [sid]).fetchone()
            if row is None:
                raise NotFoundError(f"抽签结果中的点位 {sid} 已不在点位库中")
            conn.execute(f"INSERT INTO sites VALUES ({', '.join('?' * len(row))})", row)
        conn.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?)", tasks)
        draw_cols = bm.columns("draws")
        for d in draws:
            row = db.execute(f"SELECT {', '.join(draw_cols)} FROM draws WHERE id = ?", [d.id]).fetchone()
            conn.execute(f"INSERT INTO draws VALUES ({', '.join('?' * len(row))})", row)
        conn.execute(
            "INSERT INTO catalog_versions VALUES (?, ?, ?)",
            [catalog.version, catalog.name, catalog.canonical_json().decode("utf-8")],
        )
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t, _, _ in TABLES}
        conn.execute("VACUUM INTO ?", [str(final)])
    finally:
        conn.close()
    return final, counts


def list_issued(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Task packs this office has issued, newest first."""
    cols = ("version", "pack_id", "draw_id", "mode", "period", "expires_at", "tasks", "file_name", "created_at")
    rows = db.execute(f"SELECT {', '.join(cols)} FROM issued_task_packs ORDER BY version DESC").fetchall()
    return [dict(zip(cols, row, strict=True)) for row in rows]
