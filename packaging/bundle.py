"""What the frozen app carries besides the imports PyInstaller finds by itself; read by cwdc.spec and the tests.

Plain Python without PyInstaller, so that the lists can be checked in the ordinary test run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent

APP_NAME = "cwdc"  # the executable, the .deb package and /opt/cwdc
TITLE = "创文督查"  # the desktop entry and the Start-menu entry
ENTRY_SCRIPT = REPO / "main.py"
RUNTIME_HOOK = PACKAGING / "pyi_rth_cwdc.py"
ICON_PNG = REPO / "ui" / "icons" / "cwdc.png"  # the window icon (ui.app.app_icon) and the desktop entry's icon
ICON_SVG = REPO / "ui" / "icons" / "cwdc.svg"
ICON_ICO = PACKAGING / "icons" / "cwdc.ico"

# Imported by name at run time (ui.main_window builds pages with importlib, inspector.exchange.taskpack loads its parts
# lazily, commands import their modules inside functions): every submodule goes in.
COLLECT_SUBMODULES = ("inspector", "ui")

# Qt modules whose PyInstaller hooks bring their plugins and libraries: QtPdf (the PDF preview and the
# imageformats/qpdf plugin), QtCharts (the dashboard), QtPrintSupport (printing and its printsupport plugins).
HIDDEN_IMPORTS = (
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
    "pillow_heif",  # registered as Pillow's HEIC opener only when a photo needs it
    "cv2",  # face suggestions, imported on first use
)
# Windows has no time-zone database: zoneinfo reads the tzdata package (a dependency there), found by name only.
WINDOWS_HIDDEN_IMPORTS = ("tzdata",)

# Not needed by the app; left out to keep the folder small.
EXCLUDES = ("tkinter", "pytest", "pytestqt", "hypothesis", "IPython")

# python-docx reads its default header/footer/styles/settings parts from `docx/parts/../templates/`
# (docx/parts/hdrftr.py and friends; upstream PR 1310 is still open). In a frozen app docx.parts lives in the PYZ
# archive and the folder `docx/parts` does not exist, so the `..` cannot be resolved on Linux and macOS. Keeping the
# sources of docx.parts beside the archive copy makes the folder exist; the templates go in with `datas()`.
MODULE_COLLECTION_MODE = {"docx.parts": "pyz+py"}

FORMS_DEST = "forms"  # the runtime hook points INSPECTOR_FORMS here
I18N_DEST = "ui/i18n"  # ui.i18n looks for the .qm files beside its own module
ICONS_DEST = "ui/icons"  # ui.app.app_icon looks beside the ui package
DOCX_TEMPLATES_DEST = "docx/templates"
FONTS_DEST = "share/fonts/inspector"  # inspector.fonts.APP_FONT_DIR: sys.prefix is the bundle folder when frozen
CASCADES_DEST = "cv2/data"
CASCADE_FILE = "haarcascade_frontalface_default.xml"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed in this Python ({name} 未安装)")
    return Path(next(iter(spec.submodule_search_locations)))


def datas(fonts_dir: Path | None = None) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs: forms, translations, the window icon, python-docx templates, the face
    cascade, fonts.

    `fonts_dir` is a folder of fonts converted by `python -m inspector.fontinstall` (the Fandol 仿宋 and bold 宋
    with their licence); without it the frozen app uses the machine's fonts only.
    """
    pairs = [(str(path), FORMS_DEST) for path in sorted((REPO / "forms").iterdir()) if path.is_file()]
    pairs += [(str(path), I18N_DEST) for path in sorted((REPO / "ui" / "i18n").glob("*.qm"))]
    pairs += [(str(path), ICONS_DEST) for path in (ICON_SVG, ICON_PNG)]
    templates = _package_dir("docx") / "templates"
    pairs += [(str(path), DOCX_TEMPLATES_DEST) for path in sorted(templates.iterdir()) if path.is_file()]
    cascade = _package_dir("cv2") / "data" / CASCADE_FILE
    if cascade.is_file():
        pairs.append((str(cascade), CASCADES_DEST))
    if fonts_dir is not None:
        folder = Path(fonts_dir).resolve()  # PyInstaller reads relative sources from the spec's folder
        pairs += [(str(path), FONTS_DEST) for path in sorted(folder.iterdir()) if path.is_file()]
    return pairs


