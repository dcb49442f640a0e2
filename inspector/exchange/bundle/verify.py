"""Steps 1-7 of the reference: receive a bundle into a private copy and check it before SQLite ever opens it.

1 private copy with a size cap; 2 strict envelope and canonical manifest; 3 key registered; 4 signature;
5 device matches the key, revocation by sequence number; 6 payload size and hash; 7 replay and equivocation.
Cost before trust: the file is opened once and steps 2-5 run on its header alone; the payload is copied and
hashed (the rest of step 1) only for a manifest validly signed by a registered, unrevoked key.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import strictjson
from inspector.atomic import atomic_path
from inspector.changes import NOTHING, OpChanges
from inspector.envelope import (
    MAGIC_BUNDLE,
    MANIFEST_DEPTH,
    Envelope,
    Header,
    Refusal,
    open_envelope,
    parse_canonical,
)
from inspector.exchange import keys, registry
from inspector.exchange.bundle import manifest as bm
from inspector.ids import uuid7
from inspector.untrusted import printable

MAX_BUNDLE_BYTES = 8 * 1024**3
VERDICTS = ("imported", "duplicate", "rejected", "quarantined", "valid")
VERDICT_LABELS = {
    "imported": "已导入",
    "duplicate": "已导入过",
    "rejected": "已拒收",
    "quarantined": "已隔离",
    "valid": "校验通过",
}
INCOMING = ".incoming"


@dataclass
class Verdict:
    """The outcome for one bundle file, as the results table and the CLI show it."""

    file: str
    verdict: str
    code: str
    reason: str
    file_sha256: str | None = None
    manifest_sha256: str | None = None
    manifest: dict[str, Any] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    gaps: list[int] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    verified: bool = False  # the manifest is the signed word of the registered device it names, not a claim
    changes: OpChanges = field(default=NOTHING, compare=False)  # what merging it changed (set by the merge)

    def __post_init__(self) -> None:
        # the file's name and a reason quoting a manifest come from outside: nothing may reach a terminal raw
        self.file = printable(self.file, limit=1000)
        self.reason = printable(self.reason, limit=2000)

    @property
    def label(self) -> str:
        """The verdict in Chinese."""
        return VERDICT_LABELS[self.verdict]

    @property
    def claims(self) -> dict[str, Any]:
        """Who the manifest says sent the file, when that is not verified (empty when it is, or unreadable)."""
        return {} if self.verified else claims_of(self.manifest)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form, every string from the file made printable."""
        data = {**asdict(self), "label": self.label}
        del data["changes"]  # what the merge changed is for the interface to refresh, not part of the verdict
        data["file"], data["reason"] = printable(self.file, limit=1000), printable(self.reason, limit=2000)
        data["manifest"] = printable_value(self.manifest)
        return data


@dataclass(frozen=True)
class Checked:
    """A bundle that passed steps 1-7: its private copy, its manifest and the registered key that signed it."""

    envelope: Envelope
    manifest: dict[str, Any]
    device: registry.Device


def private_dir(workspace_path: Path) -> Path:
    """A fresh private folder for one received file, inside the workspace (same disk as the evidence store)."""
    folder = workspace_path / INCOMING / uuid7()
    folder.mkdir(parents=True)
    return folder


@dataclass
class Intake:
    """What is known about one received file so far, whichever step refuses it: for its verdict and its record.

    `claims` is the manifest as the file states it (parsed, not trusted); `device` is set only once the signature
    verified under a registered key and the device named matches that key, and only then are the manifest's
    device, key and sequence number the device's own rather than claims.
    """

    source: str
    header: Header | None = None
    claims: dict[str, Any] | None = None
    device: registry.Device | None = None
    envelope: Envelope | None = None
    file_sha256: str | None = None

    @property
    def verified(self) -> bool:
        """Whether the manifest is known to come from the registered device it names."""
        return self.device is not None

    @property
    def manifest_sha256(self) -> str | None:
        """SHA-256 of the manifest bytes, once they were read."""
        return self.header.manifest_sha256 if self.header is not None else None


