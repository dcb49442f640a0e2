"""Discarding an inspection started by mistake, and voiding (作废) one with answers: core, CLI, export and merge."""

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from inspector import scoring, voids, workspace
from inspector.cli import main as cli_main
from inspector.errors import InspectorError, NotFoundError, StateError
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field import history, inspections
from inspector.oversight import rankings, review
from inspector.periods import parse_period
from inspector.register import sites
from inspector.tracking import problems
from inspector.workspace import integrity
from tests.exchange.test_bundle_kit import (  # noqa: F401
    FIELD_PASS,
    START,
    field_workspace,
    forge,
    kit_fixture,
    office_fixture,
    split,
)

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=CST)
TODAY = date(2026, 11, 24)


def market(ws):
    return next(s for s in sites.list_sites(ws.db, site_type="market"))


def start(ws, when=WHEN):
    return inspections.start_inspection(
        ws.db, site_id=market(ws).id, inspector_id="I-001", mode="unannounced", started_at=when, place="幸福路"
    )


def failed_and_finished(ws, when=WHEN):
    """A finished inspection whose first item failed (twice) and the rest passed."""
    inspection = start(ws, when)
    items = inspections.inspection_checklist(ws.db, inspection).items
    failing = next(item for item in items if not item.photo_required)
    for item in items:
        if item is failing:
            inspections.record_finding(ws.db, inspection.id, item.code, outcome="fail", count=2)
        else:
            inspections.record_finding(ws.db, inspection.id, item.code, outcome="pass")
    return inspections.finish_inspection(ws.db, inspection.id, finished_at=when + timedelta(minutes=20))


def first_code(ws, inspection):
    return inspections.inspection_checklist(ws.db, inspection).codes[0]


def clean(ws) -> bool:
    report = integrity.check_workspace(ws, photos="skip", record=False)
    return report.ok


# ---------------------------------------------------------------- discarding


def test_an_unanswered_open_inspection_is_discarded_and_gone(ws):
    inspection = start(ws)
    gone = inspections.discard_inspection(ws.db, inspection.id)
    assert gone.id == inspection.id
    with pytest.raises(NotFoundError):
        inspections.get_inspection(ws.db, inspection.id)
    assert inspections.open_inspections(ws.db) == []
    assert clean(ws)


def test_discard_refuses_an_inspection_with_an_answer_and_says_to_void_it(ws):
    inspection = start(ws)
    inspections.record_finding(ws.db, inspection.id, first_code(ws, inspection), outcome="pass")
    with pytest.raises(StateError, match=r"1 个条目作答.*作废"):
        inspections.discard_inspection(ws.db, inspection.id)
    assert inspections.get_inspection(ws.db, inspection.id).status == "open"


def test_discard_refuses_finished_exported_voided_and_foreign_inspections(ws):
    finished = failed_and_finished(ws)
    with pytest.raises(StateError, match="已经完成"):
        inspections.discard_inspection(ws.db, finished.id)
    exported = start(ws, WHEN + timedelta(hours=1))
    ws.db.conn.execute("INSERT INTO export_inspections VALUES (?, '[]', 1)", [exported.id])
    with pytest.raises(StateError, match="导出"):
        inspections.discard_inspection(ws.db, exported.id)
    voided = start(ws, WHEN + timedelta(hours=2))
    inspections.void_inspection(ws.db, voided.id, "点错了点位")
    with pytest.raises(StateError, match="已作废"):
        inspections.discard_inspection(ws.db, voided.id)
    foreign = start(ws, WHEN + timedelta(hours=3))
    ws.db.conn.execute("UPDATE inspections SET device_id = 'someone-else' WHERE id = ?", [foreign.id])
    with pytest.raises(StateError, match="另一台设备"):
        inspections.discard_inspection(ws.db, foreign.id)
    with pytest.raises(NotFoundError):
        inspections.discard_inspection(ws.db, "no-such-inspection")


