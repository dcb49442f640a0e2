"""What every printed letter names: the office's letterhead and a finding's short reference.

Domain facts, not rendering: the problems, decisions, review and document numbers use them as much as the documents
do, so they live below all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from inspector.errors import InspectorError

REFERENCE_LENGTH = 8


class DocumentError(InspectorError):
    """A document cannot be made as asked (incomplete letterhead, unknown format, nothing to print)."""


def short_reference(finding_id: str) -> str:
    """The short reference printed with a problem: the last 8 hex digits of its finding id.

    Not the first 8: a UUIDv7 starts with its creation time in milliseconds, so every finding recorded within
    the same 65 seconds shares its first 8 digits; the last 8 are random.
    """
    return finding_id.replace("-", "")[-REFERENCE_LENGTH:].lower()


@dataclass(frozen=True)
class Letterhead:
    """Who issues the documents: the 版头, 发文字号 prefix, 落款 and 版记 texts (forms/letterhead.yaml)."""

    issuing_office: str
    issuing_mark: str
    number_prefix: str
    signature: str
    copy_to: str = ""
    printed_by: str = ""

    REQUIRED: ClassVar[tuple[str, ...]] = ("issuing_office", "issuing_mark", "number_prefix", "signature")
    LABELS: ClassVar[dict[str, str]] = {
        "issuing_office": "发文机关全称",
        "issuing_mark": "发文机关标志",
        "number_prefix": "发文字号前缀",
        "signature": "落款",
        "copy_to": "抄送",
        "printed_by": "印发机关",
    }

    @classmethod
    def from_setting(cls, setting: Mapping[str, Any] | None) -> Letterhead:
        """Build from the workspace setting "letterhead"; DocumentError names every missing field."""
        values = {k: str(v).strip() for k, v in (setting or {}).items() if k in cls.LABELS and v is not None}
        missing = [cls.LABELS[k] for k in cls.REQUIRED if not values.get(k)]
        if missing:
            raise DocumentError(
                f"文书版头设置不完整，缺少：{'、'.join(missing)}。"
                "请在“设置 → 文书版头”或 forms/letterhead.yaml 中填写。"
            )
        values.setdefault("printed_by", values["signature"])
        return cls(**values)

    def number(self, year: int, serial: int) -> str:
        """The 发文字号, year in 〔〕 and no zero padding: 云创文办〔2026〕12号."""
        return f"{self.number_prefix}〔{year}〕{serial}号"
