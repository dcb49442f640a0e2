"""The confirmation shown on the task list after an inspection was finished: score, problems, a way to the record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.errors import InspectorError
from inspector.field import inspections, session
from inspector.register import sites
from ui.runner import labels
from ui.widgets import colors, dates

MAX_LINES = 5  # problems listed in the banner; the record has them all


class FinishedBanner(QFrame):
    """A non-modal banner: "检查已完成：… 得分 95.5 · 问题 3 处", the problems found, and 查看记录 / ×."""

    view_requested = Signal(str)  # the inspection id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("finishedBanner")
        self.setAccessibleName(self.tr("Inspection finished"))
        background, text = colors.banner_style("ok")  # readable in a light and a dark palette
        self.setStyleSheet(
            f"#finishedBanner {{ background: {background}; border: 1px solid {text}; border-radius: 6px; }}"
            f"#finishedBanner QLabel {{ color: {text}; }}"
            "#finishedTitle { font-size: 17px; font-weight: bold; }"
            "#finishedProblems { font-size: 14px; }"
        )
        self.inspection_id: str | None = None
        self.title = QLabel()
        self.title.setObjectName("finishedTitle")
        self.title.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("finishedProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view_button = QPushButton(self.tr("View the record"))
        self.view_button.setObjectName("viewRecordButton")
        self.view_button.setMinimumHeight(40)
        self.view_button.clicked.connect(self._view)
        self.close_button = QPushButton("×")
        self.close_button.setObjectName("closeFinishedButton")
        self.close_button.setFlat(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.problems)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 8, 10)
        layout.addLayout(text, 1)
        layout.addWidget(self.view_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_finished(self, db: Any, inspection_id: str) -> None:
        """Say that an inspection was finished, with its fixed score and the problems found."""
        try:
            inspection = inspections.get_inspection(db, inspection_id)
            site = sites.get_site(db, inspection.site_id)
            summary = session.finish_summary(db, inspection_id)
        except InspectorError as exc:
            self.inspection_id = None
            self.title.setText(str(exc))
            self.problems.hide()
            self.view_button.hide()
            self.show()
            return
        self.inspection_id = inspection_id
        score = inspection.score if inspection.score is not None else summary.score
        problems = inspection.problem_count if inspection.problem_count is not None else summary.problem_count
        self.title.setText(
            self.tr("Inspection finished: {site} · score {score} · {problems} problem(s)").format(
                site=site.name, score=labels.points(score), problems=problems
            )
        )
        lines = [
            self.tr("No. {number} {problem} ({count}) · Responsible unit: {unit} · Rectify by {deadline}").format(
                number=line.index,
                problem=line.item.text,
                count=line.count,
                unit=line.responsible_unit,
                deadline=dates.long_date(line.deadline) if line.deadline else "—",
            )
            for line in summary.problems[:MAX_LINES]
        ]
        if len(summary.problems) > MAX_LINES:
            lines.append(self.tr("…and {count} more in the record.").format(count=len(summary.problems) - MAX_LINES))
        if not summary.problems:
            lines.append(self.tr("No problems found: every item passed or does not apply."))
        self.problems.setText("\n".join(lines))
        self.problems.show()
        self.view_button.show()
        self.show()

    def text(self) -> str:
        """What the banner says (empty while hidden)."""
        if self.isHidden():
            return ""
        return "\n".join(part for part in (self.title.text(), self.problems.text()) if part)

    def _view(self) -> None:
        if self.inspection_id is not None:
            self.view_requested.emit(self.inspection_id)
