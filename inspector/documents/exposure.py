"""The exposure sheet (曝光台): approved problems grouped by district, one photo and one line each."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.documents.data import ExposureEntry, ExposureSheet
from inspector.documents.model import Block, Document, Figure, Heading, Picture, Title, heading_number, para
from inspector.ids import cn_date
from inspector.letters import DocumentError, Letterhead

PER_ROW = 2


def exposure_title(sheet: ExposureSheet) -> str:
    """The sheet's title: the given one, or 文明城市创建曝光台."""
    return sheet.title or "文明城市创建曝光台"


def exposure_subtitle(sheet: ExposureSheet, letterhead: Letterhead) -> str:
    """The line under the title: period, issue number, issuing office and date."""
    issue = f"第{sheet.issue}期　" if sheet.issue else ""
    return f"{sheet.period_label}　{issue}{letterhead.signature}　{cn_date(sheet.issued_on)}"


def exposure_intro(sheet: ExposureSheet, letterhead: Letterhead) -> str:
    """The opening paragraph."""
    return sheet.intro or (
        f"为推动问题整改落实，现将{sheet.period_label}文明城市创建督查中发现的部分问题予以曝光。"
        f"请各责任单位立即整改，并在整改时限内将整改情况报送{letterhead.signature}。"
    )


def _state(entry: ExposureEntry) -> str:
    """What the line says about rectification, following the problem's status."""
    deadline = f"{cn_date(entry.deadline)}前" if entry.deadline else "立即整改"
    if entry.status == "overdue":
        since = f"整改时限{cn_date(entry.deadline)}，" if entry.deadline else ""
        return f"{since}已逾期，请立即整改"
    if entry.status == "rectified":
        return f"整改时限：{deadline}；已报整改，待复查确认"
    if entry.status == "closed":
        return "已整改，经复查销号"
    return f"整改时限：{deadline}"


def entry_line(entry: ExposureEntry) -> str:
    """The one line printed under an exposed problem's photo; an overdue problem says 已逾期，请立即整改."""
    unit = f"责任单位：{entry.responsible_unit}"
    return f"{entry.place}{entry.site}：{entry.problem}。{unit}；{_state(entry)}。编号{entry.reference}"


def by_district(entries: tuple[ExposureEntry, ...]) -> list[tuple[str, list[ExposureEntry]]]:
    """Entries grouped by district, districts in order of first appearance."""
    groups: dict[str, list[ExposureEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.district, []).append(entry)
    return list(groups.items())


def places(entries: list[ExposureEntry]) -> int:
    """The 处 of a district's entries: each problem counts the places it was found at, as in the circular."""
    return sum(entry.count for entry in entries)


def _district(k: int, name: str, entries: list[ExposureEntry]) -> Iterator[Block]:
    yield Heading(1, f"{heading_number(1, k)}{name}（{places(entries)}处）")
    for start in range(0, len(entries), PER_ROW):
        row = entries[start : start + PER_ROW]
        yield Figure(tuple(Picture(e.photo, entry_line(e)) for e in row), slots=PER_ROW)


def build_exposure(sheet: ExposureSheet, letterhead: Letterhead) -> Document:
    """The exposure sheet as a document model (no 版头: it is a bulletin for the media, not a 公文)."""
    if not sheet.entries:
        raise DocumentError("曝光台没有可发布的问题：请先在审核中把问题标记为“可曝光”。")
    document = Document(title=f"{exposure_title(sheet)}（{sheet.period_label}）", author=letterhead.issuing_office)
    document.add(
        Title(exposure_title(sheet), gap_lines=0),
        para(exposure_subtitle(sheet, letterhead), indent=0, align="center"),
        para(exposure_intro(sheet, letterhead)),
    )
    for k, (name, entries) in enumerate(by_district(sheet.entries), start=1):
        document.add(*_district(k, name, entries))
    return document
