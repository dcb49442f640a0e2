"""How far the rows are checked: the marks kept in settings, read back only when they are marks."""

from __future__ import annotations

import json

import pytest

from inspector import workspace
from inspector.store import checked_rows, transaction


@pytest.fixture
def ws(tmp_path):
    ws = workspace.init_workspace(tmp_path / "office", role="office")
    yield ws
    ws.close()


def _store_text(ws: workspace.Workspace, text: str) -> None:
    with transaction(ws.db) as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [checked_rows.SETTING, text],
        )


def test_marks_are_stored_and_read_back(ws):
    conn = ws.db.conn
    assert checked_rows.stored(conn) is None
    marks = checked_rows.current(conn)
    assert marks == dict.fromkeys(checked_rows.TABLES, 0)  # an empty workspace
    with transaction(ws.db) as c:
        checked_rows.record(c, marks)
    assert checked_rows.stored(conn) == marks and checked_rows.usable(conn) == marks


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"inspections": 1}),
        json.dumps({**dict.fromkeys(checked_rows.TABLES, 0), "finding_revisions": -1}),
        json.dumps({**dict.fromkeys(checked_rows.TABLES, 0), "findings": True}),
        json.dumps({**dict.fromkeys(checked_rows.TABLES, 0), "findings": 1.5}),
        json.dumps({**dict.fromkeys(checked_rows.TABLES, 0), "extra": 0}),
    ],
)
def test_a_setting_that_is_not_marks_means_never_checked(ws, text):
    _store_text(ws, text)
    assert checked_rows.stored(ws.db.conn) is None and checked_rows.usable(ws.db.conn) is None


def test_marks_beyond_the_rows_are_not_usable(ws):
    _store_text(ws, json.dumps({**dict.fromkeys(checked_rows.TABLES, 0), "inspections": 5}))
    assert checked_rows.stored(ws.db.conn) is not None
    assert checked_rows.usable(ws.db.conn) is None  # five inspections were checked, none is there now


def test_vouching_moves_only_marks_that_were_current(ws):
    conn = ws.db.conn
    before = checked_rows.current(conn)
    with transaction(ws.db) as c:
        checked_rows.vouch(c, before)  # nothing stored: nothing vouched
    assert checked_rows.stored(conn) is None
    with transaction(ws.db) as c:
        checked_rows.record(c, before)
        later = {**before, "inspections": 3}
        checked_rows.vouch(c, later)  # the marks were not where the caller began
    assert checked_rows.stored(conn) == before
