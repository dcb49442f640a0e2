"""The main window: a navigation rail, the current page and a status bar."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QMargins, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from inspector import catalog, timecheck
from inspector.field import inspections
from inspector.workspace import ledger
from ui.context import AppContext
from ui.housekeeping import IdleCheckpoint
from ui.pages.base import BasePage
from ui.widgets import colors


@dataclass(frozen=True)
class PageSpec:
    """A page in the rail: its key, untranslated label and where its class lives."""

    key: str
    label: str
    target: str  # "module:Class"


# pages both rails have
SITES = PageSpec("sites", QT_TRANSLATE_NOOP("MainWindow", "Sites"), "ui.pages.sites_page:SitesPage")
HISTORY = PageSpec("history", QT_TRANSLATE_NOOP("MainWindow", "Inspections"), "ui.pages.history_page:HistoryPage")
CATALOG = PageSpec("catalog", QT_TRANSLATE_NOOP("MainWindow", "Negative list"), "ui.pages.catalog_page:CatalogPage")
SETTINGS = PageSpec("settings", QT_TRANSLATE_NOOP("MainWindow", "Settings"), "ui.pages.settings_page:SettingsPage")

FIELD_PAGES = (
    PageSpec("tasks", QT_TRANSLATE_NOOP("MainWindow", "Tasks"), "ui.runner.tasks_page:TasksPage"),
    SITES,
    HISTORY,
    CATALOG,
    PageSpec("exchange", QT_TRANSLATE_NOOP("MainWindow", "Exchange"), "ui.exchange.exchange_page:ExchangePage"),
    SETTINGS,
)
# the supervisor's and the clerk's rail
OFFICE_PAGES = (
    PageSpec("bundles", QT_TRANSLATE_NOOP("MainWindow", "Bundle import"), "ui.office.bundles_page:BundlesPage"),
    PageSpec("inspectors", QT_TRANSLATE_NOOP("MainWindow", "Inspectors"), "ui.office.registry_page:RegistryPage"),
    PageSpec("draws", QT_TRANSLATE_NOOP("MainWindow", "Draws"), "ui.office.draw_page:DrawPage"),
    PageSpec("problems", QT_TRANSLATE_NOOP("MainWindow", "Problems"), "ui.oversight.problems_page:ProblemsPage"),
    PageSpec("rankings", QT_TRANSLATE_NOOP("MainWindow", "Rankings"), "ui.oversight.rankings_page:RankingsPage"),
    PageSpec("documents", QT_TRANSLATE_NOOP("MainWindow", "Documents"), "ui.oversight.documents_page:DocumentsPage"),
    HISTORY,
    SITES,
    CATALOG,
    SETTINGS,
)


def pages_for(role: str) -> tuple[PageSpec, ...]:
    """The rail of a workspace role: the supervisor's pages in an office, the inspector's on a laptop."""
    return OFFICE_PAGES if role == "office" else FIELD_PAGES


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


PREFERRED_SIZE = QSize(1280, 800)
FRAME = QMargins(0, 34, 0, 8)  # room for the title bar and the bottom border the window manager adds


def normal_geometry(available: QRect, saved: QRect | None = None) -> QRect | None:
    """Where an un-maximised window goes on a screen whose free area is `available`: the saved place when the
    window fits there with its title bar, else the preferred size centred when that fits; None means "maximise"."""

    def fits(rect: QRect) -> bool:
        framed = rect.marginsAdded(FRAME)
        return framed.width() <= available.width() and framed.height() <= available.height()

    if saved is not None and saved.isValid() and available.contains(saved) and fits(saved):
        return QRect(saved)
    wanted = QRect(0, 0, PREFERRED_SIZE.width(), PREFERRED_SIZE.height())
    if not fits(wanted):
        return None
    wanted.moveCenter(available.center())
    return wanted


class ElidedLabel(QLabel):
    """A one-line label that never widens its window: text that does not fit ends in "…" (the tooltip has it all)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setProperty("elided", True)  # elided by design: the screen-fit check leaves it alone

    def setText(self, text: str) -> None:
        """Show `text`, shortened with "…" to the width there is."""
        self._full = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        """The whole text, however much of it is shown."""
        return self._full

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), 4 * self.fontMetrics().averageCharWidth()), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 0)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class MainWindow(QMainWindow):
    """Rail on the left, pages created on first visit, status bar always current."""

    language_change_requested = Signal(str)
    workspace_change_requested = Signal(str)
    restore_requested = Signal()  # close this workspace and choose a backup to restore

    def __init__(self, ctx: AppContext, pages: tuple[PageSpec, ...] | None = None):
        super().__init__()
        self.ctx = ctx
        self.specs = pages if pages is not None else pages_for(ctx.workspace.role)
        self.pages: dict[str, BasePage] = {}
        self.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Civilized-City Inspector") + " — " + ctx.workspace.name
        )

        self.rail = QListWidget()
        self.rail.setObjectName("rail")
        self.rail.setAccessibleName(self.tr("Pages"))
        self.rail.setFixedWidth(150)
        self.rail.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, spec in enumerate(self.specs, start=1):
            item = QListWidgetItem(_tr(spec.label))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.rail.addItem(item)
            if number > 9:  # Ctrl+1 … Ctrl+9 only
                continue
            keys = QKeySequence(f"Ctrl+{number}")
            item.setToolTip(keys.toString(QKeySequence.SequenceFormat.NativeText))
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(lambda key=spec.key: self.open_page(key))
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(
            "#rail { font-size: 16px; border: none; background: palette(alternate-base); }"
            "#rail::item { padding: 12px 14px; }"
            "#rail::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        )

        self.status = ElidedLabel()
        self.status.setObjectName("statusText")
        self.statusBar().addWidget(self.status, 1)
        self.clock_warning = ElidedLabel()
        self.clock_warning.setObjectName("clockWarning")
        self.clock_warning.setStyleSheet(f"color: {colors.text('failed').name()}; font-weight: bold;")
        self.clock_warning.hide()
        self.statusBar().addPermanentWidget(self.clock_warning)
        self.idle = IdleCheckpoint(ctx, self)
        ctx.changes.changed.connect(self._update_status)
        self.rail.currentRowChanged.connect(self._show_row)
        self._update_status()
        self._restore()
        self.rail.setCurrentRow(0)

    # pages

    def _create(self, spec: PageSpec) -> BasePage:
        module, name = spec.target.split(":")
        page_class = getattr(importlib.import_module(module), name)
        page: BasePage = page_class(self.ctx, self)
        self.stack.addWidget(page)
        self.pages[spec.key] = page
        return page

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = self.specs[row]
        page = self.pages.get(spec.key) or self._create(spec)
        self.stack.setCurrentWidget(page)

    def open_page(self, key: str) -> BasePage:
        """Show a page by key (creating it on first use) and return it."""
        row = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        self.rail.setCurrentRow(row)
        return self.pages[key]

    def current_key(self) -> str:
        """Key of the page on screen."""
        return self.specs[max(self.rail.currentRow(), 0)].key

    # status bar

    def _update_status(self, kinds: frozenset[str] | None = None) -> None:
        ws = self.ctx.workspace
        version = catalog.current_version(ws.db) or ""
        parts = [
            QCoreApplication.translate("MainWindow", "Workspace: {name}").format(name=ws.name),
            QCoreApplication.translate("MainWindow", "Negative list v{version}…").format(version=version[:6]),
        ]
        if ws.role == "field":
            waiting = ledger.unexported_count(ws.db)
            parts.append(
                QCoreApplication.translate("MainWindow", "{count} not exported").format(
                    count=waiting["findings"] or waiting["inspections"]
                )
            )
            open_count = len(inspections.open_inspections(ws.db))
            if open_count:
                parts.append(
                    QCoreApplication.translate("MainWindow", "{count} inspection(s) in progress").format(
                        count=open_count
                    )
                )
        inspector = ws.inspector
        if inspector:
            parts.append(
                QCoreApplication.translate("MainWindow", "Inspector: {name}").format(name=inspector.get("name", ""))
            )
        self.status.setText(" · ".join(parts))
        if ws.role == "field" and (kinds is None or {"inspections", "tasks"} & kinds):
            self._check_clock()  # not on every answer: it reads the newest record times

    def _check_clock(self) -> None:
        """A laptop clock behind the last record is shown in red until it is put right."""
        warning = timecheck.check_start(self.ctx.db)
        self.clock_warning.setVisible(warning is not None)
        if warning is not None:
            self.clock_warning.setText(
                QCoreApplication.translate("MainWindow", "The clock is behind the last record: set the date and time")
            )
            self.clock_warning.setToolTip(warning.message)

    # geometry

    def _restore(self) -> None:
        """Open within the free area of the screen: the saved place if it fits there, else maximised."""
        state = self.ctx.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        geometry = self.ctx.settings.value("window/geometry")
        saved = None
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            if self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
                return  # maximised again on the screen it was on
            saved = self.geometry()
        screen = QGuiApplication.screenAt(saved.center()) if saved is not None else None
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        place = normal_geometry(available, saved)
        if place is None:
            self.setGeometry(available.marginsRemoved(FRAME + QMargins(8, 0, 8, 0)))  # when it is un-maximised
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.setGeometry(place)

    def follow(self, other: QMainWindow) -> None:
        """Take the place and the maximised or full-screen state of the window this one replaces."""
        self.restoreGeometry(other.saveGeometry())
        keep = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        self.setWindowState(other.windowState() & keep)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.settings.setValue("window/page", self.current_key())
        for page in self.pages.values():
            page.disconnect_all()
        self.idle.run()  # what the last minutes recorded goes into workspace.db before the window goes
        super().closeEvent(event)
