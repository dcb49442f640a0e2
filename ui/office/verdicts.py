"""Verdicts on bundles as tables show them: one row per bundle file, refused ones first and in colour."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from inspector.exchange import merge, registry
from inspector.exchange.bundle.verify import Verdict
from inspector.untrusted import printable
from ui.context import AppContext
from ui.loading import LatestLoad
from ui.pages import labels
from ui.widgets import colors, refusals
from ui.widgets.table_model import ListColumn, ListTableModel

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
VERDICTS = {
    "quarantined": QT_TRANSLATE_NOOP("VerdictsModel", "Quarantined"),
    "rejected": QT_TRANSLATE_NOOP("VerdictsModel", "Rejected"),
    "imported": QT_TRANSLATE_NOOP("VerdictsModel", "Imported"),
    "duplicate": QT_TRANSLATE_NOOP("VerdictsModel", "Already imported"),
    "valid": QT_TRANSLATE_NOOP("VerdictsModel", "Valid"),
}
RANK = {code: n for n, code in enumerate(VERDICTS)}  # refused bundles sort first
TINTED = {"quarantined": "warning", "rejected": "failed"}  # refused rows are tinted whole
STATES = {**TINTED, "imported": "ok", "duplicate": "muted"}


def verdict_text(code: str) -> str:
    """已导入 / 已导入过 / 已拒收 / 已隔离 (or the English words)."""
    return QCoreApplication.translate("VerdictsModel", VERDICTS[code]) if code in VERDICTS else code


@dataclass(frozen=True)
class VerdictRow:
    """One bundle's verdict with the registered device and inspector it names (when known)."""

    file: str
    verdict: str
    reason: str
    inspector: str
    device: str
    seq: int | None
    new: dict[str, int] = field(default_factory=dict)
    gaps: tuple[int, ...] = ()
    checked_at: str = ""
    order: int = 0
    claimed: bool = False  # inspector, device and number are what an unverified file says, not who sent it
    code: str = ""  # the core's reason code (its sentence in `reason` is Chinese)

    @property
    def name(self) -> str:
        """The file name without its folder."""
        return Path(self.file).name

    @property
    def refused(self) -> bool:
        """Rejected or quarantined."""
        return self.verdict in ("rejected", "quarantined")


def _text(value: Any) -> str:
    return printable(value, limit=80) if isinstance(value, str) else ""


def _who(devices: dict[str, dict[str, Any]], key_id: Any, inspector_id: Any, device_name: Any) -> tuple[str, str]:
    known = devices.get(key_id) if isinstance(key_id, str) else None
    if known is not None:
        return printable(known.get("inspector_name") or known["inspector_id"]), printable(known["device_name"])
    return _text(inspector_id), _text(device_name)


