"""The period circular (督查情况通报): builds the document model from CircularData."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.documents.data import CircularData, ProblemExample, ProblemRow, Ranking
from inspector.documents.model import (
    Block,
    Column,
    Document,
    Figure,
    Heading,
    Paragraph,
    Picture,
    Run,
    Table,
    heading_number,
    para,
)
from inspector.documents.official import official_document, short_date
from inspector.ids import cn_date
from inspector.letters import Letterhead

PHOTOS_PER_ROW = 2
LIST_COLUMNS = (
    Column("序号", 10, "center"),  # widths in mm: 序号 and an 8-character 编号 each fit on one line
    Column("编号", 20, "center"),
    Column("区", 14, "center"),
    Column("街道及点位", 26),
    Column("问题描述", 34),
    Column("处数", 10, "center"),
    Column("责任单位", 24),
    Column("整改时限", 18, "center"),
)
LIST_SIZE = 10.5
RANK_COLUMNS = ("排名", "得分", "问题数", "扣分", "整改率", "较上期")


def circular_title(data: CircularData) -> str:
    """The circular's title: the given one, or 关于<period>全市文明城市创建工作督查情况的通报.

    The customary break falls before 工作 while the first line clearly fits; a long period leaves the breaking to
    the renderers, which balance the title between words.
    """
    first = f"关于{data.period_label}全市文明城市创建"
    brk = "\n" if sum(0.6 if ch.isascii() else 1.0 for ch in first) <= 18 else ""
    return data.title or f"{first}{brk}工作督查情况的通报"


def attachment_title(data: CircularData) -> str:
    """Title of the attached problem list."""
    return f"{data.period_label}督查发现问题清单"


def _overview(data: CircularData) -> Iterator[Block]:
    inspections = sum(c.inspections for c in data.counts)
    sites = data.sites or sum(c.sites for c in data.counts)
    problems = sum(c.problems for c in data.counts)
    where = f"全市{data.districts}个区" if data.districts else "全市"
    text = f"{data.period_label}，共对{where}{sites}个点位开展检查{inspections}次，发现问题{problems}处。"
    parts = [f"{c.mode}{c.inspections}次，发现问题{c.problems}处" for c in data.counts if c.inspections]
    if parts:
        text += "其中，" + "；".join(parts) + "。"
    leading = sorted(data.groups, key=lambda g: -g.count)[:3]
    if leading:
        text += "问题主要集中在" + "、".join(g.name for g in leading) + "等方面。"
    yield para(text)
    if data.counts:
        rows = tuple((c.mode, str(c.inspections), str(c.sites), str(c.problems)) for c in data.counts)
        rows += (("合计", str(inspections), str(sites), str(problems)),)
        yield Table(tuple(Column(t, 1, "center") for t in ("检查方式", "检查次数", "检查点位", "发现问题")), rows)


def _example(n: int, example: ProblemExample) -> Iterator[Block]:
    place = f"{example.district}{example.street}{example.site}"
    unit = f"（责任单位：{example.responsible_unit}）" if example.responsible_unit else ""
    yield Paragraph((Run(f"{n}.{place}：", "fangsong"), Run(f"{example.description}{unit}。编号{example.reference}。")))


def _photos(examples: tuple[ProblemExample, ...]) -> Iterator[Block]:
    pictures = [Picture(photo, f"{e.site}（{e.reference}）") for e in examples for photo in e.photos]
    for start in range(0, len(pictures), PHOTOS_PER_ROW):
        yield Figure(tuple(pictures[start : start + PHOTOS_PER_ROW]))


def _problems(data: CircularData) -> Iterator[Block]:
    for k, group in enumerate(data.groups, start=1):
        yield Heading(2, heading_number(2, k) + group.name)
        yield para(f"共发现问题{group.count}处。{group.summary}")
        if group.examples:
            yield para("典型问题如下：", keep_with_next=True)
            for n, example in enumerate(group.examples, start=1):
                yield from _example(n, example)
            yield from _photos(group.examples)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _change(value: int | None) -> str:
    if value is None:
        return "—"
    return f"↑{value}" if value > 0 else (f"↓{-value}" if value < 0 else "持平")


def _ranking(k: int, ranking: Ranking) -> Iterator[Block]:
    yield Heading(2, heading_number(2, k) + ranking.title)
    columns = (Column(RANK_COLUMNS[0], 0.8, "center"), Column(ranking.unit_label, 2.6))
    columns += tuple(Column(t, 1, "center") for t in RANK_COLUMNS[1:])
    rows = tuple(
        (
            "—" if r.rank is None else str(r.rank),
            r.name,
            "—" if r.score is None else f"{r.score:.1f}",
            str(r.problems),
            f"{r.deduction:g}",
            _rate(r.rectification_rate),
            _change(r.change),
        )
        for r in ranking.rows
    )
    yield Table(columns, rows)
    if ranking.red_list:
        yield Paragraph((Run("红榜：", "hei"), Run("、".join(ranking.red_list) + "。")))
    if ranking.black_list:
        yield Paragraph((Run("黑榜：", "hei"), Run("、".join(ranking.black_list) + "。")))


def _rankings(data: CircularData) -> Iterator[Block]:
    for k, ranking in enumerate(data.rankings, start=1):
        yield from _ranking(k, ranking)
    if data.basis:
        yield para(data.basis)


def _requirements(data: CircularData) -> Iterator[Block]:
    for k, req in enumerate(data.requirements, start=1):
        text = req.text
        if req.deadline:
            text += f"完成时限：{cn_date(req.deadline)}前。"
        yield Paragraph((Run(heading_number(2, k) + req.title.rstrip("。") + "。", "kai"), Run(text)))
    if data.contact:
        yield para(f"（{data.contact.strip('（）()')}）")


def problem_list_table(problems: tuple[ProblemRow, ...], year: int | None = None) -> Table:
    """The problem list as a table: 序号, 编号, 区, 街道及点位, 问题描述, 处数, 责任单位, 整改时限, and a 合计 row."""
    rows = tuple(
        (
            str(n),
            p.reference,
            p.district,
            f"{p.street}{p.site}",
            p.description,
            str(p.count),
            p.responsible_unit,
            short_date(p.deadline, year),
        )
        for n, p in enumerate(problems, start=1)
    )
    total = ("", "合计", "", "", f"{len(problems)}个问题", str(sum(p.count for p in problems)), "", "")
    return Table(LIST_COLUMNS, (*rows, total), size=LIST_SIZE)


def build_circular(data: CircularData, letterhead: Letterhead) -> Document:
    """The circular as a document model: 总体情况, 存在问题, 排名情况, 整改要求, the problem list attached."""
    intro = data.intro or (
        f"为深入推进全国文明城市创建工作，{letterhead.signature}于{data.period_label}组织督查组，"
        "采取明察与暗访相结合的方式，对全市创建工作开展督查。现将有关情况通报如下："
    )
    sections = [("总体情况", _overview), ("存在问题", _problems), ("排名情况", _rankings), ("整改要求", _requirements)]
    if not data.rankings:
        sections.pop(2)
    body: list[Block] = [para(intro)]
    for k, (name, section) in enumerate(sections, start=1):
        body.append(Heading(1, heading_number(1, k) + name))
        body.extend(section(data))
    attachments = [(attachment_title(data), [problem_list_table(data.problems, data.year)])] if data.problems else []
    return official_document(
        letterhead,
        year=data.year,
        serial=data.serial,
        title=circular_title(data),
        addressee=data.addressees,
        body=body,
        issued_on=data.issued_on,
        attachments=attachments,
        copy_to=data.copy_to,
    )
