"""SQLite payloads: made with VACUUM INTO; opened from untrusted files read-only with defensive settings.

Opening follows step 8 of the reference: header checks before SQLite sees the file (no free pages: a payload
made by VACUUM INTO has none), a read-only immutable connection never attached to a workspace, trusted_schema
off, limits, triggers and views off (setconfig on Python >= 3.12, an authorizer on 3.11), a progress budget,
the exact schema, and only then quick_check.

The order matters: quick_check compiles and evaluates the expressions a schema may carry (generated columns;
CHECK constraints and index expressions too, in newer SQLite), so against an attacker's schema it would spend
CPU far beyond the file's size, much of it inside single instructions or while compiling, where no progress
handler can stop it. Reading sqlite_schema parses the CREATE statements but evaluates nothing; once their text
is exactly ours, which holds no expression at all, quick_check is linear in the file.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from inspector.envelope import SQLITE_MAGIC, Refusal, describe

MAX_VALUE_BYTES = 4 * 1024 * 1024  # any text or blob read through SQL; photos are read by incremental blob I/O
MAX_PROGRAM_OPS = 100_000  # VDBE instructions in one prepared statement: ours need under a thousand
PROGRESS_STEP = 1000
_BASE_BUDGET = 20_000  # progress calls (x PROGRESS_STEP VM instructions) allowed for any payload
_BUDGET_PER_BYTE = 0.05

_READ_ONLY_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_ALLOWED_PRAGMAS = {"quick_check"}
_SHOWN_NAMES = 5  # schema object names quoted in a refusal
_DBCONFIG_OFF = (
    "SQLITE_DBCONFIG_ENABLE_TRIGGER",
    "SQLITE_DBCONFIG_ENABLE_VIEW",
    "SQLITE_DBCONFIG_TRUSTED_SCHEMA",
    "SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION",
    "SQLITE_DBCONFIG_DQS_DDL",
    "SQLITE_DBCONFIG_DQS_DML",
)


Column = tuple[str, str, bool]  # name, SQL type (TEXT, INTEGER, REAL, BLOB), nullable
_PY_TYPES: dict[str, type] = {"TEXT": str, "INTEGER": int, "REAL": float, "BLOB": bytes}


def schema_sql(tables: tuple[tuple[str, tuple[Column, ...], str], ...]) -> str:
    """CREATE TABLE statements for (table, columns, primary key) triples: tables only, keys only."""
    statements = []
    for table, cols, key in tables:
        body = ", ".join(f"{name} {kind}{'' if nullable else ' NOT NULL'}" for name, kind, nullable in cols)
        statements.append(f"CREATE TABLE {table} ({body}, PRIMARY KEY ({key}))")
    return ";\n".join(statements) + ";"


def row_checker(table: str, cols: tuple[Column, ...]) -> Callable[[tuple], None]:
    """A function that refuses a row whose values are not exactly of the declared Python types (REAL: finite)."""
    spec = [(name, _PY_TYPES[kind], nullable) for name, kind, nullable in cols]
    allowed = frozenset(itertools.product(*[(kind, type(None)) if nullable else (kind,) for _, kind, nullable in spec]))
    reals = [i for i, (_, kind, _) in enumerate(spec) if kind is float]

    def check(row: tuple) -> None:
        if tuple(map(type, row)) in allowed:  # the fast path: every value of its declared type (or NULL)
            for i in reals:  # SQLite keeps infinities (a NaN reads back as NULL)
                if row[i] is not None and not math.isfinite(row[i]):
                    raise Refusal("bad_row", f"数据表 {table} 的列 {spec[i][0]} 不是有限的数值")
            return
        for value, (name, kind, nullable) in zip(row, spec, strict=True):
            if value is None:
                if not nullable:
                    raise Refusal("bad_row", f"数据表 {table} 的列 {name} 不应为空")
            elif type(value) is not kind:
                raise Refusal("bad_row", f"数据表 {table} 的列 {name} 类型不对（{type(value).__name__}）")

    return check


@dataclass(frozen=True)
class PayloadSchema:
    """The exact set of tables a payload of one kind holds, and the ids written into its header."""

    name: str
    sql: str
    application_id: int
    user_version: int

    @cached_property
    def objects(self) -> frozenset[tuple[str, str, str, str | None]]:
        """(type, name, tbl_name, sql) of every schema object, as SQLite itself records them."""
        conn = sqlite3.connect(":memory:")
        try:
            conn.executescript(self.sql)
            return frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema"))
        finally:
            conn.close()


def create_payload(path: Path, schema: PayloadSchema) -> sqlite3.Connection:
    """A new, empty payload database under construction (journal off: it is a scratch file until VACUUM INTO)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(f"PRAGMA application_id = {int(schema.application_id)}")
    conn.execute(f"PRAGMA user_version = {int(schema.user_version)}")
    conn.executescript(schema.sql)
    return conn


def vacuum_into(conn: sqlite3.Connection, schema_name: str, target: Path) -> None:
    """Write a compact rollback-journal copy of one attached (or main) database to `target`."""
    conn.execute(f"VACUUM {schema_name} INTO ?", [str(target)])


# ---------------------------------------------------------------- header


