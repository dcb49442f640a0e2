"""Bulk review: many problems confirmed in one transaction, references resolved by index, never by a scan."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inspector.cli import main
from inspector.errors import NotFoundError
from inspector.field import inspections
from inspector.ids import canonical_id
from inspector.letters import short_reference
from inspector.oversight import references, review
from inspector.tracking import decisions
from inspector.tracking.decisions import AmbiguousReferenceError, ReviewError, resolve_finding, resolve_findings
from tests.office_kit import MARKETS, inspect

NOON = datetime(2026, 11, 5, 4, 0, tzinfo=UTC)
WANTED = 300


@pytest.fixture
def failures(ws) -> list[str]:
    """Exactly 300 failed findings in finished inspections at the demo markets (every item fails)."""
    codes = set(inspections.inspection_checklist(ws.db, inspect(ws, "YX-003", date(2026, 11, 1), ())).codes)
    found: list[str] = []
    for day in range(2, 9):
        for code in MARKETS.values():
            inspection = inspect(ws, code, date(2026, 11, day), codes)
            found += [f.finding_id for f in inspections.current_findings(ws.db, inspection.id)]
            if len(found) >= WANTED:
                return found[:WANTED]
    raise AssertionError("not enough failures")


def events(ws) -> int:
    return ws.db.execute("SELECT COUNT(*) FROM problem_events").fetchone()[0]


def traced(ws) -> list[str]:
    """Start recording every SQL statement the connection runs; returns the list it fills."""
    statements: list[str] = []
    ws.db.conn.set_trace_callback(statements.append)
    return statements


def test_confirming_300_problems_is_one_transaction_with_progress(ws, failures):
    calls: list[tuple[int, int]] = []
    refs = [short_reference(f) for f in failures[:100]] + failures[100:]
    statements = traced(ws)
    made = review.confirm(ws.db, refs, actor="陈喆", at=NOON, progress=lambda done, total: calls.append((done, total)))
    ws.db.conn.set_trace_callback(None)
    assert [d.finding_id for d in made] == failures and {d.kind for d in made} == {"confirm"}
    assert events(ws) == WANTED
    assert sum(s.startswith("BEGIN") for s in statements) == 1 and statements.count("COMMIT") == 1
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) < 40  # a few hundred at a time (and the stored state's flush), not a query per problem
    assert calls == [(200, WANTED), (WANTED, WANTED)]
    again = review.confirm(ws.db, [*failures[:5], failures[0]], at=NOON)  # already confirmed: left as they are
    assert again == [] and events(ws) == WANTED


@pytest.mark.parametrize("spoil", ["pass", "unknown", "open"])
def test_one_problem_that_cannot_be_confirmed_writes_nothing(ws, failures, spoil):
    refs = list(failures)
    if spoil == "pass":
        passed = inspect(ws, "YX-003", date(2026, 11, 20), ())
        bad = inspections.current_findings(ws.db, passed.id)[0].finding_id
        refs.insert(150, bad)
        error, match = ReviewError, f"检查结果 {short_reference(bad)} 当前不是“不合格”"
    elif spoil == "unknown":
        refs[150:150] = ["00000000", "not-an-id"]
        error, match = NotFoundError, "有 2 个编号.*没有编号为“00000000”.*“not-an-id”不是问题编号"
    else:
        site = inspections.get_inspection(ws.db, inspect(ws, "YX-003", date(2026, 11, 20), ()).id).site_id
        started = inspections.start_inspection(
            ws.db, site_id=site, inspector_id="I-003", mode="unannounced", started_at=NOON, place="市场"
        )
        item = inspections.inspection_checklist(ws.db, started).codes[0]
        bad = inspections.record_finding(ws.db, started.id, item, outcome="fail", count=1, recorded_at=NOON).finding_id
        refs.insert(150, bad)
        error, match = ReviewError, "尚未完成"
    calls: list[tuple[int, int]] = []
    with pytest.raises(error, match=match):
        review.confirm(ws.db, refs, at=NOON, progress=lambda done, total: calls.append((done, total)))
    assert events(ws) == 0 and calls == []
    assert not ws.db.conn.in_transaction


def test_full_ids_resolve_however_they_are_typed(ws, failures):
    finding_id = failures[7]
    for typed in (
        finding_id,
        finding_id.upper(),
        finding_id.replace("-", ""),
        f"  {finding_id.replace('-', '').upper()} ",
    ):
        assert resolve_finding(ws.db, typed) == finding_id
        (trace,) = references.find_by_reference(ws.db, typed)
        assert trace.finding_id == finding_id
    assert canonical_id(finding_id.replace("-", "")) == finding_id
    assert canonical_id("g" * 32) is None and canonical_id(finding_id[:-1]) is None
    assert resolve_findings(ws.db, [short_reference(finding_id).upper(), finding_id]) == [finding_id, finding_id]
    with pytest.raises(NotFoundError, match="没有编号为"):
        resolve_finding(ws.db, "0" * 32)


def test_ambiguous_references_are_named_with_their_full_ids(ws, monkeypatch):
    twins = ["01a20000-0000-7000-8000-0000deadbeef", "01a20001-0000-7000-8000-0000deadbeef"]
    codes = set(inspections.inspection_checklist(ws.db, inspect(ws, "YX-003", date(2026, 11, 1), ())).codes)
    ids = iter(["01a1ffff-0000-7000-8000-000000000001", *twins])
    real = inspections.uuid7
    monkeypatch.setattr(inspections, "uuid7", lambda: next(ids, None) or real())
    inspection = inspect(ws, "YX-003", date(2026, 11, 2), codes)
    other = next(f.finding_id for f in inspections.current_findings(ws.db, inspection.id) if f.finding_id not in twins)
    with pytest.raises(AmbiguousReferenceError, match="对应 2 个检查结果.*" + "、".join(twins)):
        review.confirm(ws.db, [other, "DEADBEEF"], at=NOON)
    assert events(ws) == 0
    assert [d.finding_id for d in review.confirm(ws.db, [twins[1], other], at=NOON)] == [twins[1], other]


def _plan(ws, sql: str, n: int) -> list[str]:
    return [row[3] for row in ws.db.execute("EXPLAIN QUERY PLAN " + sql, ["x"] * n).fetchall()]


def test_every_lookup_searches_an_index(ws, failures):
    # No ANALYZE: the plans are the ones a workspace gets as the app leaves it.
    chunk = ",".join("?" * 3)
    by_id = _plan(ws, decisions.BY_ID.format(chunk), 3)
    by_reference = _plan(ws, decisions.BY_REFERENCE.format(chunk), 3)
    rows = _plan(ws, decisions._PROBLEM_ROWS.format(chunk), 3)
    trace_by_id = _plan(ws, references.BY_ID, 1)
    trace_by_reference = _plan(ws, references.BY_REFERENCE, 1)
    assert any("sqlite_autoindex_findings_1 (id=?)" in step for step in by_id)
    assert any("findings_reference" in step for step in by_reference)
    assert any("sqlite_autoindex_findings_1 (id=?)" in step for step in rows)
    assert any("f USING INDEX sqlite_autoindex_findings_1 (id=?)" in step for step in trace_by_id)
    assert any("findings_reference" in step for step in trace_by_reference)
    for plan in (by_id, by_reference, rows, trace_by_id, trace_by_reference):
        assert not [step for step in plan if step.startswith("SCAN")], plan


def test_the_command_reports_progress_and_counts_a_long_list(ws, failures, tmp_path, capsys):
    refs = [short_reference(f) for f in failures[:250]]
    assert main(["--workspace", str(tmp_path / "ws"), "problems", "confirm", *refs]) == 0
    out = capsys.readouterr().out
    assert "正在确认 200/250……" in out and "等 250 个问题" in out
    assert out.count("、") == 19 and events(ws) == 250
