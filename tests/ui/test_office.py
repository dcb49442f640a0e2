"""The office workspace: the rail, bundle import with verdicts, the registry, draws and task packs, merged history."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush

from inspector.exchange import keys, merge, registry, taskpack
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401
from tests.ui.test_widgets_photos import drop_files
from ui.widgets import colors


@pytest.fixture
def office_ctx(office, tmp_path, qapp):
    """An AppContext over a copy of the kit's office (laptops A and B registered, nothing merged yet)."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "office.ini"), QSettings.Format.IniFormat)
    yield AppContext(office, Changes(), runner, settings)
    runner.wait()


def merged(page, qtbot, paths) -> list[tuple[str, str]]:
    """Run an import on the bundles page; (verdict text, file name) rows in the order the table shows them."""
    page.start_merge([str(p) for p in paths])
    qtbot.waitUntil(lambda: not page.running(), timeout=20_000)
    return table_rows(page)


def table_rows(page) -> list[tuple[str, str]]:
    proxy = page.results_proxy
    return [(proxy.index(r, 0).data(), proxy.index(r, 1).data()) for r in range(proxy.rowCount())]


def test_the_office_rail(office_ctx, qtbot):
    from ui.main_window import OFFICE_PAGES, MainWindow

    window = MainWindow(office_ctx)
    qtbot.addWidget(window)
    labels = [window.rail.item(i).text() for i in range(window.rail.count())]
    assert labels == [
        "数据包导入",
        "督查员",
        "抽签与任务包",
        "问题与整改",
        "排名",
        "文书",
        "检查记录",
        "点位",
        "负面清单",
        "设置",
    ]
    assert isinstance(OFFICE_PAGES, tuple) and "未导出" not in window.status.text()
    window.show()
    for spec in OFFICE_PAGES:  # every page builds on office data
        assert window.open_page(spec.key).isVisible()


def test_a_folder_with_good_duplicate_and_tampered_bundles(office_ctx, kit, qtbot, tmp_path):
    from ui.office.bundles_page import BundlesPage

    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(kit.bundles["a1"], usb / "1-good.ibundle")
    shutil.copy(kit.bundles["a1"], usb / "2-again.ibundle")
    data = bytearray(kit.bundles["b1"].read_bytes())
    data[-300] ^= 0x01
    (usb / "3-tampered.ibundle").write_bytes(bytes(data))
    (usb / "notes.txt").write_text("not a bundle")
    page = BundlesPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    rows = merged(page, qtbot, [usb])
    assert rows == [("已拒收", "3-tampered.ibundle"), ("已导入", "1-good.ibundle"), ("已导入过", "2-again.ibundle")]
    proxy = page.results_proxy
    background = proxy.index(0, 3).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == colors.state("failed").background
    assert proxy.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "哈希" in proxy.index(0, 6).data() and proxy.index(0, 2).data() == "李静"
    assert proxy.index(1, 5).data().startswith("检查 2 次 · 结果 70 条")
    assert page.message.is_error() and page.message.text().startswith(
        "共 3 个数据包：已导入 1 个，已导入过 1 个，已拒收 1 个"
    )
    assert page.wait_loaded() and page.history.rowCount() == 3 == len(merge.list_verdicts(office_ctx.db))
    assert page.history_title.text() == "办公室保存的全部核验结论：3 条"

    drop_files(page, [kit.bundles["b2"]])  # B's second bundle without its first: imported, the gap is named
    qtbot.waitUntil(lambda: not page.running(), timeout=20_000)
    assert table_rows(page) == [("已导入", "b2.ibundle")]
    assert page.results_proxy.index(0, 6).data() == "这台笔记本缺少序号 1 的数据包"
    assert page.message.text() == "共 1 个数据包：已导入 1 个，已导入过 0 个，已拒收 0 个，已隔离 0 个。"

    (tmp_path / "empty").mkdir()
    assert page.start_merge([str(tmp_path / "empty")]) is None and "没有找到数据包文件" in page.message.text()


def test_a_merge_refreshes_what_shows_inspections_and_a_refused_one_does_not(office_ctx, kit, qtbot):
    from ui.office.bundles_page import BundlesPage
    from ui.pages.history_page import HistoryPage

    history = HistoryPage(office_ctx)
    qtbot.addWidget(history)
    history.show()
    assert history.wait_loaded() and history.model.rowCount() == 0
    page = BundlesPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    heard: list[frozenset[str]] = []
    office_ctx.changes.changed.connect(heard.append)
    assert merged(page, qtbot, [kit.bundles["a1"]]) == [("已导入", "a1.ibundle")]
    assert heard == [merge.MERGED.kinds]
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=20_000)  # refreshed with no manual refresh
    assert history.wait_loaded()
    reads: list[bool] = []
    history.refresh = lambda: reads.append(True)  # type: ignore[method-assign]
    assert merged(page, qtbot, [kit.bundles["a1"]]) == [("已导入过", "a1.ibundle")]
    assert heard[-1] == merge.RECORDED.kinds == {"verdicts", "devices"}  # only the verdict: the history stays
    assert reads == []


