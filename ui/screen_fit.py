"""Every page at laptop sizes: the demo workspaces, a walk over the pages, and the check that nothing falls outside
the window and no label or button cuts its text. Used by `python main.py screenshots --fit` and the screen-fit test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette, Qt, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from inspector import clock

if TYPE_CHECKING:
    from inspector.workspace import Workspace
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

SIZES = ((1366, 768), (1280, 720))  # a common laptop; 1920×1080 at 150 % scaling
FIELD_KEYS = ("tasks", "sites", "history", "catalog", "exchange", "settings")
OFFICE_KEYS = ("bundles", "inspectors", "draws", "problems", "rankings", "documents", "settings")
TOLERANCE = 1  # px: rounding in fractional font metrics
DRAW_SEED = "周三暗访-第2轮"  # the draws page shows a draw made with this seed


@dataclass(frozen=True)
class Scenery:
    """The demo workspaces every page is shown on: a laptop with an open inspection, an office month."""

    field: Workspace
    open_inspection: str
    office: Workspace

    def close(self) -> None:
        """Close both workspaces."""
        self.field.close()
        self.office.close()


def build_scenery(folder: Path) -> Scenery:
    """The demo laptop (two weeks of inspections, one open) and the oversight office (six weeks, reviewed)."""
    from inspector import workspace
    from ui.scenery import seed_field
    from ui.screenshots_office import office_scenery

    field = workspace.init_demo_workspace(folder / "fit-field")
    _finished, open_id = seed_field(field, folder)
    office = office_scenery(folder, clock.today())
    return Scenery(field, open_id, office)


def dark_palette() -> QPalette:
    """A dark desktop palette: dark window and base, light text."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#323232",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#444444",
        QPalette.ColorRole.Mid: "#383838",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return palette


def page_keys(window: MainWindow) -> tuple[str, ...]:
    """The pages of the window's rail that the fit check walks (the rail's own order)."""
    wanted = FIELD_KEYS if window.ctx.workspace.role == "field" else OFFICE_KEYS
    return tuple(spec.key for spec in window.specs if spec.key in wanted)


def show_page(window: MainWindow, key: str, runner: TaskRunner, open_inspection: str = "") -> QWidget:
    """Open a page with something on it (the runner with the open inspection, a draw, a selected problem)."""
    page = window.open_page(key)
    if key == "tasks" and open_inspection and getattr(page, "runner", None) is None:
        page.open_runner(open_inspection)
    elif key == "draws" and not page.form.seed.text():
        page.form.seed.setText(DRAW_SEED)
        page.form.run_draw()
    elif key == "problems" and page.wait_loaded() and not page.selected_problems():  # read off the UI thread
        first = next((p for p in page.model.records() if p.overdue and p.photos), None)
        if first is not None:
            page.select(first.finding_id)
    runner.wait()
    settle()
    return page


def settle() -> None:
    """Let layouts and deferred work finish."""
    for _ in range(3):
        QApplication.processEvents()


def walk(window: MainWindow, runner: TaskRunner, open_inspection: str = "") -> Iterator[str]:
    """Show each page of the window in turn; yields the page key while it is on screen."""
    for key in page_keys(window):
        show_page(window, key, runner, open_inspection)
        yield key


def set_size(window: QWidget, size: tuple[int, int]) -> None:
    """Give the window exactly this size (not maximised)."""
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    settle()


# the check


def _clip_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of the widget a scrolling area lets show, in window coordinates (empty: scrolled away)."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect


def _label_problem(label: QLabel) -> str:
    text = label.text()
    if not text or label.property("elided"):
        return ""
    inner = label.contentsRect()
    inner.adjust(label.margin(), label.margin(), -label.margin(), -label.margin())
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + TOLERANCE:
            return f"wrapped text needs {needed} px high, has {label.height()}"
        return ""
    metrics = label.fontMetrics()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        width, height = document.idealWidth(), document.size().height()
    else:
        lines = text.split("\n")
        width = max(metrics.horizontalAdvance(line) for line in lines)
        height = metrics.height() * len(lines)
    if width > inner.width() + TOLERANCE:
        return f"text needs {width:.0f} px wide, has {inner.width()}"
    if height > inner.height() + TOLERANCE + 2:
        return f"text needs {height:.0f} px high, has {inner.height()}"
    return ""


def _button_problem(button: QAbstractButton) -> str:
    if not button.text() or button.property("elided"):
        return ""
    hint = button.minimumSizeHint()
    if button.width() + TOLERANCE < hint.width():
        return f"text needs {hint.width()} px wide, has {button.width()}"
    return ""


def _combo_problem(combo: QComboBox) -> str:
    text = combo.currentText()
    if not text or combo.isEditable() or combo.property("elided"):
        return ""
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.rect = combo.rect()
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    width = combo.fontMetrics().horizontalAdvance(text)
    if not combo.itemIcon(combo.currentIndex()).isNull():
        width += combo.iconSize().width() + 4
    if width > field.width() + TOLERANCE:
        return f"the choice needs {width} px wide, has {field.width()}"
    return ""


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__}({widget.objectName() or shown[:40]!r})"


def fit_problems(window: QWidget) -> list[str]:
    """What does not fit: visible widgets outside the window (or cut off by their parent), and clipped text in
    labels, push buttons, check boxes, radio buttons and the current choice of combo boxes. Parts of a scroll area
    scrolled out of view do not count."""
    problems: list[str] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        shown = _clip_rect(widget, window)
        if shown.isEmpty():
            continue
        if not bounds.contains(shown):
            problems.append(f"{_name(widget)} at {shown.getRect()} is outside the window {bounds.getRect()}")
            continue
        parent = widget.parentWidget()
        if parent is not None and parent is not window and not isinstance(parent.parentWidget(), QAbstractScrollArea):
            own = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
            if not own.contains(shown) and parent.isVisible():
                problems.append(f"{_name(widget)} at {shown.getRect()} is cut off by {_name(parent)}")
                continue
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = _combo_problem(widget)
        else:
            problem = ""
        if problem:
            problems.append(f"{_name(widget)}: {problem}")
    return problems
