"""Every name prints: characters outside GB2312 and the BMP (CJK Extension A/B, 𠮷 𰻝) are drawn from whichever
installed font has them and embedded; a character no font has is printed as 〓 and named in the warnings."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from inspector import fonts
from inspector.cli import main
from inspector.documents.fontset import MISSING_MARK, FontSet, shared_fonts, uncovered
from inspector.documents.model import Document, para
from inspector.documents.notice import build_notice
from inspector.documents.pdf import render_pdf
from inspector.field import watermark
from inspector.oversight import rectification, review
from inspector.tracking.problems import list_problems
from tests import document_samples as samples
from tests.conftest import office_workspace
from tests.field.test_evidence import jpeg
from tests.font_kit import BASIC, build_font, fonts_without, isolated_fonts
from tests.office_kit import WEEK_ITEM, inspect

NAMES = (Path(__file__).parents[1] / "data" / "rare_names.txt").read_text("utf-8").split("\n")
NAMES = [name for name in NAMES if name]
NAME_CHARS = {ch for name in NAMES for ch in name if not ch.isspace()}
BIANG = "𰻝"  # U+30EDD, CJK Extension G


@pytest.fixture
def font_world(tmp_path, monkeypatch):
    """Only the fonts the test puts in this folder exist."""
    yield from isolated_fonts(tmp_path, monkeypatch)


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"poppler-utils not installed ({', '.join(missing)})")


def pdf_text(pdf: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def pdf_fonts(pdf: Path) -> dict[str, tuple[str, bool]]:
    """Font name (without the subset tag) → (type, embedded), from pdffonts."""
    need("pdffonts")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    found = {}
    for line in out.splitlines()[2:]:
        parts = line.split()
        name = parts[0].split("+", 1)[-1]
        found[name] = (parts[1], parts[-5] == "yes")
    return found


def pdf_name(fontset: FontSet, name: str) -> str:
    """The font's name in the PDF (its PostScript name, with the subfont's suffix in a .ttc)."""
    face = fontset.reportlab_font(name).face
    return (face.name + face.subfontNameX).decode("latin-1")


def names_notice():
    """A rectification notice that carries every name of the names file (unit, contact, sites, descriptions)."""
    data = samples.sample_notice(3)
    problems = [
        replace(p, site=f"{NAMES[k % len(NAMES)]}门前", description="督查员" + "、".join(NAMES), photos=())
        for k, p in enumerate(data.problems)
    ]
    return replace(data, unit=f"{NAMES[1]}有限公司", contact="联系人：" + NAMES[0], problems=tuple(problems))


def test_every_name_character_prints_from_an_embedded_font_that_has_it(tmp_path):
    if fonts.uncovered("𠮷"):
        pytest.skip("no installed font has CJK Extension B characters (Debian: apt-get install fonts-hanazono)")
    fontset = FontSet()
    report = render_pdf(build_notice(names_notice(), samples.sample_letterhead()), tmp_path / "names.pdf", fontset)
    nowhere = fonts.uncovered("".join(NAMES))
    assert nowhere <= {BIANG}  # Extension G: only the newest fonts have it
    assert report.missing_glyphs == nowhere  # exactly the characters no installed font has are reported
    used = fontset.used_fonts()
    for ch in NAME_CHARS - nowhere:
        face = fontset.face_for("fangsong", ch)
        assert fonts.covers(face.choice, ch) == set(), f"{ch} U+{ord(ch):04X} drawn in {face.choice.label}"
        assert face.name in used
    embedded = pdf_fonts(report.path)
    assert embedded and all(kind == "TrueType" and emb for kind, emb in embedded.values()), embedded
    drawn_in = {used[fontset.face_for("fangsong", ch).name] for ch in NAME_CHARS - nowhere}
    assert {pdf_name(fontset, n) for n, c in used.items() if c in drawn_in} <= set(embedded)
    flat = pdf_text(report.path).replace("\n", "")
    for name in NAMES:
        shown = "".join(MISSING_MARK if ch in nowhere else ch for ch in name)
        assert shown in flat or shown.replace(" ", "") in flat.replace(" ", ""), name
    for ch in nowhere:
        assert ch not in flat


def test_the_extension_b_font_is_embedded_and_its_characters_copy_as_themselves(tmp_path):
    if fonts.uncovered("𠮷"):
        pytest.skip("no installed font has CJK Extension B characters (Debian: apt-get install fonts-hanazono)")
    fontset = FontSet()
    report = render_pdf(Document("名字").add(para("督查员：吉𠮷、刘䶮")), tmp_path / "b.pdf", fontset)
    face = fontset.face_for("fangsong", "𠮷")
    assert fonts.covers(face.choice, "𠮷") == set()
    assert pdf_fonts(report.path)[pdf_name(fontset, face.name)] == ("TrueType", True)
    assert "吉𠮷、刘䶮" in pdf_text(report.path)
    assert report.missing_glyphs == set()


def test_a_font_in_inspector_font_dirs_serves_a_character_no_role_font_has(font_world, tmp_path):
    build_font(font_world / "FangSong.ttf", "FangSong", BASIC + "王面馆")
    build_font(font_world / "names.ttf", "City Names", "刘𰻝")
    assert fonts.uncovered("督查王𰻝") == set()
    assert fonts.fallback_font(BIANG).path == font_world / "names.ttf"
    fontset = FontSet()
    report = render_pdf(Document("名字").add(para("督查员：王𰻝，𰻝𰻝面馆。")), tmp_path / "g.pdf", fontset)
    assert report.missing_glyphs == set()
    assert fontset.face_for("fangsong", BIANG).choice.path == font_world / "names.ttf"
    assert pdf_fonts(report.path)[pdf_name(fontset, fontset.face_for("fangsong", BIANG).name)] == ("TrueType", True)
    assert "王𰻝，𰻝𰻝面馆" in pdf_text(report.path)


def test_no_font_with_the_mark_either_still_renders_and_reports(font_world, tmp_path):
    build_font(font_world / "FangSong.ttf", "FangSong", BASIC.replace(MISSING_MARK, "") + "王")
    fontset = FontSet()
    report = render_pdf(Document("名字").add(para("督查员：王𰻝。")), tmp_path / "m.pdf", fontset)
    assert BIANG in report.missing_glyphs and report.pages == 1


def test_a_character_no_font_has_prints_as_a_mark_and_is_reported(font_world, tmp_path):
    build_font(font_world / "FangSong.ttf", "FangSong", BASIC + "王")
    assert uncovered("督查员：王𰻝 \n") == {BIANG}
    fontset = FontSet()
    report = render_pdf(Document("名字").add(para("督查员：王𰻝。")), tmp_path / "m.pdf", fontset)
    assert report.missing_glyphs == {BIANG} == fontset.missing
    assert fontset.runs("王𰻝", "fangsong") == [(fontset.name("fangsong"), "王" + MISSING_MARK)]
    assert fontset.advance("fangsong", BIANG, 16) == fontset.advance("fangsong", MISSING_MARK, 16) == 16
    assert f"王{MISSING_MARK}" in pdf_text(report.path)


def test_a_fallback_font_pillow_cannot_load_counts_as_missing(font_world, monkeypatch):
    build_font(font_world / "SimHei.ttf", "SimHei", BASIC + "拍摄时间地点位员编号张三农贸市场")
    build_font(font_world / "names.ttf", "City Names", "𰻝")
    real = watermark._pil_font.__wrapped__

    def picky(path: str, index: int, size: int):
        if path.endswith("names.ttf"):
            raise OSError("unknown file format")
        return real(path, index, size)

    monkeypatch.setattr(watermark, "_pil_font", picky)
    missing: set[str] = set()
    when = datetime(2026, 11, 27, 1, 42, 5, tzinfo=UTC)
    data = watermark.render_watermark(jpeg(noise=False), taken_at=when, place="农贸市场", site="市场",
                                      inspector="张𰻝", missing=missing)  # fmt: skip
    assert missing == {BIANG} and data[:2] == b"\xff\xd8"


def test_the_watermark_uses_any_installed_font_and_reports_what_none_has(font_world):
    build_font(font_world / "SimHei.ttf", "SimHei", BASIC + "拍摄时间地点位员编号张三农贸市场")
    when = datetime(2026, 11, 27, 1, 42, 5, tzinfo=UTC)
    missing: set[str] = set()
    watermark.render_watermark(jpeg(noise=False), taken_at=when, place="农贸市场", site="市场", inspector="张𰻝",
                               missing=missing)  # fmt: skip
    assert missing == {BIANG}
    build_font(font_world / "names.ttf", "City Names", "𰻝")
    fonts.clear_cache()
    missing.clear()
    watermark.render_watermark(jpeg(noise=False), taken_at=when, place="农贸市场", site="市场", inspector="张𰻝",
                               missing=missing)  # fmt: skip
    assert missing == set()
    placeholder_missing: set[str] = set()
    watermark.render_placeholder(["张三", "张𰻝𠀀"], missing=placeholder_missing)
    assert placeholder_missing == {"𠀀"}


@pytest.fixture
def no_biang(tmp_path, monkeypatch):
    """This machine's fonts without those that have 𰻝 (Extension G), so the CLI has a character to warn about."""
    yield from fonts_without(BIANG, tmp_path, monkeypatch)


