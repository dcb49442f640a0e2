"""CJK fonts found on this machine by role (仿宋, 宋, 黑, 楷, 标题); TrueType outlines only, which reportlab embeds.

Besides the role fonts, every installed TrueType font can stand in for a character the role fonts lack
(`fallback_font`, e.g. CJK Extension B characters in names); `uncovered` names the characters no font has.
"""

from __future__ import annotations

import bisect
import functools
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector.errors import FontNotFoundError

ROLES = ("fangsong", "song", "hei", "kai", "title")
ROLE_LABELS = {"fangsong": "仿宋", "song": "宋体", "hei": "黑体", "kai": "楷体", "title": "标题（小标宋）"}

FONT_DIRS_ENV = "INSPECTOR_FONT_DIRS"
SAMPLE_TEXT = "督查整改通报"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
MAX_FONT_FILES = 5000
FC_LIST_TIMEOUT = 5.0
USE_FC_LIST = True


# The app's own fonts (the converted Fandol fonts, see fontinstall), inside this Python environment.
APP_FONT_DIR = Path(sys.prefix) / "share" / "fonts" / "inspector"


def _system_font_dirs() -> tuple[Path, ...]:
    dirs = [
        APP_FONT_DIR,
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
    ]
    if sys.platform == "win32":
        dirs.insert(1, Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    return tuple(dirs)


def _user_font_dirs() -> tuple[Path, ...]:
    home = Path.home()
    dirs = [home / ".fonts", home / ".local" / "share" / "fonts", home / "Library" / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return tuple(dirs)


SYSTEM_FONT_DIRS: tuple[Path, ...] = _system_font_dirs()
USER_FONT_DIRS: tuple[Path, ...] = _user_font_dirs()


@dataclass(frozen=True)
class FontChoice:
    """The font serving one role: file, subfont index in a .ttc, and whether its style is the role's own."""

    role: str
    family: str
    path: Path
    subfont_index: int
    exact: bool
    full_name: str = ""

    @property
    def label(self) -> str:
        """The face's name for people, e.g. "FandolSong Bold" where the family is "FandolSong"."""
        return self.full_name or self.family


@dataclass(frozen=True)
class _Candidate:
    families: tuple[str, ...]
    files: tuple[str, ...]


def _c(families: Iterable[str], files: Iterable[str] = ()) -> _Candidate:
    return _Candidate(tuple(families), tuple(f.lower() for f in files))


_UMING = _c(["AR PL UMing CN", "AR PL UMing"], ["uming.ttc"])
_UKAI = _c(["AR PL UKai CN", "AR PL UKai"], ["ukai.ttc"])
_ZENHEI = _c(["WenQuanYi Zen Hei", "文泉驿正黑"], ["wqy-zenhei.ttc"])
_MICROHEI = _c(["WenQuanYi Micro Hei", "文泉驿微米黑"], ["wqy-microhei.ttc"])
_DROID = _c(["Droid Sans Fallback"], ["DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"])
_WENKAI = _c(["LXGW WenKai", "霞鹜文楷"], ["LXGWWenKai-Regular.ttf", "LXGWWenKaiGB-Regular.ttf"])
_SUNGTIL = _c(["AR PL SungtiL GB", "文鼎ＰＬ简报宋"], ["gbsn00lp.ttf"])
_KAITIM = _c(["AR PL KaitiM GB", "文鼎ＰＬ简中楷"], ["gkai00mp.ttf"])
_FANDOLFANG = _c(["FandolFang", "FandolFang R"], ["FandolFang-Regular.ttf"])
_FANDOLSONG_BOLD = _c(["FandolSong Bold", "FandolSong-Bold"], ["FandolSong-Bold.ttf"])
_FZSHUSONG = _c(["方正书宋简体", "方正书宋_GBK"], ["FZSSJW.TTF", "FZSSK.TTF"])
_SIMSUN = _c(["SimSun", "宋体", "NSimSun", "新宋体"], ["simsun.ttc", "simsun.ttf"])
_SIMHEI = _c(["SimHei", "黑体"], ["simhei.ttf"])
_SONGTI = _c(["Songti SC", "宋体-简", "STSong", "华文宋体"], ["Songti.ttc", "STSong.ttf"])
_STHEITI = _c(
    ["Heiti SC", "黑体-简", "STHeiti", "华文黑体"], ["STHeiti Light.ttc", "STHeiti Medium.ttc", "STHeiti.ttf"]
)
_YAHEI = _c(["Microsoft YaHei", "微软雅黑"], ["msyh.ttc", "msyh.ttf"])

# Per role: candidates whose style is the role's own (exact), keywords for other fonts of that style, then fallbacks.
_EXACT: dict[str, tuple[_Candidate, ...]] = {
    "fangsong": (
        _c(["仿宋_GB2312", "FangSong_GB2312"], ["仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "FS_GB2312.ttf"]),
        _c(["FangSong", "仿宋"], ["simfang.ttf"]),
        _c(["STFangsong", "华文仿宋"], ["STFANGSO.TTF", "华文仿宋.ttf"]),
        _c(["方正仿宋简体", "方正仿宋_GBK", "FZFangSong-Z02S", "FZFangSong-Z02"], ["FZFSJW.TTF", "FZFSK.TTF"]),
        _FANDOLFANG,
    ),
    "song": (_SIMSUN, _SONGTI, _FZSHUSONG, _SUNGTIL, _UMING),
    "hei": (_SIMHEI, _STHEITI, _c(["方正黑体简体", "方正黑体_GBK"], ["FZHTJW.TTF", "FZHTK.TTF"]), _ZENHEI, _MICROHEI),
    "kai": (
        _c(["楷体_GB2312", "KaiTi_GB2312"], ["楷体_GB2312.ttf", "KaiTi_GB2312.ttf", "KT_GB2312.ttf"]),
        _c(["KaiTi", "楷体"], ["simkai.ttf"]),
        _c(["STKaiti", "华文楷体", "Kaiti SC", "楷体-简"], ["STKAITI.TTF", "Kaiti.ttc"]),
        _c(["方正楷体简体", "方正楷体_GBK"], ["FZKTJW.TTF", "FZKTK.TTF"]),
        _KAITIM,
        _UKAI,
        _WENKAI,
    ),
    "title": (
        _c(
            ["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"],
            ["FZXBSJW.TTF", "FZXBSK.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf"],
        ),
    ),
}
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "fangsong": ("仿宋", "fangsong"),
    "song": ("宋", "song"),
    "hei": ("黑", "heiti", "hei"),
    "kai": ("楷", "kaiti", "kai"),
    "title": ("小标宋", "xiaobiaosong", "标宋", "biaosong"),
}
_KEYWORD_EXCLUDES: dict[str, tuple[str, ...]] = {
    "fangsong": (),
    "song": ("仿宋", "fangsong", "小标宋", "xiaobiaosong", "标宋", "biaosong", "bold", "粗"),
    "hei": (),
    "kai": (),
    "title": (),
}
_FALLBACK: dict[str, tuple[_Candidate, ...]] = {
    "fangsong": (_UMING, _UKAI, _SIMSUN, _SONGTI, _WENKAI, _DROID, _ZENHEI),
    "song": (_DROID, _ZENHEI, _UKAI),
    "hei": (_YAHEI, _DROID, _UMING, _UKAI),
    "kai": (_UMING, _ZENHEI, _DROID),
    # a heavy serif first, then any 宋; a sans face only where no serif is installed
    "title": (
        _c(["STZhongsong", "华文中宋"], ["STZHONGS.TTF"]),
        _FANDOLSONG_BOLD,
        _SIMSUN,
        _SONGTI,
        _FZSHUSONG,
        _SUNGTIL,
        _UMING,
        _SIMHEI,
        _STHEITI,
        _ZENHEI,
        _DROID,
    ),
}
# Names that mark a sans-serif (黑体-like) face: the last choice for every role but 黑体.
_SANS_MARKS = ("hei", "黑", "sans", "gothic", "ゴシック", "yahei", "雅黑", "dengxian", "等线")


def _hint_zh() -> str:
    return (
        "请安装中文 TrueType 字体（PDF 需嵌入 TrueType 字体；Noto CJK 等 CFF 轮廓的 .otf/.ttc 无法使用）：\n"
        "  · Debian/Ubuntu/统信UOS/麒麟：sudo apt-get install fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei\n"
        "  · Windows：系统自带仿宋、宋体、黑体、楷体（simfang.ttf、simsun.ttc、simhei.ttf、simkai.ttf），"
        "请确认 C:\\Windows\\Fonts 中有这些文件\n"
        f"  · 或把字体文件放进一个文件夹，并用环境变量 {FONT_DIRS_ENV} 指向它（多个文件夹用“{os.pathsep}”分隔）"
    )


def _hint_en() -> str:
    return (
        "Install CJK TrueType fonts (CFF-outline fonts such as Noto CJK .otf cannot be embedded in PDFs):\n"
        "  - Debian/Ubuntu: sudo apt-get install fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei\n"
        "  - Windows: the fonts ship with the OS (simfang.ttf, simsun.ttc, simhei.ttf, simkai.ttf)\n"
        f"  - or put font files in a folder and set {FONT_DIRS_ENV} to it (several folders separated by '{os.pathsep}')"
    )


def install_hint() -> str:
    """How to get usable CJK TrueType fonts, in Chinese first and then English."""
    return _hint_zh() + "\n" + _hint_en()


# ---------------------------------------------------------------- sfnt reading


@dataclass(frozen=True)
class _Face:
    path: str
    index: int
    names: tuple[str, ...]
    family: str
    truetype: bool
    embeddable: bool
    tables: tuple[tuple[str, int, int], ...]
    full: str = ""

    @property
    def sans(self) -> bool:
        """Whether the face's names say it is a sans-serif (黑体-like) face."""
        return any(mark in _norm(name) for name in self.names for mark in _SANS_MARKS)


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " -_")


def _decode_name(platform: int, encoding: int, raw: bytes) -> str | None:
    try:
        if platform == 0 or (platform == 3 and encoding in (0, 1, 10)):
            text = raw.decode("utf-16-be")
        elif platform == 3 and encoding in (3, 4, 5):
            # Old Chinese fonts store GB2312/Big5 codes as 16-bit units.
            units = struct.unpack(f">{len(raw) // 2}H", raw[: len(raw) // 2 * 2])
            packed = b"".join(u.to_bytes(2, "big") if u > 0xFF else bytes([u]) for u in units if u)
            text = packed.decode({3: "gbk", 4: "big5", 5: "cp949"}[encoding])
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman")
        elif platform == 1 and encoding in (2, 25):
            text = raw.decode("big5" if encoding == 2 else "gbk")
        else:
            return None
    except (UnicodeDecodeError, struct.error, KeyError):
        return None
    text = text.strip("\x00 ")
    return text or None


def _parse_names(data: bytes) -> tuple[tuple[str, ...], str, str]:
    """All family and full names, the English family (the typographic one where given) and the English full name."""
    count, string_offset = struct.unpack_from(">2xHH", data, 0)
    names: list[str] = []
    english: dict[int, list[str]] = {1: [], 4: [], 16: []}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", data, 6 + 12 * i)
        if name_id not in (1, 4, 16):
            continue
        start = string_offset + offset
        text = _decode_name(platform, encoding, data[start : start + length])
        if text is None:
            continue
        if text not in names:
            names.append(text)
        if text.isascii() and (platform != 3 or language == 0x409):
            english[name_id].append(text)
    family = (english[16] or english[1] or names or [""])[0]
    return tuple(names), family, (english[4] or [""])[0]


def _read_face(f, path: str, index: int, offset: int) -> _Face:
    f.seek(offset)
    header = f.read(12)
    version, num_tables = struct.unpack(">4sH", header[:6])
    directory = f.read(16 * num_tables)
    tables = tuple(
        (tag.decode("latin-1"), table_offset, length)
        for tag, _checksum, table_offset, length in struct.iter_unpack(">4sIII", directory)
    )
    tags = {tag for tag, _, _ in tables}
    truetype = (
        version in (b"\x00\x01\x00\x00", b"true")
        and {"glyf", "loca", "cmap", "head", "maxp"} <= tags
        and not tags & {"CFF ", "CFF2"}
    )
    by_tag = {tag: (table_offset, length) for tag, table_offset, length in tables}
    names: tuple[str, ...] = ()
    family = full = ""
    if "name" in by_tag:
        f.seek(by_tag["name"][0])
        names, family, full = _parse_names(f.read(by_tag["name"][1]))
    embeddable = True
    if "OS/2" in by_tag:
        f.seek(by_tag["OS/2"][0] + 8)
        (fs_type,) = struct.unpack(">H", f.read(2))
        # reportlab refuses fonts that forbid subsetting or allow bitmap embedding only.
        embeddable = not (fs_type == 0x0002 or fs_type & 0x0300)
    return _Face(path, index, names, family, truetype, embeddable, tables, full)


@functools.lru_cache(maxsize=4096)
def _faces_cached(path: str, _mtime_ns: int, _size: int) -> tuple[_Face, ...]:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                offsets = struct.unpack(f">{min(count, 64)}I", f.read(4 * min(count, 64)))
                return tuple(_read_face(f, path, i, off) for i, off in enumerate(offsets))
            return (_read_face(f, path, 0, 0),)
    except (OSError, struct.error, ValueError):
        return ()


def _faces(path: str) -> tuple[_Face, ...]:
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return _faces_cached(path, st.st_mtime_ns, st.st_size)


def read_faces(path: Path) -> tuple[_Face, ...]:
    """The faces of a font file (one, or several in a .ttc); empty when it is not a readable font."""
    return _faces(str(path))


class _Charmap:
    """Unicode → glyph lookup over one face's best cmap subtable, plus loca to tell empty glyphs."""

    def __init__(self, face: _Face):
        by_tag = {tag: (offset, length) for tag, offset, length in face.tables}
        with open(face.path, "rb") as f:
            cmap = self._table(f, by_tag, "cmap")
            head = self._table(f, by_tag, "head")
            maxp = self._table(f, by_tag, "maxp")
            self.loca = self._table(f, by_tag, "loca")
        self.long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.num_glyphs = struct.unpack_from(">H", maxp, 4)[0]
        self.format = 0
        subtables = {}
        (count,) = struct.unpack_from(">H", cmap, 2)
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            subtables[(platform, encoding)] = offset
        for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
            if key not in subtables:
                continue
            sub = subtables[key]
            fmt = struct.unpack_from(">H", cmap, sub)[0]
            if fmt == 12:
                self._load_format12(cmap, sub)
                return
            if fmt == 4:
                self._load_format4(cmap, sub)
                return

    @staticmethod
    def _table(f, by_tag: dict[str, tuple[int, int]], tag: str) -> bytes:
        offset, length = by_tag[tag]
        f.seek(offset)
        return f.read(length)

    def _load_format4(self, cmap: bytes, sub: int) -> None:
        seg_count = struct.unpack_from(">H", cmap, sub + 6)[0] // 2
        ends_at = sub + 14
        starts_at = ends_at + 2 * seg_count + 2
        deltas_at = starts_at + 2 * seg_count
        self.range_offsets_at = deltas_at + 2 * seg_count
        self.ends = list(struct.unpack_from(f">{seg_count}H", cmap, ends_at))
        self.starts = struct.unpack_from(f">{seg_count}H", cmap, starts_at)
        self.deltas = struct.unpack_from(f">{seg_count}H", cmap, deltas_at)
        self.range_offsets = struct.unpack_from(f">{seg_count}H", cmap, self.range_offsets_at)
        self.cmap = cmap
        self.format = 4

    def _load_format12(self, cmap: bytes, sub: int) -> None:
        (groups,) = struct.unpack_from(">I", cmap, sub + 12)
        triples = list(struct.iter_unpack(">III", cmap[sub + 16 : sub + 16 + 12 * groups]))
        self.group_starts = [t[0] for t in triples]
        self.ends = [t[1] for t in triples]
        self.start_glyphs = [t[2] for t in triples]
        self.format = 12

    def glyph(self, codepoint: int) -> int:
        """Glyph id for a code point, 0 when the font maps it to nothing."""
        if self.format == 12:
            i = bisect.bisect_left(self.ends, codepoint)
            if i < len(self.ends) and self.group_starts[i] <= codepoint:
                return self.start_glyphs[i] + codepoint - self.group_starts[i]
            return 0
        if self.format == 4 and codepoint <= 0xFFFF:
            i = bisect.bisect_left(self.ends, codepoint)
            if i >= len(self.ends) or self.starts[i] > codepoint:
                return 0
            if self.range_offsets[i] == 0:
                return (codepoint + self.deltas[i]) & 0xFFFF
            at = self.range_offsets_at + 2 * i + self.range_offsets[i] + 2 * (codepoint - self.starts[i])
            if at + 2 > len(self.cmap):
                return 0
            glyph = struct.unpack_from(">H", self.cmap, at)[0]
            return (glyph + self.deltas[i]) & 0xFFFF if glyph else 0
        return 0

    def has_outline(self, codepoint: int) -> bool:
        """Whether the code point maps to a glyph that draws something."""
        glyph = self.glyph(codepoint)
        return glyph > 0 and self.draws(glyph)

    def draws(self, glyph: int) -> bool:
        """Whether a glyph (by id) has an outline."""
        if glyph < 0 or glyph >= self.num_glyphs:
            return False
        size, fmt = (4, ">2I") if self.long_loca else (2, ">2H")
        if (glyph + 2) * size > len(self.loca):
            return False
        start, end = struct.unpack_from(fmt, self.loca, glyph * size)
        return end > start


@functools.lru_cache(maxsize=1024)
def _charmap_cached(path: str, index: int, _mtime_ns: int, _size: int) -> _Charmap | None:
    for face in _faces(path):
        if face.index == index and face.truetype:
            try:
                return _Charmap(face)
            except (OSError, struct.error, KeyError, ValueError, IndexError):
                return None
    return None


def _charmap(path: str, index: int) -> _Charmap | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _charmap_cached(path, index, st.st_mtime_ns, st.st_size)


def _missing(charmap: _Charmap | None, text: str) -> set[str]:
    chars = {ch for ch in text if _drawable(ch)}
    if charmap is None:
        return chars
    return {ch for ch in chars if not charmap.has_outline(ord(ch))}


def _usable(face: _Face) -> bool:
    return face.truetype and face.embeddable and not _missing(_charmap(face.path, face.index), SAMPLE_TEXT)


# ---------------------------------------------------------------- discovery


def _env_dirs(env_value: str) -> list[Path]:
    return [Path(part).expanduser() for part in env_value.split(os.pathsep) if part.strip()]


def _walk(directory: Path) -> Iterator[str]:
    seen: set[str] = set()
    for root, dirs, files in os.walk(directory, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(FONT_SUFFIXES):
                yield os.path.join(root, name)


def _fc_list_files() -> list[str]:
    if not USE_FC_LIST or shutil.which("fc-list") is None:
        return []
    try:
        result = subprocess.run(
            ["fc-list", "--format", "%{file}\n"],
            capture_output=True,
            timeout=FC_LIST_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    text = result.stdout.decode("utf-8", errors="replace")
    return sorted({line for line in text.splitlines() if line.lower().endswith(FONT_SUFFIXES)})


@dataclass(frozen=True)
class _Discovery:
    files: tuple[str, ...]
    by_basename: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=8)
def _discover(env_value: str) -> _Discovery:
    files: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        real = os.path.realpath(path)
        if real not in seen and len(files) < MAX_FONT_FILES:
            seen.add(real)
            files.append(path)

    for directory in [*_env_dirs(env_value), *USER_FONT_DIRS, *SYSTEM_FONT_DIRS]:
        if directory.is_dir():
            for path in _walk(directory):
                add(path)
    for path in _fc_list_files():
        add(path)
    by_basename: dict[str, list[str]] = {}
    for path in files:
        by_basename.setdefault(os.path.basename(path).lower(), []).append(path)
    return _Discovery(tuple(files), {k: tuple(v) for k, v in by_basename.items()})


def _choice(role: str, face: _Face, exact: bool) -> FontChoice:
    return FontChoice(
        role=role, family=face.family, path=Path(face.path), subfont_index=face.index, exact=exact, full_name=face.full
    )


@functools.lru_cache(maxsize=8)
def _all_faces(env_value: str) -> tuple[tuple[_Face, frozenset[str]], ...]:
    """Every face of every discovered file with its normalised names; read only when a family lookup needs it."""
    return tuple(
        (face, frozenset(_norm(n) for n in face.names)) for path in _discover(env_value).files for face in _faces(path)
    )


def _by_candidate(env_value: str, candidate: _Candidate) -> Iterator[_Face]:
    found = _discover(env_value)
    wanted = {_norm(name) for name in candidate.families}
    for basename in candidate.files:
        for path in found.by_basename.get(basename, ()):
            faces = _faces(path)
            named = [face for face in faces if wanted & {_norm(n) for n in face.names}]
            yield from named or faces
    for face, names in _all_faces(env_value):
        if wanted & names:
            yield face


def _by_keyword(env_value: str, role: str) -> Iterator[_Face]:
    keywords = [_norm(k) for k in _KEYWORDS[role]]
    excludes = [_norm(k) for k in _KEYWORD_EXCLUDES[role]]
    for face, names in _all_faces(env_value):
        if any(k in n for k in keywords for n in names) and not any(x in n for x in excludes for n in names):
            yield face


def _any_face(env_value: str, role: str) -> Iterator[_Face]:
    """Every face, serif faces first (sans first for 黑体)."""
    faces = [face for face, _names in _all_faces(env_value)]
    yield from sorted(faces, key=lambda face: face.sans != (role == "hei"))


@functools.lru_cache(maxsize=64)
def _resolve(role: str, env_value: str) -> FontChoice | None:
    stages: list[tuple[Iterable[_Face], bool]] = [(_by_candidate(env_value, c), True) for c in _EXACT[role]]
    stages.append((_by_keyword(env_value, role), True))
    stages += [(_by_candidate(env_value, c), False) for c in _FALLBACK[role]]
    stages.append((_any_face(env_value, role), False))
    for faces, exact in stages:
        for face in faces:
            if _usable(face):
                return _choice(role, face, exact)
    return None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown font role {role!r}; expected one of {', '.join(ROLES)}")


def find_font(role: str) -> FontChoice:
    """The best installed TrueType CJK font for a role; FontNotFoundError (with install advice) when there is none."""
    _check_role(role)
    choice = _resolve(role, os.environ.get(FONT_DIRS_ENV, ""))
    if choice is None:
        raise FontNotFoundError(
            f"没有找到可用于“{ROLE_LABELS[role]}”的中文字体。{_hint_zh()}\n"
            f"No CJK TrueType font found for the {role!r} role. {_hint_en()}"
        )
    return choice


def font_report() -> dict[str, FontChoice | None]:
    """Which font serves each role on this machine (None where nothing does)."""
    env_value = os.environ.get(FONT_DIRS_ENV, "")
    return {role: _resolve(role, env_value) for role in ROLES}


def covers(choice: FontChoice, text: str) -> set[str]:
    """The characters of `text` the font has no glyph for (whitespace and control characters are ignored)."""
    return _missing(_charmap(str(choice.path), choice.subfont_index), text)


def notdef_visible(choice: FontChoice) -> bool:
    """Whether the font's "missing glyph" (glyph 0) draws something, e.g. a box, rather than nothing."""
    charmap = _charmap(str(choice.path), choice.subfont_index)
    return charmap is not None and charmap.draws(0)


def substitutes(choices: dict[str, FontChoice]) -> dict[str, str]:
    """The roles served by a font of another style (not the role's own), with that font's name."""
    return {role: choice.label for role, choice in choices.items() if not choice.exact}


# ---------------------------------------------------------------- per-character fallback over every font


def _drawable(ch: str) -> bool:
    return not ch.isspace() and ch.isprintable()


def _rank(role: str) -> dict[str, int]:
    """Normalised font names by preference for a role: its own candidates in order, then the other known fonts."""
    rank: dict[str, int] = {}
    groups = [_EXACT[role], _FALLBACK[role], *(g for r in ROLES for g in (_EXACT[r], _FALLBACK[r]))]
    for candidate in (candidate for group in groups for candidate in group):
        for name in candidate.families:
            rank.setdefault(_norm(name), len(rank))
    return rank


@functools.lru_cache(maxsize=16)
def _fallback_order(env_value: str, role: str) -> tuple[_Face, ...]:
    """Every embeddable TrueType face on the machine for a role's stand-in characters: faces of the role's look
    (serif, or sans for 黑体) first, then the fonts known for the role, then the other known Chinese fonts, then
    the rest in the order found (a Japanese Mincho draws some shared characters in Japanese forms)."""
    rank = _rank(role)
    unknown = len(rank)

    def key(face: _Face) -> tuple[bool, int]:
        return face.sans != (role == "hei"), min((rank.get(_norm(n), unknown) for n in face.names), default=unknown)

    faces = [face for face, _names in _all_faces(env_value) if face.truetype and face.embeddable]
    return tuple(sorted(faces, key=key))


def fallback_fonts(ch: str, *, role: str = "song") -> Iterator[FontChoice]:
    """Every installed embeddable TrueType font with an outline for the character, best for the role first.

    Each face's character map is read once (cached per file, its size and modification time), and only when a
    character needs it; unknown fonts are searched in the order found (INSPECTOR_FONT_DIRS first).
    """
    _check_role(role)
    codepoint = ord(ch)
    for face in _fallback_order(os.environ.get(FONT_DIRS_ENV, ""), role):
        charmap = _charmap(face.path, face.index)
        if charmap is not None and charmap.has_outline(codepoint):
            yield _choice(role, face, False)


@functools.lru_cache(maxsize=8192)
def _first_fallback(ch: str, role: str, _env_value: str) -> FontChoice | None:
    return next(fallback_fonts(ch, role=role), None)


def fallback_font(ch: str, *, role: str = "song") -> FontChoice | None:
    """The first installed font (see fallback_fonts) that draws the character; None when no font has it."""
    return _first_fallback(ch, role, os.environ.get(FONT_DIRS_ENV, ""))


def uncovered(text: str) -> set[str]:
    """The characters of `text` that no installed TrueType font can draw (they would print as boxes or blanks)."""
    return {ch for ch in set(text) if _drawable(ch) and fallback_font(ch) is None}


def clear_cache() -> None:
    """Forget discovered fonts, e.g. after installing one or changing the font directories."""
    _first_fallback.cache_clear()
    _fallback_order.cache_clear()
    _resolve.cache_clear()
    _all_faces.cache_clear()
    _discover.cache_clear()
    _faces_cached.cache_clear()
    _charmap_cached.cache_clear()