def check_signed(db: sqlite_utils.Database, header: Header, intake: Intake | None = None) -> dict[str, Any]:
    """Steps 2-5 on the header alone: strict manifest, registered key, signature, device, revocation.

    Nothing of the payload has been read yet. `intake` (when given) learns the claims as soon as the manifest
    parses and the device once it is verified.
    """
    intake = intake if intake is not None else Intake(header.source)
    intake.claims = manifest_of(header)
    manifest = parse_canonical(header.manifest_bytes, what="数据包清单")
    bm.check_manifest(manifest)
    device = registry.find_device(db, manifest["key_id"])
    if device is None:
        raise Refusal(
            "unregistered", f"签名密钥 {manifest['key_id'][:12]}… 没有在办公室登记：请先导入该笔记本的登记文件"
        )
    if not keys.verify_signature(device.public_key, keys.DOMAIN_BUNDLE, header.manifest_bytes, header.signature):
        raise Refusal("signature", "数据包签名无效：文件在导出后被改动过，或不是由登记的笔记本签名")
    if device.device_id != manifest["device_id"]:
        raise Refusal("device_mismatch", "数据包声称的设备与登记的密钥不符")
    intake.device = device
    if manifest["office_key_id"] not in registry.office_key_ids(db):
        raise Refusal(
            "other_office",
            f"这个数据包是交给另一个办公室的（办公室密钥 {manifest['office_key_id'][:12]}…，不是本办公室的密钥）："
            "该笔记本信任的是别的办公室，请让督查员核对导入的信任文件后重新导出",
        )
    if device.revoked_after_seq is not None and manifest["seq"] > device.revoked_after_seq:
        raise Refusal(
            "revoked",
            f"该笔记本的密钥已吊销：只接受序号不超过 {device.revoked_after_seq} 的数据包，此包序号为 {manifest['seq']}",
        )
    return manifest


def check_payload(db: sqlite_utils.Database, envelope: Envelope, manifest: dict[str, Any]) -> None:
    """Steps 6-7 once the payload is copied: its size and hash as signed, then replay and equivocation."""
    payload = manifest["payload"]
    if envelope.payload_size != payload["size"] or envelope.payload_sha256 != payload["sha256"]:
        raise Refusal("payload_hash", "数据包内容与签名清单中的哈希不符：文件在导出后被改动或损坏，请重新拷贝")
    check_replay(db.conn, manifest, envelope.manifest_sha256)


def receive_checked(
    db: sqlite_utils.Database, source: Path | str, folder: Path, intake: Intake, timings: dict[str, float] | None = None
) -> Checked:
    """Steps 1-7, cost before trust: the header is read and its signature checked before the payload is copied.

    The file is opened once; a file refused before its payload was copied is hashed on from the same descriptor
    only when it is small (`intake.file_sha256`), so a refusal never costs a full read of a large file.
    `timings` gets "check" (header and signature) and "receive" (payload copy, hash and replay).
    """
    clock = time.perf_counter()
    with open_envelope(source, magic=MAGIC_BUNDLE, max_bytes=MAX_BUNDLE_BYTES, kind="外勤数据包") as incoming:
        try:
            intake.header = incoming.read_header()
            manifest = check_signed(db, intake.header, intake)
            checked_at = time.perf_counter()
            envelope = incoming.copy_payload(folder)
        except Exception:
            intake.file_sha256 = incoming.rest_sha256()
            raise
    assert intake.device is not None
    intake.envelope, intake.file_sha256 = envelope, envelope.file_sha256
    check_payload(db, envelope, manifest)
    if timings is not None:
        timings["check"] = checked_at - clock
        timings["receive"] = time.perf_counter() - checked_at
    return Checked(envelope, manifest, intake.device)


def check_replay(conn: sqlite3.Connection, manifest: dict[str, Any], manifest_sha: str) -> None:
    """Step 7: the same (device, seq) seen before is a duplicate (same hash) or equivocation (another hash)."""
    device_id, seq = manifest["device_id"], manifest["seq"]
    row = conn.execute(
        "SELECT manifest_sha256 FROM received_bundles WHERE device_id = ? AND seq = ?", [device_id, seq]
    ).fetchone()
    if row is not None:
        if row[0] == manifest_sha:
            raise Refusal("duplicate", f"这个数据包（序号 {seq}）已经导入过，未做任何改动", verdict="duplicate")
        raise Refusal(
            "equivocation",
            f"同一笔记本的序号 {seq} 出现了两个内容不同的数据包：可能密钥已泄露，已隔离待查，请联系该督查员",
            verdict="quarantined",
        )
    before = conn.execute(
        "SELECT manifest_sha256 FROM received_bundles WHERE device_id = ? AND seq = ?", [device_id, seq - 1]
    ).fetchone()
    after = conn.execute(
        "SELECT prev_manifest_sha256 FROM received_bundles WHERE device_id = ? AND seq = ?", [device_id, seq + 1]
    ).fetchone()
    if (before is not None and before[0] != manifest["prev_manifest_sha256"]) or (
        after is not None and after[0] != manifest_sha
    ):
        raise Refusal(
            "chain_fork",
            f"序号 {seq} 的数据包与已导入的相邻数据包接不上（前后哈希不符）：可能是伪造或分叉，已隔离待查",
            verdict="quarantined",
        )


