"""Plain input data for the documents: the letterhead and what each document reports, filled from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


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
