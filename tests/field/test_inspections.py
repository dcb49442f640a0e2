import io
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image

from inspector import catalog
from inspector.errors import NotFoundError, StateError
from inspector.field import evidence, inspections
from inspector.field.inspections import IncompleteError, content_hash
from inspector.register import sites

CST = timezone(timedelta(hours=8))


def market(ws):
    return next(s for s in sites.list_sites(ws.db, site_type="market"))


def photo(ws, shade=10):
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (shade, 100, 200)).save(buf, "JPEG")
    return evidence.import_photo(ws.db, ws.evidence_dir, buf.getvalue(), device_id=ws.device_id).sha256


def start(ws, site=None, when=datetime(2026, 11, 23, 9, 30, tzinfo=CST), **kw):
    site = site or market(ws)
    return inspections.start_inspection(
        ws.db, site_id=site.id, inspector_id="I-001", mode="unannounced", started_at=when, place="幸福路", **kw
    )


def answer_all(ws, inspection, outcome="pass"):
    for code in inspections.inspection_checklist(ws.db, inspection).codes:
        if code not in {f.item_code for f in inspections.current_findings(ws.db, inspection.id)}:
            inspections.record_finding(ws.db, inspection.id, code, outcome=outcome)


def photo_required_item(ws, inspection):
    return next(i for i in inspections.inspection_checklist(ws.db, inspection).items if i.photo_required)


def test_checklist_is_items_for_the_site_type_grouped_by_category(ws):
    inspection = start(ws)
    checklist = inspections.inspection_checklist(ws.db, inspection)
    cat = catalog.get_catalog(ws.db)
    expected = {i.code for i in cat.items if "market" in i.site_types}
    assert set(checklist.codes) == expected
    order = [g.category for g in checklist.groups]
    positions = [c.code for c in cat.categories]
    assert order == sorted(order, key=positions.index)
    assert inspection.catalog_version == cat.version
    assert inspection.local_date == "2026-11-23"


