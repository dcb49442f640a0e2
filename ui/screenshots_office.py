"""The office month the `screenshots` command shows (and `screenshots --fit`, tests/ui/test_screen_fit.py): built
through the core (inspections with photos at sites in every district, rechecks, review, exposure with a masked plate,
rectification), then the three oversight pages rendered. It ships with the package because the command does.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector import clock
from inspector.ids import from_iso

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from inspector.field.inspections import Inspection
    from inspector.workspace import Workspace
    from ui.tasks import TaskRunner

WEEKS = 6
SITES_PER_DISTRICT = 2
PHOTO_POOL = 6
SUPERVISOR = "督查科 陈喆"


def _inspect(
    ws: Workspace, site_id: str, started: datetime, fail: Callable[[str], bool], photos: list[str], **kw: Any
) -> Inspection:
    """A finished inspection: items for which `fail` says so fail with a photo from the pool, the rest pass."""
    from inspector.field import inspections

    made = inspections.start_inspection(ws.db, site_id=site_id, started_at=started, **kw)
    for n, code in enumerate(inspections.inspection_checklist(ws.db, made).codes):
        moment = started + timedelta(seconds=20 * n)
        if fail(code):
            shot = photos[n % len(photos)]
            count = 1 + n % 3
            inspections.record_finding(
                ws.db, made.id, code, outcome="fail", count=count, note="现场发现", photos=[shot], recorded_at=moment
            )
        else:
            inspections.record_finding(ws.db, made.id, code, outcome="pass", recorded_at=moment)
    return inspections.finish_inspection(ws.db, made.id, finished_at=started + timedelta(minutes=35))


def office_scenery(folder: Path, today: date) -> Workspace:
    """An office workspace with four weeks of checks before `today`, reviewed and partly rectified."""
    from inspector import catalog, forms, workspace
    from inspector.demo.demo import PLATE, synthetic_photo
    from inspector.field import evidence, inspections
    from inspector.oversight import rectification, review
    from inspector.register import inspectors, sites
    from inspector.tracking.problems import list_problems

    rng = random.Random("oversight-screens")
    ws = workspace.init_workspace(folder / "oversight-office", role="office", name="云州市创文办督查科")
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    people = [p.id for p in inspectors.list_inspectors(ws.db)]
    start = clock.at(today - timedelta(days=7 * WEEKS), time(9))
    pool = [
        evidence.import_photo(ws.db, ws.evidence_dir, synthetic_photo(rng, start, n), device_id=ws.device_id).sha256
        for n in range(PHOTO_POOL)
    ]
    first = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    chosen = {d: [s.id for s in sites.list_sites(ws.db, district=d)] for d in sites.districts(ws.db)}
    done = []
    for week in range(WEEKS):
        for n, (_district, ids) in enumerate(sorted(chosen.items())):
            for k in range(SITES_PER_DISTRICT):
                day = first + timedelta(days=7 * week + (n + k) % 5)
                if day >= today:
                    continue
                rate = rng.choice([0.03, 0.06, 0.1]) + 0.02 * n
                started = clock.at(day, time(9 + 2 * k, rng.randint(0, 59)))
                site = ids[(week * SITES_PER_DISTRICT + k) % len(ids)]
                mode = "unannounced" if rng.random() < 0.6 else "announced"
                inspector = people[(n + k) % len(people)]
                found = _inspect(
                    ws, site, started, lambda _c, r=rate: rng.random() < r, pool, inspector_id=inspector, mode=mode
                )
                done.append(found)
    for original in done[: len(done) // 2]:
        failed = {f.item_code for f in inspections.current_findings(ws.db, original.id) if f.outcome == "fail"}
        when = from_iso(original.started_at) + timedelta(days=9)
        if failed and when.date() < today:
            _inspect(
                ws, original.site_id, when, lambda c, f=failed: c in f and rng.random() < 0.3, pool,
                inspector_id=original.inspector_id, mode="announced", recheck_of=original.id,
            )  # fmt: skip
    at = clock.at(today, time(9, 30))
    problems = sorted(list_problems(ws.db, today=today), key=lambda p: (p.found_on, p.reference))
    review.reject(ws.db, problems[3].finding_id, reason="点位核实有误：照片为相邻小区大门", actor=SUPERVISOR, at=at)
    review.confirm(ws.db, [p.finding_id for p in problems[:-3] if p is not problems[3]], actor=SUPERVISOR, at=at)
    exposed = [p for p in problems[:-3] if p is not problems[3] and p.photos][:4]
    for p in exposed:  # every scenery photo shows the demo car: its plate is masked on each
        looks = {sha: review.Look((PLATE,)) for sha in p.photos}
        review.approve_exposure(ws.db, p.finding_id, looks=looks, actor=SUPERVISOR, at=at)
    confirmed = list_problems(ws.db, today=today)
    for p in [p for p in confirmed if p.status in ("open", "overdue")][::4]:
        rectification.record_rectification(
            ws, p.finding_id, report="已安排专人清理并建立巡查台账", reported_on=min(today, p.found_on + timedelta(3))
        )
    return ws


def render_oversight(
    folder: Path, runner: TaskRunner, settings: QSettings, save: Callable[[QWidget, str], None], size: tuple[int, int]
) -> None:
    """Problems with a selected overdue problem, the mask dialog, rankings with charts, a circular previewed."""
    from PySide6.QtWidgets import QApplication

    from inspector.oversight.queries import period_of
    from inspector.oversight.rankings import previous_period
    from ui.context import AppContext, Changes
    from ui.main_window import MainWindow

    today = clock.today()
    ws = office_scenery(folder, today)
    window = MainWindow(AppContext(ws, Changes(), runner, settings))
    window.resize(*size)
    window.show()
    problems = window.open_page("problems")
    problems.wait_loaded()  # the list is read off the UI thread
    overdue = next((p for p in problems.model.records() if p.overdue and p.photos), None)
    if overdue is not None:
        problems.select(overdue.finding_id)
    save(window, "20-office-problems")
    exposed = next(p for p in problems.model.records() if p.exposure and p.masks)
    problems.select(exposed.finding_id)
    dialog = problems.actions.edit_masks()
    if dialog is not None:
        dialog.render_preview()
        runner.wait()
        QApplication.processEvents()
        save(dialog, "21-office-mask")
        dialog.close()
    rankings = window.open_page("rankings")
    rankings.period.set_period(previous_period(period_of("week", today)))
    runner.wait()
    QApplication.processEvents()
    save(window, "22-office-rankings")
    documents = window.open_page("documents")
    documents.generate()
    runner.wait()
    QApplication.processEvents()
    settle_pdf(documents)
    save(window, "23-office-documents")
    window.close()
    ws.close()


def settle_pdf(page: QWidget, seconds: float = 1.0) -> None:
    """Let the PDF view render its pages (QtPdf renders them asynchronously)."""
    import time as clock

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    end = clock.monotonic() + seconds
    while clock.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
