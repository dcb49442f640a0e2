"""The runner's fixed bands: the header (site, mode, progress, score), the message bar and the photo import bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from inspector.field.inspections import started_local
from inspector.field.session import SessionState
from ui.runner import labels
from ui.widgets import colors


class RunnerHeader(QFrame):
    """Site, site type, mode and start time on the left; answered n/total, deduction and score on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("runnerHeader")
        self.setStyleSheet(
            "#runnerHeader { background: #24415e; border-radius: 6px; }"
            "#runnerHeader QLabel { color: white; }"
            "#siteLine { font-size: 20px; font-weight: bold; }"
            "#detailLine { font-size: 14px; color: #d8e2ec; }"
            "#progressLine { font-size: 20px; font-weight: bold; }"
            "#modeTag { font-size: 15px; font-weight: bold; padding: 2px 10px; border-radius: 4px; }"
        )
        self.site_line = QLabel()
        self.site_line.setObjectName("siteLine")
        self.site_line.setWordWrap(True)
        self.mode_tag = QLabel()
        self.mode_tag.setObjectName("modeTag")
        self.detail_line = QLabel()
        self.detail_line.setObjectName("detailLine")
        self.detail_line.setWordWrap(True)  # a long place or unit wraps instead of widening the window
        self.progress_line = QLabel()
        self.progress_line.setObjectName("progressLine")
        self.progress_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.mode_tag)
        top.addWidget(self.site_line, 1)  # takes the free width: a wrapped label alone would wrap at Qt's guess
        top.addWidget(self.progress_line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.detail_line)

    def set_state(self, state: SessionState) -> None:
        """Show the inspection's site and mode, and its current progress."""
        site, inspection = state.site, state.inspection
        started = started_local(inspection).strftime("%H:%M")
        self.site_line.setText(
            self.tr("{district} · {site} · {site_type}").format(
                district=site.district, site=site.name, site_type=state.checklist.site_type_name
            )
        )
        self.mode_tag.setText(labels.mode_text(inspection.mode))
        color = "#7a2e8e" if inspection.mode == "unannounced" else "#2e7d32"
        self.mode_tag.setStyleSheet(f"background: {color};")
        self.detail_line.setText(
            self.tr("Started {time} · Place: {place} · Responsible unit: {unit}").format(
                time=started, place=inspection.place or site.address, unit=site.responsible_unit
            )
        )
        self.set_progress(state.progress)

    def set_progress(self, progress: dict[str, Any]) -> None:
        """Show answered n/total, the running deduction and the score."""
        self.progress_line.setText(
            self.tr("Answered {answered}/{total} · Deduction {deduction} · Score {score}").format(
                answered=progress["answered"],
                total=progress["total"],
                deduction=labels.points(progress["deduction"]),
                score=labels.points(progress["score"]),
            )
        )


class MessageBar(QFrame):
    """A dismissable line of news under the header: information, or an error the inspector can act on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.level = ""
        self.hide()

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show a message (red for errors)."""
        self.level = "error" if error else "info"
        background, ink = colors.banner_style("failed" if error else "info")
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border-radius: 4px; }}"
            f"#messageBar QLabel {{ color: {ink}; font-size: 15px; }}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        """The message shown (empty when none)."""
        return self.label.text() if self.level else ""

    def clear(self) -> None:
        """Hide the message."""
        self.level = ""
        self.label.clear()
        self.hide()


class ImportBar(QFrame):
    """Progress of a photo import, with a cancel button."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, total: int) -> None:
        """Show the bar for an import of `total` files."""
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        self.label.setText(self.tr("Importing {total} photo(s)…").format(total=total))
        self.cancel_button.setEnabled(True)
        self.show()

    def advance(self, done: int, total: int, name: str) -> None:
        """Show how far the import has got."""
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if name:
            self.label.setText(
                self.tr("Importing {done}/{total}: {name}").format(done=done + 1, total=total, name=name)
            )

    def cancelling(self) -> None:
        """Show that cancelling was asked for."""
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))


class ActionBar(QWidget):
    """Big buttons for every key of the runner, for those who reach for the mouse (they never take the focus)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pass_button = self._button("passButton", self.tr("1  Pass"))
        self.fail_button = self._button("failButton", self.tr("2  Fail"))
        self.na_button = self._button("naButton", self.tr("3  N/A"))
        self.more_button = self._button("moreButton", self.tr("+  Count"))
        self.less_button = self._button("lessButton", self.tr("−  Count"))
        self.note_button = self._button("noteButton", self.tr("N  Note"))
        self.photos_button = self._button("photosButton", self.tr("P  Photos"))
        for button in (
            self.pass_button,
            self.fail_button,
            self.na_button,
            self.more_button,
            self.less_button,
            self.note_button,
            self.photos_button,
        ):
            layout.addWidget(button)
        layout.addStretch(1)
        self.back_button = self._button("backButton", self.tr("Back to tasks"))
        self.finish_button = self._button("finishButton", self.tr("Finish inspection  Ctrl+Enter"))
        self.finish_button.setStyleSheet(self.finish_button.styleSheet() + "font-weight: bold;")
        layout.addWidget(self.back_button)
        layout.addWidget(self.finish_button)

    @staticmethod
    def _button(name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(44)
        button.setStyleSheet("font-size: 15px; padding: 0 12px;")
        return button