def check_header(path: Path, schema: PayloadSchema) -> int:
    """Check the 100-byte SQLite header against the file before SQLite parses anything; returns the page count."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        raise Refusal("not_sqlite", "数据包中的数据不是 SQLite 数据库（文件头不符）")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise Refusal("not_sqlite", f"数据包的页大小 {page_size} 无效")
    if header[18] != 1 or header[19] != 1:
        raise Refusal("wal", "数据包的数据库处于 WAL 模式（文件头第 18/19 字节不是 1），不是由导出程序生成的")
    if header[20] != 0 or header[21:24] != b"\x40\x20\x20":
        raise Refusal("not_sqlite", "数据包的数据库文件头含有不支持的设置")
    pages, change, valid_for = struct.unpack(">I", header[28:32])[0], header[24:28], header[92:96]
    if change != valid_for or pages * page_size != size or pages == 0:
        raise Refusal("not_sqlite", "数据包的数据库长度与文件头记录的页数不符（文件被截断或拼接）")
    if struct.unpack(">I", header[44:48])[0] != 4 or struct.unpack(">I", header[56:60])[0] != 1:
        raise Refusal("not_sqlite", "数据包的数据库格式或文本编码不是导出程序使用的格式")
    trunk, free = struct.unpack(">II", header[32:40])
    if trunk or free:
        raise Refusal(
            "hidden_data",
            f"数据包的数据库含有空闲页（文件头记录 {free} 页）：导出程序生成的数据库没有空闲页，"
            "空闲页里的内容不经任何校验，可能夹带了其他数据，已拒收",
        )
    if any(header[72:92]):
        raise Refusal("hidden_data", "数据包的数据库文件头保留区（第 72-91 字节）不为零，不是由导出程序生成的")
    if (
        struct.unpack(">I", header[68:72])[0] != schema.application_id
        or struct.unpack(">I", header[60:64])[0] != schema.user_version
    ):
        raise Refusal("schema", f"数据包不是{schema.name}（应用标识或结构版本不符）")
    return pages


# ---------------------------------------------------------------- opening


def _authorizer(action: int, arg1: str | None, arg2: str | None, dbname: str | None, source: str | None) -> int:
    """Allow plain reads only, and nothing at all from inside a trigger or view."""
    if source is not None:
        return sqlite3.SQLITE_DENY
    if action in _READ_ONLY_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1 in _ALLOWED_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


class Budget:
    """A progress-handler budget: a statement over budget is interrupted and the payload refused."""

    def __init__(self, calls: int):
        self.left = calls
        self.exhausted = False

    def __call__(self) -> int:
        self.left -= 1
        if self.left < 0:
            self.exhausted = True
            return 1
        return 0


@dataclass
class OpenPayload:
    """A defensively opened payload: its connection, its budget and its size in bytes."""

    conn: sqlite3.Connection
    budget: Budget
    path: Path
    size: int

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def _defend(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")
    conn.execute("PRAGMA query_only = ON")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 100)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, 100)
    conn.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1)
    conn.setlimit(sqlite3.SQLITE_LIMIT_VDBE_OP, MAX_PROGRAM_OPS)  # preparing is not under the progress budget
    if hasattr(conn, "setconfig"):  # Python >= 3.12
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        for name in _DBCONFIG_OFF:
            if hasattr(sqlite3, name):
                conn.setconfig(getattr(sqlite3, name), False)
    conn.set_authorizer(_authorizer)


def open_payload(path: Path, schema: PayloadSchema) -> OpenPayload:
    """Open an untrusted payload read-only with every defence on; Refusal when it is not what `schema` describes.

    Every statement runs under one progress budget sized from the file: the schema read, quick_check (its row
    checks call the progress handler; its b-tree walk reads each page once) and every later read of the rows.
    """
    check_header(path, schema)
    size = path.stat().st_size
    budget = Budget(int(_BASE_BUDGET + size * _BUDGET_PER_BYTE))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise Refusal("not_sqlite", f"无法打开数据包中的数据库（{describe(exc)}）") from None
    try:
        _defend(conn)
        conn.set_progress_handler(budget, PROGRESS_STEP)
        _check_schema(conn, schema)  # before anything that could evaluate an expression of the file's schema
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            first = str(rows[0][0])[:200] if rows else "无结果"
            raise Refusal("corrupt", f"数据包中的数据库已损坏（quick_check：{first}）")
    except Refusal:
        conn.close()
        raise
    except Exception as exc:
        conn.close()
        raise as_refusal(exc, budget) from None
    return OpenPayload(conn, budget, path, size)


def _check_schema(conn: sqlite3.Connection, schema: PayloadSchema) -> None:
    """The sqlite_schema rows, as text, must be exactly the expected objects (reading them evaluates nothing)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    found = frozenset(rows)
    twice = frozenset(row for row, n in Counter(rows).items() if n > 1)
    if found == schema.objects and not twice:
        return

    def names(objects: frozenset) -> str:
        shown = sorted(str(obj[1])[:40] for obj in objects)
        more = f"等 {len(shown)} 项" if len(shown) > _SHOWN_NAMES else ""
        return "、".join(shown[:_SHOWN_NAMES]) + more or "无"

    raise Refusal(
        "schema",
        f"数据包的表结构与{schema.name}不符"
        f"（多出：{names((found - schema.objects) | twice)}；缺少或不同：{names(schema.objects - found)}）",
    )


def as_refusal(exc: BaseException, budget: Budget | None = None) -> Refusal:
    """Turn any exception raised while reading an untrusted payload into a rejection with a reason."""
    if isinstance(exc, Refusal):
        return exc
    if budget is not None and budget.exhausted:
        return Refusal("budget", "读取数据包超出了允许的计算量（可能是恶意构造的数据库），已拒收")
    if isinstance(exc, sqlite3.DataError | sqlite3.OperationalError) and "too big" in describe(exc):
        return Refusal("too_big", "数据包中有超出大小上限的数据项，已拒收")
    if isinstance(exc, sqlite3.DatabaseError):
        return Refusal("corrupt", f"读取数据包中的数据库时出错（{describe(exc)}），文件可能已损坏")
    return Refusal("unreadable_payload", f"数据包内容无法读取（{describe(exc)}）")
