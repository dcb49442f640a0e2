"""Registering a laptop from its registration file (writing its trust file), revoking a laptop's key and
reinstating it (with a reason)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.exchange import registry
from inspector.exchange.keys import PassphraseError
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.pages import labels
from ui.tasks import Cancel, Task
from ui.widgets import accessible, colors
from ui.widgets.fields import OPEN_FILE, SAVE_FILE, MessageLine, PathField, passphrase_edit
from ui.widgets.jobs import error_text, run_job

REGISTRATION_SUFFIX = ".registration.json"


def trust_path_for(registration: str) -> str:
    """Where the trust file goes by default: beside the registration file, named after it ("" when the text
    typed so far names no file, such as "/" or "..")."""
    path = Path(registration)
    if registration.endswith(("/", "\\")) or path.name in ("", ".", ".."):
        return ""
    stem = path.name[: -len(REGISTRATION_SUFFIX)] if path.name.endswith(REGISTRATION_SUFFIX) else path.stem
    return str(path.with_name(f"{stem}.trust.json"))


def _add_buttons(
    layout: QVBoxLayout, accept: QPushButton, dialog: QDialog, *, destructive: bool = False
) -> QPushButton:
    """Add the accept and Cancel buttons at the foot of a dialog's layout; returns Cancel.

    Enter does the accept button's action, unless it is destructive: then Enter cancels (the safe choice), and the
    action takes a click, or Enter with the button itself focused.
    """
    cancel = QPushButton(QCoreApplication.translate("RegistryDialogs", "Cancel"))
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(accept)
    row.addWidget(cancel)
    layout.addLayout(row)  # the buttons are the dialog's now: a default is only kept by a button in its dialog
    cancel.setAutoDefault(destructive)
    (cancel if destructive else accept).setDefault(True)
    return cancel


class RegisterDialog(QDialog):
    """Registers a laptop; emits `registered(Device, trust file path)` and closes when it worked."""

    registered = Signal(object, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Register a laptop"))
        self.setMinimumWidth(680)
        intro = QLabel(
            self.tr(
                "Choose the registration file the inspector exported. The office key signs a trust file "
                "for that laptop: give it back to the inspector to import, so the laptop accepts this "
                "office's task packs."
            )
        )
        intro.setWordWrap(True)
        self.registration = PathField(
            OPEN_FILE, self.tr("Registration file"), self.tr("Registration files (*.json);;All files (*)")
        )
        self.registration.changed.connect(lambda path: self.trust.set_path(trust_path_for(path) if path else ""))
        self.trust = PathField(SAVE_FILE, self.tr("Save the trust file as"), self.tr("Trust files (*.json)"))
        self.passphrase = passphrase_edit(self.tr("The office key's passphrase"))
        form = QFormLayout()
        form.addRow(self.tr("Registration file"), self.registration)
        form.addRow(self.tr("Trust file"), self.trust)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.message = MessageLine()
        self.register_button = QPushButton(self.tr("Register"))
        self.register_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        _add_buttons(layout, self.register_button, self)
        accessible.name_unnamed(self)  # fields named after their labels

    def start(self) -> Task | None:
        """Check the file and register the laptop off the UI thread."""
        source, target, passphrase = self.registration.path(), self.trust.path(), self.passphrase.text()
        # paths typed by hand: any text gets a verdict, never an exception
        problem = self.registration.problem()
        if problem is not None:
            self.message.error(self.tr("Choose the registration file the inspector gave you.") + " " + problem)
            return None
        problem = self.trust.problem()
        if problem is not None:
            self.message.error(self.tr("Choose where to save the trust file (a folder that exists).") + " " + problem)
            return None

        def job(ws: Workspace, _token: Cancel) -> Any:
            device, _trust = registry.register_device(ws, source, passphrase, trust_out=target)
            return device

        self.register_button.setEnabled(False)
        self.message.note(self.tr("Checking and signing…"))
        self.task = run_job(self.ctx, job, finished=self._finished, failed=self._failed)
        return self.task

    def _finished(self, device: registry.Device) -> None:
        self.register_button.setEnabled(True)
        self.accept()
        self.ctx.changes.apply(registry.register_device.changes)
        self.registered.emit(device, self.trust.path())

    def _failed(self, exc: BaseException) -> None:
        self.register_button.setEnabled(True)
        self.message.error(error_text(exc))
        if isinstance(exc, PassphraseError):
            self.passphrase.clear()
            self.passphrase.setFocus()


def cutoff_text(after_seq: int | None) -> str:
    """A revocation cutoff in words."""
    if after_seq is None:
        return QCoreApplication.translate("RegistryDialogs", "not revoked")
    return QCoreApplication.translate("RegistryDialogs", "refused after no. {seq}").format(seq=after_seq)


class RevokeDialog(QDialog):
    """Confirms revoking one laptop key after a sequence number; emits `revoked(list of Device)`.

    A revocation only tightens: an already revoked key's number can only go down (ReinstateDialog raises it).
    """

    revoked = Signal(object)

    def __init__(self, ctx: AppContext, device: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.device = ctx, device
        self.setWindowTitle(self.tr("Revoke a laptop key"))
        self.setMinimumWidth(600)
        last = device["last_seq"] or 0
        current = device["revoked_after_seq"]
        text = QLabel(
            self.tr(
                "Bundles from {inspector}'s laptop “{device}” (key {key}) numbered after the number below "
                "will be refused from now on; bundles already imported stay. Received so far: up to no. {last}. "
                "Use 0 to refuse every bundle of this key."
            ).format(
                inspector=device["inspector_name"] or device["inspector_id"],
                device=device["device_name"],
                key=labels.short_hash(device["key_id"], 16),
                last=last,
            )
        )
        text.setWordWrap(True)
        self.after = QSpinBox()
        self.after.setRange(0, 1_000_000_000 if current is None else current)
        self.after.setValue(last if current is None else min(last, current))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why (kept in the revocation history)"))
        form = QFormLayout()
        form.addRow(self.tr("Refuse bundles numbered after"), self.after)
        form.addRow(self.tr("Reason"), self.reason)
        self.message = MessageLine()
        if current is not None:
            self.message.note(
                self.tr(
                    "This key is already revoked after no. {seq}. A revocation can only be tightened; "
                    "use Reinstate to raise or lift it."
                ).format(seq=current)
            )
        self.revoke_button = QPushButton(self.tr("Revoke key"))
        self.revoke_button.setStyleSheet(f"color: {colors.text('failed').name()}; font-weight: bold;")
        self.revoke_button.clicked.connect(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.cancel_button = _add_buttons(layout, self.revoke_button, self, destructive=True)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        accessible.name_unnamed(self)  # fields named after their labels

    def confirm(self) -> bool:
        """Revoke the key (one small transaction); False, with the reason shown, when it failed."""
        try:
            devices = registry.revoke(
                self.ctx.db, self.device["key_id"], self.after.value(), reason=self.reason.text(), actor=self.ctx.actor
            )
        except InspectorError as exc:
            self.message.error(str(exc))
            return False
        self.accept()
        self.ctx.changes.apply(registry.revoke.changes)
        self.revoked.emit(devices)
        return True


class ReinstateDialog(QDialog):
    """Raises a revoked key's cutoff or lifts the revocation, with a required reason; emits `reinstated`."""

    reinstated = Signal(object)

    def __init__(self, ctx: AppContext, device: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.device = ctx, device
        current = device["revoked_after_seq"] or 0
        self.setWindowTitle(self.tr("Reinstate a laptop key"))
        self.setMinimumWidth(600)
        text = QLabel(
            self.tr(
                "The key of {inspector}'s laptop “{device}” is revoked: bundles numbered after {seq} are refused. "
                "Reinstating lifts the revocation, or accepts bundles up to a higher number. "
                "It is kept in the revocation history with your reason."
            ).format(
                inspector=device["inspector_name"] or device["inspector_id"],
                device=device["device_name"],
                seq=current,
            )
        )
        text.setWordWrap(True)
        self.lift = QCheckBox(self.tr("Lift the revocation (accept every bundle of this key again)"))
        self.lift.setChecked(True)
        self.after = QSpinBox()
        self.after.setRange(current + 1, 1_000_000_000)
        self.after.setValue(max(current + 1, device["last_seq"] or 0))
        self.after.setEnabled(False)
        self.lift.toggled.connect(lambda lifted: self.after.setEnabled(not lifted))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Required: why this key may be trusted again"))
        form = QFormLayout()
        form.addRow("", self.lift)
        form.addRow(self.tr("Or refuse bundles numbered after"), self.after)
        form.addRow(self.tr("Reason"), self.reason)
        self.message = MessageLine()
        self.reinstate_button = QPushButton(self.tr("Reinstate key"))
        self.reinstate_button.clicked.connect(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        _add_buttons(layout, self.reinstate_button, self)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        accessible.name_unnamed(self)  # fields named after their labels

    def confirm(self) -> bool:
        """Reinstate the key (one small transaction); False, with the reason shown, when it failed."""
        after = None if self.lift.isChecked() else self.after.value()
        try:
            devices = registry.reinstate(
                self.ctx.db, self.device["key_id"], reason=self.reason.text(), after_seq=after, actor=self.ctx.actor
            )
        except InspectorError as exc:
            self.message.error(str(exc))
            return False
        self.accept()
        self.ctx.changes.apply(registry.reinstate.changes)
        self.reinstated.emit(devices)
        return True
