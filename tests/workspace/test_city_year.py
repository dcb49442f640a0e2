"""The city-year generator (bench/city_year.py) at a tiny fraction: the office holds what the laptops recorded."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from inspector import workspace
from inspector.exchange.bundle.digest import workspace_digest
from inspector.store import checked_rows
from inspector.workspace import integrity

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def city_year():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("city_year", BENCH / "city_year.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["city_year"] = module
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))
        sys.modules.pop("city_year", None)


@pytest.fixture(scope="module")
def built(city_year, tmp_path_factory):
    target = tmp_path_factory.mktemp("city") / "city-year"
    return target, city_year.build(target, 0.0005, say=lambda _: None)


def test_plan_spreads_the_year(city_year):
    full = city_year.Plan.of(1.0)
    assert (full.inspections, len(full.weeks), full.laptops) == (100_000, 52, 50)
    assert full.weeks == list(range(52))
    small = city_year.Plan.of(0.01)
    assert small.weeks[-1] == 51 and len(small.weeks) < 52
    assert sum(small.share(w, n) for w in range(len(small.weeks)) for n in range(small.laptops)) == 1000


def test_office_has_what_the_laptops_recorded(built):
    target, meta = built
    generated = meta["generated"]
    assert meta["inspections"] == 50
    assert meta["bundles"] == len(list((target / "bundles").rglob("*.ibundle"))) >= 1
    assert meta["findings"] == generated["findings"] > 50 * 5
    assert meta["revisions"] == generated["revisions"] > meta["findings"]  # some findings were changed once
    assert meta["problems"] == generated["fails"]
    assert 0.04 < meta["problems"] / meta["findings"] < 0.12
    assert meta["problems"] < meta["photo_refs"] <= 3 * meta["problems"] and 0 < meta["photos"] <= meta["photo_refs"]
    assert generated["confirmed"] > generated["rejected"] >= 0
    assert not (target / "work").exists()


def test_office_passes_the_workspace_check(built):
    target, _ = built
    ws = workspace.open_workspace(target / "office")
    try:
        conn = ws.db.conn
        assert checked_rows.stored(conn) == checked_rows.current(conn)  # the merges vouched for every row
        report = integrity.check_workspace(ws, photos="hash", record=False)
        assert not report.flaws, report.flaws[:3]
        decided = ws.db.execute("SELECT kind, COUNT(*) FROM problem_events GROUP BY kind").fetchall()
        assert {"confirm", "rectified"} <= {kind for kind, _ in decided}
        assert workspace_digest(ws.db)
    finally:
        ws.close()


def test_same_seed_same_content(city_year, built, tmp_path):
    """Ids, answers and photos repeat (device ids and signing keys are new each time, so hashes do not)."""
    _, meta = built
    again = city_year.build(tmp_path / "again", 0.0005, say=lambda _: None)
    ws_a = workspace.open_workspace(built[0] / "office")
    ws_b = workspace.open_workspace(tmp_path / "again" / "office")
    try:
        rows = "SELECT finding_id, rev, outcome, count, photos FROM finding_revisions ORDER BY finding_id, rev"
        assert ws_a.db.execute(rows).fetchall() == ws_b.db.execute(rows).fetchall()
    finally:
        ws_a.close()
        ws_b.close()
    assert {k: again[k] for k in ("findings", "problems")} == {k: meta[k] for k in ("findings", "problems")}
