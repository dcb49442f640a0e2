"""A document number is consumed only together with its file: `python main.py doc circular … --new-number` killed
(SIGKILL) at every step of issuing, a second clerk's process while the first holds the lock, a folder that is gone.

The child process runs main.py with one function wrapped so that it stops at that step and tells the test, which
then kills it (or lets it go on)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import docx
import pytest

from inspector.cli import main
from inspector.oversight import numbering, review
from inspector.tracking.problems import list_problems
from tests.conftest import ROOT, office_workspace
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork-free pipes as on Linux")

CHILD = """
import functools, importlib, os, runpy, sys
sys.path.insert(0, os.environ["INSPECTOR_ROOT"])
module_name, name, when = os.environ["PAUSE_AT"].split(":")
module = importlib.import_module(module_name)
original = getattr(module, name)
paused = []

def pause():
    if not paused:
        paused.append(True)
        print("PAUSED", flush=True)
        sys.stdin.readline()  # the test kills this process here, or sends a line to let it go on

@functools.wraps(original)
def wrapper(*args, **kwargs):
    if when == "before":
        pause()
    result = original(*args, **kwargs)
    if when == "after":
        pause()
    return result

setattr(module, name, wrapper)
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path(os.path.join(os.environ["INSPECTOR_ROOT"], "main.py"), run_name="__main__")
"""

# Where the child stops, in the order issuing goes through them, and whether the number is consumed by then.
STEPS = [
    ("inspector.oversight.numbering:settle:after", False),  # the issuing lock taken, nothing reserved
    ("inspector.oversight.numbering:add_file:after", False),  # inside the reservation transaction, not committed
    ("inspector.oversight.reports:circular_data:before", False),  # the number reserved as pending, nothing written
    ("os:fsync:before", False),  # the document being written: a temporary file in the hidden folder
    ("inspector.oversight.issuing:_place:before", False),  # the document complete beside its target, its hash recorded
    ("inspector.oversight.numbering:complete:before", True),  # the document in place, the number still pending
    ("inspector.oversight.numbering:complete:after", True),  # issued, before the command printed anything
]
NUMBER = re.compile(r"云创文办〔\d{4}〕\d+号")


@pytest.fixture
def office(tmp_path):
    """An office workspace with three confirmed problems in November 2026."""
    ws = office_workspace(tmp_path / "ws")
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1})
    review.confirm(ws.db, [p.finding_id for p in list_problems(ws.db, today=date(2026, 11, 30))])
    path = ws.path
    ws.close()
    return path


def circular(ws_path, out) -> list[str]:
    return [
        "--workspace", str(ws_path), "doc", "circular", "--period", "2026-11", "--date", "2026-11-30",
        "--new-number", "--out", str(out),
    ]  # fmt: skip


def paused_child(tmp_path, at: str, argv: list[str]) -> subprocess.Popen:
    """main.py running `argv`, stopped at `at` (module:function:before|after)."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PAUSE_AT": at, "INSPECTOR_ROOT": str(ROOT)}
    env.pop("INSPECTOR_PASSPHRASE", None)
    proc = subprocess.Popen(
        [sys.executable, str(script), *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline()
    if line.strip() != "PAUSED":
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the child did not stop at {at}: {line}{out}{err}")
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.kill()  # SIGKILL: no finally, no atexit, no rollback in the process
    proc.communicate()
    assert proc.returncode == -9


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def number_in(path) -> str:
    """The document number printed on a DOCX circular."""
    found = set(NUMBER.findall("\n".join(p.text for p in docx.Document(str(path)).paragraphs)))
    assert len(found) == 1, (path, found)
    return found.pop()


def issue_next(capsys, ws_path, out) -> str:
    code, text, err = run(capsys, *circular(ws_path, out), "--json")
    assert code == 0, err
    return json.loads(text)["numbers"][0]


def serial(number: str) -> int:
    return int(number.split("〕")[1].rstrip("号"))


def numbers_listed(capsys, ws_path) -> list[dict]:
    code, text, err = run(capsys, "--workspace", str(ws_path), "--json", "doc", "numbers")
    assert code == 0, err
    return json.loads(text)


def assert_every_number_has_its_file(capsys, ws_path, folder) -> None:
    """`doc numbers` lists no number without its file, no gap, and no file carries a number it does not list."""
    listed = numbers_listed(capsys, ws_path)
    known = {entry["number"] for entry in listed}
    assert sorted(entry["serial"] for entry in listed) == list(range(1, len(listed) + 1))
    for entry in listed:
        assert entry["files"], entry
        for path in entry["files"]:
            assert number_in(path) == entry["number"]
    for path in folder.glob("*.docx"):
        assert number_in(path) in known, path
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no half-written leftovers


def test_a_killed_issue_never_consumes_a_number_without_its_document(office, tmp_path, capsys):
    out = tmp_path / "out"
    first = issue_next(capsys, office, out / "通报-0.docx")
    last = serial(first)
    for n, (at, consumed) in enumerate(STEPS, start=1):
        target = out / f"通报-{n}.docx"
        kill(paused_child(tmp_path, at, circular(office, target)))
        following = issue_next(capsys, office, out / f"通报-{n}-next.docx")
        if consumed:  # the killed document is in place: its number stands and the next issue follows it
            assert number_in(target) == f"云创文办〔2026〕{last + 1}号", at
            assert serial(following) == last + 2, at
        else:  # nothing in place: the next issue gets the number the killed one did not consume
            assert not target.exists(), at
            assert serial(following) == last + 1, at
        last = serial(following)
        assert_every_number_has_its_file(capsys, office, out)


def test_a_second_clerk_waits_for_the_first_and_numbers_stay_consecutive(office, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    first = paused_child(
        tmp_path, "inspector.oversight.reports:circular_data:before", circular(office, out / "甲.docx")
    )
    try:
        monkeypatch.setattr(numbering, "LOCK_WAIT", 0.2)  # the second clerk gives up instead of waiting long
        code, _, err = run(capsys, *circular(office, out / "乙.docx"))
        assert code == 1 and "另一份文书正在生成" in err and not (out / "乙.docx").exists()
        first.stdin.write("\n")
        first.stdin.flush()
        printed, err = first.communicate()
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert "云创文办〔2026〕1号" in printed and number_in(out / "甲.docx") == "云创文办〔2026〕1号"
    monkeypatch.setattr(numbering, "LOCK_WAIT", 30.0)
    assert issue_next(capsys, office, out / "乙.docx") == "云创文办〔2026〕2号"
    assert_every_number_has_its_file(capsys, office, out)


def test_a_number_whose_folder_is_gone_is_not_given_again(office, tmp_path, capsys):
    stick = tmp_path / "stick"
    kill(paused_child(tmp_path, "inspector.oversight.numbering:complete:before", circular(office, stick / "通报.docx")))
    shutil.move(stick, tmp_path / "unplugged")  # the USB stick is taken out before anyone looks
    assert issue_next(capsys, office, tmp_path / "here" / "通报.docx") == "云创文办〔2026〕2号"
    assert [entry["number"] for entry in numbers_listed(capsys, office)] == ["云创文办〔2026〕2号"]
    shutil.move(tmp_path / "unplugged", stick)  # plugged in again: the interrupted document is found and kept
    listed = numbers_listed(capsys, office)
    assert sorted(entry["number"] for entry in listed) == ["云创文办〔2026〕1号", "云创文办〔2026〕2号"]
    assert number_in(stick / "通报.docx") == "云创文办〔2026〕1号"
    code, text, _ = run(capsys, "--workspace", str(office), "doc", "numbers")
    assert code == 0 and str(stick / "通报.docx") in text
