"""Step 9 of the reference: read a bundle payload's rows with explicit columns and check every one.

Types are checked in Python, every revision's content hash is recomputed, revision chains must link, every
record must belong to the signing device, rechecks must point at an inspection of the same site without
forming a loop, and photo bytes must hash to their names and be what the evidence store holds (a whole baseline
JPEG within the caps, of the width and height their row claims). Reading raises Refusal.

Every statement runs under the payload's progress budget. Photo bytes are read by incremental blob I/O, which
no progress handler sees: they are bounded by size instead (each photo's stored length is checked before it
is opened, and all photos together cannot exceed the payload file).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from inspector import strictjson, voids
from inspector.catalog import Catalog
from inspector.envelope import CHUNK, Refusal
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.catalogs import catalog_from_canonical
from inspector.exchange.bundle.payload import OpenPayload, row_checker
from inspector.exchange.bundle.photocheck import JpegCheck, PhotoProblem
from inspector.field.inspections import OUTCOMES
from inspector.ids import from_iso
from inspector.untrusted import printable

MAX_PHOTO_BYTES = 32 * 1024 * 1024
DRAW_DEPTH = 16
_SHA = re.compile(r"[0-9a-f]{64}")
_REVISION_KEYS = (
    "finding_id",
    "inspection_id",
    "item_code",
    "rev",
    "outcome",
    "count",
    "note",
    "photos",
    "multiplier",
    "deduction",
    "responsible_unit",
    "deadline",
    "reason",
    "recorded_at",
    "device_id",
    "parent_hash",
)


# The same encoder `inspections.content_hash` uses (json.dumps with these arguments builds exactly this one).
_HASH_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _revision_hash(body: dict[str, Any]) -> str:
    """`inspections.content_hash` of a revision body without its hash, with a reused encoder (it is hot)."""
    return hashlib.sha256(_HASH_ENCODER.encode(body).encode("utf-8")).hexdigest()


def _json(text: str, what: str, depth: int) -> Any:
    """A JSON value held in a payload column, read strictly (bounded nesting); JsonRefused (a ValueError) if not."""
    return strictjson.loads(text, what=what, max_depth=depth)


def _photo_list(text: str) -> list[str] | None:
    """A revision's photo list, or None unless it is a JSON list of distinct SHA-256 hex strings."""
    try:
        value = _json(text, "照片列表", 2)
    except ValueError:
        return None
    if (
        not isinstance(value, list)
        or not all(isinstance(p, str) and _SHA.fullmatch(p) for p in value)
        or len(set(value)) != len(value)
    ):
        return None
    return value


def _type_checker(table: str) -> Callable[[tuple], None]:
    return row_checker(table, tuple(col for col in bm.COLUMNS[table] if col[0] != "data"))


@dataclass
class PhotoRef:
    """A photo row of the payload, read without its bytes."""

    rowid: int
    sha256: str
    meta: tuple  # sha256, width, height, size, captured_at, gps_lat, gps_lon, original_name, imported_at, device_id


@dataclass
class BundleContent:
    """What the small tables of a payload hold, after their checks (revisions and photos are streamed)."""

    catalogs: dict[str, Catalog] = field(default_factory=dict)
    sites: list[tuple] = field(default_factory=list)
    draws: list[tuple] = field(default_factory=list)
    inspections: list[tuple] = field(default_factory=list)
    findings: list[tuple] = field(default_factory=list)
    photos: list[PhotoRef] = field(default_factory=list)
    referenced_photos: set[str] = field(default_factory=set)
    voids: list[tuple] = field(default_factory=list)  # inspection_id, reason, voided_at, device_id, recorded_at


def _check_recheck_loops(recheck_of: dict[str, str | None]) -> None:
    """Refuse rechecks that lead back to themselves (A rechecks B, B rechecks A), whatever the loop's length."""
    settled: set[str] = set()
    for start in recheck_of:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled:
            if node in on_path:
                raise Refusal("bad_row", f"检查 {node} 的复查关系构成了循环（复查链最终又指回它自己）")
            on_path.add(node)
            path.append(node)
            node = recheck_of.get(node)
        settled.update(path)


