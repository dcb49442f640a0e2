"""OpChanges: the kinds of record a write changed, checked against the one declared list every view listens to."""

from __future__ import annotations

import re

import pytest

from inspector.changes import KINDS, NOTHING, OpChanges, UnknownKind, writes
from tests.conftest import ROOT


def test_of_union_contains_and_touches():
    made = OpChanges.of("findings", "photos")
    assert made.kinds == frozenset({"findings", "photos"})
    assert "findings" in made and "sites" not in made
    assert made.touches("sites", "photos") and not made.touches("sites", "catalog")
    both = made | OpChanges.of("inspections")
    assert both.kinds == {"findings", "photos", "inspections"} and made.kinds == {"findings", "photos"}
    assert OpChanges.union([made, OpChanges.of("sites"), NOTHING]).kinds == {"findings", "photos", "sites"}
    assert OpChanges.union([]) == NOTHING


def test_nothing_is_empty_and_false():
    assert not NOTHING and NOTHING.kinds == frozenset() and OpChanges.of() == NOTHING
    assert OpChanges.of("tasks") and not NOTHING.touches(*KINDS)
    assert (NOTHING | NOTHING) == NOTHING


def test_an_undeclared_kind_is_refused_naming_it():
    with pytest.raises(UnknownKind, match="finding"):
        OpChanges.of("inspections", "finding")  # a typo would silently refresh nothing
    with pytest.raises(UnknownKind):
        OpChanges(frozenset({"document"}))


def test_frozen_and_hashable():
    made = OpChanges.of("sites")
    with pytest.raises(AttributeError):
        made.kinds = frozenset()  # type: ignore[misc]
    assert {made, OpChanges.of("sites")} == {made}


def test_writes_declares_the_changes_on_the_function_and_keeps_it():
    @writes("draws")
    def record(x: int) -> int:
        """Doc."""
        return x + 1

    assert record(1) == 2 and record.changes == OpChanges.of("draws") and record.__doc__ == "Doc."
    with pytest.raises(UnknownKind):
        writes("draw")


def test_every_kind_a_view_listens_to_is_declared():
    """WATCHES sets and `"kind" in kinds` checks in ui/ name only declared kinds (and KINDS has no duplicates)."""
    assert len(set(KINDS)) == len(KINDS)
    heard: set[str] = set()
    for path in (ROOT / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for body in re.findall(r"WATCHES[^=]*= frozenset\(\{([^}]*)\}\)", text):
            heard |= set(re.findall(r'"(\w+)"', body))
        heard |= set(re.findall(r'"(\w+)" in kinds', text))
        heard |= {k for body in re.findall(r"\{([^}]*)\} & kinds", text) for k in re.findall(r'"(\w+)"', body)}
    assert {"inspections", "problems", "verdicts", "user"} <= heard  # the scan finds what the pages watch
    assert heard <= set(KINDS)
