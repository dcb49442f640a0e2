"""Shared scenery for the bundle, merge and task-pack tests (no tests here).

One office, two registered laptops (A: I-001, B: I-002) and a rogue laptop R that this office never registered
(it is registered at another office, `other`, whose key it pinned), built once per session; bundles a1..a4,
b1..b2 and r1 exported by the real export code. Tests copy the office workspace.
`forge` re-signs an altered bundle with a laptop's real key, so attacks get past the signature to SQLite.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from inspector import catalog, forms, workspace
from inspector.envelope import HEADER, MAGIC_BUNDLE, SIGNATURE_SIZE, canonical_json
from inspector.exchange import keys, registry
from inspector.exchange.bundle import export
from inspector.exchange.keys import Signer
from inspector.field import evidence, inspections
from inspector.register import inspectors, sites

OFFICE_PASS = "office-passphrase-1"
FIELD_PASS = "field-passphrase-1"
START = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


def photo_bytes(seed: int, size: int = 48) -> bytes:
    """A small, distinct JPEG."""
    img = Image.new("RGB", (size, size), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    img.putpixel((seed % size, (seed // size) % size), (255 - seed % 256, 0, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def field_workspace(path: Path, person: dict[str, str]) -> workspace.Workspace:
    """A laptop with the register imported on its own (so its site ids differ from the office's) and a key."""
    ws = workspace.init_workspace(path, role="field", inspector=person)
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    keys.init_key(ws.db, FIELD_PASS)
    return ws


def office_workspace(path: Path) -> workspace.Workspace:
    """An office with the register, the roster and a signing key."""
    ws = workspace.init_workspace(path, role="office")
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    keys.init_key(ws.db, OFFICE_PASS)
    return ws


def register(office: workspace.Workspace, laptop: workspace.Workspace, folder: Path) -> None:
    """Registration file → office registry → trust file → pinned on the laptop."""
    reg = folder / f"{laptop.device_id}.json"
    registry.export_registration(laptop, FIELD_PASS, reg)
    registry.register_device(office, reg, OFFICE_PASS, trust_out=reg.with_suffix(".trust.json"))
    registry.import_trust(laptop, reg.with_suffix(".trust.json"))


def inspect(
    ws: workspace.Workspace,
    *,
    site_code: str,
    when: datetime,
    fails: int = 1,
    photos: int = 1,
    finish: bool = True,
    seed: int = 0,
    site_id: str | None = None,
) -> inspections.Inspection:
    """Walk a whole checklist: the first `fails` items fail (with photos), the rest pass."""
    site_id = site_id or sites.get_site(ws.db, site_code).id
    person = ws.inspector["id"]
    insp = inspections.start_inspection(ws.db, site_id=site_id, inspector_id=person, mode="announced", started_at=when)
    for n, item in enumerate(inspections.inspection_checklist(ws.db, insp).items):
        moment = when + timedelta(seconds=10 * n)
        if n < fails:
            shas = [
                evidence.import_photo(
                    ws.db, ws.evidence_dir, photo_bytes(seed * 100 + n * 10 + k), device_id=ws.device_id
                ).sha256
                for k in range(photos)
            ]
            inspections.record_finding(
                ws.db, insp.id, item.code, outcome="fail", count=1 + n % 2, photos=shas, recorded_at=moment
            )
        else:
            inspections.record_finding(ws.db, insp.id, item.code, outcome="pass", recorded_at=moment)
    if finish:
        inspections.finish_inspection(ws.db, insp.id, finished_at=when + timedelta(minutes=30))
    return inspections.get_inspection(ws.db, insp.id)


@dataclass
class Kit:
    """Everything built once: workspaces (closed), bundle files and the laptops' unlocked keys."""

    root: Path
    office: Path
    other: Path
    bundles: dict[str, Path] = field(default_factory=dict)
    signers: dict[str, Signer] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)
    laptops: dict[str, Path] = field(default_factory=dict)

    def office_copy(self, target: Path) -> workspace.Workspace:
        """A private copy of the office workspace, opened."""
        shutil.copytree(self.office, target)
        return workspace.open_workspace(target)

    def other_office_copy(self, target: Path) -> workspace.Workspace:
        """A private copy of the other office (where only R is registered), opened."""
        shutil.copytree(self.other, target)
        return workspace.open_workspace(target)

    def laptop_copy(self, name: str, target: Path) -> workspace.Workspace:
        """A private copy of laptop A, B or R, opened."""
        shutil.copytree(self.laptops[name], target)
        return workspace.open_workspace(target)