def test_the_verdicts_kept_are_read_a_page_at_a_time_in_the_order_asked(office_ctx, qtbot):
    from inspector.exchange.bundle.verify import Verdict
    from inspector.store import transaction
    from ui.office.bundles_page import BundlesPage

    kinds = ("imported", "rejected", "duplicate", "quarantined")
    with transaction(office_ctx.db) as conn:
        for n in range(480):
            verdict = Verdict(f"usb/{n}.ibundle", kinds[n % 4], "x", "原因")
            merge._insert_verdict(conn, verdict, f"2026-11-01T00:{n // 60:02d}:{n % 60:02d}Z")
    page = BundlesPage(office_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert page.wait_loaded()
    model = page.history
    assert model.rowCount() == model.PAGE_SIZE < model.total == 480  # the first page only
    assert page.history_title.text() == "办公室保存的全部核验结论：480 条"
    assert [model.record(r).name for r in range(2)] == ["479.ibundle", "478.ibundle"]  # newest first
    page.history_view.scrollToBottom()  # the view asks for the next page
    qtbot.waitUntil(lambda: model.rowCount() == 2 * model.PAGE_SIZE)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 480 and len({r.order for r in model.records()}) == 480  # no repeats, no gaps

    header = page.history_view.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by verdict: refused first, newest first in each
    assert page.wait_loaded() and model.rowCount() == model.PAGE_SIZE
    assert [(model.record(r).verdict, model.record(r).name) for r in range(2)] == [
        ("quarantined", "479.ibundle"),
        ("quarantined", "475.ibundle"),
    ]
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # the laptop column: the core does not order by it
    assert page.wait_loaded() and model.order == "verdict"
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)


def test_cancel_stops_between_bundles(office_ctx, kit, qtbot, monkeypatch):
    from ui.office.bundles_page import BundlesPage

    page = BundlesPage(office_ctx)
    qtbot.addWidget(page)
    merge_paths = merge.merge_paths

    def merge_then_cancel(ws, paths, **kwargs):
        verdicts = merge_paths(ws, paths, **kwargs)
        page.cancel()  # pressed while the first bundle was being merged
        return verdicts

    monkeypatch.setattr(merge, "merge_paths", merge_then_cancel)
    release = threading.Event()
    for _ in range(office_ctx.runner.pool.maxThreadCount()):  # hold the pool so the merge starts after page.task is set
        office_ctx.runner.start(lambda _token: release.wait(10))
    page.start_merge([str(kit.bundles[name]) for name in ("a1", "a2", "a3", "b1")])
    assert page.running() and not page.progress_row.isHidden()
    release.set()
    qtbot.waitUntil(lambda: not page.running(), timeout=20_000)
    assert table_rows(page) == [("已导入", "a1.ibundle")]
    assert page.message.text().startswith("已停止。共 1 个数据包：已导入 1 个") and page.progress_row.isHidden()
    assert office_ctx.db.execute("SELECT COUNT(*) FROM received_bundles").fetchone()[0] == 1


