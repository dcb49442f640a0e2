"""Install the free 仿宋 and a bold 宋 for titles: Fandol fonts converted from CFF to TrueType outlines.

The only free 仿宋 is FandolFang, shipped as a CFF-outline .otf in TeX Live; reportlab embeds TrueType outlines
only, so the fonts are converted once with fontTools and put in the app's own font folder (fonts.APP_FONT_DIR),
which the app searches and no other program sees. On Debian the .otf files come from the texlive-lang-chinese
package, downloaded (not installed) with `apt-get download`. The Fandol licence (GPL v3 with the font exception)
is copied beside the converted files.

    python -m inspector.fontinstall [--from-deb FILE | --from-dir DIR] [--dest DIR]

Installing twice does nothing the second time. Failure is a warning: documents still print with the other fonts.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

from inspector import fonts

DEB_PACKAGE = "texlive-lang-chinese"
DEB_FONT_DIR = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"
DEB_DOC_DIR = "usr/share/doc/texlive-doc/fonts/fandol/"
SYSTEM_SOURCE_DIRS = (Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),)
SYSTEM_DOC_DIRS = (Path("/usr/share/doc/texlive-doc/fonts/fandol"),)
# Source .otf → converted .ttf, and the role it serves.
FONTS = {
    "FandolFang-Regular.otf": ("FandolFang-Regular.ttf", "仿宋"),
    "FandolSong-Bold.otf": ("FandolSong-Bold.ttf", "标题（小标宋的代用字体）"),
}
LICENCE_FILE = "LICENSE-Fandol.txt"
COPYING_FILE = "COPYING-GPL-3.0.txt"
DOWNLOAD_TIMEOUT = 600.0

LICENCE_NOTE = """Fandol 字体（FandolFang-Regular、FandolSong-Bold），由 创文督查 从 CFF 轮廓转换为 TrueType 轮廓，
以便嵌入 PDF 文书。字形未作改动。
The Fandol fonts (FandolFang-Regular, FandolSong-Bold), converted by 创文督查 from CFF to TrueType outlines so
that they can be embedded in PDF documents; the glyphs are unchanged.

Source: Fandol fonts by the Fandol team (Clerk Ma, Jie Su), https://ctan.org/pkg/fandol, as shipped in the
Debian package texlive-lang-chinese.

