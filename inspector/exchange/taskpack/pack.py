"""The task pack's format: manifest fields, payload tables, limits (office → field, signed by the office key)."""

from __future__ import annotations

from datetime import date, datetime, time

from inspector import clock
from inspector.envelope import is_count, is_hex, is_text
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.payload import Column, PayloadSchema, schema_sql
from inspector.field.checklist import MODES
from inspector.ids import from_iso, to_iso

FORMAT = "cwdc-task-pack"
EXTENSION = ".itask"
MAX_PACK_BYTES = 256 * 1024 * 1024
STATUS_LABELS = {"todo": "待检查", "started": "检查中", "done": "已完成", "expired": "已过期"}
_TASK_COLS: tuple[Column, ...] = (
    ("id", "TEXT", False),
    ("site_id", "TEXT", False),
    ("inspector_id", "TEXT", True),
    ("mode", "TEXT", False),
    ("period", "TEXT", False),
    ("due_date", "TEXT", False),
    ("position", "INTEGER", False),
)
TABLES: tuple[tuple[str, tuple[Column, ...], str], ...] = (
    ("tasks", _TASK_COLS, "id"),
    ("sites", bm.COLUMNS["sites"], "id"),
    ("draws", bm.COLUMNS["draws"], "id"),
    ("catalog_versions", bm.COLUMNS["catalog_versions"], "version"),
)
SCHEMA = PayloadSchema(name="任务包", sql=schema_sql(TABLES), application_id=0x43574454, user_version=1)  # "CWDT"
DRAW_SPEC = {"id": is_text, "kind": is_text, "algorithm": is_text, "seed": is_text, "candidates_sha256": is_hex(64)}
SPEC = {
    "format": lambda v: v == FORMAT,
    "format_version": lambda v: v == 1,
    "kind": lambda v: v == "task-pack",
    "pack_id": is_text,
    "version": lambda v: is_count(v) and v >= 1,
    "office_key_id": is_hex(32),
    "office_device_id": is_text,
    "office_name": lambda v: isinstance(v, str) and len(v) <= 200,
    "created_at": is_text,
    "expires_at": is_text,
    "draw": lambda v: isinstance(v, dict),
    "mode": lambda v: v in MODES,
    "period": is_text,
    "catalog_version": is_hex(64),
    "schema_version": lambda v: v == 1,
    "payload": lambda v: isinstance(v, dict),
    "counts": lambda v: isinstance(v, dict),
}


def parse_expiry(value: datetime | date | str) -> str:
    """An expiry as stored (UTC ISO-8601): a date means the end of that local day."""
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else from_iso(text)
    if not isinstance(value, datetime):
        value = clock.at(value, time(23, 59, 59))
    return to_iso(value)
