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
# that of the longest prefix listed here; the two root packages are listed under ROOTS (they match only themselves).
FLOORS: tuple[tuple[str, ...], ...] = (
    (  # ground: storage, the negative list, reading files from outside, time, ids, the people and the scoring rules
        "inspector.version",
        "inspector.changes",
        "inspector.program",
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
        "inspector.envelope",
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
    ("ui.i18n", "ui.tasks", "ui.context", "ui.loading", "ui.scenery", "ui.widgets"),
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

# The root packages: `inspector/__init__` wires the floors together (it registers the stored problem state with the
# store), so it sits on top; `ui/__init__` holds nothing.
ROOTS = {"inspector": len(FLOORS) - 1}
UI_ROOTS = {"ui": 0}

# The program's shell (`cwdc`, `python -m inspector`): it opens the app or runs the CLI, so it is the one module
# under inspector/ that imports ui/; the rest of the core never does.
SHELL = "inspector.__main__"


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


Graph = dict[str, dict[str, list[tuple[bool, int]]]]


def edges_of(module: str, source: str) -> dict[str, list[tuple[bool, int]]]:
    """Imported module (under inspector/ or ui/, else `<external>:name`) → [(runs, line)] for one module."""
    out: dict[str, list[tuple[bool, int]]] = {}
    for name, runs, line in imports_of(module, source):
        target = _target(name) or "<external>:" + name.split(".")[0]
        if target != module:
            out.setdefault(target, []).append((runs, line))
    return out


GRAPH: Graph = {module: edges_of(module, path.read_text("utf-8")) for module, path in MODULES.items()}


def floor_of(module: str, floors: tuple[tuple[str, ...], ...]) -> int | None:
    """The floor of a root package, or of the longest listed prefix of `module` (None when none is listed)."""
    roots = ROOTS if floors is FLOORS else UI_ROOTS
    if module in roots:
        return roots[module]
    best: tuple[int, int] | None = None
    for number, prefixes in enumerate(floors):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (number, len(prefix))
    return None if best is None else best[0]


def upward(graph: Graph, floors: tuple[tuple[str, ...], ...], top: str) -> list[str]:
    """Imports from a module to a module on a higher floor, as 'module:line → imported'."""
    found = []
    for module, out in graph.items():
        if module.split(".")[0] != top:
            continue
        here = floor_of(module, floors)
        for target, where in out.items():
            there = floor_of(target, floors) if target.split(".")[0] == top else None
            if here is not None and there is not None and there > here:
                found.append(f"{module}:{where[0][1]} → {target}")
    return found


def interface_imports(graph: Graph) -> list[str]:
    """Imports of ui/ or PySide6 from the core (its shell aside)."""
    return [
        f"{module} → {target}"
        for module, out in graph.items()
        if module.startswith("inspector") and module != SHELL
        for target in out
        if target.split(".")[0] == "ui" or target.startswith("<external>:PySide6")
    ]


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), over imports that run."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative, so a deep graph cannot reach the recursion limit
        nonlocal counter
        work = [(start, iter(_runs(graph, start)))]
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
                    work.append((child, iter(_runs(graph, child))))
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

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def _runs(graph: Graph, module: str) -> list[str]:
    """What a module imports that runs (not only for type checking), within the graph."""
    return sorted(t for t, where in graph[module].items() if t in graph and any(runs for runs, _ in where))


def test_every_core_module_has_a_floor():
    assert [m for m in MODULES if m.startswith("inspector") and floor_of(m, FLOORS) is None] == []
    assert [m for m in MODULES if m.startswith("ui") and floor_of(m, UI_FLOORS) is None] == []


def test_no_core_module_imports_a_higher_floor():
    assert upward(GRAPH, FLOORS, "inspector") == []


def test_no_interface_module_imports_a_higher_floor():
    assert upward(GRAPH, UI_FLOORS, "ui") == []


def test_the_core_never_imports_the_interface_or_qt():
    assert interface_imports(GRAPH) == []


def test_there_are_no_import_cycles():
    assert cycles(GRAPH) == []


def planted(module: str, line: str) -> Graph:
    """The graph with `line` added at the end of `module`'s source."""
    source = MODULES[module].read_text("utf-8") + "\n" + line + "\n"
    return {**GRAPH, module: edges_of(module, source)}


@pytest.mark.parametrize(
    ("module", "line", "found"),
    [
        ("inspector.field.inspections", "def later():\n    from inspector.oversight import review", "upward"),
        ("inspector.store", "from inspector.tracking import problem_state", "upward"),
        ("inspector.register.draw", "from inspector.exchange.bundle import verify", "upward"),
        ("ui.widgets.photos", "from ui.runner import runner", "ui-upward"),
        ("inspector.errors", "import PySide6.QtCore", "qt"),
        ("inspector.clock", "def later():\n    from ui import context", "qt"),
        ("inspector.ids", "def later():\n    from inspector import clock", "none"),
        ("inspector.clock", "def later():\n    from inspector import ids", "cycle"),
    ],
)
def test_the_checks_see_an_import_planted_anywhere(module, line, found):
    graph = planted(module, line)
    seen = {
        "upward": upward(graph, FLOORS, "inspector"),
        "ui-upward": upward(graph, UI_FLOORS, "ui"),
        "qt": interface_imports(graph),
        "cycle": cycles(graph),
    }
    if found == "none":  # an import down the floors, on a graph without cycles: nothing to report
        assert not any(seen.values())
    else:  # the planted import may break more than one rule; the one it stands for is reported
        assert seen[found]


def test_an_import_only_for_type_checking_is_no_cycle_but_keeps_its_floor():
    typing_only = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from inspector.exchange import merge"
    graph = planted("inspector.field.evidence", typing_only)
    assert (
        cycles(
            planted("inspector.clock", typing_only.replace("inspector.exchange import merge", "inspector import ids"))
        )
        == []
    )
    assert upward(graph, FLOORS, "inspector")
