"""Plain input data for the documents: the letterhead and what each document reports, filled from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
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


@dataclass(frozen=True)
class ProblemRow:
    """One problem as the lists print it (the circular's attachment and the Excel list)."""

    reference: str
    district: str
    street: str
    site: str
    site_type: str
    category: str
    description: str
    count: int
    deduction: float
    responsible_unit: str
    deadline: date | None
    status: str
    mode: str
    inspected_at: datetime | None
    inspector: str


@dataclass(frozen=True)
class ModeCount:
    """What one inspection mode (明察 / 暗访) covered in the period."""

    mode: str
    inspections: int
    sites: int
    problems: int


@dataclass(frozen=True)
class ProblemExample:
    """A typical problem quoted in the circular, with its watermarked photos (JPEG bytes)."""

    reference: str
    district: str
    street: str
    site: str
    description: str
    responsible_unit: str = ""
    photos: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one site type or category: how many, a summary sentence and typical examples."""

    name: str
    count: int
    summary: str
    examples: tuple[ProblemExample, ...] = ()


@dataclass(frozen=True)
class RankingRow:
    """One district, street or unit of a ranking; `rank` None: listed unranked (nothing to rank it by), printed —."""

    rank: int | None
    name: str
    score: float | None  # None where no score applies (units are ranked by rectification rate), printed —
    problems: int
    deduction: float
    rectification_rate: float | None  # 0..1; None when nothing fell due, printed —
    change: int | None = None  # places moved since the previous period (+ up, − down)


@dataclass(frozen=True)
class Ranking:
    """A ranking table with its red list (红榜) and black list (黑榜)."""

    title: str
    unit_label: str
    rows: tuple[RankingRow, ...]
    red_list: tuple[str, ...] = ()
    black_list: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One rectification requirement; `deadline` is printed as 完成时限."""

    title: str
    text: str
    deadline: date | None = None


@dataclass(frozen=True)
class CircularData:
    """The period circular (督查情况通报): counts, problems by group, rankings, requirements and the problem list."""

    period_label: str
    year: int
    serial: int
    issued_on: date
    counts: tuple[ModeCount, ...]
    groups: tuple[ProblemGroup, ...]
    rankings: tuple[Ranking, ...]
    requirements: tuple[Requirement, ...]
    problems: tuple[ProblemRow, ...]
    addressees: str = "各区创文办，市直各有关单位"
    title: str = ""
    intro: str = ""
    contact: str = ""
    copy_to: str | None = None
    districts: int = 0
    sites: int = 0  # distinct sites over all modes (a site checked both ways counts once); 0: the modes' sum
    basis: str = ""  # 统计口径: what the figures count, printed under the rankings


@dataclass(frozen=True)
class ExposureEntry:
    """One exposed problem: its watermarked (and, where needed, blurred) photo and one line of text."""

    reference: str
    district: str
    street: str
    place: str
    site: str
    problem: str
    responsible_unit: str
    deadline: date | None
    photo: bytes
    status: str = ""  # the problem's status code (open, overdue, rectified, closed); "" is printed as open
    count: int = 1  # 处: the places the problem was found at (the heading adds them up, like the circular)


@dataclass(frozen=True)
class ExposureSheet:
    """The 曝光台 for a period: entries grouped by district in the order given."""

    period_label: str
    issued_on: date
    entries: tuple[ExposureEntry, ...]
    title: str = ""
    intro: str = ""
    issue: int | None = None  # 第N期


@dataclass(frozen=True)
class NoticeProblem:
    """One problem in a rectification notice."""

    reference: str
    district: str
    street: str
    site: str
    category: str
    description: str
    deadline: date | None
    photos: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class NoticeData:
    """A rectification notice (整改通知书) to one responsible unit, with its reply slip (整改回执)."""

    unit: str
    period_label: str
    year: int
    serial: int
    issued_on: date
    problems: tuple[NoticeProblem, ...]
    reply_by: date
    contact: str = ""
    report_to: str = ""
    copy_to: str | None = None
    extra: tuple[str, ...] = field(default=())
