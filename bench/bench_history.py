"""The history table with 10,000 inspections: opening and scrolling, then filtering and sorting.

Ours: `ui.pages.history_model.HistoryModel` over `inspector.field.history` (ordered ids from the core, rows
fetched a page at a time), asked for every cell of every row the way a QTableView asks while the
user scrolls screen by screen (display, alignment, colour, font... per cell).
Baseline, in the same run on the same database: the simplest model that could work — plain sqlite3
selecting the same joined columns in the same order (and, for the filter, the same WHERE and ORDER BY),
every row read at once into a list, asked for the same cells the same way.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from _common import demo_workspace, ratio_line

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from inspector.field import inspections
from inspector.field.history import HistoryFilter
from inspector.register import sites
from ui.pages.history_model import COLUMNS, HistoryModel

CST = timezone(timedelta(hours=8))
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
SCREEN = 30  # rows visible at once
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.CheckStateRole,
)
FILTER = HistoryFilter(district="云栖区", status="finished", search="路")
ROUNDS = 5


def build(ws, total: int) -> None:
    """A few real inspections through the core, then `total` inspections cloned from them with SQL (setup only)."""
    rng = random.Random(11)
    all_sites = sites.list_sites(ws.db)
    models = []
    for n in range(6):
        site = all_sites[n * 7 % len(all_sites)]
        inspection = inspections.start_inspection(
            ws.db, site_id=site.id, inspector_id="I-001", mode="announced", started_at=datetime(2026, 1, 5, tzinfo=CST)
        )
        for item in inspections.inspection_checklist(ws.db, inspection).items:
            inspections.record_finding(ws.db, inspection.id, item.code, outcome="pass")
        models.append(inspections.finish_inspection(ws.db, inspection.id))
    conn = ws.db.conn
    item_codes = [row[0] for row in conn.execute("SELECT DISTINCT item_code FROM findings ORDER BY item_code")][:40]
    start = datetime(2025, 1, 1, 8, tzinfo=CST)
    inspection_rows, finding_rows = [], []
    for n in range(total - len(models)):
        base = rng.choice(models)
        site = rng.choice(all_sites)
        moment = start + timedelta(minutes=53 * n + rng.randint(0, 40))
        finished = rng.random() < 0.97
        problems = rng.choice([0, 0, 1, 2, 3, 5]) if finished else None
        deduction = problems * 0.5 if finished else None
        new_id = f"{n:08d}-0000-7000-8000-{rng.getrandbits(48):012x}"
        inspection_rows.append(
            (
                new_id,
                site.id,
                rng.choice(["I-001", "I-002", "I-003"]),
                rng.choice(["announced", "unannounced"]),
                base.catalog_version,
                moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                moment.date().isoformat(),
                "",
                base.device_id,
                "finished" if finished else "open",
                moment.isoformat() if finished else None,
                problems,
                deduction,
                100 - deduction if finished else None,
                moment.isoformat(),
            )
        )
        for code in item_codes[: rng.randint(20, 40)]:
            finding_rows.append((f"{new_id}-{code}", new_id, code, moment.isoformat()))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date, place,"
        " device_id, status, finished_at, problem_count, deduction_total, score, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inspection_rows,
    )
    conn.executemany(
        "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)", finding_rows
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")


def scroll(model: QAbstractTableModel, rows: int) -> int:
    """Ask for every cell of the first `rows` rows, screen by screen, as the view does while scrolling."""
    touched = 0
    columns = len(COLUMNS)
    for top in range(0, rows, SCREEN):
        for row in range(top, min(top + SCREEN, rows)):
            for column in range(columns):
                index = model.index(row, column)
                for role in ROLES:
                    model.data(index, role)
                touched += 1
    return touched


def ours_open_and_scroll(db) -> float:
    """Open the model and scroll through every row; seconds."""
    start = time.perf_counter()
    model = HistoryModel(db)
    model.requery()
    scroll(model, model.rowCount())
    return time.perf_counter() - start


def ours_filter_and_sort(db) -> float:
    """From an open model, filter and sort, then show the first screen; seconds."""
    model = HistoryModel(db)
    model.requery()
    scroll(model, SCREEN)
    start = time.perf_counter()
    model.set_filter(FILTER)
    model.sort(next(i for i, c in enumerate(COLUMNS) if c.key == "score"), Qt.SortOrder.AscendingOrder)
    scroll(model, min(SCREEN, model.rowCount()))
    return time.perf_counter() - start


_SELECT = (
    "SELECT i.id, i.started_at, s.name, s.district, s.street, COALESCE(t.name, s.site_type),"
    " COALESCE(p.name, i.inspector_id), i.mode, i.status,"
    " (SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id), i.problem_count, i.deduction_total, i.score"
    " FROM inspections i JOIN sites s ON s.id = i.site_id LEFT JOIN inspectors p ON p.id = i.inspector_id"
    " LEFT JOIN catalog_site_types t ON t.version = i.catalog_version AND t.code = s.site_type"
)


class PlainModel(QAbstractTableModel):
    """The simplest table model: every row read at once by plain sqlite3, shown as text."""

    def __init__(self, conn: sqlite3.Connection, sql: str, params: list | None = None):
        super().__init__()
        self.rows = conn.execute(sql, params or []).fetchall()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> object:
        if role == _DISPLAY:
            value = self.rows[index.row()][index.column() + 1]
            return "" if value is None else str(value)
        return None


def baseline_open_and_scroll(conn: sqlite3.Connection) -> float:
    """Read every row into a plain model and scroll through it; seconds."""
    start = time.perf_counter()
    model = PlainModel(conn, f"{_SELECT} ORDER BY i.started_at DESC")
    scroll(model, model.rowCount())
    return time.perf_counter() - start


def ours_first_screen(db) -> float:
    """Open the model and show the first screen; seconds."""
    start = time.perf_counter()
    model = HistoryModel(db)
    model.requery()
    scroll(model, SCREEN)
    return time.perf_counter() - start


def baseline_first_screen(conn: sqlite3.Connection) -> float:
    """Read every row into a plain model and show the first screen; seconds."""
    start = time.perf_counter()
    model = PlainModel(conn, f"{_SELECT} ORDER BY i.started_at DESC")
    scroll(model, SCREEN)
    return time.perf_counter() - start


def baseline_filter_and_sort(conn: sqlite3.Connection) -> float:
    """From an open plain model, read the filtered, sorted rows and show the first screen; seconds."""
    model = PlainModel(conn, f"{_SELECT} ORDER BY i.started_at DESC")
    scroll(model, SCREEN)
    start = time.perf_counter()
    where = (
        " WHERE s.district = ? AND i.status = ? AND (instr(lower(s.name), ?) > 0 OR instr(lower(s.address), ?) > 0"
        " OR instr(lower(s.code), ?) > 0 OR instr(lower(s.street), ?) > 0 OR instr(lower(p.name), ?) > 0"
        " OR instr(lower(i.inspector_id), ?) > 0)"
    )
    params = [FILTER.district, FILTER.status] + [FILTER.search] * 6
    model = PlainModel(conn, f"{_SELECT}{where} ORDER BY i.score ASC, i.started_at DESC", params)
    scroll(model, min(SCREEN, model.rowCount()))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inspections", type=int, default=10_000)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        ws = demo_workspace(Path(tmp) / "ws")
        build(ws, args.inspections)
        plain = sqlite3.connect(ws.path / "workspace.db")
        results = {}
        for name, ours, base in (
            ("open, first screen", ours_first_screen, baseline_first_screen),
            ("open + scroll every row", ours_open_and_scroll, baseline_open_and_scroll),
            ("filter + sort, first screen", ours_filter_and_sort, baseline_filter_and_sort),
        ):
            ours_times = [ours(ws.db) for _ in range(ROUNDS)]
            base_times = [base(plain) for _ in range(ROUNDS)]
            results[name] = (statistics.median(ours_times), statistics.median(base_times))
        plain.close()
        ws.close()
    cells = args.inspections * len(COLUMNS)
    per_screen = results["open + scroll every row"][0] / (args.inspections / SCREEN)
    print(f"{args.inspections} inspections, {cells} cells × {len(ROLES)} roles, screens of {SCREEN} rows;")
    print(f"median of {ROUNDS} rounds each; per screen while scrolling: {per_screen * 1000:.1f} ms")
    for name, (ours_s, base_s) in results.items():
        goal = 3.0 if "scroll" in name else 2.0
        print(ratio_line(f"history {name} vs plain sqlite3 model", ours_s, base_s, goal=goal))


if __name__ == "__main__":
    main()