def _seq(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def from_verdict(verdict: Verdict, devices: dict[str, dict[str, Any]], order: int = 0) -> VerdictRow:
    """A row for a verdict just reached. Who sent the file is shown only when its signature verified: what an
    unverified manifest claims (a registered laptop's key id, a name) is never shown as the sender."""
    m = verdict.manifest or {}
    if verdict.verified:
        inspector, device = _who(devices, m.get("key_id"), m.get("inspector_id"), m.get("device_name"))
        seq = _seq(m.get("seq"))
    else:
        claims = verdict.claims
        inspector, device = _text(claims.get("inspector_id")), _text(claims.get("device_name"))
        seq = _seq(claims.get("seq"))
    new = verdict.counts.get("new", {}) if isinstance(verdict.counts.get("new"), dict) else {}
    return VerdictRow(
        printable(verdict.file),
        verdict.verdict,
        printable(verdict.reason),
        inspector,
        device,
        seq,
        new,
        tuple(verdict.gaps),
        order=order,
        claimed=not verdict.verified and bool(inspector or device or seq is not None),
        code=verdict.code,
    )


def from_record(record: dict[str, Any], devices: dict[str, dict[str, Any]], order: int = 0) -> VerdictRow:
    """A row for a verdict kept in the office database (merge.list_verdicts)."""
    counts = record["counts"] if isinstance(record["counts"], dict) else {}
    inspector, device = _who(devices, record["key_id"], None, None)  # key_id is kept only when verified
    seq = record["seq"]
    claims = counts.get("claimed") if isinstance(counts.get("claimed"), dict) else {}
    claimed = record["key_id"] is None and bool(claims)
    if claimed:
        inspector, device = _text(claims.get("inspector_id")), _text(claims.get("device_name"))
        seq = _seq(claims.get("seq"))
    new = counts.get("new", {}) if isinstance(counts.get("new"), dict) else {}
    return VerdictRow(
        printable(record["file_name"]),
        record["verdict"],
        printable(record["reason"]),
        inspector,
        device,
        seq,
        new,
        checked_at=record["checked_at"],
        order=order,
        claimed=claimed,
        code=str(record.get("code") or ""),
    )


def _claim(row: VerdictRow, text: str) -> str:
    """A value as the row shows it: marked as a claim when the file's signature did not verify."""
    if not row.claimed or not text:
        return text
    return QCoreApplication.translate("VerdictsModel", "{value} (claimed)").format(value=text)


def _claim_tip(row: VerdictRow) -> str:
    if not row.claimed:
        return ""
    return QCoreApplication.translate(
        "VerdictsModel", "What the file says: its signature did not verify, so it is not known who sent it"
    )


def _new_text(row: VerdictRow) -> str:
    if row.verdict != "imported":
        return ""
    return QCoreApplication.translate(
        "VerdictsModel", "{inspections} inspection(s) · {findings} finding(s) · {photos} photo(s)"
    ).format(
        inspections=row.new.get("inspections", 0), findings=row.new.get("findings", 0), photos=row.new.get("photos", 0)
    )


def _reason_text(row: VerdictRow) -> str:
    if row.verdict != "imported":
        return refusals.reason_text(row.code, row.reason)
    notes = []
    if row.gaps:
        notes.append(
            QCoreApplication.translate("VerdictsModel", "Bundles missing from this laptop: no. {numbers}").format(
                numbers=", ".join(map(str, row.gaps))
            )
        )
    if row.new.get("shared_photos"):
        notes.append(
            QCoreApplication.translate(
                "VerdictsModel", "{count} photo(s) also sent by another laptop: check who took them"
            ).format(count=row.new["shared_photos"])
        )
    if row.new.get("time_flags"):
        notes.append(
            QCoreApplication.translate(
                "VerdictsModel", "{count} inspection time(s) to check: the laptop's clock may be wrong"
            ).format(count=row.new["time_flags"])
        )
    return "; ".join(notes) or refusals.reason_text(row.code, row.reason)


def _columns(with_time: bool) -> tuple[ListColumn, ...]:
    columns = (
        ListColumn(
            QT_TRANSLATE_NOOP("VerdictsModel", "Verdict"),
            lambda r: verdict_text(r.verdict),
            sort=lambda r: RANK.get(r.verdict, 9) * 1_000_000 + r.order,  # a number: the proxy sorts it
        ),
        ListColumn(QT_TRANSLATE_NOOP("VerdictsModel", "File"), lambda r: r.name, tooltip=lambda r: r.file),
        ListColumn(
            QT_TRANSLATE_NOOP("VerdictsModel", "Inspector"), lambda r: _claim(r, r.inspector), tooltip=_claim_tip
        ),
        ListColumn(QT_TRANSLATE_NOOP("VerdictsModel", "Laptop"), lambda r: _claim(r, r.device), tooltip=_claim_tip),
        ListColumn(
            QT_TRANSLATE_NOOP("VerdictsModel", "No."),
            lambda r: "" if r.seq is None else str(r.seq),
            True,
            lambda r: -1 if r.seq is None else r.seq,
        ),
        ListColumn(QT_TRANSLATE_NOOP("VerdictsModel", "New records"), _new_text),
        ListColumn(QT_TRANSLATE_NOOP("VerdictsModel", "Reason"), _reason_text, tooltip=_reason_text),
    )
    if not with_time:
        return columns
    checked = ListColumn(
        QT_TRANSLATE_NOOP("VerdictsModel", "Checked"), lambda r: labels.local_time(r.checked_at), sort=lambda r: r.order
    )
    return (columns[0], checked, *columns[1:])


class VerdictsModel(ListTableModel):
    """Verdict rows; rejected rows are red, quarantined amber, and both sort before the rest."""

    CONTEXT = "VerdictsModel"
    COLUMNS = _columns(with_time=False)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            row: VerdictRow = self.record(index.row())
            if row.verdict in TINTED and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
                foreground, background = colors.row_brushes(TINTED[row.verdict], highlighted=index.column() == 0)
                return background if role == Qt.ItemDataRole.BackgroundRole else foreground
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and row.verdict in STATES:
                return colors.text_brush(STATES[row.verdict])
            if role == Qt.ItemDataRole.FontRole and index.column() == 0 and row.refused:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class VerdictHistoryModel(VerdictsModel):
    """Every verdict kept in the office with the time it was reached, sorted by the core (newest first unless the
    verdict column is chosen): the first page is read off the UI thread, later pages as the view scrolls to them."""

    COLUMNS = _columns(with_time=True)
    PAGE_SIZE = 200
    # column -> the core's order (merge.VERDICT_ORDERS); the other columns do not sort
    ORDERS: ClassVar[dict[int, str]] = {0: "verdict", 1: "checked"}

    def __init__(self, db: Any, parent: Any = None, *, ctx: AppContext | None = None):
        super().__init__(parent)
        self.db = db
        self.loader = LatestLoad(db, ctx, self)
        self.total = 0
        self.order, self.descending = "checked", True
        self.fetches = 0  # pages read after the first (tests)
        self._devices: dict[str, dict[str, Any]] = {}

    def reload(self) -> None:
        """Read the count, the registered laptops and the first page again (off the UI thread)."""
        order, descending, size = self.order, self.descending, self.PAGE_SIZE

        def first_page(db: Any) -> tuple[dict[str, dict[str, Any]], int, list[VerdictRow]]:
            devices = {d["key_id"]: d for d in registry.list_devices(db)}
            records = merge.list_verdicts(db, limit=size, order=order, descending=descending)
            return devices, merge.count_verdicts(db), [from_record(r, devices, r["id"]) for r in records]

        self.loader.start(first_page, self._first_page)

    def _first_page(self, result: tuple[dict[str, dict[str, Any]], int, list[VerdictRow]]) -> None:
        self._devices, self.total, rows = result
        self.set_rows(rows)

    def sortable(self, column: int) -> bool:
        """Whether the core can order the verdicts by this column."""
        return column in self.ORDERS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the core for another order (columns it cannot order by are ignored)."""
        if column not in self.ORDERS:
            return
        wanted = (self.ORDERS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted != (self.order, self.descending) or not self._rows:
            self.order, self.descending = wanted
            self.reload()

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and not self.loader.busy and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        records = merge.list_verdicts(
            self.db, limit=self.PAGE_SIZE, offset=len(self._rows), order=self.order, descending=self.descending
        )
        self.fetches += 1
        if not records:
            self.total = len(self._rows)  # fewer than counted: nothing more to read until the next reload
            return
        start = len(self._rows)
        self.beginInsertRows(_ROOT, start, start + len(records) - 1)
        self._rows.extend(from_record(r, self._devices, r["id"]) for r in records)
        self.endInsertRows()
