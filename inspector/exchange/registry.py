"""The office registry of laptops' public keys, registration files, and the office key that laptops pin.

Laptop: `export_registration` writes a self-signed registration file. Office: `register_device` checks it,
records the device and answers with a trust file signed by the office key. Laptop: `import_trust` pins
the office key; another key only through a hand-over signed by the pinned key (`rotate_office_key`) or an
explicit local reset. Revocation is by sequence number: bundles after `revoked_after_seq` are refused; it only
tightens, unless reinstated with a reason, and every change is kept in `device_revocations`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import strictjson, users
from inspector.atomic import write_text_atomic
from inspector.changes import writes
from inspector.envelope import Refusal, canonical_json, check_fields, is_hex, is_text, parse_canonical
from inspector.errors import InspectorError, NotFoundError, StateError, WorkspaceError
from inspector.exchange import keys
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting, transaction
from inspector.untrusted import Unreadable, printable, read_bounded
from inspector.workspace import Workspace

REGISTRATION_FORMAT = "cwdc-registration"
TRUST_FORMAT = "cwdc-office-trust"
TRUST_VERSION = 2
HANDOVER_FORMAT = "cwdc-office-key-handover"
MAX_HANDOVERS = 32
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
        raise RegistrationError(f"无法读取{what}“{name}”（{exc.why(MAX_FILE)}）") from None
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


class TrustChangeRefused(StateError):
    """A trust file for another office key than the pinned one, with no hand-over from the pinned key."""

    def __init__(self, message: str, *, current: str, offered: str):
        super().__init__(message)
        self.current = current
        self.offered = offered


def _verified_trust(ws: Workspace, path: Path | str) -> dict[str, Any]:
    """A trust file's document, signed by the office key it names and issued for this laptop's key."""
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
    return doc


def handed_over(current: Trust, doc: dict[str, Any]) -> bool:
    """Whether the trust file's hand-overs lead, each signed by the key before it, from the pinned key to its key."""
    key_id, public = current.key_id, current.public_key
    by_old = {h["statement"]["old_key_id"]: h for h in doc.get("handovers", [])}
    for _ in range(len(by_old)):
        step = by_old.get(key_id)
        if step is None:
            return False
        statement = step["statement"]
        if (
            statement["office_device_id"] != current.office_device_id
            or bytes.fromhex(statement["old_public_key"]) != public
            or keys.key_id_of(bytes.fromhex(statement["new_public_key"])) != statement["new_key_id"]
            or not keys.verify_signature(
                public, keys.DOMAIN_ROTATION, canonical_json(statement), bytes.fromhex(step["signature"])
            )
        ):
            return False
        key_id, public = statement["new_key_id"], bytes.fromhex(statement["new_public_key"])
        if key_id == doc["office_key_id"]:
            return public.hex() == doc["office_public_key"]
    return False


def trust_change(ws: Workspace, path: Path | str) -> tuple[Trust | None, dict[str, Any], str]:
    """What importing a trust file would do, without doing it: (pinned trust, the file's document, how).

    how: "first" (nothing pinned yet), "same" (the same office key, renewed), "handover" (another key that the
    pinned key handed over to, signed), or "reset" (another key with no hand-over: only an explicit reset).
    """
    doc = _verified_trust(ws, path)
    current = pinned_office_key(ws.db)
    if current is None:
        return None, doc, "first"
    if current.key_id == doc["office_key_id"]:
        return current, doc, "same"
    return current, doc, "handover" if handed_over(current, doc) else "reset"


def reset_warning(current: Trust, doc: dict[str, Any], *, done: bool = False) -> str:
    """What an explicit reset to another office key does (or, `done`, did), said exactly."""
    will = "已" if done else "将"
    return (
        f"本机{will}不再信任办公室密钥 {current.key_id}（{current.office_name}），"
        f"改为信任密钥 {doc['office_key_id']}（{doc['office_name']}）；"
        f"此后由密钥 {current.key_id[:12]}… 签发的任务包都会被拒收，导出的数据包只有新密钥的办公室接收"
    )


@writes("keys")
def import_trust(
    ws: Workspace,
    path: Path | str,
    *,
    reset: bool = False,
    checked: tuple[Trust | None, dict[str, Any], str] | None = None,
) -> Trust:
    """Pin the office key from the trust file the office issued for this laptop.

    Another office key than the pinned one is accepted only when the file carries the hand-over signed by the
    pinned key (an office key rotation), or with `reset` (an explicit local decision). `checked` is what
    `trust_change` found in the same file, so what was shown to the user is what gets pinned (the file is not
    read a second time).
    """
    current, doc, how = checked if checked is not None else trust_change(ws, path)
    if how == "reset" and not reset:
        assert current is not None
        raise TrustChangeRefused(
            f"这台笔记本信任的办公室密钥是 {current.key_id[:12]}…（{current.office_name}），"
            f"这份信任文件的密钥是 {doc['office_key_id'][:12]}…，且没有旧密钥签名的交接证明，未做任何改动。"
            "如果办公室更换了密钥，请让督查科用 keys rotate 签发交接信任文件；"
            "确需在本机改信新密钥时，请用 office trust import --reset --yes",
            current=current.key_id,
            offered=doc["office_key_id"],
        )
    public = bytes.fromhex(doc["office_public_key"])
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