def test_each_answer_is_committed_at_once(ws):
    inspection = start(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    other = sqlite3.connect(ws.path / "workspace.db")  # a second reader sees it: the answer is on disk
    assert other.execute("SELECT outcome FROM finding_revisions").fetchall() == [("pass",)]
    other.close()


def test_failure_gets_unit_deadline_and_deduction_from_the_catalog(ws):
    inspection = start(ws)
    item = photo_required_item(ws, inspection)
    finding = inspections.record_finding(ws.db, inspection.id, item.code, outcome="fail", count=3, note="三处")
    assert finding.responsible_unit == item.responsible_unit
    assert finding.deadline == (date(2026, 11, 23) + timedelta(days=item.rectify_days)).isoformat()
    assert finding.deduction == pytest.approx(item.deduction * 3)
    assert finding.multiplier == 1.0


def test_edits_are_new_revisions_with_a_linked_history(ws):
    inspection = start(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    first = inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    again = inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    assert again.rev == 1  # the same answer writes nothing
    second = inspections.record_finding(ws.db, inspection.id, code, outcome="fail", count=2, photos=[photo(ws)])
    history = inspections.finding_history(ws.db, inspection.id, code)
    assert [f.rev for f in history] == [1, 2]
    assert history[1].parent_hash == first.content_hash
    assert second.finding_id == first.finding_id
    for revision in history:
        assert content_hash(revision.as_dict()) == revision.content_hash
    assert ws.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0] == 2


def test_finishing_is_blocked_until_complete_then_fixes_the_score(ws):
    inspection = start(ws)
    item = photo_required_item(ws, inspection)
    inspections.record_finding(ws.db, inspection.id, item.code, outcome="fail", count=2)
    with pytest.raises(IncompleteError) as info:
        inspections.finish_inspection(ws.db, inspection.id)
    assert info.value.unanswered and info.value.missing_photos == [item.code]
    answer_all(ws, inspection)
    with pytest.raises(IncompleteError) as info:
        inspections.finish_inspection(ws.db, inspection.id)
    assert info.value.unanswered == [] and info.value.missing_photos == [item.code]
    inspections.add_photos(ws.db, inspection.id, item.code, [photo(ws)])
    done = inspections.finish_inspection(ws.db, inspection.id)
    assert done.status == "finished"
    assert done.problem_count == 2
    assert done.deduction_total == pytest.approx(item.deduction * 2)
    assert done.score == pytest.approx(100 - item.deduction * 2)
    with pytest.raises(StateError):
        inspections.finish_inspection(ws.db, inspection.id)


def test_editing_a_finished_inspection_needs_a_reason_and_rescores(ws):
    inspection = start(ws)
    answer_all(ws, inspection)
    inspections.finish_inspection(ws.db, inspection.id)
    item = inspections.inspection_checklist(ws.db, inspection).items[0]
    with pytest.raises(StateError):
        inspections.record_finding(ws.db, inspection.id, item.code, outcome="na")
    shas = [photo(ws)] if item.photo_required else []
    inspections.record_finding(ws.db, inspection.id, item.code, outcome="fail", photos=shas, reason="复核照片后更正")
    rescored = inspections.get_inspection(ws.db, inspection.id)
    assert rescored.score == pytest.approx(100 - item.deduction)
    assert inspections.finding_history(ws.db, inspection.id, item.code)[-1].reason == "复核照片后更正"


def test_repeat_within_the_window_is_escalated(ws):
    site = market(ws)
    item_code = None
    first = start(ws, site, when=datetime(2026, 11, 2, 10, 0, tzinfo=CST))
    item = photo_required_item(ws, first)
    item_code = item.code
    inspections.record_finding(ws.db, first.id, item_code, outcome="fail", photos=[photo(ws)])
    later = start(ws, site, when=datetime(2026, 11, 20, 10, 0, tzinfo=CST))
    repeat = inspections.record_finding(ws.db, later.id, item_code, outcome="fail", photos=[photo(ws, 20)])
    assert repeat.multiplier == 2.0 and repeat.deduction == pytest.approx(item.deduction * 2)
    much_later = start(ws, site, when=datetime(2027, 1, 20, 10, 0, tzinfo=CST))
    fresh = inspections.record_finding(ws.db, much_later.id, item_code, outcome="fail", photos=[photo(ws, 30)])
    assert fresh.multiplier == 1.0


def test_unfixed_at_recheck_is_escalated(ws):
    site = market(ws)
    original = start(ws, site, when=datetime(2026, 10, 1, 10, 0, tzinfo=CST))
    item = photo_required_item(ws, original)
    inspections.record_finding(ws.db, original.id, item.code, outcome="fail", photos=[photo(ws)])
    recheck = start(ws, site, when=datetime(2026, 11, 20, 10, 0, tzinfo=CST), recheck_of=original.id)
    unfixed = inspections.record_finding(ws.db, recheck.id, item.code, outcome="fail", photos=[photo(ws, 40)])
    assert unfixed.multiplier == 2.0  # outside the repeat window, so only the recheck multiplier applies
    other_site = next(s for s in sites.list_sites(ws.db, site_type="market") if s.id != site.id)
    with pytest.raises(StateError):
        start(ws, other_site, recheck_of=original.id)


def test_unfixed_at_its_own_recheck_is_not_also_a_repeat(ws):
    site = market(ws)
    original = start(ws, site, when=datetime(2026, 11, 2, 10, 0, tzinfo=CST))
    item = photo_required_item(ws, original)
    inspections.record_finding(ws.db, original.id, item.code, outcome="fail", photos=[photo(ws)])
    recheck = start(ws, site, when=datetime(2026, 11, 9, 10, 0, tzinfo=CST), recheck_of=original.id)
    unfixed = inspections.record_finding(ws.db, recheck.id, item.code, outcome="fail", photos=[photo(ws, 50)])
    assert unfixed.multiplier == 2.0  # ×2 for unfixed at recheck, not ×4 with the repeat on top
    later = start(ws, site, when=datetime(2026, 11, 20, 10, 0, tzinfo=CST))
    again = inspections.record_finding(ws.db, later.id, item.code, outcome="fail", photos=[photo(ws, 60)])
    assert again.multiplier == 2.0  # a later ordinary inspection finding it again is a repeat


def test_wrong_item_photo_and_inputs_are_refused(ws):
    inspection = start(ws)
    not_for_markets = next(i for i in catalog.get_catalog(ws.db).items if "market" not in i.site_types)
    with pytest.raises(StateError):
        inspections.record_finding(ws.db, inspection.id, not_for_markets.code, outcome="pass")
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    with pytest.raises(NotFoundError):
        inspections.record_finding(ws.db, inspection.id, code, outcome="fail", photos=["0" * 64])
    with pytest.raises(NotFoundError):
        inspections.start_inspection(ws.db, site_id=market(ws).id, inspector_id="nobody", mode="announced")
    assert ws.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0] == 0


def test_sampled_inspection_walks_only_the_recorded_sample(ws):
    one = start(ws, sample=5, sample_seed="2026-W48")
    two = start(ws, sample=5, sample_seed="2026-W48")
    codes = inspections.inspection_checklist(ws.db, one).codes
    assert len(codes) == 5 and codes == inspections.inspection_checklist(ws.db, two).codes
    draw_row = ws.db.execute("SELECT kind, seed FROM draws WHERE id = ?", [one.sample_draw_id]).fetchone()
    assert draw_row == ("items", "2026-W48")


