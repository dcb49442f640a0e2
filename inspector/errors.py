"""Typed errors the user can cause; each carries a message a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass


class InspectorError(Exception):
    """Base for every error the user can cause (bad file, unknown id, wrong state)."""


class NotFoundError(InspectorError):
    """A site, inspector, inspection, draw or catalog version does not exist."""


class StateError(InspectorError):
    """The operation does not fit the record's state (e.g. answering a finished inspection)."""


class WorkspaceError(InspectorError):
    """The workspace folder is missing, not a workspace, or of the wrong role."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return " ".join(where) + "：" + self.message

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class ValidationError(InspectorError):
    """An input file has problems; all of them are listed and nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"发现 {len(self.problems)} 处问题，未导入任何数据"
        super().__init__(head + "：\n" + "\n".join(f"  {p}" for p in self.problems))


class EvidenceError(InspectorError):
    """A photo cannot be used as evidence (not an image, truncated, too large)."""


class FontNotFoundError(InspectorError):
    """No usable CJK font is installed; the message says how to install one."""


class DrawError(InspectorError):
    """A random draw cannot be made as asked (too few candidates, recusal leaves too few)."""
