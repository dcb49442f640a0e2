"""The shared list model: every cell's full text as a tooltip (the view may elide it), and column sizing."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from ui.widgets.table_model import ListColumn, ListTableModel, fit_columns, make_table, stretch_columns

TIP = Qt.ItemDataRole.ToolTipRole


class NotesModel(ListTableModel):
    COLUMNS = (
        ListColumn("Problem", lambda r: r.text, tooltip=lambda r: r.note),
        ListColumn("Count", lambda r: str(r.count), numeric=True),
        ListColumn("Unit", lambda r: r.unit),
        ListColumn("Item", lambda r: r.text, tooltip=lambda r: f"环境卫生 · {r.text}"),
    )


def test_every_text_cell_has_its_full_text_as_tooltip(qapp):
    model = NotesModel()
    long_text = "农贸市场未划行归市，摊位超出经营区域，占道经营，影响通行"
    model.set_rows(
        [
            SimpleNamespace(text=long_text, note="东门两处", count=2, unit="市场监管局"),
            SimpleNamespace(text="路面垃圾", note="", count=1, unit=""),
        ]
    )
    assert model.index(0, 0).data(TIP) == f"{long_text}\n东门两处"  # the full text, then the column's own note
    assert model.index(1, 0).data(TIP) == "路面垃圾"
    assert model.index(0, 1).data(TIP) is None  # numbers are never elided
    assert model.index(0, 2).data(TIP) == "市场监管局" and model.index(1, 2).data(TIP) is None
    assert model.index(0, 3).data(TIP) == f"环境卫生 · {long_text}"  # not twice


def test_long_text_columns_take_the_spare_width_and_timestamps_fit(qapp, qtbot):
    view = make_table(NotesModel())
    qtbot.addWidget(view)
    stretch_columns(view, 0)
    fit_columns(view, 2)
    header = view.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