def test_open_inspections_are_found_after_a_restart(ws):
    inspection = start(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    from inspector.workspace import open_workspace

    with open_workspace(ws.path) as again:
        reopened = inspections.open_inspections(again.db)
        assert [i.id for i in reopened] == [inspection.id]
        assert inspections.progress(again.db, inspection.id)["answered"] == 1


def test_a_whole_inspection_in_one_transaction_is_all_or_nothing(ws):
    from inspector.store import transaction

    site = market(ws)
    tables = ("inspections", "findings", "finding_revisions")

    def counts():
        return [ws.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables]

    before = counts()
    with pytest.raises(IncompleteError), transaction(ws.db):
        iid = inspections.start_inspection_tx(ws.db, site_id=site.id, inspector_id="I-001", mode="announced")
        first = inspections.inspection_checklist(ws.db, inspections.get_inspection(ws.db, iid)).codes[0]
        inspections.record_finding_tx(ws.db, iid, first, outcome="pass")
        inspections.finish_inspection_tx(ws.db, iid)  # items unanswered: the whole inspection goes
    assert counts() == before
    with transaction(ws.db):
        iid = inspections.start_inspection_tx(ws.db, site_id=site.id, inspector_id="I-001", mode="announced")
        for code in inspections.inspection_checklist(ws.db, inspections.get_inspection(ws.db, iid)).codes:
            inspections.record_finding_tx(ws.db, iid, code, outcome="pass")
        inspections.finish_inspection_tx(ws.db, iid)
    assert inspections.get_inspection(ws.db, iid).score == 100


def test_the_transaction_variants_refuse_to_run_outside_a_transaction(ws):
    inspection = start(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[0]
    with pytest.raises(RuntimeError):
        inspections.record_finding_tx(ws.db, inspection.id, code, outcome="pass")
    with pytest.raises(RuntimeError):
        inspections.finish_inspection_tx(ws.db, inspection.id)
    with pytest.raises(RuntimeError):
        inspections.start_inspection_tx(ws.db, site_id=market(ws).id, inspector_id="I-001", mode="announced")
    assert inspections.current_findings(ws.db, inspection.id) == []


# ---------------------------------------------------------------- going back to an earlier answer


def test_restoring_an_earlier_answer_is_a_new_revision_and_keeps_later_photos(ws):
    inspection = start(ws)
    item = photo_required_item(ws, inspection)
    inspections.record_finding(ws.db, inspection.id, item.code, outcome="fail", count=2, note="满溢")
    inspections.record_finding(ws.db, inspection.id, item.code, outcome="pass", note="满溢")
    sha = photo(ws)
    inspections.add_photos(ws.db, inspection.id, item.code, [sha])

    restored = inspections.restore_revision(ws.db, inspection.id, item.code, 1)
    history = inspections.finding_history(ws.db, inspection.id, item.code)
    assert [(f.rev, f.outcome, f.count, f.note) for f in history] == [
        (1, "fail", 2, "满溢"),
        (2, "pass", 0, "满溢"),
        (3, "pass", 0, "满溢"),
        (4, "fail", 2, "满溢"),
    ]
    assert restored == history[-1] and restored.photos == [sha]  # evidence is never dropped by going back
    assert restored.parent_hash == history[2].content_hash and restored.content_hash == content_hash(restored.as_dict())
    assert restored.deduction == history[0].deduction and restored.deadline == history[0].deadline
    again = inspections.restore_revision(ws.db, inspection.id, item.code, 4)  # already the answer: nothing written
    assert again.rev == 4 and len(inspections.finding_history(ws.db, inspection.id, item.code)) == 4
    with pytest.raises(NotFoundError, match="第 9 次"):
        inspections.restore_revision(ws.db, inspection.id, item.code, 9)


def test_latest_failure_finds_the_count_and_note_of_the_newest_failing_revision(ws):
    inspection = start(ws)
    code = inspections.inspection_checklist(ws.db, inspection).codes[1]
    assert inspections.latest_failure(ws.db, inspection.id, code) is None
    inspections.record_finding(ws.db, inspection.id, code, outcome="pass")
    assert inspections.latest_failure(ws.db, inspection.id, code) is None
    inspections.record_finding(ws.db, inspection.id, code, outcome="fail", count=3, note="三处")
    inspections.record_finding(ws.db, inspection.id, code, outcome="na")
    failed = inspections.latest_failure(ws.db, inspection.id, code)
    assert failed is not None and (failed.rev, failed.count, failed.note) == (2, 3, "三处")


def test_the_field_writes_declare_what_they_change():
    """The runner refreshes from these: an answer touches the findings, finishing the inspection too."""
    assert inspections.record_finding.changes.kinds == {"findings"}
    assert inspections.restore_revision.changes == inspections.record_finding.changes
    assert inspections.add_photos.changes.kinds == {"findings", "photos"}
    assert inspections.start_inspection.changes.kinds == {"inspections"}
    assert inspections.finish_inspection.changes.kinds == {"inspections", "findings"}
    assert inspections.void_inspection.changes.kinds == inspections.discard_inspection.changes.kinds
    assert inspections.void_inspection.changes.touches("tasks")  # a task's status is read from its inspection
