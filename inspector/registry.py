"""The office registry of laptops' public keys, registration files, and the office key that laptops pin.

Laptop: `export_registration` writes a self-signed registration file. Office: `register_device` checks it,
records the device and answers with a trust file signed by the office key. Laptop: `import_trust` pins
the office key. Revocation is by sequence number: bundles after `revoked_after_seq` are refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import keys, strictjson
from inspector.atomic import write_text_atomic
from inspector.bundle.envelope import Refusal, canonical_json, check_fields, is_hex, is_text, parse_canonical
from inspector.errors import InspectorError, NotFoundError, StateError, WorkspaceError
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting, transaction
from inspector.untrusted import Unreadable, printable, read_bounded
from inspector.workspace import Workspace

REGISTRATION_FORMAT = "cwdc-registration"
TRUST_FORMAT = "cwdc-office-trust"
MAX_FILE = 64 * 1024
MAX_DEPTH = 8


class RegistrationError(InspectorError):
    """A registration or trust file that cannot be used (wrong file, altered, for another laptop)."""


@dataclass(frozen=True)
class Device:
    """One registered laptop key."""

    key_id: str
    public_key: bytes
    device_id: str
    device_name: str
    inspector_id: str
    registered_at: str
    revoked_after_seq: int | None
    revoked_at: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**asdict(self), "public_key": self.public_key.hex()}


@dataclass(frozen=True)
class Trust:
    """The office key a laptop has pinned."""

    key_id: str
    public_key: bytes
    office_name: str
    office_device_id: str
    pinned_at: str


_DEVICE_COLS = "key_id, public_key, device_id, device_name, inspector_id, registered_at, revoked_after_seq, revoked_at"


def _device(row: tuple) -> Device:
    values = list(row)
    values[1] = bytes(values[1])
    return Device(*values)


def find_device(db: sqlite_utils.Database, key_id: str) -> Device | None:
    """The registered device with this key id, or None."""
    row = db.execute(f"SELECT {_DEVICE_COLS} FROM devices WHERE key_id = ?", [key_id]).fetchone()
    return None if row is None else _device(row)


def _signed_file(doc: dict[str, Any], signature: bytes, key: str) -> str:
    return json.dumps({key: doc, "signature": signature.hex()}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _read_signed(path: Path | str, key: str, what: str) -> tuple[dict[str, Any], bytes]:
    """Read a signed JSON file: (document, signature); RegistrationError when it is not one.

    The file is read once, from one descriptor, within MAX_FILE (a pipe or a device is refused unread), and
    parsed by the strict reader: bounded nesting, no duplicate keys, finite numbers, no lone surrogates.
    """
    name = printable(path, limit=300)
    try:
        data = read_bounded(path, MAX_FILE)
    except Unreadable as exc:
        why = {
            "missing": "文件不存在",
            "directory": "这是文件夹",
            "not_regular": "不是普通文件",
            "too_large": f"文件超过 {MAX_FILE // 1024} KB，不是{what}",
        }.get(exc.reason, printable(exc.detail or exc.reason, limit=200))
        raise RegistrationError(f"无法读取{what}“{name}”（{why}）") from None
    try:
        outer = strictjson.loads(data, what=what, max_depth=MAX_DEPTH, max_int=strictjson.SAFE_INTEGER, bom=True)
    except strictjson.JsonRefused as exc:
        raise RegistrationError(f"“{name}”不是有效的{what}（{exc.detail}）") from None
    try:
        doc, signature = outer[key], bytes.fromhex(outer["signature"])
        parse_canonical(canonical_json(doc), what=what)
    except (ValueError, KeyError, TypeError, Refusal):
        raise RegistrationError(f"“{name}”不是有效的{what}（可能选错了文件）") from None
    if not isinstance(doc, dict):
        raise RegistrationError(f"“{name}”不是有效的{what}")
    return doc, signature


# ---------------------------------------------------------------- laptop side


def export_registration(ws: Workspace, passphrase: str, out: Path | str) -> dict[str, Any]:
    """Write this laptop's self-signed registration file (inspector, device, public key, key id)."""
    if ws.role != "field":
        raise WorkspaceError("登记文件由外勤笔记本导出；办公室工作区不需要登记")
    profile = ws.inspector
    if not profile:
        raise StateError("这台笔记本的工作区没有督查员信息，无法登记（创建工作区时请给出 --inspector-id 和姓名）")
    signer = keys.unlock(ws.db, passphrase)
    doc = {
        "format": REGISTRATION_FORMAT,
        "format_version": 1,
        "inspector": {k: profile.get(k, "") for k in ("id", "name", "district", "unit")},
        "device_id": ws.device_id,
        "device_name": ws.name,
        "public_key": signer.info.public_key_hex,
        "key_id": signer.key_id,
        "created_at": to_iso(utc_now()),
    }
    signature = signer.sign(keys.DOMAIN_REGISTRATION, canonical_json(doc))
    write_text_atomic(Path(out), _signed_file(doc, signature, "registration"))
    return doc


