"""State colours follow the desktop palette: every state stays readable (WCAG contrast ≥ 4.5) in light and dark."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from inspector import clock
from inspector.oversight.review import confirm
from tests.office_kit import BOARD_ITEM, WEEK_ITEM, inspect, problem_of
from ui.widgets import colors

TODAY = date(2026, 11, 20)


def make_palette(window: str, base: str, alternate: str, text: str) -> QPalette:
    """A palette like a desktop theme's: window, base (views), alternate rows and text."""
    palette = QPalette(QColor(window))
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, alternate),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.ButtonText, text),
    ):
        palette.setColor(role, QColor(colour))
    return palette


LIGHT = ("#efefef", "#ffffff", "#f7f7f7", "#000000")
DARK = ("#2d2d2d", "#1e1e1e", "#262626", "#e6e6e6")
GREY_DARK = ("#3c3f41", "#45494a", "#4e5254", "#bbbbbb")  # a dim dark theme (lighter views, greyer text)


@pytest.fixture
def dark(qapp):
    """The application in a dark palette (restored afterwards)."""
    before = QGuiApplication.palette()
    QGuiApplication.setPalette(make_palette(*DARK))
    yield QGuiApplication.palette()
    QGuiApplication.setPalette(before)


@pytest.mark.parametrize("theme", [LIGHT, DARK, GREY_DARK], ids=["light", "dark", "grey-dark"])
@pytest.mark.parametrize("state", colors.STATES)
def test_every_state_reads_on_its_backgrounds(qapp, theme, state):
    palette = make_palette(*theme)
    shade = colors.state(state, palette)
    assert colors.is_dark(palette) == (theme is not LIGHT)
    for background in (palette.base().color(), palette.alternateBase().color(), palette.window().color()):
        assert colors.contrast_ratio(shade.text, background) >= 4.5
    assert colors.contrast_ratio(shade.text_on_background, shade.background) >= 4.5
    assert colors.contrast_ratio(shade.plain_on_background, shade.background) >= 4.5


def test_contrast_ratio_matches_wcag(qapp):
    assert colors.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert colors.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert colors.contrast_ratio(colors.ensure_contrast(QColor("#777777"), QColor("#ffffff")), QColor("#ffffff")) >= 4.5


def cell_contrasts(model, palette: QPalette) -> list[tuple[int, int, float]]:
    """(row, column, contrast) of every cell: the model's colours, else the view's (alternating rows)."""
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            foreground = index.data(Qt.ItemDataRole.ForegroundRole)
            background = index.data(Qt.ItemDataRole.BackgroundRole)
            text = foreground.color() if foreground is not None else palette.text().color()
            views = [background.color()] if background is not None else [palette.base().color()]
            if background is None:
                views.append(palette.alternateBase().color())
            found.append((row, column, min(colors.contrast_ratio(text, v) for v in views)))
    return found


@pytest.fixture
def problems_page(qapp, qtbot, ws, tmp_path, dark):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight.problems_page import ProblemsPage
    from ui.tasks import TaskRunner

    overdue = inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 17), {BOARD_ITEM: 1})
    confirm(ws.db, [problem_of(ws, overdue, item, TODAY).finding_id for item in (WEEK_ITEM, BOARD_ITEM)])
    with clock.travel(clock.at(TODAY, time(10))):
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        page = ProblemsPage(ctx)
        qtbot.addWidget(page)
        page.resize(1130, 760)
        page.show()
        assert page.wait_loaded()
        yield page
        runner.wait()


def test_overdue_rows_read_in_a_dark_palette(problems_page, dark, tmp_path):
    model = problems_page.model
    overdue = [row for row in range(model.rowCount()) if model.record(row).overdue]
    assert len(overdue) == 2 and model.rowCount() == 3
    tint = model.index(overdue[0], 0).data(Qt.ItemDataRole.BackgroundRole).color()
    assert tint.lightness() < 128  # a dark tint, not the light theme's pink under light text
    poor = [cell for cell in cell_contrasts(model, dark) if cell[2] < 4.5]
    assert poor == []
    shot = tmp_path / "problems-dark.png"
    assert problems_page.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_runner_results_and_flags_read_in_a_dark_palette(ctx, qtbot, dark, tmp_path):
    from inspector.field import inspections, session
    from inspector.register import sites
    from ui.runner.runner import ChecklistRunner

    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    started = inspections.start_inspection(
        ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced", place=site.address
    )
    codes = session.load_session(ctx.db, started.id).checklist.codes
    inspections.record_finding(ctx.db, started.id, codes[1], outcome="pass")
    inspections.record_finding(ctx.db, started.id, codes[2], outcome="na")
    runner = ChecklistRunner(ctx, started.id)
    qtbot.addWidget(runner)
    runner.resize(1130, 760)
    runner.show()
    runner.select_code(codes[0])
    qtbot.keyClick(runner.table, Qt.Key.Key_2)  # a failure that needs a photo: the row is flagged
    model = runner.model
    outcomes = {model.index(row, 0).data(model.OUTCOME_ROLE) for row in range(model.rowCount())}
    assert {"pass", "fail", "na"} <= outcomes
    assert any(model.index(row, 0).data(model.FLAG_ROLE) for row in range(model.rowCount()))
    poor = [cell for cell in cell_contrasts(model, dark) if cell[2] < 4.5]
    assert poor == []
    assert runner.grab().save(str(tmp_path / "runner-dark.png"))
    assert runner.messages.text() and "#" not in runner.messages.text()  # the bar shows words in the state's colours


# files that paint on their own fixed background (a photo canvas, the runner's dark header, chart series)
OWN_BACKGROUND = {"widgets/colors.py", "widgets/photos.py", "oversight/mask_canvas.py", "oversight/mask_dialog.py"}
OWN_BACKGROUND |= {"runner/panels.py", "oversight/rankings_charts.py"}
OWN_BACKGROUND |= {"screen_fit.py"}  # defines the dark desktop palette the screen checks use


def test_state_colours_come_from_the_palette_module():
    import re
    from pathlib import Path

    import ui

    root = Path(ui.__file__).parent
    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        if path.relative_to(root).as_posix() not in OWN_BACKGROUND
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hex_colour.search(line)
    ]
    assert found == []
