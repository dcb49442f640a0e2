"""The official-document frame (GB/T 9704): 版头, title, 主送, body, 附件说明, 落款, attachments and 版记."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    AttachmentStart,
    Block,
    Document,
    Imprint,
    Masthead,
    Signature,
    Title,
)
from inspector.ids import cn_date
from inspector.letters import Letterhead


def official_document(
    letterhead: Letterhead,
    *,
    year: int,
    serial: int,
    title: str,
    addressee: str,
    body: Sequence[Block],
    issued_on: date,
    attachments: Sequence[tuple[str, Sequence[Block]]] = (),
    copy_to: str | None = None,
) -> Document:
    """A 公文 in reading order: the frame around `body`, each attachment on a new page, the 版记 last."""
    if serial < 1:
        raise ValueError(f"document serial must be positive, not {serial}")
    document = Document(title=title.replace("\n", ""), author=letterhead.issuing_office)
    document.add(Masthead(letterhead.issuing_mark, letterhead.number(year, serial)), Title(title), Addressee(addressee))
    document.add(*body)
    if attachments:
        document.add(AttachmentNote(tuple(name.replace("\n", "") for name, _ in attachments)))
    document.add(Signature(letterhead.signature, issued_on))
    numbered = len(attachments) > 1
    for number, (name, blocks) in enumerate(attachments, start=1):
        document.add(AttachmentStart(number, name, numbered=numbered), *blocks)
    document.imprint = Imprint(
        copy_to=letterhead.copy_to if copy_to is None else copy_to,
        printed_by=letterhead.printed_by or letterhead.signature,
        printed_on=issued_on,
    )
    return document


def short_date(day: date | None, year: int | None = None) -> str:
    """A deadline as tables print it: 11月10日 within the document's year, 2027年1月5日 across a year end."""
    if day is None:
        return "—"
    return f"{day.month}月{day.day}日" if day.year == year else cn_date(day)