def build_kit(root: Path) -> Kit:
    """Office, laptops A and B (registered), rogue laptop R (registered only at another office), and their bundles."""
    root.mkdir(parents=True, exist_ok=True)
    kit = Kit(root, root / "office", root / "other-office")
    office = office_workspace(kit.office)
    other = office_workspace(kit.other)
    people = {
        "A": {"id": "I-001", "name": "张明", "district": "云栖区", "unit": ""},
        "B": {"id": "I-002", "name": "李静", "district": "望澜区", "unit": ""},
        "R": {"id": "I-003", "name": "王芳", "district": "", "unit": ""},
    }
    laptops = {name: field_workspace(root / f"laptop-{name}", person) for name, person in people.items()}
    for name in ("A", "B"):
        register(office, laptops[name], root)
    register(other, laptops["R"], root)
    out = root / "bundles"
    out.mkdir()
    a, b, r = laptops["A"], laptops["B"], laptops["R"]
    field_site = sites.add_site(
        a.db,
        name="新发现的流动摊点",
        site_type="market",
        district="云栖区",
        street="明月街道",
        address="桂香巷口",
        responsible_unit="明月街道办事处",
        site_types={t.code: t.name for t in catalog.get_catalog(a.db).site_types},
    )
    first = inspect(a, site_code="YX-003", when=START, fails=2, photos=2, seed=1)
    second = inspect(a, site_code="", site_id=field_site.id, when=START + timedelta(hours=2), seed=2, finish=False)
    kit.bundles["a1"] = Path(export.export_bundle(a, out / "a1.ibundle", FIELD_PASS).path)
    code = inspections.current_findings(a.db, first.id)[2].item_code
    inspections.record_finding(a.db, first.id, code, outcome="fail", count=3, note="复核后补记", reason="补记")
    inspect(a, site_code="YX-002", when=START + timedelta(days=1), seed=3, fails=1, photos=1)
    kit.bundles["a2"] = Path(export.export_bundle(a, out / "a2.ibundle", FIELD_PASS).path)
    extra = evidence.import_photo(a.db, a.evidence_dir, photo_bytes(999), device_id=a.device_id).sha256
    code = inspections.current_findings(a.db, second.id)[1].item_code
    inspections.record_finding(a.db, second.id, code, outcome="fail", count=2, note="补拍", photos=[extra])
    inspections.finish_inspection(a.db, second.id, finished_at=START + timedelta(hours=3))
    kit.bundles["a3"] = Path(export.export_bundle(a, out / "a3.ibundle", FIELD_PASS).path)
    kit.bundles["a4"] = Path(export.export_bundle(a, out / "a4.ibundle", FIELD_PASS, full=True).path)
    inspect(b, site_code="WL-004", when=START, seed=4, fails=1, photos=1)
    kit.bundles["b1"] = Path(export.export_bundle(b, out / "b1.ibundle", FIELD_PASS).path)
    inspect(b, site_code="WL-005", when=START + timedelta(days=1), seed=5, fails=0, photos=0)
    kit.bundles["b2"] = Path(export.export_bundle(b, out / "b2.ibundle", FIELD_PASS).path)
    inspect(r, site_code="YX-003", when=START, seed=6)
    kit.bundles["r1"] = Path(export.export_bundle(r, out / "r1.ibundle", FIELD_PASS).path)
    for name, ws in laptops.items():
        kit.signers[name] = keys.unlock(ws.db, FIELD_PASS)
        kit.devices[name] = ws.device_id
        kit.laptops[name] = ws.path
        ws.close()
    office.close()
    other.close()
    return kit


