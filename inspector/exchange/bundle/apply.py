"""Applying a verified bundle to the office database, inside the merge transaction (step 10 of the reference).

Records are grow-only sets keyed by id: rows already present must be identical (else the bundle is refused
or quarantined), inspection state merges by order-free rules, and scores are recomputed from merged revisions.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from inspector import scoring
from inspector.atomic import make_dirs, sync_written
from inspector.envelope import Refusal
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.content import BundleReader
from inspector.field import evidence

_INSPECTION_COLS = bm.columns("inspections")
_MUTABLE = ("status", "finished_at", "problem_count", "deduction_total", "score")
_REV_COLS = ", ".join(bm.columns("finding_revisions"))
# No keys: the payload's own primary keys already made its rows unique, and joins use the office's indexes.
STAGING_SQL = f"""
CREATE TEMP TABLE IF NOT EXISTS m_findings (id, inspection_id, item_code, created_at);
CREATE TEMP TABLE IF NOT EXISTS m_revisions ({_REV_COLS});
"""


def stage_rows(conn: sqlite3.Connection, reader: BundleReader) -> None:
    """Copy the checked findings and revisions into this connection's temporary staging tables (one at a time)."""
    conn.executescript(STAGING_SQL)
    conn.execute("BEGIN")
    try:
        conn.execute("DELETE FROM temp.m_findings")
        conn.execute("DELETE FROM temp.m_revisions")
        conn.executemany("INSERT INTO temp.m_findings VALUES (?, ?, ?, ?)", reader.content.findings)
        for batch in reader.revisions():
            conn.executemany(f"INSERT INTO temp.m_revisions VALUES ({', '.join('?' * 15)})", batch)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def clear_staging(conn: sqlite3.Connection) -> None:
    """Empty the staging tables once a bundle is done with them."""
    if not conn.in_transaction:
        conn.execute("DELETE FROM temp.m_findings")
        conn.execute("DELETE FROM temp.m_revisions")


def merge_sites(conn: sqlite3.Connection, sites: list[tuple]) -> dict[str, str]:
    """Bundle site id → office site id: known ids kept, register sites matched by code, field sites added."""
    mapping: dict[str, str] = {}
    for sid, code, name, site_type, district, street, address, unit, origin, created_at in sites:
        identity = (code, name, site_type, district, street, address, unit)
        row = conn.execute(
            "SELECT code, name, site_type, district, street, address, responsible_unit FROM sites WHERE id = ?", [sid]
        ).fetchone()
        if row is not None:
            if origin == "field" and tuple(row) != identity:
                raise Refusal("conflict", f"现场新增的点位 {code} 与办公室已有的同一点位记录不一致")
            mapping[sid] = sid
            continue
        same_code = conn.execute("SELECT id FROM sites WHERE code = ?", [code]).fetchone()
        if same_code is not None and origin == "register":
            mapping[sid] = same_code[0]
        elif same_code is not None:
            raise Refusal("conflict", f"现场新增的点位编号 {code} 与办公室点位库中的另一个点位重复")
        elif origin == "register":
            raise Refusal(
                "unknown_site", f"点位 {code}（{name}）不在办公室点位库中：请先导入最新的点位名册，再重新合并"
            )
        else:
            conn.execute(
                "INSERT INTO sites (id, code, name, site_type, district, street, address, responsible_unit, origin,"
                " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'field', 1, ?, ?)",
                [sid, *identity, created_at, created_at],
            )
            mapping[sid] = sid
    return mapping


def merge_draws(conn: sqlite3.Connection, draws: list[tuple]) -> None:
    """Add draws the office lacks; a draw it has must be identical."""
    cols = ", ".join(bm.columns("draws"))
    for row in draws:
        existing = conn.execute(f"SELECT {cols} FROM draws WHERE id = ?", [row[0]]).fetchone()
        if existing is None:
            conn.execute(f"INSERT INTO draws ({cols}) VALUES ({', '.join('?' * len(row))})", row)
        elif tuple(existing) != tuple(row):
            raise Refusal("conflict", f"抽签记录 {row[0]} 与办公室保存的同一抽签不一致")


