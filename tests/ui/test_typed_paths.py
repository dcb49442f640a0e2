"""Paths typed (or pasted) by hand into every path field: "/", nothing, a folder, a missing file, control characters,
a name too long for the file system. Each gets a sentence on the form, never an exception (pytest-qt fails a test
on an exception raised in a slot) and nothing is written."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector.exchange import keys, registry, taskpack
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401
from tests.ui import test_oversight_problems as problems
from tests.ui.test_dialog_keys import enter, problems_page, type_text  # noqa: F401 (a fixture)
from tests.ui.test_office import office_ctx  # noqa: F401
from ui.widgets.fields import FOLDER, OPEN_FILE, SAVE_FILE, path_problem

found = problems.found
TOO_LONG = "长" * 300  # 900 bytes: longer than any file name may be


def bad_paths(tmp_path) -> list[str]:
    """What a person may type into a path field, none of it a file to open."""
    return ["/", "", str(tmp_path), str(tmp_path / "无此文件.json"), "a\x00b", "登记\t文件\n", TOO_LONG]


def put(field, text: str) -> None:
    """Type the text into a line edit ("/" key by key, as the issue says; the rest pasted, control characters too)."""
    field.clear()
    if text == "/":
        type_text(field, text)
    else:
        field.insert(text)
    assert field.text() == text


def test_every_kind_of_path_gets_a_verdict(tmp_path):
    (tmp_path / "a.json").write_text("{}")
    for text in [*bad_paths(tmp_path), str(tmp_path / "a.json") + "/"]:
        assert path_problem(text, OPEN_FILE), text
    assert path_problem(str(tmp_path / "a.json"), OPEN_FILE) is None
    assert path_problem(str(tmp_path), FOLDER) is None and path_problem("/", FOLDER) is None
    assert path_problem(str(tmp_path / "a.json"), FOLDER) and path_problem(TOO_LONG, FOLDER)
    assert path_problem(str(tmp_path / "new.json"), SAVE_FILE) is None
    for text in ("/", str(tmp_path), str(tmp_path / "x") + "/", str(tmp_path / "无此文件夹" / "a.json"), "a\x00b"):
        assert path_problem(text, SAVE_FILE), text
    assert path_problem("", OPEN_FILE, required=False) is None


def test_the_register_dialog_paths(office_ctx, ctx, qtbot, tmp_path):  # noqa: F811
    from ui.office.registry_page import RegistryPage

    keys.init_key(ctx.db, FIELD_PASS)
    registration = tmp_path / "laptop.registration.json"
    registry.export_registration(ctx.workspace, FIELD_PASS, registration)
    page = RegistryPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    before = page.devices.rowCount()
    dialog = page.register_laptop()
    type_text(dialog.passphrase, OFFICE_PASS)
    for text in bad_paths(tmp_path):
        put(dialog.registration.edit, text)
        enter(qtbot, dialog.passphrase)
        assert dialog.message.is_error() and "登记文件" in dialog.message.text(), repr(text)
    put(dialog.registration.edit, str(registration))
    for text in ["/", "", str(tmp_path), str(tmp_path / "无此文件夹" / "x.json"), "a\x00b", TOO_LONG]:
        put(dialog.trust.edit, text)
        enter(qtbot, dialog.passphrase)
        assert dialog.message.is_error() and "信任文件" in dialog.message.text(), repr(text)
    assert dialog.isVisible() and page.devices.rowCount() == before and not list(tmp_path.glob("*.trust.json"))


def test_the_folder_fields_of_the_export_registration_and_task_pack_forms(ctx, office_ctx, qtbot, tmp_path):  # noqa: F811
    from ui.exchange.export_dialog import ExportDialog
    from ui.exchange.registration import RegistrationDialog
    from ui.office.draw_page import DrawPage

    keys.init_key(ctx.db, FIELD_PASS)
    exporting, registering = ExportDialog(ctx), RegistrationDialog(ctx)
    page = DrawPage(office_ctx)
    for widget in (exporting, registering, page):
        qtbot.addWidget(widget)
        widget.show()
    page.form.count.setValue(1)
    assert page.form.run_draw() is not None
    type_text(registering.passphrase, "not-the-passphrase")  # "/" is a folder: the passphrase is what stops it
    type_text(page.issue.passphrase, "not-the-passphrase")
    for text in bad_paths(tmp_path):
        for field, press, message in (
            (exporting.folder, exporting.passphrase, exporting.message),
            (registering.folder, registering.passphrase, registering.message),
            (page.issue.folder, page.issue.passphrase, page.issue.message),
        ):
            message.clear()
            put(field.edit, text)
            enter(qtbot, press)
            qtbot.waitUntil(lambda m=message: m.is_error(), timeout=10_000)
    assert not exporting.running()
    qtbot.waitUntil(lambda: registering.save_button.isEnabled() and page.issue.issue_button.isEnabled())
    assert taskpack.list_issued(office_ctx.db) == [] and not list(tmp_path.glob("*.json"))


def test_files_chosen_for_import_trust_and_task_packs(ctx, qtbot, tmp_path):
    from ui.exchange.key_box import KeyBox
    from ui.exchange.taskpack_box import TaskPackBox
    from ui.pages.sites_page import SitesPage

    keys.init_key(ctx.db, FIELD_PASS)
    box, packs, sites_page = KeyBox(ctx), TaskPackBox(ctx), SitesPage(ctx)
    for widget in (box, packs, sites_page):
        qtbot.addWidget(widget)
    for text in bad_paths(tmp_path):
        box.message.clear()
        packs.message.clear()
        assert box.import_trust(text) is None and box.message.is_error()
        assert packs.import_pack(text) is None and packs.message.is_error()
        dialog = sites_page.start_import(text)
        assert not dialog.running() and dialog.headline.text() == "未导入任何数据" and dialog.message.text()
        dialog.accept()


def test_the_rectification_photo(problems_page, found, qtbot, tmp_path):  # noqa: F811 (the fixture)
    problems.select(problems_page, found["yx"])
    dialog = problems_page.actions.rectify()
    dialog.report.setPlainText("已清理")
    for text in bad_paths(tmp_path):
        if not text:
            continue  # the photo is optional
        dialog.message.clear()
        put(dialog.photo.edit, text)
        qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.message.is_error(), repr(text)


def test_the_first_start_folder(qtbot, tmp_path):
    from ui.first_start import FirstStartDialog

    dialog = FirstStartDialog(demo_path=tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.own.setChecked(True)
    dialog.name.setText("张明")
    dialog.inspector_id.setText("I-009")
    for text in ("a\x00b", str(tmp_path / TOO_LONG)):
        dialog.error.clear()
        put(dialog.folder, text)
        enter(qtbot, dialog.folder)
        assert dialog.isVisible() and dialog.error.text(), repr(text)
