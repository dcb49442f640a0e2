"""The field exchange page: the passphrase on first export, exporting through the page, the status bar."""

from __future__ import annotations

import threading

from inspector import workspace
from inspector.exchange import keys, registry
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.register import sites
from ui.exchange.export_dialog import ExportDialog
from ui.exchange.passphrase import PassphraseDialog

PASSPHRASE = "巡查口令-2026-云栖区"


def pin_an_office(ws, passphrase: str, folder) -> None:
    """Register the laptop at a new office and pin that office's key (a laptop exports only for its office)."""
    office = workspace.init_workspace(folder / "office", role="office")
    keys.init_key(office.db, "office-passphrase-1")
    registry.export_registration(ws, passphrase, folder / "reg.json")
    registry.register_device(office, folder / "reg.json", "office-passphrase-1", trust_out=folder / "trust.json")
    registry.import_trust(ws, folder / "trust.json")
    office.close()


def finish_one(ws, *, code: str = "YX-003") -> str:
    """A finished inspection with every item passed; returns its id."""
    site = sites.get_site(ws.db, code)
    found = inspections.start_inspection(ws.db, site_id=site.id, inspector_id=ws.inspector["id"], mode="announced")
    for item in inspections.inspection_checklist(ws.db, found).items:
        inspections.record_finding(ws.db, found.id, item.code, outcome="pass")
    inspections.finish_inspection(ws.db, found.id)
    return found.id


def test_first_export_sets_the_passphrase_then_exports_through_the_page(ctx, qtbot, tmp_path):
    from ui.exchange.exchange_page import ExchangePage

    finish_one(ctx.workspace)
    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.pending.text().startswith("尚未导出：1 次检查")
    assert page.exports.rowCount() == 0 and "还没有签名密钥" in page.keys.key_line.text()

    setter = page.start_export()
    assert isinstance(setter, PassphraseDialog)
    setter.new.setText("短口令")
    setter.confirm.setText("短口令")
    assert not setter.submit() and "口令太短" in setter.message.text() and keys.key_info(ctx.db) is None
    setter.new.setText(PASSPHRASE)
    setter.confirm.setText(PASSPHRASE + "x")
    assert not setter.submit() and "不一致" in setter.message.text()
    setter.new.setText(PASSPHRASE)
    setter.confirm.setText(PASSPHRASE)
    assert setter.submit() and keys.key_info(ctx.db) is not None
    assert "本机密钥" in page.keys.key_line.text()

    dialog = page.dialog  # the export dialog follows at once
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.folder.set_path(str(usb))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert "还没有导入督查科的信任文件" in dialog.message.text() and list(usb.iterdir()) == []
    pin_an_office(ctx.workspace, PASSPHRASE, tmp_path)
    dialog.passphrase.setText("not-the-passphrase")
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert "口令不正确" in dialog.message.text() and dialog.message.is_error()
    assert dialog.passphrase.text() == "" and list(usb.iterdir()) == [] and export.list_exports(ctx.db) == []

    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.exported, timeout=15_000) as done:
        dialog.start()
    result = done.args[0]
    assert [p.name for p in usb.iterdir()] == [result.path.split("/")[-1]] and result.seq == 1
    assert dialog.headline.text() == "第 1 号数据包已导出"
    assert page.pending.text() == "所有记录都已导出。"
    assert export.unexported_count(ctx.db) == {"revisions": 0, "findings": 0, "inspections": 0}
    assert page.exports.rowCount() == 1 and page.history_title.text() == "已导出的数据包：1 个"
    assert page.exports.data(page.exports.index(0, 3)) == "1" and page.exports.data(page.exports.index(0, 2)) == "增量"
    assert "第 1 号数据包已写入" in page.message.text()

    nothing = ExportDialog(ctx, page)  # nothing new: the core says so, and nothing is written
    qtbot.addWidget(nothing)
    nothing.folder.set_path(str(usb))
    nothing.passphrase.setText(PASSPHRASE)
    nothing.start()
    qtbot.waitUntil(lambda: not nothing.running(), timeout=10_000)
    assert "没有尚未导出的记录" in nothing.message.text() and len(list(usb.iterdir())) == 1


def test_status_bar_counts_what_is_not_exported(ctx, qtbot, tmp_path):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    labels = [window.rail.item(i).text() for i in range(window.rail.count())]
    assert labels == ["任务", "点位", "检查记录", "负面清单", "数据交换", "设置"]
    assert "未导出 0 条" in window.status.text()
    inspection_id = finish_one(ctx.workspace)
    ctx.changes.announce("inspections", "findings")
    answered = len(inspections.current_findings(ctx.db, inspection_id))
    assert f"未导出 {answered} 条" in window.status.text()
    keys.init_key(ctx.db, PASSPHRASE)
    pin_an_office(ctx.workspace, PASSPHRASE, tmp_path)
    export.export_bundle(ctx.workspace, tmp_path, PASSPHRASE)
    ctx.changes.announce("exports")
    assert "未导出 0 条" in window.status.text()
    assert window.open_page("exchange").exports.rowCount() == 1


def test_cancelling_an_export_writes_nothing(ctx, qtbot, tmp_path):
    finish_one(ctx.workspace)
    keys.init_key(ctx.db, PASSPHRASE)
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.folder.set_path(str(usb))
    dialog.passphrase.setText(PASSPHRASE)
    release = threading.Event()
    for _ in range(ctx.runner.pool.maxThreadCount()):  # keep the pool busy so the export waits in the queue
        ctx.runner.start(lambda _token: release.wait(10))
    dialog.start()
    assert dialog.running()
    dialog.reject()  # Escape or the window's close button while running: cancel, keep the dialog
    assert dialog.stage.text() == "正在取消…" and not dialog.cancel_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.message.text() == "导出已取消，未写入任何文件。"
    assert list(usb.iterdir()) == [] and export.list_exports(ctx.db) == []
