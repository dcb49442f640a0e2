"""Installing the Fandol fonts: CFF outlines converted to TrueType that reportlab embeds, once, with the licence."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inspector import fontinstall, fonts
from tests.font_kit import BASIC, build_font


def fandol_sources(folder: Path) -> Path:
    """A folder laid out like TeX Live's, with tiny CFF stand-ins for FandolFang and FandolSong Bold."""
    fonts_dir = folder / "fonts" / "opentype" / "public" / "fandol"
    build_font(fonts_dir / "FandolFang-Regular.otf", "FandolFang", BASIC, cff=True)
    build_font(fonts_dir / "FandolSong-Bold.otf", "FandolSong Bold", BASIC, cff=True)
    (fonts_dir / "README").write_text("These fonts's licensing is GPL + GPL font exception.\n", "utf-8")
    (fonts_dir / "COPYING").write_text("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n", "utf-8")
    return folder


def test_a_cff_font_is_converted_to_truetype_that_reportlab_embeds(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    source = build_font(tmp_path / "cff.otf", "Tiny Fang", BASIC, cff=True)
    assert not fonts.read_faces(source)[0].truetype  # reportlab cannot embed this one
    target = tmp_path / "out" / "tiny.ttf"
    fontinstall.convert(source, target)
    (face,) = fonts.read_faces(target)
    assert face.truetype and face.embeddable
    choice = fonts.FontChoice("fangsong", face.family, target, 0, True)
    assert fonts.covers(choice, BASIC) == set()
    pdfmetrics.registerFont(TTFont("tiny-converted", str(target)))
    out = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(out))
    pdf.setFont("tiny-converted", 16)
    pdf.drawString(72, 720, "督查整改通报")
    pdf.save()
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        assert any("TrueType" in line and " yes " in line for line in listing.splitlines() if "Tiny" in line)
    assert sorted(p.name for p in target.parent.iterdir()) == ["tiny.ttf"]  # no partial file left


def test_converting_a_truetype_font_is_refused(tmp_path):
    source = build_font(tmp_path / "plain.ttf", "Plain", BASIC)
    with pytest.raises(fontinstall.FontInstallError, match="不是 CFF"):
        fontinstall.convert(source, tmp_path / "x.ttf")


def test_install_from_a_folder_once_with_the_licence(tmp_path):
    dest = tmp_path / "dest"
    said: list[str] = []
    assert fontinstall.install(dest, source_dir=fandol_sources(tmp_path / "src"), say=said.append)
    assert sorted(p.name for p in dest.iterdir()) == [
        "COPYING-GPL-3.0.txt",
        "FandolFang-Regular.ttf",
        "FandolSong-Bold.ttf",
        "LICENSE-Fandol.txt",
    ]
    licence = (dest / "LICENSE-Fandol.txt").read_text("utf-8")
    assert "GPL font exception" in licence and "As a special exception" in licence and "GPL + GPL" in licence
    assert any("转换为 TrueType" in line for line in said) and said[-1].startswith("已安装 Fandol 字体")
    stamp = (dest / "FandolFang-Regular.ttf").stat().st_mtime_ns
    said.clear()
    assert not fontinstall.install(dest, source_dir=tmp_path / "nowhere", say=said.append)  # already there
    assert said == [f"Fandol 字体已安装在 {dest}，跳过"]
    assert (dest / "FandolFang-Regular.ttf").stat().st_mtime_ns == stamp


def test_install_from_a_deb(tmp_path):
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not installed (not Debian)")
    root = tmp_path / "pkg"
    src = fandol_sources(tmp_path / "src") / "fonts" / "opentype" / "public" / "fandol"
    fonts_dir = root / fontinstall.DEB_FONT_DIR
    doc_dir = root / fontinstall.DEB_DOC_DIR
    fonts_dir.mkdir(parents=True)
    doc_dir.mkdir(parents=True)
    for name in fontinstall.FONTS:
        shutil.copy(src / name, fonts_dir / name)
    (doc_dir / "README").write_text("GPL + GPL font exception\n", "utf-8")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        "Package: texlive-lang-chinese\nVersion: 1\nArchitecture: all\nMaintainer: t <t@example.org>\n"
        "Description: test\n",
        "utf-8",
    )
    deb = tmp_path / "texlive-lang-chinese_1_all.deb"
    subprocess.run(["dpkg-deb", "--build", "-Zgzip", str(root), str(deb)], check=True, capture_output=True)
    dest = tmp_path / "dest"
    assert fontinstall.install(dest, deb=deb, say=lambda _line: None)
    assert fontinstall.installed(dest)
    assert "GPL + GPL font exception" in (dest / "LICENSE-Fandol.txt").read_text("utf-8")


def test_main_warns_in_chinese_and_returns_1_when_nothing_can_be_installed(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert fontinstall.main(["--from-dir", str(empty), "--dest", str(tmp_path / "dest")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("警告：未能安装 Fandol 字体：没有找到字体文件 FandolFang-Regular.otf、FandolSong-Bold.otf")
    assert "文书仍可生成" in err
    assert fontinstall.main(["--from-dir", str(tmp_path / "absent"), "--dest", str(tmp_path / "dest")]) == 1
    assert "不存在" in capsys.readouterr().err
    broken = tmp_path / "broken.deb"
    broken.write_bytes(b"not a deb")
    if shutil.which("dpkg-deb"):
        assert fontinstall.main(["--from-deb", str(broken), "--dest", str(tmp_path / "dest")]) == 1
        assert "无法读取软件包" in capsys.readouterr().err
    assert not (tmp_path / "dest").exists() or not any((tmp_path / "dest").iterdir())


def test_main_skips_when_installed(tmp_path, capsys):
    dest = tmp_path / "dest"
    fontinstall.install(dest, source_dir=fandol_sources(tmp_path / "src"), say=lambda _line: None)
    assert fontinstall.main(["--dest", str(dest)]) == 0
    assert "跳过" in capsys.readouterr().out


def test_a_damaged_licence_archive_does_not_stop_the_install(tmp_path):
    source = fandol_sources(tmp_path / "src")
    fonts_dir = source / "fonts" / "opentype" / "public" / "fandol"
    (fonts_dir / "COPYING").unlink()
    (fonts_dir / "COPYING.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"not deflate data")
    dest = tmp_path / "dest"
    assert fontinstall.main(["--from-dir", str(source), "--dest", str(dest)]) == 0
    assert {"FandolFang-Regular.ttf", "FandolSong-Bold.ttf", "LICENSE-Fandol.txt"} <= {p.name for p in dest.iterdir()}
    assert "GPL font exception" in (dest / "LICENSE-Fandol.txt").read_text("utf-8")
