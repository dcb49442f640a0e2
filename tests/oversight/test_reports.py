"""Documents from the database: builders, rendered PDF text, document numbers per year, the doc and review CLI."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageChops

from inspector import catalog, forms, workspace
from inspector.cli import main
from inspector.field import evidence
from inspector.oversight import issuing, numbering, reports, review
from inspector.periods import parse_period
from inspector.register import inspectors, sites
from inspector.tracking.problems import list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, problem_of

NOVEMBER = parse_period("2026-11")
ISSUED = date(2026, 11, 30)


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    """An office month: problems at the four markets, reviewed (one rejected, one pending, one exposed and masked)."""
    ws = workspace.init_workspace(tmp_path_factory.mktemp("month") / "ws", role="office")
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1}, mode="announced")
    inspect(ws, "TW-003", date(2026, 11, 17), {BOARD_ITEM: 1})
    inspect(ws, "LZ-006", date(2026, 11, 24), {WEEK_ITEM: 1, "NL-ENV-008": 1})
    found = {(p.site_code, p.item_code): p for p in list_problems(ws.db, today=ISSUED)}
    pending = found["LZ-006", "NL-ENV-008"]
    rejected = found["TW-003", BOARD_ITEM]
    exposed = found["YX-003", BOARD_ITEM]
    review.confirm(ws.db, [p.finding_id for p in found.values() if p not in (pending, rejected)])
    review.reject(ws.db, rejected.reference, reason="点位错误")
    review.approve_exposure(ws.db, exposed.reference, masks={exposed.photos[0]: [(40, 40, 80, 80)]})
    yield ws, found, {"pending": pending, "rejected": rejected, "exposed": exposed}
    ws.close()


def test_circular_data_reports_the_confirmed_problems(month):
    ws, found, marked = month
    data = reports.circular_data(ws, NOVEMBER, year=2026, serial=7, issued_on=ISSUED)
    listed = {row.reference for row in data.problems}
    assert listed == {p.reference for p in found.values()} - {marked["pending"].reference, marked["rejected"].reference}
    assert data.period_label == "2026年11月" and data.districts == 4 and data.sites == 4
    assert {(c.mode, c.inspections) for c in data.counts} == {("明察", 1), ("暗访", 3)}
    assert sum(c.problems for c in data.counts) == sum(row.count for row in data.problems) == 5
    assert [r.title for r in data.rankings] == ["各区综合得分排名", "责任单位整改情况排名"]
    assert any(e.photos for g in data.groups for e in g.examples)
    assert "2026年12月1日" in data.requirements[1].text  # rechecks start the day after issue
    rows = reports.problem_rows(reports.period_problems(ws.db, NOVEMBER, today=ISSUED))
    assert {row.status for row in rows} >= {"待审核", "逾期"} and len(rows) == 4 + 1  # pending listed, rejected not


def test_circular_pdf_carries_period_number_and_references(month, tmp_path):
    ws, found, marked = month
    made = issuing.issue(
        ws, "circular", NOVEMBER, fmt="pdf", out=tmp_path / "通报.pdf", issued_on=ISSUED, copy_to="市委宣传部"
    )
    text = pdf_text(made.files[0])
    assert "抄送：市委宣传部" in text and "各区创文办，市直各有关单位：" in text
    assert "2026年11月" in text and made.numbers[0] in text and "〔2026〕" in made.numbers[0]
    assert "— 1 —" in text and "红榜" in text
    for problem in found.values():
        assert (problem.reference in text) == (problem not in (marked["pending"], marked["rejected"]))
    assert any("未审核" in w for w in made.warnings)
    again = issuing.issue(ws, "circular", NOVEMBER, fmt="docx", out=tmp_path / "通报.docx", issued_on=ISSUED)
    assert again.numbers == made.numbers  # the DOCX of the same circular keeps its number


def test_exposure_sheet_has_approved_problems_with_masked_photos(month, tmp_path):
    ws, _found, marked = month
    exposed = marked["exposed"]
    sheet = reports.exposure_sheet(ws, NOVEMBER, issue=3, issued_on=ISSUED)
    assert [e.reference for e in sheet.entries] == [exposed.reference]
    masked = Image.open(io.BytesIO(sheet.entries[0].photo)).convert("RGB")
    unmasked = reports.PhotoCopies(ws).copy(replace(exposed, masks={}), exposed.photos[0])
    plain = Image.open(io.BytesIO(unmasked)).convert("RGB")
    inside = ImageChops.difference(masked.crop((50, 50, 110, 110)), plain.crop((50, 50, 110, 110))).getbbox()
    outside = ImageChops.difference(masked.crop((200, 20, 300, 60)), plain.crop((200, 20, 300, 60))).getextrema()
    assert inside is not None and max(high for _low, high in outside) < 40
    evidence.read_photo(ws.evidence_dir, exposed.photos[0])  # the original still matches its SHA-256
    made = issuing.issue(ws, "exposure", NOVEMBER, fmt="pdf", out=tmp_path / "曝光台.pdf", issued_on=ISSUED)
    text = pdf_text(made.files[0])
    assert exposed.reference in text and "2026年11月" in text and made.numbers[0] in text


def test_notices_one_per_unit(month, tmp_path):
    ws, found, marked = month
    made = issuing.issue(ws, "notice", NOVEMBER, fmt="pdf", out=tmp_path / "notices", issued_on=ISSUED)
    units = {p.responsible_unit for p in found.values() if p not in (marked["pending"], marked["rejected"])}
    assert {f.name for f in made.files} == {f"整改通知书-{u}-2026年11月.pdf" for u in units}
    city = next(f for f in made.files if "城市管理局" in f.name)
    text = pdf_text(city)
    assert "城市管理局" in text and "整改回执" in text and "〔2026〕" in text
    for problem in found.values():
        if problem.responsible_unit == "城市管理局" and problem not in (marked["pending"], marked["rejected"]):
            assert problem.reference in text
    with pytest.raises(issuing.DocumentError):
        issuing.issue(ws, "notice", NOVEMBER, fmt="pdf", out=tmp_path / "x.pdf", unit="没有问题的单位")


def test_document_numbers_increment_per_year_and_restart(ws, tmp_path):
    problem = problem_of(ws, inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1}), WEEK_ITEM, ISSUED)
    review.confirm(ws.db, [problem.finding_id])
    review.approve_exposure(ws.db, problem.reference, clear=problem.photos)
    december, january = parse_period("2026-12"), parse_period("2027-01")

    def number(kind, period, day, name, **options):
        made = issuing.issue(ws, kind, period, fmt="docx", out=tmp_path / name, issued_on=day, **options)
        assert all(path.is_file() for path in made.files)
        return made.numbers[0]

    first = number("circular", NOVEMBER, date(2026, 11, 30), "c11.docx")
    notice = number("notice", NOVEMBER, date(2026, 12, 1), "n11.docx", unit="城市管理局")
    assert (first, notice) == ("云创文办〔2026〕1号", "云创文办〔2026〕2号")  # one series: no clash
    assert number("circular", NOVEMBER, date(2026, 12, 2), "c11-again.docx") == first  # a re-issue keeps it
    peek = issuing.issue(
        ws, "circular", december, fmt="docx", out=tmp_path / "peek.docx", issued_on=date(2026, 12, 31), preview=True
    )
    assert peek.numbers == ("云创文办〔2026〕3号",) and peek.preview
    assert number("circular", december, date(2026, 12, 31), "c12.docx") == "云创文办〔2026〕3号"  # not taken
    assert number("circular", january, date(2027, 2, 1), "c01.docx") == "云创文办〔2027〕1号"
    assert number("exposure", NOVEMBER, date(2027, 2, 1), "e.docx") == "第1期"
    fresh = number("circular", january, date(2027, 2, 2), "c01-new.docx", new_number=True)
    assert fresh == "云创文办〔2027〕2号"
    listed = numbering.list_numbers(ws.db, year=2027)
    assert [n.number for n in listed][-1] == "云创文办〔2027〕1号"
    assert [Path(f).name for n in listed if n.number == fresh for f in n.files] == ["c01-new.docx"]
    issued_2026 = {n.number: [Path(f).name for f in n.files] for n in numbering.list_numbers(ws.db, year=2026)}
    assert issued_2026["云创文办〔2026〕1号"] == ["c11.docx", "c11-again.docx"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_doc_cli_writes_every_format(month, tmp_path, capsys):
    ws, _found, _marked = month
    base = ["--workspace", str(ws.path)]
    for kind, fmt, name in (
        ("circular", "pdf", "c.pdf"),
        ("circular", "docx", "c.docx"),
        ("exposure", "html", "web/e.html"),
        ("exposure", "docx", "e.docx"),
        ("notice", "docx", "notices"),
        ("problems", "xlsx", "p.xlsx"),
    ):
        code, out, _ = run(
            capsys,
            *base,
            "doc",
            kind,
            "--period",
            "2026-11",
            "--format",
            fmt,
            "--out",
            str(tmp_path / name),
            "--date",
            "2026-11-30",
        )
        assert code == 0 and "已生成" in out
    assert (tmp_path / "c.pdf").stat().st_size > 0 and (tmp_path / "c.docx").stat().st_size > 0
    assert len(list((tmp_path / "web").glob("*.jpg"))) == 1 and any((tmp_path / "notices").glob("*.docx"))
    sheet = load_workbook(tmp_path / "p.xlsx").active
    assert sheet.max_row == 1 + 4 and sheet.auto_filter.ref  # the document's problems: the pending one is not listed
    code, out, _ = run(
        capsys,
        *base,
        "--json",
        "doc",
        "notice",
        "--period",
        "2026-11",
        "--unit",
        "市文明办",
        "--out",
        str(tmp_path / "n.pdf"),
    )
    assert code == 0 and json.loads(out)["numbers"][0].startswith("云创文办〔")
    code, _, err = run(
        capsys, *base, "doc", "problems", "--period", "2026-11", "--format", "pdf", "--out", str(tmp_path / "p.pdf")
    )
    assert code == 1 and err.startswith("错误：") and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, *base, "doc", "numbers", "--year", "2026")
    assert code == 0 and "督查情况通报" in out


def test_review_cli(ws, capsys):
    found = inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    base = ["--workspace", str(ws.path)]
    refs = [p.reference for p in list_problems(ws.db, today=date(2026, 11, 3))]
    assert run(capsys, *base, "problems", "confirm", refs[0], "--actor", "陈喆")[0] == 0
    code, out, _ = run(capsys, *base, "problems", "reject", refs[1], "--reason", "重复拍摄")
    assert code == 0 and refs[1] in out
    code, out, _ = run(capsys, *base, "--json", "problems", "list", "--today", "2026-11-20", "--overdue")
    assert code == 0 and [p["reference"] for p in json.loads(out)] == [refs[0]]
    code, out, _ = run(capsys, *base, "problems", "show", refs[0], "--today", "2026-11-20")
    assert code == 0 and "内容哈希" in out and "陈喆" in out and found.id in out
    code, out, _ = run(
        capsys, *base, "problems", "set-deadline", refs[0], "--deadline", "2026-12-01", "--reason", "延期"
    )
    assert code == 0
    code, out, _ = run(capsys, *base, "rechecks", "list", "--today", "2026-11-26")
    assert code == 0 and "YX-003" in out
    code, out, _ = run(capsys, *base, "--json", "rechecks", "draw", "--today", "2026-11-26", "--assign", "--seed", "s")
    assert code == 0 and len(json.loads(out)["inspector_draw"]["result"]) == 1
    code, out, _ = run(
        capsys, *base, "--json", "rankings", "--period", "2026-11", "--by", "unit", "--today", "2026-11-20"
    )
    assert code == 0 and json.loads(out)["ranked_by"] == "rectification"
    code, _, err = run(capsys, *base, "problems", "approve", refs[1])
    assert code == 1 and "尚未确认" in err
    code, _, err = run(capsys, *base, "problems", "rectify", "nothere1", "--report", "已整改")
    assert code == 1 and err.startswith("错误：")


def test_a_section_heading_never_stays_alone_at_the_foot_of_a_page(tmp_path):
    from inspector.documents.model import Column, Document, Heading, Table, para
    from inspector.documents.pdf import render_pdf

    for filler in range(17, 22):  # the section heading lands on each of the page's last lines in turn
        document = Document(title="排版", author="测试")
        document.add(*(para(f"第{n}行") for n in range(filler)))
        document.add(Heading(1, "三、排名情况"), Heading(2, "（一）各区综合得分排名"))
        document.add(Table((Column("区"), Column("得分")), (("云栖区", "98.8"), ("望澜区", "98.7"))))
        report = render_pdf(document, tmp_path / f"h{filler}.pdf")
        section = next(p for p in report.placed("heading") if p.text.startswith("三"))
        first_row = report.placed("table_header")[0]
        assert section.page == first_row.page, filler


def test_document_photo_copies_are_print_sized(tmp_path):
    import io
    from datetime import UTC, datetime

    from PIL import Image

    from inspector.field import watermark
    from inspector.oversight.reports import PRINT_SIDE

    big = io.BytesIO()
    Image.new("RGB", (2048, 1536), (90, 120, 150)).save(big, "JPEG")
    copy = watermark.render_watermark(
        big.getvalue(),
        taken_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        place="幸福路",
        site="市场",
        inspector="张明",
        max_side=PRINT_SIDE,
    )
    assert Image.open(io.BytesIO(copy)).size == (1024, 768)


def test_problem_list_columns_fit_their_text_and_wrap(month, tmp_path):
    from inspector.documents.problems_xlsx import COLUMNS, column_width, text_width

    ws, _found, _marked = month
    made = issuing.issue(ws, "problems", NOVEMBER, fmt="xlsx", out=tmp_path / "清单.xlsx", issued_on=ISSUED)
    sheet = load_workbook(made.files[0]).active
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    caps = {name: cap for name, cap, _format in COLUMNS}
    for name in ("点位类型", "问题类别", "状态", "问题描述", "点位", "责任单位"):
        letter = headers[name]
        cells = [str(c.value) for c in sheet[letter][1:]]
        width = sheet.column_dimensions[letter].width
        assert width == min(caps[name], max(map(text_width, [name, *cells])) + 2), name
        assert all(c.alignment.wrap_text for c in sheet[letter][1:]), name
    for (name, _cap, number_format), column in zip(COLUMNS, sheet.iter_cols(min_row=2), strict=True):
        assert len(column) > 2  # every data cell of a column has the column's style, the last one too
        assert {(c.number_format, c.border.bottom.style, c.alignment.vertical) for c in column} == {
            (number_format, "thin", "top")
        }, name
    assert column_width("问题描述", ["很长的问题描述" * 10], caps["问题描述"]) == caps["问题描述"]  # then it wraps
    assert column_width("状态", ["已整改待复查", 3], 14) == 14 and text_width("逾期a") == 5
