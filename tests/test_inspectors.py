"""The inspector roster: import, upsert, problems reported at once, queries."""

from __future__ import annotations

import openpyxl
import pytest

from inspector.errors import NotFoundError, ValidationError
from inspector.inspectors import (
    Inspector,
    add_inspector,
    get_inspector,
    import_roster,
    list_inspectors,
    load_roster,
    set_inspector_active,
)
from tests.conftest import FORMS


def test_demo_roster_imports(db):
    assert import_roster(db, FORMS / "inspectors.csv") == (3, 0)
    people = list_inspectors(db)
    assert [p.id for p in people] == ["I-001", "I-002", "I-003"]
    assert len({p.district for p in people}) == 3
    assert any(p.district == "" and p.unit == "市文明办" for p in people)
    assert import_roster(db, FORMS / "inspectors.csv") == (0, 0)


def test_import_xlsx_roster_updates_changed_people(db, tmp_path):
    add_inspector(db, id="I-001", name="张明", district="云栖区", unit="城管局")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["编号", "姓名", "所属区", "单位"])
    sheet.append(["I-001", "张明", "望澜区", "城管局"])
    sheet.append([7, "赵强", None, "市文明办"])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    assert import_roster(db, path) == (1, 1)
    assert get_inspector(db, "I-001").district == "望澜区"
    assert get_inspector(db, "7") == Inspector(id="7", name="赵强", district="", unit="市文明办", active=True)


def test_roster_problems_all_at_once(db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("编号,姓名,单位\nI-1,甲,x\n,乙,y\nI-1,丙,z\nI-4,,w\n", encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        import_roster(db, path)
    assert [(p.row, p.column, p.message) for p in excinfo.value.problems] == [
        (3, "编号", "“编号”不能为空"),
        (4, "编号", "编号“I-1”与第2行重复"),
        (5, "姓名", "“姓名”不能为空"),
    ]
    assert list_inspectors(db, active_only=False) == []


def test_roster_missing_columns(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("名字,单位\n甲,x\n", encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        load_roster(path)
    assert [(p.row, p.column) for p in excinfo.value.problems] == [(1, "编号"), (1, "姓名")]


def test_add_inspector_upserts_and_validates(db):
    first = add_inspector(db, id="I-9", name="钱多", district="桐湾区")
    assert first == Inspector(id="I-9", name="钱多", district="桐湾区", unit="", active=True)
    set_inspector_active(db, "I-9", False)
    assert list_inspectors(db) == []
    again = add_inspector(db, id="I-9", name="钱多多", unit="桐湾区城管局")
    assert again == Inspector(id="I-9", name="钱多多", district="", unit="桐湾区城管局", active=True)
    assert len(list_inspectors(db, active_only=False)) == 1
    with pytest.raises(ValidationError) as excinfo:
        add_inspector(db, id=" ", name="")
    assert [p.column for p in excinfo.value.problems] == ["编号", "姓名"]


def test_get_inspector_not_found(db):
    with pytest.raises(NotFoundError, match="找不到督查员"):
        get_inspector(db, "I-404")