def pinned_office_key(db: sqlite_utils.Database) -> Trust | None:
    """The office key this laptop trusts, or None before `office trust import`."""
    row = db.execute(
        "SELECT key_id, public_key, office_name, office_device_id, pinned_at FROM office_trust WHERE id = 1"
    ).fetchone()
    return None if row is None else Trust(row[0], bytes(row[1]), row[2], row[3], row[4])


def import_trust(ws: Workspace, path: Path | str, *, replace: bool = False) -> Trust:
    """Pin the office key from the trust file the office issued for this laptop."""
    if ws.role != "field":
        raise WorkspaceError("信任文件只需导入外勤笔记本")
    doc, signature = _read_signed(path, "trust", "办公室信任文件")
    _check_trust_doc(doc, path)
    public = bytes.fromhex(doc["office_public_key"])
    if keys.key_id_of(public) != doc["office_key_id"] or not keys.verify_signature(
        public, keys.DOMAIN_TRUST, canonical_json(doc), signature
    ):
        raise RegistrationError(f"“{printable(path, limit=300)}”的签名无效：文件被改动过，请向督查科重新索取")
    own = keys.require_key(ws.db)
    if doc["device_id"] != ws.device_id or doc["key_id"] != own.key_id:
        raise RegistrationError("这份信任文件是发给另一台笔记本（或另一把密钥）的，未做任何改动")
    current = pinned_office_key(ws.db)
    if current is not None and current.key_id != doc["office_key_id"] and not replace:
        raise StateError(
            f"这台笔记本已信任办公室密钥 {current.key_id[:12]}…，新文件的密钥是 {doc['office_key_id'][:12]}…；"
            "确认办公室确实更换了密钥后，请加 --replace 重新导入"
        )
    trust = Trust(doc["office_key_id"], public, doc["office_name"], doc["office_device_id"], to_iso(utc_now()))
    with transaction(ws.db) as conn:
        conn.execute(
            "INSERT INTO office_trust (id, key_id, public_key, office_name, office_device_id, pinned_at)"
            " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET key_id = excluded.key_id,"
            " public_key = excluded.public_key, office_name = excluded.office_name,"
            " office_device_id = excluded.office_device_id, pinned_at = excluded.pinned_at",
            [trust.key_id, public, trust.office_name, trust.office_device_id, trust.pinned_at],
        )
    return trust


def _check_trust_doc(doc: dict[str, Any], path: Path | str) -> None:
    spec = {
        "format": lambda v: v == TRUST_FORMAT,
        "format_version": lambda v: v == 1,
        "office_name": lambda v: isinstance(v, str),
        "office_device_id": is_text,
        "office_key_id": is_hex(32),
        "office_public_key": is_hex(64),
        "device_id": is_text,
        "key_id": is_hex(32),
        "inspector_id": is_text,
        "issued_at": is_text,
    }
    try:
        check_fields(doc, spec, where="信任文件")
    except Refusal as exc:
        raise RegistrationError(f"“{printable(path, limit=300)}”不是有效的办公室信任文件（{exc}）") from None


# ---------------------------------------------------------------- office side


def _check_registration_doc(doc: dict[str, Any], path: Path | str) -> None:
    spec = {
        "format": lambda v: v == REGISTRATION_FORMAT,
        "format_version": lambda v: v == 1,
        "inspector": lambda v: isinstance(v, dict),
        "device_id": is_text,
        "device_name": lambda v: isinstance(v, str) and len(v) <= 200,
        "public_key": is_hex(64),
        "key_id": is_hex(32),
        "created_at": is_text,
    }
    person = {
        "id": is_text,
        "name": is_text,
        "district": lambda v: isinstance(v, str),
        "unit": lambda v: isinstance(v, str),
    }
    try:
        check_fields(doc, spec, where="登记文件")
        check_fields(doc["inspector"], person, where="登记文件中的督查员")
    except Refusal as exc:
        raise RegistrationError(f"“{printable(path, limit=300)}”不是有效的登记文件（{exc}）") from None
    texts = [doc["device_id"], doc["device_name"], *doc["inspector"].values()]
    if any(printable(text) != text for text in texts):  # names are shown in lists and printed on the terminal
        raise RegistrationError(
            f"“{printable(path, limit=300)}”不是有效的登记文件（设备或督查员信息中含有控制字符或方向控制符）"
        )