def _ordered(inspections: list[tuple]) -> list[tuple]:
    """Originals before their rechecks, so that every reference points at a row already written.

    Iterative, and each row once: a long recheck chain cannot exhaust the stack, and a loop (which reading the
    payload already refuses) cannot repeat a row or run forever.
    """
    by_id = {row[0]: row for row in inspections}
    done: set[str] = set()
    out: list[tuple] = []
    for row in inspections:
        chain: list[tuple] = []
        on_chain: set[str] = set()
        node: tuple | None = row
        while node is not None and node[0] not in done and node[0] not in on_chain:
            chain.append(node)
            on_chain.add(node[0])
            node = by_id.get(node[9])
        for item in reversed(chain):
            done.add(item[0])
            out.append(item)
    return out


def merge_inspections(conn: sqlite3.Connection, inspections: list[tuple], site_map: dict[str, str], device: str) -> int:
    """Insert new inspections; for known ones the immutable columns must agree and the state merges by rule."""
    cols = ", ".join(_INSPECTION_COLS)
    mutable = [_INSPECTION_COLS.index(c) for c in _MUTABLE]
    fixed = [i for i in range(len(_INSPECTION_COLS)) if i not in mutable]
    added = 0
    for original in _ordered(inspections):
        row = list(original)
        row[1] = site_map[row[1]]
        existing = conn.execute(f"SELECT {cols} FROM inspections WHERE id = ?", [row[0]]).fetchone()
        if existing is None:
            row[15:18] = [None, None, None]  # problem_count, deduction_total, score: recomputed below
            conn.execute(f"INSERT INTO inspections ({cols}) VALUES ({', '.join('?' * len(row))})", row)
            added += 1
            continue
        if existing[8] != device:
            raise Refusal("foreign_device", f"检查 {row[0]} 在办公室属于另一台设备，本设备不能修改")
        if [existing[i] for i in fixed] != [row[i] for i in fixed]:
            raise Refusal(
                "equivocation",
                f"检查 {row[0]} 的基本信息与此前同一设备提交的不一致：可能密钥已泄露，已隔离待查",
                verdict="quarantined",
            )
        finished = [t for t in (existing[14], row[14]) if t]
        status = "finished" if "finished" in (existing[13], row[13]) else "open"
        conn.execute(
            "UPDATE inspections SET status = ?, finished_at = ? WHERE id = ?",
            [status, max(finished) if finished else None, row[0]],
        )
    return added


def merge_voids(conn: sqlite3.Connection, voids: list[tuple], device: str) -> int:
    """Record the voids a bundle carries; returns how many are new. A void is final: a later bundle without it
    changes nothing, the same void again is a duplicate, and a different void of the same inspection is equivocation.

    Reading the payload made sure each void is the signing device's own, for an inspection the bundle carries;
    merging the inspections made sure the office's row of that inspection is the same device's.
    """
    added = 0
    for row in voids:
        owner = conn.execute("SELECT device_id FROM inspections WHERE id = ?", [row[0]]).fetchone()
        if owner is None or owner[0] != device:
            raise Refusal("foreign_device", f"检查 {row[0]} 在办公室属于另一台设备，本设备不能将其作废")
        existing = conn.execute(
            "SELECT inspection_id, reason, voided_at, device_id, recorded_at FROM inspection_voids"
            " WHERE inspection_id = ?",
            [row[0]],
        ).fetchone()
        if existing is None:
            conn.execute(
                "INSERT INTO inspection_voids (inspection_id, reason, voided_at, device_id, recorded_at)"
                " VALUES (?, ?, ?, ?, ?)",
                row,
            )
            added += 1
        elif tuple(existing) != tuple(row):
            raise Refusal(
                "void_conflict",
                f"检查 {row[0]} 的作废记录与此前同一设备提交的不同：可能密钥已泄露，已隔离待查",
                verdict="quarantined",
            )
    return added