# ---------------------------------------------------------------- voiding


def test_a_reason_is_kept_on_one_line_without_control_characters(ws):
    inspection = start(ws)
    void = inspections.void_inspection(ws.db, inspection.id, "误开\x1b[2J\u202e检查")
    assert void.reason == "误开?[2J?检查"
    with pytest.raises(InspectorError, match="过长"):
        inspections.void_inspection(ws.db, start(ws, WHEN + timedelta(hours=1)).id, "长" * 501)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_void_needs_a_reason_and_writes_nothing_without_one(ws, reason):
    inspection = start(ws)
    with pytest.raises(InspectorError, match="原因"):
        inspections.void_inspection(ws.db, inspection.id, reason)
    assert voids.void_of(ws.db, inspection.id) is None


def test_a_voided_inspection_refuses_answers_finishing_photos_and_a_second_void(ws):
    inspection = start(ws)
    code = first_code(ws, inspection)
    inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    void = inspections.void_inspection(ws.db, inspection.id, "  误开了\n这次检查 ", at=WHEN + timedelta(minutes=5))
    assert (void.reason, void.voided_at, void.device_id) == ("误开了 这次检查", "2026-11-23T01:35:00Z", ws.device_id)
    assert voids.void_of(ws.db, inspection.id) == void
    with pytest.raises(StateError, match="已作废（原因：误开了 这次检查）"):
        inspections.record_finding(ws.db, inspection.id, code, outcome="fail")
    with pytest.raises(StateError, match="已作废"):
        inspections.finish_inspection(ws.db, inspection.id)
    with pytest.raises(StateError, match="已作废"):
        inspections.add_photos(ws.db, inspection.id, code, [])
    with pytest.raises(StateError, match="已作废"):
        inspections.void_inspection(ws.db, inspection.id, "又一次")
    assert [f.outcome for f in inspections.current_findings(ws.db, inspection.id)] == ["pass"]  # findings stay
    assert inspections.open_inspections(ws.db) == []  # not resumed after a restart
    assert clean(ws)


def test_a_finished_inspection_is_voided_and_its_problems_count_nowhere(ws):
    kept = failed_and_finished(ws, WHEN)
    wrong = failed_and_finished(ws, WHEN + timedelta(hours=2))
    month = parse_period("2026-11")
    before = scoring.period_summary(ws.db, month)
    assert (before["inspections"], before["problems"]) == (2, 4)
    assert len(problems.list_problems(ws.db, today=TODAY)) == 2
    wrong_finding = next(f for f in inspections.current_findings(ws.db, wrong.id) if f.outcome == "fail")
    problems.get_problem(ws.db, wrong_finding.finding_id, today=TODAY)

    inspections.void_inspection(ws.db, wrong.id, "走错了点位，记录作废")

    found = problems.list_problems(ws.db, today=TODAY)
    assert [p.inspection_id for p in found] == [kept.id]
    with pytest.raises(NotFoundError, match="已作废"):
        problems.get_problem(ws.db, wrong_finding.finding_id, today=TODAY)
    after = scoring.period_summary(ws.db, month)
    assert (after["inspections"], after["problems"]) == (1, 2)
    table = rankings.rankings(ws.db, month, "district", today=TODAY)
    assert sum(e.inspections for e in table.entries) == 1
    assert sum(e.problems for e in table.entries) == 2
    with pytest.raises(StateError, match="已作废"):  # no review (nor rectification) of a voided inspection's failure
        review.confirm(ws.db, wrong_finding.finding_id)
    assert inspections.get_inspection(ws.db, wrong.id).status == "finished"  # the stored row is untouched
    rows = {row.id: row.status for row in history.inspection_rows(ws.db, [kept.id, wrong.id])}
    assert rows == {kept.id: "finished", wrong.id: "voided"}
    assert history.inspection_ids(ws.db, history.HistoryFilter(status="voided")) == [wrong.id]
    assert history.inspection_ids(ws.db, history.HistoryFilter(status="finished")) == [kept.id]
    detail = history.inspection_detail(ws.db, wrong.id)
    assert detail.void is not None and detail.void.reason == "走错了点位，记录作废"
    assert history.inspection_detail(ws.db, kept.id).void is None
    assert clean(ws)


