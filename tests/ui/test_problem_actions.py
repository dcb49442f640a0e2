"""The review buttons: a long selection is confirmed off the UI thread, the button counting how far it got."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QSettings, Qt

from inspector import clock
from inspector.field import inspections
from inspector.oversight import review
from inspector.tracking.decisions import decisions
from inspector.tracking.problems import list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect

TODAY = date(2026, 11, 20)


@pytest.fixture
def actions(qapp, qtbot, ws, tmp_path, monkeypatch):
    """The buttons over an office workspace with three pending problems; 'long' starts at two problems."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight import problem_actions
    from ui.tasks import TaskRunner

    monkeypatch.setattr(problem_actions, "BACKGROUND_FROM", 2)
    monkeypatch.setattr(review, "PROGRESS_EVERY", 1)
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1})
    with clock.travel(clock.at(TODAY, time(10))):
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        made = problem_actions.ProblemActions(ctx, lambda: TODAY)
        qtbot.addWidget(made)
        made.set_selection(list_problems(ws.db, today=TODAY))
        yield made
        runner.wait()


def test_a_long_selection_is_confirmed_in_the_background_with_progress(actions, ws, qtbot, monkeypatch):
    from ui.oversight.problem_actions import ProblemActions

    shown: list[str] = []
    original = ProblemActions._confirm_progress

    def spy(self, done: int, total: int, text: str) -> None:
        original(self, done, total, text)
        shown.append(self.confirm_button.text())

    monkeypatch.setattr(ProblemActions, "_confirm_progress", spy)
    with qtbot.waitSignal(actions.done) as finished:
        qtbot.mouseClick(actions.confirm_button, Qt.MouseButton.LeftButton)
        assert actions.confirming is not None and not actions.confirm_button.isEnabled()
        assert actions.confirm() is None  # a second click while it runs starts nothing
        everything = list(actions.selected)
        actions.set_selection(everything[:1])  # one problem picked while it runs: its steps wait
        steps = (actions.reject_button, actions.merge_button, actions.reassign_button, actions.rectify_button)
        assert not any(step.isEnabled() for step in steps) and not actions.more.isEnabled()  # no write races it
        actions.set_selection(everything)
    assert finished.args == [actions.tr("Confirmed {count} problem(s).").format(count=3)]
    assert [d.kind for d in decisions(ws.db)] == ["confirm"] * 3
    assert shown[-1] == actions.tr("Confirming {done}/{total}…").format(done=3, total=3)
    assert actions.confirming is None and actions.confirm_button.text() == actions.tr("Confirm")


def test_a_refused_background_confirmation_writes_nothing_and_says_why(actions, ws, qtbot):
    voided = ws.db.execute("SELECT id FROM inspections WHERE site_id = (SELECT id FROM sites WHERE code = 'WL-003')")
    inspections.void_inspection(ws.db, voided.fetchone()[0], "录错了点位")
    with qtbot.waitSignal(actions.failed) as refused:
        qtbot.mouseClick(actions.confirm_button, Qt.MouseButton.LeftButton)
    assert "已作废" in refused.args[0] and decisions(ws.db) == []
    assert actions.confirming is None and actions.confirm_button.isEnabled()
