"""The rectification notice (整改通知书) to one responsible unit, with the reply slip (整改回执) attached."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.documents.data import NoticeData, NoticeProblem
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
from inspector.documents.official import official_document
from inspector.ids import cn_date
from inspector.letters import DocumentError, Letterhead

REPLY_TITLE = "整改回执"
REPLY_ROW_HEIGHT = 22.0  # mm of blank space per problem for the unit to write in


def notice_title(data: NoticeData) -> str:
    """The notice's title, one line of text: the renderers break it between words into a balanced trapezoid."""
    return f"关于限期整改{data.period_label}文明城市创建督查发现问题的通知"


def _problem(n: int, problem: NoticeProblem) -> Paragraph:
    deadline = f"{cn_date(problem.deadline)}前" if problem.deadline else "立即整改"
    place = f"{problem.district}{problem.street}{problem.site}"
    return Paragraph(
        (
            Run(f"{n}.{place}：", "fangsong"),
            Run(f"{problem.description}（{problem.category}）。整改时限：{deadline}。编号{problem.reference}。"),
        )
    )


def _photos(problems: tuple[NoticeProblem, ...]) -> Iterator[Block]:
    pictures = [
        Picture(photo, f"{n}.{problem.site}（{problem.reference}）")
        for n, problem in enumerate(problems, start=1)
        for photo in problem.photos
    ]
    if pictures:
        yield para("现场照片如下：", keep_with_next=True)
    for start in range(0, len(pictures), 2):
        yield Figure(tuple(pictures[start : start + 2]), slots=2)


def _requirements(data: NoticeData, letterhead: Letterhead, number: str) -> Iterator[Block]:
    report_to = data.report_to or letterhead.signature
    items = (
        ("逐项整改", "请你单位对照上述问题逐项整改，在整改时限内整改到位；一时难以整改到位的，应明确措施和完成时间。"),
        (
            "按时回复",
            f"整改完成后，请在原拍摄位置拍摄整改后照片，填写《{REPLY_TITLE}》（见附件），"
            f"于{cn_date(data.reply_by)}前报送{report_to}。回执请注明本通知文号（{number}）和问题编号。",
        ),
        (
            "跟踪复查",
            f"{letterhead.signature}将对整改情况进行复查。逾期未整改或整改不到位的，按规定加重扣分，并在督查情况通报中点名。",
        ),
    )
    for k, (title, text) in enumerate(items, start=1):
        yield Paragraph((Run(heading_number(2, k) + title + "。", "kai"), Run(text)))
    for line in data.extra:
        yield para(line)
    if data.contact:
        yield para(f"（{data.contact.strip('（）()')}）")


def reply_slip(data: NoticeData, number: str) -> list[Block]:
    """The reply slip: unit and notice number, one row per problem with room to write, signature and date."""
    head = Table(
        (Column("项目", 1, "center"), Column("内容", 3)),
        (("责任单位", data.unit), ("通知文号", number), ("回执报送时限", f"{cn_date(data.reply_by)}前")),
        header=False,
    )
    rows = tuple(
        (str(n), p.reference, f"{p.site}：{p.description}", "", "") for n, p in enumerate(data.problems, start=1)
    )
    problems = Table(
        (
            Column("序号", 0.75, "center"),  # 序号 and an 8-character 编号 each on one line at 12 pt
            Column("编号", 1.4, "center"),
            Column("问题", 3.0),
            Column("整改措施及完成情况", 3.55),
            Column("完成日期", 1.5, "center"),
        ),
        rows,
        min_row_height=REPLY_ROW_HEIGHT,
    )
    blank = "_" * 12
    return [
        head,
        problems,
        para(f"单位负责人（签字）：{blank}　联系电话：{blank}", indent=0),
        para("（单位盖章）　　　　年　　月　　日", indent=0, align="right"),
    ]


def build_notice(data: NoticeData, letterhead: Letterhead) -> Document:
    """The notice as a 公文 addressed to the unit, problems with photos and deadlines, the reply slip attached."""
    if not data.problems:
        raise DocumentError(f"“{data.unit}”在{data.period_label}没有待整改的问题，无需发整改通知书。")
    number = letterhead.number(data.year, data.serial)
    intro = (
        f"{data.period_label}，{letterhead.signature}在文明城市创建督查中发现，由你单位负责的点位存在以下"
        f"{len(data.problems)}个问题。现通知如下："
    )
    body: list[Block] = [para(intro), Heading(1, heading_number(1, 1) + "存在问题")]
    body.extend(_problem(n, problem) for n, problem in enumerate(data.problems, start=1))
    body.extend(_photos(data.problems))
    body.append(Heading(1, heading_number(1, 2) + "整改要求"))
    body.extend(_requirements(data, letterhead, number))
    document = official_document(
        letterhead,
        year=data.year,
        serial=data.serial,
        title=notice_title(data),
        addressee=data.unit,
        body=body,
        issued_on=data.issued_on,
        attachments=[(REPLY_TITLE, reply_slip(data, number))],
        copy_to=data.copy_to,
    )
    document.terms = _names(data)
    return document


def _names(data: NoticeData) -> tuple[str, ...]:
    """The unit, district, street and site names of the notice, which lines keep whole where they can."""
    names = {data.unit}
    for p in data.problems:
        names.update((p.district, p.street, p.site))
    return tuple(sorted(n for n in names if n))
