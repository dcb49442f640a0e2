"""UI fixtures: a real workspace, a real AppContext, settings in a temporary INI file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path):
    """App settings kept in a temporary INI file (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def field_ws(tmp_path):
    """The demo field workspace (inspector I-001, 66 demo sites)."""
    from inspector.workspace import init_demo_workspace

    space = init_demo_workspace(tmp_path / "field")
    yield space
    space.close()


@pytest.fixture
def ctx(qapp, field_ws, settings):
    """An AppContext over the demo field workspace, in Simplified Chinese."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    runner = TaskRunner()
    context = AppContext(field_ws, Changes(), runner, settings)
    yield context
    runner.wait()


@pytest.fixture(autouse=True)
def image_plugins(qapp):
    """As the app does at start (ui.app.run): image-format plugins loaded on the GUI thread, before any worker."""
    from ui.app import load_image_plugins

    load_image_plugins()
