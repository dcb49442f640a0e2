"""`finding_revisions.local_seq`: backfilled by migration 4, max + 1 for every revision written, laptop or office."""

import re
import shutil

from inspector import workspace
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.store import transaction
from inspector.workspace import ledger
from tests.conftest import ROOT
from tests.exchange.test_bundle_kit import FIELD_PASS, START, inspect, kit_fixture  # noqa: F401


def as_before_migration_4(path):
    """Turn a workspace back into the schema of migration 3, as laptops in the field still have it."""
    with workspace.open_workspace(path) as ws, transaction(ws.db) as conn:
        conn.execute("DROP INDEX finding_revisions_local_seq")
        conn.execute("ALTER TABLE finding_revisions DROP COLUMN local_seq")
        conn.execute("DROP TABLE export_temps")
        conn.execute("DELETE FROM _migrations WHERE id = 4")


def test_migration_numbers_existing_revisions_in_rowid_order_and_keeps_the_ledger(kit, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(kit.laptops["A"], laptop)
    as_before_migration_4(laptop)
    with workspace.open_workspace(laptop) as ws:
        assert ws.db.execute("SELECT COUNT(*) FROM finding_revisions WHERE local_seq IS NOT rowid").fetchone()[0] == 0
        assert ws.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0] > 0
        indexes = {row[1]: row[2] for row in ws.db.execute("PRAGMA index_list(finding_revisions)")}
        assert indexes["finding_revisions_local_seq"] == 1  # unique
        assert export.unexported_count(ws.db) == {"revisions": 0, "findings": 0, "inspections": 0}
        inspect(ws, site_code="YX-016", when=START.replace(day=28), seed=41)
        pending = export.unexported_count(ws.db)["revisions"]
        result = export.export_bundle(ws, tmp_path, FIELD_PASS)
        assert result.seq == 5 and result.counts["revisions"] == pending


def test_every_answer_takes_the_next_number(kit, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(kit.laptops["A"], laptop)
    with workspace.open_workspace(laptop) as ws:
        top = ws.db.execute("SELECT MAX(local_seq) FROM finding_revisions").fetchone()[0]
        found = inspect(ws, site_code="YX-014", when=START.replace(day=28), seed=42)
        first = inspections.current_findings(ws.db, found.id)[0]
        inspections.record_finding(ws.db, found.id, first.item_code, outcome="pass", reason="复核后改正")
        numbers = [
            row[0] for row in ws.db.execute("SELECT local_seq FROM finding_revisions WHERE local_seq > ?", [top])
        ]
        assert sorted(numbers) == list(range(top + 1, top + 1 + len(numbers)))
        last = ws.db.execute("SELECT finding_id, rev FROM finding_revisions ORDER BY local_seq DESC LIMIT 1").fetchone()
        assert last == (first.finding_id, first.rev + 1)  # the correction, written last, has the highest number


def test_the_office_numbers_merged_revisions_itself_in_arrival_order(kit, tmp_path):
    with kit.office_copy(tmp_path / "office") as office:
        assert office.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0] == 0
        seen = 0
        for name in ("a3", "b1", "a1", "a2"):
            assert merge.merge_bundle(office, kit.bundles[name]).verdict == "imported"
            numbers = [row[0] for row in office.db.execute("SELECT local_seq FROM finding_revisions ORDER BY 1")]
            assert numbers == list(range(1, len(numbers) + 1))  # no gaps, no repeats
            seen = len(numbers)
        assert merge.merge_bundle(office, kit.bundles["a4"]).verdict == "imported"  # nothing new: nothing numbered
        assert office.db.execute("SELECT MAX(local_seq), COUNT(*) FROM finding_revisions").fetchone() == (seen, seen)


def test_revisions_written_without_a_number_are_still_exported(kit, tmp_path):
    laptop = tmp_path / "laptop"
    shutil.copytree(kit.laptops["A"], laptop)
    with workspace.open_workspace(laptop) as ws:
        inspect(ws, site_code="YX-015", when=START.replace(day=28), seed=43)
        with transaction(ws.db) as conn:  # as a tool outside the app might write them
            conn.execute(
                "UPDATE finding_revisions SET local_seq = NULL WHERE local_seq > (SELECT MAX(revisions_through)"
                " FROM exports)"
            )
        pending = export.unexported_count(ws.db)
        assert pending["revisions"] > 0
        result = export.export_bundle(ws, tmp_path, FIELD_PASS)
        assert result.counts["revisions"] == pending["revisions"]
        assert ws.db.execute("SELECT COUNT(*) FROM finding_revisions WHERE local_seq IS NULL").fetchone()[0] == 0
        assert ledger.unexported_count(ws.db)["revisions"] == 0


def test_every_insert_into_finding_revisions_sets_local_seq():
    statement = re.compile(r"INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:main\.)?finding_revisions\b[^;]*?\)", re.S)
    found = 0
    for path in sorted((ROOT / "inspector").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in statement.finditer(text):
            found += 1
            assert "local_seq" in text[match.start() : match.start() + 400], f"{path}: {match.group(0)[:80]}"
    assert found >= 2  # recording an answer on the laptop, merging a bundle at the office