def test_workspace_check_names_a_void_made_by_another_device(ws):
    inspection = start(ws)
    inspections.void_inspection(ws.db, inspection.id, "误开")
    ws.db.conn.execute("UPDATE inspection_voids SET device_id = 'forged'")
    report = integrity.check_workspace(ws, photos="skip", record=False)
    assert report.counts == {"void": 1}


def test_the_cli_discards_and_voids(tmp_path, capsys):
    laptop = field_workspace(tmp_path / "laptop", {"id": "I-001", "name": "张明", "district": "", "unit": ""})
    opened = [start(laptop, WHEN + timedelta(hours=n)) for n in range(2)]
    laptop.close()
    where = ["--workspace", str(tmp_path / "laptop")]
    assert cli_main(["inspection", "void", opened[0].id, "--reason", " ", *where]) == 1
    assert "原因" in capsys.readouterr().err
    assert cli_main(["inspection", "void", opened[0].id, "--reason", "误开", *where]) == 0
    assert "已作废" in capsys.readouterr().out
    assert cli_main(["inspection", "discard", opened[0].id, *where]) == 1
    assert "已作废" in capsys.readouterr().err
    assert cli_main(["inspection", "discard", opened[1].id, "--json", *where]) == 0
    assert json.loads(capsys.readouterr().out)["discarded"]["id"] == opened[1].id
    with workspace.open_workspace(tmp_path / "laptop") as again:
        assert voids.void_of(again.db, opened[0].id).reason == "误开"
        assert inspections.open_inspections(again.db) == []


def test_the_cli_refuses_an_office_workspace(ws, capsys):
    inspection = start(ws)
    assert cli_main(["inspection", "discard", inspection.id, "--workspace", str(ws.path)]) == 1
    assert "外勤" in capsys.readouterr().err


# ---------------------------------------------------------------- export and merge


def voided_bundle(kit, tmp_path: Path, name: str = "A") -> tuple[Path, str, str]:
    """Laptop A voids its first (already exported) inspection; the next bundle carries the void."""
    with kit.laptop_copy(name, tmp_path / f"laptop-{name}") as laptop:
        first = laptop.db.execute("SELECT id FROM inspections ORDER BY started_at LIMIT 1").fetchone()[0]
        assert export.unexported_count(laptop.db)["inspections"] == 0
        inspections.void_inspection(laptop.db, first, "点位选错，整次作废", at=START + timedelta(days=2))
        assert export.unexported_count(laptop.db)["inspections"] == 1
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        result = export.export_bundle(laptop, out, FIELD_PASS)
        assert result.counts["voids"] == 1 and result.counts["inspections"] >= 1
        assert export.unexported_count(laptop.db)["inspections"] == 0
    return Path(result.path), first, result.manifest_sha256


def test_a_void_after_export_is_exported_again_with_the_inspection(kit, tmp_path):
    path, first, _ = voided_bundle(kit, tmp_path)
    payload = tmp_path / "payload.sqlite"
    manifest, _, data = split(path.read_bytes())
    assert manifest["schema_version"] == 2 and manifest["counts"]["voids"] == 1
    payload.write_bytes(data)
    conn = sqlite3.connect(payload)
    assert conn.execute("SELECT inspection_id, reason FROM inspection_voids").fetchall() == [
        (first, "点位选错，整次作废")
    ]
    assert conn.execute("SELECT status FROM inspections WHERE id = ?", [first]).fetchone() == ("finished",)
    conn.close()