def merge_findings(conn: sqlite3.Connection) -> dict[str, int]:
    """Findings and revisions from the staging tables: equal rows ignored, different rows quarantined."""
    clash = conn.execute(
        "SELECT COUNT(*) FROM temp.m_findings m JOIN main.findings f ON f.id = m.id"
        " WHERE (f.inspection_id, f.item_code, f.created_at) IS NOT (m.inspection_id, m.item_code, m.created_at)"
    ).fetchone()[0]
    clash += conn.execute(
        "SELECT COUNT(*) FROM temp.m_revisions m JOIN main.finding_revisions r"
        " ON r.finding_id = m.finding_id AND r.rev = m.rev WHERE r.content_hash != m.content_hash"
    ).fetchone()[0]
    if clash:
        raise Refusal(
            "equivocation",
            f"有 {clash} 条检查结果与此前收到的同一记录内容不同（同一版本出现两种内容）：可能密钥已泄露，已隔离待查",
            verdict="quarantined",
        )
    findings = conn.execute(
        "INSERT INTO main.findings (id, inspection_id, item_code, created_at)"
        " SELECT id, inspection_id, item_code, created_at FROM temp.m_findings WHERE true ON CONFLICT(id) DO NOTHING"
    ).rowcount
    # New revisions are numbered after the office's own last one, in a fixed order within the bundle.
    revisions = conn.execute(
        f"INSERT INTO main.finding_revisions ({_REV_COLS}, local_seq) SELECT {_REV_COLS},"
        " (SELECT COALESCE(MAX(local_seq), 0) FROM main.finding_revisions)"
        " + row_number() OVER (ORDER BY finding_id, rev)"
        " FROM temp.m_revisions m WHERE NOT EXISTS (SELECT 1 FROM main.finding_revisions r"
        " WHERE r.finding_id = m.finding_id AND r.rev = m.rev) ON CONFLICT(finding_id, rev) DO NOTHING"
    ).rowcount
    return {"findings": findings, "revisions": revisions}


def merge_photos(conn: sqlite3.Connection, reader: BundleReader) -> tuple[int, int]:
    """Photo facts: each device's own claim once (never rewritten by another device); (new photos, shared photos).

    A device sending a claim different from the one it sent before for the same bytes is equivocating (a laptop
    never changes a photo's row): quarantined, like a finding with two contents. A shared photo is one whose
    bytes another device also claims: counted so the office notices one laptop sending another's photos.
    """
    device = reader.device_id
    rows = [ref.meta for ref in reader.content.photos]
    changed = []
    for row in rows:
        stored = conn.execute(
            "SELECT captured_at, gps_lat, gps_lon, original_name, imported_at FROM photo_claims"
            " WHERE sha256 = ? AND device_id = ?",
            [row[0], device],
        ).fetchone()
        if stored is not None and tuple(stored) != evidence.claim_of(row)[2:]:
            changed.append(row[0])
    if changed:
        raise Refusal(
            "equivocation",
            f"有 {len(changed)} 张照片（如 {min(changed)[:12]}）的拍摄信息与此前同一设备提交的不同："
            "可能密钥已泄露，已隔离待查",
            verdict="quarantined",
        )
    # new photos: looked up by key, never by counting the whole table (a full year holds ~500,000 photos)
    added = len(
        {row[0] for row in rows}
        - {sha for row in rows for (sha,) in conn.execute("SELECT sha256 FROM photos WHERE sha256 = ?", [row[0]])}
    )
    evidence.record_photo_rows(conn, rows)
    shared = sum(
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM photo_claims WHERE sha256 = ? AND device_id != ?)", [row[0], device]
        ).fetchone()[0]
        for row in rows
    )
    return added, shared


def move_photos(evidence_dir: Path, folder: Path, staged: list[str], unlisted: Sequence[str] = ()) -> None:
    """Move verified photos into the content-addressed store, durably, before the commit that names them.

    Durable means: each new photo file fsynced, and each folder that received a new entry (the photo's shard
    folder, and the parent of any folder created here) fsynced once. `unlisted` photos are already in the store
    but named by no row yet (an earlier merge was killed after moving them): they are fsynced with their folders
    too, since that merge may have died before it made them durable.
    """
    moved: list[Path] = [evidence.photo_path(evidence_dir, sha) for sha in unlisted]
    folders: list[Path] = [path.parent for path in moved] + [path.parent.parent for path in moved]
    for sha in staged:
        target = evidence.photo_path(evidence_dir, sha)
        folders.extend(made.parent for made in make_dirs(target.parent))
        os.replace(folder / f"{sha}.part", target)
        moved.append(target)
        folders.append(target.parent)
    sync_written(moved, folders)


def recompute_scores(conn: sqlite3.Connection, rules: scoring.ScoringRules, inspection_ids: list[str]) -> None:
    """Fix problem count, deduction and score of finished inspections from their current merged revisions."""
    for iid in inspection_ids:
        status = conn.execute("SELECT status FROM inspections WHERE id = ?", [iid]).fetchone()[0]
        if status != "finished":
            continue
        scoring.recompute_totals(conn, rules, iid)
