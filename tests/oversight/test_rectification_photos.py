"""`problems rectify --photo …`: the unit's photos are imported all or nothing, with the report."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from inspector.cli import main
from inspector.oversight import review
from tests.office_kit import WEEK_ITEM, inspect, problem_of

MONDAY = date(2026, 11, 2)


def evidence_state(ws):
    paths = sorted(str(p.relative_to(ws.evidence_dir)) for p in ws.evidence_dir.rglob("*"))
    rows = [ws.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("photos", "problem_events")]
    return paths, rows


def jpeg(path, color):
    out = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def rectify(ws, ref, *photos, capsys):
    argv = ["--workspace", str(ws.path), "problems", "rectify", ref, "--report", "已清理", "--date", "2026-11-05"]
    for photo in photos:
        argv += ["--photo", photo]
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_bad_photo_imports_none_of_the_set_and_records_no_report(ws, tmp_path, capsys):
    found = inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 1})
    problem = problem_of(ws, found, WEEK_ITEM, MONDAY)
    review.confirm(ws.db, problem.reference)
    good = [jpeg(tmp_path / "before.jpg", (10, 200, 30)), jpeg(tmp_path / "after.jpg", (200, 10, 30))]
    fake = tmp_path / "scan.jpg"
    fake.write_bytes(b"%PDF-1.7 not a photo")
    before = evidence_state(ws)
    code, out, err = rectify(ws, problem.reference, good[0], str(fake), good[1], capsys=capsys)
    assert code == 1 and out == "" and "scan.jpg" in err and "这组照片都没有导入" in err
    assert evidence_state(ws) == before
    assert problem_of(ws, found, WEEK_ITEM, date(2026, 11, 5)).status == "open"
    code, out, _ = rectify(ws, problem.reference, *good, capsys=capsys)
    assert code == 0 and "照片 2 张" in out
    paths, rows = evidence_state(ws)
    assert rows == [before[1][0] + 2, before[1][1] + 1]
    assert len([p for p in paths if p.endswith(".jpg")]) == len([p for p in before[0] if p.endswith(".jpg")]) + 2
    assert problem_of(ws, found, WEEK_ITEM, date(2026, 11, 5)).status == "rectified"


def test_a_refused_report_leaves_no_photo_behind(ws, tmp_path, capsys):
    found = inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 1})
    problem = problem_of(ws, found, WEEK_ITEM, MONDAY)  # not confirmed: the report is refused
    before = evidence_state(ws)
    code, _, err = rectify(ws, problem.reference, jpeg(tmp_path / "after.jpg", (200, 10, 30)), capsys=capsys)
    assert code == 1 and "尚未确认" in err
    assert evidence_state(ws) == before