def _claimed(value: Any) -> str:
    return "—" if value is None else printable(value, limit=80)


def manifest_summary(manifest: dict[str, Any] | None, *, verified: bool = True) -> str:
    """A few lines describing a manifest for people; an unverified one is shown as what the file claims."""
    if not manifest:
        return "（无法读取清单）"
    m = manifest
    counts = m.get("counts") if isinstance(m.get("counts"), dict) else {}
    lines = [
        f"数据包 {_claimed(m.get('bundle_id'))}（{'全部重新导出' if m.get('full') is True else '增量导出'}）",
        f"设备：{_claimed(m.get('device_name'))}（{_claimed(m.get('device_id'))}）",
        f"督查员：{_claimed(m.get('inspector_id'))}",
        f"密钥：{_claimed(m.get('key_id'))}；序号 {_claimed(m.get('seq'))}；导出时间 {_claimed(m.get('created_at'))}",
        f"内容：检查 {_claimed(counts.get('inspections'))} 次，检查结果 {_claimed(counts.get('findings'))} 条，"
        f"修订 {_claimed(counts.get('revisions'))} 条，照片 {_claimed(counts.get('photos'))} 张，"
        f"点位 {_claimed(counts.get('sites'))} 个"
        + (f"，作废检查 {_claimed(counts.get('voids'))} 次" if "voids" in counts else ""),
    ]
    if not verified:
        lines.insert(0, "以下是文件自己声称的内容，签名未经核实，不可当真：")
    return "\n".join(lines)


def quarantine_copy(workspace_path: Path, envelope: Envelope) -> Path:
    """Keep a quarantined file, reassembled from the private copy, under quarantine/<sha256>.ibundle."""
    folder = workspace_path / "quarantine"
    folder.mkdir(exist_ok=True)
    target = folder / f"{envelope.file_sha256}.ibundle"
    if not target.exists():
        with atomic_path(target) as tmp, open(tmp, "wb") as out, open(envelope.payload_path, "rb") as payload:
            out.write(envelope.header_bytes)
            shutil.copyfileobj(payload, out, 1024 * 1024)
    return target


def manifest_of(header: Header | Envelope | None) -> dict[str, Any] | None:
    """The manifest as JSON when it can be read at all (for reporting a refused file); None otherwise."""
    if header is None:
        return None
    try:
        value = strictjson.loads(header.manifest_bytes, what="数据包清单", max_depth=MANIFEST_DEPTH)
    except strictjson.JsonRefused:
        return None
    return value if isinstance(value, dict) else None


def claims_of(manifest: dict[str, Any] | None) -> dict[str, Any]:
    """Who a manifest says sent it (device, key, sequence number, bundle id), as printable claims."""
    if not manifest:
        return {}
    claims: dict[str, Any] = {}
    for key in ("device_id", "key_id", "bundle_id", "device_name", "inspector_id"):
        if isinstance(manifest.get(key), str):
            claims[key] = printable(manifest[key], limit=200)
    seq = manifest.get("seq")
    if isinstance(seq, int) and not isinstance(seq, bool) and abs(seq) < 2**53:
        claims["seq"] = seq
    return claims


def printable_value(value: Any, *, limit: int = 200) -> Any:
    """A copy of a JSON value with every string (keys too) printable; walks without recursion."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, str):
            parent[slot] = printable(item, limit=limit)
        elif isinstance(item, dict):
            copy: dict[str, Any] = {}
            parent[slot] = copy
            for key, inner in item.items():
                name = printable(key, limit=limit)
                copy[name] = None
                stack.append((inner, copy, name))
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            parent[slot] = items
            stack.extend((inner, items, n) for n, inner in enumerate(item))
        else:
            parent[slot] = item
    return root[0]
