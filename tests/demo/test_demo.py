import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

from inspector.demo import demo
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field.evidence import read_photo
from inspector.oversight.references import find_by_reference
from inspector.register import draw
from inspector.tracking.problems import get_problem
from inspector.workspace import open_workspace


def test_demo_records_a_month_and_summarises_it(tmp_path):
    result = demo.run_demo(tmp_path / "out", today=date(2026, 11, 27))
    summary = result["summary"]
    assert result["totals"]["inspections"] == 48 and result["totals"]["rechecks"] > 0
    assert summary["inspections"] == 48 + result["totals"]["rechecks"]
    assert summary["problems"] > 0 and 0 < summary["average_score"] < 100
    assert {row["name"] for row in result["by_district"]} == {"云栖区", "望澜区", "桐湾区", "鹭洲区"}
    assert result["draw_verified"] is True
    assert (tmp_path / "out" / "watermarked-sample.jpg").stat().st_size > 10_000
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["period"] == result["period"]
    with open_workspace(tmp_path / "out" / "workspace") as ws:
        open_count = ws.db.execute("SELECT COUNT(*) FROM inspections WHERE status = 'open'").fetchone()[0]
        assert open_count == 0
        for (photos,) in ws.db.execute("SELECT photos FROM finding_revisions WHERE photos != '[]'"):
            for sha in json.loads(photos):
                read_photo(ws.evidence_dir, sha)  # every referenced photo is stored and intact
        for made in draw.list_draws(ws.db):
            assert draw.verify_draw(ws.db, made.id).matches
        assert "演示完成" in demo.summary_text(result)
        field = result["field"]
        assert len(field["laptops"]) == 2 and field["inspections"] >= 2
        assert [b["verdict"] for b in field["bundles"]] == ["imported", "imported"]
        merged = ws.db.execute("SELECT COUNT(*) FROM inspections WHERE task_id IS NOT NULL").fetchone()[0]
        assert merged == field["inspections"]
        assert field["digest"] == workspace_digest(ws.db)["digest"]
        assert "签名数据包已合并 2 个" in demo.summary_text(result)
        office = result["office"]
        assert office["period"] == "2026-11" and office["review"]["confirmed"] > 10
        assert get_problem(ws.db, office["review"]["rejected"]).status == "rejected"
        (trace,) = find_by_reference(ws.db, office["review"]["rejected"], evidence_dir=ws.evidence_dir)
        assert trace.chain_ok and all(photo.intact for photo in trace.photos)
        assert get_problem(ws.db, office["review"]["masked"]).masks
    files = [Path(f) for f in office["documents"]]
    assert all(f.is_file() and f.stat().st_size > 1000 for f in files)
    kinds = {(f.name.split("-")[0], f.suffix) for f in files}
    assert {("督查情况通报", ".pdf"), ("督查情况通报", ".docx"), ("曝光台", ".pdf"), ("曝光台", ".docx")} <= kinds
    assert {("曝光台", ".html"), ("整改通知书", ".pdf"), ("问题清单", ".xlsx")} <= kinds
    assert "文书：" in demo.summary_text(result) and str(files[0]) in demo.summary_text(result)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(files[0]), "-"], capture_output=True, text=True, check=True).stdout
        assert "2026年11月" in text and "〔2026〕" in text and office["review"]["exposed"][0] in text
