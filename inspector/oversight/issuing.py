"""Issuing documents for a period: take the number, fill the data from the database, write the file(s).

One call writes one document in one format (a notice without a unit: one file per responsible unit into a
folder). Re-issuing the same document keeps its number (see `numbering`), so writing the PDF and then the DOCX
of one circular gives both the same number.

Each document is written as one job of `numbering`: its number is taken only together with its file, and a kill at
any moment leaves either both or neither. Files are first written in a hidden folder beside the target and then
moved into place. An existing file is never overwritten unless it is this workspace's own unchanged copy of the same
document (a reprint replaces its copy); anything else in the way stops the command before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from inspector import clock, faults, users
from inspector.atomic import fsync_dir
from inspector.changes import NOTHING, OpChanges
from inspector.documents import render_circular, render_exposure, render_notice, write_problem_list
from inspector.errors import InspectorError
from inspector.ids import uuid7
from inspector.letters import DocumentError
from inspector.oversight import numbering, reports
from inspector.oversight.numbering import DocumentNumber, FileConflict
from inspector.periods import Period
from inspector.store import transaction
from inspector.workspace import Workspace

FORMATS = {
    "circular": ("pdf", "docx"),
    "exposure": ("pdf", "docx", "html"),
    "notice": ("pdf", "docx"),
    "problems": ("xlsx",),
}
TITLES = numbering.TITLES
MAX_NAME_BYTES = 200  # a document file's name in UTF-8: leaves room for the temporary names beside it (limit 255)
PART_BYTES = 100  # one part of a name made from data (a unit, a period)
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in "0123456789¹²³"]
)
_FORBIDDEN = frozenset('<>:"/\\|?*')
_INVISIBLE = frozenset(["Cc", "Cf", "Cs", "Zl", "Zp"])  # controls, formatting (e.g. right-to-left overrides)
Progress = Callable[[int, int, str], None]
Render = Callable[[DocumentNumber | None, Path], list[Path]]


@dataclass(frozen=True)
class IssuedDocument:
    """What was written: the files, the numbers they carry, counts, and anything the clerk should know."""

    kind: str
    period: str
    format: str
    files: tuple[Path, ...]
    numbers: tuple[str, ...] = ()
    counts: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    preview: bool = False
    # characters no installed font has (printed as 〓), and the PDF roles served by a font of another style
    missing_glyphs: tuple[str, ...] = ()
    font_substitutes: dict[str, str] = field(default_factory=dict)

    @property
    def changes(self) -> OpChanges:
        """The issued documents (their numbers and files) unless this was a preview, which issues nothing."""
        return NOTHING if self.preview else OpChanges.of("documents")

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form; `counts` is what the document counts (reports.problem_counts: problems, places = 处,
        by_district, by_unit, pending_excluded; notices add units), so a clerk can check the printed figures."""
        return {**self.__dict__, "files": [str(f) for f in self.files], "title": TITLES[self.kind]}


