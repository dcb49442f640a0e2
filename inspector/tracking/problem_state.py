"""The stored state of every problem (`problem_state`), kept equal to what the events say.

The office's lists filter, sort and page the stored state in SQL (see problems). Triggers (migration 14) note in
`problem_dirty` what each write touched: an inspection (its findings, revisions, status, void), a finding (an office
decision), a draw (inspections made from a recheck draw may now recheck others), or everything (the scoring rules,
whose repeat window links problems). `flush` recomputes the problems those touch from the events — called by
`store.transaction` just before COMMIT, so the state and the events change in the same transaction. Only finished
inspections have problems: an answer recorded in an open inspection notes nothing. What is
recomputed for a touched inspection: its problems, the problems of what it rechecks and of its rechecks (their
verdicts and links), and the later problems of the same items at the same site within the repeat window (their
`repeat_of`). For a decision: the problem itself and those later problems (a rejected one is no longer repeated).

`check` recomputes every problem from the events and lists where the stored state differs (`workspace check`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

import sqlite_utils

from inspector import scoring, store
from inspector.letters import short_reference
from inspector.tracking.decisions import excluded_among
from inspector.tracking.problems import STATE_COLUMNS, VERDICT_COLUMNS, problem_ids, state_rows
from inspector.tracking.rechecks import RecheckGraph

# Rows are updated in place (their rowids stay: statistics compare a table's largest rowid with its analysed size).
_UPSERT = (
    f"INSERT INTO problem_state ({', '.join(STATE_COLUMNS)}) VALUES ({', '.join('?' * len(STATE_COLUMNS))})"
    " ON CONFLICT (finding_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in STATE_COLUMNS[1:])
)
_VERDICTS = (
    f"INSERT INTO problem_verdicts ({', '.join(VERDICT_COLUMNS)}) VALUES ({', '.join('?' * len(VERDICT_COLUMNS))})"
)
CHUNK = 2000  # problems computed at a time when rebuilding or checking everything


def has_dirty(conn: sqlite3.Connection) -> bool:
    """Whether writes in this transaction (or an earlier one that bypassed `store.transaction`) await a flush."""
    try:
        return conn.execute("SELECT 1 FROM problem_dirty LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a database before migration 14 (being created or migrated right now)
        return False


def flush(conn: sqlite3.Connection) -> int:
    """Recompute the problems the noted writes touched (inside the caller's transaction); returns how many."""
    dirty: dict[str, set[str]] = defaultdict(set)
    for kind, key in conn.execute("SELECT kind, id FROM problem_dirty"):
        dirty[kind].add(key)
    if not dirty:
        return 0
    db = sqlite_utils.Database(conn)
    if "all" in dirty:
        count = _rebuild(db)
    else:
        sites = _sites(db, dirty)  # what a write changes is at its sites: rechecks and repeats are at one site
        graph = RecheckGraph(db, sites=sites)
        affected = _affected(db, dirty, RecheckGraph(db, voided=True, sites=sites))  # a voided recheck's originals
        _store(db, affected, graph, stored=True)
        count = len(affected)
    conn.execute("DELETE FROM problem_dirty")
    return count


def _store(db: sqlite_utils.Database, finding_ids: set[str], graph: RecheckGraph, *, stored: bool = False) -> None:
    """Compute these findings' state again: problems updated in place, the others' rows gone, verdicts replaced.

    `stored`: the findings are every one the noted writes may have changed, so the stored state of the others is
    as the events say and supplies their earlier occurrences (a rebuild reads the events only).
    """
    states, verdicts = state_rows(db, finding_ids=finding_ids, graph=graph, stored=stored) if finding_ids else ([], [])
    gone = set(finding_ids) - {row[0] for row in states}
    db.conn.execute("DELETE FROM problem_state WHERE finding_id IN (SELECT value FROM json_each(?))", [_ids(gone)])
    db.conn.execute(
        "DELETE FROM problem_verdicts WHERE finding_id IN (SELECT value FROM json_each(?))", [_ids(finding_ids)]
    )
    db.conn.executemany(_UPSERT, states)
    db.conn.executemany(_VERDICTS, verdicts)


def _sites(db: sqlite_utils.Database, dirty: dict[str, set[str]]) -> list[str]:
    """The sites of the noted inspections, decisions and draws (an inspection already deleted has no problems)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT site_id FROM inspections WHERE id IN (SELECT value FROM json_each(:inspections))"
            " UNION SELECT i.site_id FROM findings f JOIN inspections i ON i.id = f.inspection_id"
            " WHERE f.id IN (SELECT value FROM json_each(:findings))"
            " UNION SELECT site_id FROM inspections WHERE draw_id IN (SELECT value FROM json_each(:draws))"
            " OR draw_id IN (SELECT id FROM draws WHERE json_extract(params, '$.site_draw_id')"
            " IN (SELECT value FROM json_each(:draws)))",
            {
                "inspections": _ids(dirty.get("inspection", ())),
                "findings": _ids(dirty.get("finding", ())),
                "draws": _ids(dirty.get("draw", ())),
            },
        )
    ]


def _ids(values: Iterable[str]) -> str:
    return json.dumps(sorted(set(values)))


def _rebuild(db: sqlite_utils.Database) -> int:
    """Every problem again, a chunk at a time (bounded memory on a city-year)."""
    graph = RecheckGraph(db)
    db.conn.execute("DELETE FROM problem_verdicts")
    count, after = 0, ""
    while chunk := problem_ids(db, after=after, limit=CHUNK):
        db.conn.execute(  # the rows of what is no longer a problem, between the chunks' ids
            "DELETE FROM problem_state WHERE finding_id > ? AND finding_id < ?"
            " AND finding_id NOT IN (SELECT value FROM json_each(?))",
            [after, chunk[-1], _ids(chunk)],
        )
        _store(db, set(chunk), graph)
        count += len(chunk)
        after = chunk[-1]
    db.conn.execute("DELETE FROM problem_state WHERE finding_id > ?", [after])
    return count


def _affected(db: sqlite_utils.Database, dirty: dict[str, set[str]], graph: RecheckGraph) -> set[str]:
    """The findings whose stored state the noted writes may have changed (a superset; non-problems drop out)."""
    inspections = set(dirty.get("inspection", ()))
    if dirty.get("draw"):
        draws = _ids(dirty["draw"])
        inspections |= {
            row[0]
            for row in db.execute(
                "SELECT id FROM inspections WHERE draw_id IN (SELECT value FROM json_each(?)) OR draw_id IN"
                " (SELECT id FROM draws WHERE json_extract(params, '$.site_draw_id')"
                " IN (SELECT value FROM json_each(?)))",
                [draws, draws],
            )
        }
    decided = set(dirty.get("finding", ()))
    touched = set(inspections)
    for inspection_id in inspections:
        touched |= graph.ancestors(inspection_id)
        touched.update(child for child, _day, _started in graph.descendants(inspection_id))
    found = set(decided)
    found.update(
        row[0]
        for row in db.execute(
            "SELECT f.id FROM json_each(?) j CROSS JOIN findings f ON f.inspection_id = j.value", [_ids(touched)]
        )
    )
    found.update(
        row[0]
        for row in db.execute(
            "SELECT finding_id FROM problem_state WHERE inspection_id IN (SELECT value FROM json_each(?))",
            [_ids(touched)],
        )
    )
    # Later problems of the same items at the same sites within the repeat window: their `repeat_of` may change
    # when an earlier failure appears, changes or goes (a touched inspection's findings that ever failed), or when
    # the office rejects, merges or reopens one (its exclusion changed).
    keys = db.execute(
        "SELECT DISTINCT i.site_id, f.item_code, i.local_date FROM json_each(?) j CROSS JOIN inspections i"
        " ON i.id = j.value CROSS JOIN findings f ON f.inspection_id = i.id"
        " WHERE EXISTS (SELECT 1 FROM finding_revisions r WHERE r.finding_id = f.id AND r.outcome = 'fail')",
        [_ids(inspections)],
    ).fetchall()
    if decided:
        was = dict(
            db.execute(
                "SELECT finding_id, review IN ('rejected', 'merged') FROM problem_state"
                " WHERE finding_id IN (SELECT value FROM json_each(?))",
                [_ids(decided)],
            ).fetchall()
        )
        now = excluded_among(db, decided)
        changed = [f for f in decided if bool(was.get(f)) != (f in now)]
        keys += db.execute(
            "SELECT DISTINCT i.site_id, f.item_code, i.local_date FROM json_each(?) j CROSS JOIN findings f"
            " ON f.id = j.value CROSS JOIN inspections i ON i.id = f.inspection_id",
            [_ids(changed)],
        ).fetchall()
    window = scoring.load_rules(db).repeat_window_days if keys else 0
    if window > 0:
        ranges = [
            [site, item, day, (date.fromisoformat(day) + timedelta(days=window + 1)).isoformat()]
            for site, item, day in keys
        ]
        found.update(
            row[0]
            for row in db.execute(
                "SELECT ps.finding_id FROM json_each(?) j CROSS JOIN problem_state ps"
                " ON ps.site_id = json_extract(j.value, '$[0]') AND ps.item_code = json_extract(j.value, '$[1]')"
                " AND ps.found_on BETWEEN json_extract(j.value, '$[2]') AND json_extract(j.value, '$[3]')",
                [json.dumps(ranges)],
            )
        )
    return found


def ensure_fresh(db: sqlite_utils.Database) -> None:
    """Flush what a write left noted (one that bypassed `store.transaction`), before reading the stored state."""
    store.settle(db)


def check(db: sqlite_utils.Database, *, most: int = 20) -> list[str]:
    """Where the stored state differs from the state computed from the events (empty: they agree), in Chinese.

    A chunk of problems at a time, in id order (bounded memory on a city-year): the stored rows of the chunk's id
    range against those computed; stored rows between the problems' ids are problems no longer.
    """
    ensure_fresh(db)
    graph = RecheckGraph(db)
    problems: list[str] = []
    after = ""
    while True:
        chunk = problem_ids(db, after=after, limit=CHUNK)
        until = chunk[-1] if chunk else "\uffff"
        stored = _stored_between(db, after, until)
        states, verdicts = state_rows(db, finding_ids=chunk, graph=graph) if chunk else ([], [])
        wanted_verdicts: dict[str, list[tuple]] = {}
        for row in verdicts:
            wanted_verdicts.setdefault(row[0], []).append(tuple(row))
        for want in states:
            have, have_verdicts = stored.pop(want[0], (None, []))
            fields = [c for c, a, b in zip(STATE_COLUMNS, have or (), want, strict=False) if a != b]
            if have is None:
                fields = ["整行"]
            if have_verdicts != wanted_verdicts.get(want[0], []):
                fields.append("复查记录")
            if fields:
                problems.append(f"问题 {short_reference(want[0])} 的存储状态与事件不符（{'、'.join(fields)}）")
        problems += [f"检查结果 {short_reference(f)} 已不是问题，却仍有存储状态" for f in sorted(stored)]
        if not chunk:
            break
        after = chunk[-1]
    return problems[:most] + ([f"……另有 {len(problems) - most} 处不符"] if len(problems) > most else [])


def _stored_between(db: sqlite_utils.Database, after: str, until: str) -> dict[str, tuple[tuple, list[tuple]]]:
    """The stored rows and verdicts of the findings with ids in (after, until]."""
    found: dict[str, tuple[tuple, list[tuple]]] = {
        row[0]: (tuple(row), [])
        for row in db.execute(
            f"SELECT {', '.join(STATE_COLUMNS)} FROM problem_state WHERE finding_id > ? AND finding_id <= ?",
            [after, until],
        )
    }
    for row in db.execute(
        f"SELECT {', '.join(VERDICT_COLUMNS)} FROM problem_verdicts WHERE finding_id > ? AND finding_id <= ?"
        " ORDER BY finding_id, seq",
        [after, until],
    ):
        found.setdefault(row[0], (None, []))[1].append(tuple(row))  # type: ignore[arg-type]
    return found


store.settle_with(has_dirty, flush)  # every transaction flushes what its writes noted before it commits
