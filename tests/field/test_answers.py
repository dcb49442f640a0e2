"""Answers files: checked whole and strictly, recorded in one transaction with their photos, never twice."""

import copy
import io
import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from inspector import clock
from inspector.cli import main
from inspector.errors import ValidationError
from inspector.field import answers, evidence, inspections
from inspector.field.answers import files as answer_files
from inspector.field.checklist import checklist_for_site

START = "2026-11-24T09:30:00+08:00"
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 on 1 December in the city


@pytest.fixture(autouse=True)
def _early_december():
    """The files below speak of late November: the tests run on 1 December, whatever the machine's date."""
    clock.set_moment(NOW)


def write_photo(path, color=(200, 30, 30)):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())


def snapshot(ws):
    """Row counts of every table and every path under evidence/: what 'nothing was written' compares."""
    tables = [  # not the planner's statistics: closing a workspace refreshes them (store.optimize)
        row[0]
        for row in ws.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
        )
    ]
    counts = {table: ws.db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    folder = ws.evidence_dir
    paths = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []
    return counts, paths


def run(capsys, ws, path, *extra):
    code = main(["--workspace", str(ws.path), "inspect", str(path), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def market(ws):
    return checklist_for_site(ws.db, "YX-003", mode="unannounced")


def needs_photo(ws):
    return next(i for i in market(ws).items if i.photo_required)


def good_entry(ws, **changes):
    checklist = market(ws)
    entry = {
        "site": "YX-003",
        "inspector": "I-002",
        "mode": "暗访",
        "started_at": START,
        "place": "幸福路农贸市场东门",
        "rest": "pass",
        "findings": [
            {
                "item": needs_photo(ws).code,
                "outcome": "不合格",
                "count": 2,
                "note": "东门两处",
                "photos": ["img/1.jpg"],
            },
            {"item": checklist.codes[-1], "outcome": "na"},
        ],
    }
    entry.update(changes)
    return entry


def write_json(tmp_path, entries, name="answers.json"):
    write_photo(tmp_path / "img" / "1.jpg")
    path = tmp_path / name
    path.write_text(json.dumps({"inspections": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_json_answers_record_whole_inspections(ws, tmp_path):
    checklist = market(ws)
    photo_item = needs_photo(ws)
    path = write_json(tmp_path, [good_entry(ws), good_entry(ws, started_at="2026-11-25T10:00:00+08:00")])
    done = answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    assert not done.skipped and len(done.recorded) == 2
    assert all(r.inspection.status == "finished" for r in done.recorded)
    first = done.recorded[0].inspection
    assert first.mode == "unannounced" and first.place == "幸福路农贸市场东门" and first.local_date == "2026-11-24"
    findings = {f.item_code: f for f in inspections.current_findings(ws.db, first.id)}
    assert len(findings) == len(checklist.codes)
    assert findings[photo_item.code].count == 2 and len(findings[photo_item.code].photos) == 1
    assert findings[checklist.codes[-1]].outcome == "na"
    # the second inspection repeats the problem within the window: escalated, seen inside the same transaction
    second = {f.item_code: f for f in inspections.current_findings(ws.db, done.recorded[1].inspection.id)}
    assert second[photo_item.code].multiplier == 2.0


def test_every_problem_in_the_file_is_reported_and_nothing_written(ws, tmp_path):
    checklist = market(ws)
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            {
                "inspections": [
                    {"site": "NO-SUCH-SITE", "inspector": "I-001", "started_at": START, "findings": []},
                    {
                        "site": "YX-003",
                        "inspector": "ghost",
                        "mode": "sideways",
                        "started_at": "yesterday",
                        "findings": [
                            {"item": "NL-XXX-999", "outcome": "pass"},
                            {"item": checklist.codes[0], "outcome": "maybe"},
                            {"item": checklist.codes[1], "outcome": "fail", "count": 0},
                            {"item": checklist.codes[2], "outcome": "fail", "photos": ["missing.jpg"]},
                        ],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    columns = [p.column for p in info.value.problems]
    for column in ("site", "inspector", "mode", "started_at", "item", "outcome", "count", "photos"):
        assert column in columns, column
    messages = [p.message for p in info.value.problems]
    assert messages[0].startswith("第1条检查：") and all(m.startswith("第2条检查") for m in messages[1:])
    assert snapshot(ws) == before


def test_broken_and_unsupported_files(ws, tmp_path):
    broken = tmp_path / "answers.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="JSON"):
        answers.plan_answers(ws.db, broken)
    other = tmp_path / "answers.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"\.json"):
        answers.plan_answers(ws.db, other)
    csv = tmp_path / "answers.csv"
    csv.write_text("点位,结果\nYX-003,合格\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        answers.plan_answers(ws.db, csv)
    assert {p.column for p in info.value.problems} == {"督查员", "开始时间", "条目编号"}


# ---------------------------------------------------------------- every bad value: its message, and nothing written


def _set(key, value):
    def change(entry):
        entry[key] = value

    return change


def _set_finding(key, value):
    def change(entry):
        entry["findings"][0][key] = value

    return change


def _drop(key):
    def change(entry):
        del entry[key]

    return change


BAD_VALUES = {
    "huge count": (_set_finding("count", 100000), "count", "处数应为 1 到 999 之间的整数，而不是 100000"),
    "count 0": (_set_finding("count", 0), "count", "处数应为 1 到 999 之间的整数，而不是 0"),
    "negative count": (_set_finding("count", -3), "count", "而不是 -3"),
    "float count": (_set_finding("count", 2.0), "count", "而不是小数 2.0"),
    "string count": (_set_finding("count", "2"), "count", "而不是文字“2”"),
    "boolean count": (_set_finding("count", True), "count", "而不是 true"),
    "finish as a string": (
        _set("finish", "false"),
        "finish",
        "是否完成应为 true 或 false（不加引号），而不是文字“false”",
    ),
    "finish as a number": (_set("finish", 0), "finish", "true 或 false"),
    "recheck of nothing": (_set("recheck_of", "01900000-0000-7000-8000-000000000000"), "recheck_of", "不存在"),
    "recheck as a number": (_set("recheck_of", 7), "recheck_of", "应为文字"),
    "started before 2000": (_set("started_at", "1999-12-31T23:00:00+08:00"), "started_at", "早于 2000 年"),
    "started in year 1": (_set("started_at", "0001-01-01T00:00:00+08:00"), "started_at", "不是有效的日期时间"),
    "February 30": (_set("started_at", "2026-02-30T09:30:00+08:00"), "started_at", "不是有效的日期时间"),
    "hour 25": (_set("started_at", "2026-11-24T25:00:00+08:00"), "started_at", "不是有效的日期时间"),
    "no start time": (_drop("started_at"), "started_at", "缺少开始时间"),
    "start as a number": (_set("started_at", 20261124), "started_at", "开始时间应为文字"),
    "unknown key": (_set("finsh", True), "finsh", "不认识的键“finsh”"),
    "unknown answer key": (_set_finding("cuont", 2), "cuont", "不认识的键“cuont”"),
    "site as a number": (_set("site", 3), "site", "点位应为文字"),
    "no site": (_drop("site"), "site", "缺少点位"),
    "photos as a string": (_set_finding("photos", "img/1.jpg"), "photos", "照片文件名的列表"),
    "findings as an object": (_set("findings", {"item": "x"}), "findings", "答案的列表"),
    "rest fail": (_set("rest", "fail"), "rest", "应为 合格/不适用"),
    "mode unknown": (_set("mode", "sideways"), "mode", "应为 明察/暗访"),
    "note too long": (_set_finding("note", "长" * 2001), "note", "不能超过 2000 字"),
    "place as a list": (_set("place", ["东门"]), "place", "地点应为文字"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_each_bad_value_is_named_and_nothing_is_written(case, ws, tmp_path, capsys):
    change, column, expected = BAD_VALUES[case]
    entry = good_entry(ws)
    change(entry)
    path = write_json(tmp_path, [good_entry(ws, started_at="2026-11-23T09:30:00+08:00"), entry])
    before = snapshot(ws)
    code, out, err = run(capsys, ws, path)
    assert code == 1 and out == ""
    assert err.startswith("错误：") and "未导入任何数据" in err and "Traceback" not in err
    assert expected in err and "第2条检查" in err, err
    with pytest.raises(ValidationError) as info:
        answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    problems = [p for p in info.value.problems if expected in p.message]
    assert len(problems) == 1 and problems[0].column == column and problems[0].file == "answers.json"
    assert snapshot(ws) == before


def test_a_start_time_in_the_future_is_refused_against_the_given_now(ws, tmp_path):
    now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 in +08:00
    path = write_json(tmp_path, [good_entry(ws, started_at="2026-11-24T09:14:00+08:00")])
    assert answers.plan_answers(ws.db, path, now=now)  # within the tolerance of a laptop clock
    path = write_json(tmp_path, [good_entry(ws, started_at="2026-11-24T10:00:00+08:00")])
    with pytest.raises(ValidationError, match="晚于现在"):
        answers.plan_answers(ws.db, path, now=now)


def test_a_future_start_through_the_cli(ws, tmp_path, capsys):
    soon = (NOW + timedelta(days=2)).isoformat(timespec="seconds")
    path = write_json(tmp_path, [good_entry(ws, started_at=soon)])
    before = snapshot(ws)
    code, _, err = run(capsys, ws, path)
    assert code == 1 and "晚于现在" in err and snapshot(ws) == before


def test_recheck_must_be_of_the_same_site_and_later(ws, tmp_path):
    first = answers.record_answers(ws.db, ws.evidence_dir, write_json(tmp_path, [good_entry(ws)]), device_id="d")
    original = first.recorded[0].inspection.id
    other_site = good_entry(ws, site="YX-004", started_at="2026-11-30T09:00:00+08:00", recheck_of=original)
    other_site["findings"] = []
    earlier = good_entry(ws, started_at="2026-11-20T09:00:00+08:00", recheck_of=original)
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        answers.record_answers(ws.db, ws.evidence_dir, write_json(tmp_path, [other_site, earlier]), device_id="d")
    messages = [p.message for p in info.value.problems]
    assert any("第1条检查" in m and "同一点位" in m for m in messages)
    assert any("第2条检查" in m and "应晚于原检查" in m for m in messages)
    assert snapshot(ws) == before
    later = good_entry(ws, started_at="2026-11-30T09:00:00+08:00", recheck_of=original)
    done = answers.record_answers(ws.db, ws.evidence_dir, write_json(tmp_path, [later]), device_id="d")
    assert done.recorded[0].inspection.recheck_of == original


# ---------------------------------------------------------------- JSON that is not what it seems


def test_json_traps_each_give_one_message(ws, tmp_path):
    path = tmp_path / "answers.json"
    before = snapshot(ws)
    entry = f'"inspector": "I-001", "started_at": "{START}", "rest": "pass"'
    cases = {
        f'{{"site": "YX-003", "site": "YX-004", {entry}}}': "写了两次",
        f'{{"site": "YX-003", {entry}, "findings": [{{"item": "x", "count": NaN}}]}}': "不是有效的 JSON",
        '{"inspections": [], "rest": "pass"}': "不认识的键“rest”",
        '{"inspections": {"site": "YX-003"}}': "检查记录的列表",
        '{"inspections": ["YX-003"]}': "每条检查应为 JSON 对象",
        "[1, 2]": "应为一个 JSON 对象",
        "[" * 100_000 + "]" * 100_000: "JSON",
        f'{{"site": "YX-003", {entry}, "place": "\\ud800"}}': "无效的字符",
    }
    for text, expected in cases.items():
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
        assert any(expected in p.message for p in info.value.problems), (text[:60], info.value.problems)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValidationError, match="UTF-8"):
        answers.plan_answers(ws.db, path)
    assert snapshot(ws) == before


def test_the_answers_file_is_read_once_within_a_cap(ws, tmp_path, monkeypatch):
    folder = tmp_path / "answers.json"
    folder.mkdir()
    with pytest.raises(ValidationError, match="不是普通文件"):
        answers.plan_answers(ws.db, folder)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        with pytest.raises(ValidationError, match="不是普通文件"):  # and does not wait for a writer
            answers.plan_answers(ws.db, fifo)
    path = write_json(tmp_path, [good_entry(ws)], name="big.json")
    monkeypatch.setattr(answer_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="文件太大"):
        answers.plan_answers(ws.db, path)
    with pytest.raises(ValidationError, match="找不到该文件"):
        answers.plan_answers(ws.db, tmp_path / "gone.json")


def test_the_same_inspection_twice_in_one_file_is_a_problem(ws, tmp_path):
    path = write_json(tmp_path, [good_entry(ws), good_entry(ws, started_at="2026-11-24T01:30:00Z")])
    with pytest.raises(ValidationError, match="与第1条检查的点位、督查员和开始时间都相同"):
        answers.plan_answers(ws.db, path)


# ---------------------------------------------------------------- photos: a set is imported whole or not at all


def test_a_bad_photo_in_the_set_imports_none_and_keeps_what_was_there(ws, tmp_path, capsys):
    write_photo(tmp_path / "img" / "2.jpg", (30, 200, 30))
    write_photo(tmp_path / "img" / "3.jpg", (30, 30, 200))
    (tmp_path / "img" / "fake.jpg").write_text("这不是照片", encoding="utf-8")
    kept = evidence.import_photo(ws.db, ws.evidence_dir, tmp_path / "img" / "3.jpg", device_id=ws.device_id)
    entry = good_entry(ws)
    entry["findings"][0]["photos"] = ["img/1.jpg", "img/2.jpg", "img/3.jpg", "img/fake.jpg"]
    path = write_json(tmp_path, [entry])
    before = snapshot(ws)
    code, out, err = run(capsys, ws, path)
    assert code == 1 and out == ""
    assert "第1条检查第1个答案" in err and "fake.jpg" in err and "不是 JPEG、PNG、WebP 或 HEIC" in err
    assert snapshot(ws) == before
    assert evidence.read_photo(ws.evidence_dir, kept.sha256)  # the photo already in the store is still there
    entry["findings"][0]["photos"] = ["img/1.jpg", "img/2.jpg", "img/3.jpg"]
    path = write_json(tmp_path, [entry])
    code, out, _ = run(capsys, ws, path)
    assert code == 0 and "已记录 1 次检查" in out
    counts, files = snapshot(ws)
    assert counts["photos"] == 3 and len([f for f in files if f.endswith(".jpg")]) == 3
    assert not [f for f in files if ".tmp-" in f]


def test_photos_are_checked_even_when_other_values_are_wrong(ws, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "fake.jpg").write_bytes(b"%PDF-1.7")
    entry = good_entry(ws, finsh=True)
    entry["findings"][0]["photos"] = ["img/fake.jpg"]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"inspections": [entry]}), encoding="utf-8")
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    assert {p.column for p in info.value.problems} == {"finsh", "photos"}
    assert snapshot(ws) == before


# ---------------------------------------------------------------- running a file twice


def test_running_the_same_file_twice_records_it_once(ws, tmp_path, capsys):
    path = write_json(tmp_path, [good_entry(ws), good_entry(ws, started_at="2026-11-25T10:00:00+08:00")])
    code, out, _ = run(capsys, ws, path)
    assert code == 0 and out.startswith("已记录 2 次检查")
    once = snapshot(ws)
    code, out, _ = run(capsys, ws, path)
    assert code == 0 and out.startswith("已记录 0 次检查，跳过 2 次（已记录过）")
    assert out.count("已记录过，跳过") == 2 and "第1条检查" in out and "第2条检查" in out
    assert snapshot(ws) == once
    code, out, _ = run(capsys, ws, path, "--json")
    assert code == 0 and [r["result"] for r in json.loads(out)] == ["skipped", "skipped"]
    assert snapshot(ws) == once


def test_a_file_extended_after_an_import_records_only_the_new_inspections(ws, tmp_path, capsys):
    path = write_json(tmp_path, [good_entry(ws)])
    assert run(capsys, ws, path)[0] == 0
    path = write_json(tmp_path, [good_entry(ws), good_entry(ws, started_at="2026-11-26T08:00:00+08:00")])
    done = answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    assert [r.where for r in done.recorded] == ["第2条检查"] and [s.where for s in done.skipped] == ["第1条检查"]
    assert ws.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 2


def test_a_rerun_with_changed_answers_says_so_and_changes_nothing(ws, tmp_path, capsys):
    entry = good_entry(ws)
    path = write_json(tmp_path, [entry])
    assert run(capsys, ws, path)[0] == 0
    once = snapshot(ws)
    changed = copy.deepcopy(entry)
    changed["findings"][0]["note"] = "东门三处"
    path = write_json(tmp_path, [changed])
    code, out, _ = run(capsys, ws, path)
    assert code == 0 and "已记录过，跳过" in out and "答案与已记录的不同" in out and needs_photo(ws).code in out
    assert snapshot(ws) == once


def test_an_open_inspection_is_not_recorded_again_either(ws, tmp_path, capsys):
    path = write_json(tmp_path, [good_entry(ws)])
    code, out, _ = run(capsys, ws, path, "--no-finish")
    assert code == 0 and "进行中" in out
    once = snapshot(ws)
    code, out, _ = run(capsys, ws, path)
    assert code == 0 and "跳过 1 次" in out and snapshot(ws) == once


# ---------------------------------------------------------------- CSV and XLSX cells are parsed strictly


CSV_HEAD = "点位,督查员,检查方式,开始时间,条目编号,结果,处数,备注,照片\n"


def csv_row(ws, count="2", item=None, outcome="不合格"):
    return f"YX-003,I-002,暗访,{START},{item or needs_photo(ws).code},{outcome},{count},东门,img/1.jpg\n"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        ("2.5", "而不是“2.5”"),
        ("1e9", "而不是“1e9”"),
        ("0", "而不是 0"),
        ("1000", "而不是 1000"),
        ("２", "而不是“２”"),
        ("1" * 5000, "而不是“111"),
    ],
)
def test_csv_counts_are_digits_in_range(count, expected, ws, tmp_path, capsys):
    write_photo(tmp_path / "img" / "1.jpg")
    path = tmp_path / "answers.csv"
    path.write_text(CSV_HEAD + csv_row(ws, count), encoding="utf-8")
    before = snapshot(ws)
    code, _, err = run(capsys, ws, path, "--rest", "pass")
    assert code == 1 and "answers.csv 第2行 “处数”列：处数应为 1 到 999 之间的整数" in err and expected in err
    assert snapshot(ws) == before


def test_csv_blank_required_cells_unknown_columns_and_disagreeing_rows(ws, tmp_path, capsys):
    write_photo(tmp_path / "img" / "1.jpg")
    codes = market(ws).codes
    path = tmp_path / "answers.csv"
    path.write_text(
        CSV_HEAD.replace("\n", ",完成\n")
        + csv_row(ws).replace("\n", ",否\n")
        + f"YX-003,I-002,明察,{START},{codes[-1]},合格,,,,\n"
        + f"YX-003,I-002,暗访,{START},,合格,,,,\n"
        + f"YX-003,I-002,暗访,{START},{codes[-2]},,,,,\n",
        encoding="utf-8",
    )
    before = snapshot(ws)
    code, _, err = run(capsys, ws, path, "--rest", "pass")
    assert code == 1
    for expected in (
        "第1行 “完成”列：不认识的列“完成”",
        "第3行 “检查方式”列：检查方式“明察”与第2行的“暗访”不同",
        "第4行 “条目编号”列：条目编号不能为空",
        "第5行 “结果”列：结果不能为空",
    ):
        assert expected in err, expected
    assert snapshot(ws) == before


def test_csv_blank_count_means_one_and_blank_mode_repeats_the_first_row(ws, tmp_path, capsys):
    write_photo(tmp_path / "img" / "1.jpg")
    path = tmp_path / "answers.csv"
    later = f"YX-003,I-002,,{START},{market(ws).codes[-1]},不适用,,,\n"
    path.write_text(CSV_HEAD + csv_row(ws, count="") + later, encoding="utf-8")
    code, out, _ = run(capsys, ws, path, "--rest", "pass", "--json")
    recorded = json.loads(out)
    assert code == 0 and len(recorded) == 1
    assert recorded[0]["problem_count"] == 1 and recorded[0]["mode"] == "unannounced"


def test_xlsx_numbers_are_read_as_the_clerk_sees_them(ws, tmp_path, capsys):
    import openpyxl

    write_photo(tmp_path / "img" / "1.jpg")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(CSV_HEAD.strip().split(","))
    sheet.append(["YX-003", "I-002", "暗访", START, needs_photo(ws).code, "不合格", 2.5, "", "img/1.jpg"])
    path = tmp_path / "answers.xlsx"
    book.save(path)
    before = snapshot(ws)
    code, _, err = run(capsys, ws, path, "--rest", "pass")
    assert code == 1 and "第2行 “处数”列" in err and "“2.5”" in err and snapshot(ws) == before
    sheet["G2"] = 3
    book.save(path)
    code, out, _ = run(capsys, ws, path, "--rest", "pass", "--json")
    assert code == 0 and json.loads(out)[0]["problem_count"] == 3
