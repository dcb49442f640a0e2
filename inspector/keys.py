"""Signing keys: one Ed25519 key per workspace, its seed kept only wrapped (scrypt → AES-GCM) under a passphrase."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

import sqlite_utils
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from inspector.errors import InspectorError, StateError
from inspector.ids import to_iso, utc_now
from inspector.store import transaction

# Domain strings: a signature made for one kind of document can never pass as another kind.
DOMAIN_BUNDLE = b"inspector/field-bundle/v1\x00"
DOMAIN_TASK_PACK = b"inspector/task-pack/v1\x00"
DOMAIN_REGISTRATION = b"inspector/registration/v1\x00"
DOMAIN_TRUST = b"inspector/office-trust/v1\x00"

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8
_WRAP_AAD = b"inspector/wrapped-seed/v1\x00"


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


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_passphrase_strength(passphrase: str) -> None:
    """PassphraseError unless the passphrase is long enough to protect a key on a laptop that may be stolen."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(f"口令太短：至少需要 {MIN_PASSPHRASE} 个字符（可用中文、字母、数字组合）")
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
        raise StateError("这个工作区还没有签名密钥：请先运行 python main.py keys init 设置口令")
    return info


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
    kdf = json.dumps({"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}, sort_keys=True)
    wrapped = AESGCM(_derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, seed, _WRAP_AAD + key_id.encode()
    )
    return kdf, salt, nonce, wrapped


def unlock(db: sqlite_utils.Database, passphrase: str) -> Signer:
    """Unwrap the private key with the passphrase; PassphraseError when it is wrong (nothing is changed)."""
    info = require_key(db)
    row = db.execute("SELECT kdf, salt, nonce, wrapped_seed FROM signing_key WHERE id = 1").fetchone()
    params = json.loads(row[0])
    if params.get("name") != "scrypt":
        raise InspectorError(f"不支持的密钥保护算法“{params.get('name')}”，请升级软件")
    key = _derive(passphrase, bytes(row[1]), int(params["n"]), int(params["r"]), int(params["p"]))
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
