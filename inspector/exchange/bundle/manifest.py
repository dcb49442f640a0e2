"""The field bundle's manifest and payload schema: what a laptop signs and what the office expects, exactly."""

from __future__ import annotations

from typing import Any

from inspector.envelope import Refusal, check_fields, is_count, is_hex, is_text, optional
from inspector.exchange.bundle.payload import Column, PayloadSchema, schema_sql

FORMAT = "cwdc-field-bundle"
KIND = "field-bundle"
# 2: the manifest names the office the bundle is for (`office_key_id`, the office key the laptop pinned).
FORMAT_VERSION = 2
# Payload 2 adds `inspection_voids` (the voids of the inspections it carries) and the manifest's "voids" count.
# A payload of version 1, from a laptop not yet updated, is still read: it voids nothing.
PAYLOAD_VERSION = 2
PAYLOAD_VERSIONS = (1, 2)
COUNT_NAMES = ("catalog_versions", "draws", "findings", "inspections", "photos", "revisions", "sites")
COUNT_NAMES_V2 = (*COUNT_NAMES, "voids")

# (table, [(column, type, nullable)], primary key); types: TEXT, INTEGER, REAL, BLOB.
TABLES: tuple[tuple[str, tuple[Column, ...], str], ...] = (
    (
        "catalog_versions",
        (("version", "TEXT", False), ("name", "TEXT", False), ("canonical", "TEXT", False)),
        "version",
    ),
    (
        "sites",
        tuple(
            (c, "TEXT", False)
            for c in (
                "id",
                "code",
                "name",
                "site_type",
                "district",
                "street",
                "address",
                "responsible_unit",
                "origin",
                "created_at",
            )
        ),
        "id",
    ),
    (
        "draws",
        tuple(
            (c, "TEXT", False)
            for c in (
                "id",
                "kind",
                "algorithm",
                "seed",
                "seed_source",
                "candidates_sha256",
                "candidates",
                "params",
                "result",
                "created_at",
            )
        ),
        "id",
    ),
    (
        "inspections",
        (
            ("id", "TEXT", False),
            ("site_id", "TEXT", False),
            ("inspector_id", "TEXT", False),
            ("mode", "TEXT", False),
            ("catalog_version", "TEXT", False),
            ("started_at", "TEXT", False),
            ("local_date", "TEXT", False),
            ("place", "TEXT", False),
            ("device_id", "TEXT", False),
            ("recheck_of", "TEXT", True),
            ("draw_id", "TEXT", True),
            ("sample_draw_id", "TEXT", True),
            ("item_codes", "TEXT", True),
            ("status", "TEXT", False),
            ("finished_at", "TEXT", True),
            ("problem_count", "INTEGER", True),
            ("deduction_total", "REAL", True),
            ("score", "REAL", True),
            ("created_at", "TEXT", False),
            ("task_id", "TEXT", True),
        ),
        "id",
    ),
    (
        "findings",
        (
            ("id", "TEXT", False),
            ("inspection_id", "TEXT", False),
            ("item_code", "TEXT", False),
            ("created_at", "TEXT", False),
        ),
        "id",
    ),
    (
        "finding_revisions",
        (
            ("finding_id", "TEXT", False),
            ("rev", "INTEGER", False),
            ("outcome", "TEXT", False),
            ("count", "INTEGER", False),
            ("note", "TEXT", False),
            ("photos", "TEXT", False),
            ("multiplier", "REAL", False),
            ("deduction", "REAL", False),
            ("responsible_unit", "TEXT", True),
            ("deadline", "TEXT", True),
            ("reason", "TEXT", False),
            ("recorded_at", "TEXT", False),
            ("device_id", "TEXT", False),
            ("parent_hash", "TEXT", True),
            ("content_hash", "TEXT", False),
        ),
        "finding_id, rev",
    ),
    (
        "photos",
        (
            ("sha256", "TEXT", False),
            ("width", "INTEGER", False),
            ("height", "INTEGER", False),
            ("size", "INTEGER", False),
            ("captured_at", "TEXT", True),
            ("gps_lat", "REAL", True),
            ("gps_lon", "REAL", True),
            ("original_name", "TEXT", False),
            ("imported_at", "TEXT", False),
            ("device_id", "TEXT", False),
            ("data", "BLOB", False),
        ),
        "sha256",
    ),
    (
        "inspection_voids",
        (
            ("inspection_id", "TEXT", False),
            ("reason", "TEXT", False),
            ("voided_at", "TEXT", False),
            ("device_id", "TEXT", False),
            ("recorded_at", "TEXT", False),
        ),
        "inspection_id",
    ),
)
TABLES_V1 = TABLES[:-1]
COLUMNS: dict[str, tuple[Column, ...]] = {name: cols for name, cols, _ in TABLES}


