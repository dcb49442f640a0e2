"""Project-level rules: the core never imports Qt; the README documents every command and CI runs its test command."""

import ast
import re

from inspector.cli import build_parser, commands
from tests.conftest import ROOT


def test_inspector_never_imports_pyside6():
    offenders = []
    for path in (ROOT / "inspector").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() == "inspector/__main__.py":
            continue  # the program's shell (`cwdc`, `python -m inspector`) opens the app; the core never imports it
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value] if node.value.startswith(("PySide6", "ui.")) else []
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6", "ui")]
    assert offenders == []


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = commands(build_parser())
    assert {
        "workspace init",
        "catalog validate",
        "catalog import",
        "sites import",
        "draw",
        "draw verify",
        "checklist",
        "inspect",
        "score",
        "demo",
    } <= set(found)
    missing = [c for c in found if f"python main.py {c}" not in readme]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)
    setup, tests = blocks[0].strip(), blocks[1].strip()
    assert "main.py" in setup and "install.sh" in setup
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
