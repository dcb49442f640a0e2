"""Office users: every decision, rectification, draw, revocation and document number records the person; roles
limit what each may do; a workspace without users keeps recording the name given or the workspace's name."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inspector import users, workspace
from inspector.cli import main as cli_main
from inspector.demo import demo_office
from inspector.errors import NotFoundError, StateError
from inspector.exchange import registry
from inspector.oversight import issuing, review
from inspector.oversight.rectification import record_recheck_draw, record_rectification, set_deadline, set_unit
from inspector.periods import parse_period
from inspector.register import draw
from inspector.tracking.decisions import decisions
from inspector.users import UserError
from tests.exchange.test_bundle_kit import kit_fixture, office_fixture  # noqa: F401
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, problem_of

TODAY = date(2026, 11, 5)
NOON = datetime(2026, 11, 5, 4, 0, tzinfo=UTC)
BOSS, CLERK, GONE = "王敏", "刘堃", "赵退"


@pytest.fixture
def people(ws):
    """The office workspace with a supervisor, a clerk and a deactivated supervisor."""
    users.add_user(ws.db, BOSS, "supervisor")
    users.add_user(ws.db, CLERK, "clerk", actor=BOSS)
    users.add_user(ws.db, GONE, "supervisor", actor=BOSS)
    users.deactivate(ws.db, GONE, actor=BOSS)
    return ws


@pytest.fixture
def found(ws):
    """One finished inspection with three failures (the photo of BOARD_ITEM is what exposure needs)."""
    first = inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1, DAY_ITEM: 1})
    return {item: problem_of(ws, first, item, TODAY) for item in (WEEK_ITEM, BOARD_ITEM, DAY_ITEM)}


def events(ws):
    return [(d.kind, d.actor) for d in decisions(ws.db)]


def test_users_are_added_listed_and_deactivated_never_deleted(ws, tmp_path):
    made = users.add_user(ws.db, "  王敏 ", "supervisor")
    assert (made.name, made.role, made.active, made.role_label) == ("王敏", "supervisor", True, "督查科")
    users.add_user(ws.db, "刘堃", "clerk", actor="王敏")
    users.add_user(ws.db, "陈喆", "supervisor", actor="王敏")
    with pytest.raises(UserError, match="已有名为“王敏”的用户"):
        users.add_user(ws.db, "王敏", "clerk", actor="王敏")
    with pytest.raises(UserError, match="supervisor（督查科）或 clerk（文员）"):
        users.add_user(ws.db, "张三", "admin", actor="王敏")
    with pytest.raises(UserError, match="请填写"):
        users.add_user(ws.db, "   ", "clerk", actor="王敏")
    with pytest.raises(UserError, match="控制字符"):
        users.add_user(ws.db, "张\x1b三", "clerk", actor="王敏")
    gone = users.deactivate(ws.db, "王敏", actor="陈喆")
    assert not gone.active and gone.deactivated_at and gone.deactivated_by == "陈喆"
    with pytest.raises(StateError, match="已经停用"):
        users.deactivate(ws.db, "王敏", actor="陈喆")
    with pytest.raises(NotFoundError, match="没有名为“李四”的用户"):
        users.deactivate(ws.db, "李四", actor="陈喆")
    assert [(u.name, u.active) for u in users.list_users(ws.db)] == [("刘堃", True), ("陈喆", True), ("王敏", False)]
    assert [u.name for u in users.list_users(ws.db, active_only=True)] == ["刘堃", "陈喆"]
    with pytest.raises(UserError, match="已有名为“王敏”"):  # a deactivated name stays taken: it is in the records
        users.add_user(ws.db, "王敏", "supervisor", actor="陈喆")
    with (
        workspace.init_workspace(tmp_path / "laptop", role="field") as laptop,
        pytest.raises(UserError, match="只有办公室工作区设有用户"),
    ):
        users.add_user(laptop.db, "王敏", "supervisor")


def test_the_first_user_needs_nobody_and_must_be_a_supervisor(ws):
    with pytest.raises(UserError, match="第一位用户须是督查科人员"):  # a clerk first would lock the office out
        users.add_user(ws.db, CLERK, "clerk")
    assert users.list_users(ws.db) == []
    first = users.add_user(ws.db, BOSS, "supervisor", actor="不是用户的人")  # nobody to check yet: recorded as NULL
    assert first.created_by is None
    assert ws.db.execute("SELECT created_by, deactivated_by FROM office_users").fetchall() == [(None, None)]
    second = users.add_user(ws.db, CLERK, "clerk", actor=f" {BOSS} ")
    assert second.created_by == BOSS and second.as_dict()["created_by"] == BOSS


def test_only_an_active_supervisor_manages_users_and_it_is_recorded(people):
    ws = people
    before = [(u.name, u.active) for u in users.list_users(ws.db)]
    with pytest.raises(UserError, match=r"“刘堃”是文员，不能添加或停用用户.*须由督查科人员"):
        users.add_user(ws.db, "新主管", "supervisor", actor=CLERK)  # a clerk cannot make themself a supervisor
    with pytest.raises(UserError, match="“刘堃”是文员，不能添加或停用用户"):
        users.deactivate(ws.db, BOSS, actor=CLERK)
    with pytest.raises(UserError, match="已停用"):
        users.add_user(ws.db, "新主管", "supervisor", actor=GONE)
    with pytest.raises(UserError, match="没有名为“李四”的用户"):
        users.add_user(ws.db, "新主管", "supervisor", actor="李四")
    with pytest.raises(UserError, match="--user 姓名 或设置环境变量 CWDC_USER"):
        users.deactivate(ws.db, CLERK)
    assert [(u.name, u.active) for u in users.list_users(ws.db)] == before
    added = users.add_user(ws.db, "新主管", "supervisor", actor=BOSS)
    assert added.created_by == BOSS
    assert users.deactivate(ws.db, CLERK, actor="新主管").deactivated_by == "新主管"
    assert users.get_user(ws.db, GONE).deactivated_by == BOSS
    assert users.allowed("supervisor", "manage_users") and not users.allowed("clerk", "manage_users")


def test_the_last_active_supervisor_cannot_be_deactivated(people):
    ws = people
    with pytest.raises(UserError, match="不能停用“王敏”：至少要保留一名在岗的督查科人员"):
        users.deactivate(ws.db, BOSS, actor=BOSS)
    assert users.get_user(ws.db, BOSS).active and users.get_user(ws.db, BOSS).deactivated_by is None
    users.add_user(ws.db, "陈喆", "supervisor", actor=BOSS)
    assert users.deactivate(ws.db, BOSS, actor=BOSS).deactivated_by == BOSS  # another supervisor remains
    with pytest.raises(UserError, match="至少要保留一名在岗的督查科人员"):
        users.deactivate(ws.db, "陈喆", actor="陈喆")


def test_roles_allow_their_actions_only():
    assert users.allowed("supervisor", "review") and not users.allowed("clerk", "review")
    assert users.allowed("clerk", "issue") and not users.allowed("supervisor", "issue")
    for action in ("rectify", "recheck", "draw", "revoke"):
        assert users.allowed("supervisor", action) and not users.allowed("clerk", action)
    for action in ("preview", "import"):
        assert users.allowed("supervisor", action) and users.allowed("clerk", action)


def test_without_users_the_name_given_or_the_workspace_name_is_recorded(ws, found):
    name = workspace.get_setting(ws.db, "name", "") or "督查科"
    review.confirm(ws.db, [found[WEEK_ITEM].reference], at=NOON)
    review.reject(ws.db, found[DAY_ITEM].reference, reason="点位错误", actor="某位同事", at=NOON)
    assert events(ws) == [("confirm", name), ("reject", "某位同事")]
    assert users.require(ws.db, None, "issue") == name


def test_review_records_the_person_and_refuses_a_clerk_a_stranger_a_deactivated_user_and_nobody(people, found):
    ws = people
    week, board = found[WEEK_ITEM].reference, found[BOARD_ITEM].reference
    with pytest.raises(UserError, match=r"“刘堃”是文员，不能审核问题.*须由督查科人员"):
        review.confirm(ws.db, [week], actor=CLERK, at=NOON)
    with pytest.raises(UserError, match="已停用"):
        review.confirm(ws.db, [week], actor=GONE, at=NOON)
    with pytest.raises(UserError, match="没有名为“李四”的用户"):
        review.confirm(ws.db, [week], actor="李四", at=NOON)
    with pytest.raises(UserError, match="--user 姓名 或设置环境变量 CWDC_USER"):
        review.confirm(ws.db, [week], at=NOON)
    assert events(ws) == []
    review.confirm(ws.db, [week, board], actor=BOSS, at=NOON)
    review.approve_exposure(ws.db, board, clear=[found[BOARD_ITEM].photos[0][:8]], actor=BOSS, at=NOON)
    with pytest.raises(UserError, match="文员"):
        review.withdraw_exposure(ws.db, board, actor=CLERK, at=NOON)
    with pytest.raises(UserError, match="文员"):
        review.set_masks(ws.db, board, found[BOARD_ITEM].photos[0][:8], [(1, 1, 5, 5)], actor=CLERK, at=NOON)
    review.reject(ws.db, found[DAY_ITEM].reference, reason="点位错误", actor=f" {BOSS} ", at=NOON)
    assert events(ws) == [("confirm", BOSS), ("confirm", BOSS), ("masks", BOSS), ("approve", BOSS), ("reject", BOSS)]
    assert review.photo_reviews(ws.db, board)[0].actor == BOSS


def test_rectification_entries_record_the_person_and_refuse_a_clerk(people, found):
    ws = people
    week = found[WEEK_ITEM].reference
    review.confirm(ws.db, [week], actor=BOSS, at=NOON)
    refused = [
        lambda who: set_unit(ws.db, week, "云栖区城市管理局", reason="属地管理", actor=who, at=NOON),
        lambda who: set_deadline(ws.db, week, date(2026, 11, 20), reason="申请延期", actor=who, at=NOON),
        lambda who: record_rectification(ws, week, report="已清理", reported_on=TODAY, actor=who, at=NOON),
    ]
    for step in refused:
        with pytest.raises(UserError, match="“刘堃”是文员，不能登记整改"):
            step(CLERK)
    photos_before = ws.db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
    with pytest.raises(UserError, match="文员"):  # refused before its photo is stored
        record_rectification(ws, week, report="已清理", photos=[b"not a photo"], actor=CLERK)
    assert ws.db.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == photos_before
    for step in refused:
        step(BOSS)
    assert events(ws) == [("confirm", BOSS), ("unit", BOSS), ("deadline", BOSS), ("rectified", BOSS)]


def test_draws_and_recheck_draws_record_the_person_and_refuse_a_clerk(people, found):
    ws = people
    with pytest.raises(UserError, match="不能抽签"):
        draw.draw_sites(ws.db, count=2, seed="s", actor=CLERK)
    made = draw.draw_sites(ws.db, count=2, seed="s", actor=BOSS)
    team = draw.draw_inspectors(ws.db, site_draw_id=made.id, seed="s", actor=BOSS)
    assert draw.get_draw(ws.db, made.id).actor == BOSS
    assert draw.export_draw(draw.get_draw(ws.db, team.id))["drawn_by"] == BOSS
    assert draw.verify_draw(ws.db, made.id).matches
    assert [d.actor for d in draw.list_draws(ws.db)] == [BOSS, BOSS]
    review.confirm(ws.db, [found[DAY_ITEM].reference], actor=BOSS, at=NOON)
    with pytest.raises(UserError, match="不能安排复查"):
        record_recheck_draw(ws.db, today=TODAY, seed="r", actor=CLERK)
    recheck = record_recheck_draw(ws.db, today=TODAY, seed="r", actor=BOSS)
    assert draw.get_draw(ws.db, recheck.id).actor == BOSS


def test_a_clerk_issues_numbered_documents_and_a_supervisor_only_previews(people, found, tmp_path):
    ws = people
    review.confirm(ws.db, [found[WEEK_ITEM].reference], actor=BOSS, at=NOON)
    period = parse_period("2026-11")
    with pytest.raises(UserError, match=r"“王敏”是督查科，不能印发文书.*须由文员"):
        issuing.issue(ws, "circular", period, fmt="docx", out=tmp_path / "通报.docx", issued_on=TODAY, actor=BOSS)
    assert ws.db.execute("SELECT COUNT(*) FROM document_numbers").fetchone()[0] == 0
    assert not (tmp_path / "通报.docx").exists()
    preview = issuing.issue(
        ws, "circular", period, fmt="docx", out=tmp_path / "预览.docx", issued_on=TODAY, preview=True, actor=BOSS
    )
    assert preview.files and preview.preview
    assert ws.db.execute("SELECT COUNT(*) FROM document_numbers").fetchone()[0] == 0  # a preview takes none
    issuing.issue(ws, "circular", period, fmt="docx", out=tmp_path / "通报.docx", issued_on=TODAY, actor=CLERK)
    assert ws.db.execute("SELECT kind, actor FROM document_numbers").fetchall() == [("circular", CLERK)]


def test_revocations_record_the_person_and_refuse_a_clerk(kit, office):
    users.add_user(office.db, BOSS, "supervisor")
    users.add_user(office.db, CLERK, "clerk", actor=BOSS)
    with pytest.raises(UserError, match="不能吊销或恢复笔记本"):
        registry.revoke(office.db, kit.devices["A"], 3, reason="笔记本丢失", actor=CLERK)
    assert registry.revocation_history(office.db) == []
    registry.revoke(office.db, kit.devices["A"], 3, reason="笔记本丢失", actor=BOSS)
    with pytest.raises(UserError, match="文员"):
        registry.reinstate(office.db, kit.devices["A"], reason="找回", actor=CLERK)
    registry.reinstate(office.db, kit.devices["A"], reason="找回", actor=BOSS)
    assert [(h.action, h.actor) for h in registry.revocation_history(office.db)] == [
        ("revoke", BOSS),
        ("reinstate", BOSS),
    ]


def test_the_demo_office_adds_its_people_once(ws):
    first = demo_office.add_people(ws)
    again = demo_office.add_people(ws)
    assert [(u.name, u.role) for u in first] == [(u.name, u.role) for u in again]
    assert {(u.name, u.role) for u in first} == {(demo_office.SUPERVISOR, "supervisor"), (demo_office.CLERK, "clerk")}
    assert {u.name: u.created_by for u in first} == {demo_office.SUPERVISOR: None, demo_office.CLERK: "陈喆"}


# ---------------------------------------------------------------- the command line


def run(capsys, *argv):
    code = cli_main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_commands_and_the_person_from_user_or_cwdc_user(ws, found, capsys, monkeypatch):
    monkeypatch.delenv(users.ENV_VAR, raising=False)
    base = ("--workspace", ws.path)
    assert run(capsys, *base, "users", "list")[1].startswith("此工作区还没有用户")
    assert run(capsys, *base, "users", "add", BOSS, "--role", "supervisor")[0] == 0  # the first: nobody needed
    code, _out, err = run(capsys, *base, "users", "add", CLERK, "--role", "clerk")
    assert code == 1 and "添加或停用用户须写明是谁" in err and "Traceback" not in err
    assert run(capsys, *base, "users", "add", CLERK, "--role", "clerk", "--user", BOSS)[0] == 0
    code, _out, err = run(capsys, *base, "users", "add", CLERK, "--role", "clerk", "--user", BOSS)
    assert code == 1 and err.startswith("错误：已有名为“刘堃”") and "Traceback" not in err
    code, _out, err = run(capsys, *base, "--user", CLERK, "users", "add", "新主管", "--role", "supervisor")
    assert code == 1 and "“刘堃”是文员，不能添加或停用用户" in err and err.count("\n") == 1
    code, _out, err = run(capsys, *base, "users", "deactivate", BOSS, "--user", CLERK)
    assert code == 1 and "不能添加或停用用户" in err and users.get_user(ws.db, BOSS).active
    code, out, _err = run(capsys, *base, "users", "list")
    assert code == 0 and "王敏" in out and "督查科" in out and "文员" in out and "添加人" in out
    assert [line.split()[-1] for line in out.splitlines() if line.startswith(CLERK)] == [BOSS]  # who added 刘堃
    week, day, board = (found[i].reference for i in (WEEK_ITEM, DAY_ITEM, BOARD_ITEM))
    code, _out, err = run(capsys, *base, "problems", "confirm", week)
    assert code == 1 and "--user" in err and err.count("\n") == 1 and "Traceback" not in err
    code, _out, err = run(capsys, *base, "problems", "confirm", week, "--user", CLERK)
    assert code == 1 and "“刘堃”是文员，不能审核问题" in err
    assert run(capsys, *base, "problems", "confirm", week, "--user", BOSS)[0] == 0
    assert run(capsys, *base, "--user", BOSS, "problems", "reject", day, "--reason", "点位错误")[0] == 0
    monkeypatch.setenv(users.ENV_VAR, BOSS)
    assert run(capsys, *base, "problems", "confirm", board)[0] == 0
    code, _out, err = run(capsys, *base, "draw", "--count", "1", "--seed", "x", "--user", CLERK)
    assert code == 1 and "不能抽签" in err
    assert run(capsys, *base, "draw", "--count", "1", "--seed", "x")[0] == 0
    code, _out, err = run(capsys, *base, "users", "deactivate", BOSS)  # CWDC_USER=王敏, the only supervisor
    assert code == 1 and "至少要保留一名在岗的督查科人员" in err
    assert run(capsys, *base, "users", "add", GONE, "--role", "supervisor")[0] == 0  # added by $CWDC_USER
    code, out, _err = run(capsys, *base, "users", "deactivate", BOSS)
    assert code == 0 and "由王敏停用" in out and users.get_user(ws.db, GONE).created_by == BOSS
    code, _out, err = run(capsys, *base, "problems", "reopen", board, "--reason", "重审")
    assert code == 1 and "已停用" in err
    assert events(ws) == [("confirm", BOSS), ("reject", BOSS), ("confirm", BOSS)]
    assert draw.list_draws(ws.db)[0].actor == BOSS
    code, out, _err = run(capsys, *base, "--json", "users", "list")
    assert code == 0 and '"active": false' in out
