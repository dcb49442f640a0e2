"""Document numbers (发文字号) kept per year in the office database, reserved in a transaction when issued.

Circulars and rectification notices carry the letterhead's number prefix (云创文办〔2026〕12号) and so share one
series: two documents never carry the same number. Exposure sheets are numbered as issues (第N期) in their own
series. Serials restart at 1 each year (the year the document is issued). Issuing the same document again (same
kind, period and unit) keeps its number unless a new one is asked for, so a re-print leaves no gap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import sqlite_utils

from inspector import forms
from inspector.decisions import actor_name
from inspector.documents.data import Letterhead
from inspector.errors import InspectorError
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting, transaction

KINDS = {"circular": "督查情况通报", "exposure": "曝光台", "notice": "整改通知书"}
EXPOSURE_SERIES = "曝光台"


@dataclass(frozen=True)
class DocumentNumber:
    """A number given to one issued document."""

    kind: str
    series: str
    year: int
    serial: int
    number: str
    period: str
    unit: str
    issued_on: date
    reserved: bool = True  # False for a preview: the number is what the next issue would get

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def letterhead(db: sqlite_utils.Database) -> Letterhead:
    """The workspace's letterhead setting (copied from forms/letterhead.yaml), or the shipped one."""
    setting = get_setting(db, "letterhead")
    if setting is None:
        setting = forms.read_yaml_mapping(forms.form_path(forms.LETTERHEAD_FILE))
    return Letterhead.from_setting(setting)


def _series(kind: str, head: Letterhead) -> str:
    if kind not in KINDS:
        raise InspectorError(f"文书种类应为 circular、exposure 或 notice，而不是“{kind}”")
    return EXPOSURE_SERIES if kind == "exposure" else head.number_prefix


def _text(kind: str, head: Letterhead, year: int, serial: int) -> str:
    return f"第{serial}期" if kind == "exposure" else head.number(year, serial)


def _row(row: tuple) -> DocumentNumber:
    kind, series, year, serial, number, period, unit, issued_on = row
    return DocumentNumber(kind, series, year, serial, number, period, unit, date.fromisoformat(issued_on))


_COLUMNS = "kind, series, year, serial, number, period, unit, issued_on"


def issue_number(
    db: sqlite_utils.Database,
    kind: str,
    *,
    period: str,
    issued_on: date,
    unit: str = "",
    new: bool = False,
    preview: bool = False,
    actor: str | None = None,
) -> DocumentNumber:
    """The number for a document: its earlier number when re-issued, else the next serial of its series and year.

    `new` always takes the next serial; `preview` reserves nothing (the number shown is what issuing would give).
    """
    head = letterhead(db)
    series = _series(kind, head)
    year = issued_on.year
    again = "SELECT " + _COLUMNS + " FROM document_numbers WHERE kind = ? AND period = ? AND unit = ?"
    following = "SELECT COALESCE(MAX(serial), 0) + 1 FROM document_numbers WHERE series = ? AND year = ?"
    if preview:
        row = None if new else db.execute(again + " ORDER BY year DESC, serial DESC", [kind, period, unit]).fetchone()
        if row is not None:
            return _row(row)
        serial = db.execute(following, [series, year]).fetchone()[0]
        text = _text(kind, head, year, serial)
        return DocumentNumber(kind, series, year, serial, text, period, unit, issued_on, reserved=False)
    who = actor_name(db, actor)
    with transaction(db) as conn:
        if not new:
            row = conn.execute(again + " ORDER BY year DESC, serial DESC", [kind, period, unit]).fetchone()
            if row is not None:
                return _row(row)
        serial = conn.execute(following, [series, year]).fetchone()[0]
        text = _text(kind, head, year, serial)
        conn.execute(
            "INSERT INTO document_numbers (series, year, serial, kind, number, period, unit, issued_on, actor,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [series, year, serial, kind, text, period, unit, issued_on.isoformat(), who, to_iso(utc_now())],
        )
    return DocumentNumber(kind, series, year, serial, text, period, unit, issued_on)


def list_numbers(db: sqlite_utils.Database, *, year: int | None = None) -> list[DocumentNumber]:
    """Numbers issued, newest first (optionally of one year)."""
    where, params = ("WHERE year = ?", [year]) if year else ("", [])
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM document_numbers {where} ORDER BY year DESC, rowid DESC", params
    ).fetchall()
    return [_row(row) for row in rows]