def register_device(
    ws: Workspace, path: Path | str, passphrase: str, *, trust_out: Path | str
) -> tuple[Device, dict[str, Any]]:
    """Register a laptop from its registration file and write the signed trust file it will pin."""
    if ws.role != "office":
        raise WorkspaceError("只有办公室工作区可以登记笔记本")
    doc, signature = _read_signed(path, "registration", "登记文件")
    _check_registration_doc(doc, path)
    public = bytes.fromhex(doc["public_key"])
    if keys.key_id_of(public) != doc["key_id"] or not keys.verify_signature(
        public, keys.DOMAIN_REGISTRATION, canonical_json(doc), signature
    ):
        raise RegistrationError(f"登记文件“{printable(path, limit=300)}”的签名无效：文件被改动过，请让督查员重新导出")
    office = keys.unlock(ws.db, passphrase)
    existing = find_device(ws.db, doc["key_id"])
    if existing is not None and existing.device_id != doc["device_id"]:
        raise RegistrationError("这把密钥已登记在另一台设备名下，未做任何改动")
    person = doc["inspector"]
    now = to_iso(utc_now())
    with transaction(ws.db) as conn:
        if existing is None:
            other = conn.execute(
                "SELECT key_id FROM devices WHERE device_id = ? AND revoked_after_seq IS NULL", [doc["device_id"]]
            ).fetchone()
            if other is not None:
                raise StateError(
                    f"这台笔记本已登记密钥 {other[0][:12]}…：如确需更换，请先吊销旧密钥（inspectors revoke）再登记"
                )
            conn.execute(
                f"INSERT INTO devices ({_DEVICE_COLS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
                [doc["key_id"], public, doc["device_id"], doc["device_name"], person["id"], now],
            )
        if conn.execute("SELECT 1 FROM inspectors WHERE id = ?", [person["id"]]).fetchone() is None:
            conn.execute(
                "INSERT INTO inspectors (id, name, district, unit, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                [person["id"], person["name"], person["district"], person["unit"], now],
            )
    trust = {
        "format": TRUST_FORMAT,
        "format_version": 1,
        "office_name": ws.name,
        "office_device_id": ws.device_id,
        "office_key_id": office.key_id,
        "office_public_key": office.info.public_key_hex,
        "device_id": doc["device_id"],
        "key_id": doc["key_id"],
        "inspector_id": person["id"],
        "issued_at": now,
    }
    write_text_atomic(
        Path(trust_out), _signed_file(trust, office.sign(keys.DOMAIN_TRUST, canonical_json(trust)), "trust")
    )
    device = find_device(ws.db, doc["key_id"])
    assert device is not None
    return device, trust


def sequence_gaps(db: sqlite_utils.Database, device_id: str) -> list[int]:
    """Sequence numbers below the highest received from a device that have not arrived (shown, not blocking)."""
    seqs = [
        row[0] for row in db.execute("SELECT seq FROM received_bundles WHERE device_id = ? ORDER BY seq", [device_id])
    ]
    if not seqs:
        return []
    have = set(seqs)
    return [n for n in range(1, seqs[-1]) if n not in have]


def list_devices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Registered laptops with their inspector, revocation, last sequence number received and gaps."""
    rows = db.execute(
        f"SELECT {', '.join('d.' + c for c in _DEVICE_COLS.split(', '))}, p.name,"
        " (SELECT MAX(seq) FROM received_bundles b WHERE b.device_id = d.device_id),"
        " (SELECT COUNT(*) FROM received_bundles b WHERE b.device_id = d.device_id)"
        " FROM devices d LEFT JOIN inspectors p ON p.id = d.inspector_id ORDER BY d.inspector_id, d.registered_at"
    ).fetchall()
    result = []
    for row in rows:
        device = _device(row[:8])
        result.append(
            {
                **device.as_dict(),
                "inspector_name": row[8],
                "last_seq": row[9],
                "bundles": row[10],
                "gaps": sequence_gaps(db, device.device_id),
            }
        )
    return result


def revoke(db: sqlite_utils.Database, ident: str, after_seq: int) -> list[Device]:
    """Refuse bundles numbered after `after_seq` from the keys of an inspector, a device or one key id."""
    if not isinstance(after_seq, int) or after_seq < 0:
        raise InspectorError("吊销序号应为不小于 0 的整数（0 表示此后的所有数据包都不再接收）")
    matched = [
        row[0]
        for row in db.execute(
            "SELECT key_id FROM devices WHERE key_id = ? OR device_id = ? OR inspector_id = ?", [ident, ident, ident]
        )
    ]
    if not matched:
        raise NotFoundError(f"没有找到督查员、设备或密钥“{ident}”的登记记录（可用 inspectors devices 查看）")
    now = to_iso(utc_now())
    with transaction(db) as conn:
        conn.executemany(
            "UPDATE devices SET revoked_after_seq = ?, revoked_at = ? WHERE key_id = ?",
            [(after_seq, now, key_id) for key_id in matched],
        )
    return [d for d in (find_device(db, key_id) for key_id in matched) if d is not None]


def key_status(db: sqlite_utils.Database) -> dict[str, Any]:
    """What the app shows about trust: this workspace's key, and on a laptop the office key it pinned."""
    info = keys.key_info(db)
    trust = pinned_office_key(db)
    return {
        "role": get_setting(db, "role"),
        "has_key": info is not None,
        "key_id": info.key_id if info else None,
        "created_at": info.created_at if info else None,
        "office_key_id": trust.key_id if trust else None,
        "office_name": trust.office_name if trust else None,
        "pinned_at": trust.pinned_at if trust else None,
    }