def test_the_cli_names_missing_characters_and_stand_in_fonts(no_biang, tmp_path, capsys):
    unit = f"{BIANG}{BIANG}面馆"
    assert fonts.uncovered(unit) == {BIANG}
    ws = office_workspace(tmp_path / "ws")
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1})
    (problem,) = list_problems(ws.db, today=date(2026, 11, 30))
    review.confirm(ws.db, [problem.finding_id])
    rectification.set_unit(ws.db, problem.reference, unit, reason="属地管理")
    path = str(ws.path)
    ws.close()
    args = ["--workspace", path, "doc", "notice", "--period", "2026-11", "--date", "2026-11-30", "--unit", unit]
    assert main(["--json", *args, "--out", str(tmp_path / "a.pdf")]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["missing_glyphs"] == [BIANG]
    substitutes = shared_fonts().substitutes()
    assert made["font_substitutes"] == substitutes
    assert main([*args, "--out", str(tmp_path / "b.pdf"), "--new-number"]) == 0
    out = capsys.readouterr().out
    assert "警告：本机没有任何字体含有 “𰻝”（U+30EDD），文书中这些字印为“〓”" in out
    for role, family in substitutes.items():
        assert f"字体：{fonts.ROLE_LABELS[role]}由 {family} 代替" in out
    assert main([*args, "--out", str(tmp_path / "c.docx"), "--format", "docx", "--new-number"]) == 0
    made_docx = capsys.readouterr().out
    assert "字体：" not in made_docx  # a DOCX names the standard fonts: the reader's machine supplies them
