"""抽签与任务包: draw sites and inspectors (seed shown, recusal applied), then issue a signed task pack."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from inspector.register import draw
from ui.context import AppContext
from ui.office.draw_form import DrawForm
from ui.office.draw_models import (
    DrawnSitesModel,
    DrawsModel,
    candidates_text,
    drawn_sites,
    kind_text,
    seed_source_text,
)
from ui.office.issue_box import IssueBox
from ui.pages import labels
from ui.pages.base import BasePage
from ui.widgets import accessible
from ui.widgets.table_model import make_table, set_widths

DRAW_KINDS = ("sites", "inspectors")


class DrawPage(BasePage):
    """The draw form and its result on the left, recorded draws below it, issuing task packs on the right."""

    WATCHES = frozenset({"draws", "sites", "catalog", "inspectors", "taskpacks", "user"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        title = QLabel(self.tr("Draws and task packs"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.form = DrawForm(ctx, self)
        self.form.drawn.connect(self.show_draw)
        self.seed_line = QLabel()
        self.seed_line.setObjectName("drawSeed")
        self.seed_line.setWordWrap(True)
        self.seed_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seed_line.setStyleSheet("font-size: 14px;")
        self.result = DrawnSitesModel(self)
        self.result_view = make_table(self.result)
        set_widths(self.result_view, (4.5, 11, 3.5, 8, 12))
        accessible.name(self.result_view, self.tr("Drawn sites"))
        self.draws = DrawsModel(self)
        self.draws_view = make_table(self.draws)
        set_widths(self.draws_view, (8, 7, 3, 14))
        self.draws_view.selectionModel().currentRowChanged.connect(self._draw_chosen)
        self.draws_title = QLabel()
        self.draws_title.setStyleSheet("font-weight: bold;")
        self.issue = IssueBox(ctx, self)

        result_box = QWidget()
        result_layout = QVBoxLayout(result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.seed_line)
        result_layout.addWidget(self.result_view, 1)
        draws_box = QWidget()
        draws_layout = QVBoxLayout(draws_box)
        draws_layout.setContentsMargins(0, 4, 0, 0)
        draws_layout.addWidget(self.draws_title)
        draws_layout.addWidget(self.draws_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(result_box)
        split.addWidget(draws_box)
        split.setSizes([330, 170])
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(split, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(self.issue, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        layout.addLayout(columns, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the recorded draws (keeping the one shown) and the issued packs."""
        shown = self.issue.draw.id if self.issue.draw else None
        self.form.reload_options()
        recorded = [d for d in draw.list_draws(self.ctx.db) if d.kind in DRAW_KINDS]
        self.draws.set_rows(recorded)
        self.draws_title.setText(self.tr("Recorded draws: {count}").format(count=len(recorded)))
        accessible.name(self.draws_view, self.draws_title.text())
        self.issue.refresh()
        target = shown or (recorded[0].id if recorded else None)
        if not self.select_draw(target):
            self._show(None)

    def select_draw(self, draw_id: str | None) -> bool:
        """Select a recorded draw (showing it and making it the one to issue from)."""
        for row, made in enumerate(self.draws.records()):
            if made.id == draw_id:
                self.draws_view.selectRow(row)
                self._show(made)
                return True
        return False

    def show_draw(self, made: draw.Draw) -> None:
        """After a new draw: list it and show it."""
        self.refresh()
        self.select_draw(made.id)

    def _draw_chosen(self, *_args: object) -> None:
        index = self.draws_view.currentIndex()
        self._show(self.draws.record(index.row()) if index.isValid() else None)

    def _show(self, made: draw.Draw | None) -> None:
        self.issue.set_draw(made)
        if made is None:
            self.result.set_rows([])
            self.seed_line.setText(self.tr("No draw yet: choose the filters and the number of sites, then Draw."))
            return
        rows = drawn_sites(self.ctx.db, made)
        self.result.set_rows(rows)
        self.seed_line.setText(
            self.tr(
                "{kind} · drawn {time} · seed <b>{seed}</b> ({source}) · {candidates} · "
                "candidate list hash {hash} · {algorithm}"
            ).format(
                kind=kind_text(made.kind),
                time=labels.local_time(made.created_at),
                seed=html.escape(made.seed),
                source=seed_source_text(made.seed_source),
                candidates=candidates_text(made),
                hash=labels.short_hash(made.candidates_sha256, 12),
                algorithm=made.algorithm,
            )
        )
