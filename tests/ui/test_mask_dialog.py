"""The mask dialog before exposure: suggested faces pre-drawn dashed, kept, moved or removed by the supervisor;
plates drawn by hand; "no faces or plates" ticked; Enter approves only when every photo was looked at."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from inspector import clock
from inspector.demo.demo import PLATE, synthetic_photo
from inspector.field import evidence, facedetect, inspections
from inspector.oversight import review
from inspector.tracking.problems import get_problem
from tests.office_kit import BOARD_ITEM, CST, inspect, problem_of

TODAY = date(2026, 11, 20)
FACES = {0: [(300, 100, 40, 40), (420, 110, 36, 36)], 1: [(200, 150, 40, 40)]}  # on the detector's 800 px copy


@pytest.fixture
def problem(ws):
    """A confirmed problem with two street photos (1600×1200, a parked car with a plate at PLATE)."""
    done = inspect(ws, "YX-003", date(2026, 11, 2), {BOARD_ITEM: 1})
    rng = random.Random(7)
    shots = [
        evidence.import_photo(
            ws.db, ws.evidence_dir, synthetic_photo(rng, datetime(2026, 11, 2, 10, n, tzinfo=CST), 4 + n),
            device_id=ws.device_id,
        ).sha256
        for n in range(2)
    ]  # fmt: skip
    inspections.record_finding(ws.db, done.id, BOARD_ITEM, outcome="fail", photos=shots, reason="补拍")
    found = problem_of(ws, done, BOARD_ITEM, TODAY)
    review.confirm(ws.db, [found.finding_id])
    return get_problem(ws.db, found.finding_id, today=TODAY)


@pytest.fixture
def page(qapp, qtbot, ws, problem, tmp_path, monkeypatch):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight.problems_page import ProblemsPage
    from ui.tasks import TaskRunner

    seen = iter(range(10))
    monkeypatch.setattr(facedetect, "_detect", lambda gray: FACES.get(next(seen), []))
    with clock.travel(clock.at(TODAY, time(10))):
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        made = ProblemsPage(ctx)
        qtbot.addWidget(made)
        made.resize(1130, 760)
        made.show()
        assert made.wait_loaded()
        yield made
        runner.wait()


def centre(canvas, rect) -> QPoint:
    x, y, w, h = rect
    return canvas.to_widget(x + w / 2, y + h / 2)


def press_enter(qtbot, dialog) -> None:
    dialog.ok_button().setFocus()
    qtbot.keyClick(dialog.ok_button(), Qt.Key.Key_Return)


def test_every_photo_is_looked_at_before_approval(page, problem, ws, qtbot, tmp_path):
    assert page.select(problem.finding_id)
    qtbot.mouseClick(page.actions.approve_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    qtbot.waitExposed(dialog)
    canvas = dialog.canvas
    qtbot.waitUntil(lambda: len(canvas.suggestions) == 2, timeout=10_000)  # faces suggested, mapped to the photo
    assert canvas.suggestions == [(588, 188, 104, 104), (829, 209, 94, 94)] and canvas.rects == []
    assert "2" in dialog.faces.text()

    press_enter(qtbot, dialog)  # nothing looked at yet: refused, nothing recorded
    assert dialog.isVisible() and dialog.message.is_error() and "1、2" in dialog.message.text()
    assert ws.db.execute("SELECT COUNT(*) FROM photo_reviews").fetchone()[0] == 0

    first = canvas.suggestions[0]
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre(canvas, first))  # a click keeps a suggestion
    assert canvas.rects == [first] and canvas.kept == [True] and len(canvas.suggestions) == 1
    x, y, w, h = PLATE  # the plate, drawn by hand
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(x - 4, y - 4))
    qtbot.mouseMove(canvas, canvas.to_widget(x + w / 2, y + h / 2))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(x + w + 4, y + h + 4))
    assert len(canvas.rects) == 2 and canvas.kept == [True, False]
    plate = canvas.rects[1]
    assert plate[0] <= x and plate[1] <= y and plate[0] + plate[2] >= x + w and plate[1] + plate[3] >= y + h
    qtbot.waitUntil(lambda: dialog.published is not None, timeout=10_000)
    dialog.grab().save(str(tmp_path / "mask.png"))  # one kept face, a suggestion still dashed, the plate masked

    press_enter(qtbot, dialog)  # a suggestion left undecided is not a look
    assert dialog.isVisible() and "1、2" in dialog.message.text()
    second = canvas.suggestions[0]
    start, end = centre(canvas, second), centre(canvas, second) + QPoint(20, 10)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)  # a dragged suggestion is kept where it is left
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    moved = canvas.rects[-1]
    assert canvas.suggestions == [] and canvas.kept == [True, False, True] and moved[:2] != second[:2]
    assert moved[2:] == second[2:]

    dialog.photo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(canvas.suggestions) == 1, timeout=10_000)
    qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=centre(canvas, canvas.suggestions[0]))  # removed
    assert canvas.suggestions == [] and canvas.rects == []
    press_enter(qtbot, dialog)
    assert dialog.isVisible() and "2" in dialog.message.text() and dialog.photo.currentIndex() == 1
    dialog.nothing.setChecked(True)  # 此照片无人脸和车牌
    assert "✓" in dialog.photo.itemText(0) and "✓" in dialog.photo.itemText(1)
    press_enter(qtbot, dialog)
    assert not dialog.isVisible()

    approved = get_problem(ws.db, problem.finding_id, today=TODAY)
    one, two = problem.photos
    assert approved.exposure and approved.masks == {one: (first, plate, moved)}
    rows = ws.db.execute("SELECT photo, verdict, rects, suggested, confirmed FROM photo_reviews ORDER BY id").fetchall()
    assert [(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows] == [
        (one, "masked", [list(first), list(plate), list(moved)], 2, 2),
        (two, "clear", [], 1, 0),
    ]


def test_without_a_face_detector_the_dialog_says_so(page, problem, ws, qtbot, monkeypatch):
    monkeypatch.setattr(facedetect, "_detector", lambda: (None, "未安装 OpenCV"))
    assert page.select(problem.finding_id)
    dialog = page.actions.approve()
    qtbot.waitUntil(lambda: dialog.faces.text() == dialog.tr("Face suggestions unavailable: look for faces yourself."))
    assert dialog.canvas.suggestions == []
    for n in range(2):  # ticking both photos clear is a look at each
        dialog.photo.setCurrentIndex(n)
        dialog.nothing.setChecked(True)
    press_enter(qtbot, dialog)
    assert not dialog.isVisible() and get_problem(ws.db, problem.finding_id, today=TODAY).exposure
    assert [r.verdict for r in review.photo_reviews(ws.db, problem.finding_id)] == ["clear", "clear"]


def test_faces_arriving_after_the_tick_take_it_back(page, problem, ws, qtbot, monkeypatch):
    """ "No faces or plates" ticked before the detector answered: its faces still have to be seen and decided."""
    monkeypatch.setattr(facedetect, "_detector", lambda: (None, "稍后"))
    assert page.select(problem.finding_id)
    dialog = page.actions.approve()
    qtbot.waitUntil(lambda: dialog.faces.text() == dialog.tr("Face suggestions unavailable: look for faces yourself."))
    one = dialog.current_photo()
    dialog.nothing.setChecked(True)
    dialog._suggested((one, facedetect.Suggestions(rects=((100, 100, 80, 80),))))  # the late answer
    assert not dialog.nothing.isChecked() and dialog.canvas.suggestions == [(100, 100, 80, 80)]
    assert not dialog.state(one).decided()


def test_editing_masks_keeps_every_photo_looked_at(page, problem, ws, qtbot):
    one, two = problem.photos
    review.approve_exposure(ws.db, problem.finding_id, masks={one: [PLATE]}, clear=[two])
    page.actions.ctx.changes.announce("problems")
    qtbot.waitUntil(lambda: page.select(problem.finding_id) and page.actions.current().exposure)
    dialog = page.actions.edit_masks()
    assert dialog.canvas.rects == [PLATE] and dialog.canvas.suggestions == []  # looked at already: no detector run
    dialog.canvas.clear()
    press_enter(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.is_error()  # no masks and not ticked: not a look
    dialog.canvas.undo()
    dialog.nothing.setChecked(True)
    events = ws.db.execute("SELECT COUNT(*) FROM problem_events").fetchone()[0]
    press_enter(qtbot, dialog)
    assert not dialog.isVisible()
    assert [r.verdict for r in review.photo_reviews(ws.db, problem.finding_id)] == ["clear", "clear"]
    assert ws.db.execute("SELECT COUNT(*) FROM problem_events").fetchone()[0] == events + 1  # the unchanged photo not
