"""One language at a time: no exception class names or OS English in the Chinese UI, no Chinese in the English UI."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from inspector.field import inspections
from inspector.register import sites
from tests.ui.test_widgets_photos import drop_files, make_jpeg
from ui import i18n
from ui.widgets import dates, messages, refusals

JARGON = re.compile(r"\b\w*(Error|Exception)\b|Traceback|Truncated File|errno|image file is", re.IGNORECASE)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def english(qapp):
    i18n.install("en")
    yield
    i18n.install("zh_CN")


def test_a_truncated_photo_and_a_wrong_file_are_named_without_jargon(ctx, qtbot, tmp_path):
    from ui.runner.runner import ChecklistRunner

    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    started = inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced")
    runner = ChecklistRunner(ctx, started.id)
    qtbot.addWidget(runner)
    runner.resize(1130, 760)
    runner.show()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    qtbot.keyClick(runner.table, Qt.Key.Key_Up)  # answering moved on to the next unanswered item: back to the failure
    whole = make_jpeg(tmp_path / "whole.jpg").read_bytes()
    cut = tmp_path / "IMG_0101.jpg"
    cut.write_bytes(whole[:200])  # the decoder says "OSError: Truncated File Read"
    half = tmp_path / "IMG_0102.jpg"
    half.write_bytes(whole[: len(whole) // 2])  # ... and "image file is truncated"
    wrong = tmp_path / "IMG_0103.jpg"
    wrong.write_bytes(b"PK\x03\x04 a zip file renamed")
    drop_files(runner, [cut, half, wrong])
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    text = runner.messages.text()
    assert runner.messages.level == "error"
    assert all(name in text for name in ("IMG_0101.jpg", "IMG_0102.jpg", "IMG_0103.jpg"))
    assert "损坏或不完整" in text and JARGON.search(text) is None


def test_unexpected_failures_get_a_sentence_not_a_class_name(qapp):
    i18n.install("zh_CN")
    for exc in (OSError(22, "Invalid argument"), OSError("Truncated File Read"), KeyError("photo"), RuntimeError()):
        text = messages.error_sentence(exc)
        assert text and JARGON.search(text) is None and "Invalid argument" not in text


def test_dates_in_chinese_are_written_the_chinese_way(qapp):
    i18n.install("zh_CN")
    assert dates.long_date(date(2026, 12, 6)) == "2026年12月6日"
    assert dates.long_date(None) == ""


def test_a_deadline_and_a_refusal_in_english_have_no_chinese(english):
    from ui.office.verdicts import VerdictRow, VerdictsModel
    from ui.runner.summary import ProblemsModel

    assert dates.long_date(date(2026, 12, 6)) == "6 Dec 2026"
    assert (dates.days_text(1), dates.days_text(3)) == ("1 day", "3 days")
    line = SimpleNamespace(index=1, item=SimpleNamespace(text="路面散落垃圾", rectify_days=1), note="", count=1)
    line.deadline, line.deduction, line.responsible_unit = date(2026, 12, 6), 0.5, ""
    problems = ProblemsModel([line])
    assert problems.index(0, ProblemsModel.DEADLINE).data() == "6 Dec 2026 (1 day)"

    rejected = VerdictRow(
        "3-tampered.ibundle", "rejected", "数据包内容与签名清单中的哈希不符", "", "", 1, code="payload_hash"
    )
    duplicate = VerdictRow(
        "2-again.ibundle", "duplicate", "这个数据包（序号 1）已经导入过", "", "", 1, code="duplicate"
    )
    odd = VerdictRow("x.ibundle", "rejected", "未知原因", "", "", None, code="no_such_code")
    model = VerdictsModel()
    model.set_rows([rejected, duplicate, odd])
    shown = [model.index(row, column).data() for row in range(3) for column in range(model.columnCount())]
    assert all(CJK.search(text or "") is None for text in shown)
    assert "changed or damaged" in model.index(0, model.columnCount() - 1).data()
    assert refusals.reason_text("payload_hash", "中文原因") != "中文原因"


def test_refusals_in_chinese_keep_the_cores_detailed_sentence(qapp):
    i18n.install("zh_CN")
    assert refusals.reason_text("duplicate", "这个数据包（序号 7）已经导入过，未做任何改动") == (
        "这个数据包（序号 7）已经导入过，未做任何改动"
    )
    assert set(refusals.REASONS) >= {"duplicate", "signature", "payload_hash", "equivocation", "revoked", "stale"}
