"""`python main.py screenshots --out DIR`: render every main screen offscreen on demo data into PNG files."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from inspector import clock, program
from ui.scenery import seed_field

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from inspector.workspace import Workspace
    from ui.tasks import TaskRunner

SIZE = (1280, 800)


PASSPHRASE = "screenshots-passphrase"
SECOND_DRAW_SEED = "周三暗访-第2轮"


def _finish(ws: Workspace, site_code: str, *, fails: int = 0) -> str:
    """A finished announced inspection of one site (the first `fails` items failed); returns its id."""
    from inspector.demo.demo import synthetic_photo
    from inspector.field import evidence, inspections
    from inspector.register import sites

    rng = random.Random(site_code)
    site = sites.get_site(ws.db, site_code)
    found = inspections.start_inspection(ws.db, site_id=site.id, inspector_id=ws.inspector["id"], mode="announced")
    for n, item in enumerate(inspections.inspection_checklist(ws.db, found).items):
        if n < fails:
            data = synthetic_photo(rng, clock.now(), n)
            sha = evidence.import_photo(ws.db, ws.evidence_dir, data, device_id=ws.device_id).sha256
            inspections.record_finding(ws.db, found.id, item.code, outcome="fail", note="现场发现", photos=[sha])
        else:
            inspections.record_finding(ws.db, found.id, item.code, outcome="pass")
    inspections.finish_inspection(ws.db, found.id)
    return found.id


def _exchange_scenery(laptop: Workspace, folder: Path) -> tuple[Workspace, Path]:
    """An office that registered this laptop and a second one, issued it a task pack, and a USB folder of
    bundles: two good ones, a copy of one, a tampered one, a second bundle under a used number and one whose signature
    does not verify."""
    import shutil

    from inspector import catalog, forms, workspace
    from inspector.envelope import HEADER
    from inspector.exchange import keys, registry, taskpack
    from inspector.exchange.bundle import export
    from inspector.register import draw, inspectors, sites

    office = workspace.init_workspace(folder / "office", role="office", name="云州市创文办督查科")
    types = {t.code: t.name for t in catalog.get_catalog(office.db).site_types}
    sites.import_sites(office.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(office.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    keys.init_key(office.db, PASSPHRASE)
    person = inspectors.list_inspectors(office.db)[1]
    profile = {"id": person.id, "name": person.name, "district": person.district, "unit": person.unit}
    other = workspace.init_workspace(folder / "laptop-b", role="field", inspector=profile)
    sites.import_sites(other.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    for ws in (laptop, other):
        keys.init_key(ws.db, PASSPHRASE)
        registration = folder / f"{ws.device_id}.registration.json"
        registry.export_registration(ws, PASSPHRASE, registration)
        registry.register_device(office, registration, PASSPHRASE, trust_out=registration.with_suffix(".trust"))
        registry.import_trust(ws, registration.with_suffix(".trust"))
    usb = folder / "usb"
    usb.mkdir()
    mine = Path(export.export_bundle(laptop, usb / f"1-{laptop.inspector['name']}.ibundle", PASSPHRASE).path)
    shutil.copy(mine, usb / f"3-{laptop.inspector['name']}-副本.ibundle")
    _finish(other, "YX-004", fails=2)
    shutil.copytree(other.path, folder / "laptop-b-twin")
    theirs = Path(export.export_bundle(other, usb / f"2-{person.name}.ibundle", PASSPHRASE).path)
    data = bytearray(theirs.read_bytes())
    data[-500] ^= 0x01
    (usb / f"4-{person.name}-改动过.ibundle").write_bytes(bytes(data))
    forged = bytearray(theirs.read_bytes())
    forged[HEADER.size + HEADER.unpack(forged[: HEADER.size])[2] + 7] ^= 0x01  # a byte of the signature
    (usb / f"6-{person.name}-签名不符.ibundle").write_bytes(bytes(forged))
    with workspace.open_workspace(folder / "laptop-b-twin") as twin:
        _finish(twin, "TW-002", fails=1)
        export.export_bundle(twin, usb / f"5-{person.name}-同号.ibundle", PASSPHRASE)
    other.close()
    year, week, _ = clock.today().isocalendar()
    made = draw.draw_sites(office.db, count=1, per="district", seed=f"{year}-W{week:02d}")
    team = draw.draw_inspectors(office.db, site_draw_id=made.id, per_site=2, seed=made.seed)
    pack = taskpack.create_taskpack(
        office,
        PASSPHRASE,
        draw_id=team.id,
        mode="unannounced",
        period=f"{year}-W{week:02d}",
        expires=clock.today() + timedelta(days=7),
        out=folder,
    )
    taskpack.import_taskpack(laptop, pack["file"])
    return office, usb


def _render_office(office: Workspace, usb: Path, ctx_args: tuple, save: Callable[[QWidget, str], None]) -> None:
    """The supervisor's screens: bundle import with refused rows, the registry, draws, merged history."""
    from ui.context import AppContext, Changes
    from ui.main_window import MainWindow

    runner, settings = ctx_args
    window = MainWindow(AppContext(office, Changes(), runner, settings))
    window.resize(*SIZE)
    window.show()
    bundles = window.open_page("bundles")
    bundles.start_merge([str(usb)])
    runner.wait()
    bundles.wait_loaded()  # the verdicts kept are read again off the UI thread after the merge
    save(window, "13-office-bundle-import")
    window.open_page("inspectors")
    save(window, "14-office-inspectors")
    draws = window.open_page("draws")
    draws.form.seed.setText(SECOND_DRAW_SEED)
    draws.form.run_draw()
    save(window, "15-office-draws")
    history = window.open_page("history")
    history.wait_loaded()
    history.table.selectRow(0)
    save(window, "16-office-history")
    window.close()


