"""The one clock: set moments, the city's zone, and the same dates on machines set to other zones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from inspector import clock, workspace
from inspector.ids import from_iso, to_iso

ROOT = Path(__file__).resolve().parent.parent


def test_the_city_date_is_not_the_utc_date():
    # 2026-12-31 17:30 UTC is already 1 January 2027 in Beijing time.
    with clock.travel(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), ticking=False):
        assert clock.today() == date(2027, 1, 1)
        assert clock.now() == datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert clock.current().start is None


def test_a_set_clock_ticks_on_unless_frozen():
    start = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    with clock.travel(start):
        first = clock.now()
        second = clock.now()
        assert start <= first <= second < start + timedelta(minutes=5)
    with clock.travel(start, ticking=False):
        assert clock.now() == clock.now() == start


def test_naive_times_are_the_citys_wall_clock():
    assert to_iso(datetime(2026, 11, 24, 9, 30)) == "2026-11-24T01:30:00Z"
    assert from_iso("2026-11-24T09:30:00").utcoffset() == timedelta(hours=8)
    assert from_iso("2026-11-24T01:30:00Z").hour == 9  # shown in city time
    assert clock.at(date(2026, 11, 24), time(9, 30)).astimezone(UTC).hour == 1


def test_the_workspace_names_the_zone(tmp_path):
    ws = workspace.init_workspace(tmp_path / "ws", role="office", timezone="Asia/Urumqi")
    ws.close()
    clock.reset()
    with workspace.open_workspace(tmp_path / "ws") as again:
        assert workspace.workspace_info(again)["timezone"] == "Asia/Urumqi"
        assert clock.current().zone_name == "Asia/Urumqi"
        assert clock.local_date(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == date(2026, 11, 30)  # 23:00 there


def test_an_unknown_zone_creates_nothing(tmp_path):
    with pytest.raises(clock.ZoneError, match="时区"):
        workspace.init_workspace(tmp_path / "ws", role="office", timezone="Mars/Olympus")
    assert not (tmp_path / "ws").exists()


def _cli(args: list[str], tz: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


@pytest.mark.parametrize("machine_zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_the_same_inspection_counts_in_the_same_month_whatever_the_machines_zone(tmp_path, machine_zone):
    folder = tmp_path / "ws"
    init = _cli(["workspace", "init", str(folder), "--role", "office"], machine_zone)
    assert init.returncode == 0, init.stderr
    sites = _cli(["--workspace", str(folder), "sites", "import", str(ROOT / "forms" / "demo-sites.csv")], machine_zone)
    people = _cli(
        ["--workspace", str(folder), "inspectors", "import", str(ROOT / "forms" / "inspectors.csv")], machine_zone
    )
    assert sites.returncode == 0 and people.returncode == 0, sites.stderr + people.stderr
    # 30 November 18:00 UTC is 1 December 02:00 in the city: a December inspection.
    answers = tmp_path / "answers.json"
    entry = {"site": "YX-001", "inspector": "I-001", "mode": "unannounced", "started_at": "2026-11-30T18:00:00Z"}
    answers.write_text(json.dumps({"inspections": [entry]}), encoding="utf-8")
    done = _cli(["--workspace", str(folder), "inspect", str(answers), "--rest", "pass"], machine_zone)
    assert done.returncode == 0, done.stderr
    december = _cli(["--workspace", str(folder), "--json", "score", "--period", "2026-12"], machine_zone)
    november = _cli(["--workspace", str(folder), "--json", "score", "--period", "2026-11"], machine_zone)
    assert json.loads(december.stdout)["summary"]["inspections"] == 1
    assert json.loads(november.stdout)["summary"]["inspections"] == 0