class BundleReader:
    """Reads and checks the rows of one opened payload against its signed manifest."""

    def __init__(self, payload: OpenPayload, manifest: dict[str, Any]):
        self.conn = payload.conn
        self.budget = payload.budget
        self.manifest = manifest
        self.device_id: str = manifest["device_id"]
        self.content = BundleContent()
        self.payload_size = payload.size
        self._catalog_of: dict[str, str] = {}
        self._codes: dict[str, frozenset[str]] = {}
        self.revision_count = 0
        self.photo_check_seconds = 0.0  # time spent checking photo formats (for the benchmark)

    def _rows(self, table: str, *, order: str, without: tuple[str, ...] = ()) -> Iterator[tuple]:
        check = _type_checker(table)
        cols = bm.columns(table, without=without)
        for row in self.conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"):
            check(row)
            yield row

    def read_tables(self) -> BundleContent:
        """Read and check everything but revisions and photo bytes."""
        content = self.content
        for version, name, canonical in self._rows("catalog_versions", order="version"):
            content.catalogs[version] = catalog_from_canonical(version, name, canonical)
        if sorted(content.catalogs) != self.manifest["catalog_versions"]:
            raise Refusal("bad_row", "数据包中的负面清单版本与签名清单所列不一致")
        content.sites = list(self._rows("sites", order="id"))
        for row in content.sites:
            if row[8] not in ("register", "field"):
                raise Refusal("bad_row", f"点位 {row[1]} 的来源“{row[8]}”无效")
        content.draws = list(self._rows("draws", order="id"))
        for row in content.draws:  # kept in the office and read back whenever the draw is shown
            for column in (6, 7, 8):
                try:
                    _json(row[column], "抽签记录", DRAW_DEPTH)
                except ValueError as exc:
                    raise Refusal("bad_row", f"抽签记录 {row[0]} 的内容无效（{exc}）") from None
        site_ids = {row[0] for row in content.sites}
        draw_ids = {row[0] for row in content.draws}
        content.inspections = list(self._rows("inspections", order="id"))
        sites_of = {row[0]: row[1] for row in content.inspections}
        for row in content.inspections:
            self._check_inspection(row, site_ids, draw_ids, sites_of)
        _check_recheck_loops({row[0]: row[9] for row in content.inspections})
        if bm.carries_voids(self.manifest):
            content.voids = list(self._rows("inspection_voids", order="inspection_id"))
            for iid, reason, voided_at, device, recorded_at in content.voids:
                self._check_void(iid, reason, device, sites_of)
                for stamp in (voided_at, recorded_at):
                    try:
                        from_iso(stamp)
                    except (ValueError, OverflowError):
                        raise Refusal("bad_row", f"检查 {iid} 的作废时间无效") from None
        content.findings = list(self._rows("findings", order="id"))
        seen: set[tuple[str, str]] = set()
        for finding_id, inspection_id, item_code, _ in content.findings:
            if inspection_id not in sites_of:
                raise Refusal("bad_row", f"检查结果 {finding_id} 所属的检查不在数据包中")
            if (inspection_id, item_code) in seen:
                raise Refusal("bad_row", f"同一检查的条目 {item_code} 出现了两个检查结果")
            seen.add((inspection_id, item_code))
            if item_code not in self._items(inspection_id):
                raise Refusal("bad_row", f"条目 {item_code} 不在检查所用的负面清单中")
        check = _type_checker("photos")
        cols = ", ".join(bm.columns("photos", without=("data",)))
        total = 0
        # typeof() and length() of a column read its record header only, never the blob's pages.
        for row in self.conn.execute(f"SELECT rowid, typeof(data), length(data), {cols} FROM photos"):
            meta = row[3:]
            check(meta)
            if not _SHA.fullmatch(meta[0]):
                raise Refusal("bad_row", "数据包中的照片编号不是有效的 SHA-256")
            if meta[9] != self.device_id:
                raise Refusal("foreign_device", f"照片 {meta[0][:12]} 属于另一台设备，不能由本设备提交")
            self._check_photo_size(meta[0], row[1], row[2], meta[3])
            total += row[2]
            content.photos.append(PhotoRef(row[0], meta[0], meta))
        if total > self.payload_size:
            raise Refusal("too_big", "数据包中照片的总大小超过了数据包本身，数据库结构有误，已拒收")
        return content

    @staticmethod
    def _check_photo_size(sha: str, kind: str, length: int, declared: int) -> None:
        if kind != "blob":
            raise Refusal("bad_row", f"照片 {sha[:12]} 的数据不是二进制内容（{kind}）")
        if length > MAX_PHOTO_BYTES:
            raise Refusal("too_big", f"照片 {sha[:12]} 有 {length / 2**20:.0f} MB，超过上限，已拒收")
        if length != declared:
            raise Refusal("photo_hash", f"照片 {sha[:12]} 的大小与记录不符")

    def _items(self, inspection_id: str) -> frozenset[str]:
        version = self._catalog_of[inspection_id]
        if version not in self._codes:
            self._codes[version] = frozenset(item.code for item in self.content.catalogs[version].items)
        return self._codes[version]

    def _check_inspection(self, row: tuple, site_ids: set[str], draw_ids: set[str], sites_of: dict[str, str]) -> None:
        (iid, site_id, _, mode, version, _, _, _, device, recheck_of, draw_id, sample_id, codes, status) = row[:14]
        if device != self.device_id:
            raise Refusal("foreign_device", f"检查 {iid} 由另一台设备（{device}）创建，不能由本设备提交")
        if mode not in ("announced", "unannounced") or status not in ("open", "finished"):
            raise Refusal("bad_row", f"检查 {iid} 的检查方式或状态无效")
        if site_id not in site_ids or version not in self.content.catalogs:
            raise Refusal("bad_row", f"检查 {iid} 引用的点位或负面清单不在数据包中")
        if (draw_id and draw_id not in draw_ids) or (sample_id and sample_id not in draw_ids):
            raise Refusal("bad_row", f"检查 {iid} 引用的抽签记录不在数据包中")
        if recheck_of is not None:
            if recheck_of == iid:
                raise Refusal("bad_row", f"复查 {iid} 针对的是它自己：一次检查不能复查自身")
            if recheck_of not in sites_of:
                raise Refusal("bad_row", f"复查 {iid} 所针对的原检查不在数据包中")
            if sites_of[recheck_of] != site_id:
                raise Refusal("bad_row", f"复查 {iid} 与它所针对的原检查 {recheck_of} 不是同一点位")
        if codes is not None:
            try:
                parsed = _json(codes, "抽样条目列表", 2)
            except ValueError:
                parsed = None
            if not isinstance(parsed, list) or not all(isinstance(c, str) for c in parsed):
                raise Refusal("bad_row", f"检查 {iid} 的抽样条目列表无效")
        self._catalog_of[iid] = version

    def _check_void(self, iid: str, reason: str, device: str, sites_of: dict[str, str]) -> None:
        """A void names an inspection of the same payload, of the signing device, with a reason."""
        if device != self.device_id:
            raise Refusal("foreign_device", f"检查 {iid} 的作废记录由另一台设备（{device}）作出，不能由本设备提交")
        if iid not in sites_of:
            raise Refusal("bad_row", f"作废记录所针对的检查 {iid} 不在数据包中")
        if not reason.strip() or len(reason) > voids.MAX_REASON or printable(reason) != reason:
            raise Refusal("bad_row", f"检查 {iid} 的作废原因为空、过长或含有控制字符")

    def revisions(self, batch: int = 2000) -> Iterator[list[tuple]]:
        """Every revision, checked (types, device, hash, chain, photos), in batches ordered by finding and rev."""
        check = _type_checker("finding_revisions")
        cols = ", ".join(f"r.{c}" for c in bm.columns("finding_revisions"))
        sql = (
            f"SELECT {cols}, f.inspection_id, f.item_code FROM finding_revisions r"
            " LEFT JOIN findings f ON f.id = r.finding_id ORDER BY r.finding_id, r.rev"
        )
        out: list[tuple] = []
        previous: tuple | None = None
        touched: set[str] = set()
        self.revision_count = 0
        for row in self.conn.execute(sql):
            out.append(self._check_revision(row, check, previous))
            previous = row
            touched.add(row[0])
            self.revision_count += 1
            if len(out) >= batch:
                yield out
                out = []
        if out:
            yield out
        missing = {row[0] for row in self.content.findings} - touched
        if missing:
            raise Refusal("bad_row", f"{len(missing)} 个检查结果没有任何修订记录")

    def _check_revision(self, row: tuple, check: Callable[[tuple], None], previous: tuple | None) -> tuple:
        revision, inspection_id, item_code = row[:15], row[15], row[16]
        check(revision)
        finding_id, rev, outcome, count, _, photos, _, _, _, _, _, _, device, parent, stored_hash = revision
        if inspection_id is None:
            raise Refusal("bad_row", f"修订 {finding_id}#{rev} 所属的检查结果不在数据包中")
        if device != self.device_id:
            raise Refusal("foreign_device", f"修订 {finding_id}#{rev} 由另一台设备（{device}）记录，不能由本设备提交")
        if outcome not in OUTCOMES or count < 0:
            raise Refusal("bad_row", f"修订 {finding_id}#{rev} 的结果或处数无效")
        photo_list = [] if photos == "[]" else _photo_list(photos)
        if photo_list is None:
            raise Refusal("bad_row", f"修订 {finding_id}#{rev} 的照片列表无效")
        body = dict(zip(_REVISION_KEYS, (finding_id, inspection_id, item_code, *revision[1:14]), strict=True))
        body["photos"] = photo_list
        if _revision_hash(body) != stored_hash:
            raise Refusal("content_hash", f"修订 {finding_id}#{rev} 的内容与其哈希不符（内容被改动过）")
        if previous is not None and previous[0] == finding_id:
            if rev != previous[1] + 1 or parent != previous[14]:
                raise Refusal("chain", f"检查结果 {finding_id} 的修订链断开：第 {rev} 版没有接上第 {previous[1]} 版")
        elif rev != 1 or parent is not None:
            raise Refusal("chain", f"检查结果 {finding_id} 的修订链不完整：缺少第 1 版或第 1 版带有上一版哈希")
        if not photo_list:
            return revision if photos == "[]" else (*revision[:5], "[]", *revision[6:])
        self.content.referenced_photos.update(photo_list)
        return (*revision[:5], json.dumps(photo_list), *revision[6:])

    def check_photo_set(self) -> None:
        """Every photo a revision names is in the payload, and the payload holds no other photo."""
        present = {ref.sha256 for ref in self.content.photos}
        missing = self.content.referenced_photos - present
        if missing:
            raise Refusal(
                "photo_missing", f"数据包缺少 {len(missing)} 张被检查结果引用的照片（如 {min(missing)[:12]}）"
            )
        extra = present - self.content.referenced_photos
        if extra:
            raise Refusal("bad_row", f"数据包中有 {len(extra)} 张没有被任何检查结果引用的照片")

    def stream_photo(self, ref: PhotoRef, sink: Callable[[bytes], Any] | None = None) -> None:
        """Read one photo's bytes in chunks (never whole), feeding `sink`; Refusal unless they hash to its name
        and are a photo the evidence store holds (a whole baseline JPEG within the caps, of the size its row says).
        """
        with self.conn.blobopen("photos", "data", ref.rowid, readonly=True) as blob:
            self._check_photo_size(ref.sha256, "blob", len(blob), ref.meta[3])
            digest = hashlib.sha256()
            check = JpegCheck()
            checking = 0.0
            while chunk := blob.read(CHUNK):
                digest.update(chunk)
                started = time.perf_counter()
                check.feed(chunk)
                checking += time.perf_counter() - started
                if sink is not None:
                    sink(chunk)
        if digest.hexdigest() != ref.sha256:
            raise Refusal("photo_hash", f"照片 {ref.sha256[:12]} 的内容与其 SHA-256 不符（照片被改动过）")
        started = time.perf_counter()
        try:
            size = check.finish()
        except PhotoProblem as problem:
            raise Refusal(
                "bad_photo",
                f"照片 {ref.sha256[:12]}（{printable(ref.meta[7], limit=60)}）{problem}，不是证据库接受的照片，"
                "整个数据包已拒收",
            ) from None
        finally:
            self.photo_check_seconds += checking + time.perf_counter() - started
        if size != (ref.meta[1], ref.meta[2]):
            raise Refusal(
                "photo_facts",
                f"照片 {ref.sha256[:12]}（{printable(ref.meta[7], limit=60)}）记录的尺寸 {ref.meta[1]}×{ref.meta[2]}"
                f" 与照片本身的 {size[0]}×{size[1]} 不符，整个数据包已拒收",
            )

    def check_counts(self, revisions: int) -> dict[str, int]:
        """The row counts, which must equal the signed manifest's."""
        content = self.content
        counts = {
            "catalog_versions": len(content.catalogs),
            "draws": len(content.draws),
            "findings": len(content.findings),
            "inspections": len(content.inspections),
            "photos": len(content.photos),
            "revisions": revisions,
            "sites": len(content.sites),
        }
        if bm.carries_voids(self.manifest):
            counts["voids"] = len(content.voids)
        if counts != self.manifest["counts"]:
            raise Refusal("counts", "数据包中的记录数与签名清单不一致")
        return counts