def render(out: Path, language: str = "zh_CN") -> list[Path]:
    """Render the screens into `out`; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from inspector import workspace
    from inspector.field import inspections
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.first_start import FirstStartDialog
    from ui.main_window import MainWindow
    from ui.runner.spot_check import SpotCheckDialog
    from ui.runner.summary import SummaryDialog
    from ui.tasks import TaskRunner
    from ui.widgets.photos import PhotoViewer

    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(language)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first = FirstStartDialog(demo_path=folder / "unused")
        first.open()
        save(first, "01-first-start")
        first.close()

        ws = workspace.init_demo_workspace(folder / "ws")
        finished_id, open_id = seed_field(ws, folder)
        office, usb = _exchange_scenery(ws, folder)
        runner = TaskRunner()
        ctx = AppContext(ws, Changes(), runner, QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()

        tasks = window.open_page("tasks")
        app.processEvents()
        tasks.show_list()
        save(window, "02-tasks")
        dialog = SpotCheckDialog(ctx, window)
        dialog.resize(1000, 680)
        dialog.open()
        dialog.search.insert("市场")
        save(dialog, "03-new-spot-check")
        dialog.close()

        tasks.open_runner(open_id)
        save(window, "04-checklist-runner")
        for code in inspections.inspection_checklist(ws.db, inspections.get_inspection(ws.db, open_id)).codes:
            if code not in {f.item_code for f in inspections.current_findings(ws.db, open_id)}:
                inspections.record_finding(ws.db, open_id, code, outcome="pass")
        summary = SummaryDialog(ctx, open_id, window)
        summary.open()
        save(summary, "05-finish-summary")
        summary.close()

        history = window.open_page("history")
        history.wait_loaded()
        history.select(finished_id)
        detail = inspections.current_findings(ws.db, finished_id)
        failed = [f for f in detail if f.outcome == "fail"]
        if failed:
            history.detail.select_item(failed[0].item_code)
        save(window, "06-history")
        if failed and failed[0].photos:
            viewer = PhotoViewer(ctx, failed[0].photos[0], {"place": "", "site": "", "inspector": ""}, window)
            viewer.open()
            save(viewer, "07-photo-viewer")
            viewer.close()

        save_page = {"sites": "08-sites", "catalog": "09-negative-list", "settings": "10-settings"}
        for key, name in save_page.items():
            window.open_page(key)
            runner.wait()
            save(window, name)

        broken = folder / "点位名册.csv"
        broken.write_text(
            "点位编号,点位名称,点位类型,所属区,街道\nYX-900,新建广场,spaceship,云栖区,明月街道\n"
            "YX-900,,square,,明月街道\n",
            encoding="utf-8",
        )
        report = window.open_page("sites").start_import(str(broken))
        runner.wait()
        app.processEvents()
        save(report, "11-import-report")
        report.close()
        ctx.changes.announce("inspections", "findings")  # the steps above wrote through the core directly
        window.open_page("exchange")
        save(window, "12-exchange")
        window.close()
        _render_office(office, usb, (runner, ctx.settings), save)
        runner.wait()
        from ui.screenshots_office import render_oversight

        render_oversight(folder, runner, ctx.settings, save, SIZE)
        office.close()
        ws.close()
    i18n.install(i18n.DEFAULT_LANGUAGE)
    return written


def save_small(widget: QWidget, path: Path) -> Path:
    """Grab the widget into a PNG of at most 256 colours (text stays sharp: no dithering), small enough to commit."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    with Image.open(BytesIO(bytes(buffer.data()))) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(path, optimize=True)
    return path


