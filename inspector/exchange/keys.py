"""Signing keys: one Ed25519 key per workspace, its seed kept only wrapped (scrypt → AES-GCM) under a passphrase."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass

import sqlite_utils
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from inspector import program, strictjson
from inspector.changes import writes
from inspector.errors import InspectorError, StateError
from inspector.ids import to_iso, utc_now
from inspector.store import transaction
from inspector.untrusted import printable

# Domain strings: a signature made for one kind of document can never pass as another kind.
DOMAIN_BUNDLE = b"inspector/field-bundle/v1\x00"
DOMAIN_TASK_PACK = b"inspector/task-pack/v1\x00"
DOMAIN_REGISTRATION = b"inspector/registration/v1\x00"
DOMAIN_TRUST = b"inspector/office-trust/v1\x00"
DOMAIN_ROTATION = b"inspector/office-key-rotation/v1\x00"

MIN_PASSPHRASE = 12
_WRAP_AAD = b"inspector/wrapped-seed/v1\x00"


@dataclass(frozen=True)
class ScryptCost:
    """The scrypt parameters that wrap a seed (stored with it, so a wrapped seed is always read with its own)."""

    n: int
    r: int
    p: int

    @property
    def memory(self) -> int:
        """Bytes scrypt allocates for one derivation (128 * n * r)."""
        return 128 * self.n * self.r


# New wrappings cost about 1 s and 256 MiB on a 2020s laptop (N = 2**18, r = 8), enough to slow guessing at a
# stolen laptop's passphrase; seeds wrapped earlier keep the parameters stored with them.
DEFAULT_COST = ScryptCost(n=2**18, r=8, p=1)
# The parameters read back from a workspace are bounded: a hostile workspace.db must not make unlocking run for
# hours or allocate gigabytes.
MIN_N, MAX_N = 2**14, 2**20
MAX_R, MAX_P = 16, 4
MAX_MEMORY = 2**30
# What new wrappings use; only the test suite lowers it (to the cheapest parameters the bounds allow).
cost = DEFAULT_COST


class PassphraseError(InspectorError):
    """The passphrase is wrong, or too weak to protect a signing key."""


@dataclass(frozen=True)
class KeyInfo:
    """The public half of a workspace's signing key (safe to show and to share)."""

    key_id: str
    public_key: bytes
    created_at: str

    @property
    def public_key_hex(self) -> str:
        """The raw 32-byte public key as hex."""
        return self.public_key.hex()

    def as_dict(self) -> dict[str, str]:
        """JSON-able form."""
        return {"key_id": self.key_id, "public_key": self.public_key_hex, "created_at": self.created_at}


class Signer:
    """An unlocked private key; lives only in memory for one operation."""

    def __init__(self, private: Ed25519PrivateKey, info: KeyInfo):
        self._private = private
        self.info = info

    @property
    def key_id(self) -> str:
        """The key id of the public half."""
        return self.info.key_id

    def sign(self, domain: bytes, message: bytes) -> bytes:
        """A 64-byte Ed25519 signature over domain || message."""
        return self._private.sign(domain + message)


def key_id_of(public_key: bytes) -> str:
    """First 16 bytes of SHA-256 of the raw public key, as 32 hex characters."""
    return hashlib.sha256(public_key).digest()[:16].hex()