def columns(table: str, *, without: tuple[str, ...] = ()) -> list[str]:
    """Column names of a payload table, in order."""
    return [name for name, _, _ in COLUMNS[table] if name not in without]


SCHEMA = PayloadSchema(
    name="外勤数据包",
    sql=schema_sql(TABLES),
    application_id=0x43574442,  # "CWDB"
    user_version=PAYLOAD_VERSION,
)
SCHEMA_V1 = PayloadSchema(name="外勤数据包", sql=schema_sql(TABLES_V1), application_id=0x43574442, user_version=1)
SCHEMAS = {1: SCHEMA_V1, 2: SCHEMA}


def schema_of(manifest: dict[str, Any]) -> PayloadSchema:
    """The payload schema a checked manifest announces (its `schema_version`; the current one when unknown)."""
    return SCHEMAS.get(manifest.get("schema_version"), SCHEMA)


def carries_voids(manifest: dict[str, Any]) -> bool:
    """Whether the payload of a checked manifest has the `inspection_voids` table (payload version 2 on)."""
    return manifest["schema_version"] >= 2


_counts = {name: is_count for name in COUNT_NAMES}
_counts_v2 = {name: is_count for name in COUNT_NAMES_V2}
_hex64 = is_hex(64)


def _catalog_list(value: Any) -> bool:
    return isinstance(value, list) and all(_hex64(v) for v in value) and value == sorted(set(value))


SPEC = {
    "format": lambda v: v == FORMAT,
    "format_version": lambda v: v == FORMAT_VERSION,
    "kind": lambda v: v == KIND,
    "bundle_id": is_text,
    "device_id": is_text,
    "device_name": lambda v: isinstance(v, str) and len(v) <= 200,
    "key_id": is_hex(32),
    "office_key_id": is_hex(32),
    "inspector_id": optional(is_text),
    "seq": lambda v: is_count(v) and v >= 1,
    "prev_manifest_sha256": optional(_hex64),
    "full": lambda v: isinstance(v, bool),
    "revisions": lambda v: isinstance(v, dict),
    "schema_version": lambda v: is_count(v) and v in PAYLOAD_VERSIONS,
    "catalog_versions": _catalog_list,
    "created_at": is_text,
    "payload": lambda v: isinstance(v, dict),
    "counts": lambda v: isinstance(v, dict),
}


def check_manifest(manifest: dict[str, Any]) -> None:
    """Refusal('bad_manifest') unless the manifest has exactly the fields of a field bundle, well typed.

    A bundle of an older format is Refusal('old_format'), telling the inspector to update the laptop and export
    again.
    """
    old = isinstance(manifest, dict) and manifest.get("format") == FORMAT
    version = manifest.get("format_version") if old else None
    if old and is_count(version) and version < FORMAT_VERSION:
        raise Refusal(
            "old_format",
            f"这个数据包由旧版本的外勤软件导出（格式第 {version} 版，没有写明交给哪个办公室），本办公室不再接收："
            "请把这台笔记本的创文督查升级到最新版本，再用“重新导出全部记录”（命令行 bundle export --all）导出一次",
        )
    check_fields(manifest, SPEC, where="数据包清单")
    check_fields(manifest["payload"], {"sha256": _hex64, "size": is_count}, where="清单中的 payload")
    counts = _counts_v2 if carries_voids(manifest) else _counts
    check_fields(manifest["counts"], counts, where="清单中的 counts")
    check_fields(manifest["revisions"], {"after": is_count, "through": is_count}, where="清单中的 revisions")
    if (manifest["seq"] == 1) != (manifest["prev_manifest_sha256"] is None):
        raise Refusal("bad_manifest", "数据包清单的序号与“前一数据包哈希”不一致（序号 1 才没有前一数据包）")
