"""Office review: decisions recorded with who, when and why; the field's signed revisions never change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inspector.changes import NOTHING, OpChanges
from inspector.errors import NotFoundError
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field import inspections
from inspector.field.evidence import photo_path
from inspector.letters import short_reference
from inspector.oversight import review
from inspector.oversight.rectification import record_rectification, set_deadline, set_unit
from inspector.oversight.references import find_by_reference
from inspector.tracking.decisions import AmbiguousReferenceError, ReviewError, history, resolve_finding
from inspector.tracking.problems import ProblemFilter, list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, problem_of
from tests.office_kit import photo as office_photo

TODAY = date(2026, 11, 5)
NOON = datetime(2026, 11, 5, 4, 0, tzinfo=UTC)


@pytest.fixture
def found(ws):
    """Two inspections at the 云栖区 market: one with three problems, one a week later repeating one of them."""
    first = inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1, DAY_ITEM: 1})
    second = inspect(ws, "YX-003", date(2026, 11, 3), {WEEK_ITEM: 1}, hour=15)
    return first, second


def revisions(ws):
    return ws.db.execute("SELECT finding_id, rev, content_hash FROM finding_revisions ORDER BY 1, 2").fetchall()


def test_decisions_never_touch_field_revisions(ws, found, tmp_path):
    first, second = found
    before, digest = revisions(ws), workspace_digest(ws.db)["digest"]
    week = problem_of(ws, first, WEEK_ITEM, TODAY)
    board = problem_of(ws, first, BOARD_ITEM, TODAY)
    day = problem_of(ws, first, DAY_ITEM, TODAY)
    duplicate = problem_of(ws, second, WEEK_ITEM, TODAY)
    review.confirm(ws.db, [week.reference, board.reference], actor="陈喆", at=NOON)
    review.reject(ws.db, day.reference, reason="点位错误：问题在相邻的小区", actor="陈喆", at=NOON)
    review.merge_duplicate(ws.db, duplicate.reference, into=week.reference, actor="陈喆", at=NOON)
    review.approve_exposure(ws.db, board.reference, masks={board.photos[0][:8]: [(40, 40, 80, 80)]}, at=NOON)
    set_unit(ws.db, week.reference, "云栖区城市管理局", reason="属地管理", at=NOON)
    set_deadline(ws.db, week.reference, date(2026, 11, 20), reason="申请延期", at=NOON)
    record_rectification(ws, board.reference, report="已更换公益广告", reported_on=TODAY)
    assert revisions(ws) == before
    assert workspace_digest(ws.db)["digest"] == digest
    states = {p.reference: p for p in list_problems(ws.db, today=TODAY)}
    assert states[day.reference].status == "rejected" and states[day.reference].review_reason.startswith("点位错误")
    assert states[duplicate.reference].status == "merged"
    assert states[duplicate.reference].primary_id == week.finding_id
    assert states[week.reference].responsible_unit == "云栖区城市管理局"
    assert states[week.reference].deadline == date(2026, 11, 20)
    assert states[week.reference].catalog_unit == "城市管理局"
    assert states[board.reference].exposure and states[board.reference].status == "rectified"
    assert states[board.reference].masks == {board.photos[0]: ((40, 40, 80, 80),)}
    made = history(ws.db, day.reference)
    assert [(d.kind, d.actor, d.recorded_at) for d in made] == [("reject", "陈喆", "2026-11-05T04:00:00Z")]
    assert made[0].label == "驳回"


def test_reject_merge_and_approve_are_checked(ws, found):
    first, second = found
    week = problem_of(ws, first, WEEK_ITEM, TODAY)
    board = problem_of(ws, first, BOARD_ITEM, TODAY)
    duplicate = problem_of(ws, second, WEEK_ITEM, TODAY)
    with pytest.raises(ReviewError, match="原因"):
        review.reject(ws.db, week.reference, reason="  ")
    with pytest.raises(ReviewError, match="同一点位、同一条目"):
        review.merge_duplicate(ws.db, board.reference, into=week.reference)
    with pytest.raises(ReviewError, match="它自己"):
        review.merge_duplicate(ws.db, week.reference, into=week.reference)
    with pytest.raises(ReviewError, match="尚未确认"):
        review.approve_exposure(ws.db, board.reference)
    review.confirm(ws.db, board.reference)
    assert review.confirm(ws.db, board.reference) == []  # confirming again changes nothing
    with pytest.raises(ReviewError, match="超出了照片范围"):
        review.approve_exposure(ws.db, board.reference, masks={board.photos[0]: [(300, 200, 50, 50)]})
    with pytest.raises(ReviewError, match="没有唯一匹配"):
        review.set_masks(ws.db, board.reference, "ffffff", [(1, 1, 5, 5)])
    assert history(ws.db, board.reference)[-1].kind == "confirm"  # a refused step writes nothing
    review.merge_duplicate(ws.db, duplicate.reference, into=week.reference, reason="同一垃圾堆")
    with pytest.raises(ReviewError, match="已合并，请另选主问题"):
        review.merge_duplicate(ws.db, week.reference, into=duplicate.reference)
    review.reject(ws.db, week.reference, reason="照片拍到了别处")
    with pytest.raises(ReviewError, match="已驳回"):
        review.merge_duplicate(ws.db, duplicate.reference, into=week.reference)
    review.reopen(ws.db, week.reference, reason="复核照片后撤回驳回")
    assert problem_of(ws, first, WEEK_ITEM, TODAY).status == "pending"
    passing = next(f for f in inspections.current_findings(ws.db, first.id) if f.outcome == "pass")
    with pytest.raises(ReviewError, match="不是需要审核的问题"):
        review.confirm(ws.db, passing.finding_id)


def test_review_and_rectification_say_they_changed_the_problems(ws, found):
    first, _ = found
    board = problem_of(ws, first, BOARD_ITEM, TODAY)
    made = review.confirm(ws.db, board.reference)
    assert [d.changes for d in made] == [OpChanges.of("problems")] and review.confirm.changes == made[0].changes
    assert OpChanges.union(d.changes for d in review.confirm(ws.db, board.reference)) == NOTHING  # confirmed before
    moved = set_unit(ws.db, board.reference, "云栖区城管局", reason="属地调整")
    assert moved.changes == set_unit.changes == set_deadline.changes == OpChanges.of("problems")
    assert review.reopen(ws.db, board.reference, reason="撤回").changes.touches("problems")
    assert record_rectification.changes.kinds == {"problems", "photos"}  # the report may bring photos


def test_exposure_can_be_withdrawn_and_masks_cleared(ws, found):
    board = problem_of(ws, found[0], BOARD_ITEM, TODAY)
    review.confirm(ws.db, board.reference)
    review.approve_exposure(ws.db, board.reference, clear=board.photos)
    review.set_masks(ws.db, board.reference, board.photos[0], [(10, 10, 30, 20), (100, 50, 40, 40)])
    assert len(problem_of(ws, found[0], BOARD_ITEM, TODAY).masks[board.photos[0]]) == 2
    review.set_masks(ws.db, board.reference, board.photos[0], [])
    review.withdraw_exposure(ws.db, board.reference, reason="当事人已整改，不再曝光")
    after = problem_of(ws, found[0], BOARD_ITEM, TODAY)
    assert after.masks == {} and not after.exposure
    assert list_problems(ws.db, ProblemFilter(exposure=True), today=TODAY) == []
    with pytest.raises(ReviewError, match="没有同意曝光"):
        review.withdraw_exposure(ws.db, board.reference)


def test_references_are_the_random_tail_and_lead_back_to_the_signed_finding(ws, found):
    first, _ = found
    refs = [short_reference(f.finding_id) for f in inspections.current_findings(ws.db, first.id)]
    assert len(set(refs)) == len(refs)  # recorded within one minute, still all different
    week = problem_of(ws, first, WEEK_ITEM, TODAY)
    assert (
        week.finding_id.endswith(week.reference) and resolve_finding(ws.db, week.reference.upper()) == week.finding_id
    )
    (trace,) = find_by_reference(ws.db, week.reference, evidence_dir=ws.evidence_dir)
    assert trace.finding_id == week.finding_id and trace.chain_ok
    assert trace.current.content_hash == week.content_hash
    assert [p.sha256 for p in trace.photos] == list(week.photos) and trace.photos[0].intact
    photo_path(ws.evidence_dir, week.photos[0]).write_bytes(b"altered")
    (tampered,) = find_by_reference(ws.db, week.finding_id, evidence_dir=ws.evidence_dir)
    assert tampered.photos[0].intact is False
    assert find_by_reference(ws.db, "00000000") == []
    with pytest.raises(NotFoundError):
        find_by_reference(ws.db, "xyz")
    with pytest.raises(NotFoundError):
        resolve_finding(ws.db, "00000000")


def test_an_ambiguous_reference_asks_for_the_full_id(ws, monkeypatch):
    inspection_id = "01a1ffff-0000-7000-8000-000000000001"
    ids = iter([inspection_id, "01a20000-0000-7000-8000-0000deadbeef", "01a20001-0000-7000-8000-0000deadbeef"])
    real = inspections.uuid7
    monkeypatch.setattr(inspections, "uuid7", lambda: next(ids, None) or real())
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    with pytest.raises(AmbiguousReferenceError, match="完整编号"):
        review.confirm(ws.db, "deadbeef")
    assert len(find_by_reference(ws.db, "deadbeef")) == 2


def test_a_primary_with_duplicates_cannot_itself_be_merged_away(ws, found):
    first, second = found
    third = inspect(ws, "YX-003", date(2026, 11, 4), {WEEK_ITEM: 1})
    primary, duplicate, other = (problem_of(ws, i, WEEK_ITEM, TODAY) for i in (first, second, third))
    review.merge_duplicate(ws.db, duplicate.reference, into=primary.reference)
    with pytest.raises(ReviewError, match="请把它们合并到新的主问题"):
        review.merge_duplicate(ws.db, primary.reference, into=other.reference)
    review.reopen(ws.db, duplicate.reference, reason="不是同一处")
    review.merge_duplicate(ws.db, primary.reference, into=other.reference)
    assert problem_of(ws, first, WEEK_ITEM, TODAY).primary_id == other.finding_id


# ---------------------------------------------------------------- photos looked at for faces and plates


def _two_photos(ws, found):
    """The board problem with a second photo added by a later revision: (problem, first photo, second photo)."""
    first, _ = found
    board = problem_of(ws, first, BOARD_ITEM, TODAY)
    extra = office_photo(ws, shade=99)
    inspections.record_finding(
        ws.db, first.id, BOARD_ITEM, outcome="fail", photos=[board.photos[0], extra], reason="补拍一张"
    )
    review.confirm(ws.db, board.reference)
    return board, board.photos[0], extra


def test_exposure_refuses_photos_nobody_looked_at(ws, found):
    board, one, two = _two_photos(ws, found)
    before = history(ws.db, board.reference)
    with pytest.raises(ReviewError) as refused:
        review.approve_exposure(ws.db, board.reference)
    assert (
        one[:12] in str(refused.value) and two[:12] in str(refused.value) and "2 张照片没有审看" in str(refused.value)
    )
    assert history(ws.db, board.reference) == before  # nothing recorded
    with pytest.raises(ReviewError) as refused:  # masks on one photo: the other still needs a look
        review.approve_exposure(ws.db, board.reference, masks={one[:8]: [(40, 40, 80, 80)]})
    assert two[:12] in str(refused.value) and one[:12] not in str(refused.value)
    assert (
        history(ws.db, board.reference) == before
        and ws.db.execute("SELECT COUNT(*) FROM photo_reviews").fetchone()[0] == 0
    )
    review.set_masks(ws.db, board.reference, one, [(40, 40, 80, 80)], suggested=2, confirmed=1, actor="陈喆", at=NOON)
    made = review.approve_exposure(ws.db, board.reference, clear=[two[:10]], actor="陈喆", at=NOON)
    assert [d.kind for d in made] == ["masks", "approve"]
    looks = [(d.value["photo"], d.value.get("verdict")) for d in history(ws.db, board.reference) if d.kind == "masks"]
    assert looks == [(one, "masked"), (two, "clear")]  # the decision history says which, for which photo
    rows = ws.db.execute("SELECT photo, verdict, rects, suggested, confirmed, actor, at FROM photo_reviews").fetchall()
    assert rows == [
        (one, "masked", "[[40, 40, 80, 80]]", 2, 1, "陈喆", "2026-11-05T04:00:00Z"),
        (two, "clear", "[]", 0, 0, "陈喆", "2026-11-05T04:00:00Z"),
    ]
    labels = [r.label for r in review.photo_reviews(ws.db, board.reference)]
    assert labels == ["已遮挡 1 处，人脸提示 2 处中保留 1 处", "无人脸和车牌（无需遮挡）"]


def test_one_verdict_per_photo_at_approval(ws, found):
    """Masks and "no faces or plates" for the same photo (even by two prefixes) are refused: never published bare."""
    board, one, two = _two_photos(ws, found)
    before = history(ws.db, board.reference)
    for masks, clear in (({one[:8]: [(40, 40, 80, 80)]}, [one, two]), ({one[:8]: [(1, 1, 9, 9)]}, [one[:12], two])):
        with pytest.raises(ReviewError, match="不止一个审看结论"):
            review.approve_exposure(ws.db, board.reference, masks=masks, clear=clear)
    assert history(ws.db, board.reference) == before
    assert ws.db.execute("SELECT COUNT(*) FROM photo_reviews").fetchone()[0] == 0


def test_a_look_goes_stale_when_masks_change_or_the_photos_do(ws, found, tmp_path):
    from inspector.oversight import reports
    from inspector.periods import parse_period

    board, one, two = _two_photos(ws, found)
    review.approve_exposure(ws.db, board.reference, masks={one: [(40, 40, 80, 80)]}, clear=[two])
    assert set(review.reviewed_photos(ws.db, board.finding_id)) == {one, two}
    review.set_masks(ws.db, board.reference, one, [])  # masks removed afterwards: that photo is not reviewed any more
    (stale, fresh) = review.photo_reviews(ws.db, board.reference)
    assert stale.stale and not stale.current and fresh.current and "重新审看" in stale.label
    assert set(review.reviewed_photos(ws.db, board.finding_id)) == {two}
    copies = reports.PhotoCopies(ws)
    sheet = reports.exposure_sheet(ws, parse_period("2026-11"), issue=1, issued_on=TODAY, photos=copies)
    (entry,) = sheet.entries
    assert entry.photo == copies.copy(problem_of(ws, found[0], BOARD_ITEM, TODAY), two, public=True)
    assert any(one[:12] in w and "未经人工审看" in w for w in copies.warnings)
    third = office_photo(ws, shade=7)  # a new revision changes the photo set: the new photo is unreviewed
    inspections.record_finding(ws.db, found[0].id, BOARD_ITEM, outcome="fail", photos=[third], reason="换照片")
    assert [(r.photo, r.current) for r in review.photo_reviews(ws.db, board.reference)] == [(third, False)]
    assert reports.exposure_sheet(ws, parse_period("2026-11"), issue=1, issued_on=TODAY).entries == ()
    from inspector.letters import DocumentError
    from inspector.oversight import issuing

    with pytest.raises(DocumentError) as empty:  # the clerk learns why, not "mark some problems 可曝光"
        issuing.issue(ws, "exposure", parse_period("2026-11"), fmt="pdf", out=tmp_path / "曝光台.pdf", today=TODAY)
    assert "未经人工审看" in str(empty.value) and third[:12] in str(empty.value)
    assert not (tmp_path / "曝光台.pdf").exists()
    review.mark_clear(ws.db, board.reference, third)
    assert set(review.reviewed_photos(ws.db, board.finding_id)) == {third}


def test_a_look_needs_masks_or_clear_and_not_both(ws, found):
    board, one, _two = _two_photos(ws, found)
    with pytest.raises(ReviewError, match="不能同时"):
        review.review_photos(ws.db, board.reference, {one: review.Look(((1, 1, 5, 5),), clear=True)})
    with pytest.raises(ReviewError, match="不算审看过"):
        review.review_photos(ws.db, board.reference, {one: review.Look()})
    with pytest.raises(ReviewError, match="人脸提示数目"):
        review.review_photos(ws.db, board.reference, {one: review.Look(((1, 1, 5, 5),), suggested=1, confirmed=2)})
    assert ws.db.execute("SELECT COUNT(*) FROM photo_reviews").fetchone()[0] == 0


def test_migration_9_keeps_masks_drawn_before_as_looks(ws, found):
    from inspector.store.migrations import apply_migrations

    board, one, two = _two_photos(ws, found)
    review.set_masks(ws.db, board.reference, one, [(40, 40, 80, 80)])
    review.set_masks(ws.db, board.reference, two, [(1, 1, 9, 9)])
    review.set_masks(ws.db, board.reference, two, [])  # removed again: no look survives for it
    with ws.db.conn:
        ws.db.conn.execute("DROP TABLE photo_reviews")
        ws.db.conn.execute("DELETE FROM _migrations WHERE id = 9")
    assert apply_migrations(ws.db) == [9]
    assert [(r.photo, r.verdict, r.current) for r in review.photo_reviews(ws.db, board.reference)] == [
        (one, "masked", True),
        (two, None, False),
    ]


def test_cli_looks_at_photos_and_approves(ws, found, capsys):
    from inspector.cli import main

    board, one, two = _two_photos(ws, found)
    base = ["--workspace", str(ws.path)]

    def run(*argv):
        code = main([*base, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, _, err = run("problems", "approve", board.reference)
    assert code == 1 and "没有审看人脸和车牌" in err and two[:12] in err
    code, out, _ = run("problems", "mask", board.reference, "--photo", one[:8], "--rect", "40,40,80,80")
    assert code == 0 and "已审看，遮挡 1 处" in out
    code, _, err = run("problems", "mask", board.reference, "--photo", two[:8], "--rect", "1,1,5,5", "--clear")
    assert code == 1 and "只能选一个" in err
    code, out, _ = run("problems", "show", board.reference)
    assert "人脸车牌审看：已遮挡 1 处" in out and "人脸车牌审看：未审看人脸和车牌" in out
    code, out, _ = run("problems", "mask", board.reference, "--photo", two[:8], "--no-faces")
    assert code == 0 and "无人脸和车牌" in out
    code, out, _ = run("problems", "approve", board.reference)
    assert code == 0 and f"已同意曝光：{board.reference}" in out
    code, out, _ = run("problems", "history", board.reference)
    assert f"照片 {one[:8]} 遮挡 1 处" in out and f"照片 {two[:8]} 无人脸和车牌" in out