_TRUST_FIELDS = {
    "format": lambda v: v == TRUST_FORMAT,
    "office_name": lambda v: isinstance(v, str) and len(v) <= 200 and printable(v) == v,  # shown and printed
    "office_device_id": lambda v: is_text(v) and printable(v) == v,
    "office_key_id": is_hex(32),
    "office_public_key": is_hex(64),
    "device_id": is_text,
    "key_id": is_hex(32),
    "inspector_id": is_text,
    "issued_at": is_text,
}
_HANDOVER_FIELDS = {
    "format": lambda v: v == HANDOVER_FORMAT,
    "format_version": lambda v: v == 1,
    "office_device_id": is_text,
    "old_key_id": is_hex(32),
    "old_public_key": is_hex(64),
    "new_key_id": is_hex(32),
    "new_public_key": is_hex(64),
    "rotated_at": is_text,
}


def _check_trust_doc(doc: dict[str, Any], path: Path | str) -> None:
    """Version 1 (before key rotation) or 2 (with the office key's hand-overs, oldest first)."""
    version = doc.get("format_version") if isinstance(doc, dict) else None
    try:
        if version == 1:
            check_fields(doc, {**_TRUST_FIELDS, "format_version": lambda v: v == 1}, where="信任文件")
            return
        check_fields(
            doc,
            {
                **_TRUST_FIELDS,
                "format_version": lambda v: v == TRUST_VERSION,
                "handovers": lambda v: isinstance(v, list) and len(v) <= MAX_HANDOVERS,
            },
            where="信任文件",
        )
        for step in doc["handovers"]:
            check_fields(step, {"statement": lambda v: isinstance(v, dict), "signature": is_hex(128)}, where="交接证明")
            check_fields(step["statement"], _HANDOVER_FIELDS, where="交接证明")
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


@writes("devices", "inspectors")
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
    trust = write_trust(ws, office, doc["device_id"], doc["key_id"], person["id"], trust_out)
    device = find_device(ws.db, doc["key_id"])
    assert device is not None
    return device, trust


