"""Shared set-up for the benchmarks: a demo workspace in a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspector import catalog, forms, workspace
from inspector.register import inspectors, sites


def demo_workspace(folder: Path) -> workspace.Workspace:
    """An office workspace with the default catalog, demo sites and demo inspectors."""
    ws = workspace.init_workspace(folder, role="office")
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    return ws


def ratio_line(name: str, ours: float, baseline: float, goal: float) -> str:
    """One result line: the ratio is what compares across machines, not the seconds."""
    ratio = ours / baseline
    verdict = "within goal" if ratio <= goal else "OVER GOAL"
    return f"{name}: ours {ours:.3f}s, baseline {baseline:.3f}s, ratio {ratio:.2f}x (goal <= {goal}x, {verdict})"
