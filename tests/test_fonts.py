"""Fonts by role: real fonts on this machine, and synthetic sfnt files for the edge cases."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from inspector import fonts
from inspector.errors import FontNotFoundError
from tests.font_kit import isolated_fonts

COMMON = "督查整改通报，文明城市创建工作。"
RARE = "堃喆镕"


# ---------------------------------------------------------------- a tiny sfnt writer


def _cmap(mapping: dict[int, int]) -> bytes:
    segments = [(cp, cp, (gid - cp) & 0xFFFF) for cp, gid in sorted(mapping.items())] + [(0xFFFF, 0xFFFF, 1)]
    n = len(segments)
    ends = struct.pack(f">{n}H", *(s[1] for s in segments))
    starts = struct.pack(f">{n}H", *(s[0] for s in segments))
    deltas = struct.pack(f">{n}H", *(s[2] for s in segments))
    offsets = struct.pack(f">{n}H", *([0] * n))
    body = ends + b"\0\0" + starts + deltas + offsets
    sub = struct.pack(">7H", 4, 14 + len(body), 0, 2 * n, 0, 0, 0) + body
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def _name(family: str, chinese: str | None) -> bytes:
    entries = [(0x409, family.encode("utf-16-be"))]
    if chinese:
        entries.append((0x804, chinese.encode("utf-16-be")))
    records, strings = b"", b""
    for language, raw in entries:
        records += struct.pack(">6H", 3, 1, language, 1, len(raw), len(strings))
        strings += raw
    return struct.pack(">3H", 0, len(entries), 6 + 12 * len(entries)) + records + strings


def _tables(family: str, chars: str, *, cff: bool, fs_type: int, empty: str, chinese: str | None) -> dict[str, bytes]:
    codepoints = sorted({ord(c) for c in chars + empty})
    mapping = {cp: gid for gid, cp in enumerate(codepoints, start=1)}
    tables = {
        "cmap": _cmap(mapping),
        "head": struct.pack(
            ">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0, 1000, 0, 0, 0, 0, 1000, 1000, 0, 8, 2, 0, 0
        ),
        "maxp": struct.pack(">IH", 0x5000, len(codepoints) + 1),
        "name": _name(family, chinese),
        "OS/2": struct.pack(">HhHHH", 4, 500, 400, 5, fs_type) + b"\0" * 68,
    }
    if cff:
        tables["CFF "] = b"\x01\x00\x04\x01" + b"\0" * 60
        return tables
    empty_cps = {ord(c) for c in empty}
    offsets, glyf = [0, 0], b""  # glyph 0 (.notdef) is empty
    for cp in codepoints:
        if cp not in empty_cps:
            glyf += struct.pack(">hhhhh", 1, 0, 0, 500, 500) + b"\0\0"
        offsets.append(len(glyf))
    tables["glyf"] = glyf
    tables["loca"] = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))
    return tables


def make_font(
    family: str,
    chars: str = COMMON,
    *,
    cff: bool = False,
    fs_type: int = 0,
    empty: str = "",
    chinese: str | None = None,
    also: tuple[str, ...] = (),
) -> bytes:
    """A minimal TrueType (or CFF) font file; with `also`, a .ttc whose later subfonts carry those families."""
    faces = [
        (
            b"OTTO" if cff else b"\0\1\0\0",
            _tables(family, chars, cff=cff, fs_type=fs_type, empty=empty, chinese=chinese),
        )
    ]
    for other in also:
        faces.append((b"\0\1\0\0", _tables(other, chars, cff=False, fs_type=0, empty="", chinese=None)))
    collection = bool(also)
    pos = 12 + 4 * len(faces) if collection else 0
    directory_at = []
    for _version, tables in faces:
        directory_at.append(pos)
        pos += 12 + 16 * len(tables)
    pos += -pos % 4
    body, directories = b"", []
    for version, tables in faces:
        records = b""
        for tag in sorted(tables):
            data = tables[tag]
            records += struct.pack(">4sIII", tag.encode("latin-1"), 0, pos + len(body), len(data))
            body += data + b"\0" * (-len(data) % 4)
        directories.append(version + struct.pack(">HHHH", len(tables), 0, 0, 0) + records)
    head = (
        b"ttcf" + struct.pack(">II", 0x10000, len(faces)) + struct.pack(f">{len(faces)}I", *directory_at)
        if collection
        else b""
    )
    out = head + b"".join(directories)
    return out + b"\0" * (-len(out) % 4) + body


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def fresh_cache():
    fonts.clear_cache()
    yield
    fonts.clear_cache()


@pytest.fixture
def only_dir(tmp_path, monkeypatch, fresh_cache):
    """A font directory that is the only place fonts are looked for."""
    yield from isolated_fonts(tmp_path, monkeypatch)


# ---------------------------------------------------------------- the fonts on this machine


@pytest.mark.parametrize("role", fonts.ROLES)
def test_every_role_is_served_by_an_embeddable_truetype_font(role, fresh_cache):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    choice = fonts.find_font(role)
    assert choice.role == role
    assert choice.path.is_file()
    with open(choice.path, "rb") as f:
        magic = f.read(4)
    assert magic in (b"\0\1\0\0", b"true", b"ttcf")
    assert fonts.covers(choice, COMMON) == set()
    name = f"test-{role}"
    pdfmetrics.registerFont(TTFont(name, str(choice.path), subfontIndex=choice.subfont_index))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont(name, 16)
    pdf.drawString(72, 720, COMMON)
    pdf.save()
    assert out.getvalue().startswith(b"%PDF")


def test_font_report_names_every_role(fresh_cache):
    report = fonts.font_report()
    assert list(report) == list(fonts.ROLES)
    assert set(fonts.ROLE_LABELS) == set(fonts.ROLES)
    assert all(choice is not None and choice.role == role for role, choice in report.items())


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/arphic/uming.ttc").is_file()
    or not Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").is_file(),
    reason="Debian arphic and wqy fonts not installed",
)
def test_debian_fonts_serve_their_roles(fresh_cache):
    report = fonts.font_report()
    if any(c.path.name.lower() in ("simfang.ttf", "simsun.ttc", "simhei.ttf") for c in report.values() if c):
        pytest.skip("Windows fonts installed here")
    gb = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf").is_file()
    folders = [fonts.APP_FONT_DIR, *fonts._env_dirs(os.environ.get(fonts.FONT_DIRS_ENV, ""))]
    fandol = any((folder / "FandolFang-Regular.ttf").is_file() for folder in folders)
    song = "AR PL SungtiL GB" if gb else "AR PL UMing CN"
    assert (report["song"].family, report["song"].exact) == (song, True)
    assert report["hei"].family == "WenQuanYi Zen Hei" and report["hei"].exact
    kai = "AR PL KaitiM GB" if Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf").is_file() else None
    assert report["kai"].family == (kai or "AR PL UKai CN") and report["kai"].exact
    if fandol:
        assert (report["fangsong"].family, report["fangsong"].exact) == ("FandolFang", True)
        assert (report["title"].label, report["title"].exact) == ("FandolSong Bold", False)
    else:
        assert (report["fangsong"].family, report["fangsong"].exact) == ("AR PL UMing CN", False)
        assert (report["title"].family, report["title"].exact) == (song, False)  # a serif, not 文泉驿正黑


def test_results_are_cached(fresh_cache):
    first = fonts.find_font("hei")
    assert fonts.find_font("hei") is first


def test_unknown_role_is_a_programming_error():
    with pytest.raises(ValueError):
        fonts.find_font("comic")


def test_cmap_reading_agrees_with_reportlab(fresh_cache):
    from reportlab.pdfbase.ttfonts import TTFontFile

    choice = fonts.find_font("hei")
    face = TTFontFile(str(choice.path), subfontIndex=choice.subfont_index, validate=0)
    charmap = fonts._charmap(str(choice.path), choice.subfont_index)
    for cp in list(range(0x20, 0x7F)) + list(range(0x4E00, 0x9FFF, 7)) + [0x3000, 0xFF0C, 0x20000, 0x2A6D6]:
        assert charmap.glyph(cp) == face.charToGlyph.get(cp, 0), hex(cp)


def test_common_text_is_covered_and_emoji_is_not(fresh_cache):
    for role in fonts.ROLES:
        choice = fonts.find_font(role)
        assert fonts.covers(choice, COMMON + " \n\t") == set()
        assert "😀" in fonts.covers(choice, "督查😀")


def _gb2312_only_font() -> tuple[str, int] | None:
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\t%{family}\n"], capture_output=True, timeout=10)
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        path, index, family = [*line.split("\t"), "", ""][:3]
        if "gb2312" in family.lower() and path.lower().endswith((".ttf", ".ttc")):
            return path, int(index or 0)
    return None


def test_covers_reports_rare_name_characters_missing_from_a_real_gb2312_font(fresh_cache):
    found = _gb2312_only_font()
    if found is None:
        pytest.skip("no GB2312-only font installed")
    path, index = found
    choice = fonts.FontChoice(role="fangsong", family="GB2312", path=Path(path), subfont_index=index, exact=True)
    assert "堃" in fonts.covers(choice, "张堃")
    assert fonts.covers(choice, COMMON) == set()


# ---------------------------------------------------------------- synthetic fonts in INSPECTOR_FONT_DIRS


def test_no_font_anywhere_raises_with_install_advice(only_dir):
    with pytest.raises(FontNotFoundError) as err:
        fonts.find_font("fangsong")
    message = str(err.value)
    assert message.startswith("没有找到可用于“仿宋”的中文字体")
    assert "sudo apt-get install fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei" in message
    assert "simfang" in message and fonts.FONT_DIRS_ENV in message
    assert fonts.font_report() == dict.fromkeys(fonts.ROLES)
    assert "apt-get install" in fonts.install_hint()


def test_cff_font_is_rejected(only_dir):
    (only_dir / "FangSong.otf").write_bytes(make_font("FangSong", cff=True))
    face = fonts._faces(str(only_dir / "FangSong.otf"))[0]
    assert face.family == "FangSong" and not face.truetype
    with pytest.raises(FontNotFoundError, match="apt-get install"):
        fonts.find_font("fangsong")


def test_truetype_font_in_font_dir_serves_its_role_and_others_as_fallback(only_dir):
    (only_dir / "whatever.ttf").write_bytes(make_font("FangSong", chinese="仿宋"))
    choice = fonts.find_font("fangsong")
    assert (choice.family, choice.path, choice.subfont_index, choice.exact) == (
        "FangSong",
        only_dir / "whatever.ttf",
        0,
        True,
    )
    hei = fonts.find_font("hei")
    assert hei.path == only_dir / "whatever.ttf" and not hei.exact


def test_family_found_by_keyword(only_dir):
    (only_dir / "city.ttf").write_bytes(make_font("City Kai", chinese="市楷体"))
    choice = fonts.find_font("kai")
    assert choice.exact and choice.family == "City Kai"
    assert not fonts.find_font("song").exact


def test_windows_file_name_is_recognised(only_dir):
    (only_dir / "SIMHEI.TTF").write_bytes(make_font("Unrelated Name"))
    assert fonts.find_font("hei").exact


def test_ttc_subfont_chosen_by_family(only_dir):
    (only_dir / "pack.ttc").write_bytes(make_font("Some Serif TW", also=("KaiTi", "Other")))
    choice = fonts.find_font("kai")
    assert (choice.family, choice.subfont_index, choice.exact) == ("KaiTi", 1, True)


def test_font_without_common_chinese_is_rejected(only_dir):
    (only_dir / "latin.ttf").write_bytes(make_font("FangSong", chars="ABCdef123"))
    (only_dir / "hollow.ttf").write_bytes(make_font("SimHei", chars="ABC", empty="督查整改通报"))
    with pytest.raises(FontNotFoundError):
        fonts.find_font("fangsong")


def test_font_forbidding_embedding_is_rejected(only_dir):
    (only_dir / "locked.ttf").write_bytes(make_font("FangSong", fs_type=0x0002))
    with pytest.raises(FontNotFoundError):
        fonts.find_font("fangsong")


def test_covers_names_characters_a_gb2312_style_font_lacks(only_dir):
    (only_dir / "gb.ttf").write_bytes(make_font("仿宋_GB2312", chars=COMMON + "员：、张三李四王", empty="喆"))
    choice = fonts.find_font("fangsong")
    assert choice.exact
    assert fonts.covers(choice, "督查员：张三 李四") == set()
    assert fonts.covers(choice, "督查员：张堃、李喆、王镕") == set(RARE)


def test_new_fonts_are_seen_after_clear_cache_or_a_new_font_dir(only_dir, tmp_path, monkeypatch):
    with pytest.raises(FontNotFoundError):
        fonts.find_font("song")
    (only_dir / "song.ttf").write_bytes(make_font("SimSun"))
    fonts.clear_cache()
    assert fonts.find_font("song").family == "SimSun"
    other = tmp_path / "other"
    other.mkdir()
    (other / "kai.ttf").write_bytes(make_font("KaiTi"))
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, os.pathsep.join([str(other), str(only_dir)]))
    assert fonts.find_font("kai").path == other / "kai.ttf"


def test_broken_font_files_are_skipped(only_dir):
    (only_dir / "empty.ttf").write_bytes(b"")
    (only_dir / "junk.ttc").write_bytes(b"ttcf\0\1\0\0\0\0\0\x05garbage")
    (only_dir / "cut.ttf").write_bytes(make_font("FangSong")[:40])
    (only_dir / "ok.ttf").write_bytes(make_font("SimHei"))
    assert fonts.find_font("hei").path == only_dir / "ok.ttf"


# ---------------------------------------------------------------- stand-ins and the per-character fallback


def test_title_stand_in_is_a_serif_and_fandol_serves_its_roles(only_dir):
    (only_dir / "zenhei.ttc").write_bytes(make_font("WenQuanYi Zen Hei", chinese="文泉驿正黑"))
    (only_dir / "uming.ttc").write_bytes(make_font("AR PL UMing CN"))
    assert fonts.find_font("title").family == "AR PL UMing CN"  # never the sans face while a serif exists
    (only_dir / "FandolSong-Bold.ttf").write_bytes(make_font("FandolSong Bold"))
    (only_dir / "FandolFang-Regular.ttf").write_bytes(make_font("FandolFang"))
    fonts.clear_cache()
    report = fonts.font_report()
    assert (report["title"].label, report["title"].exact) == ("FandolSong Bold", False)
    assert (report["fangsong"].family, report["fangsong"].exact) == ("FandolFang", True)
    assert report["song"].family == "AR PL UMing CN"  # a bold face is no body 宋体
    assert fonts.substitutes(report) == {"title": "FandolSong Bold", "kai": "AR PL UMing CN"}


def test_hei_keeps_a_sans_stand_in(only_dir):
    (only_dir / "uming.ttc").write_bytes(make_font("AR PL UMing CN"))
    (only_dir / "zenhei.ttc").write_bytes(make_font("WenQuanYi Zen Hei"))
    assert fonts.find_font("hei").family == "WenQuanYi Zen Hei"
    assert fonts.find_font("kai").family == "AR PL UMing CN"


def test_fallback_searches_every_font_in_the_font_dirs_and_uncovered_names_the_rest(only_dir):
    (only_dir / "role.ttf").write_bytes(make_font("FangSong", chars=COMMON))
    (only_dir / "latin.ttf").write_bytes(make_font("Plain Latin", chars="ABC"))
    (only_dir / "names.ttf").write_bytes(make_font("City Names", chars="张堃", empty="喆"))
    assert fonts.fallback_font("堃").path == only_dir / "names.ttf"
    assert [c.path.name for c in fonts.fallback_fonts("A")] == ["latin.ttf"]
    assert fonts.fallback_font("喆") is None  # an empty glyph draws nothing: not a cover
    assert fonts.uncovered("督查 张堃、李喆\n") == {"喆", "李", "、"}
    assert fonts.uncovered("") == set()


def test_the_app_font_folder_is_searched(monkeypatch, tmp_path, fresh_cache):
    app = tmp_path / "app-fonts"
    app.mkdir()
    (app / "FandolFang-Regular.ttf").write_bytes(make_font("FandolFang"))
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", (app,))
    monkeypatch.setattr(fonts, "USER_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    monkeypatch.delenv(fonts.FONT_DIRS_ENV, raising=False)
    assert fonts.find_font("fangsong").path == app / "FandolFang-Regular.ttf"
    assert fonts._system_font_dirs()[0] == fonts.APP_FONT_DIR