def test_register_a_laptop_and_revoke_its_key(office_ctx, ctx, qtbot, tmp_path):
    from ui.exchange.key_box import KeyBox
    from ui.office.registry_page import RegistryPage

    keys.init_key(ctx.db, FIELD_PASS)  # the demo laptop: its own side through its own page
    laptop = KeyBox(ctx)
    qtbot.addWidget(laptop)
    exported = laptop.export_registration()
    exported.folder.set_path(str(tmp_path))
    exported.passphrase.setText(FIELD_PASS)
    with qtbot.waitSignal(exported.written, timeout=10_000) as written:
        exported.start()
    registration = written.args[0]
    assert registration.endswith(".registration.json") and "登记文件已写入" in laptop.message.text()

    page = RegistryPage(office_ctx)
    qtbot.addWidget(page)
    assert page.devices.rowCount() == 2 and "办公室密钥" in page.key_line.text()
    dialog = page.register_laptop()
    dialog.registration.set_path(registration)
    assert dialog.trust.path().endswith(".trust.json")
    dialog.passphrase.setText("wrong-office-pass")
    dialog.start()
    qtbot.waitUntil(lambda: dialog.register_button.isEnabled(), timeout=10_000)
    assert "口令不正确" in dialog.message.text() and page.devices.rowCount() == 2
    dialog.passphrase.setText(OFFICE_PASS)
    with qtbot.waitSignal(dialog.registered, timeout=10_000):
        dialog.start()
    assert page.devices.rowCount() == 3 and "已登记" in page.message.text()
    device = page.selected_device()
    assert device["device_id"] == ctx.workspace.device_id and device["inspector_name"] == "张明"

    laptop.import_trust(dialog.trust.path())
    qtbot.waitUntil(lambda: "已信任" in laptop.office_line.text(), timeout=10_000)
    assert registry.pinned_office_key(ctx.db).key_id == keys.key_info(office_ctx.db).key_id

    revoke = page.revoke_selected()
    assert revoke.after.value() == 0
    revoke.after.setValue(3)
    assert revoke.confirm()
    assert registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq == 3
    row = page.devices.records().index(page.selected_device())
    assert page.devices.data(page.devices.index(row, page.devices.STATUS)).startswith("已吊销：序号 3 之后不再接收")
    assert "密钥已吊销" in page.message.text()
    assert len(page.history.text().splitlines()) == 2 and page.reinstate_button.isEnabled()

    tighter = page.revoke_selected()  # a revocation only tightens: the number cannot go above 3
    assert tighter.after.maximum() == 3 and "3" in tighter.message.text()
    tighter.after.setValue(2)
    tighter.reason.setText("核实后收紧")
    assert tighter.confirm() and registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq == 2
    back = page.reinstate_selected()
    assert back.lift.isChecked() and not back.after.isEnabled()
    assert not back.confirm() and "原因" in back.message.text()
    back.lift.setChecked(False)
    back.after.setValue(5)
    back.reason.setText("笔记本已找回")
    assert back.confirm() and registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq == 5
    lines = page.history.text().splitlines()
    assert len(lines) == 4 and "核实后收紧" in lines[2] and "笔记本已找回" in lines[3] and "2" in lines[3]
    assert device["device_name"] in page.message.text() and not page.message.is_error()


def test_a_trust_file_for_another_office_key_asks_before_a_reset(office_ctx, ctx, kit, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from ui.exchange.key_box import KeyBox

    keys.init_key(ctx.db, FIELD_PASS)
    ours = tmp_path / "ours.trust.json"
    registry.export_registration(ctx.workspace, FIELD_PASS, tmp_path / "reg.json")
    registry.register_device(office_ctx.workspace, tmp_path / "reg.json", OFFICE_PASS, trust_out=ours)
    other = kit.other_office_copy(tmp_path / "other")
    registry.register_device(other, tmp_path / "reg.json", OFFICE_PASS, trust_out=tmp_path / "theirs.trust.json")
    theirs = keys.key_info(other.db).key_id
    other.close()
    laptop = KeyBox(ctx)
    qtbot.addWidget(laptop)
    laptop.import_trust(str(ours))
    qtbot.waitUntil(lambda: "已信任" in laptop.office_line.text(), timeout=10_000)
    pinned = registry.pinned_office_key(ctx.db).key_id
    laptop.import_trust(str(tmp_path / "theirs.trust.json"))
    qtbot.waitUntil(lambda: laptop.confirm is not None and laptop.confirm.isVisible(), timeout=10_000)
    assert pinned in laptop.confirm.informativeText() and theirs in laptop.confirm.informativeText()
    laptop.confirm.button(QMessageBox.StandardButton.No).click()
    assert registry.pinned_office_key(ctx.db).key_id == pinned and "未导入" in laptop.message.text()
    laptop.import_trust(str(tmp_path / "theirs.trust.json"))
    qtbot.waitUntil(lambda: laptop.confirm.isVisible(), timeout=10_000)
    laptop.confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: registry.pinned_office_key(ctx.db).key_id == theirs, timeout=10_000)


