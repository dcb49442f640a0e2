"""From a reference printed on a document back to the signed finding: every revision with its content hash, the
photos with their SHA-256 (and whether the stored files still match), the bundles that brought it, the decisions.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector.errors import NotFoundError
from inspector.exchange import merge
from inspector.field import inspections
from inspector.field.evidence import get_photo, photo_claimants, photo_path
from inspector.ids import canonical_id
from inspector.letters import REFERENCE_LENGTH, short_reference
from inspector.tracking.decisions import Decision, decisions


@dataclass(frozen=True)
class PhotoTrace:
    """One photo of a finding: its SHA-256 and what was recorded, and whether the stored file still matches.

    Capture time and name are what the finding's own device recorded; `other_devices` lists any other device
    that sent the same bytes (a shared photo: one laptop may have copied another's evidence).
    """

    sha256: str
    captured_at: str | None
    width: int | None
    height: int | None
    original_name: str
    intact: bool | None  # None when no evidence folder was given to check
    other_devices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingTrace:
    """A finding found by its reference, with its whole signed history."""

    finding_id: str
    reference: str
    inspection_id: str
    item_code: str
    item_text: str
    site_code: str
    site_name: str
    district: str
    street: str
    inspector_id: str
    inspector_name: str
    mode: str
    started_at: str
    catalog_version: str
    revisions: tuple[inspections.Finding, ...]
    chain_ok: bool  # every revision's hash recomputes and names its parent's hash
    photos: tuple[PhotoTrace, ...]
    sources: tuple[dict[str, Any], ...]
    decisions: tuple[Decision, ...]

    @property
    def current(self) -> inspections.Finding:
        """The current (highest) revision."""
        return self.revisions[-1]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        data = asdict(self)
        data["decisions"] = [d.as_dict() for d in self.decisions]
        return data


def _chain_ok(revisions: list[inspections.Finding]) -> bool:
    parent = None
    for revision in revisions:
        if revision.parent_hash != parent or inspections.content_hash(revision.as_dict()) != revision.content_hash:
            return False
        parent = revision.content_hash
    return True


def _photo(db: sqlite_utils.Database, sha: str, device: str, evidence_dir: Path | None) -> PhotoTrace:
    intact = None
    if evidence_dir is not None:
        path = photo_path(evidence_dir, sha)
        intact = path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha
    try:
        info = get_photo(db, sha, device)
    except NotFoundError:
        return PhotoTrace(sha, None, None, None, "", intact)
    others = tuple(d for d in photo_claimants(db, sha) if d != device)
    return PhotoTrace(sha, info.captured_at, info.width, info.height, info.original_name, intact, others)


_SQL = """
SELECT f.id, f.inspection_id, f.item_code, COALESCE(c.text, f.item_code), s.code, s.name, s.district, s.street,
       i.inspector_id, COALESCE(p.name, i.inspector_id), i.mode, i.started_at, i.catalog_version, i.device_id
FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN sites s ON s.id = i.site_id
LEFT JOIN catalog_items c ON c.version = i.catalog_version AND c.code = f.item_code
LEFT JOIN inspectors p ON p.id = i.inspector_id
"""
BY_ID = _SQL + " WHERE f.id = ?"  # the stored (canonical) id, on the primary key
BY_REFERENCE = _SQL + " WHERE substr(f.id, -8) = ? ORDER BY f.id"  # the findings_reference index


def find_by_reference(db: sqlite_utils.Database, ref: str, *, evidence_dir: Path | None = None) -> list[FindingTrace]:
    """Every finding a printed reference (8 hex digits) or full id names — normally one — traced to its evidence.

    With `evidence_dir`, each photo file is re-hashed to show it still matches the SHA-256 recorded.
    """
    hexes = ref.strip().lower().replace("-", "")
    full = canonical_id(ref)
    if full is not None:
        rows = db.execute(BY_ID, [full]).fetchall()
    elif len(hexes) == REFERENCE_LENGTH:
        rows = db.execute(BY_REFERENCE, [hexes]).fetchall()
    else:
        raise NotFoundError(f"“{ref}”不是问题编号：请输入文书上印的 8 位编号或完整编号")
    traces = []
    for row in rows:
        revisions = inspections.finding_history(db, row[1], row[2])
        shas = list(dict.fromkeys(sha for revision in revisions for sha in revision.photos))
        traces.append(
            FindingTrace(
                row[0],
                short_reference(row[0]),
                *row[1:13],
                revisions=tuple(revisions),
                chain_ok=_chain_ok(revisions),
                photos=tuple(_photo(db, sha, row[13], evidence_dir) for sha in shas),
                sources=tuple(merge.inspection_sources(db, row[1])),
                decisions=tuple(decisions(db, [row[0]])),
            )
        )
    return traces
