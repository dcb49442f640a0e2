"""Translations through Qt's own tools: English source strings, Simplified Chinese first.

Each area of `ui/` has its own `.ts` source (so parts can be translated independently) and a
compiled `.qm` shipped beside it. `python -m ui.i18n` runs pyside6-lupdate and pyside6-lrelease.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parent
UI_DIR = I18N_DIR.parent
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

# area name -> source folders (relative to ui/); every .py file in them belongs to the area
AREAS: dict[str, list[str]] = {
    "shell": ["."],
    "pages": ["pages"],
    "runner": ["runner"],
    "widgets": ["widgets"],
    "office": ["office"],
    "exchange": ["exchange"],
    "oversight": ["oversight"],
}

_installed: list[QTranslator] = []


def tool_path(name: str) -> str | None:
    """Where PySide6's `pyside6-<name>` tool is: on PATH, else beside this Python (a venv's bin/ or Scripts\\ that
    is not on PATH, e.g. when the app runs as `.venv/bin/python`); None when PySide6 did not install it."""
    found = shutil.which(f"pyside6-{name}")
    return found or shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))


def area_sources(area: str) -> list[Path]:
    """The Python files of one translation area."""
    files: list[Path] = []
    for folder in AREAS[area]:
        files += sorted((UI_DIR / folder).glob("*.py"))
    return files


def ts_path(area: str, language: str = DEFAULT_LANGUAGE) -> Path:
    """The .ts source of an area."""
    return I18N_DIR / f"{area}_{language}.ts"


def install(language: str) -> str:
    """Install the translators for a language on the running application; returns the language used."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return language
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"qtbase_{language}", qt_dir)] + [(f"{area}_{language}", str(I18N_DIR)) for area in AREAS]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return language
