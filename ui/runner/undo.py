"""Ctrl+Z in the runner: the answer changes made since the inspection was opened, undone one by one.

An undo never rewrites history: it records a new revision that says what an earlier revision said.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.field.inspections import Finding


@dataclass(frozen=True)
class AnswerChange:
    """One change of an already answered item: the revision it replaced."""

    code: str
    before: Finding


def same_answer(a: Finding, b: Finding) -> bool:
    """Whether two revisions say the same thing (outcome, count, note)."""
    return (a.outcome, a.count, a.note) == (b.outcome, b.count, b.note)


class AnswerUndo:
    """The changes of answered items in this runner session, newest last (first answers are not changes)."""

    def __init__(self) -> None:
        self._changes: list[AnswerChange] = []

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, code: str, before: Finding | None, after: Finding | None) -> None:
        """Remember a change of an item's answer (nothing for a first answer or an unchanged one)."""
        if before is not None and after is not None and after.rev != before.rev and not same_answer(before, after):
            self._changes.append(AnswerChange(code, before))

    def pop(self, current: dict[str, Finding]) -> AnswerChange | None:
        """The newest change that still differs from the current answers (older no-ops are dropped), or None."""
        while self._changes:
            change = self._changes.pop()
            now = current.get(change.code)
            if now is not None and not same_answer(now, change.before):
                return change
        return None
