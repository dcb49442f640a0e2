"""The signed envelope shared by bundles and task packs: magic, version, canonical-JSON manifest, signature, payload.

`magic (8) | u16 format version | u32 manifest length (<= 64 KiB) | manifest | 64-byte Ed25519 signature | payload`
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import struct
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import faults, strictjson
from inspector.atomic import fsync_dir, temp_beside
from inspector.errors import InspectorError
from inspector.faults import StorageError
from inspector.store import transaction
from inspector.untrusted import Unreadable, open_regular, printable

MAGIC_BUNDLE = b"CWDCBNDL"
MAGIC_TASK_PACK = b"CWDCTASK"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sHI")
MAX_MANIFEST = 64 * 1024
SIGNATURE_SIZE = 64
CHUNK = 1024 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
MANIFEST_DEPTH = 8


class Refusal(InspectorError):
    """A bundle or task pack that is not accepted: `verdict` (rejected, quarantined, duplicate) and a `code`."""

    def __init__(self, code: str, message: str, *, verdict: str = "rejected"):
        super().__init__(message)
        self.code = code
        self.verdict = verdict


def describe(exc: BaseException) -> str:
    """A one-line description of any exception, even one whose message itself cannot be rendered."""
    try:
        text = str(exc)
    except Exception:
        text = ""
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def parse_canonical(data: bytes, *, what: str = "清单") -> dict[str, Any]:
    """Parse canonical JSON strictly: UTF-8, an object, no duplicate keys, and re-encoding gives the same bytes."""
    try:
        value = strictjson.loads(data, what=what, max_depth=MANIFEST_DEPTH, max_int=strictjson.SAFE_INTEGER)
    except strictjson.JsonRefused as exc:
        raise Refusal("bad_manifest", str(exc)) from None
    if not isinstance(value, dict):
        raise Refusal("bad_manifest", f"{what}应为 JSON 对象")
    try:
        same = canonical_json(value) == data
    except ValueError:  # strictjson refuses what cannot be written back; this keeps it so whatever changes there
        same = False
    if not same:
        raise Refusal("bad_manifest", f"{what}不是规范格式（键未排序、含空格或数字写法不规范），可能被改动过")
    return value


# ---------------------------------------------------------------- manifest field checks


def is_text(value: Any) -> bool:
    """A non-empty string of reasonable length."""
    return isinstance(value, str) and 0 < len(value) <= 200


def is_hex(length: int) -> Callable[[Any], bool]:
    """A checker for lowercase hex strings of one length."""
    return lambda value: isinstance(value, str) and len(value) == length and all(c in "0123456789abcdef" for c in value)


def is_count(value: Any) -> bool:
    """A non-negative integer (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


def optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """A checker that also accepts null."""
    return lambda value: value is None or check(value)


def check_fields(data: Any, spec: Mapping[str, Callable[[Any], bool]], *, where: str) -> None:
    """Refusal('bad_manifest') unless `data` is an object with exactly the keys of `spec`, each passing its check."""
    if not isinstance(data, dict):
        raise Refusal("bad_manifest", f"{where}应为 JSON 对象")
    extra = sorted(set(data) - set(spec))
    missing = sorted(set(spec) - set(data))
    if extra or missing:
        raise Refusal("bad_manifest", f"{where}的字段不符：缺少 {missing or '无'}，多出 {extra or '无'}")
    for name, check in spec.items():
        if not check(data[name]):
            raise Refusal("bad_manifest", f"{where}的字段“{name}”取值无效")


# ---------------------------------------------------------------- reading

HASH_REFUSED_LIMIT = 16 * 1024 * 1024  # a file refused before its payload is hashed whole only up to this size


class _SignedParts:
    """What a header and a received envelope share: the signed manifest and the bytes before the payload."""

    magic: bytes
    version: int
    manifest_bytes: bytes
    signature: bytes

    @property
    def manifest_sha256(self) -> str:
        """SHA-256 of the manifest bytes: the identity of what was signed."""
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    @property
    def header_bytes(self) -> bytes:
        """Everything before the payload, as it was in the file."""
        return HEADER.pack(self.magic, self.version, len(self.manifest_bytes)) + self.manifest_bytes + self.signature


@dataclass(frozen=True)
class Header(_SignedParts):
    """What precedes the payload, as read from the file: nothing in it is checked yet."""

    source: str
    name: str  # the file's name, safe to print
    magic: bytes
    version: int
    manifest_bytes: bytes
    signature: bytes


@dataclass(frozen=True)
class Envelope(_SignedParts):
    """A received file, copied into a private folder: its header parts and where its payload now lives."""

    source: str
    magic: bytes
    version: int
    manifest_bytes: bytes
    signature: bytes
    payload_path: Path
    payload_size: int
    payload_sha256: str
    file_sha256: str
    file_size: int


def _read(fd: int, n: int) -> bytes:
    """One read from a received file's descriptor: every byte taken from such a file comes through here."""
    return os.read(fd, n)


class _PrivateCopy:
    """The receiving side's own file: a write that fails is this machine's fault (a full disk), not the file's."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.out = open(path, "wb")  # noqa: SIM115 - closed in __exit__
        except OSError as exc:
            raise self._fault(exc) from exc

    def _fault(self, exc: OSError) -> StorageError:
        return faults.explain(exc, path=self.path.parent) or StorageError("io", faults.message("io", self.path))

    def write(self, chunk: bytes) -> None:
        try:
            self.out.write(chunk)
        except OSError as exc:
            raise self._fault(exc) from exc

    def __enter__(self) -> _PrivateCopy:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.out.close()
        except OSError as error:
            if exc[0] is None:
                raise self._fault(error) from error


def _unreadable(exc: Unreadable, name: str, kind: str, max_bytes: int) -> Refusal:
    if exc.reason == "missing":
        return Refusal("unreadable", f"无法读取“{name}”（文件不存在）")
    if exc.reason == "directory":
        return Refusal("unreadable", f"“{name}”是文件夹，不是{kind}")
    if exc.reason == "not_regular":
        return Refusal(
            "not_regular", f"“{name}”不是普通文件（可能是设备、命名管道或系统文件），不是{kind}，没有读取其内容"
        )
    if exc.reason == "too_large":
        size = f"有 {exc.size / 2**20:.0f} MB，" if exc.size else "在读取时"
        return Refusal("too_large", f"“{name}”{size}超过{kind}的上限 {max_bytes // 2**20} MB")
    return Refusal("unreadable", f"无法读取“{name}”（{printable(exc.detail or exc.reason, limit=200)}）")


class Incoming:
    """A signed file opened once, from one descriptor: its header is read first, its payload only when asked.

    Nothing is copied or hashed whole before the caller has checked the manifest and its signature, so a file
    with a garbage manifest costs one header read, however large it claims to be. Every read stays within the
    size the descriptor reported when it was opened; the path is never opened again.
    """

    def __init__(self, source: Path | str, *, magic: bytes, max_bytes: int, kind: str):
        self.source = Path(source)
        self.name = printable(self.source.name, limit=120)
        self.magic, self.max_bytes, self.kind = magic, max_bytes, kind
        try:
            self.fd, info = open_regular(self.source, max_bytes)
        except Unreadable as exc:
            raise _unreadable(exc, self.name, kind, max_bytes) from None
        self.size = info.st_size
        self.position = 0
        self.whole = hashlib.sha256()
        self.header: Header | None = None
        if self.size == 0:  # also what /proc and /sys report for files that are never read here
            self.close()
            raise Refusal("empty", f"“{self.name}”是空文件，不是{kind}（可能拷贝未完成）")

    def __enter__(self) -> Incoming:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the descriptor (once)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _take(self, n: int) -> bytes:
        """Up to `n` bytes from where the last read stopped (fewer only at the end of the file)."""
        parts: list[bytes] = []
        want = n
        try:
            while want > 0 and (chunk := _read(self.fd, min(want, CHUNK))):
                parts.append(chunk)
                want -= len(chunk)
        except OSError as exc:
            raise self._read_error(exc) from None
        data = b"".join(parts)
        self.position += len(data)
        self.whole.update(data)
        return data

    def _read_error(self, exc: OSError) -> Refusal:
        detail = printable(exc.strerror or describe(exc), limit=200)
        return Refusal("unreadable", f"读取“{self.name}”时出错（{detail}），请重新拷贝")

    def read_header(self) -> Header:
        """Magic, version, manifest length, manifest and signature: at most 64 KiB + 78 bytes from the file."""
        name, kind = self.name, self.kind
        head = self._take(HEADER.size)
        if len(head) < HEADER.size or head[:8] != self.magic:
            if head.startswith(SQLITE_MAGIC[: len(head)]) and len(head) >= 8:
                raise Refusal("not_bundle", f"“{name}”是普通的 SQLite 数据库，不是带签名的{kind}")
            raise Refusal("not_bundle", f"“{name}”不是{kind}（文件开头标识不符），可能选错了文件")
        _, version, length = HEADER.unpack(head)
        if version != FORMAT_VERSION:
            raise Refusal(
                "bad_version", f"“{name}”的格式版本为 {version}，本软件只认识版本 {FORMAT_VERSION}，请升级软件"
            )
        if not 0 < length <= MAX_MANIFEST:
            raise Refusal("bad_manifest", f"“{name}”的清单长度 {length} 字节不在允许范围内")
        manifest = self._take(length)
        signature = self._take(SIGNATURE_SIZE)
        if len(manifest) < length or len(signature) < SIGNATURE_SIZE:
            raise Refusal("truncated", f"“{name}”不完整（文件被截断），请重新拷贝")
        self.header = Header(str(self.source), name, self.magic, version, manifest, signature)
        return self.header

    def copy_payload(self, private_dir: Path) -> Envelope:
        """Copy the rest of the file (the payload) into `private_dir`, hashing it and the whole file on the way."""
        header = self.header
        if header is None:
            raise RuntimeError("read_header() first")
        payload_path = private_dir / "payload.sqlite"
        payload_hash = hashlib.sha256()
        start = self.position
        # The two hashes run side by side (hashlib releases the GIL on large buffers).
        with _PrivateCopy(payload_path) as out, ThreadPoolExecutor(max_workers=1) as helper:
            while True:
                try:
                    chunk = _read(self.fd, CHUNK)
                except OSError as exc:
                    raise self._read_error(exc) from None
                if not chunk:
                    break
                self.position += len(chunk)
                if self.position > min(self.size, self.max_bytes):
                    raise Refusal("changed", f"“{self.name}”在读取时变大了（可能仍在拷贝），请拷贝完成后重新导入")
                other = helper.submit(self.whole.update, chunk)
                payload_hash.update(chunk)
                out.write(chunk)
                other.result()
        return Envelope(
            source=header.source,
            magic=header.magic,
            version=header.version,
            manifest_bytes=header.manifest_bytes,
            signature=header.signature,
            payload_path=payload_path,
            payload_size=self.position - start,
            payload_sha256=payload_hash.hexdigest(),
            file_sha256=self.whole.hexdigest(),
            file_size=self.position,
        )

    def rest_sha256(self, limit: int = HASH_REFUSED_LIMIT) -> str | None:
        """SHA-256 of the whole file for the record of a refused file, read on from the same descriptor.

        None when the file is larger than `limit` (a refusal must not cost a full read), when reading fails, or
        when the file changed size while it was read.
        """
        if self.fd < 0 or self.size > limit:
            return None
        try:
            while self.position <= self.size and (chunk := _read(self.fd, CHUNK)):
                self.position += len(chunk)
                self.whole.update(chunk)
        except OSError:
            return None
        return self.whole.hexdigest() if self.position == self.size else None


def open_envelope(source: Path | str, *, magic: bytes, max_bytes: int, kind: str) -> Incoming:
    """Open a received file once (a regular file within `max_bytes`); Refusal with a reason otherwise."""
    return Incoming(source, magic=magic, max_bytes=max_bytes, kind=kind)


# ---------------------------------------------------------------- writing


def manifest_sha256_of(path: Path) -> str | None:
    """SHA-256 of the manifest in an envelope file's header, or None when the file is missing or not an envelope."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER.size)
            if len(head) < HEADER.size:
                return None
            _, _, length = HEADER.unpack(head)
            if not 0 < length <= MAX_MANIFEST:
                return None
            manifest = f.read(length)
    except OSError:
        return None
    return hashlib.sha256(manifest).hexdigest() if len(manifest) == length else None


def write_temp(
    out: Path,
    *,
    magic: bytes,
    manifest: bytes,
    signature: bytes,
    payload: Path,
    temp: Path | None = None,
    checkpoint: Callable[[str], None] | None = None,
) -> Path:
    """Write the whole file under a temporary name next to `out` and fsync it; the caller renames it into place.

    `temp` names the temporary file (created, never overwritten), else a fresh `.<name>.<random>.part`;
    `checkpoint` is told "header", "written" and "synced" as the file gets there.
    """
    if len(manifest) > MAX_MANIFEST or len(signature) != SIGNATURE_SIZE:
        raise ValueError("manifest too long or bad signature length")
    out.parent.mkdir(parents=True, exist_ok=True)
    if temp is None:
        fd, made = temp_beside(out)
        name = str(made)
    else:
        fd, name = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), str(temp)
    step = checkpoint or (lambda _name: None)
    try:
        with os.fdopen(fd, "wb") as f, open(payload, "rb") as src:
            f.write(HEADER.pack(magic, FORMAT_VERSION, len(manifest)) + manifest + signature)
            f.flush()
            step("header")
            while chunk := src.read(CHUNK):
                f.write(chunk)
            f.flush()
            step("written")
            os.fsync(f.fileno())
            step("synced")
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return Path(name)


def publish(db: sqlite_utils.Database, tmp: Path, target: Path, record: Callable[[sqlite3.Connection], None]) -> None:
    """Record a written file and rename it into place in one transaction; if anything fails, neither happens.

    A process killed between the rename and the commit leaves the file without its record; field bundles,
    where that could spend a sequence number twice, go through the export ledger instead (bundle.export).
    """
    renamed = False
    try:
        with transaction(db) as conn:
            record(conn)
            if target.exists():
                raise FileExistsError(errno.EEXIST, "target exists", str(target))
            os.replace(tmp, target)
            renamed = True
            fsync_dir(target.parent)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(target if renamed else tmp)
        raise


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
