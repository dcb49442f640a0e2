"""Noticing a wrong clock: warnings on the laptop, flags on merged inspections in the office.

A laptop's clock is trusted for the times it records, so a clock that is wrong must be noticed, not believed
silently. On the laptop: a task pack signed later than the laptop's now, or an inspection starting earlier than
the last thing the laptop recorded, is a warning the app and the CLI show. In the office: a merged inspection
whose time lies outside its task's period, or after the moment its bundle was signed, or with a photo whose
capture time (as its device recorded it from the photo's EXIF) is more than a day from the inspection, is flagged
for review.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from inspector import clock
from inspector.ids import from_iso, to_iso
from inspector.periods import PeriodError, parse_period
from inspector.untrusted import printable

TOLERANCE = timedelta(minutes=10)  # clocks drift, and a laptop set a few minutes off is not worth a warning
PHOTO_WINDOW = timedelta(hours=24)  # a photo taken further than this from its inspection's start or finish
FLAG_KINDS = {
    "outside_period": "检查时间不在任务的期间内",
    "after_signing": "检查时间晚于数据包的签名时间",
    "photo_time": "照片拍摄时间与检查时间相差超过 24 小时",
}


@dataclass(frozen=True)
class ClockWarning:
    """The laptop's clock looks wrong: what was seen, in a sentence the inspector can act on."""

    code: str  # behind | pack_from_future
    message: str
    now: str
    reference: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def _shown(stamp: str | datetime) -> str:
    moment = from_iso(stamp) if isinstance(stamp, str) else clock.local(stamp)
    return moment.strftime("%Y-%m-%d %H:%M")


def last_recorded(db: sqlite_utils.Database) -> str | None:
    """The latest moment this workspace recorded anything (an answer, an inspection, an export, a task pack)."""
    row = db.execute(
        "SELECT MAX(m) FROM ("
        " SELECT MAX(recorded_at) AS m FROM finding_revisions"
        " UNION ALL SELECT MAX(created_at) FROM inspections"
        " UNION ALL SELECT MAX(finished_at) FROM inspections"
        " UNION ALL SELECT MAX(created_at) FROM exports"
        " UNION ALL SELECT MAX(imported_at) FROM task_packs)"
    ).fetchone()
    return row[0] if row else None


def check_start(db: sqlite_utils.Database, started_at: datetime | None = None) -> ClockWarning | None:
    """A warning when an inspection starting at `started_at` (default: now) is earlier than the last record."""
    moment = started_at or clock.now()
    last = last_recorded(db)
    if last is None or from_iso(last) - moment <= TOLERANCE:
        return None
    return ClockWarning(
        "behind",
        f"检查开始时间 {_shown(moment)} 早于本机上一次记录的时间 {_shown(last)}："
        "电脑时钟可能慢了或被重置过。请先在系统设置中校准日期和时间，否则检查日期、期间和整改期限都会算错。",
        to_iso(moment),
        last,
    )


def check_pack(signed_at: str) -> ClockWarning | None:
    """A warning when a task pack was signed later than the laptop's now (the laptop's clock is behind)."""
    now = clock.now()
    if from_iso(signed_at) - now <= TOLERANCE:
        return None
    return ClockWarning(
        "pack_from_future",
        f"任务包的签发时间 {_shown(signed_at)} 晚于本机当前时间 {_shown(now)}：电脑时钟可能慢了。"
        "请先在系统设置中校准日期和时间，再开始检查。",
        to_iso(now),
        signed_at,
    )


# ---------------------------------------------------------------- the office


def record_issued_tasks(conn: sqlite3.Connection, version: int, tasks: list[tuple]) -> None:
    """Keep the tasks of an issued pack (id, site, inspector, period, due date), so merged inspections can be
    checked against their task's period. Inside the issuing transaction."""
    conn.executemany(
        "INSERT INTO issued_tasks (id, pack_version, site_id, inspector_id, period, due_date)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(task_id, version, site, person, period, due) for task_id, site, person, period, due in tasks],
    )