# file names


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _cut(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_name(text: str, *, max_bytes: int = PART_BYTES) -> str:
    """A readable file-name form of a name (a unit, a period) that every common file system accepts.

    Characters Windows forbids (<>:"/\\|?*) and invisible ones (controls, formatting marks) become "_", leading
    and trailing dots and spaces go, device names (CON, NUL, COM1…) get a leading "_", and the result is cut to
    `max_bytes` of UTF-8. Whenever anything had to change, "-" and 8 hex digits of the name's SHA-256 are added, so
    "城管/执法" and "城管:执法" give two different names; the same name always gives the same result.
    """
    cleaned = "".join("_" if ch in _FORBIDDEN or unicodedata.category(ch) in _INVISIBLE else ch for ch in text)
    cleaned = re.sub(r"_{2,}", "_", cleaned).strip(" ._")
    if cleaned.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    if cleaned and cleaned == text and len(text.encode("utf-8")) <= max_bytes:
        return text
    suffix = "-" + _short_hash(text)
    return (_cut(cleaned, max_bytes - len(suffix)).rstrip(" .") or "未命名") + suffix


def notice_file_name(unit: str, period: Period, fmt: str, *, part: str | None = None) -> str:
    """The file a unit's notice gets in a folder of notices, e.g. 整改通知书-城市管理局-2026年11月.pdf."""
    return f"{TITLES['notice']}-{part or safe_name(unit)}-{safe_name(period.label)}.{fmt}"


def distinct_names(names: list[str]) -> dict[str, str]:
    """Each name's file-name part: `safe_name`, plus the name's hash where two parts would be one file on a disk
    that ignores case or Unicode form (Windows, macOS), e.g. units "ABC" and "Abc"."""

    def key(part: str) -> str:
        return unicodedata.normalize("NFC", part).casefold()

    parts = {name: safe_name(name) for name in names}
    seen = Counter(key(part) for part in parts.values())
    return {name: part if seen[key(part)] == 1 else f"{part}-{_short_hash(name)}" for name, part in parts.items()}


def _check_name(target: Path) -> None:
    size = len(target.name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise InspectorError(f"文件名“{target.name}”太长（{size} 字节，最多 {MAX_NAME_BYTES}），请用短一些的名字")


# writing


def _check(kind: str, fmt: str) -> None:
    if kind not in FORMATS:
        raise InspectorError(f"文书种类应为 {'、'.join(FORMATS)}，而不是“{kind}”")
    if fmt not in FORMATS[kind]:
        raise DocumentError(f"{TITLES[kind]}可以导出为 {'、'.join(FORMATS[kind])}，不支持“{fmt}”")


def _pending(scope: reports.DocumentScope) -> list[str]:
    if not scope.pending:
        return []
    return [
        f"{scope.period.label}还有 {scope.pending} 个问题未审核，未列入通报、曝光台、整改通知书和问题清单，也不计入排名"
    ]


def _place(staged: Path, final: Path, *, replace: bool) -> None:
    """Move a finished file into place: over this workspace's own earlier copy, or only where nothing is."""
    _move(staged, final, replace=replace)
    fsync_dir(final.parent, quiet=True)


def _move(staged: Path, final: Path, *, replace: bool) -> None:
    if replace:
        os.replace(staged, final)
        return
    try:
        os.link(staged, final)  # fails rather than overwrite
    except FileExistsError:
        raise FileConflict(f"“{final}”在写出时被别的程序建立了，未覆盖") from None
    except OSError:  # no hard links on this file system (FAT USB sticks, some network shares)
        if os.path.lexists(final):
            raise FileConflict(f"“{final}”在写出时被别的程序建立了，未覆盖") from None
        os.rename(staged, final)
        return
    staged.unlink()


def _unwritable(path: Path, exc: OSError) -> InspectorError:
    fault = faults.explain(exc, path=path)
    if fault is not None and fault.kind in ("full", "readonly", "io"):  # (no permission: often Word has it open)
        return InspectorError(f"{fault} 文书没有写出，也没有占用文号。")
    return InspectorError(
        f"无法写出“{path}”：{exc.strerror or exc}（文件是否正在被 Word 等程序打开？文件夹能否写入？磁盘是否已满？）"
    )


@dataclass
class _Writer:
    """Writes the documents of one `issue` call, each as one numbering job."""

    ws: Workspace
    period: Period
    fmt: str
    new: bool
    preview: bool
    issued_on: date
    actor: str

    def number(self, conn: Any, kind: str, unit: str, job: str) -> DocumentNumber | None:
        """The number a document carries (a preview's is only shown); None for the problem list."""
        if kind not in numbering.KINDS:
            return None
        if self.preview:
            return numbering.peek_number(
                conn, kind, period=self.period.text, issued_on=self.issued_on, unit=unit, new=self.new
            )
        return numbering.reserve_number(
            conn, kind, period=self.period.text, issued_on=self.issued_on, unit=unit, new=self.new, actor=self.actor,
            job=job,
        )  # fmt: skip

    def check(self, kind: str, targets: dict[str, Path]) -> None:
        """Before anything is written: every target is free or holds its own document's earlier copy."""
        problems = []
        for unit, target in targets.items():
            _check_name(target)
            if target.is_dir():
                raise InspectorError(f"“{target}”是一个文件夹：请给出文件名，如 {target / ('文书.' + self.fmt)}")
            number = None
            if kind in numbering.KINDS and not self.preview:
                number = numbering.peek_number(
                    self.ws.db, kind, period=self.period.text, issued_on=self.issued_on, unit=unit, new=self.new
                )
            try:
                numbering.claim(self.ws.db, target, kind=kind, period=self.period.text, unit=unit, number=number)
            except FileConflict as exc:
                problems.append(str(exc))
        if len(problems) == 1:
            raise FileConflict(f"{problems[0]}；没有写出任何文件：请换一个文件名或文件夹")
        if problems:
            raise FileConflict(
                f"{len(problems)} 个文件已经存在，未覆盖，没有写出任何文件：请换一个文件夹\n" + "\n".join(problems)
            )

    def write(self, kind: str, unit: str, target: Path, render: Render) -> tuple[list[Path], DocumentNumber | None]:
        """Take the number (if any) and write the document's file(s) as one job; returns the files and the number."""
        ws, period = self.ws, self.period.text
        job = uuid7()
        for folder in (target.parent, *target.parent.parents):
            if folder.exists() and not folder.is_dir():
                raise InspectorError(f"“{folder}”是一个文件，不是文件夹：请把文书写到别处")
            if folder.exists():
                break
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _unwritable(target.parent, exc) from exc
        with numbering.issuing_lock(ws.path):
            numbering.settle(ws.db)
            with transaction(ws.db) as conn:
                made = self.number(conn, kind, unit, job)
                carried = None if self.preview else made
                own = numbering.claim(conn, target, kind=kind, period=period, unit=unit, number=carried)
                numbering.add_file(
                    conn, job, target, kind=kind, period=period, unit=unit, fmt=self.fmt, number=carried, main=True
                )
            staging = numbering.staging_dir(target, job)
            try:
                staging.mkdir()
                staged = render(made, staging / target.name)
                finals = [target.parent / path.name for path in staged]
                moves = []
                with transaction(ws.db) as conn:
                    for path, final in zip(staged, finals, strict=True):
                        sha = numbering.file_sha256(path) or ""
                        if final == target:
                            numbering.set_hash(conn, job, target, sha)
                            continue
                        mine = numbering.claim(conn, final, kind=kind, period=period, unit=unit, number=carried)
                        numbering.add_file(
                            conn, job, final, kind=kind, period=period, unit=unit, fmt=final.suffix.lstrip("."),
                            number=carried, main=False, sha256=sha,
                        )  # fmt: skip
                        moves.append((path, final, mine))
                for path, final, mine in moves:  # pictures first: the page never shows a missing picture
                    _place(path, final, replace=mine)
                _place(staging / target.name, target, replace=own)
                shutil.rmtree(staging, ignore_errors=True)
                numbering.complete(ws.db, job)
            except BaseException as exc:
                with suppress(Exception):  # whatever settling cannot do now, the next job does
                    numbering.settle(ws.db, job=job)
                if isinstance(exc, OSError):
                    raise _unwritable(target, exc) from exc
                raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return finals, made


def issue(
    ws: Workspace,
    kind: str,
    period: Period,
    *,
    fmt: str,
    out: Path | str,
    unit: str | None = None,
    today: date | None = None,
    issued_on: date | None = None,
    new_number: bool = False,
    preview: bool = False,
    actor: str | None = None,
    addressees: str | None = None,
    copy_to: str | None = None,
    progress: Progress | None = None,
) -> IssuedDocument:
    """Write one document for a period: circular, exposure, notice (one unit, or every unit into a folder), problems.

    `preview` writes the file without reserving its number; `new_number` takes a new number instead of the one
    an earlier issue of the same document got. `addressees` (circular) and `copy_to` (circular, notices) replace
    the defaults (各区创文办，市直各有关单位 and the letterhead's 抄送); blank means the default. A file already at
    the target is replaced only when it is this workspace's unchanged copy of the same document (FileConflict else).
    `actor` is the person recorded with the number: a clerk once the office has users (anyone for a preview or the
    problem list, which take no number; see `users.require`).
    """
    _check(kind, fmt)
    issued_on = issued_on or clock.today()
    today = today or issued_on
    target = Path(os.path.abspath(out))
    photos = reports.PhotoCopies(ws)
    scope = reports.document_scope(ws.db, period, today=today)
    warnings = _pending(scope)
    numbered = kind in numbering.KINDS and not preview
    who = users.require(ws.db, actor, "issue" if numbered else "preview")
    writer = _Writer(ws, period, fmt, new_number, preview, issued_on, who)
    head = numbering.letterhead(ws.db)
    counts: dict[str, Any] = scope.counts()
    glyphs: set[str] = set()
    if kind == "notice":
        files, numbers, counts = _notices(ws, writer, target, unit, scope, photos, progress, _copy(copy_to), glyphs)
        return _with_fonts(
            IssuedDocument(
                kind, period.text, fmt, tuple(files), tuple(numbers), counts, tuple(warnings + photos.warnings), preview
            ),
            glyphs | photos.missing_glyphs,
        )
    writer.check(kind, {"": target})
    if kind == "problems":
        rows = reports.problem_rows(scope.problems)
        files, made = writer.write(
            kind, "", target, lambda _made, path: [write_problem_list(rows, path, title=f"{period.label}问题清单")]
        )
    elif kind == "circular":

        def circular(made: DocumentNumber | None, path: Path) -> list[Path]:
            assert made is not None
            data = reports.circular_data(
                ws, period, year=made.year, serial=made.serial, issued_on=issued_on, today=today, photos=photos,
                scope=scope,
            )  # fmt: skip
            data = replace(data, addressees=(addressees or "").strip() or data.addressees, copy_to=_copy(copy_to))
            report = render_circular(data, head, path, fmt)
            glyphs.update(report.missing_glyphs)
            return [report.path]

        files, made = writer.write(kind, "", target, circular)
    else:
        sheet = reports.exposure_sheet(
            ws, period, issue=None, issued_on=issued_on, today=today, photos=photos, scope=scope
        )
        if not sheet.entries and photos.warnings:  # approved problems whose photos nobody has looked at (yet)
            raise DocumentError(f"{period.label}同意曝光的问题都没有可发布的照片：" + "；".join(photos.warnings))
        if not sheet.entries:
            raise DocumentError(f"{period.label}没有同意曝光的问题：请先在审核中把问题标记为“可曝光”。")

        def exposure(made: DocumentNumber | None, path: Path) -> list[Path]:
            assert made is not None
            report = render_exposure(replace(sheet, issue=made.serial), head, path, fmt)
            glyphs.update(report.missing_glyphs)
            return list(report.files or [report.path])

        files, made = writer.write(kind, "", target, exposure)
        shown = {e.reference for e in sheet.entries}
        exposed = [p for p in scope.problems if p.reference in shown]
        counts = reports.problem_counts(exposed, pending_excluded=scope.pending)
    numbers = (made.number,) if made is not None else ()
    notes = tuple(warnings + photos.warnings)
    document = IssuedDocument(kind, period.text, fmt, tuple(files), numbers, counts, notes, preview)
    return _with_fonts(document, glyphs | photos.missing_glyphs)


def _with_fonts(document: IssuedDocument, glyphs: set[str]) -> IssuedDocument:
    """The document with the characters no font had and, for a PDF, the roles whose font was a stand-in."""
    substitutes: dict[str, str] = {}
    if document.format == "pdf":
        from inspector.documents.fontset import shared_fonts  # reportlab: loaded only for PDFs

        substitutes = shared_fonts().substitutes()
    return replace(document, missing_glyphs=tuple(sorted(glyphs)), font_substitutes=substitutes)


def _copy(copy_to: str | None) -> str | None:
    """The 抄送 line to print: None (the letterhead's) when none was given."""
    return copy_to.strip() if copy_to and copy_to.strip() else None


def _notices(
    ws: Workspace,
    writer: _Writer,
    target: Path,
    unit: str | None,
    scope: reports.DocumentScope,
    photos: reports.PhotoCopies,
    progress: Progress | None,
    copy_to: str | None,
    glyphs: set[str],
) -> tuple[list[Path], list[str], dict[str, Any]]:
    period = writer.period
    by_unit = reports.notice_problems(ws.db, period, today=scope.today, scope=scope)
    if unit is not None:
        if unit not in by_unit:
            raise DocumentError(f"“{unit}”在{period.label}没有待整改的已确认问题，无需发整改通知书。")
        chosen = {unit: by_unit[unit]}
        paths = {unit: target / notice_file_name(unit, period, writer.fmt) if target.is_dir() else target}
    else:
        if not by_unit:
            raise DocumentError(f"{period.label}没有待整改的已确认问题，无需发整改通知书。")
        if target.exists() and not target.is_dir():
            raise InspectorError(f"“{target}”是一个文件：不指定 --unit 时请给一个文件夹，每个责任单位一个文件")
        chosen = by_unit
        parts = distinct_names(list(by_unit))
        paths = {name: target / notice_file_name(name, period, writer.fmt, part=parts[name]) for name in by_unit}
    writer.check("notice", paths)
    head = numbering.letterhead(ws.db)
    files, numbers = [], []
    for n, (name, problems) in enumerate(chosen.items()):
        if progress:
            progress(n, len(chosen), name)

        def notice(made: DocumentNumber | None, path: Path, name: str = name, problems: Any = problems) -> list[Path]:
            assert made is not None
            data = reports.notice_data(
                ws, period, name, problems, year=made.year, serial=made.serial, issued_on=writer.issued_on,
                photos=photos,
            )  # fmt: skip
            report = render_notice(replace(data, copy_to=copy_to), head, path, writer.fmt)
            glyphs.update(report.missing_glyphs)
            return [report.path]

        written, made = writer.write("notice", name, paths[name], notice)
        files.extend(written)
        numbers.append(made.number if made else "")
    if progress:
        progress(len(chosen), len(chosen), "完成")
    noticed = [p for problems in chosen.values() for p in problems]
    counts = reports.problem_counts(noticed, pending_excluded=scope.pending)
    return files, numbers, {"units": len(chosen), **counts}
