"""A wrong clock is noticed: warnings on the laptop, flags on merged inspections in the office."""

from __future__ import annotations

import shutil
from datetime import datetime, time, timedelta

import pytest

from inspector import clock, timecheck, workspace
from inspector.cli import main as cli
from inspector.exchange import merge, taskpack
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.register import draw
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401


def _wednesday_after_the_kit() -> datetime:
    """10:00 city time on a Wednesday after the shared scenery was built (it records at the machine's now)."""
    day = clock.today() + timedelta(days=8)
    return clock.at(day + timedelta(days=2 - day.weekday()), time(10))


NOW = _wednesday_after_the_kit()
WEEK = f"{NOW.isocalendar().year}-W{NOW.isocalendar().week:02d}"


def shown(moment: datetime) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M")


def make_pack(office, tmp_path):
    made = draw.draw_sites(office.db, count=2, per="district", seed="w")
    team = draw.draw_inspectors(office.db, site_draw_id=made.id, seed="w")
    return taskpack.create_taskpack(
        office, OFFICE_PASS, draw_id=team.id, mode="unannounced", period=WEEK, expires="2099-12-31", out=tmp_path
    )


@pytest.fixture
def laptop(kit, tmp_path):
    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    ws = workspace.open_workspace(tmp_path / "laptop")
    yield ws
    ws.close()


def test_a_pack_signed_in_the_laptops_future_is_imported_with_a_warning(office, laptop, tmp_path, capsys):
    with clock.travel(NOW + timedelta(days=2)):  # the office's clock is right; the laptop's is two days behind
        pack = make_pack(office, tmp_path)
    with clock.travel(NOW):
        code = cli(["--workspace", str(laptop.path), "taskpack", "import", pack["file"]])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"警告：任务包的签发时间 {shown(NOW + timedelta(days=2))}") and "电脑时钟可能慢了" in out
    assert "已导入任务包版本 1" in out
    assert taskpack.list_tasks(laptop.db, everyone=True)  # the tasks are there: a warning, not a refusal


def test_a_pack_signed_a_few_minutes_ahead_is_no_news(office, laptop, tmp_path):
    with clock.travel(NOW + timedelta(minutes=3)):
        pack = make_pack(office, tmp_path)
    with clock.travel(NOW):
        assert taskpack.import_taskpack(laptop, pack["file"])["warnings"] == []


def test_starting_earlier_than_the_last_record_warns(office, laptop, tmp_path, capsys):
    with clock.travel(NOW):
        pack = make_pack(office, tmp_path)
        taskpack.import_taskpack(laptop, pack["file"])
        first, second = taskpack.list_tasks(laptop.db)[:2]
        taskpack.start_task(laptop.db, first.id)
        assert timecheck.check_start(laptop.db) is None
    with clock.travel(NOW - timedelta(days=1, hours=3)):  # the battery died and the clock went back
        warning = timecheck.check_start(laptop.db)
        assert warning is not None and warning.code == "behind"
        code = cli(["--workspace", str(laptop.path), "tasks", "start", second.id])
    out = capsys.readouterr().out
    earlier, last = shown(NOW - timedelta(days=1, hours=3)), shown(NOW)
    assert code == 0 and out.startswith(f"警告：检查开始时间 {earlier} 早于本机上一次记录的时间 {last}")


def _finish(ws, inspection_id):
    for item in inspections.inspection_checklist(ws.db, inspections.get_inspection(ws.db, inspection_id)).codes:
        inspections.record_finding(ws.db, inspection_id, item, outcome="pass")
    inspections.finish_inspection(ws.db, inspection_id)


def test_the_office_flags_inspections_outside_their_period_or_after_signing(office, laptop, tmp_path):
    with clock.travel(NOW):
        pack = make_pack(office, tmp_path)  # for this week
        taskpack.import_taskpack(laptop, pack["file"])
        tasks = taskpack.list_tasks(laptop.db)
        in_time = taskpack.start_task(laptop.db, tasks[0].id)
        _finish(laptop, in_time.id)
    with clock.travel(NOW + timedelta(days=8)):  # done in the next week: outside the task's period
        late = taskpack.start_task(laptop.db, tasks[1].id)
        _finish(laptop, late.id)
    with clock.travel(NOW + timedelta(days=1)):  # the laptop's clock is set back before the export
        made = export.export_bundle(laptop, tmp_path / "out", FIELD_PASS)
    with clock.travel(NOW + timedelta(days=9)):
        verdict = merge.merge_bundle(office, made.path)
    assert verdict.verdict == "imported" and verdict.counts["new"]["time_flags"] == 2
    assert timecheck.flags_of(office.db, in_time.id) == []
    flags = timecheck.flags_of(office.db, late.id)
    assert [f["kind"] for f in flags] == ["after_signing", "outside_period"]
    assert f"晚于数据包签名时间 {shown(NOW + timedelta(days=1))}" in flags[0]["detail"]
    late_day = clock.local(NOW + timedelta(days=8)).date().isoformat()
    assert (
        f"检查日期 {late_day} 不在任务期间 {NOW.isocalendar().year}年第{NOW.isocalendar().week}周 内"
        in flags[1]["detail"]
    )
