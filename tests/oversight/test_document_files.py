"""Document file names and what happens to files already there.

Names made from data (a unit, a period) are distinct, deterministic, readable and safe on every common file system;
two units whose names clean up to the same text never overwrite each other. An existing file is replaced only by a
reprint of the same document over this workspace's own unchanged copy; anything else stops the command before
anything is written, and no number is taken."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector import workspace
from inspector.changes import NOTHING
from inspector.cli import main
from inspector.oversight import issuing, numbering, rectification, review
from inspector.tracking.problems import list_problems
from tests.conftest import office_workspace
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect

UNITS = ["城管/执法", "城管:执法", "Abc", "ABC"]
FORBIDDEN = set('<>:"/\\|?*')


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def text_of(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.fixture
def office(tmp_path):
    """An office month: five confirmed problems at four units whose names clash as file names, one approved."""
    ws = office_workspace(tmp_path / "ws")
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 17), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    found = list_problems(ws.db, today=date(2026, 11, 30))
    review.confirm(ws.db, [p.finding_id for p in found])
    for problem, unit in zip(found, [*UNITS, UNITS[0]], strict=True):
        rectification.set_unit(ws.db, problem.reference, unit, reason="属地管理")
    review.approve_exposure(ws.db, found[0].reference, clear=found[0].photos)
    path = str(ws.path)
    ws.close()
    return path


def doc(ws_path, kind, out, *more):
    return ["--workspace", ws_path, "doc", kind, "--period", "2026-11", "--date", "2026-11-30", "--out", str(out),
            *more]  # fmt: skip


# names


@given(st.text(max_size=300))
def test_a_safe_name_is_safe_short_and_stable(text):
    name = issuing.safe_name(text)
    assert not FORBIDDEN & set(name) and name == name.strip(" .") and name
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name)
    assert name.split(".")[0].rstrip().upper() not in issuing.WINDOWS_RESERVED
    assert len(name.encode("utf-8")) <= issuing.PART_BYTES
    assert issuing.safe_name(text) == name


@given(st.text(max_size=60), st.text(max_size=60))
def test_different_names_give_different_file_names(a, b):
    if a != b:
        assert issuing.safe_name(a) != issuing.safe_name(b)


def test_safe_names_stay_readable():
    assert issuing.safe_name("城市管理局") == "城市管理局"  # nothing to change: unchanged, no hash
    slash, colon = issuing.safe_name("城管/执法"), issuing.safe_name("城管:执法")
    assert slash != colon and slash.startswith("城管_执法-") and colon.startswith("城管_执法-")
    assert re.fullmatch(r"_CON-[0-9a-f]{8}", issuing.safe_name("CON"))
    assert issuing.safe_name("nul.txt").startswith("_nul.txt-")
    assert "\u202e" not in issuing.safe_name("单位\u202efdp.exe")  # no right-to-left trick with the extension
    assert not issuing.safe_name("街道办. ").endswith((".", " "))
    long = issuing.safe_name("很长的单位名称" * 40)
    assert len(long.encode("utf-8")) <= issuing.PART_BYTES and long.startswith("很长的单位名称")


def test_units_whose_names_clash_get_a_notice_each(office, tmp_path, capsys):
    folder = tmp_path / "整改通知书"
    code, out, err = run(capsys, *doc(office, "notice", folder, "--format", "docx"))
    assert code == 0, err
    files = sorted(folder.iterdir())
    assert len(files) == len(UNITS) == len({f.name.casefold() for f in files})  # distinct even ignoring case
    for unit in UNITS:  # every unit's notice is there, in a file of its own, carrying its unit
        (mine,) = [f for f in files if f"{unit}：" in text_of(f) or f"{unit}\n" in text_of(f)]
        assert mine.name.startswith("整改通知书-") and mine.name.endswith("-2026年11月.docx")
        assert not FORBIDDEN & set(mine.name)
    assert "城管_执法-" in out and "整改通知书-Abc" in out
    code, out, _ = run(capsys, "--workspace", office, "--json", "doc", "numbers")
    assert sorted(len(entry["files"]) for entry in json.loads(out)) == [1] * len(UNITS)


# files already there


def test_a_reprint_replaces_its_own_copy_and_anything_else_is_kept(office, tmp_path, capsys):
    target = tmp_path / "通报.docx"
    assert run(capsys, *doc(office, "circular", target))[0] == 0
    first = target.read_bytes()
    code, out, _ = run(capsys, *doc(office, "circular", target, "--to", "各区创文办"))
    assert code == 0 and "云创文办〔2026〕1号" in out and "\n各区创文办：" in text_of(target)  # reprinted in place

    kept = target.read_bytes()
    for refused in (
        doc(office, "circular", target, "--new-number"),  # a new number never replaces the old number's file
        ["--workspace", office, "doc", "circular", "--period", "2026-10", "--out", str(target)],  # another document
        doc(office, "circular", target, "--preview"),  # a preview never replaces an issued copy
    ):
        code, _, err = run(capsys, *refused)
        assert code == 1 and err.startswith("错误：") and str(target) in err and "未覆盖" in err
        assert target.read_bytes() == kept
    assert kept != first

    with target.open("ab") as f:
        f.write(b"edited in Word")
    code, _, err = run(capsys, *doc(office, "circular", target))
    assert code == 1 and "改动过" in err
    foreign = tmp_path / "自己的文件.docx"
    foreign.write_bytes(b"not ours")
    code, _, err = run(capsys, *doc(office, "circular", foreign))
    assert code == 1 and "不是本工作区写出的" in err and foreign.read_bytes() == b"not ours"

    code, out, _ = run(capsys, *doc(office, "circular", tmp_path / "新.docx", "--new-number", "--json"))
    assert code == 0 and json.loads(out)["numbers"] == ["云创文办〔2026〕2号"]  # the refusals took no number


def test_a_preview_is_replaced_by_the_issued_document(office, tmp_path, capsys):
    target = tmp_path / "通报.docx"
    code, out, _ = run(capsys, *doc(office, "circular", target, "--preview"))
    assert code == 0 and "预览" in out and numbering.list_numbers(workspace.open_workspace(office).db) == []
    assert run(capsys, *doc(office, "circular", target, "--preview"))[0] == 0  # previewed again, same place
    code, out, _ = run(capsys, *doc(office, "circular", target))
    assert code == 0 and "云创文办〔2026〕1号" in text_of(target)


def test_one_file_in_the_way_stops_a_whole_folder_of_notices(office, tmp_path, capsys):
    folder = tmp_path / "通知"
    assert run(capsys, *doc(office, "notice", folder, "--format", "docx"))[0] == 0
    names = sorted(path.name for path in folder.iterdir())
    other = tmp_path / "另一个文件夹"
    other.mkdir()
    (other / names[1]).write_bytes(b"a clerk's own file")
    code, _, err = run(capsys, *doc(office, "notice", other, "--format", "docx"))
    assert code == 1 and names[1] in err and "没有写出任何文件" in err
    assert [path.name for path in other.iterdir()] == [names[1]]
    code, out, _ = run(capsys, "--workspace", office, "--json", "doc", "numbers")
    assert len(json.loads(out)) == len(UNITS)  # no number was taken for the refused folder
    code, out, _ = run(capsys, *doc(office, "notice", folder, "--format", "docx"))
    assert code == 0 and sorted(path.name for path in folder.iterdir()) == names  # a reprint: same files


def test_a_picture_in_the_way_stops_the_web_page_and_takes_no_number(office, tmp_path, capsys):
    page = tmp_path / "web" / "曝光台.html"
    code, out, _ = run(capsys, *doc(office, "exposure", page, "--json"))
    assert code == 0 and json.loads(out)["numbers"] == ["第1期"]
    pictures = sorted(path.name for path in page.parent.glob("*.jpg"))
    assert pictures and all(name.startswith("曝光台-001-") for name in pictures)
    assert run(capsys, *doc(office, "exposure", page))[0] == 0  # reprinted over its own page and pictures
    elsewhere = tmp_path / "web2" / "曝光台.html"
    elsewhere.parent.mkdir()
    (elsewhere.parent / pictures[0]).write_bytes(b"someone else's photo")
    code, _, err = run(capsys, *doc(office, "exposure", elsewhere, "--new-number"))
    assert code == 1 and pictures[0] in err and not elsewhere.exists()
    assert sorted(path.name for path in elsewhere.parent.iterdir()) == [pictures[0]]  # no page, no leftovers
    code, out, _ = run(capsys, *doc(office, "exposure", tmp_path / "web3" / "曝光台.html", "--new-number", "--json"))
    assert code == 0 and json.loads(out)["numbers"] == ["第2期"]  # 第2期 was not lost to the refused page


def test_an_issued_document_changes_the_documents_and_a_preview_nothing():
    made = issuing.IssuedDocument(kind="circular", period="2026-11", format="pdf", files=())
    assert made.changes.kinds == {"documents"}
    assert issuing.IssuedDocument(kind="circular", period="2026-11", format="pdf", files=(), preview=True).changes == (
        NOTHING
    )
