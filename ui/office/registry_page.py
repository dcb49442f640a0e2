"""督查员: the office key, registered laptops (last bundle number, gaps, revocation) and the inspector roster."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.exchange import keys, registry
from inspector.register import inspectors
from ui.context import AppContext
from ui.exchange.passphrase import CHANGE, SET, PassphraseDialog
from ui.office.registry_dialogs import RegisterDialog, ReinstateDialog, RevokeDialog, cutoff_text
from ui.pages import labels
from ui.pages.base import BasePage
from ui.widgets import accessible, colors
from ui.widgets.fields import MessageLine
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths, titled_split

_Index = QModelIndex | QPersistentModelIndex


def _status(device: dict[str, Any]) -> str:
    if device["revoked_after_seq"] is None:
        return QCoreApplication.translate("DevicesModel", "Active")
    return QCoreApplication.translate("DevicesModel", "Revoked after no. {seq} ({date})").format(
        seq=device["revoked_after_seq"], date=labels.local_time(device["revoked_at"])
    )


def _gaps(device: dict[str, Any]) -> str:
    gaps = device["gaps"]
    if not gaps:
        return ""
    shown = ", ".join(map(str, gaps[:8])) + ("…" if len(gaps) > 8 else "")
    return QCoreApplication.translate("DevicesModel", "Missing no. {numbers}").format(numbers=shown)


class DevicesModel(ListTableModel):
    """Registered laptops (dicts from registry.list_devices); revoked keys in red, gaps in amber."""

    CONTEXT = "DevicesModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Inspector"), lambda d: d["inspector_name"] or d["inspector_id"]),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "ID"), lambda d: d["inspector_id"]),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Laptop"), lambda d: d["device_name"]),
        ListColumn(
            QT_TRANSLATE_NOOP("DevicesModel", "Key"),
            lambda d: labels.short_hash(d["key_id"], 12),
            tooltip=lambda d: d["key_id"],
        ),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Registered"), lambda d: labels.local_time(d["registered_at"])),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Bundles"), lambda d: str(d["bundles"]), True),
        ListColumn(
            QT_TRANSLATE_NOOP("DevicesModel", "Last no."),
            lambda d: "" if d["last_seq"] is None else str(d["last_seq"]),
            True,
        ),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Gaps"), _gaps, tooltip=_gaps),
        ListColumn(QT_TRANSLATE_NOOP("DevicesModel", "Status"), _status),
    )
    GAPS, STATUS = 7, 8

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            device = self.record(index.row())
            if device["revoked_after_seq"] is not None:
                return colors.text_brush("failed")
            if index.column() == self.GAPS and device["gaps"]:
                return colors.text_brush("warning")
        return super().data(index, role)


class RosterModel(ListTableModel):
    """The inspector roster (Inspector records) with the number of laptops registered to each."""

    CONTEXT = "RosterModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "ID"), lambda r: r[0].id),
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "Name"), lambda r: r[0].name),
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "District"), lambda r: r[0].district),
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "Active"), lambda r: labels.label(labels.YES_NO, r[0].active)),
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "Laptops"), lambda r: str(r[1]), True),
        ListColumn(QT_TRANSLATE_NOOP("RosterModel", "Unit"), lambda r: r[0].unit),
    )


class RegistryPage(BasePage):
    """Register laptops, see what each has sent, revoke a key; the roster of inspectors below."""

    WATCHES = frozenset({"devices", "inspectors", "keys", "verdicts", "user"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.dialog: RegisterDialog | RevokeDialog | ReinstateDialog | PassphraseDialog | None = None
        title = QLabel(self.tr("Inspectors"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.key_line = QLabel()
        self.key_line.setWordWrap(True)
        self.key_button = QPushButton()
        self.key_button.clicked.connect(self.open_passphrase)
        self.register_button = QPushButton(self.tr("Register a laptop…"))
        self.register_button.setStyleSheet("font-weight: bold; padding: 4px 16px;")
        self.register_button.clicked.connect(self.register_laptop)
        self.revoke_button = QPushButton(self.tr("Revoke key…"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.reinstate_button = QPushButton(self.tr("Reinstate…"))
        self.reinstate_button.clicked.connect(self.reinstate_selected)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.register_button)
        top.addWidget(self.revoke_button)
        top.addWidget(self.reinstate_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_line, 1)
        key_row.addWidget(self.key_button)
        self.message = MessageLine()

        self.devices = DevicesModel(self)
        self.devices_view = make_table(self.devices)
        set_widths(self.devices_view, (4, 4, 8, 9.5, 8, 3, 3, 6, 10))
        self.devices_view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.devices_view.doubleClicked.connect(self.revoke_selected)
        self.devices_title = QLabel()
        self.devices_title.setStyleSheet("font-weight: bold;")
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.roster = RosterModel(self)
        self.roster_view = make_table(self.roster)
        set_widths(self.roster_view, (4, 5, 5, 3, 3, 12))
        self.roster_title = QLabel()
        self.roster_title.setStyleSheet("font-weight: bold;")
        split = titled_split(
            ((self.devices_title, self.devices_view), (self.roster_title, self.roster_view)), [340, 260]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addLayout(key_row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(self.history)
        self.refresh()

    def refresh(self) -> None:
        """Reload the office key, the registered laptops and the roster."""
        info = keys.key_info(self.ctx.db)
        if info is None:
            self.key_line.setText(
                self.tr("The office has no signing key yet: set a passphrase to register laptops and sign task packs.")
            )
            self.key_button.setText(self.tr("Set passphrase…"))
        else:
            self.key_line.setText(
                self.tr("Office key: {key} (created {date}). Laptops pin it when they import their trust file.").format(
                    key=labels.short_hash(info.key_id, 16), date=labels.local_time(info.created_at)
                )
            )
            self.key_button.setText(self.tr("Change passphrase…"))
        self.register_button.setEnabled(info is not None)
        devices = registry.list_devices(self.ctx.db)
        self.devices.set_rows(devices)
        self.devices_title.setText(self.tr("Registered laptops: {count}").format(count=len(devices)))
        accessible.name(self.devices_view, self.devices_title.text())
        laptops: dict[str, int] = {}
        for device in devices:
            laptops[device["inspector_id"]] = laptops.get(device["inspector_id"], 0) + 1
        people = inspectors.list_inspectors(self.ctx.db, active_only=False)
        self.roster.set_rows([(person, laptops.get(person.id, 0)) for person in people])
        self.roster_title.setText(self.tr("Inspector roster: {count}").format(count=len(people)))
        accessible.name(self.roster_view, self.roster_title.text())
        self._selection_changed()

    def selected_device(self) -> dict[str, Any] | None:
        """The laptop selected in the table."""
        index = self.devices_view.currentIndex()
        return self.devices.record(index.row()) if index.isValid() else None

    def select_device(self, key_id: str) -> bool:
        """Select a laptop by key id."""
        for row, device in enumerate(self.devices.records()):
            if device["key_id"] == key_id:
                self.devices_view.selectRow(row)
                return True
        return False

    def _selection_changed(self, *_args: object) -> None:
        device = self.selected_device()
        self.revoke_button.setEnabled(device is not None)
        self.reinstate_button.setEnabled(device is not None and device["revoked_after_seq"] is not None)
        self.ctx.gate("revoke", self.revoke_button, self.reinstate_button)  # who is working (office users)
        self.history.setText(self.history_text(device) if device is not None else "")

    def history_text(self, device: dict[str, Any]) -> str:
        """The revocation history of one laptop key, one line per change (who, when, from what to what, why)."""
        if not device["history"]:
            return self.tr("Revocation history of “{device}”: none.").format(device=device["device_name"])
        lines = [self.tr("Revocation history of “{device}”:").format(device=device["device_name"])]
        for change in device["history"]:
            action = self.tr("revoked") if change["action"] == "revoke" else self.tr("reinstated")
            line = self.tr("{time} {actor} {action}: {before} → {after}").format(
                time=labels.local_time(change["at"]),
                actor=change["actor"],
                action=action,
                before=cutoff_text(change["previous_after_seq"]),
                after=cutoff_text(change["after_seq"]),
            )
            if change["reason"]:
                line += self.tr(" (reason: {reason})").format(reason=change["reason"])
            lines.append(line)
        return "\n".join(lines)

    # actions

    def open_passphrase(self) -> PassphraseDialog:
        """Create the office key (first time) or change its passphrase."""
        mode = SET if keys.key_info(self.ctx.db) is None else CHANGE
        self.dialog = PassphraseDialog(self.ctx, mode, self)
        self.dialog.key_ready.connect(lambda _info: self.refresh())
        self.dialog.open()
        return self.dialog

    def register_laptop(self) -> RegisterDialog:
        """Open the registration dialog."""
        self.dialog = RegisterDialog(self.ctx, self)
        self.dialog.registered.connect(self._registered)
        self.dialog.open()
        return self.dialog

    def _registered(self, device: registry.Device, trust_path: str) -> None:
        self.refresh()
        self.select_device(device.key_id)
        self.message.ok(
            self.tr("Laptop “{device}” is registered. Give the trust file to the inspector: {path}").format(
                device=device.device_name, path=trust_path
            )
        )

    def revoke_selected(self, *_args: object) -> RevokeDialog | None:
        """Ask to confirm revoking the selected laptop's key."""
        device = self.selected_device()
        if device is None:
            return None
        self.dialog = RevokeDialog(self.ctx, device, self)
        self.dialog.revoked.connect(self._revoked)
        self.dialog.open()
        return self.dialog

    def reinstate_selected(self, *_args: object) -> ReinstateDialog | None:
        """Ask for the reason and the new cutoff to reinstate the selected, revoked laptop key."""
        device = self.selected_device()
        if device is None or device["revoked_after_seq"] is None:
            return None
        self.dialog = ReinstateDialog(self.ctx, device, self)
        self.dialog.reinstated.connect(self._reinstated)
        self.dialog.open()
        return self.dialog

    def _reinstated(self, devices: list[registry.Device]) -> None:
        self.refresh()
        if devices:
            self.select_device(devices[0].key_id)
            self.message.ok(
                self.tr("Key reinstated: “{device}” is now {cutoff}.").format(
                    device=devices[0].device_name, cutoff=cutoff_text(devices[0].revoked_after_seq)
                )
            )

    def _revoked(self, devices: list[registry.Device]) -> None:
        self.refresh()
        if devices:
            self.select_device(devices[0].key_id)
            self.message.ok(
                self.tr("Key revoked: bundles numbered after {seq} from “{device}” will be refused.").format(
                    seq=devices[0].revoked_after_seq, device=devices[0].device_name
                )
            )