def test_draw_and_issue_a_task_pack(office_ctx, qtbot, tmp_path):
    from ui.office.draw_page import DrawPage

    page = DrawPage(office_ctx)
    qtbot.addWidget(page)
    assert not page.issue.issue_button.isEnabled()
    page.form.count.setValue(1)
    page.form.seed.setText("w48")
    made = page.form.run_draw()
    assert made.kind == "inspectors" and made.seed == "w48"
    assert "<b>w48</b>（指定）· 候选督查员 3 名" in page.seed_line.text() and page.draws.rowCount() == 2
    rows = page.result.records()
    assert len(rows) == 4 and all(len(r.inspectors) == 2 for r in rows)
    assert len({r.district for r in rows}) == 4  # one per district
    page.form.count.setValue(99)
    assert page.form.run_draw() is None and "不足" in page.form.message.text()

    page.issue.folder.set_path(str(tmp_path))
    page.issue.passphrase.setText("wrong-office-pass")
    page.issue.issue()
    qtbot.waitUntil(lambda: page.issue.issue_button.isEnabled(), timeout=10_000)
    assert "口令不正确" in page.issue.message.text() and taskpack.list_issued(office_ctx.db) == []
    page.issue.passphrase.setText(OFFICE_PASS)
    with qtbot.waitSignal(page.issue.issued, timeout=10_000) as issued:
        page.issue.issue()
    pack = issued.args[0]
    assert pack["draw"]["seed"] == "w48" and pack["counts"]["tasks"] == 8 and pack["mode"] == "unannounced"
    assert (tmp_path / "任务包-v0001.itask").is_file() and page.issue.model.rowCount() == 1
    assert page.issue.message.text().startswith("任务包 v1（8 项任务）已保存")


def test_a_merged_inspection_shows_its_laptop_and_bundle(office_ctx, kit, qtbot):
    from ui.pages.history_page import HistoryPage

    verdicts = merge.merge_paths(office_ctx.workspace, [kit.bundles["a1"], kit.bundles["a2"]])
    assert [v.verdict for v in verdicts] == ["imported", "imported"]
    page = HistoryPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.wait_loaded() and page.model.rowCount() == 3
    first = office_ctx.db.execute("SELECT inspection_id FROM inspection_sources WHERE seq = 1").fetchone()[0]
    assert page.select(first)
    text = page.detail.sources.text()
    assert text.startswith("来源：张明的笔记本（督查员 I-001，设备") and "第 1 号数据包" in text
    bundle_id = verdicts[0].manifest["bundle_id"]
    assert bundle_id[:13] in text
    assert page.detail.edit_button.isHidden()  # merged field records are not edited in the office
    assert "请核实时间" not in text


def test_a_merged_inspection_with_doubtful_times_is_marked(office_ctx, kit, qtbot):
    from inspector import timecheck
    from inspector.store import transaction
    from ui.pages.history_page import HistoryPage

    merge.merge_paths(office_ctx.workspace, [kit.bundles["a1"]])
    first = office_ctx.db.execute("SELECT inspection_id FROM inspection_sources WHERE seq = 1").fetchone()[0]
    with transaction(office_ctx.db) as conn:  # as if its bundle had been signed before the inspection began
        assert timecheck.flag_merged(conn, [first], signed_at="2026-11-01T00:00:00Z", bundle_id="b") == 1
    page = HistoryPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.wait_loaded() and page.select(first)
    text = page.detail.sources.text()
    assert (
        "来源：张明的笔记本" in text
        and "请核实时间：记录时间" in text
        and "晚于数据包签名时间 2026-11-01 08:00" in text
    )


def test_a_verdict_row_names_the_sender_only_when_the_signature_verified():
    from inspector.exchange.bundle.verify import Verdict
    from ui.office.verdicts import VerdictsModel, from_record, from_verdict

    devices = {"k" * 32: {"inspector_name": "张明", "inspector_id": "I-001", "device_name": "张明的笔记本"}}
    claims = {"key_id": "k" * 32, "inspector_id": "I-001", "device_name": "笔记本\x1b[2J", "seq": 3}
    refused = Verdict("usb/\x1b[31mx.ibundle", "rejected", "signature", "签名无效\u202e", manifest=claims)
    row = from_verdict(refused, devices)  # what the file says, never the registered laptop its key id names
    assert (row.inspector, row.device, row.seq, row.claimed) == ("I-001", "笔记本?[2J", 3, True)
    assert row.name == "?[31mx.ibundle" and row.reason == "签名无效?"
    model = VerdictsModel()
    model.set_rows([row])
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert any("I-001" in text and text != "I-001" for text in shown), shown  # marked as a claim
    assert "张明" not in "".join(shown)
    verified = Verdict("a.ibundle", "rejected", "revoked", "已吊销", manifest=claims, verified=True)
    assert (from_verdict(verified, devices).inspector, from_verdict(verified, devices).seq) == ("张明", 3)
    record = {
        "file_name": "b\x1b.ibundle",
        "verdict": "rejected",
        "reason": "r",
        "key_id": None,
        "seq": None,
        "counts": {"claimed": {"key_id": "k" * 32, "seq": 3}},
        "checked_at": "2026-11-23T01:00:00Z",
    }
    kept = from_record(record, devices)
    assert (kept.inspector, kept.device, kept.seq, kept.name, kept.claimed) == ("", "", 3, "b?.ibundle", True)