# --- Old-glibc builds (build.sh --glibc 2.28) ------------------------------------------------------------------------
# The frozen folder runs only where the system's glibc is at least the newest GLIBC_x.y symbol version any of its files
# needs. Built from an old-glibc Python with wheels no newer than manylinux_<floor>, what remains above the floor are
# the build host's own libraries that PyInstaller collected (libstdc++, libglib, libcups …). Those the target system
# has anyway: they are left out, and build-deb.sh names their packages in Depends. So is a system library that links
# one of them (libgobject needs libglib): built against the host's newer libglib, it would meet the target's older
# one. The other system libraries within the floor stay in (e.g. libxcb-cursor, which UOS V20 may lack). libpython is
# never left out: the build fails on it instead.
SYSTEM_LIBRARY_DIRS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")
_GLIBC_NAME = re.compile(r"Name: GLIBC_([0-9]+(?:\.[0-9]+)+)")


def parse_glibc(text: str) -> tuple[int, ...]:
    """'2.28' → (2, 28); raises ValueError on anything that is not a dotted version."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)+", text):
        raise ValueError(f"{text!r} 不是 glibc 版本号（例如 2.28）")
    return tuple(int(part) for part in text.split("."))


def newest_glibc(readelf_output: str) -> tuple[int, ...] | None:
    """The newest GLIBC_x.y in `readelf --version-info` output (as glibc-floor.sh reads it), None without any."""
    versions = [parse_glibc(found) for found in _GLIBC_NAME.findall(readelf_output)]
    return max(versions) if versions else None


def glibc_needed(path: str) -> tuple[int, ...] | None:
    """The newest glibc symbol version the ELF file at `path` names (readelf from binutils)."""
    done = subprocess.run(["readelf", "--version-info", "--wide", path], capture_output=True, text=True, check=False)
    return newest_glibc(done.stdout)


def needed_libraries(path: str) -> list[str]:
    """The shared libraries the ELF file at `path` links (its NEEDED entries, by soname)."""
    done = subprocess.run(["readelf", "--dynamic", "--wide", path], capture_output=True, text=True, check=False)
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", done.stdout)


def is_system_library(path: str) -> bool:
    """True for a library of the build host's system (/lib, /usr/lib …), not one a Python package brought along."""
    resolved = Path(os.path.realpath(path))
    if {"site-packages", "dist-packages"} & set(resolved.parts):
        return False
    return any(resolved.is_relative_to(folder) for folder in SYSTEM_LIBRARY_DIRS)


TocEntry = tuple[str, str, str]  # PyInstaller's (name in the bundle, source path, type code)


def split_by_glibc(
    binaries: list[TocEntry],
    floor: str,
    glibc_of: Callable[[str], tuple[int, ...] | None] = glibc_needed,
    is_system: Callable[[str], bool] = is_system_library,
    needed_of: Callable[[str], list[str]] = needed_libraries,
) -> tuple[list[TocEntry], list[TocEntry]]:
    """(kept, dropped): `binaries` without the system libraries whose glibc symbol versions exceed `floor`, and
    without the system libraries that link one of those (to the end of the chain).

    Only shared libraries (type BINARY) resolved from the system's library folders are candidates; libpython always
    stays. A symlink in the bundle that points at a dropped library goes with it.
    """
    limit = parse_glibc(floor)
    kept: list[TocEntry] = []
    dropped: list[TocEntry] = []
    candidates: list[TocEntry] = []
    for entry in binaries:
        name, source, kind = entry
        candidate = kind == "BINARY" and not Path(name).name.startswith("libpython") and is_system(source)
        needed = glibc_of(source) if candidate else None
        if needed is not None and needed > limit:
            dropped.append(entry)
        else:
            kept.append(entry)
            if candidate:
                candidates.append(entry)
    linked = {entry[0]: set(needed_of(entry[1])) for entry in candidates}
    while True:
        gone_names = {Path(name).name for name, _source, _kind in dropped}
        follow = [entry for entry in candidates if entry in kept and linked[entry[0]] & gone_names]
        if not follow:
            break
        kept = [entry for entry in kept if entry not in follow]
        dropped += follow
    gone = {name for name, _source, _kind in dropped}
    links = [
        entry
        for entry in kept
        if entry[2] == "SYMLINK" and os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])) in gone
    ]
    kept = [entry for entry in kept if entry not in links]
    return kept, dropped + links
