"""Where the city-editable data lives (`forms/`) and how its small YAML files are read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from inspector.errors import Problem, ValidationError

_PACKAGE_DIR = Path(__file__).resolve().parent
# Installed (wheel, frozen app): forms/ ships inside the package (pyproject.toml maps it to inspector.forms_data).
SHIPPED_DIR = _PACKAGE_DIR / "forms_data"
# A checkout, editable or run from the repository: forms/ at its top, where the city edits it.
CHECKOUT_DIR = _PACKAGE_DIR.parent / "forms"

CATALOG_FILE = "negative-list.yaml"
SCORING_FILE = "scoring.yaml"
DRAW_FILE = "draw.yaml"
LETTERHEAD_FILE = "letterhead.yaml"
DEMO_SITES_FILE = "demo-sites.csv"
DEMO_INSPECTORS_FILE = "inspectors.csv"


def forms_dir() -> Path:
    """The forms folder: `INSPECTOR_FORMS` when set, else the one installed with the package, else the checkout's."""
    override = os.environ.get("INSPECTOR_FORMS")
    if override:
        return Path(override)
    return SHIPPED_DIR if SHIPPED_DIR.is_dir() else CHECKOUT_DIR


def form_path(name: str) -> Path:
    """Path of one file in the forms folder."""
    return forms_dir() / name


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML file whose top level is a mapping; ValidationError with the reason otherwise."""
    import yaml  # not at module level: PyYAML is not needed to start the app

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError([Problem(str(path), None, None, f"无法读取文件（{exc.strerror or exc}）")]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ValidationError(
            [Problem(str(path), None if line is None else line + 1, None, "不是有效的 YAML 文件")]
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError([Problem(str(path), None, None, "文件顶层应为键值表")])
    return data
