"""设置: language, the inspector profile, the workspace and its backups, and which CJK font serves each role."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog, fonts, workspace
from inspector.fonts import FontChoice
from ui import i18n
from ui.context import AppContext
from ui.office.users_box import UsersBox
from ui.pages import labels
from ui.pages.backups_box import BackupsBox
from ui.pages.base import BasePage, scroll_area
from ui.widgets import accessible, colors, messages
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

FONT_ROLES = {
    "fangsong": QT_TRANSLATE_NOOP("FontsModel", "FangSong"),
    "song": QT_TRANSLATE_NOOP("FontsModel", "Song"),
    "hei": QT_TRANSLATE_NOOP("FontsModel", "Hei"),
    "kai": QT_TRANSLATE_NOOP("FontsModel", "Kai"),
    "title": QT_TRANSLATE_NOOP("FontsModel", "Title (Xiaobiaosong)"),
}


class FontRow(NamedTuple):
    """One document role and the font found for it (None when there is none)."""

    role: str
    choice: FontChoice | None


def _tr(text: str) -> str:
    return QCoreApplication.translate("FontsModel", text)


def _match(row: FontRow) -> str:
    if row.choice is None:
        return QCoreApplication.translate("FontsModel", "None found")
    if row.choice.exact:
        return QCoreApplication.translate("FontsModel", "Exact")
    return QCoreApplication.translate("FontsModel", "Fallback")


class FontsModel(ListTableModel):
    """The font serving each role (FontRow records)."""

    CONTEXT = "FontsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("FontsModel", "Role"), lambda r: _tr(FONT_ROLES.get(r.role, r.role))),
        ListColumn(QT_TRANSLATE_NOOP("FontsModel", "Font"), lambda r: r.choice.family if r.choice else ""),
        ListColumn(QT_TRANSLATE_NOOP("FontsModel", "Match"), _match),
        ListColumn(
            QT_TRANSLATE_NOOP("FontsModel", "File"),
            lambda r: str(r.choice.path) if r.choice else "",
            tooltip=lambda r: str(r.choice.path) if r.choice else None,
        ),
    )


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsPage(BasePage):
    """Language, inspector profile (read-only), workspace, backups, and the font check."""

    WATCHES = frozenset({"settings", "catalog"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.folder_dialog: QFileDialog | None = None
        title = QLabel(self.tr("Settings"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")

        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        current = str(ctx.settings.value("language", i18n.DEFAULT_LANGUAGE))
        self.language.setCurrentIndex(max(self.language.findData(current), 0))
        self.language.currentIndexChanged.connect(self._language_chosen)
        language_box = QGroupBox(self.tr("Language"))
        language_layout = QFormLayout(language_box)
        language_layout.addRow(self.tr("Interface language"), self.language)
        language_layout.addRow(_value(self.tr("The window is rebuilt in the chosen language at once.")))

        self.profile_box = QGroupBox(self.tr("Inspector profile"))
        self.profile = QFormLayout(self.profile_box)

        self.workspace_box = QGroupBox(self.tr("Workspace"))
        self.workspace_form = QFormLayout()
        self.open_button = QPushButton(self.tr("Open another workspace…"))
        self.open_button.clicked.connect(self.choose_workspace)
        self.workspace_error = QLabel()
        self.workspace_error.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.workspace_error.setWordWrap(True)
        box_layout = QVBoxLayout(self.workspace_box)
        box_layout.addLayout(self.workspace_form)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        box_layout.addLayout(row)
        box_layout.addWidget(self.workspace_error)
        box_layout.addStretch(1)

        self.backups = BackupsBox(ctx.workspace.path / workspace.DB_NAME, ctx.runner)
        self.backups.restore_requested.connect(self._restore_requested)

        self.fonts = FontsModel(self)
        self.fonts_view = make_table(self.fonts)
        set_widths(self.fonts_view, (10, 10, 5, 20))
        self.fonts_view.setMinimumHeight(200)
        self.font_status = QLabel()
        self.hint = QPlainTextEdit()
        self.hint.setReadOnly(True)
        self.hint.setMaximumHeight(130)
        self.check_button = QPushButton(self.tr("Check again"))
        self.check_button.clicked.connect(lambda: self.check_fonts(rescan=True))
        fonts_box = QGroupBox(self.tr("Fonts for documents (PDF circulars and notices)"))
        accessible.name(self.fonts_view, fonts_box.title())
        accessible.name(self.hint, self.tr("How to install the missing fonts"))
        fonts_layout = QVBoxLayout(fonts_box)
        row = QHBoxLayout()
        row.addWidget(self.font_status, 1)
        row.addWidget(self.check_button)
        fonts_layout.addLayout(row)
        fonts_layout.addWidget(self.fonts_view, 1)
        fonts_layout.addWidget(self.hint)

        grid = QGridLayout()
        grid.addWidget(language_box, 0, 0)
        grid.addWidget(self.profile_box, 1, 0)
        grid.addWidget(self.workspace_box, 0, 1, 2, 1)
        grid.addWidget(self.backups, 2, 0, 1, 2)
        grid.addWidget(fonts_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(grid, 1)
        if ctx.workspace.role == "office":
            content.addWidget(UsersBox(ctx, self))  # the office's people (ui/office/users_box.py)
        layout.addWidget(scroll_area(content), 1)  # taller than a laptop screen: it scrolls
        self.refresh()
        self.check_fonts()

    # sections

    def refresh(self) -> None:
        """Show the profile and workspace as they are now."""
        self._fill_profile()
        self._fill_workspace()
        self.backups.refresh()

    @staticmethod
    def _clear(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def _fill_profile(self) -> None:
        self._clear(self.profile)
        person = self.ctx.workspace.inspector
        if not person:
            self.profile.addRow(_value(self.tr("This workspace has no inspector profile (an office workspace).")))
            return
        self.profile.addRow(self.tr("Inspector ID"), _value(person.get("id", "")))
        self.profile.addRow(self.tr("Name", "of the inspector"), _value(person.get("name", "")))
        self.profile.addRow(self.tr("District"), _value(person.get("district", "")))
        self.profile.addRow(self.tr("Unit"), _value(person.get("unit", "")))
        note = _value(self.tr("The profile is set when the workspace is created; the office changes it if needed."))
        note.setStyleSheet(colors.style("muted"))
        self.profile.addRow(note)

    def _fill_workspace(self) -> None:
        self._clear(self.workspace_form)
        ws = self.ctx.workspace
        version = catalog.current_version(ws.db) or ""
        self.workspace_form.addRow(self.tr("Name", "of the workspace"), _value(ws.name))
        self.workspace_form.addRow(self.tr("Role"), _value(labels.label(labels.ROLES, ws.role)))
        self.workspace_form.addRow(self.tr("Folder"), _value(str(ws.path)))
        self.workspace_form.addRow(self.tr("Device ID"), _value(ws.device_id))
        self.workspace_form.addRow(self.tr("Negative list version"), _value(labels.short_hash(version, 16)))
        self.workspace_error.setText("")

    # actions

    def _language_chosen(self) -> None:
        code = str(self.language.currentData())
        self.ctx.settings.setValue("language", code)
        window: Any = self.window()
        if hasattr(window, "language_change_requested"):
            window.language_change_requested.emit(code)

    def choose_workspace(self) -> None:
        """Ask for a workspace folder and open it."""
        self.folder_dialog = QFileDialog(self, self.tr("Open workspace"), str(self.ctx.workspace.path.parent))
        self.folder_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.folder_dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.folder_dialog.fileSelected.connect(self.open_workspace)
        self.folder_dialog.open()

    def open_workspace(self, path: str) -> bool:
        """Ask the main window to switch to another workspace; False (with a message) when it is not one."""
        if not workspace.is_workspace(path):
            self.workspace_error.setText(self.tr("“{path}” is not a workspace folder.").format(path=path))
            return False
        window: Any = self.window()
        if hasattr(window, "workspace_change_requested"):
            window.workspace_change_requested.emit(path)
        return True

    def _restore_requested(self) -> None:
        window: Any = self.window()
        if hasattr(window, "restore_requested"):
            window.restore_requested.emit()

    def check_fonts(self, *, rescan: bool = False) -> None:
        """Find the font for each role off the UI thread (rescan: forget what was found before)."""
        self.font_status.setText(self.tr("Looking for fonts…"))
        self.check_button.setEnabled(False)

        def work(_token: object) -> dict[str, FontChoice | None]:
            if rescan:
                fonts.clear_cache()
            return fonts.font_report()

        task = self.ctx.runner.start(work)
        task.signals.finished.connect(self._fonts_found)
        task.signals.failed.connect(self._fonts_failed)

    def _fonts_found(self, report: dict[str, FontChoice | None]) -> None:
        self.check_button.setEnabled(True)
        self.fonts.set_rows([FontRow(role, report.get(role)) for role in fonts.ROLES])
        missing = [role for role in fonts.ROLES if report.get(role) is None]
        fallback = [role for role, choice in report.items() if choice is not None and not choice.exact]
        if missing:
            self.font_status.setText(
                self.tr("{count} role(s) have no font: documents cannot be made until one is installed.").format(
                    count=len(missing)
                )
            )
            self.hint.setPlainText(fonts.install_hint())
        else:
            text = (
                self.tr("Every role has a font; {count} use a similar font instead of the standard one.")
                if fallback
                else self.tr("Every role has its standard font.")
            )
            self.font_status.setText(text.format(count=len(fallback)))
            self.hint.setPlainText("")
        self.hint.setVisible(bool(missing))

    def _fonts_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.font_status.setText(self.tr("The font check failed: {error}").format(error=messages.error_sentence(exc)))
