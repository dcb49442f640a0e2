"""Document numbers (发文字号) kept per year in the office database, and the files that carry them.

Circulars and rectification notices carry the letterhead's number prefix (云创文办〔2026〕12号) and so share one
series: two documents never carry the same number. Exposure sheets are numbered as issues (第N期) in their own
series. Serials restart at 1 each year (the year the document is issued). Issuing the same document again (same
kind, period and unit) keeps its number unless a new one is asked for, so a re-print leaves no gap.

A number is taken only together with its file. Writing one document is one *job*, run under the workspace's
issuing lock (one job at a time; the operating system drops the lock when a process dies): the number is reserved
as pending with the file it is meant for, the file is written beside its target and its SHA-256 recorded, the
file is put in place, and only then are number and file marked issued. A job that did not finish (a killed
process, a crash, a power cut) is settled by whoever takes the lock next: when its file is in place with the
recorded hash the job is complete, otherwise its number is released for the next document. So no number is lost
with no document, and no file carries a number the database does not know.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import forms
from inspector.errors import InspectorError
from inspector.ids import to_iso, utc_now
from inspector.letters import Letterhead
from inspector.periods import parse_period
from inspector.store import get_setting, transaction

KINDS = {"circular": "督查情况通报", "exposure": "曝光台", "notice": "整改通知书"}
TITLES = {**KINDS, "problems": "问题清单"}
EXPOSURE_SERIES = "曝光台"
LOCK_FILE = ".issuing.lock"
LOCK_WAIT = 120.0  # seconds to wait while another clerk's job holds the issuing lock


class IssuingBusy(InspectorError):
    """Another process kept the issuing lock longer than we could wait."""


class FileConflict(InspectorError):
    """A file is in the way that this document must not replace."""


@dataclass(frozen=True)
class DocumentNumber:
    """A number given to one issued document (with the files written for it, when listed)."""

    kind: str
    series: str
    year: int
    serial: int
    number: str
    period: str
    unit: str
    issued_on: date
    reserved: bool = True  # False for a preview: the number is what the next issue would get
    files: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int, int]:
        """What identifies the number: series, year and serial."""
        return (self.series, self.year, self.serial)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def letterhead(db: Any) -> Letterhead:
    """The workspace's letterhead setting (copied from forms/letterhead.yaml), or the shipped one."""
    setting = get_setting(db, "letterhead")
    if setting is None:
        setting = forms.read_yaml_mapping(forms.form_path(forms.LETTERHEAD_FILE))
    return Letterhead.from_setting(setting)


def _series(kind: str, head: Letterhead) -> str:
    if kind not in KINDS:
        raise InspectorError(f"文书种类应为 circular、exposure 或 notice，而不是“{kind}”")
    return EXPOSURE_SERIES if kind == "exposure" else head.number_prefix


def _text(kind: str, head: Letterhead, year: int, serial: int) -> str:
    return f"第{serial}期" if kind == "exposure" else head.number(year, serial)


def _row(row: tuple, files: tuple[str, ...] = ()) -> DocumentNumber:
    kind, series, year, serial, number, period, unit, issued_on = row
    return DocumentNumber(kind, series, year, serial, number, period, unit, date.fromisoformat(issued_on), files=files)


_COLUMNS = "kind, series, year, serial, number, period, unit, issued_on"
_AGAIN = (
    f"SELECT {_COLUMNS} FROM document_numbers WHERE kind = ? AND period = ? AND unit = ? AND state = 'issued'"
    " ORDER BY year DESC, serial DESC"
)
_FOLLOWING = "SELECT COALESCE(MAX(serial), 0) + 1 FROM document_numbers WHERE series = ? AND year = ?"


def peek_number(
    db: Any, kind: str, *, period: str, issued_on: date, unit: str = "", new: bool = False
) -> DocumentNumber:
    """The number a document would carry, reserving nothing: its issued number when re-issued, else the next serial.

    `db` is a Database or a connection inside a transaction.
    """
    head = letterhead(db)
    row = None if new else db.execute(_AGAIN, [kind, period, unit]).fetchone()
    if row is not None:
        return _row(row)
    series, year = _series(kind, head), issued_on.year
    serial = db.execute(_FOLLOWING, [series, year]).fetchone()[0]
    return DocumentNumber(kind, series, year, serial, _text(kind, head, year, serial), period, unit, issued_on, False)


