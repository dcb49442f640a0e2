"""What a write changed: the kinds of record an operation touched, so the interface refreshes what shows them.

Following Anki's pattern, a core write returns (or declares) an `OpChanges`; the UI's change hub refreshes every
view that shows one of its kinds, instead of each view announcing kinds by hand. Ground floor: imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

# Every kind a write produces or a view listens to, one line each.
KINDS: tuple[str, ...] = (
    "inspections",  # inspections: started, finished, discarded, voided, merged from a bundle
    "findings",  # the answers recorded in an inspection (every revision)
    "photos",  # evidence photos attached to findings
    "sites",  # the site register
    "catalog",  # the negative list (its versions, the current one)
    "inspectors",  # the register of inspectors
    "draws",  # recorded draws of sites or inspectors (rechecks included)
    "tasks",  # a laptop's tasks from imported task packs
    "taskpacks",  # task packs the office issued
    "problems",  # problems and the office's decisions on them (review, rectification, exposure)
    "documents",  # issued documents and the numbers they carry
    "verdicts",  # the office's recorded verdicts on bundle files
    "devices",  # registered laptops: their keys, revocations, the sequence numbers seen
    "keys",  # this workspace's own key and the office key it trusts
    "exports",  # bundles exported from a laptop (the export ledger)
    "settings",  # the workspace's settings
    "user",  # the person working, or the office's users
)

F = TypeVar("F", bound=Callable[..., Any])


class UnknownKind(ValueError):
    """A kind not declared in KINDS: a typo would silently refresh nothing, so it is refused."""


@dataclass(frozen=True)
class OpChanges:
    """The kinds of record one operation changed (empty: nothing changed)."""

    kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.kinds) - set(KINDS))
        if unknown:
            raise UnknownKind(f"unknown change kind(s): {', '.join(unknown)}")
        object.__setattr__(self, "kinds", frozenset(self.kinds))

    @classmethod
    def of(cls, *kinds: str) -> OpChanges:
        """The changes naming `kinds` (each one of KINDS)."""
        return cls(frozenset(kinds))

    @classmethod
    def union(cls, changes: Iterable[OpChanges]) -> OpChanges:
        """Everything any of `changes` changed (NOTHING for none)."""
        kinds: set[str] = set()
        for change in changes:
            kinds |= change.kinds
        return cls(frozenset(kinds))

    def __or__(self, other: OpChanges) -> OpChanges:
        if not isinstance(other, OpChanges):
            return NotImplemented
        return OpChanges(self.kinds | other.kinds)

    def __contains__(self, kind: object) -> bool:
        return kind in self.kinds

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        """True when any of `kinds` changed."""
        return not self.kinds.isdisjoint(kinds)


NOTHING = OpChanges()


def writes(*kinds: str) -> Callable[[F], F]:
    """Declare on a write whose changes never depend on the call what it changes: `fn.changes` is an OpChanges.

    For writes that return a domain object (an Inspection, a Finding) or nothing, so that callers keep their
    return value; a write whose changes depend on the call (a merge) returns them with its result instead.
    """
    declared = OpChanges.of(*kinds)

    def mark(fn: F) -> F:
        fn.changes = declared  # type: ignore[attr-defined]
        return fn

    return mark