def raw_public(private: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of a private key's public half."""
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def verify_signature(public_key: bytes, domain: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` is a valid Ed25519 signature by `public_key` over domain || message."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, domain + message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _derive(passphrase: str, salt: bytes, params: ScryptCost) -> bytes:
    return Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(passphrase.encode("utf-8"))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def stored_cost(kdf: object) -> ScryptCost:
    """The scrypt parameters stored with a wrapped seed, within bounds; InspectorError for anything else."""
    try:
        params = (
            strictjson.loads(kdf, what="密钥保护参数", max_depth=1, max_int=MAX_N) if isinstance(kdf, str) else None
        )
    except strictjson.JsonRefused:
        params = None
    if not isinstance(params, dict):
        raise InspectorError("工作区中保存的密钥保护参数无法读取（数据已损坏或被改动），签名密钥无法解锁")
    if params.get("name") != "scrypt":
        raise InspectorError(f"不支持的密钥保护算法“{printable(params.get('name'), limit=40)}”，请升级软件")
    n, r, p = params.get("n"), params.get("r"), params.get("p")
    if not (_is_int(n) and _is_int(r) and _is_int(p)):
        raise InspectorError("工作区中保存的密钥保护参数不是整数（数据已损坏或被改动），签名密钥无法解锁")
    found = ScryptCost(n, r, p)
    if (
        not MIN_N <= n <= MAX_N
        or n & (n - 1)
        or not 1 <= r <= MAX_R
        or not 1 <= p <= MAX_P
        or found.memory > MAX_MEMORY
    ):
        raise InspectorError(
            f"工作区中保存的密钥保护参数超出允许范围（N={n}，r={r}，p={p}；允许 N 为 2^14 到 2^20 之间的 2 的幂、"
            f"r 不超过 {MAX_R}、p 不超过 {MAX_P}、内存不超过 1 GiB）：数据可能被改动过，为免长时间运行未尝试解锁"
        )
    return found


def check_passphrase_strength(passphrase: str) -> None:
    """PassphraseError unless the passphrase is long enough to protect a key on a laptop that may be stolen."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(
            f"口令太短：至少需要 {MIN_PASSPHRASE} 个字符（现在是 {len(passphrase)} 个），"
            "可用一句好记的中文、字母、数字组合"
        )
    if len(set(passphrase)) < 3:
        raise PassphraseError("口令过于简单（字符几乎都相同），请换一个不易猜到的口令")


def key_info(db: sqlite_utils.Database) -> KeyInfo | None:
    """This workspace's key (public half), or None before `keys init`."""
    row = db.execute("SELECT key_id, public_key, created_at FROM signing_key WHERE id = 1").fetchone()
    return None if row is None else KeyInfo(row[0], bytes(row[1]), row[2])


def require_key(db: sqlite_utils.Database) -> KeyInfo:
    """This workspace's key, or a StateError telling the user how to create one."""
    info = key_info(db)
    if info is None:
        raise StateError(f"这个工作区还没有签名密钥：请先运行 {program.command('keys init')} 设置口令")
    return info


@writes("keys")
def init_key(db: sqlite_utils.Database, passphrase: str) -> KeyInfo:
    """Create this workspace's Ed25519 key, storing the seed only wrapped under the passphrase."""
    if key_info(db) is not None:
        raise StateError("这个工作区已经有签名密钥，未做任何改动（如需更换口令请用 keys passwd）")
    check_passphrase_strength(passphrase)
    private = Ed25519PrivateKey.generate()
    public = raw_public(private)
    info = KeyInfo(key_id_of(public), public, to_iso(utc_now()))
    kdf, salt, nonce, wrapped = _wrap(private, info.key_id, passphrase)
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO signing_key (id, key_id, public_key, kdf, salt, nonce, wrapped_seed, created_at)"
            " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            [info.key_id, public, kdf, salt, nonce, wrapped, info.created_at],
        )
    return info


def _wrap(private: Ed25519PrivateKey, key_id: str, passphrase: str) -> tuple[str, bytes, bytes, bytes]:
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    salt, nonce = os.urandom(16), os.urandom(12)
    params = cost
    kdf = json.dumps({"name": "scrypt", "n": params.n, "r": params.r, "p": params.p}, sort_keys=True)
    wrapped = AESGCM(_derive(passphrase, salt, params)).encrypt(nonce, seed, _WRAP_AAD + key_id.encode())
    return kdf, salt, nonce, wrapped


def unlock(db: sqlite_utils.Database, passphrase: str) -> Signer:
    """Unwrap the private key with the passphrase; PassphraseError when it is wrong (nothing is changed)."""
    info = require_key(db)
    row = db.execute("SELECT kdf, salt, nonce, wrapped_seed FROM signing_key WHERE id = 1").fetchone()
    if not all(isinstance(row[i], bytes) and len(row[i]) == size for i, size in ((1, 16), (2, 12), (3, 48))):
        raise InspectorError("工作区中保存的签名密钥已损坏（加密数据的长度不对），请联系督查科重新登记")
    key = _derive(passphrase, bytes(row[1]), stored_cost(row[0]))
    try:
        seed = AESGCM(key).decrypt(bytes(row[2]), bytes(row[3]), _WRAP_AAD + info.key_id.encode())
    except InvalidTag:
        raise PassphraseError(
            "口令不正确：签名密钥未解锁，未做任何改动。请重新输入口令（注意大小写和输入法）"
        ) from None
    private = Ed25519PrivateKey.from_private_bytes(seed)
    if raw_public(private) != info.public_key:
        raise InspectorError("工作区中保存的签名密钥已损坏（私钥与公钥不符），请联系督查科重新登记")
    return Signer(private, info)


@writes("keys")
def change_passphrase(db: sqlite_utils.Database, old: str, new: str) -> KeyInfo:
    """Re-wrap the key under a new passphrase (the key and its id stay the same)."""
    signer = unlock(db, old)
    check_passphrase_strength(new)
    kdf, salt, nonce, wrapped = _wrap(signer._private, signer.key_id, new)
    with transaction(db) as conn:
        conn.execute(
            "UPDATE signing_key SET kdf = ?, salt = ?, nonce = ?, wrapped_seed = ? WHERE id = 1",
            [kdf, salt, nonce, wrapped],
        )
    return signer.info


def rotate_key(conn: sqlite3.Connection, old: Signer, passphrase: str) -> Signer:
    """Inside the caller's transaction: replace this workspace's key by a new one wrapped under the same passphrase.

    The old key's private half is not kept; the caller signs whatever hands trust over with `old` before.
    """
    if not conn.in_transaction:
        raise RuntimeError("rotate_key needs an open transaction")
    private = Ed25519PrivateKey.generate()
    public = raw_public(private)
    info = KeyInfo(key_id_of(public), public, to_iso(utc_now()))
    kdf, salt, nonce, wrapped = _wrap(private, info.key_id, passphrase)
    changed = conn.execute(
        "UPDATE signing_key SET key_id = ?, public_key = ?, kdf = ?, salt = ?, nonce = ?, wrapped_seed = ?,"
        " created_at = ? WHERE id = 1 AND key_id = ?",
        [info.key_id, public, kdf, salt, nonce, wrapped, info.created_at, old.key_id],
    ).rowcount
    if changed != 1:
        raise StateError("签名密钥刚刚被另一个操作更换过，未做任何改动，请重新操作")
    return Signer(private, info)
