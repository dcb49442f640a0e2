"""Merging a week of field bundles in the office: `merge_paths` against a plain sqlite3 copy of the same rows.

Field data is written straight into laptop workspaces with SQL (for speed), but every bundle is produced by
the real `export_bundle` and merged by the real `merge_paths`, with every check of the reference on. The
baseline copies the same payload rows (photo bytes included) with ATTACH + INSERT … SELECT, one transaction
per bundle, into a database with the same schema and pragmas, with no verification at all.

Both sides run in fresh child processes, so the peak-memory figure (ru_maxrss growth during the merge, which
counts SQLite's and the C libraries' memory as well as Python's) is the merge's own.

    python bench/bench_merge.py                   # 50 bundles, 2,500 inspections, 150,000 findings, 2,500 photos
    python bench/bench_merge.py --scale 0.1       # a quick run
    python bench/bench_merge.py --scale 0.2 --photos 2000   # same rows, four times the photos: memory stays flat
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import demo_workspace, ratio_line

from inspector import catalog, forms, scoring, workspace
from inspector.envelope import HEADER, SIGNATURE_SIZE
from inspector.exchange import keys, registry
from inspector.exchange.bundle import export
from inspector.exchange.bundle import manifest as bm
from inspector.field.evidence import photo_path
from inspector.field.inspections import content_hash
from inspector.ids import uuid7
from inspector.register import sites
from inspector.store import open_db, transaction

PASS = "bench-passphrase-1"
FINDINGS_PER_INSPECTION = 60
VERIFY_STAGES = ("receive", "check", "open", "rows", "photos", "photo_check")


PHOTO_SIZE = (1600, 1200)


@functools.cache
def _jpeg_head() -> bytes:
    """The segments of a real 1600×1200 baseline JPEG up to its scan, as the evidence store writes them."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", PHOTO_SIZE, (90, 140, 190)).save(out, "JPEG", quality=85, optimize=False, progressive=False)
    data = out.getvalue()
    sos = data.index(b"\xff\xda")
    return data[: sos + 2 + int.from_bytes(data[sos + 2 : sos + 4], "big")]


def fake_jpeg(rng: random.Random, size: int) -> bytes:
    """About `size` bytes framed as a whole 1600×1200 baseline JPEG: a real header, then incompressible
    entropy-coded bytes (0xFF stuffed as the format wants), then EOI; the merge checks structure and header."""
    head = _jpeg_head()
    body = rng.randbytes(max(0, size - len(head) - 2))
    return head + body.replace(b"\xff", b"\xff\x00") + b"\xff\xd9"


