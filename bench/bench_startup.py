"""Time from process start to the main window shown, against a bare QApplication + QMainWindow.

Both are started the same way in the same run (a fresh Python process each time, offscreen); the
printed ratio is what compares across machines. Both start as an installed program does, with its
bytecode cached: the warm-up runs fill a private cache (PYTHONPYCACHEPREFIX), and an inherited
PYTHONDONTWRITEBYTECODE is dropped, which would otherwise recompile the app's own modules from
source on every timed run (a cost the bare window does not have and a user never sees).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7

APP = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QSettings
app = QApplication(sys.argv)
from ui.app import AppController
controller = AppController(app, QSettings({ini!r}, QSettings.Format.IniFormat))
controller.start()
app.processEvents()
assert controller.window is not None and controller.window.isVisible()
print("shown", flush=True)
"""

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print("shown", flush=True)
"""


def shown_after(script: str, env: dict[str, str]) -> float:
    """Seconds from spawning a Python process until it reports its window shown."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    if line.strip() != "shown":
        raise SystemExit(f"child failed (exit {child.returncode})")
    return elapsed


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from inspector.workspace import init_demo_workspace

    with tempfile.TemporaryDirectory() as tmp:
        init_demo_workspace(Path(tmp) / "ws").close()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_WORKSPACE=str(Path(tmp) / "ws"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        app_script = APP.format(root=str(ROOT), ini=str(Path(tmp) / "settings.ini"))
        shown_after(BARE, env)  # warm the OS file cache and the bytecode cache for both
        shown_after(app_script, env)
        ours, bare = [], []
        for _ in range(RUNS):
            bare.append(shown_after(BARE, env))
            ours.append(shown_after(app_script, env))
    o, b = statistics.median(ours), statistics.median(bare)
    print(
        f"startup to main window shown, median of {RUNS}: app {o:.3f}s, bare QMainWindow {b:.3f}s, "
        f"ratio {o / b:.2f}x (goal <= 2.5x, {'within goal' if o / b <= 2.5 else 'OVER GOAL'})"
    )


if __name__ == "__main__":
    main()