def render_fit(
    out: Path, language: str = "zh_CN", *, dark: bool = False, sizes: tuple[tuple[int, int], ...] = ((1366, 768),)
) -> tuple[list[Path], list[str]]:
    """Every page of the laptop and of the office at laptop sizes, into `out`; returns the files written and what
    does not fit (widgets outside the window, clipped text), one line each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui import i18n, screen_fit
    from ui.app import load_image_plugins, use_app_font
    from ui.context import AppContext, Changes
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_app_font(app)
    load_image_plugins()
    if dark:
        app.setPalette(screen_fit.dark_palette())
    i18n.install(language)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenery = screen_fit.build_scenery(folder)
        runner = TaskRunner()
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        number = 0
        for ws in (scenery.field, scenery.office):
            window = MainWindow(AppContext(ws, Changes(), runner, settings))
            window.show()
            for width, height in sizes:
                screen_fit.set_size(window, (width, height))
                for key in screen_fit.walk(window, runner, scenery.open_inspection):
                    if key == "documents":
                        _preview(window.pages[key], runner)
                    number += 1
                    name = f"{number:02d}-{ws.role}-{key}" + (f"-{width}x{height}" if len(sizes) > 1 else "")
                    problems += [f"{name}: {line}" for line in screen_fit.fit_problems(window)]
                    if window.size().toTuple() != (width, height):
                        problems.append(f"{name}: the window needs {window.size().toTuple()}")
                    written.append(save_small(window, out / f"{name}.png"))
            window.close()
        runner.wait()
        scenery.close()
    if dark:
        app.setPalette(app.style().standardPalette())
    i18n.install(i18n.DEFAULT_LANGUAGE)
    return written, problems


def _preview(documents: QWidget, runner: TaskRunner) -> None:
    """The documents page with its circular previewed (the PDF view renders asynchronously)."""
    from ui.screenshots_office import settle_pdf

    documents.generate()
    runner.wait()
    settle_pdf(documents)


def main(argv: list[str]) -> int:
    """Command-line entry used by main.py."""
    parser = argparse.ArgumentParser(prog=program.command("screenshots"), description="render every main screen")
    parser.add_argument("--out", required=True)
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN")
    parser.add_argument("--fit", action="store_true", help="every page at 1366×768, checked for what does not fit")
    parser.add_argument("--dark", action="store_true", help="with a dark palette (with --fit)")
    args = parser.parse_args(argv)
    if not args.fit:
        for path in render(Path(args.out), args.lang):
            print(path)
        return 0
    files, problems = render_fit(Path(args.out), args.lang, dark=args.dark)
    for path in files:
        print(path)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0
