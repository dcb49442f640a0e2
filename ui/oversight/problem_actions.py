"""The review and rectification steps on the selected problems; each goes through the core and is announced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from inspector.changes import NOTHING, OpChanges
from inspector.errors import InspectorError
from inspector.oversight import rectification, review
from inspector.oversight.queries import merge_candidates
from inspector.tracking import problems
from inspector.tracking.problems import Problem
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.oversight.mask_dialog import MaskDialog
from ui.oversight.problem_dialogs import (
    REJECT_REASONS,
    Action,
    ActionDialog,
    MergeDialog,
    ReasonDialog,
    ReassignDialog,
    RectifyDialog,
)
from ui.tasks import Cancel, Task
from ui.widgets.jobs import error_text, run_job

ACTIVE = ("pending", "confirmed")
BACKGROUND_FROM = 200  # selections this long are confirmed off the UI thread, with progress


class ProblemActions(QWidget):
    """Buttons for the selected problems; `done(text)` after a step was recorded, `failed(text)` when refused."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.selected: list[Problem] = []
        self.dialog: ActionDialog | None = None
        self.confirming: Task | None = None  # a long confirmation running off the UI thread
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setToolTip(self.tr("Confirm the selected problems (Ctrl+Enter)"))
        self.confirm_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.confirm_button.clicked.connect(self.confirm)
        self.reject_button = QPushButton(self.tr("Reject…"))
        self.reject_button.clicked.connect(self.reject)
        self.merge_button = QPushButton(self.tr("Merge duplicate…"))
        self.merge_button.clicked.connect(self.merge)
        self.approve_button = QPushButton(self.tr("Approve for exposure…"))
        self.approve_button.clicked.connect(self.approve)
        self.reassign_button = QPushButton(self.tr("Unit or deadline…"))
        self.reassign_button.clicked.connect(self.reassign)
        self.rectify_button = QPushButton(self.tr("Record rectification…"))
        self.rectify_button.clicked.connect(self.rectify)
        self.more = QToolButton()
        self.more.setText(self.tr("More"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        self.masks_action = QAction(self.tr("Edit mask areas…"), self)
        self.masks_action.triggered.connect(self.edit_masks)
        self.withdraw_action = QAction(self.tr("Withdraw exposure…"), self)
        self.withdraw_action.triggered.connect(self.withdraw)
        self.reopen_action = QAction(self.tr("Undo review…"), self)
        self.reopen_action.triggered.connect(self.reopen)
        for action in (self.masks_action, self.withdraw_action, self.reopen_action):
            menu.addAction(action)
        self.more.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.confirm_button,
            self.reject_button,
            self.merge_button,
            self.approve_button,
            self.reassign_button,
            self.rectify_button,
        ):
            layout.addWidget(button)
        layout.addWidget(self.more)
        layout.addStretch(1)
        ctx.changes.changed.connect(self._user_changed)
        self.set_selection([])

    def _user_changed(self, kinds: frozenset[str]) -> None:
        if "user" in kinds:  # another person working: other steps allowed
            self.set_selection(self.selected)

    def set_selection(self, selected: list[Problem]) -> None:
        """The problems the steps apply to (most steps need exactly one)."""
        self.selected = list(selected)
        one = self.selected[0] if len(self.selected) == 1 else None
        review_state = one.review if one else ""
        self.confirm_button.setEnabled(self.confirming is None and any(p.review == "pending" for p in self.selected))
        self.reject_button.setEnabled(review_state in ACTIVE)
        self.merge_button.setEnabled(review_state in ACTIVE)
        self.approve_button.setEnabled(bool(one and one.review == "confirmed" and not one.exposure and one.photos))
        self.reassign_button.setEnabled(review_state in ACTIVE)
        self.rectify_button.setEnabled(bool(one and one.review == "confirmed" and one.status != "closed"))
        self.masks_action.setEnabled(bool(one and one.exposure))
        self.withdraw_action.setEnabled(bool(one and one.exposure))
        self.reopen_action.setEnabled(bool(one and one.review != "pending"))
        self.ctx.gate("review", self.confirm_button, self.reject_button, self.merge_button, self.approve_button)
        self.ctx.gate("review", self.masks_action, self.withdraw_action, self.reopen_action)
        self.ctx.gate("rectify", self.reassign_button, self.rectify_button)  # who is working (office users)
        self.more.setEnabled(any(a.isEnabled() for a in (self.masks_action, self.withdraw_action, self.reopen_action)))
        if self.confirming is not None:  # one write at a time: the background confirmation holds the write lock
            for step in (self.reject_button, self.merge_button, self.approve_button, self.reassign_button):
                step.setEnabled(False)
            self.rectify_button.setEnabled(False)
            self.more.setEnabled(False)

    def current(self) -> Problem | None:
        """The one problem selected, if exactly one is."""
        return self.selected[0] if len(self.selected) == 1 else None

    # steps

    def confirm(self) -> Task | None:
        """Confirm every selected problem still pending review (one transaction).

        A long selection is confirmed off the UI thread, the button counting how far it got; a short one at once.
        """
        pending = [p.finding_id for p in self.selected if p.review == "pending"]
        if not pending or self.confirming is not None:
            return None
        if len(pending) < BACKGROUND_FROM:
            try:
                made = review.confirm(self.ctx.db, pending, actor=self.ctx.actor)
            except InspectorError as exc:
                self.failed.emit(str(exc))
                return None
            changes = OpChanges.union(d.changes for d in made)  # NOTHING when all were confirmed before
            self._done(self.tr("Confirmed {count} problem(s).").format(count=len(made)), changes)
            return None
        actor = self.ctx.actor

        def job(ws: Workspace, token: Cancel) -> int:
            return len(review.confirm(ws.db, pending, actor=actor, progress=lambda d, t: token.progress(d, t, "")))

        self.confirm_button.setEnabled(False)
        self.confirm_button.setText(self.tr("Confirming {done}/{total}…").format(done=0, total=len(pending)))
        self.confirming = run_job(
            self.ctx, job, finished=self._confirmed, failed=self._confirm_failed, progress=self._confirm_progress
        )
        self.set_selection(self.selected)  # every other step waits for it (a reject now would race the confirm)
        return self.confirming

    def _confirm_progress(self, done: int, total: int, _text: str) -> None:
        self.confirm_button.setText(self.tr("Confirming {done}/{total}…").format(done=done, total=total))

    def _confirm_ended(self) -> None:
        self.confirming = None
        self.confirm_button.setText(self.tr("Confirm"))
        self.set_selection(self.selected)

    def _confirmed(self, count: int) -> None:
        self._confirm_ended()
        changes = review.confirm.changes if count else NOTHING  # the job counts the decisions it recorded
        self._done(self.tr("Confirmed {count} problem(s).").format(count=count), changes)

    def _confirm_failed(self, exc: BaseException) -> None:
        self._confirm_ended()
        self.failed.emit(error_text(exc))

    def reject(self) -> ReasonDialog | None:
        """Ask for a reason, then reject the problem (it stops counting; its signed revisions stay)."""
        p = self.current()
        if p is None:
            return None
        dialog = ReasonDialog(
            self.tr("Reject a problem"), self.tr("Reject"), p, suggestions=REJECT_REASONS, parent=self
        )

        def act() -> tuple[str, OpChanges]:
            made = review.reject(self.ctx.db, p.finding_id, reason=dialog.text(), actor=self.ctx.actor)
            return self.tr("{reference} rejected.").format(reference=p.reference), made.changes

        return self._open(dialog, act)

    def merge(self) -> MergeDialog | None:
        """Choose the primary among problems of the same item at the same site, then merge into it."""
        p = self.current()
        if p is None:
            return None
        candidates = merge_candidates(self.ctx.db, p.finding_id, today=self.today())
        if not candidates:
            self.failed.emit(
                self.tr("No other problem of this item at this site to merge {reference} into.").format(
                    reference=p.reference
                )
            )
            return None
        dialog = MergeDialog(p, candidates, self)

        def act() -> tuple[str, OpChanges]:
            primary = dialog.primary()
            if primary is None:
                raise InspectorError(self.tr("Choose the problem to merge into."))
            made = review.merge_duplicate(
                self.ctx.db, p.finding_id, into=primary.finding_id, reason=dialog.reason.text(), actor=self.ctx.actor
            )
            text = self.tr("{reference} merged into {primary}.").format(
                reference=p.reference, primary=primary.reference
            )
            return text, made.changes

        return self._open(dialog, act)

    def approve(self) -> MaskDialog | None:
        """Draw mask rectangles, preview the published copy, and approve the problem for the exposure sheet."""
        p = self.current()
        return None if p is None else self._open(MaskDialog(self.ctx, p, MaskDialog.APPROVE, self))

    def edit_masks(self) -> MaskDialog | None:
        """Change the mask rectangles of an approved problem's photos."""
        p = self.current()
        return None if p is None else self._open(MaskDialog(self.ctx, p, MaskDialog.EDIT, self))

    def withdraw(self) -> ReasonDialog | None:
        """Take the problem off the exposure sheet."""
        p = self.current()
        if p is None:
            return None
        dialog = ReasonDialog(self.tr("Withdraw exposure"), self.tr("Withdraw"), p, required=False, parent=self)

        def act() -> tuple[str, OpChanges]:
            made = review.withdraw_exposure(self.ctx.db, p.finding_id, reason=dialog.text(), actor=self.ctx.actor)
            return self.tr("{reference} taken off the exposure sheet.").format(reference=p.reference), made.changes

        return self._open(dialog, act)

    def reopen(self) -> ReasonDialog | None:
        """Undo a confirmation, rejection or merge: the problem is pending review again."""
        p = self.current()
        if p is None:
            return None
        dialog = ReasonDialog(self.tr("Undo review"), self.tr("Undo review"), p, parent=self)

        def act() -> tuple[str, OpChanges]:
            made = review.reopen(self.ctx.db, p.finding_id, reason=dialog.text(), actor=self.ctx.actor)
            return self.tr("{reference} is pending review again.").format(reference=p.reference), made.changes

        return self._open(dialog, act)

    def reassign(self) -> ReassignDialog | None:
        """Change the responsible unit and/or the deadline, with a reason."""
        p = self.current()
        if p is None:
            return None
        dialog = ReassignDialog(p, problems.units(self.ctx.db), self)

        def act() -> tuple[str, OpChanges]:
            unit, deadline, reason = dialog.new_unit(), dialog.new_deadline(), dialog.reason.text()
            if unit is None and deadline is None:
                raise InspectorError(self.tr("Choose another unit or another deadline first."))
            changes = NOTHING
            if unit is not None:
                made = rectification.set_unit(self.ctx.db, p.finding_id, unit, reason=reason, actor=self.ctx.actor)
                changes |= made.changes
            if deadline is not None:
                made = rectification.set_deadline(
                    self.ctx.db, p.finding_id, deadline, reason=reason, actor=self.ctx.actor
                )
                changes |= made.changes
            return self.tr("{reference}: unit or deadline changed.").format(reference=p.reference), changes

        return self._open(dialog, act)

    def rectify(self) -> RectifyDialog | None:
        """Record the unit's report that the problem is fixed (with an optional photo)."""
        p = self.current()
        if p is None:
            return None
        dialog = RectifyDialog(p, self.today(), self)

        def act() -> tuple[str, OpChanges]:
            photo = dialog.photo.path()
            rectification.record_rectification(
                self.ctx.workspace,
                p.finding_id,
                report=dialog.text(),
                photos=[Path(photo)] if photo else [],
                reported_on=dialog.reported_on(),
                actor=self.ctx.actor,
            )
            done = self.tr("{reference}: rectification recorded, awaiting recheck.").format(reference=p.reference)
            return done, rectification.record_rectification.changes

        return self._open(dialog, act)

    # plumbing

    def _open(self, dialog: ActionDialog, action: Action | None = None) -> ActionDialog:
        if action is not None:
            dialog.action = action
        dialog.done.connect(self._done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _done(self, text: str, changes: OpChanges) -> None:
        self.ctx.changes.apply(changes)  # what the core write said it changed: the problems page refreshes
        self.done.emit(text)