def handovers(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The office key's hand-overs, oldest first, as trust files carry them (the latest MAX_HANDOVERS)."""
    rows = db.execute("SELECT statement, signature FROM office_key_handovers ORDER BY rotated_at, rowid").fetchall()
    return [{"statement": json.loads(row[0]), "signature": bytes(row[1]).hex()} for row in rows][-MAX_HANDOVERS:]


def office_key_ids(db: sqlite_utils.Database) -> set[str]:
    """This office's signing key id and the ids of the keys it retired (bundles may name any of them)."""
    info = keys.key_info(db)
    retired = {row[0] for row in db.execute("SELECT old_key_id FROM office_key_handovers")}
    return retired | ({info.key_id} if info else set())


def write_trust(
    ws: Workspace, office: keys.Signer, device_id: str, key_id: str, inspector_id: str, out: Path | str
) -> dict[str, Any]:
    """Sign and write the trust file for one laptop key: the office key, and the hand-overs that lead to it."""
    trust = {
        "format": TRUST_FORMAT,
        "format_version": TRUST_VERSION,
        "office_name": ws.name,
        "office_device_id": ws.device_id,
        "office_key_id": office.key_id,
        "office_public_key": office.info.public_key_hex,
        "device_id": device_id,
        "key_id": key_id,
        "inspector_id": inspector_id,
        "issued_at": to_iso(utc_now()),
        "handovers": handovers(ws.db),
    }
    write_text_atomic(Path(out), _signed_file(trust, office.sign(keys.DOMAIN_TRUST, canonical_json(trust)), "trust"))
    return trust


def _trust_name(device: Device) -> str:
    return f"{device.inspector_id}-{device.device_id[-8:]}.trust.json"


def reissue_trust(ws: Workspace, passphrase: str, ident: str, out: Path | str) -> list[tuple[Device, Path]]:
    """Write again the trust file of a laptop (or each laptop of an inspector): `out` is a file, or a folder."""
    if ws.role != "office":
        raise WorkspaceError("信任文件由办公室工作区签发")
    devices = [d for d in _matching_keys(ws.db, ident) if d.revoked_after_seq is None]
    if not devices:
        raise StateError(f"“{ident}”的密钥都已吊销，不再为它签发信任文件")
    target = Path(out)
    if len(devices) > 1 and not target.is_dir():
        raise InspectorError(f"“{ident}”登记了 {len(devices)} 台笔记本：请用 --out 指定一个文件夹")
    office = keys.unlock(ws.db, passphrase)
    written = []
    for device in devices:
        path = target / _trust_name(device) if target.is_dir() else target
        write_trust(ws, office, device.device_id, device.key_id, device.inspector_id, path)
        written.append((device, path))
    return written


@dataclass(frozen=True)
class Rotation:
    """An office key rotation: the retired and the new key, and the trust files written for the laptops."""

    old_key_id: str
    new_key_id: str
    files: list[tuple[Device, Path]]


def rotate_office_key(ws: Workspace, passphrase: str, out: Path | str, *, ident: str | None = None) -> Rotation:
    """Replace the office signing key; the old key signs the hand-over, then trust files go to the laptops.

    The new key is wrapped under the same passphrase. The hand-over (old key id and public key, new key id and
    public key, signed by the old key) is kept, and every trust file issued from now on carries it, so a laptop
    that pinned the old key accepts the new one. Trust files are written into the folder `out` for every laptop
    whose key is not revoked (or only for `ident`: an inspector, device or key id). Bundles naming the old key
    are still accepted; task packs are signed by the new key.
    """
    if ws.role != "office":
        raise WorkspaceError("只有办公室工作区可以更换办公室密钥")
    folder = Path(out)
    if not folder.is_dir():
        raise InspectorError(f"“{folder}”不是一个已存在的文件夹：交接信任文件会写到这里，每台笔记本一个")
    chosen = _matching_keys(ws.db, ident) if ident is not None else None
    old = keys.unlock(ws.db, passphrase)
    with transaction(ws.db) as conn:
        new = keys.rotate_key(conn, old, passphrase)
        statement = {
            "format": HANDOVER_FORMAT,
            "format_version": 1,
            "office_device_id": ws.device_id,
            "old_key_id": old.key_id,
            "old_public_key": old.info.public_key_hex,
            "new_key_id": new.key_id,
            "new_public_key": new.info.public_key_hex,
            "rotated_at": new.info.created_at,
        }
        body = canonical_json(statement)
        conn.execute(
            "INSERT INTO office_key_handovers (old_key_id, old_public_key, new_key_id, statement, signature,"
            " rotated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                old.key_id,
                old.info.public_key,
                new.key_id,
                body.decode("utf-8"),
                old.sign(keys.DOMAIN_ROTATION, body),
                statement["rotated_at"],
            ],
        )
    devices = (
        chosen
        if chosen is not None
        else [
            _device(row)
            for row in ws.db.execute(f"SELECT {_DEVICE_COLS} FROM devices ORDER BY inspector_id, registered_at")
        ]
    )
    files = []
    for device in devices:
        if device.revoked_after_seq is None:
            path = folder / _trust_name(device)
            try:
                write_trust(ws, new, device.device_id, device.key_id, device.inspector_id, path)
            except OSError as exc:
                raise InspectorError(
                    f"办公室密钥已更换为 {new.key_id}，但写信任文件“{path}”失败（{exc.strerror or exc}）："
                    "请检查文件夹后用 inspectors trust 重新写出各笔记本的信任文件"
                ) from exc
            files.append((device, path))
    return Rotation(old.key_id, new.key_id, files)


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
    """Registered laptops with their inspector, revocation (and its history), last sequence number and gaps."""
    rows = db.execute(
        f"SELECT {', '.join('d.' + c for c in _DEVICE_COLS.split(', '))}, p.name,"
        " (SELECT MAX(seq) FROM received_bundles b WHERE b.device_id = d.device_id),"
        " (SELECT COUNT(*) FROM received_bundles b WHERE b.device_id = d.device_id)"
        " FROM devices d LEFT JOIN inspectors p ON p.id = d.inspector_id ORDER BY d.inspector_id, d.registered_at"
    ).fetchall()
    history: dict[str, list[dict[str, Any]]] = {}
    for change in revocation_history(db):
        history.setdefault(change.key_id, []).append(change.as_dict())
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
                "history": history.get(device.key_id, []),
            }
        )
    return result


@dataclass(frozen=True)
class RevocationChange:
    """One change of a key's revocation cutoff: who made it, when, why, from what to what (None: not revoked)."""

    key_id: str
    action: str
    after_seq: int | None
    previous_after_seq: int | None
    reason: str
    actor: str
    at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


