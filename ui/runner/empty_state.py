"""The first steps of a new field workspace, on the Tasks page while the laptop has no sites: what to do next, and
buttons that do it (register the laptop, import the office's task pack, import a site register)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.register import sites
from ui.context import AppContext


def needs_first_steps(ctx: AppContext) -> bool:
    """Whether the laptop has nothing to inspect yet: a field workspace without a single site."""
    return ctx.workspace.role == "field" and not sites.list_sites(ctx.db, active_only=False)


class FirstSteps(QFrame):
    """What a new laptop needs before its first inspection, each step a button; hidden once there are sites.

    The buttons go where the work is done: 登记本机 to the key and registration box of the exchange page (its next
    step opened), 导入任务包 to the task-pack import there, 导入点位 to the site-register import of the sites page.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(self.tr("No sites on this laptop yet"))
        title.setStyleSheet("font-size: 17px; font-weight: bold;")
        steps = QLabel(
            self.tr(
                "Before the first inspection: register this laptop with the office (export the registration file, "
                "then import the trust file the office gives back). Then import the task pack the office sends, "
                "which brings the sites to inspect, or import the office's site register for spot checks."
            )
        )
        steps.setWordWrap(True)
        steps.setStyleSheet("font-size: 15px;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.register_button = QPushButton(self.tr("Register this laptop…"))
        self.register_button.clicked.connect(self.register)
        self.pack_button = QPushButton(self.tr("Import task pack…"))
        self.pack_button.clicked.connect(self.import_pack)
        self.sites_button = QPushButton(self.tr("Import site register…"))
        self.sites_button.clicked.connect(self.import_sites)
        buttons = QHBoxLayout()
        for button in (self.register_button, self.pack_button, self.sites_button):
            button.setMinimumHeight(44)
            button.setStyleSheet("font-size: 15px; padding: 0 16px;")
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(steps)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Show the steps while the laptop has no sites, with whether it is registered yet."""
        needed = needs_first_steps(self.ctx)
        self.setVisible(needed)
        if not needed:
            return
        from inspector.exchange import (
            registry,  # signing code (cryptography) loads only on a laptop still without sites
        )

        status = registry.key_status(self.ctx.db)
        if status["office_key_id"]:
            self.status.setText(
                self.tr("Registered: this laptop trusts the office key of “{office}”.").format(
                    office=status["office_name"]
                )
            )
        else:
            self.status.setText(self.tr("Not registered with the office yet."))

    def _open(self, key: str) -> Any:
        window: Any = self.window()
        return window.open_page(key) if hasattr(window, "open_page") else None

    def register(self) -> None:
        """To the key and registration box, with its next step open: set the passphrase, else export the file."""
        page = self._open("exchange")
        if page is None:
            return
        from inspector.exchange import keys

        if keys.key_info(self.ctx.db) is None:
            page.keys.open_passphrase()
        else:
            page.keys.export_registration()

    def import_pack(self) -> None:
        """To the exchange page, choosing a task pack file."""
        page = self._open("exchange")
        if page is not None:
            page.packs.choose_file()

    def import_sites(self) -> None:
        """To the sites page, choosing a site register file."""
        page = self._open("sites")
        if page is not None:
            page.choose_file()
