"""数据包导入: verify and merge field bundles (files, a folder, or dropped), with progress, Cancel and verdicts."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.exchange import merge, registry
from inspector.exchange.bundle.verify import Verdict
from inspector.untrusted import printable
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.loading import busy_bar
from ui.office.verdicts import VerdictHistoryModel, VerdictRow, VerdictsModel, from_verdict
from ui.pages.base import BasePage
from ui.tasks import Cancel, Task
from ui.widgets import accessible, colors
from ui.widgets.fields import MessageLine
from ui.widgets.jobs import error_text, run_job
from ui.widgets.table_model import SORT_ROLE, ListTableModel, make_table, set_widths, titled_split


def dropped_locals(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[str]:
    """The local files and folders in a drag."""
    mime = event.mimeData()
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


def _sorted_table(model: ListTableModel, column: int, order: Qt.SortOrder) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = make_table(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(column, order)
    return view, proxy


class BundlesPage(BasePage):
    """Choose bundle files or a folder (or drop them here); each bundle is verified and merged on its own."""

    WATCHES = frozenset({"verdicts", "devices"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self.file_dialog: QFileDialog | None = None
        self.setAcceptDrops(True)
        title = QLabel(self.tr("Bundle import"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.files_button = QPushButton(self.tr("Choose bundle files…"))
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(self.tr("Choose a folder…"))
        self.folder_button.clicked.connect(self.choose_folder)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.files_button)
        top.addWidget(self.folder_button)
        self.drop_hint = QLabel(
            self.tr(
                "Drop bundle files (*.ibundle) or folders from a USB stick here. Each bundle is checked "
                "(signature, registered key, sequence, contents) and merged in its own transaction."
            )
        )
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet(
            "border: 2px dashed palette(mid); border-radius: 6px; padding: 14px; font-size: 14px; "
            + colors.style("muted")
        )

        self.stage = QLabel()
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the bundle being merged; merged bundles stay merged"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_row = QWidget()
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.stage, 2)
        progress.addWidget(self.bar, 3)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()
        self.message = MessageLine()

        self.results = VerdictsModel(self)
        self.results_view, self.results_proxy = _sorted_table(self.results, 0, Qt.SortOrder.AscendingOrder)
        self.results_view.setObjectName("verdictResults")
        set_widths(self.results_view, (5.5, 10, 3.5, 7, 2.5, 17, 20))
        self.results_title = QLabel(self.tr("This import"))
        self.results_title.setStyleSheet("font-weight: bold;")
        self.history = VerdictHistoryModel(ctx.db, self, ctx=ctx)  # read a page at a time, sorted by the core
        self.history_view = make_table(self.history)
        self.history_view.setObjectName("verdictHistory")
        set_widths(self.history_view, (5.5, 9.5, 10, 3.5, 7, 2.5, 17, 20))
        header = self.history_view.horizontalHeader()
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # newest first
        self.history_view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._history_sorted)
        self.history.modelAboutToBeReset.connect(self.history_view.scrollToTop)  # a new order starts at its top
        self.history_title = QLabel()
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history_busy = busy_bar(self.history.loader, self)
        heading = QWidget()
        heading_row = QHBoxLayout(heading)
        heading_row.setContentsMargins(0, 0, 0, 0)
        heading_row.addWidget(self.history_title)
        heading_row.addWidget(self.history_busy)
        heading_row.addStretch(1)
        self.history.loader.busy_changed.connect(self._history_loaded)
        self.history_title.setText(self.tr("All verdicts kept in this office: {count}").format(count="…"))  # counting
        accessible.name(self.history_view, self.history_title.text())

        split = titled_split(((self.results_title, self.results_view), (heading, self.history_view)), [300, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the verdicts kept in the office again (off the UI thread; later pages as the table scrolls)."""
        self.history.reload()

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        """Process events until the latest read of the verdicts is on screen (tests); False if not in time."""
        return self.history.loader.wait(timeout_ms)

    def _history_loaded(self, busy: bool) -> None:
        if busy:
            return
        error = self.history.loader.error
        self.history_title.setStyleSheet("font-weight: bold;" + (colors.style("failed") if error else ""))
        self.history_title.setText(
            error or self.tr("All verdicts kept in this office: {count}").format(count=self.history.total)
        )
        accessible.name(self.history_view, self.history_title.text())

    def _history_sorted(self, column: int, _order: Qt.SortOrder) -> None:
        """A column the core cannot order by keeps the indicator where the order really is."""
        if self.history.sortable(column):
            return
        shown = next(c for c, key in self.history.ORDERS.items() if key == self.history.order)
        order = Qt.SortOrder.DescendingOrder if self.history.descending else Qt.SortOrder.AscendingOrder
        header = self.history_view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(shown, order)
        header.blockSignals(False)
        header.viewport().update()

    def _devices(self) -> dict[str, dict]:
        return {d["key_id"]: d for d in registry.list_devices(self.ctx.db)}

    # choosing

    def choose_files(self) -> None:
        """Ask for one or more bundle files."""
        self.file_dialog = QFileDialog(
            self, self.tr("Import bundles"), "", self.tr("Bundles (*.ibundle);;All files (*)")
        )
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self.file_dialog.filesSelected.connect(self.start_merge)
        self.file_dialog.open()

    def choose_folder(self) -> None:
        """Ask for a folder; every *.ibundle file directly in it is imported."""
        self.file_dialog = QFileDialog(self, self.tr("Import every bundle in a folder"))
        self.file_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.file_dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.file_dialog.fileSelected.connect(lambda path: self.start_merge([path]))
        self.file_dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_locals(event) and not self.running():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)  # type: ignore[arg-type]

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_locals(event)
        if not paths or self.running():
            event.ignore()
            return
        event.acceptProposedAction()
        self.start_merge(paths)

    # merging

    def running(self) -> bool:
        """Whether a merge is going on."""
        return self.task is not None

    def start_merge(self, paths: list[str]) -> Task | None:
        """Verify and merge the bundles named (files or folders) off the UI thread, one transaction each."""
        if self.running():
            return None
        files = merge.bundle_files(paths)
        if not files:
            self.message.error(self.tr("No bundle files (*.ibundle) were found there."))
            return None
        devices = self._devices()

        verdicts: list[Verdict] = []  # filled by the worker; read here once it has stopped

        def job(ws: Workspace, token: Cancel) -> list[Verdict]:
            for n, path in enumerate(files):
                token.check()  # between bundles only: each bundle is one transaction
                token.progress(n, len(files), printable(path.name, limit=120))
                verdicts.extend(merge.merge_paths(ws, [path]))
            return verdicts

        self.results.set_rows([])
        self.message.clear()
        self.bar.setRange(0, len(files))
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        for button in (self.files_button, self.folder_button):
            button.setEnabled(False)
        self.task = run_job(
            self.ctx,
            job,
            finished=lambda verdicts: self._done(verdicts, devices, cancelled=False),
            failed=self._failed,
            cancelled=lambda: self._done(verdicts, devices, cancelled=True),
            progress=self._progress,
        )
        return self.task

    def cancel(self) -> None:
        """Stop after the bundle being merged."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Stopping after this bundle…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        self.bar.setValue(done)
        if self.cancel_button.isEnabled():
            self.stage.setText(
                self.tr("Checking and merging {file} ({number} of {total})…").format(
                    file=name, number=done + 1, total=total
                )
            )

    def _finish(self) -> None:
        self.task = None
        self.progress_row.hide()
        for button in (self.files_button, self.folder_button):
            button.setEnabled(True)

    def _done(self, verdicts: list[Verdict], devices: dict[str, dict], *, cancelled: bool) -> None:
        self._finish()
        rows: list[VerdictRow] = [from_verdict(v, devices, n) for n, v in enumerate(verdicts)]
        self.results.set_rows(rows)
        self.results_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        count = {
            code: sum(1 for r in rows if r.verdict == code)
            for code in ("imported", "duplicate", "rejected", "quarantined")
        }
        summary = self.tr(
            "{total} bundle(s): {imported} imported, {duplicate} already imported, {rejected} rejected, "
            "{quarantined} quarantined."
        ).format(total=len(rows), **count)
        if cancelled:
            self.message.note(self.tr("Stopped. {summary} The other bundles were not touched.").format(summary=summary))
        elif count["rejected"] or count["quarantined"]:
            self.message.error(
                self.tr("{summary} Refused bundles changed nothing; their reasons are in the table.").format(
                    summary=summary
                )
            )
        else:
            self.message.ok(summary)
        self.ctx.changes.apply(merge.changes_of(verdicts))  # a refused bundle changes only the verdicts

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.message.error(
            self.tr("The import stopped: {error} Bundles merged before it stay merged.").format(error=error_text(exc))
        )
        self.ctx.changes.apply(merge.MERGED)  # the verdicts are lost with the job: what any merge may change