def reserve_number(
    conn: sqlite3.Connection,
    kind: str,
    *,
    period: str,
    issued_on: date,
    unit: str,
    new: bool,
    actor: str,
    job: str,
) -> DocumentNumber:
    """Inside an open transaction: the document's issued number when re-issued, else the next serial held for `job`.

    A new serial stays 'pending' until `complete(job)`; `settle` releases it if the job never finishes.
    """
    made = peek_number(conn, kind, period=period, issued_on=issued_on, unit=unit, new=new)
    if made.reserved:  # issued before: re-issuing keeps the number
        return made
    conn.execute(
        "INSERT INTO document_numbers (series, year, serial, kind, number, period, unit, issued_on, actor,"
        " recorded_at, state, job) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        [*made.key, kind, made.number, period, unit, issued_on.isoformat(), actor, to_iso(utc_now()), job],
    )
    return DocumentNumber(kind, made.series, made.year, made.serial, made.number, period, unit, issued_on)


def list_numbers(db: sqlite_utils.Database, *, year: int | None = None) -> list[DocumentNumber]:
    """Numbers issued, newest first (optionally of one year), each with the files now recorded at their paths."""
    where, params = ("AND year = ?", [year]) if year else ("", [])
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM document_numbers WHERE state = 'issued' {where} ORDER BY year DESC, rowid DESC",
        params,
    ).fetchall()
    files: dict[tuple[str, int, int], list[str]] = {}
    for series, year_, serial, path in db.execute(
        "SELECT f.series, f.year, f.serial, f.path FROM document_files f WHERE f.state = 'written' AND f.main = 1"
        " AND f.series IS NOT NULL AND f.id = (SELECT MAX(g.id) FROM document_files g"
        " WHERE g.path = f.path AND g.state = 'written') ORDER BY f.id"
    ):
        files.setdefault((series, year_, serial), []).append(path)
    return [_row(row, tuple(files.get((row[1], row[2], row[3]), ()))) for row in rows]


# the issuing lock


