"""Helpers for the office tests: whole inspections at the demo markets with chosen failures, at frozen times."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

from PIL import Image, ImageDraw

from inspector.field import evidence, inspections
from inspector.register import sites
from inspector.tracking.problems import Problem, get_problem, list_problems

CST = timezone(timedelta(hours=8))
MARKETS = {"云栖区": "YX-003", "望澜区": "WL-003", "桐湾区": "TW-003", "鹭洲区": "LZ-006"}
WEEK_ITEM = "NL-ENV-009"  # 7 days, 0.5 points, 城市管理局
BOARD_ITEM = "NL-PUB-001"  # 7 days, 1 point, 市文明办
DAY_ITEM = "NL-ENV-003"  # 1 day, 1 point, 城市管理局


def at(day: date, hour: int = 10) -> datetime:
    """A moment on a day, in China Standard Time."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


def photo(ws, shade: int = 10, size: tuple[int, int] = (320, 240)) -> str:
    """Import a small photo with a bright square (so blurring shows) and return its SHA-256."""
    image = Image.new("RGB", size, (shade % 256, 120, 200))
    ImageDraw.Draw(image).rectangle([40, 40, 120, 120], fill=(255, 255, 255))
    ImageDraw.Draw(image).rectangle([60, 60, 100, 100], fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return evidence.import_photo(ws.db, ws.evidence_dir, out.getvalue(), device_id=ws.device_id).sha256


def inspect(
    ws,
    code: str,
    day: date,
    fails: dict[str, int] | set[str] | tuple[str, ...] = (),
    *,
    hour: int = 10,
    mode: str = "unannounced",
    recheck_of: str | None = None,
    draw_id: str | None = None,
    inspector: str = "I-003",
) -> inspections.Inspection:
    """A finished inspection of a site: the given items fail (count, one photo each), every other item passes."""
    counts = fails if isinstance(fails, dict) else dict.fromkeys(fails, 1)
    site = sites.get_site(ws.db, code)
    started = at(day, hour)
    inspection = inspections.start_inspection(
        ws.db,
        site_id=site.id,
        inspector_id=inspector,
        mode=mode,
        started_at=started,
        place=f"{site.district}{site.street}{site.address}",
        recheck_of=recheck_of,
        draw_id=draw_id,
    )
    for n, item in enumerate(inspections.inspection_checklist(ws.db, inspection).codes):
        moment = started + timedelta(seconds=10 * n)
        if item in counts:
            shot = photo(ws, shade=(sum(map(ord, code + item)) + day.toordinal()) % 200)
            inspections.record_finding(
                ws.db, inspection.id, item, outcome="fail", count=counts[item], photos=[shot], recorded_at=moment
            )
        else:
            inspections.record_finding(ws.db, inspection.id, item, outcome="pass", recorded_at=moment)
    return inspections.finish_inspection(ws.db, inspection.id, finished_at=started + timedelta(minutes=30))


def problem_of(ws, inspection: inspections.Inspection, item: str, today: date) -> Problem:
    """The problem an inspection recorded for an item, as of `today`."""
    finding = next(f for f in inspections.current_findings(ws.db, inspection.id) if f.item_code == item)
    return get_problem(ws.db, finding.finding_id, today=today)


def all_problems(ws, today: date) -> list[Problem]:
    """Every problem as of `today`."""
    return list_problems(ws.db, today=today)
