"""PyInstaller runtime hook: runs before main.py in the frozen app.

The city-editable forms ship in the bundle's `forms/` folder; `INSPECTOR_FORMS` (read by inspector.forms) points
there unless the person running the app has set it to a folder of their own.
"""

import os
import sys

if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
    os.environ.setdefault("INSPECTOR_FORMS", os.path.join(sys._MEIPASS, "forms"))