def flag_merged(
    conn: sqlite3.Connection,
    inspection_ids: list[str],
    *,
    signed_at: str,
    bundle_id: str,
    photo_times: bool = True,
) -> int:
    """Flag merged inspections whose times are outside their task's period or after the bundle was signed, or
    with a photo taken more than a day from the inspection (`photo_times=False` when no photo of the bundle
    carries a capture time: nothing to compare).

    Inside the merge transaction; returns how many new flags were recorded. A flag is kept once per
    inspection and kind, whichever bundle brought it first.
    """
    now = to_iso(clock.now())
    signed = from_iso(signed_at)
    added = 0
    for start in range(0, len(inspection_ids), 500):
        chunk = inspection_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT i.id, i.started_at, i.finished_at, i.local_date, t.period,"
            " (SELECT MAX(r.recorded_at) FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
            "  WHERE f.inspection_id = i.id)"
            f" FROM inspections i LEFT JOIN issued_tasks t ON t.id = i.task_id WHERE i.id IN ({marks})",
            chunk,
        ).fetchall()
        shots = _photo_times(conn, chunk) if photo_times else {}
        for inspection_id, started, finished, local_day, period_text, last_answer in rows:
            flags = []
            latest = max(stamp for stamp in (started, finished, last_answer) if stamp)
            if from_iso(latest) - signed > TOLERANCE:
                flags.append(("after_signing", f"记录时间 {_shown(latest)} 晚于数据包签名时间 {_shown(signed_at)}"))
            if period_text:
                try:
                    period = parse_period(period_text)
                except PeriodError:
                    period = None
                if period is not None and not period.contains(datetime.fromisoformat(local_day).date()):
                    flags.append(("outside_period", f"检查日期 {local_day} 不在任务期间 {period.label} 内"))
            photo = _photo_flag(shots.get(inspection_id, []), started, finished or latest)
            if photo is not None:
                flags.append(("photo_time", photo))
            for kind, detail in flags:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO time_flags (inspection_id, kind, detail, bundle_id, flagged_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [inspection_id, kind, detail, bundle_id, now],
                )
                added += cursor.rowcount
    return added


def _photo_times(conn: sqlite3.Connection, chunk: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Per inspection, its photos' (SHA-256, capture time, name) as its own device claimed them, when it stated
    a capture time (a photo without one has nothing to compare)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for inspection_id, sha, captured, name in conn.execute(
        "SELECT DISTINCT f.inspection_id, j.value, c.captured_at, c.original_name FROM inspections i"
        " JOIN findings f ON f.inspection_id = i.id JOIN finding_revisions r ON r.finding_id = f.id"
        " JOIN json_each(r.photos) j JOIN photo_claims c ON c.sha256 = j.value AND c.device_id = i.device_id"
        f" WHERE i.id IN ({','.join('?' * len(chunk))}) AND r.photos != '[]' AND c.captured_at IS NOT NULL"
        " ORDER BY f.inspection_id, j.value",
        chunk,
    ):
        found.setdefault(inspection_id, []).append((sha, captured, name))
    return found


def _photo_flag(rows: list[tuple[str, str, str]], started: str, ended: str) -> str | None:
    """What is wrong with the capture times of an inspection's photos, if anything (a sentence)."""
    if not rows:
        return None
    first, last = from_iso(started) - PHOTO_WINDOW, from_iso(ended) + PHOTO_WINDOW
    odd = []
    for sha, captured, name in rows:
        try:
            moment = from_iso(captured)
        except (TypeError, ValueError):
            odd.append(
                f"照片 {sha[:12]}（{printable(name, limit=40)}）的拍摄时间“{printable(captured, limit=30)}”无法识别"
            )
            continue
        if not first <= moment <= last:
            odd.append(f"照片 {sha[:12]}（{printable(name, limit=40)}）拍摄于 {_shown(moment)}")
    if not odd:
        return None
    more = f"等 {len(odd)} 张" if len(odd) > 1 else ""
    return f"{odd[0]}{more}，与检查时间 {_shown(started)} 相差超过 24 小时"


def flags_of(db: sqlite_utils.Database, inspection_id: str) -> list[dict[str, str]]:
    """The time flags of one inspection (kind, what it means, detail)."""
    rows = db.execute(
        "SELECT kind, detail, bundle_id, flagged_at FROM time_flags WHERE inspection_id = ? ORDER BY kind",
        [inspection_id],
    ).fetchall()
    return [
        {"kind": kind, "label": FLAG_KINDS[kind], "detail": detail, "bundle_id": bundle, "flagged_at": at}
        for kind, detail, bundle, at in rows
    ]
