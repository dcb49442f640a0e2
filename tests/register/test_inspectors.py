"""The inspector roster: import, upsert, problems reported at once, queries."""

from __future__ import annotations

import json
import os
import threading

import openpyxl
import pytest

from inspector.cli import main as cli_main
from inspector.envelope import canonical_json
from inspector.errors import NotFoundError, ValidationError
from inspector.exchange import keys, registry
from inspector.exchange.registry import RegistrationError
from inspector.register.inspectors import (
    Inspector,
    add_inspector,
    get_inspector,
    import_roster,
    list_inspectors,
    load_roster,
    set_inspector_active,
)
from tests.conftest import FORMS
from tests.exchange.test_bundle_kit import OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401


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


# ---------------------------------------------------------------- registering laptops from untrusted files


def _register_cli(office, path, capfd, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", OFFICE_PASS)
    office.close()
    code = cli_main(["--workspace", str(office.path), "inspectors", "register", str(path)])
    out = capfd.readouterr()
    return code, out.out + out.err


def test_a_deeply_nested_registration_file_is_a_clear_error_not_a_crash(office, tmp_path, capfd, monkeypatch):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 30_000 + "]" * 30_000, encoding="utf-8")  # 60 KB, within the size cap
    with pytest.raises(RegistrationError, match="嵌套 30000 层"):
        registry.register_device(office, deep, OFFICE_PASS, trust_out=tmp_path / "t.json")
    code, text = _register_cli(office, deep, capfd, monkeypatch)
    assert code == 1 and "Traceback" not in text and "不是有效的登记文件" in text and "程序内部错误" not in text


def test_registration_files_that_are_not_plain_json_objects_are_refused(office, tmp_path):
    cases = {
        "nan.json": '{"registration": {"format": NaN}, "signature": ""}',
        "dup.json": '{"registration": {}, "registration": {}, "signature": ""}',
        "surrogate.json": '{"registration": {"format": "\\ud800"}, "signature": ""}',
        "huge.json": '{"registration": {"format_version": 1e400}, "signature": ""}',
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(RegistrationError, match="不是有效的登记文件"):
            registry.register_device(office, tmp_path / name, OFFICE_PASS, trust_out=tmp_path / "t.json")
    assert len(registry.list_devices(office.db)) == 2  # the kit's two laptops, nothing more


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_given_as_a_registration_file_is_refused_unopened(office, tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    box: dict = {}

    def register() -> None:
        try:
            registry.register_device(office, tmp_path / "pipe.json", OFFICE_PASS, trust_out=tmp_path / "t.json")
        except RegistrationError as exc:
            box["error"] = str(exc)

    thread = threading.Thread(target=register, daemon=True)
    thread.start()
    thread.join(120)  # a hang guard, not a speed check
    assert not thread.is_alive() and "不是普通文件" in box["error"]


def test_a_registration_with_control_characters_in_its_names_is_refused(kit, office, tmp_path):
    signer = kit.signers["R"]
    doc = {
        "format": registry.REGISTRATION_FORMAT,
        "format_version": 1,
        "inspector": {"id": "I-003", "name": "王芳\x1b[2J", "district": "", "unit": ""},
        "device_id": kit.devices["R"],
        "device_name": "笔记本\u202e",
        "public_key": signer.info.public_key_hex,
        "key_id": signer.key_id,
        "created_at": "2026-11-23T01:00:00Z",
    }
    signature = signer.sign(keys.DOMAIN_REGISTRATION, canonical_json(doc))
    path = tmp_path / "\x1b[31mreg.json"
    path.write_text(json.dumps({"registration": doc, "signature": signature.hex()}), encoding="utf-8")
    with pytest.raises(RegistrationError, match="控制字符") as refused:
        registry.register_device(office, path, OFFICE_PASS, trust_out=tmp_path / "t.json")
    assert "\x1b" not in str(refused.value)
    assert kit.devices["R"] not in [d["device_id"] for d in registry.list_devices(office.db)]
