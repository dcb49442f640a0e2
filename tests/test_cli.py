import argparse
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from inspector.cli import build_parser, commands, main
from tests.conftest import FORMS, ROOT


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def office(tmp_path, capsys):
    path = str(tmp_path / "office")
    assert run(capsys, "workspace", "init", path, "--role", "office")[0] == 0
    assert run(capsys, "--workspace", path, "sites", "import", str(FORMS / "demo-sites.csv"))[0] == 0
    assert run(capsys, "--workspace", path, "inspectors", "import", str(FORMS / "inspectors.csv"))[0] == 0
    return path


def test_workspace_and_catalog_commands(tmp_path, capsys, office):
    code, out, _ = run(capsys, "--workspace", office, "workspace", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["role"] == "office" and info["sites"] >= 60
    code, out, _ = run(capsys, "catalog", "validate", str(FORMS / "negative-list.yaml"), "--json")
    assert code == 0 and json.loads(out)["version"] == info["catalog_version"]
    code, out, _ = run(capsys, "--workspace", office, "catalog", "versions")
    assert code == 0 and info["catalog_version"][:12] in out


def test_catalog_validate_lists_every_problem_and_exits_non_zero(tmp_path, capsys):
    bad = tmp_path / "list.csv"
    bad.write_text(
        "条目编号,类别,问题描述,适用点位类型,严重程度,扣分,责任单位,整改时限（天）,需要照片\n"
        "NL-X-1,ENV,路面有垃圾,spaceship,一般,0.5,城管局,1,是\n"
        "NL-X-1,ENV,,road,一般,-1,城管局,1,是\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "catalog", "validate", str(bad))
    assert code == 1
    assert err.startswith("错误：") and "spaceship" in err and "第3行" in err
    code, out, _ = run(capsys, "catalog", "validate", str(bad), "--json")
    assert code == 1 and len(json.loads(out)["problems"]) >= 3


def test_draw_verify_and_export(tmp_path, capsys, office):
    code, out, _ = run(
        capsys,
        "--workspace",
        office,
        "draw",
        "--count",
        "2",
        "--per",
        "district",
        "--seed",
        "W48",
        "--assign",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["sites"]) == 8 and data["draw"]["seed"] == "W48"
    assert set(data["inspectors"]["result"]) == {s["id"] for s in data["sites"]}
    draw_id = data["draw"]["id"]
    code, out, _ = run(capsys, "--workspace", office, "draw", "verify", draw_id)
    assert code == 0 and out.startswith("复核一致")
    exported = tmp_path / "draw.json"
    assert run(capsys, "--workspace", office, "draw", "export", draw_id, "--out", str(exported))[0] == 0
    code, out, _ = run(capsys, "draw", "verify", "--file", str(exported), "--json")
    assert code == 0 and json.loads(out)["matches"] is True
    record = json.loads(exported.read_text(encoding="utf-8"))
    record["result"] = list(reversed(record["result"]))
    exported.write_text(json.dumps(record), encoding="utf-8")
    code, out, _ = run(capsys, "draw", "verify", "--file", str(exported), "--json")
    assert code == 3 and json.loads(out)["matches"] is False  # the verdict as before, and a refusing exit code
    code, out, _ = run(capsys, "draw", "verify", "--file", str(exported))
    assert code == 3 and out.startswith("复核不一致")
    code, _, err = run(capsys, "draw", "verify", "--file", str(tmp_path / "nothing.json"))
    assert code == 1 and err.startswith("错误：")
    code, _, err = run(capsys, "--workspace", office, "draw", "--count", "999")
    assert code == 1 and "错误" in err


def test_draw_verify_refuses_hostile_record_files_with_a_sentence(tmp_path, capsys):
    files = {
        "deep.json": ("[" * 30_000 + "]" * 30_000, "嵌套"),
        "list.json": ("[1, 2]", "不是抽签记录"),
        "nan.json": ('{"algorithm": NaN}', "NaN"),
        "binary.json": (None, "UTF-8"),
    }
    for name, (text, said) in files.items():
        path = tmp_path / name
        if text is None:
            path.write_bytes(b"\xff\xfe\x00{")
        else:
            path.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "draw", "verify", "--file", str(path))
        assert code == 1 and err.startswith("错误：") and said in err and "程序内部错误" not in err, name
    code, _, err = run(capsys, "draw", "verify", "--file", str(tmp_path))
    assert code == 1 and "文件夹" in err
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")  # refused without being opened: no hang
        code, _, err = run(capsys, "draw", "verify", "--file", str(tmp_path / "pipe.json"))
        assert code == 1 and "不是普通文件" in err


def test_checklist_inspect_and_score(tmp_path, capsys, office):
    code, out, _ = run(
        capsys, "--workspace", office, "checklist", "--site", "YX-003", "--mode", "unannounced", "--json"
    )
    checklist = json.loads(out)
    assert code == 0 and checklist["site_type"] == "market"
    codes = [i["code"] for g in checklist["groups"] for i in g["items"]]
    needs_photo = next(i for g in checklist["groups"] for i in g["items"] if i["photo_required"])
    img = tmp_path / "img.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 120, 30)).save(buffer, "JPEG")
    img.write_bytes(buffer.getvalue())
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "点位,督查员,检查方式,开始时间,条目编号,结果,处数,备注,照片\n"
        f"YX-003,I-002,暗访,2026-11-24T09:30:00+08:00,{needs_photo['code']},不合格,2,东门两处,img.jpg\n"
        f"YX-003,I-002,暗访,2026-11-24T09:30:00+08:00,{codes[-1] if codes[-1] != needs_photo['code'] else codes[0]},"
        "不适用,,,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--workspace", office, "inspect", str(answers))
    assert code == 1 and "未作答" in err and "--rest pass" in err
    code, out, _ = run(capsys, "--workspace", office, "inspect", str(answers), "--rest", "pass", "--json")
    assert code == 0
    recorded = json.loads(out)[0]
    assert recorded["status"] == "finished" and recorded["problem_count"] == 2
    assert recorded["score"] == pytest.approx(100 - 2 * needs_photo["deduction"])
    code, out, _ = run(capsys, "--workspace", office, "score", "--period", "2026-W48", "--by", "district", "--json")
    result = json.loads(out)
    assert code == 0 and result["summary"]["inspections"] == 1 and result["rankings"]["district"][0]["rank"] == 1
    code, _, err = run(capsys, "--workspace", office, "score", "--period", "last-month")
    assert code == 1 and "2026-W48" in err