def test_the_office_keeps_a_void_final_and_idempotent_whatever_the_order(kit, tmp_path):
    path, first, _ = voided_bundle(kit, tmp_path)
    earlier = [kit.bundles[n] for n in ("a1", "a2", "a3", "a4")]
    with kit.office_copy(tmp_path / "o1") as office:
        verdicts = merge.merge_paths(office, [*earlier, path])
        assert [v.verdict for v in verdicts] == ["imported"] * 5
        assert verdicts[-1].counts["new"]["voids"] == 1
        void = voids.void_of(office.db, first)
        assert void is not None and void.reason == "点位选错，整次作废"
        assert all(p.inspection_id != first for p in problems.list_problems(office.db, today=TODAY))
        assert merge.merge_bundle(office, path).verdict == "duplicate"
        assert voids.void_of(office.db, first) == void
        assert clean(office)
        one = workspace_digest(office.db)
    with kit.office_copy(tmp_path / "o2") as office:  # the void first, the bundles without it after: still voided
        verdicts = merge.merge_paths(office, [path, *reversed(earlier)])
        assert [v.verdict for v in verdicts] == ["imported"] * 5
        assert voids.void_of(office.db, first) == void
        assert history.inspection_rows(office.db, [first])[0].status == "voided"
        assert workspace_digest(office.db) == one


def test_a_bundle_cannot_void_an_inspection_of_another_device(kit, tmp_path):
    with kit.office_copy(tmp_path / "office") as office:
        assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
        a_first = office.db.execute(
            "SELECT id FROM inspections WHERE device_id = ? ORDER BY started_at LIMIT 1", [kit.devices["A"]]
        ).fetchone()[0]
        b_first = None

        def void_in_the_name_of_a(conn: sqlite3.Connection) -> None:
            nonlocal b_first
            b_first = conn.execute("SELECT id FROM inspections ORDER BY id LIMIT 1").fetchone()[0]
            conn.execute(
                "INSERT INTO inspection_voids VALUES (?, '冒充', '2026-11-24T00:00:00Z', ?, '2026-11-24T00:00:00Z')",
                [b_first, kit.devices["A"]],
            )

        forged = forge(kit, "b1", tmp_path / "b1-void-as-a.ibundle", sql=void_in_the_name_of_a, recount=True)
        verdict = merge.merge_bundle(office, forged)
        assert (verdict.verdict, verdict.code) == ("rejected", "foreign_device")

        def void_a_inspection(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO inspections SELECT ?, site_id, inspector_id, mode, catalog_version, started_at,"
                " local_date, place, device_id, NULL, draw_id, sample_draw_id, item_codes, status, finished_at,"
                " problem_count, deduction_total, score, created_at, task_id FROM inspections ORDER BY id LIMIT 1",
                [a_first],
            )
            conn.execute(
                "INSERT INTO inspection_voids SELECT ?, '抢先作废', '2026-11-24T00:00:00Z', device_id,"
                " '2026-11-24T00:00:00Z' FROM inspections WHERE id = ?",
                [a_first, a_first],
            )

        forged = forge(kit, "b1", tmp_path / "b1-void-a.ibundle", sql=void_a_inspection, recount=True, seq=7)
        verdict = merge.merge_bundle(office, forged)
        assert (verdict.verdict, verdict.code) == ("rejected", "foreign_device")
        assert "另一台设备" in verdict.reason

        def void_of_nothing(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO inspection_voids SELECT 'not-in-bundle', '无', '2026-11-24T00:00:00Z', device_id,"
                " '2026-11-24T00:00:00Z' FROM inspections LIMIT 1"
            )

        forged = forge(kit, "b1", tmp_path / "b1-void-none.ibundle", sql=void_of_nothing, recount=True, seq=8)
        assert merge.merge_bundle(office, forged).code == "bad_row"
        for n, (reason, stamp) in enumerate([("\x1b[31m红字", "2026-11-24T00:00:00Z"), ("原因", "昨天"), ("", "x")]):

            def bad_void(conn: sqlite3.Connection, reason: str = reason, stamp: str = stamp) -> None:
                conn.execute(
                    "INSERT INTO inspection_voids SELECT id, ?, ?, device_id, '2026-11-24T00:00:00Z'"
                    " FROM inspections ORDER BY id LIMIT 1",
                    [reason, stamp],
                )

            forged = forge(kit, "b1", tmp_path / f"b1-bad-{n}.ibundle", sql=bad_void, recount=True, seq=10 + n)
            assert merge.merge_bundle(office, forged).code == "bad_row", (reason, stamp)
        assert voids.list_voids(office.db) == []
        assert merge.merge_bundle(office, kit.bundles["b1"]).verdict == "imported"  # the real one still merges