def add_field_data(ws: workspace.Workspace, rng: random.Random, inspections: int, photos: int, photo_kb: int) -> None:
    """Write finished inspections, findings (one revision each, hashed), and photos straight into a laptop."""
    cat = catalog.get_catalog(ws.db)
    items = list(cat.items)[:FINDINGS_PER_INSPECTION]
    site_ids = [row[0] for row in ws.db.execute("SELECT id FROM sites")]
    rules = scoring.load_rules(ws.db)
    person = ws.inspector["id"]
    photo_rows, insp_rows, finding_rows, revision_rows = [], [], [], []
    shas: list[str] = []
    for _ in range(photos):
        data = fake_jpeg(rng, photo_kb * 1024)
        sha = hashlib.sha256(data).hexdigest()
        target = photo_path(ws.evidence_dir, sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        shas.append(sha)
        photo_rows.append(
            (sha, *PHOTO_SIZE, len(data), None, None, None, "IMG.jpg", "2026-11-23T01:00:00Z", ws.device_id)
        )
    per = [shas[i::inspections] for i in range(inspections)]
    start = datetime(2026, 11, 23, 1, 0, tzinfo=UTC) + timedelta(minutes=rng.randrange(10_000))
    for n in range(inspections):
        iid, moment = uuid7(), (start + timedelta(minutes=45 * n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        deductions, problems = [], 0
        for k, item in enumerate(items):
            fid = uuid7()
            fail = k < len(per[n]) or rng.random() < 0.05
            count = 1 if fail else 0
            body = {
                "finding_id": fid,
                "inspection_id": iid,
                "item_code": item.code,
                "rev": 1,
                "outcome": "fail" if fail else "pass",
                "count": count,
                "note": "现场可见" if fail else "",
                "photos": per[n][k : k + 1] if k < len(per[n]) else [],
                "multiplier": 1.0,
                "deduction": scoring.finding_deduction(item.deduction, count, 1.0) if fail else 0.0,
                "responsible_unit": item.responsible_unit if fail else None,
                "deadline": "2026-12-01" if fail else None,
                "reason": "",
                "recorded_at": moment,
                "device_id": ws.device_id,
                "parent_hash": None,
            }
            body["content_hash"] = content_hash(body)
            finding_rows.append((fid, iid, item.code, moment))
            revision_rows.append(
                (
                    fid,
                    1,
                    body["outcome"],
                    count,
                    body["note"],
                    json.dumps(body["photos"]),
                    1.0,
                    body["deduction"],
                    body["responsible_unit"],
                    body["deadline"],
                    "",
                    moment,
                    ws.device_id,
                    None,
                    body["content_hash"],
                )
            )
            if fail:
                deductions.append(body["deduction"])
                problems += count
        total, score = scoring.site_score(rules, deductions)
        insp_rows.append(
            (
                iid,
                rng.choice(site_ids),
                person,
                "unannounced",
                cat.version,
                moment,
                moment[:10],
                "",
                ws.device_id,
                "finished",
                moment,
                problems,
                total,
                score,
                moment,
            )
        )
    with transaction(ws.db) as conn:
        conn.executemany(f"INSERT INTO photos VALUES ({', '.join('?' * 10)})", photo_rows)
        conn.executemany(
            "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date, place,"
            " device_id, status, finished_at, problem_count, deduction_total, score, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            insp_rows,
        )
        conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?)", finding_rows)
        first = conn.execute("SELECT COALESCE(MAX(local_seq), 0) + 1 FROM finding_revisions").fetchone()[0]
        conn.executemany(  # numbered as the app numbers them (local_seq), so the export reads them as it would
            f"INSERT INTO finding_revisions ({', '.join(bm.columns('finding_revisions'))}, local_seq)"
            f" VALUES ({', '.join('?' * 16)})",
            [(*row, first + n) for n, row in enumerate(revision_rows)],
        )


def build(root: Path, n_bundles: int, n_inspections: int, n_photos: int, photo_kb: int) -> Path:
    """An office with registered laptops, and a folder of bundles made by the real export code."""
    keys.cost = keys.ScryptCost(n=keys.MIN_N, r=1, p=1)  # the keys' ~1 s wrapping is not what this measures
    office = demo_workspace(root / "office")
    keys.init_key(office.db, PASS)
    n_devices = max(1, n_bundles // 5)
    types = {t.code: t.name for t in catalog.get_catalog(office.db).site_types}
    folder = root / "bundles"
    folder.mkdir()
    rng = random.Random(2026)
    for d in range(n_devices):
        person = {"id": f"B-{d:03d}", "name": f"督查员{d}", "district": "", "unit": ""}
        ws = workspace.init_workspace(root / f"laptop-{d}", role="field", inspector=person)
        sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
        keys.init_key(ws.db, PASS)
        reg = root / f"reg-{d}.json"
        registry.export_registration(ws, PASS, reg)
        registry.register_device(office, reg, PASS, trust_out=reg.with_suffix(".trust.json"))
        registry.import_trust(ws, reg.with_suffix(".trust.json"))
        mine = range(d, n_bundles, n_devices)
        for b in mine:
            share_i = n_inspections * (b + 1) // n_bundles - n_inspections * b // n_bundles
            share_p = n_photos * (b + 1) // n_bundles - n_photos * b // n_bundles
            add_field_data(ws, rng, share_i, share_p, photo_kb)
            export.export_bundle(ws, folder / f"bundle-{b:03d}.ibundle", PASS)
        ws.close()
        shutil.rmtree(root / f"laptop-{d}")  # the laptops' evidence is no longer needed: save disk
    office.close()
    return folder


def extract_payloads(folder: Path, target: Path) -> list[Path]:
    """The SQLite payloads of the bundles as plain files, for the baseline (not timed)."""
    target.mkdir()
    out = []
    for path in sorted(folder.iterdir()):
        with open(path, "rb") as f:
            _, _, length = HEADER.unpack(f.read(HEADER.size))
            f.seek(HEADER.size + length + SIGNATURE_SIZE)
            dest = target / (path.stem + ".sqlite")
            with open(dest, "wb") as out_file:
                shutil.copyfileobj(f, out_file, 1024 * 1024)
        out.append(dest)
    return out


# ---------------------------------------------------------------- children


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def start_measuring() -> tuple[int, str]:
    """Reset the peak-RSS mark (Linux) and return (RSS now in KB, how the peak will be measured)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM, the peak resident set size
        return _status_kb("VmRSS") or 0, "VmHWM"
    except OSError:
        return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"


def peak_kb(method: str) -> int:
    """The peak resident set size since `start_measuring` (or since the process started, with ru_maxrss)."""
    return (_status_kb("VmHWM") if method == "VmHWM" else None) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_merge(office: Path, folder: Path) -> dict:
    from inspector.exchange import merge

    ws = workspace.open_workspace(office)
    base, method = start_measuring()
    started = time.perf_counter()
    verdicts = merge.merge_paths(ws, [folder])
    seconds = time.perf_counter() - started
    peak = peak_kb(method)
    bad = [v.reason for v in verdicts if v.verdict != "imported"]
    stages = {k: sum(v.timings.get(k, 0.0) for v in verdicts) for k in (*VERIFY_STAGES, "photo_writes", "write")}
    ws.close()
    return {
        "seconds": seconds,
        "rss_base_kb": base,
        "rss_peak_kb": peak,
        "method": method,
        "stages": stages,
        "bad": bad,
        "bundles": len(verdicts),
    }


def child_baseline(target: Path, payloads: list[Path]) -> dict:
    db = open_db(target)  # same schema and pragmas (WAL, synchronous=FULL)
    conn = db.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("CREATE TABLE photo_data (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
    base, method = start_measuring()
    tables = {
        "sites": "id, code, name, site_type, district, street, address, responsible_unit, origin, created_at,"
        " created_at",
        "inspections": None,
        "findings": None,
        "finding_revisions": None,
        "photos": "sha256, width, height, size, captured_at, gps_lat, gps_lon, original_name, imported_at, device_id",
    }
    started = time.perf_counter()
    for payload in payloads:
        conn.execute("ATTACH DATABASE ? AS p", [str(payload)])
        conn.execute("BEGIN IMMEDIATE")
        for table, cols in tables.items():
            if table == "sites":
                conn.execute(
                    "INSERT OR IGNORE INTO main.sites (id, code, name, site_type, district, street, address,"
                    f" responsible_unit, origin, created_at, updated_at) SELECT {cols} FROM p.sites"
                )
            elif cols is None:
                names = [r[1] for r in conn.execute(f"PRAGMA p.table_info({table})")]
                conn.execute(
                    f"INSERT OR IGNORE INTO main.{table} ({', '.join(names)}) SELECT {', '.join(names)} FROM p.{table}"
                )
            else:
                conn.execute(f"INSERT OR IGNORE INTO main.photos ({cols}) SELECT {cols} FROM p.photos")
        conn.execute("INSERT OR IGNORE INTO main.photo_data SELECT sha256, data FROM p.photos")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE p")
    seconds = time.perf_counter() - started
    peak = peak_kb(method)
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("inspections", "finding_revisions")}
    conn.close()
    return {"seconds": seconds, "rss_base_kb": base, "rss_peak_kb": peak, "counts": counts}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 50 bundles, 2,500 inspections, 150,000 findings"
    )
    parser.add_argument("--photos", type=int, help="total photos (default 2,500 x scale)")
    parser.add_argument("--photo-kb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of each side; the best is kept")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = (
            child_merge(Path(rest[0]), Path(rest[1]))
            if kind == "merge"
            else child_baseline(Path(rest[0]), [Path(p) for p in rest[1:]])
        )
        print(json.dumps(result))
        return
    n_bundles = max(1, round(50 * args.scale))
    n_inspections = max(n_bundles, round(2500 * args.scale))
    n_photos = round(2500 * args.scale) if args.photos is None else args.photos
    root = Path(tempfile.mkdtemp(prefix="bench-merge-"))
    try:
        t = time.perf_counter()
        folder = build(root, n_bundles, n_inspections, n_photos, args.photo_kb)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(
            f"built {n_bundles} bundles ({n_inspections} inspections, {n_inspections * FINDINGS_PER_INSPECTION}"
            f" findings, {n_photos} photos of {args.photo_kb} KB, {size / 2**20:.0f} MB)"
            f" in {time.perf_counter() - t:.1f}s"
        )
        payloads = extract_payloads(folder, root / "payloads")
        shutil.copytree(root / "office", root / "office-before")
        runs: dict[str, list[dict]] = {"ours": [], "base": []}
        for _ in range(args.rounds):  # alternate, and keep each side's best: the machine is shared
            runs["base"].append(run_child("baseline", str(root / "baseline.db"), *map(str, payloads)))
            (root / "baseline.db").unlink()
            shutil.rmtree(root / "office", ignore_errors=True)
            shutil.copytree(root / "office-before", root / "office")
            runs["ours"].append(run_child("merge", str(root / "office"), str(folder)))
            if runs["ours"][-1]["bad"] or runs["ours"][-1]["bundles"] != n_bundles:
                raise SystemExit(f"merge did not import everything: {runs['ours'][-1]['bad'][:3]}")
        ours = min(runs["ours"], key=lambda r: r["seconds"])
        base = min(runs["base"], key=lambda r: r["seconds"])
        worst = max(r["rss_peak_kb"] - r["rss_base_kb"] for r in runs["ours"])
        ours = {**ours, "rss_peak_kb": ours["rss_base_kb"] + worst}
        verify = sum(ours["stages"][k] for k in VERIFY_STAGES)
        findings = n_inspections * FINDINGS_PER_INSPECTION
        print(
            f"merge: {ours['seconds']:.2f}s = {n_bundles / ours['seconds']:.1f} bundles/s,"
            f" {findings / ours['seconds']:,.0f} findings/s, {size / 2**20 / ours['seconds']:.0f} MB/s"
        )
        print(
            f"time verifying (copy+hash, signature, SQLite checks, row checks and re-hashing, photo hashing, checks):"
            f" {verify:.2f}s = {100 * verify / ours['seconds']:.0f}% of the merge;"
            f" writing rows {ours['stages']['write']:.2f}s, photo files {ours['stages']['photo_writes']:.2f}s"
        )
        print("  stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in ours["stages"].items()))
        checking = ours["stages"]["photo_check"]
        print(
            f"photo checks (JPEG structure, header, pixel cap, claimed size): {checking:.2f}s ="
            f" {100 * checking / ours['seconds']:.1f}% of the merge, {checking / ours['stages']['photos']:.2f}x"
            f" photo hashing; photo-check cost ratio (merge ÷ merge without them)"
            f" {ours['seconds'] / (ours['seconds'] - checking):.3f}x"
        )
        rss, base_rss = ((r["rss_peak_kb"] - r["rss_base_kb"]) / 1024 for r in (ours, base))
        how = "peak RSS (VmHWM, reset just before)" if ours["method"] == "VmHWM" else "ru_maxrss"
        print(
            f"peak memory: {how} minus RSS before the merge (whole process, SQLite included):"
            f" +{rss:.0f} MB, process peak {ours['rss_peak_kb'] / 1024:.0f} MB; baseline +{base_rss:.0f} MB"
        )
        print(ratio_line("merge vs plain ATTACH + INSERT … SELECT", ours["seconds"], base["seconds"], 3.0))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root}")


if __name__ == "__main__":
    main()