def test_no_workspace_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "--workspace", str(tmp_path / "none"), "sites", "list")
    assert code == 1 and "不是工作区" in err and err[-1] == "\n" and err.count("\n") == 1


def test_main_py_runs_as_a_program(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "catalog", "validate", str(FORMS / "negative-list.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "校验通过" in result.stdout


# roles: office-only and field-only commands

FIELD_ONLY = {
    "bundle export",
    "bundle status",
    "register export",
    "office trust import",
    "taskpack import",
    "tasks list",
    "inspection discard",
    "inspection void",
    "tasks start",
}
OFFICE_GROUPS = ("problems ", "rechecks ", "doc ", "taskpack create", "taskpack list", "bundle verify", "merge")
SAMPLE_VALUES = {"period": "2026-11", "expires": "2026-12-06", "deadline": "2026-12-01", "date": "2026-11-30"}


def parser_of(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The sub-parser that runs a command such as `doc circular`."""
    for word in command.split():
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[word]
    return parser


def required_arguments(parser: argparse.ArgumentParser, missing: str) -> list[str]:
    """The least a command line needs to get past argparse: every required option and positional, with a value."""
    argv: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        positional = not action.option_strings
        if not (action.required or (positional and action.nargs not in ("?", "*"))):
            continue
        if action.choices:
            value = str(next(iter(action.choices)))
        else:
            value = "1" if action.type is int else SAMPLE_VALUES.get(action.dest, missing)
        argv += [*action.option_strings[:1], value]
    return argv


@pytest.fixture
def both_roles(tmp_path, capsys, office):
    laptop = str(tmp_path / "laptop")
    assert run(capsys, "workspace", "init", laptop, "--role", "field", "--inspector-id", "I-001",
               "--inspector-name", "张明")[0] == 0  # fmt: skip
    return {"office": office, "field": laptop}


def test_every_command_runs_only_on_a_workspace_of_its_role(tmp_path, capsys, both_roles):
    parser = build_parser()
    roles = {}
    for command in commands(parser):
        if command == "demo":  # opens no workspace (and runs the whole demo)
            continue
        sub = parser_of(parser, command)
        roles[command] = sub.get_default("needs_role")
        argv = [*command.split(), *required_arguments(sub, str(tmp_path / "missing"))]
        for role, path in both_roles.items():
            code, _, err = run(capsys, "--workspace", path, *argv)
            refused = f"“{command}”只能在" in err
            assert refused == (roles[command] not in (None, role)), (command, role, err)
            if refused:
                assert code == 1 and err.startswith("错误：") and err.count("\n") == 1, (command, role, err)
    assert {command for command, role in roles.items() if role == "field"} == FIELD_ONLY
    office_only = {command for command, role in roles.items() if role == "office"}
    assert {command for command in roles if command.startswith(OFFICE_GROUPS)} <= office_only
    assert {"inspectors register", "inspectors devices", "inspectors revoke", "rankings"} <= office_only
    assert roles["workspace info"] is roles["keys init"] is roles["sites list"] is roles["inspect"] is None


def test_a_refused_command_writes_nothing_and_says_where_to_go(tmp_path, capsys, both_roles):
    out = tmp_path / "通报.pdf"
    code, _, err = run(
        capsys, "--workspace", both_roles["field"], "doc", "circular", "--period", "2026-11", "--out", str(out)
    )
    assert code == 1 and not out.exists() and "办公室工作区" in err and both_roles["field"] in err
    code, _, err = run(capsys, "--workspace", both_roles["office"], "tasks", "list")
    assert code == 1 and "外勤笔记本工作区" in err and "--workspace" in err
    help_text = parser_of(build_parser(), "tasks list").format_help()
    assert "只能在外勤笔记本工作区使用" in help_text
