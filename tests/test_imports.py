"""Starting the app does not import the heavy libraries only imports, exports and photos need.

Each check runs in a fresh Python process, so modules the test run itself imported do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from inspector import workspace
from inspector.field import inspections
from inspector.register import sites
from tests.conftest import ROOT

HEAVY = ("openpyxl", "PIL", "yaml", "reportlab", "docx", "cryptography")

IMPORT_ONLY = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    import ui.app
    print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {heavy!r})))
    """
)

START = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from ui.app import AppController
    controller = AppController(app, QSettings({ini!r}, QSettings.Format.IniFormat))
    controller.start()
    app.processEvents()
    assert controller.window is not None and controller.window.isVisible()
    page = controller.window.pages["tasks"]
    print(json.dumps({{
        "runner": page.runner is not None,
        "heavy": sorted(name for name in sys.modules if name.split(".")[0] in {heavy!r}),
    }}))
    controller.window.close()
    controller.ctx.workspace.close()
    """
)


def run_child(script: str, env: dict[str, str]) -> object:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_app_imports_no_heavy_library():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    assert run_child(IMPORT_ONLY.format(root=str(ROOT), heavy=HEAVY), env) == []


@pytest.mark.parametrize("resume", [False, True], ids=["task-list", "resumed-inspection"])
def test_starting_the_app_to_its_main_window_imports_no_heavy_library(tmp_path, resume):
    path = tmp_path / "laptop"
    with workspace.init_demo_workspace(path) as ws:
        if resume:  # an interrupted inspection: the start reopens it in the checklist runner
            site = sites.list_sites(ws.db, site_type="market")[0]
            inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="unannounced")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_WORKSPACE=str(path))
    script = START.format(root=str(ROOT), ini=str(tmp_path / "settings.ini"), heavy=HEAVY)
    assert run_child(script, env) == {"runner": resume, "heavy": []}
