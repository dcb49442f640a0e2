"""What the frozen app carries besides the imports PyInstaller finds by itself; read by cwdc.spec and the tests.

Plain Python without PyInstaller, so that the lists can be checked in the ordinary test run.
"""

from __future__ import annotations

import importlib.util
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
