"""The app as users install it: a wheel that carries `forms/` and no test fixtures, installed (not editable) into a
fresh venv, runs the demo and `screenshots` through its entry points from a folder outside the repository.

The fresh venv sees the dependencies of the venv running the tests through a .pth file (nothing is downloaded);
the packages `inspector` and `ui` come from the wheel, and the test checks that they do.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from inspector import forms
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What the wheel is built from; anything else in the repository (tests/, bench/, docs/) cannot reach it.
SOURCES = ("pyproject.toml", "README.md", "inspector", "ui", "forms")
FIXTURE_NAMES = ("conftest.py", "document_samples.py")


def _package_files(root: Path) -> set[str]:
    """The files of `inspector/` and `ui/` under `root` as the wheel names them, forms/ mapped into the package."""
    files = {
        path.relative_to(root).as_posix()
        for top in ("inspector", "ui")
        for path in (root / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    return files | {f"inspector/forms_data/{path.name}" for path in (root / "forms").iterdir() if path.is_file()}


def _clean_env(tmp: Path) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH into the checkout, no test overrides, no screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "INSPECTOR_", "VIRTUAL_ENV"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp / name.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


# ---------------------------------------------------------------- the configuration, without building


def test_the_listed_packages_are_the_package_folders():
    setuptools = PYPROJECT["tool"]["setuptools"]
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("inspector", "ui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert sorted(setuptools["packages"]) == sorted([*folders, "inspector.forms_data"])
    assert setuptools["package-dir"] == {"inspector.forms_data": "forms"}


def test_pyside6_is_pinned_below_the_refcount_bug_only_on_python_311():
    pins = [Requirement(r) for r in PYPROJECT["project"]["dependencies"] if Requirement(r).name == "PySide6"]

    def allowed(python: str, version: str) -> bool:
        return any(p.marker.evaluate({"python_version": python}) and p.specifier.contains(version) for p in pins)

    assert allowed("3.11", "6.11.3") and allowed("3.11", "6.8.0")
    assert not allowed("3.11", "6.12.0") and not allowed("3.11", "6.13.1")
    assert allowed("3.12", "6.12.0") and allowed("3.13", "6.13.1")
    assert not allowed("3.13", "6.7.3")


def test_forms_come_from_the_override_else_the_install_else_the_checkout(monkeypatch, tmp_path):
    monkeypatch.delenv("INSPECTOR_FORMS", raising=False)
    assert not forms.SHIPPED_DIR.exists()  # the tests run on the checkout
    assert forms.forms_dir() == ROOT / "forms"
    assert forms.form_path(forms.CATALOG_FILE).is_file()
    monkeypatch.setenv("INSPECTOR_FORMS", str(tmp_path))
    assert forms.form_path(forms.CATALOG_FILE) == tmp_path / forms.CATALOG_FILE


def test_nothing_in_the_package_imports_the_program_shell():
    importers = []
    for path in [*(ROOT / "inspector").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "inspector.__main__":
                importers.append(path.relative_to(ROOT).as_posix())
    assert importers == []
    assert "from inspector.__main__ import run" in (ROOT / "main.py").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built by `python -m build` from a copy of the sources (no build/ or egg-info left in the checkout)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp / "dist"
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)]
    built = subprocess.run(command, capture_output=True, text=True, cwd=tmp, timeout=300, env=_clean_env(tmp))
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (path,) = out.glob("inspector-*.whl")
    return path


def test_the_wheel_carries_the_package_and_forms_and_no_fixtures(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    payload = {name for name in names if ".dist-info/" not in name}
    assert payload == _package_files(ROOT)
    assert "inspector/forms_data/negative-list.yaml" in payload and "ui/i18n/shell_zh_CN.qm" in payload
    assert not [n for n in payload if Path(n).name.startswith("test_") or Path(n).name in FIXTURE_NAMES]
    assert not [n for n in payload if n.split("/")[0] not in ("inspector", "ui")]
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "cwdc = inspector.__main__:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with the wheel installed in it (no dependencies); returns (venv, a work folder outside the repo)."""
    tmp = tmp_path_factory.mktemp("installed")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # after the install: pip would otherwise see the editable `inspector` of the test venv and skip the wheel
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=_clean_env(tmp),
    ).stdout.strip()  # fmt: skip
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(site) / "dependencies-of-the-test-venv.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    work = tmp / "督查 work"  # a user's folder: outside the repository, with Chinese and a space in its path
    work.mkdir()
    return venv, work


def _start(venv: Path, work: Path, *command: str) -> subprocess.Popen[str]:
    """Start a program of the installed venv in the work folder, as a user's shell would."""
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    program = [str(scripts / command[0]), *command[1:]]
    return subprocess.Popen(
        program, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work, env=_clean_env(work)
    )


def _finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started program; its exit code and output."""
    try:
        out, err = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _run(venv: Path, work: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run a program of the installed venv in the work folder and wait for it."""
    return _finish(_start(venv, work, *command))


@pytest.fixture(scope="module")
def programs(installed) -> dict[str, subprocess.CompletedProcess[str]]:
    """`cwdc` without a screen (the demo) and `cwdc screenshots`, run side by side: each takes about half a minute."""
    venv, work = installed
    started = {
        "demo": _start(venv, work, "cwdc"),
        "screenshots": _start(venv, work, "cwdc", "screenshots", "--out", "shots"),
    }
    return {name: _finish(process) for name, process in started.items()}


def test_the_installed_package_comes_from_the_wheel(installed):
    venv, work = installed
    probe = "import json, inspector, ui; from inspector import forms; print(json.dumps([inspector.__file__, "
    probe += "ui.__file__, str(forms.forms_dir())]))"
    shown = _run(venv, work, "python", "-c", probe)
    assert shown.returncode == 0, shown.stderr
    inspector_file, ui_file, forms_folder = (Path(p) for p in json.loads(shown.stdout))
    assert inspector_file.is_relative_to(venv) and ui_file.is_relative_to(venv)
    assert forms_folder == inspector_file.parent / "forms_data"
    assert not work.is_relative_to(ROOT)


def test_python_m_inspector_creates_a_workspace_from_the_shipped_forms(installed):
    venv, work = installed
    made = _run(venv, work, "python", "-m", "inspector", "workspace", "init", "办公室", "--role", "office")
    assert made.returncode == 0, made.stdout + made.stderr
    listed = _run(venv, work, "python", "-m", "inspector", "--workspace", "办公室", "catalog", "versions")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "*" in listed.stdout and (work / "办公室" / "workspace.db").is_file()
    helped = _run(venv, work, "python", "-m", "inspector", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("usage: python -m inspector ")


def test_cwdc_without_a_screen_runs_the_demo(installed, programs):
    _venv, work = installed
    ran = programs["demo"]
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "演示完成" in ran.stdout
    assert "下一步：cwdc --workspace" in ran.stdout  # the commands it suggests are spelled as it was started
    summary = json.loads((work / "demo-out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["period"]
    documents = {path.suffix for path in (work / "demo-out" / "documents").rglob("*") if path.is_file()}
    assert {".pdf", ".docx", ".html", ".xlsx"} <= documents


def test_cwdc_screenshots_renders_offscreen(installed, programs):
    _venv, work = installed
    ran = programs["screenshots"]
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    names = {path.stem for path in (work / "shots").glob("*.png")}
    assert {"01-first-start", "04-checklist-runner", "13-office-bundle-import", "23-office-documents"} <= names
