import io
import json

import pytest
from PIL import Image

from inspector import answers, inspections
from inspector.errors import ValidationError


def write_photo(path):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 30, 30)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())


def market_checklist(ws):
    from inspector.checklist import checklist_for_site

    return checklist_for_site(ws.db, "YX-003", mode="unannounced")


def test_json_answers_record_whole_inspections(ws, tmp_path):
    checklist = market_checklist(ws)
    needs_photo = next(i for i in checklist.items if i.photo_required)
    (tmp_path / "img").mkdir()
    write_photo(tmp_path / "img" / "1.jpg")
    entry = {
        "site": "YX-003",
        "inspector": "I-002",
        "mode": "暗访",
        "started_at": "2026-11-24T09:30:00+08:00",
        "place": "幸福路农贸市场东门",
        "rest": "pass",
        "findings": [
            {"item": needs_photo.code, "outcome": "不合格", "count": 2, "note": "东门两处", "photos": ["img/1.jpg"]},
            {"item": checklist.codes[-1], "outcome": "na"},
        ],
    }
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps({"inspections": [entry, {**entry, "started_at": "2026-11-25T10:00:00+08:00"}]}), encoding="utf-8"
    )
    done = answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    assert len(done) == 2 and all(r.inspection.status == "finished" for r in done)
    first = done[0].inspection
    assert first.mode == "unannounced" and first.place == "幸福路农贸市场东门" and first.local_date == "2026-11-24"
    findings = {f.item_code: f for f in inspections.current_findings(ws.db, first.id)}
    assert len(findings) == len(checklist.codes)
    assert findings[needs_photo.code].count == 2 and len(findings[needs_photo.code].photos) == 1
    assert findings[checklist.codes[-1]].outcome == "na"
    # the second inspection repeats the problem within the window: escalated
    second = {f.item_code: f for f in inspections.current_findings(ws.db, done[1].inspection.id)}
    assert second[needs_photo.code].multiplier == 2.0


def test_every_problem_in_the_file_is_reported_and_nothing_written(ws, tmp_path):
    checklist = market_checklist(ws)
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            {
                "inspections": [
                    {"site": "NO-SUCH-SITE", "inspector": "I-001", "findings": []},
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
    with pytest.raises(ValidationError) as info:
        answers.record_answers(ws.db, ws.evidence_dir, path, device_id=ws.device_id)
    columns = [p.column for p in info.value.problems]
    for column in ("site", "inspector", "mode", "started_at", "item", "outcome", "count", "photos"):
        assert column in columns, column
    assert ws.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 0


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
    assert {p.column for p in info.value.problems} == {"督查员", "条目编号"}
