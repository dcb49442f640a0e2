"""The commands our messages suggest are spelled the way the person started the program."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from inspector import program
from inspector.cli import main as cli_main
from tests.conftest import ROOT


@pytest.fixture
def started_as():
    """Set how the program was started for one test, and put the default back after it."""
    before = program.name()
    yield program.started_as
    program.started_as(before)


def _help(*command: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    done = subprocess.run(
        [sys.executable, *command, "--help"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_checkout_says_python_main_py():
    assert _help("main.py").startswith("usage: python main.py ")


def test_the_module_says_python_m_inspector():
    assert _help("-m", "inspector").startswith("usage: python -m inspector ")


def test_an_installed_program_suggests_cwdc_commands(started_as, tmp_path, capsys):
    started_as(program.INSTALLED)
    code = cli_main(["--workspace", str(tmp_path / "没有"), "keys", "show"])
    out = capsys.readouterr()
    assert code != 0
    assert "cwdc workspace init" in out.err + out.out
    assert "python main.py" not in out.err + out.out


def test_unknown_spellings_are_refused(started_as):
    with pytest.raises(ValueError):
        started_as("python3 main.py")
    assert program.name() == program.CHECKOUT


def test_the_frozen_app_is_cwdc_and_its_windows_console_program_cwdc_cli(monkeypatch):
    import main

    assert main._started_as() == program.CHECKOUT
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main._started_as() == program.INSTALLED
    monkeypatch.setattr("sys.platform", "win32")  # cwdc.exe has no console: commands are typed as cwdc-cli
    assert main._started_as() == program.WINDOWS_CONSOLE == "cwdc-cli"
