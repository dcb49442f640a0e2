"""Translations: every visible string in ui/ goes through Qt's translation system and has Chinese."""

from __future__ import annotations

import ast
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui import i18n

UI = i18n.UI_DIR
VISIBLE_CALLS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setPlaceholderText",
    "setStatusTip",
    "setTitle",
    "addTab",
    "setTabText",
    "setHorizontalHeaderLabels",
    "showMessage",
    "information",
    "warning",
    "critical",
    "question",
    "setLabelText",
    "setWhatsThis",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
}
VISIBLE_CLASSES = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QToolButton",
    "QCommandLinkButton",
}


def ui_files() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if p.parent.name != "i18n" or p.name == "__init__.py")


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def untranslated_literals(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in VISIBLE_CALLS and name not in VISIBLE_CLASSES:
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and has_words(arg.value):
                found.append((node.lineno, arg.value))
            elif isinstance(arg, ast.JoinedStr):
                parts = "".join(v.value for v in arg.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if has_words(parts):
                    found.append((node.lineno, parts))
            elif isinstance(arg, ast.List):
                found += [
                    (node.lineno, e.value)
                    for e in arg.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str) and has_words(e.value)
                ]
    return found


def tr_calls(path: Path) -> list[tuple[str, str, int]]:
    """(context, source, line) for self.tr, X.translate and QT_TRANSLATE_NOOP calls with literal text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                args = [
                    a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in child.args
                ]
                if name == "tr" and isinstance(func, ast.Attribute) and args and args[0] is not None and cls:
                    calls.append((cls, args[0], child.lineno))
                elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and None not in args[:2]:
                    calls.append((args[0], args[1], child.lineno))
            visit(child, cls)

    visit(tree, None)
    return calls


def translations() -> dict[tuple[str, str], str]:
    done: dict[tuple[str, str], str] = {}
    for ts in i18n.I18N_DIR.glob("*_zh_CN.ts"):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                    continue
                if (translation.text or "").strip():
                    done[(name, message.findtext("source"))] = translation.text
    return done


def test_no_visible_string_bypasses_translation():
    offenders = []
    for path in ui_files():
        for line, text in untranslated_literals(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(UI.parent)}:{line}: {text!r}")
    assert offenders == []


def test_every_translatable_string_has_chinese():
    done = translations()
    missing = [
        f"{path.relative_to(UI.parent)}:{line}: [{context}] {source!r}"
        for path in ui_files()
        for context, source, line in tr_calls(path)
        if (context, source) not in done
    ]
    assert missing == []


@pytest.mark.skipif(i18n.tool_path("lrelease") is None, reason="pyside6-lrelease not installed")
def test_shipped_qm_files_are_compiled_from_the_ts_sources(tmp_path):
    for ts in sorted(i18n.I18N_DIR.glob("*_zh_CN.ts")):
        out = tmp_path / f"{ts.stem}.qm"
        subprocess.run([i18n.tool_path("lrelease"), str(ts), "-qm", str(out)], check=True, capture_output=True)
        shipped = ts.with_suffix(".qm")
        assert shipped.exists(), f"{shipped.name} is missing: run python -m ui.i18n"
        assert shipped.read_bytes() == out.read_bytes(), f"{shipped.name} is stale: run python -m ui.i18n"


def test_language_switch_at_runtime(qapp):
    from PySide6.QtCore import QCoreApplication

    try:
        assert i18n.install("zh_CN") == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "Tasks") == "任务"
        assert i18n.install("en") == "en"
        assert QCoreApplication.translate("MainWindow", "Tasks") == "Tasks"
        assert i18n.install("klingon") == "zh_CN"
    finally:
        i18n.install("zh_CN")