def test_a_different_void_of_the_same_inspection_is_quarantined(kit, tmp_path):
    path, first, _ = voided_bundle(kit, tmp_path)
    with kit.office_copy(tmp_path / "office") as office:
        assert merge.merge_bundle(office, path).verdict == "imported"

        def other_reason(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE inspection_voids SET reason = '另一个原因'")

        doc_seq = 9
        forged_src = tmp_path / "forged-src"
        forged_src.mkdir()
        kit.bundles["void-a"] = path
        try:
            forged = forge(kit, "void-a", forged_src / "v.ibundle", sql=other_reason, seq=doc_seq, signer="A")
        finally:
            del kit.bundles["void-a"]
        verdict = merge.merge_bundle(office, forged)
        assert (verdict.verdict, verdict.code) == ("quarantined", "void_conflict")
        assert voids.void_of(office.db, first).reason == "点位选错，整次作废"


def test_a_payload_of_version_1_is_still_merged(kit, tmp_path):
    def old_payload(conn: sqlite3.Connection) -> None:
        conn.execute("DROP TABLE inspection_voids")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("VACUUM")

    def old_manifest(doc: dict) -> None:
        doc["schema_version"] = 1
        del doc["counts"]["voids"]

    forged = forge(kit, "a1", tmp_path / "a1-v1.ibundle", sql=old_payload, manifest=old_manifest)
    with kit.office_copy(tmp_path / "office") as office:
        verdict = merge.merge_bundle(office, forged)
        assert verdict.verdict == "imported", verdict.reason
        assert voids.list_voids(office.db) == []


def test_a_task_whose_inspection_is_voided_or_discarded_is_to_do_again(kit, office, tmp_path):
    from inspector.exchange import taskpack
    from tests.exchange.test_taskpack import make_pack

    pack = make_pack(office, tmp_path)
    with kit.laptop_copy("A", tmp_path / "laptop") as laptop:
        taskpack.import_taskpack(laptop, pack["file"])
        task = taskpack.list_tasks(laptop.db)[0]
        first = taskpack.start_task(laptop.db, task.id)
        assert taskpack.get_task(laptop.db, task.id).status == "started"
        inspections.discard_inspection(laptop.db, first.id)
        assert taskpack.get_task(laptop.db, task.id).status == "todo"
        second = taskpack.start_task(laptop.db, task.id)
        for item in inspections.inspection_checklist(laptop.db, second).items:
            inspections.record_finding(laptop.db, second.id, item.code, outcome="pass")
        inspections.finish_inspection(laptop.db, second.id)
        assert taskpack.get_task(laptop.db, task.id).status == "done"
        inspections.void_inspection(laptop.db, second.id, "任务点位走错")
        assert taskpack.get_task(laptop.db, task.id).status == "todo"
        assert taskpack.get_task(laptop.db, task.id).inspection_id is None


def test_the_merge_command_says_how_many_inspections_were_voided(kit, tmp_path, capsys):
    path, _first, _ = voided_bundle(kit, tmp_path)
    kit.office_copy(tmp_path / "office").close()
    assert cli_main(["merge", str(path), "--workspace", str(tmp_path / "office")]) == 0
    out = capsys.readouterr().out
    assert "作废检查 1 次" in out
