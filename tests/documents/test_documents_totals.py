"""Numbers that agree: a month's circular, read back from its PDF, gives one total in body, rankings and attachment."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import pytest

from inspector.cli import main
from inspector.oversight import reports, review
from inspector.periods import parse_period
from inspector.tracking.problems import list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect

NOVEMBER = parse_period("2026-11")
ISSUED = date(2026, 11, 30)
LATE_ITEM = "NL-ENV-008"  # 3 days, 市场监管局: found on 11-28 it falls due in December
RANK_ROW = re.compile(r"^\s*(\d+|—)\s+(\S+)\s+(—|\d+\.\d)\s+(\d+)\s+([\d.]+)\s+(—|[\d.]+%)\s+(\S+)\s*$")
LIST_ROW = re.compile(r"^\s*(\d+)\s+([0-9a-f]{8})\s.*?\s(\d+)\s+(\S+)\s+(\d+月\d+日)\s*$")


def layout_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture
def month(ws):
    """November: confirmed problems of three units (one with nothing due yet), one rejected, one pending of 2 处."""
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 3}, mode="announced")
    inspect(ws, "TW-003", date(2026, 11, 17), {BOARD_ITEM: 1})
    inspect(ws, "LZ-006", date(2026, 11, 24), {WEEK_ITEM: 1, BOARD_ITEM: 2})
    inspect(ws, "YX-003", date(2026, 11, 28), {LATE_ITEM: 2})
    found = {(p.site_code, p.item_code, p.found_on.day): p for p in list_problems(ws.db, today=ISSUED)}
    pending = found["LZ-006", BOARD_ITEM, 24]
    rejected = found["TW-003", BOARD_ITEM, 17]
    review.confirm(ws.db, [p.finding_id for p in found.values() if p not in (pending, rejected)])
    review.reject(ws.db, rejected.reference, reason="拍到的是相邻单位的宣传栏")
    return ws, pending, rejected


def section(text: str, start: str, end: str) -> list[str]:
    return text[text.index(start) : text.index(end, text.index(start))].splitlines()


def ranking_rows(lines: list[str]) -> dict[str, tuple[str, int, str]]:
    """Name → (rank, problems, rate) for each table row."""
    rows = {}
    for line in lines:
        if match := RANK_ROW.match(line):
            rank, name, _score, problems, _deduction, rate, _change = match.groups()
            rows[name] = (rank, int(problems), rate)
    return rows


def test_body_rankings_attachment_and_json_counts_agree(month, tmp_path, capsys):
    ws, pending, rejected = month
    out = tmp_path / "通报.pdf"
    argv = ["--workspace", str(ws.path), "--json", "doc", "circular", "--period", "2026-11", "--out", str(out)]
    assert main([*argv, "--date", ISSUED.isoformat()]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    text = layout_text(out)
    flat = re.sub(r"\s+", "", text)

    total = int(re.search(r"发现问题(\d+)处。", flat).group(1))
    groups = [int(n) for n in re.findall(r"共发现问题(\d+)处", flat)]
    districts = ranking_rows(section(text, "各区综合得分排名", "红榜"))
    units = ranking_rows(section(text, "责任单位整改情况排名", "统计口径"))
    attachment = section(text, "督查发现问题清单\n", "抄送")
    listed = [LIST_ROW.match(line).groups() for line in attachment if LIST_ROW.match(line)]
    places_by_unit: dict[str, int] = {}
    for _n, _reference, places, unit, _deadline in listed:
        places_by_unit[unit] = places_by_unit.get(unit, 0) + int(places)
    summed = re.search(r"合计(\d+)个问题(\d+)", flat)

    assert total == 9 and sum(groups) == total  # 2 + 1 + 3 + 1 + 2 处; not the pending 2 nor the rejected 1
    assert sum(problems for _rank, problems, _rate in districts.values()) == total
    assert set(districts) == {"云栖区", "望澜区", "桐湾区", "鹭洲区"} and districts["鹭洲区"][1] == 1
    assert {name: problems for name, (_rank, problems, _rate) in units.items()} == places_by_unit
    assert places_by_unit == {"城市管理局": 6, "市文明办": 1, "市场监管局": 2}
    assert units["市场监管局"] == ("—", 2, "—")  # nothing fell due in November: listed, unranked
    assert (int(summed.group(1)), int(summed.group(2))) == (len(listed), total) == (5, 9)
    assert "清单所列5个问题（9处）" in flat and "统计口径" in flat and "不含待审核问题" in flat
    assert pending.reference not in text and rejected.reference not in text

    assert (counts["problems"], counts["places"], counts["pending_excluded"]) == (5, 9, 1)
    assert {name: row["places"] for name, row in counts["by_unit"].items()} == places_by_unit
    assert {name: row["places"] for name, row in counts["by_district"].items()} == {
        name: problems for name, (_rank, problems, _rate) in districts.items() if problems
    }
    assert set(reports.notice_problems(ws.db, NOVEMBER, today=ISSUED)) <= set(units)  # every notice's unit is ranked


def test_every_document_prints_its_counts(month, tmp_path, capsys):
    ws, _pending, _rejected = month
    exposed = next(p for p in reports.document_scope(ws.db, NOVEMBER, today=ISSUED).problems if p.count == 3)
    review.approve_exposure(ws.db, exposed.reference, clear=exposed.photos)
    base = ["--workspace", str(ws.path), "--json", "doc"]
    outputs = {"notice": tmp_path / "notices", "problems": tmp_path / "清单.xlsx", "exposure": tmp_path / "曝光台.pdf"}
    counts = {}
    for kind, out in outputs.items():
        assert main([*base, kind, "--period", "2026-11", "--out", str(out), "--date", ISSUED.isoformat()]) == 0
        counts[kind] = json.loads(capsys.readouterr().out)["counts"]
        assert counts[kind]["pending_excluded"] == 1
    assert (counts["problems"]["problems"], counts["problems"]["places"]) == (5, 9)
    assert counts["notice"]["units"] == 3 and counts["notice"]["places"] == 9  # no problem is closed yet
    assert counts["exposure"]["by_unit"] == {"城市管理局": {"problems": 1, "places": 3}}
    plain = ["--workspace", str(ws.path), "doc", "problems", "--period", "2026-11", "--out", str(tmp_path / "x.xlsx")]
    assert main(plain) == 0
    assert "计入经审核确认的问题 5 个、9 处" in capsys.readouterr().out
