"""Update the .ts sources from ui/ and compile the .qm files.

python -m ui.i18n                  every area
python -m ui.i18n --area runner    one area (its .ts and .qm only)
python -m ui.i18n --release-only   compile the .qm files, leave the .ts alone
"""

from __future__ import annotations

import subprocess
import sys

from ui.i18n import AREAS, I18N_DIR, area_sources, tool_path, ts_path


def _tool(name: str) -> str:
    path = tool_path(name)
    if path is None:
        sys.exit(f"pyside6-{name} not found: install PySide6")
    return path


def main(argv: list[str]) -> int:
    """Run lupdate (unless --release-only) and lrelease for the chosen areas."""
    areas = list(AREAS)
    if "--area" in argv:
        areas = [argv[argv.index("--area") + 1]]
    for area in areas:
        sources = area_sources(area)
        ts = ts_path(area)
        if not sources and not ts.exists():
            continue
        if "--release-only" not in argv and sources:
            subprocess.run([_tool("lupdate"), "-no-obsolete", *map(str, sources), "-ts", str(ts)], check=True)
        if ts.exists():
            subprocess.run([_tool("lrelease"), str(ts), "-qm", str(I18N_DIR / f"{ts.stem}.qm")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
