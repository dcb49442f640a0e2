"""The selected problem: the finding (site, item, count, deduction, note, photos, where it came from), the unit's
rectification report, and the office's review and rectification history.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from inspector.errors import InspectorError
from inspector.exchange import merge
from inspector.field import inspections
from inspector.letters import short_reference
from inspector.tracking.decisions import decisions
from inspector.tracking.problems import Problem
from ui.context import AppContext
from ui.oversight import labels
from ui.oversight.problems_model import DecisionsModel
from ui.pages import labels as page_labels
from ui.widgets import accessible
from ui.widgets.photos import THUMB_SIZE, PhotoStrip, PhotoViewer
from ui.widgets.table_model import fit_columns, make_table, set_widths

FIELDS = ("site", "place", "item", "count", "note", "unit", "deadline", "status", "found", "source", "recheck")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


class ProblemDetail(QWidget):
    """Shows one problem (or a hint when none is selected); photos open in the evidence viewer."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.problem: Problem | None = None
        self.viewer: PhotoViewer | None = None
        self.title = QLabel(self.tr("Select a problem to see its finding, photos and history."))
        self.title.setObjectName("problemTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.values: dict[str, QLabel] = {}
        names = {
            "site": self.tr("Site"),
            "place": self.tr("Place"),
            "item": self.tr("Item"),
            "count": self.tr("Count, deduction"),
            "note": self.tr("Note"),
            "unit": self.tr("Responsible unit"),
            "deadline": self.tr("Deadline"),
            "status": self.tr("Status"),
            "found": self.tr("Found"),
            "source": self.tr("Came from"),
            "recheck": self.tr("Recheck"),
        }
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key in FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(names[key], value)
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(fields)

        self.photos = PhotoStrip(ctx)
        self.photos.setObjectName("problemPhotos")
        self.photos.setAcceptDrops(False)
        self.photos.set_placeholder(self.tr("No photos."))
        self.photos.photo_activated.connect(self.open_photo)
        self.exposure = QLabel()
        self.exposure.setWordWrap(True)
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.after = PhotoStrip(ctx)
        self.after.setAcceptDrops(False)
        self.after.set_placeholder(self.tr("No photo of the fixed site."))
        self.after.photo_activated.connect(self.open_photo)
        accessible.name(self.after, self.tr("Rectification report"))
        middle = QVBoxLayout()
        middle.addWidget(_heading(self.tr("Photos")))
        middle.addWidget(self.photos, 1)
        middle.addWidget(self.exposure)
        middle.addWidget(_heading(self.tr("Rectification report")))
        middle.addWidget(self.report)
        middle.addWidget(self.after, 1)

        self.history = DecisionsModel(self)
        self.history_view = make_table(self.history)
        self.history_view.setObjectName("problemHistory")
        self.history_view.setWordWrap(True)
        set_widths(self.history_view, (7.5, 5, 6, 10))
        fit_columns(self.history_view, 0)  # a timestamp is never wrapped or cut
        right = QVBoxLayout()
        right.addWidget(_heading(self.tr("Review and rectification history")))
        right.addWidget(self.history_view, 1)

        middle_box = QWidget()
        middle_box.setLayout(middle)
        middle_box.setMinimumHeight(2 * THUMB_SIZE + 110)  # both strips whole; a short pane scrolls them
        middle_scroll = QScrollArea()  # the list above keeps its rows on a 768-pixel screen
        middle_scroll.setWidgetResizable(True)
        middle_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        middle_scroll.setWidget(middle_box)

        columns = QHBoxLayout()
        columns.addWidget(scroll, 5)
        columns.addWidget(middle_scroll, 3)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        self.show_problem(None)

    def show_problem(self, problem: Problem | None) -> None:
        """Show a problem, or clear the pane."""
        self.problem = problem
        if problem is None:
            self.title.setText(self.tr("Select a problem to see its finding, photos and history."))
            for value in self.values.values():
                value.clear()
                value.setToolTip("")
            self.photos.set_photos([])
            self.after.set_photos([])
            self.exposure.clear()
            self.report.clear()
            self.history.set_rows([])
            return
        status = labels.label(labels.STATUSES, problem.status)
        self.title.setText(f"{problem.reference} · {status} · {problem.description}")
        for key, text in self._texts(problem).items():
            self.values[key].setText(text)
        self.photos.set_photos(list(problem.photos), self._device(problem))
        self.after.set_photos(list(problem.rectification_photos))
        self.exposure.setText(self._exposure_text(problem))
        if problem.rectified_on:
            self.report.setText(
                self.tr("Reported fixed on {day}: {report}").format(
                    day=problem.rectified_on.isoformat(), report=problem.rectification_report
                )
            )
        else:
            self.report.setText(self.tr("Not reported fixed yet."))
        self.history.set_rows(decisions(self.ctx.db, [problem.finding_id]))
        self.history_view.resizeRowsToContents()

    def _texts(self, p: Problem) -> dict[str, str]:
        deduction = self.tr("{count} occurrence(s), {points} point(s)").format(
            count=p.count, points=page_labels.points(p.deduction)
        )
        if p.unfixed_of:
            deduction += self.tr(" (×{times}: unfixed at recheck of {reference})").format(
                times=f"{p.multiplier:g}", reference=short_reference(p.unfixed_of)
            )
        elif p.repeat_of:
            deduction += self.tr(" (×{times}: repeat of {reference})").format(
                times=f"{p.multiplier:g}", reference=short_reference(p.repeat_of)
            )
        unit = p.responsible_unit
        if unit != p.catalog_unit:
            unit += self.tr(" (negative list: {unit})").format(unit=p.catalog_unit or "—")
        deadline = labels.day_text(p.deadline)
        if p.deadline != p.catalog_deadline:
            deadline += self.tr(" (negative list: {day})").format(day=labels.day_text(p.catalog_deadline))
        if p.overdue:
            deadline += self.tr(" · {days} day(s) overdue").format(days=p.days_overdue)
        status = labels.label(labels.STATUSES, p.status)
        if p.review_reason:
            status += self.tr(" · reason: {reason}").format(reason=p.review_reason)
        if p.primary_id:
            status += self.tr(" · duplicate of {reference}").format(reference=short_reference(p.primary_id))
        return {
            "site": self.tr("{name} ({code}) · {type}").format(
                name=p.site_name, code=p.site_code, type=p.site_type_name
            ),
            "place": p.place or f"{p.district}{p.street}{p.address}",
            "item": f"{p.item_code} · {p.category_name}",
            "count": deduction,
            "note": p.note or "—",
            "unit": unit,
            "deadline": deadline,
            "status": status,
            "found": self.tr("{time} · {mode} · {inspector}").format(
                time=page_labels.local_time(p.started_at),
                mode=page_labels.label(page_labels.MODES, p.mode),
                inspector=p.inspector_name,
            ),
            "source": self._source_text(p),
            "recheck": self._recheck_text(p),
        }

    def _source_text(self, p: Problem) -> str:
        sources = merge.inspection_sources(self.ctx.db, p.inspection_id)
        head = self.tr("inspection {id} · version {rev} of the finding").format(id=p.inspection_id[:8], rev=p.rev)
        # the content fingerprint is for auditors: on hover, not in the sentence an inspector reads
        self.values["source"].setToolTip(
            self.tr("Fingerprint (SHA-256) of this version: {hash}").format(hash=p.content_hash)
        )
        bundles = [
            self.tr("bundle no. {seq} from {device}").format(
                seq=s["seq"], device=s.get("device_name") or page_labels.short_hash(s["device_id"], 8)
            )
            for s in sources
        ]
        return "\n".join([head, *bundles]) if bundles else head + "\n" + self.tr("recorded in this workspace")

    def _recheck_text(self, p: Problem) -> str:
        if p.closed_on:
            return self.tr("Passed on {day}").format(day=p.closed_on.isoformat())
        if p.rechecked_on:
            return self.tr("Still unfixed on {day} ({count} recheck(s))").format(
                day=p.rechecked_on.isoformat(), count=p.unfixed_rechecks
            )
        return self.tr("Not rechecked yet")

    def _exposure_text(self, p: Problem) -> str:
        if not p.exposure:
            return ""
        areas = sum(len(rects) for rects in p.masks.values())
        return self.tr("Approved for exposure · {count} mask area(s)").format(count=areas)

    def _device(self, p: Problem) -> str | None:
        """The device that recorded the problem's inspection (its photos' capture facts are its own)."""
        try:
            return inspections.get_inspection(self.ctx.db, p.inspection_id).device_id
        except InspectorError:
            return None

    def open_photo(self, sha: str) -> None:
        """Open a photo of the problem in the evidence viewer (watermarked copy, hash, time)."""
        p = self.problem
        if p is None:
            return
        context = {
            "place": p.place,
            "site": p.site_name,
            "inspector": p.inspector_name,
            "taken_at": p.started_at,
            "device": self._device(p) if sha in p.photos else None,
        }
        self.viewer = PhotoViewer(self.ctx, sha, context, self)
        self.viewer.open()
