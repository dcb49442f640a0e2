"""Issuing documents for a period: reserve the number, fill the data from the database, write the file(s).

One call writes one document in one format (a notice without a unit: one file per responsible unit into a
folder). Re-issuing the same document keeps its number (see `numbering`), so writing the PDF and then the DOCX
of one circular gives both the same number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from inspector import clock, numbering, reports
from inspector.documents import DocumentError, render_circular, render_exposure, render_notice, write_problem_list
from inspector.errors import InspectorError
from inspector.periods import Period
from inspector.workspace import Workspace

FORMATS = {
    "circular": ("pdf", "docx"),
    "exposure": ("pdf", "docx", "html"),
    "notice": ("pdf", "docx"),
    "problems": ("xlsx",),
}
TITLES = {"circular": "督查情况通报", "exposure": "曝光台", "notice": "整改通知书", "problems": "问题清单"}
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IssuedDocument:
    """What was written: the files, the numbers they carry, counts, and anything the clerk should know."""

    kind: str
    period: str
    format: str
    files: tuple[Path, ...]
    numbers: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    preview: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**self.__dict__, "files": [str(f) for f in self.files], "title": TITLES[self.kind]}


def safe_name(text: str) -> str:
    """A file-name-safe version of a unit's name."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "未命名单位"


def _check(kind: str, fmt: str) -> None:
    if kind not in FORMATS:
        raise InspectorError(f"文书种类应为 {'、'.join(FORMATS)}，而不是“{kind}”")
    if fmt not in FORMATS[kind]:
        raise DocumentError(f"{TITLES[kind]}可以导出为 {'、'.join(FORMATS[kind])}，不支持“{fmt}”")


def _pending(ws: Workspace, period: Period, today: date) -> list[str]:
    pending = [p for p in reports.period_problems(ws.db, period, today=today) if p.review == "pending"]
    if not pending:
        return []
    return [f"{period.label}还有 {len(pending)} 个问题未审核，未列入通报、曝光台和整改通知书（问题清单中标为“待审核”）"]


def issue(
    ws: Workspace,
    kind: str,
    period: Period,
    *,
    fmt: str,
    out: Path | str,
    unit: str | None = None,
    today: date | None = None,
    issued_on: date | None = None,
    new_number: bool = False,
    preview: bool = False,
    actor: str | None = None,
    addressees: str | None = None,
    copy_to: str | None = None,
    progress: Progress | None = None,
) -> IssuedDocument:
    """Write one document for a period: circular, exposure, notice (one unit, or every unit into a folder), problems.

    `preview` writes the file without reserving its number; `new_number` takes a new number instead of the one
    an earlier issue of the same document got. `addressees` (circular) and `copy_to` (circular, notices) replace
    the defaults (各区创文办，市直各有关单位 and the letterhead's 抄送); blank means the default.
    """
    _check(kind, fmt)
    issued_on = issued_on or clock.today()
    today = today or issued_on
    target = Path(out)
    photos = reports.PhotoCopies(ws)
    warnings = _pending(ws, period, today)

    def number(doc_kind: str, for_unit: str = "") -> numbering.DocumentNumber:
        return numbering.issue_number(
            ws.db, doc_kind, period=period.text, issued_on=issued_on, unit=for_unit, new=new_number, preview=preview,
            actor=actor,
        )  # fmt: skip

    files: list[Path] = []
    numbers: list[str] = []
    counts: dict[str, int] = {}
    if kind == "problems":
        problems = reports.period_problems(ws.db, period, today=today)
        files.append(write_problem_list(reports.problem_rows(problems), target, title=f"{period.label}问题清单"))
        counts["problems"] = len(problems)
    elif kind == "circular":
        made = number("circular")
        data = reports.circular_data(
            ws, period, year=made.year, serial=made.serial, issued_on=issued_on, today=today, photos=photos
        )
        data = replace(data, addressees=(addressees or "").strip() or data.addressees, copy_to=_copy(copy_to))
        _parent(target)
        files.append(render_circular(data, numbering.letterhead(ws.db), target, fmt).path)
        numbers.append(made.number)
        counts["problems"] = len(data.problems)
    elif kind == "exposure":
        sheet = reports.exposure_sheet(ws, period, issue=None, issued_on=issued_on, today=today, photos=photos)
        if not sheet.entries:
            raise DocumentError(f"{period.label}没有同意曝光的问题：请先在审核中把问题标记为“可曝光”。")
        made = number("exposure")
        sheet = replace(sheet, issue=made.serial)
        _parent(target)
        report = render_exposure(sheet, numbering.letterhead(ws.db), target, fmt)
        files.extend(report.files or [report.path])
        numbers.append(made.number)
        counts["problems"] = len(sheet.entries)
    else:
        files, numbers, counts = _notices(
            ws, period, target, fmt, unit, today, issued_on, photos, number, progress, _copy(copy_to)
        )
    return IssuedDocument(
        kind, period.text, fmt, tuple(files), tuple(numbers), counts, tuple(warnings + photos.warnings), preview
    )


def _copy(copy_to: str | None) -> str | None:
    """The 抄送 line to print: None (the letterhead's) when none was given."""
    return copy_to.strip() if copy_to and copy_to.strip() else None


def _parent(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)


def _notices(
    ws: Workspace,
    period: Period,
    target: Path,
    fmt: str,
    unit: str | None,
    today: date,
    issued_on: date,
    photos: reports.PhotoCopies,
    number: Callable[..., numbering.DocumentNumber],
    progress: Progress | None,
    copy_to: str | None,
) -> tuple[list[Path], list[str], dict[str, int]]:
    by_unit = reports.notice_problems(ws.db, period, today=today)
    if unit is not None:
        if unit not in by_unit:
            raise DocumentError(f"“{unit}”在{period.label}没有待整改的已确认问题，无需发整改通知书。")
        chosen = {unit: by_unit[unit]}
        paths = {unit: target}
    else:
        if not by_unit:
            raise DocumentError(f"{period.label}没有待整改的已确认问题，无需发整改通知书。")
        if target.exists() and not target.is_dir():
            raise InspectorError(f"“{target}”是一个文件：不指定 --unit 时请给一个文件夹，每个责任单位一个文件")
        chosen = by_unit
        paths = {name: target / f"整改通知书-{safe_name(name)}.{fmt}" for name in by_unit}
    head = numbering.letterhead(ws.db)
    files, numbers = [], []
    for n, (name, problems) in enumerate(chosen.items()):
        if progress:
            progress(n, len(chosen), name)
        made = number("notice", name)
        data = reports.notice_data(
            ws, period, name, problems, year=made.year, serial=made.serial, issued_on=issued_on, photos=photos
        )
        data = replace(data, copy_to=copy_to)
        _parent(paths[name])
        files.append(render_notice(data, head, paths[name], fmt).path)
        numbers.append(made.number)
    if progress:
        progress(len(chosen), len(chosen), "完成")
    return files, numbers, {"units": len(chosen), "problems": sum(len(p) for p in chosen.values())}
