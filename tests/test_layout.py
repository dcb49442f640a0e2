"""The import graph of `inspector/` and `ui/` keeps its floors and has no cycles (see docs/ARCHITECTURE.md).

Every module is parsed with `ast`; imports at module level and inside functions both count (only those under
`if TYPE_CHECKING:` do not run, so they count for the floors but not for cycles). A package's `__init__` is its own
node: `from inspector.field import inspections` is an edge to `inspector.field.inspections`, not to the package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The core's floors, lowest first: a module imports only modules of its own floor or lower ones. A module's floor is
# that of the longest prefix listed here.
FLOORS: tuple[tuple[str, ...], ...] = (
    (  # ground: storage, the negative list, reading files from outside, time, ids, the people and the scoring rules
        "inspector",
        "inspector.errors",
        "inspector.clock",
        "inspector.ids",
        "inspector.untrusted",
        "inspector.strictjson",
        "inspector.atomic",
        "inspector.faults",
        "inspector.crash",
        "inspector.periods",
        "inspector.forms",
        "inspector.fonts",
        "inspector.fontinstall",
        "inspector.timecheck",
        "inspector.voids",
        "inspector.users",
        "inspector.scoring",
        "inspector.letters",
        "inspector.canonical",
        "inspector.store",
        "inspector.catalog",
        "inspector.tabular",
    ),
    ("inspector.tracking",),  # problems, decisions on them and their stored state: kept by every commit
    ("inspector.register",),  # sites, inspectors, draws
    ("inspector.field",),  # what the laptop records
    ("inspector.documents", "inspector.workspace"),  # rendering documents; a workspace folder, its check
    ("inspector.exchange",),  # trust and sync
    ("inspector.oversight",),  # the office's work
    ("inspector.demo", "inspector.cli", "inspector.__main__"),  # what a person runs
)

# The interface's floors: shared pieces below the pages of each area, the application's shell on top.
UI_FLOORS: tuple[tuple[str, ...], ...] = (
    ("ui", "ui.i18n", "ui.tasks", "ui.context", "ui.loading", "ui.scenery", "ui.widgets"),
    ("ui.runner", "ui.pages", "ui.exchange", "ui.office", "ui.oversight"),
    (
        "ui.app",
        "ui.main_window",
        "ui.damaged",
        "ui.crash_dialog",
        "ui.housekeeping",
        "ui.first_start",
        "ui.screen_fit",
        "ui.screenshots",
        "ui.screenshots_office",
    ),
)

# Areas of the interface that stand side by side: none imports another (what two share lives in ui/widgets).
UI_AREAS = ("ui.runner", "ui.pages", "ui.exchange", "ui.office", "ui.oversight")


def module_files() -> dict[str, Path]:
    """Every module under inspector/ and ui/ by its dotted name (a package by its own name)."""
    found = {}
    for top in ("inspector", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = module_files()


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes under `if TYPE_CHECKING:`."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            ids.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return ids


def _target(name: str) -> str | None:
    """The module `name` lands in: itself, or the longest listed prefix (an attribute of a module)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def imports_of(module: str, source: str) -> Iterator[tuple[str, bool, int]]:
    """(imported name, runs at import or call time, line) for every import in a module, at any depth."""
    tree = ast.parse(source)
    typing_only = _type_checking_only(tree)
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        runs = id(node) not in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, runs, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                yield f"{origin}.{alias.name}", runs, node.lineno


def graph() -> dict[str, dict[str, list[tuple[bool, int]]]]:
    """module → imported module (inspector/ and ui/ only) → [(runs, line)]; also `<external>` names."""
    edges: dict[str, dict[str, list[tuple[bool, int]]]] = {}
    for module, path in MODULES.items():
        out: dict[str, list[tuple[bool, int]]] = {}
        for name, runs, line in imports_of(module, path.read_text("utf-8")):
            target = _target(name)
            if target is None:
                target = "<external>:" + name.split(".")[0]
            if target != module:
                out.setdefault(target, []).append((runs, line))
        edges[module] = out
    return edges


GRAPH = graph()


def floor_of(module: str, floors: tuple[tuple[str, ...], ...]) -> int | None:
    """The floor of the longest listed prefix of `module` (None when no prefix is listed)."""
    best: tuple[int, int] | None = None
    for number, prefixes in enumerate(floors):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (number, len(prefix))
    return None if best is None else best[0]


def upward(floors: tuple[tuple[str, ...], ...], top: str) -> list[str]:
    """Imports from a module to a module on a higher floor, as 'module:line → imported'."""
    found = []
    for module, out in GRAPH.items():
        if module.split(".")[0] != top:
            continue
        here = floor_of(module, floors)
        for target, where in out.items():
            there = floor_of(target, floors) if target.split(".")[0] == top else None
            if here is not None and there is not None and there > here:
                found.append(f"{module}:{where[0][1]} → {target}")
    return found


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), over imports that run."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative, so a deep graph cannot reach the recursion limit
        nonlocal counter
        work = [(start, iter(_runs(start)))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(_runs(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def _runs(module: str) -> list[str]:
    return sorted(t for t, where in GRAPH[module].items() if t in GRAPH and any(runs for runs, _ in where))


def test_every_core_module_has_a_floor():
    assert [m for m in MODULES if m.startswith("inspector") and floor_of(m, FLOORS) is None] == []
    assert [m for m in MODULES if m.startswith("ui") and floor_of(m, UI_FLOORS) is None] == []


def test_no_core_module_imports_a_higher_floor():
    assert upward(FLOORS, "inspector") == []


def test_no_interface_module_imports_a_higher_floor():
    assert upward(UI_FLOORS, "ui") == []


def test_the_interface_areas_do_not_import_each_other():
    crossing = []
    for module, out in GRAPH.items():
        area = next((a for a in UI_AREAS if module == a or module.startswith(a + ".")), None)
        for target in out:
            other = next((a for a in UI_AREAS if target == a or target.startswith(a + ".")), None)
            if area and other and other != area:
                crossing.append(f"{module} → {target}")
    assert crossing == []


def test_the_core_never_imports_the_interface_or_qt():
    found = [
        f"{module} → {target}"
        for module, out in GRAPH.items()
        if module.startswith("inspector")
        for target in out
        if target.split(".")[0] == "ui" or target.startswith("<external>:PySide6")
    ]
    assert found == []


def test_there_are_no_import_cycles():
    assert cycles() == []


@pytest.mark.parametrize(
    ("module", "source", "kind"),
    [
        ("inspector.field.inspections", "def f():\n    from inspector.oversight import review\n", "upward"),
        ("inspector.store", "from inspector.tracking import problem_state\n", "upward"),
        ("inspector.errors", "import PySide6.QtCore\n", "qt"),
    ],
)
def test_the_checks_see_an_import_added_anywhere(module, source, kind):
    names = [name for name, _, _ in imports_of(module, source)]
    target = _target(names[0]) or "<external>:" + names[0].split(".")[0]
    if kind == "qt":
        assert target.startswith("<external>:PySide6")
    else:
        assert floor_of(target, FLOORS) > floor_of(module, FLOORS)


def test_a_cycle_is_found():
    saved = {m: dict(GRAPH[m]) for m in ("inspector.errors", "inspector.clock")}
    try:
        GRAPH["inspector.errors"]["inspector.clock"] = [(True, 1)]
        assert ["inspector.clock", "inspector.errors"] in cycles()
    finally:
        GRAPH.update(saved)
