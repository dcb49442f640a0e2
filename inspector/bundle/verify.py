"""Steps 1-7 of the reference: receive a bundle into a private copy and check it before SQLite ever opens it.

1 private copy with a size cap; 2 strict envelope and canonical manifest; 3 key registered; 4 signature;
5 device matches the key, revocation by sequence number; 6 payload size and hash; 7 replay and equivocation.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import keys, registry
from inspector.atomic import atomic_path
from inspector.bundle import manifest as bm
from inspector.bundle.envelope import MAGIC_BUNDLE, Envelope, Refusal, parse_canonical, receive
from inspector.ids import uuid7

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

    @property
    def label(self) -> str:
        """The verdict in Chinese."""
        return VERDICT_LABELS[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**asdict(self), "label": self.label}


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


def check_received(db: sqlite_utils.Database, envelope: Envelope) -> Checked:
    """Steps 2-7 on a private copy; Refusal (rejected, quarantined or duplicate) at the first failing step."""
    manifest = parse_canonical(envelope.manifest_bytes, what="数据包清单")
    bm.check_manifest(manifest)
    device = registry.find_device(db, manifest["key_id"])
    if device is None:
        raise Refusal(
            "unregistered", f"签名密钥 {manifest['key_id'][:12]}… 没有在办公室登记：请先导入该笔记本的登记文件"
        )
    if not keys.verify_signature(device.public_key, keys.DOMAIN_BUNDLE, envelope.manifest_bytes, envelope.signature):
        raise Refusal("signature", "数据包签名无效：文件在导出后被改动过，或不是由登记的笔记本签名")
    if device.device_id != manifest["device_id"]:
        raise Refusal("device_mismatch", "数据包声称的设备与登记的密钥不符")
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
    payload = manifest["payload"]
    if envelope.payload_size != payload["size"] or envelope.payload_sha256 != payload["sha256"]:
        raise Refusal("payload_hash", "数据包内容与签名清单中的哈希不符：文件在导出后被改动或损坏，请重新拷贝")
    check_replay(db.conn, manifest, envelope.manifest_sha256)
    return Checked(envelope, manifest, device)


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


def receive_bundle(source: Path | str, folder: Path) -> Envelope:
    """Step 1: the private copy."""
    return receive(source, folder, magic=MAGIC_BUNDLE, max_bytes=MAX_BUNDLE_BYTES, kind="外勤数据包")


def manifest_summary(manifest: dict[str, Any] | None) -> str:
    """A few lines describing a manifest for people."""
    if not manifest:
        return "（无法读取清单）"
    counts = manifest.get("counts", {})
    return "\n".join(
        [
            f"数据包 {manifest.get('bundle_id')}（{'全部重新导出' if manifest.get('full') else '增量导出'}）",
            f"设备：{manifest.get('device_name')}（{manifest.get('device_id')}）",
            f"督查员：{manifest.get('inspector_id')}",
            f"密钥：{manifest.get('key_id')}；序号 {manifest.get('seq')}；导出时间 {manifest.get('created_at')}",
            f"内容：检查 {counts.get('inspections')} 次，检查结果 {counts.get('findings')} 条，"
            f"修订 {counts.get('revisions')} 条，照片 {counts.get('photos')} 张，点位 {counts.get('sites')} 个",
        ]
    )


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


def manifest_of(envelope: Envelope | None) -> dict[str, Any] | None:
    """The manifest as JSON when it can be read at all (for reporting a refused file)."""
    if envelope is None:
        return None
    try:
        value = json.loads(envelope.manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def file_sha256(path: Path | str) -> str | None:
    """SHA-256 of a file we could not receive (for the verdict record), or None when unreadable."""
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
