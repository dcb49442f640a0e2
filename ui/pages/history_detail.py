"""The history's detail pane: one inspection's header, findings, photos, revisions (and in an office, its source)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import timecheck
from inspector.errors import InspectorError
from inspector.field import history, inspections
from inspector.field.history import InspectionDetail
from ui.context import AppContext
from ui.pages import labels
from ui.pages.finding_edit import FindingEditDialog
from ui.pages.finding_models import FindingsModel, RevisionsModel
from ui.pages.void_dialog import VoidDialog
from ui.widgets import accessible, colors
from ui.widgets.photos import PhotoStrip, PhotoViewer
from ui.widgets.table_model import make_table, set_widths, stretch_columns


class InspectionDetailPane(QWidget):
    """Shows one inspection; editing a finding asks for a reason and announces the change."""

    finding_saved = Signal(object)  # the new revision

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: InspectionDetail | None = None
        self.dialog: FindingEditDialog | None = None
        self.viewer: PhotoViewer | None = None

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.office = ctx.workspace.role == "office"  # merged records: show where they came from, read-only
        self.sources = QLabel()
        self.sources.setObjectName("inspectionSources")
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources.setStyleSheet(f"color: {colors.text('muted').name()};")
        self.sources.setVisible(self.office)

        self.findings = FindingsModel(self)
        self.findings_view = make_table(self.findings)
        set_widths(self.findings_view, (5.5, 9, 3, 2, 2, 2, 2, 6, 5.5))
        stretch_columns(self.findings_view, 1, self.findings.columnCount() - 1)  # the problem and the note
        self.findings_view.selectionModel().currentRowChanged.connect(self._finding_changed)
        self.findings_view.doubleClicked.connect(self.edit_current)

        self.revisions = RevisionsModel(self)
        self.revisions_view = make_table(self.revisions)
        set_widths(self.revisions_view, (1, 9, 3, 2, 5, 5))
        self.revisions_title = QLabel()
        self.revisions_title.setStyleSheet("font-weight: bold;")
        self.photos = PhotoStrip(ctx, self)
        self.photos.setAcceptDrops(False)
        self.photos.set_placeholder(self.tr("No photos."))
        self.photos.photo_activated.connect(self.open_photo)
        self.photos_title = QLabel()
        self.photos_title.setStyleSheet("font-weight: bold;")

        self.edit_button = QPushButton(self.tr("Change result…"))
        self.edit_button.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_button.setToolTip(self.tr("Change the selected finding (Ctrl+E); a new revision is written"))
        self.edit_button.clicked.connect(self.edit_current)
        self.edit_button.setVisible(not self.office)
        self.void_button = QPushButton(self.tr("Void inspection…"))
        self.void_button.setObjectName("voidInspection")
        self.void_button.setToolTip(
            self.tr("Void this inspection with a reason: it is kept and exported as voided, and counts nowhere")
        )
        self.void_button.clicked.connect(self.void_current)
        self.void_button.setVisible(not self.office)
        self.void_dialog: VoidDialog | None = None
        self.void_note = QLabel()
        self.void_note.setObjectName("voidNote")
        self.void_note.setWordWrap(True)
        self.void_note.setStyleSheet(colors.style("failed", "font-weight: bold;"))
        self.void_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        accessible.name(self.findings_view, self.tr("Findings"))
        accessible.name(self.revisions_view, self.tr("Revisions"))
        accessible.name(self.photos, self.tr("Photos"))

        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.findings_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.edit_button)
        findings_layout.addLayout(buttons)
        revisions_box = QWidget()
        revisions_layout = QVBoxLayout(revisions_box)
        revisions_layout.setContentsMargins(0, 0, 0, 0)
        revisions_layout.addWidget(self.revisions_title)
        revisions_layout.addWidget(self.revisions_view, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(findings_box)
        left.addWidget(revisions_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([270, 110])
        photos_box = QWidget()
        photos_layout = QVBoxLayout(photos_box)
        photos_layout.setContentsMargins(0, 0, 0, 0)
        photos_layout.addWidget(self.photos_title)
        photos_layout.addWidget(self.photos, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(photos_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([860, 250])

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.facts)
        content_layout.addWidget(self.void_note)
        content_layout.addWidget(self.sources)
        content_layout.addWidget(split, 1)
        self.empty = QLabel(self.tr("Select an inspection above to see its findings, photos and revisions."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(colors.style("muted"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_inspection(None)

    # showing

    def show_inspection(self, inspection_id: str | None) -> None:
        """Show an inspection (None: nothing), keeping the selected finding when it is the same one."""
        line = self.current_line()
        keep = line.finding.item_code if line else None
        same = self.detail is not None and self.detail.inspection.id == inspection_id
        try:
            self.detail = history.inspection_detail(self.ctx.db, inspection_id) if inspection_id else None
        except InspectorError:
            self.detail = None
        if self.detail is None:
            self.findings.set_rows([])
            self.stack.setCurrentWidget(self.empty)
            self._finding_changed()
            return
        self.stack.setCurrentIndex(1)
        self._show_header(self.detail)
        self.findings.set_rows(self.detail.findings)
        row = self.findings.row_of(keep) if same and keep else -1
        if row >= 0:
            self.findings_view.selectRow(row)
        self._finding_changed()

    def reload(self) -> None:
        """Read the shown inspection again (after a change)."""
        self.show_inspection(self.detail.inspection.id if self.detail else None)

    def _show_header(self, detail: InspectionDetail) -> None:
        inspection, site = detail.inspection, detail.site
        self.title.setText(
            self.tr("{site} ({code}) · {district} {street} · {site_type}").format(
                site=site.name,
                code=site.code,
                district=site.district,
                street=site.street,
                site_type=detail.site_type_name,
            )
        )
        facts = [
            labels.label(labels.MODES, inspection.mode),
            self.tr("Inspector: {name}").format(name=detail.inspector_name),
            self.tr("Started {start}").format(start=labels.local_time(inspection.started_at)),
            labels.label(labels.STATUSES, "voided" if detail.void else inspection.status),
            self.tr("Answered {answered}/{total}").format(answered=detail.answered, total=detail.total),
        ]
        if inspection.status == "finished":
            facts.insert(3, self.tr("Finished {end}").format(end=labels.local_time(inspection.finished_at)))
            facts.append(
                self.tr("{problems} problem(s) · deduction {deduction} · score {score}").format(
                    problems=inspection.problem_count,
                    deduction=labels.points(inspection.deduction_total),
                    score=labels.points(inspection.score),
                )
            )
        facts.append(self.tr("Address: {address}").format(address=site.address or site.street))
        self.facts.setText(" · ".join(facts))
        void = detail.void
        self.void_note.setVisible(void is not None)
        if void is not None:
            when = labels.local_time(void.voided_at)
            self.void_note.setText(self.tr("Voided {time}. Reason: {reason}").format(time=when, reason=void.reason))
        own = inspection.device_id == self.ctx.workspace.device_id
        self.void_button.setEnabled(void is None and own and not self.office)
        if self.office:
            self.sources.setText(self._sources_text(inspection.id))
        fails = sum(1 for line in detail.findings if line.finding.outcome == "fail")
        self.summary.setText(
            self.tr("{count} finding(s), {fails} failed").format(count=len(detail.findings), fails=fails)
        )

    def _sources_text(self, inspection_id: str) -> str:
        """Who sent an inspection to the office: the device, its inspector and every bundle that carried it."""
        from inspector.exchange import (
            merge,  # offices only: the merge code needs cryptography, laptops start without it
        )

        found = merge.inspection_sources(self.ctx.db, inspection_id)
        if not found:
            return self.tr("Recorded in this office workspace, not received in a bundle.")
        parts = [
            self.tr(
                "{device} (inspector {inspector}, device {device_id}): bundle no. {seq} ({bundle}), imported {time}"
            ).format(
                device=row["device_name"] or labels.short_hash(row["device_id"], 8),
                inspector=row["inspector_id"] or "?",
                device_id=labels.short_hash(row["device_id"], 8),
                seq=row["seq"],
                bundle=labels.short_hash(row["bundle_id"] or "", 13),
                time=labels.local_time(row["imported_at"]),
            )
            for row in found
        ]
        text = self.tr("Came from: {sources}").format(sources="; ".join(parts))
        flags = timecheck.flags_of(self.ctx.db, inspection_id)
        if flags:  # times the laptop's clock may have got wrong: the office reviews them before they count
            lines = [self.tr("Check the times: {detail}").format(detail=flag["detail"]) for flag in flags]
            red = [f'<span style="color:{colors.text("failed").name()}">{html.escape(line)}</span>' for line in lines]
            text = "<br>".join([html.escape(text), *red])
        return text

    def current_line(self) -> history.FindingLine | None:
        """The selected finding."""
        index = self.findings_view.currentIndex()
        return self.findings.line(index.row()) if index.isValid() else None

    def focus_findings(self, *_args: object) -> None:
        """Move the keyboard to the findings (the first one selected when none is)."""
        if self.findings.rowCount() and self.current_line() is None:
            self.findings_view.selectRow(0)
        self.findings_view.setFocus()

    def select_item(self, item_code: str) -> None:
        """Select the finding of an item."""
        row = self.findings.row_of(item_code)
        if row >= 0:
            self.findings_view.selectRow(row)

    def _finding_changed(self, *_args: object) -> None:
        line = self.current_line()
        self.edit_button.setEnabled(line is not None and self.detail is not None and self.detail.void is None)
        if line is None or self.detail is None:
            self.revisions.set_rows([])
            self.revisions_title.setText(self.tr("Select a finding to see its revisions."))
            shas = self.detail.photos if self.detail else []
            self.photos_title.setText(self.tr("All photos of this inspection: {count}").format(count=len(shas)))
            self.photos.set_photos(shas, self.detail.inspection.device_id if self.detail else None)
            return
        code = line.finding.item_code
        self.revisions.set_rows(inspections.finding_history(self.ctx.db, self.detail.inspection.id, code))
        self.revisions_title.setText(self.tr("Revisions of {item}").format(item=code))
        shas = line.finding.photos or self.detail.photos
        text = self.tr("Photos of {item}: {count}") if line.finding.photos else self.tr("All photos: {count}")
        self.photos_title.setText(text.format(item=code, count=len(shas)))
        self.photos.set_photos(shas, self.detail.inspection.device_id)

    # actions

    def edit_current(self, *_args: object) -> None:
        """Open the change dialog for the selected finding."""
        line = self.current_line()
        if line is None or self.detail is None or self.office or self.detail.void is not None:
            return
        self.dialog = FindingEditDialog(self.ctx, self.detail.inspection, line, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.open()

    def void_current(self) -> None:
        """Ask for a reason and void the shown inspection (never the default action)."""
        if self.detail is None or self.detail.void is not None or self.office:
            return
        site = self.detail.site
        title = f"{site.name} · {labels.local_time(self.detail.inspection.started_at)}"
        self.void_dialog = VoidDialog(self.ctx, self.detail.inspection.id, title, self)
        self.void_dialog.voided.connect(lambda _void: self.reload())
        self.void_dialog.open()

    def _saved(self, finding: object) -> None:
        self.finding_saved.emit(finding)
        self.ctx.changes.apply(inspections.record_finding.changes)  # the dialog recorded a new revision

    def open_photo(self, sha256: str) -> None:
        """Show a photo of this inspection in the viewer."""
        if self.detail is None:
            return
        inspection = self.detail.inspection
        context = {
            "place": inspection.place,
            "site": self.detail.site.name,
            "inspector": self.detail.inspector_name,
            "taken_at": inspection.started_at,
            "device": inspection.device_id,
        }
        self.viewer = PhotoViewer(self.ctx, sha256, context, self)
        self.viewer.open()