@contextmanager
def issuing_lock(folder: Path | str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the workspace's issuing lock: one job at a time, dropped by the operating system if the process dies.

    The lock is an exclusive transaction on a small side file (`.issuing.lock`), which SQLite locks the same way
    on Linux, macOS and Windows. Waits up to `wait` seconds (default LOCK_WAIT), then IssuingBusy.
    """
    conn = sqlite3.connect(str(Path(folder) / LOCK_FILE), timeout=LOCK_WAIT if wait is None else wait)
    conn.isolation_level = None
    try:
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise IssuingBusy("另一份文书正在生成（文号登记被占用），请稍后再试") from None
            raise InspectorError(f"无法打开文号登记锁文件“{Path(folder) / LOCK_FILE}”：{exc}") from None
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


# the files written for documents


@dataclass(frozen=True)
class FileRecord:
    """One file the workspace wrote for a document, as recorded."""

    path: str
    kind: str
    period: str
    unit: str
    number: tuple[str, int, int] | None
    sha256: str | None


def file_sha256(path: Path | str) -> str | None:
    """The SHA-256 of a regular file's bytes, or None when there is no readable regular file."""
    digest = hashlib.sha256()
    if not Path(path).is_file():  # never open a folder, a device or a pipe
        return None
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def recorded_file(db: Any, path: Path | str) -> FileRecord | None:
    """The last file written at a path by this workspace, or None."""
    row = db.execute(
        "SELECT path, kind, period, unit, series, year, serial, sha256 FROM document_files"
        " WHERE path = ? AND state = 'written' ORDER BY id DESC LIMIT 1",
        [str(path)],
    ).fetchone()
    if row is None:
        return None
    path_, kind, period, unit, series, year, serial, sha = row
    return FileRecord(path_, kind, period, unit, None if series is None else (series, year, serial), sha)


def _describe(record: FileRecord, db: Any) -> str:
    number = ""
    if record.number is not None:
        found = db.execute(
            "SELECT number FROM document_numbers WHERE series = ? AND year = ? AND serial = ?", list(record.number)
        ).fetchone()
        number = f"，{found[0]}" if found else ""
    unit = f"，{record.unit}" if record.unit else ""
    try:
        period = parse_period(record.period).label
    except InspectorError:
        period = record.period
    return f"{TITLES.get(record.kind, record.kind)}（{period}{unit}{number}）"


def claim(db: Any, path: Path, *, kind: str, period: str, unit: str, number: DocumentNumber | None) -> bool:
    """May a document's file be written at `path`? False: nothing is there; True: it replaces its own earlier copy.

    A file already at the path is replaced only when it is this workspace's copy of the same document (kind,
    period, unit), unchanged since it was written, and carries no other number than `number` (previews and
    problem lists carry none). Anything else raises FileConflict naming what is there; nothing is overwritten.
    """
    if not path.exists() and not path.is_symlink():
        return False
    if path.is_dir():
        raise FileConflict(f"“{path}”是一个文件夹，请给出文件名")
    record = recorded_file(db, path)
    if record is None or path.is_symlink() or not path.is_file():
        raise FileConflict(f"“{path}”已经存在，不是本工作区写出的文书，未覆盖")
    if file_sha256(path) != record.sha256:
        raise FileConflict(f"“{path}”已经存在，写出后被改动过，未覆盖")
    if (record.kind, record.period, record.unit) != (kind, period, unit):
        raise FileConflict(f"“{path}”是另一份文书：{_describe(record, db)}，未覆盖")
    if record.number is not None and (number is None or record.number != number.key):
        if number is None:
            raise FileConflict(f"“{path}”是已发文的{_describe(record, db)}，预览不能代替它，未覆盖")
        raise FileConflict(f"“{path}”是{_describe(record, db)}，新文号的文书不能代替旧文号的文件，未覆盖")
    return True


def add_file(
    conn: sqlite3.Connection,
    job: str,
    path: Path,
    *,
    kind: str,
    period: str,
    unit: str,
    fmt: str,
    number: DocumentNumber | None,
    main: bool,
    sha256: str | None = None,
) -> None:
    """Inside an open transaction: record a file `job` is about to put in place (pending until `complete`)."""
    key = number.key if number is not None else (None, None, None)
    conn.execute(
        "INSERT INTO document_files (job, path, main, kind, period, unit, format, series, year, serial, sha256, state,"
        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        [job, str(path), int(main), kind, period, unit, fmt, *key, sha256, to_iso(utc_now())],
    )


def set_hash(conn: sqlite3.Connection, job: str, path: Path, sha256: str) -> None:
    """Inside an open transaction: the SHA-256 of the file `job` is about to put at `path`."""
    conn.execute("UPDATE document_files SET sha256 = ? WHERE job = ? AND path = ?", [sha256, job, str(path)])


def complete(db: sqlite_utils.Database, job: str) -> None:
    """A job's files are all in place: they are written and its number is issued."""
    with transaction(db) as conn:
        conn.execute("UPDATE document_files SET state = 'written' WHERE job = ?", [job])
        conn.execute("UPDATE document_numbers SET state = 'issued' WHERE job = ? AND state = 'pending'", [job])


def staging_dir(target: Path, job: str) -> Path:
    """The hidden folder beside a target where `job` writes before putting files in place."""
    return target.parent / f".{job}.part"


def settle(db: sqlite_utils.Database, *, job: str | None = None) -> list[str]:
    """Finish or undo jobs that did not complete (all of them, or one); call it holding the issuing lock.

    A job whose document file is in place with its recorded hash is complete (its number issued); otherwise its
    number is released and its records dropped, except for files that are in place (pictures beside a page),
    which stay recorded as this workspace's, carrying no number. A job whose folder cannot be reached now (a USB
    stick taken out) is left for later, so its number is never given twice. Returns what happened, one line a job.
    """
    where, params = ("AND job = ?", [job]) if job else ("", [])
    jobs = [
        row[0]
        for row in db.execute(
            f"SELECT job FROM document_files WHERE state = 'pending' {where}"
            f" UNION SELECT job FROM document_numbers WHERE state = 'pending' {where}",
            params * 2,
        )
    ]
    done: list[str] = []
    for name in jobs:
        files = db.execute(
            "SELECT id, path, main, sha256 FROM document_files WHERE job = ? AND state = 'pending'", [name]
        ).fetchall()
        if any(not Path(path).parent.is_dir() for _id, path, _main, _sha in files):
            continue
        placed = {id_ for id_, path, _main, sha in files if sha is not None and file_sha256(path) == sha}
        issued = any(main and id_ in placed for id_, _path, main, _sha in files)
        number = db.execute(
            "SELECT number FROM document_numbers WHERE job = ? AND state = 'pending'", [name]
        ).fetchone()
        with transaction(db) as conn:
            for id_, _path, _main, _sha in files:
                if id_ not in placed:
                    conn.execute("DELETE FROM document_files WHERE id = ?", [id_])
                elif issued:
                    conn.execute("UPDATE document_files SET state = 'written' WHERE id = ?", [id_])
                else:
                    conn.execute(
                        "UPDATE document_files SET state = 'written', series = NULL, year = NULL, serial = NULL"
                        " WHERE id = ?",
                        [id_],
                    )
            if issued:
                conn.execute("UPDATE document_numbers SET state = 'issued' WHERE job = ?", [name])
            else:
                conn.execute("DELETE FROM document_numbers WHERE job = ? AND state = 'pending'", [name])
        for folder in {Path(path).parent for _id, path, _main, _sha in files}:
            shutil.rmtree(folder / f".{name}.part", ignore_errors=True)
        if number is not None:
            done.append(f"{number[0]}：{'文件已写好，登记为已发文' if issued else '文件没有写成，文号收回'}")
    return done