Licence: GNU General Public License version 3 (see COPYING-GPL-3.0.txt, or https://www.gnu.org/licenses/gpl-3.0)
with the GPL font exception, which this converted version keeps:

  As a special exception, if you create a document which uses this font, and embed this font or unaltered
  portions of this font into the document, this font does not by itself cause the resulting document to be
  covered by the GNU General Public License. This exception does not however invalidate any other reasons why
  the document might be covered by the GNU General Public License. If you modify this font, you may extend this
  exception to your version of the font, but you are not obligated to do so. If you do not wish to do so, delete
  this exception statement from your version.
"""

Say = Callable[[str], None]


class FontInstallError(Exception):
    """The Fandol fonts could not be obtained or converted (a Chinese sentence saying why)."""


def default_dest() -> Path:
    """Where the converted fonts go: the app's own font folder inside this Python environment."""
    return fonts.APP_FONT_DIR


def _is_truetype(path: Path) -> bool:
    faces = fonts.read_faces(path)
    return bool(faces) and faces[0].truetype


def installed(dest: Path) -> bool:
    """Whether every converted font is already in `dest` as a readable TrueType font."""
    return all(_is_truetype(dest / target) for target, _role in FONTS.values())


def convert(source: Path, target: Path) -> None:
    """Write a TrueType-outline copy of a CFF-outline OpenType font (quadratic curves, glyf/loca tables).

    The file appears at `target` only when complete (written beside it, then renamed).
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source))
    if "CFF " not in font:
        raise FontInstallError(f"“{source.name}”不是 CFF 轮廓的 OpenType 字体，无需转换")
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # cubic → quadratic within 1 font unit; TrueType contours run the other way round
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0  # no glyph names: CID-keyed fonts have none worth keeping
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        font.save(str(partial))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _from_deb(deb: Path, into: Path) -> Path:
    """Extract the Fandol .otf files and their licence from a texlive-lang-chinese .deb into `into`."""
    wanted = {DEB_FONT_DIR + name for name in FONTS} | {DEB_DOC_DIR + "README", DEB_DOC_DIR + "COPYING.gz"}
    try:
        with subprocess.Popen(
            ["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as proc:
            assert proc.stdout is not None
            try:
                with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                    for member in tar:
                        name = member.name.removeprefix("./")
                        if name in wanted and member.isfile():
                            source = tar.extractfile(member)
                            assert source is not None
                            (into / Path(name).name).write_bytes(source.read())
            except BaseException:
                proc.kill()  # it may be blocked writing the rest of the package
                raise
            code = proc.wait()
    except (OSError, tarfile.TarError) as exc:
        raise FontInstallError(f"无法读取软件包“{deb}”：{exc}") from exc
    if code != 0:
        raise FontInstallError(f"无法读取软件包“{deb}”（dpkg-deb 退出码 {code}）")
    return into


def _download_deb(into: Path) -> Path:
    """Download (not install) texlive-lang-chinese with apt-get; the .deb's path."""
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        raise FontInstallError("本机不是 Debian 系统（没有 apt-get/dpkg-deb），无法下载 Fandol 字体")
    try:
        result = subprocess.run(
            ["apt-get", "download", "-q", DEB_PACKAGE],
            cwd=into,
            capture_output=True,
            timeout=DOWNLOAD_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontInstallError(f"下载 {DEB_PACKAGE} 失败：{exc}") from exc
    debs = sorted(into.glob(f"{DEB_PACKAGE}_*.deb"))
    if result.returncode != 0 or not debs:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FontInstallError(
            f"下载 {DEB_PACKAGE} 失败（apt-get download 退出码 {result.returncode}"
            + (f"：{detail[-1]}" if detail else "")
            + "）；可先运行 sudo apt-get update 再试"
        )
    return debs[-1]


def _find_sources(directory: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if name in FONTS and name not in found:
                found[name] = Path(root) / name
    return found


def _doc_dirs(directory: Path) -> list[Path]:
    """Folders under `directory` holding Fandol's README or licence text, those with the licence first."""
    found = [
        Path(root)
        for root, _dirs, files in os.walk(directory)
        if "fandol" in root.lower() and {"README", "COPYING", "COPYING.gz"} & set(files)
    ]
    return sorted(found, key=lambda d: not ((d / "COPYING").is_file() or (d / "COPYING.gz").is_file()))


def _write_licence(dest: Path, doc_dirs: list[Path]) -> None:
    readme = next((d / "README" for d in sorted(doc_dirs) if (d / "README").is_file()), None)
    note = LICENCE_NOTE
    if readme is not None:
        note += "\n---- Fandol README ----\n" + readme.read_text("utf-8", "replace")
    (dest / LICENCE_FILE).write_text(note, "utf-8")
    for d in doc_dirs:
        if (d / "COPYING.gz").is_file():
            try:
                text = gzip.decompress((d / "COPYING.gz").read_bytes())
            except (OSError, EOFError, zlib.error):  # damaged: the licence note above still names the GPL
                continue
            (dest / COPYING_FILE).write_bytes(text)
            return
        if (d / "COPYING").is_file():
            shutil.copyfile(d / "COPYING", dest / COPYING_FILE)
            return


def install(dest: Path, *, deb: Path | None = None, source_dir: Path | None = None, say: Say = print) -> bool:
    """Convert and install the Fandol fonts into `dest`; False when they were already there (nothing done).

    Sources, in order: `source_dir`, `deb`, a TeX Live already on the machine, else a download of the Debian
    package. Raises FontInstallError with a Chinese sentence when no source works.
    """
    if installed(dest):
        say(f"Fandol 字体已安装在 {dest}，跳过")
        return False
    with tempfile.TemporaryDirectory(prefix="inspector-fonts-") as tmp:
        work = Path(tmp)
        doc_dirs: list[Path] = []
        if source_dir is not None:
            if not source_dir.is_dir():
                raise FontInstallError(f"文件夹“{source_dir}”不存在")
            sources = _find_sources(source_dir)
            doc_dirs = _doc_dirs(source_dir)
        elif deb is not None:
            sources = _find_sources(_from_deb(deb, work))
            doc_dirs = [work]
        else:
            local = [d for d in SYSTEM_SOURCE_DIRS if d.is_dir()]
            sources = _find_sources(local[0]) if local else {}
            doc_dirs = list(SYSTEM_DOC_DIRS)
            if len(sources) < len(FONTS):
                say(f"正在下载 {DEB_PACKAGE} 软件包（只取其中的 Fandol 字体，不安装 TeX Live）…")
                sources = _find_sources(_from_deb(_download_deb(work), work))
                doc_dirs = [work]
        lacking = [name for name in FONTS if name not in sources]
        if lacking:
            raise FontInstallError(f"没有找到字体文件 {'、'.join(lacking)}")
        dest.mkdir(parents=True, exist_ok=True)
        for name, (target, role) in FONTS.items():
            if _is_truetype(dest / target):
                continue
            say(f"正在把 {name}（{role}）转换为 TrueType 轮廓（约半分钟）…")
            try:
                convert(sources[name], dest / target)
            except FontInstallError:
                raise
            except Exception as exc:  # fontTools raises many kinds of errors on a damaged font
                raise FontInstallError(f"转换 {name} 失败：{exc}") from exc
        _write_licence(dest, doc_dirs)
    fonts.clear_cache()
    say(f"已安装 Fandol 字体（仿宋、标题用粗宋）到 {dest}；许可证见 {dest / LICENCE_FILE}")
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: 0 when the fonts are installed (or already were), 1 with a warning when they could not be."""
    parser = argparse.ArgumentParser(
        prog="python -m inspector.fontinstall",
        description="安装免费的仿宋（FandolFang）和标题用粗宋（FandolSong Bold），转换为可嵌入 PDF 的 TrueType 字体",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--from-deb", type=Path, metavar="FILE", help="从已下载的 texlive-lang-chinese .deb 中取字体")
    source.add_argument("--from-dir", type=Path, metavar="DIR", help="从含有 Fandol .otf 文件的文件夹中取字体")
    parser.add_argument("--dest", type=Path, default=None, help=f"安装到此文件夹（默认 {default_dest()}）")
    args = parser.parse_args(argv)
    dest = args.dest or default_dest()
    try:
        install(dest, deb=args.from_deb, source_dir=args.from_dir)
    except (FontInstallError, OSError) as exc:
        print(
            f"警告：未能安装 Fandol 字体：{exc}\n"
            "文书仍可生成：仿宋和标题将由已安装的其他字体代替（生成文书时会提示由哪种字体代替）。",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