def revocation_history(db: sqlite_utils.Database, key_id: str | None = None) -> list[RevocationChange]:
    """Every change of revocation cutoffs, oldest first (of one key, or of all keys)."""
    where, params = ("WHERE key_id = ?", [key_id]) if key_id is not None else ("", [])
    rows = db.execute(
        "SELECT key_id, action, after_seq, previous_after_seq, reason, actor, at FROM device_revocations"
        f" {where} ORDER BY id",
        params,
    ).fetchall()
    return [RevocationChange(*row) for row in rows]


def _matching_keys(db: sqlite_utils.Database, ident: str) -> list[Device]:
    devices = [
        _device(row)
        for row in db.execute(
            f"SELECT {_DEVICE_COLS} FROM devices WHERE key_id = ? OR device_id = ? OR inspector_id = ?"
            " ORDER BY registered_at, key_id",
            [ident, ident, ident],
        )
    ]
    if not devices:
        raise NotFoundError(f"没有找到督查员、设备或密钥“{ident}”的登记记录（可用 inspectors devices 查看）")
    return devices


def _check_seq(after_seq: Any) -> None:
    if isinstance(after_seq, bool) or not isinstance(after_seq, int) or after_seq < 0:
        raise InspectorError("吊销序号应为不小于 0 的整数（0 表示此后的所有数据包都不再接收）")


def _cutoff(value: int | None) -> str:
    return "未吊销" if value is None else f"只接收序号不超过 {value} 的数据包"


def _set_cutoffs(
    db: sqlite_utils.Database,
    devices: list[Device],
    action: str,
    after_seq: int | None,
    reason: str,
    actor: str | None,
) -> list[Device]:
    """Record the new cutoff of each key whose cutoff changes, with its history row, in one transaction."""
    who = users.require(db, actor, "revoke")  # the person, as decisions record theirs
    now = to_iso(utc_now())
    with transaction(db) as conn:
        for device in devices:
            current = conn.execute(
                "SELECT revoked_after_seq FROM devices WHERE key_id = ?", [device.key_id]
            ).fetchone()[0]
            if current == after_seq:
                continue
            if action == "revoke" and current is not None and after_seq is not None and current < after_seq:
                # tightened by someone else since the check outside: revocation still only tightens
                raise StateError(
                    f"吊销只能收紧，不能放宽：{device.device_name}（{device.key_id[:12]}…）刚被改为只接收序号不超过"
                    f" {current} 的数据包，不能改为 {after_seq}，未做任何改动"
                )
            conn.execute(
                "UPDATE devices SET revoked_after_seq = ?, revoked_at = ? WHERE key_id = ?",
                [after_seq, None if after_seq is None else now, device.key_id],
            )
            conn.execute(
                "INSERT INTO device_revocations (key_id, action, after_seq, previous_after_seq, reason, actor, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [device.key_id, action, after_seq, current, reason, who, now],
            )
    return [d for d in (find_device(db, device.key_id) for device in devices) if d is not None]


@writes("devices")
def revoke(
    db: sqlite_utils.Database, ident: str, after_seq: int, *, reason: str = "", actor: str | None = None
) -> list[Device]:
    """Refuse bundles numbered after `after_seq` from the keys of an inspector, a device or one key id.

    Revocation only tightens: a cutoff above a key's current one is refused (nothing changes); raising or
    lifting a cutoff is `reinstate`, with a reason.
    """
    _check_seq(after_seq)
    devices = _matching_keys(db, ident)
    stricter = [d for d in devices if d.revoked_after_seq is not None and d.revoked_after_seq < after_seq]
    if stricter:
        named = "、".join(
            f"{d.device_name}（{d.key_id[:12]}…）现在只接收序号不超过 {d.revoked_after_seq}" for d in stricter
        )
        raise StateError(
            f"吊销只能收紧，不能放宽：{named}，不能改为 {after_seq}，未做任何改动。"
            "如确需放宽或撤销吊销，请用 inspectors revoke --reinstate 并写明原因（--reason）"
        )
    return _set_cutoffs(db, devices, "revoke", after_seq, reason.strip(), actor)


@writes("devices")
def reinstate(
    db: sqlite_utils.Database,
    ident: str,
    *,
    reason: str,
    after_seq: int | None = None,
    actor: str | None = None,
) -> list[Device]:
    """Raise a revoked key's cutoff to `after_seq`, or lift the revocation (None); the reason is required."""
    text = reason.strip()
    if not text:
        raise InspectorError("恢复（放宽或撤销吊销）需要写明原因，未做任何改动")
    if after_seq is not None:
        _check_seq(after_seq)
    devices = _matching_keys(db, ident)
    if all(d.revoked_after_seq is None for d in devices):
        raise StateError("这些密钥都没有被吊销，无需恢复，未做任何改动")
    return _set_cutoffs(
        db, [d for d in devices if d.revoked_after_seq is not None], "reinstate", after_seq, text, actor
    )


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