_BUILT: list[Kit] = []


@pytest.fixture(scope="session", name="kit")
def kit_fixture(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    """The shared scenery, built once per test session however many modules import this fixture."""
    if not _BUILT:
        _BUILT.append(build_kit(tmp_path_factory.mktemp("kit")))
    return _BUILT[0]


@pytest.fixture(name="office")
def office_fixture(kit: Kit, tmp_path: Path):
    """A fresh copy of the office workspace."""
    ws = kit.office_copy(tmp_path / "office")
    yield ws
    ws.close()


# ---------------------------------------------------------------- forging altered bundles


def split(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(manifest, signature, payload) of a bundle file's bytes."""
    _, _, length = HEADER.unpack(data[: HEADER.size])
    manifest = json.loads(data[HEADER.size : HEADER.size + length])
    signature = data[HEADER.size + length : HEADER.size + length + SIGNATURE_SIZE]
    return manifest, signature, data[HEADER.size + length + SIGNATURE_SIZE :]


def assemble(manifest: dict[str, Any], payload: bytes, signer: Signer | None, signature: bytes | None = None) -> bytes:
    """A bundle file from a manifest (re-signed by `signer` unless a signature is given) and payload bytes."""
    body = canonical_json(manifest)
    sig = signature if signature is not None else signer.sign(keys.DOMAIN_BUNDLE, body)
    return HEADER.pack(MAGIC_BUNDLE, 1, len(body)) + body + sig + payload


def edit_payload(payload: bytes, work: Path, edit: Callable[[sqlite3.Connection], None]) -> bytes:
    """Apply SQL to a copy of a payload and return the new file bytes."""
    path = work / f"edit-{hashlib.sha256(payload).hexdigest()[:8]}.sqlite"
    path.write_bytes(payload)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        edit(conn)
    finally:
        conn.close()
    data = path.read_bytes()
    path.unlink()
    return data


def forge(
    kit: Kit,
    base: str,
    target: Path,
    *,
    sql: Callable[[sqlite3.Connection], None] | None = None,
    raw: Callable[[bytes], bytes] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    signer: str | None = None,
    seq: int | None = None,
    recount: bool = False,
) -> Path:
    """An altered copy of a kit bundle, correctly hashed and signed again by a laptop's real key."""
    data = kit.bundles[base].read_bytes()
    doc, _, payload = split(data)
    if sql is not None:
        payload = edit_payload(payload, target.parent, sql)
    if raw is not None:
        payload = raw(payload)
    doc["payload"] = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}
    if recount:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(payload)
        tables = {"revisions": "finding_revisions", "voids": "inspection_voids"}
        doc["counts"] = {
            name: conn.execute(f"SELECT COUNT(*) FROM {tables.get(name, name)}").fetchone()[0] for name in doc["counts"]
        }
        conn.close()
    if seq is not None:
        doc["seq"] = seq
        doc["prev_manifest_sha256"] = doc["prev_manifest_sha256"] or ("0" * 64 if seq > 1 else None)
    if manifest is not None:
        manifest(doc)
    owner = signer or base[0].upper()
    target.write_bytes(assemble(doc, payload, kit.signers[owner]))
    return target


def set_wal(payload: bytes) -> bytes:
    """The payload with its header saying WAL mode (bytes 18 and 19 = 2)."""
    return payload[:18] + b"\x02\x02" + payload[20:]


def page_size(payload: bytes) -> int:
    """The payload's SQLite page size."""
    size = struct.unpack(">H", payload[16:18])[0]
    return 65536 if size == 1 else size
