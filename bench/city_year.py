"""A fraction of a city-year in the office, built through the real path and cached on disk between runs.

A full city-year is 100,000 inspections, ~5,000,000 findings and ~500,000 photo references, recorded on field
laptops in 52 weekly batches of 50 signed bundles. Here the laptops' databases are written in bulk (one
transaction per laptop-week, the project's schema, revisions hashed and chained with
`inspections.content_hash`), with a few hundred real JPEGs per laptop imported through `inspector.field.evidence`
and reused; every bundle is signed by the real `export_bundle`, merged by the real `merge_paths`, and the office
reviews each week (confirm, reject, leave some pending, record some rectifications) with the clock set to that
week. Seeded: the same fraction gives the same content.

Two processes, as in a city: the laptops (one process, `field_side`) record and export week k+1 while the office
(this process) merges and reviews week k. The office takes its backup before a merge only in the last weeks,
whose backups rotation keeps (`_no_backup_before_merge`): the earlier copies of the whole database would be
deleted again and change nothing in its data. Where the time goes is kept in meta.json ("phase_seconds"; the
laptops' record/export seconds overlap the office's). A full year (--fraction 1.0) took 13 min here on 2 shared
cores (merges 9 min of it): a 6 GB office (1.5 GB database, the rest the last weeks' backups), 2.7 GB of bundles.

    python bench/city_year.py --fraction 0.01          # builds bench/.cache/city-year-0.01/ once, then reuses it
    python bench/city_year.py --fraction 0.05 --rebuild
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing
import queue
import random
import shutil
import sys
import time
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from inspector import catalog, clock, forms, scoring
from inspector import workspace as wsmod
from inspector.demo.demo_office import REPORTS, SUPERVISOR, add_people
from inspector.exchange import keys, registry
from inspector.exchange.bundle import export
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.merge import merge_paths
from inspector.field import checklist, evidence
from inspector.field.inspections import content_hash
from inspector.ids import to_iso
from inspector.oversight import review
from inspector.oversight.rectification import record_rectification
from inspector.register import inspectors, sites
from inspector.store import backup, transaction

CACHE = Path(__file__).resolve().parent / ".cache"
# What a cached office must have been built with; an older one is built again. 2: the office's checked-row marks
# (`inspector.store.checked_rows`) are as its merges left them, so the check before the next merge is the app's.
FORMAT = 2
PASS = "city-year-passphrase"
CST = timezone(timedelta(hours=8))
FIRST_DAY = date(2026, 1, 1)  # week k is the 7 days from FIRST_DAY + 7k; week 51 ends on 2026-12-30
YEAR = {"inspections": 100_000, "bundles": 52 * 50, "weeks": 52}
FAIL_SHARE = 0.075  # of findings; within the 5–10 % a city sees
REVISED_SHARE = 0.02  # findings changed once during the inspection (a second, chained revision)
PHOTOS_PER_LAPTOP = 200
PHOTOS = (1, 2, 2, 3)  # photos per failed finding: ~5 per inspection, 500,000 in a year
CONFIRM, REJECT = 0.85, 0.03  # of each week's problems; the rest stay pending
RECTIFY_PER_WEEK = 5
ISO = "%Y-%m-%dT%H:%M:%SZ"  # inspector.ids.to_iso
NOTES = ("现场可见", "多处存在", "已当场提醒", "商户未按要求整改")
REJECT_REASON = "点位核实有误：照片中为相邻点位，不属于本点位"


@dataclass(frozen=True)
class Plan:
    """How a fraction of the year is spread: weeks, laptops per week, inspections in all."""

    fraction: float
    inspections: int
    weeks: list[int]
    laptops: int

    @classmethod
    def of(cls, fraction: float) -> Plan:
        """Fewer weeks and laptops at small fractions; 52 weeks of 50 laptops at 100 %."""
        n = max(1, round(YEAR["inspections"] * fraction))
        bundles = max(1, round(YEAR["bundles"] * fraction))
        w = min(52, max(1, round(52 * math.sqrt(fraction))))
        weeks = [(k + 1) * 52 // w - 1 for k in range(w)]  # spread over the year, the last week always in
        return cls(fraction, n, weeks, max(1, math.ceil(bundles / w)))

    def share(self, week_n: int, laptop: int) -> int:
        """Inspections recorded by one laptop in one week (the total is exact)."""
        slots = len(self.weeks) * self.laptops
        k = week_n * self.laptops + laptop
        return self.inspections * (k + 1) // slots - self.inspections * k // slots


def seeded_uuid7(rng: random.Random, moment: datetime) -> str:
    """A version-7 UUID for `moment` whose random bits come from `rng` (the layout of `inspector.ids.uuid7`)."""
    ms = int(moment.timestamp() * 1000)
    rand = rng.getrandbits(80)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | ((rand >> 62) & 0xFFF) << 64 | 0b10 << 62
    return str(uuid.UUID(int=value | rand & ((1 << 62) - 1)))


def jpeg(n: int, seed: int) -> bytes:
    """A small real JPEG, different for every (n, seed)."""
    rng = random.Random(seed * 100_003 + n)
    image = Image.new("RGB", (320, 240), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(280), rng.randrange(200)
        draw.rectangle([x, y, x + 40, y + 40], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class Laptop:
    """A field workspace registered with the office, its photos imported, recording week by week."""

    def __init__(self, root: Path, office: wsmod.Workspace, n: int, person: dict, photos: int) -> None:
        ws = wsmod.init_workspace(root / f"laptop-{n:03d}", role="field", inspector=person)
        cat = catalog.get_catalog(ws.db)
        sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=_types(cat))
        keys.init_key(ws.db, PASS)
        reg = root / f"reg-{n:03d}.json"
        registry.export_registration(ws, PASS, reg)
        registry.register_device(office, reg, PASS, trust_out=reg.with_suffix(".trust.json"))
        registry.import_trust(ws, reg.with_suffix(".trust.json"))
        evidence.import_photos(ws.db, ws.evidence_dir, [jpeg(i, n) for i in range(photos)], device_id=ws.device_id)
        self._load(ws, n)

    @classmethod
    def reopen(cls, root: Path, n: int) -> Laptop:
        """A laptop made earlier (possibly by another process), opened again to record and export."""
        laptop = cls.__new__(cls)
        laptop._load(wsmod.open_workspace(root / f"laptop-{n:03d}", daily_backup=False), n)
        return laptop

    def _load(self, ws: wsmod.Workspace, n: int) -> None:
        self.ws = ws
        cat = catalog.get_catalog(ws.db)
        self.photos = [row[0] for row in ws.db.execute("SELECT sha256 FROM photos ORDER BY rowid")]
        self.catalog = cat
        self.rules = scoring.load_rules(ws.db)
        self.sites = [
            (row[0], row[1], row[2]) for row in ws.db.execute("SELECT id, site_type, code FROM sites ORDER BY code")
        ]
        self.places = {
            row[0]: f"{row[1]}{row[2]}{row[3]}"
            for row in ws.db.execute("SELECT id, district, street, address FROM sites")
        }
        self.lists = {
            t: checklist.build_checklist(cat, t, mode="unannounced").items for t in {s[1] for s in self.sites}
        }
        self.weights = [len(self.lists[s[1]]) for s in self.sites]  # big sites (streets, markets) more often
        self.n = n

    def record_week(self, rng: random.Random, week: int, count: int) -> dict[str, int]:
        """Write `count` finished inspections on the week's weekdays, in one transaction; returns the counts."""
        ws, person, device = self.ws, self.ws.inspector["id"], self.ws.device_id
        insp_rows, finding_rows, revision_rows = [], [], []
        made = {"findings": 0, "revisions": 0, "fails": 0}
        first_day = FIRST_DAY + timedelta(weeks=week)
        for k in range(count):
            day = first_day + timedelta(days=k * 7 // max(1, count))
            started = datetime(day.year, day.month, day.day, 9, 0, tzinfo=CST) + timedelta(
                minutes=rng.randrange(8 * 60)
            )
            site_id, site_type, _ = rng.choices(self.sites, self.weights)[0]
            iid = seeded_uuid7(rng, started)
            deductions, problems = [], 0
            utc = started.astimezone(UTC)  # what to_iso stores, formatted here without the clock's conversions
            for j, item in enumerate(self.lists[site_type]):
                moment = started + timedelta(seconds=10 * j)
                fid = seeded_uuid7(rng, moment)
                created = (utc + timedelta(seconds=10 * j)).strftime(ISO)
                finding_rows.append((fid, iid, item.code, created))
                answers = [rng.random() < FAIL_SHARE]
                if rng.random() < REVISED_SHARE:
                    answers.append(not answers[0] if rng.random() < 0.5 else answers[0])
                parent = None
                for rev, fail in enumerate(answers, 1):
                    count_ = rng.choice((1, 1, 1, 2, 3)) if fail else 0
                    photos = rng.sample(self.photos, min(len(self.photos), rng.choice(PHOTOS))) if fail else []
                    deadline = (day + timedelta(days=item.rectify_days)).isoformat() if fail else None
                    when = created if rev == 1 else (utc + timedelta(seconds=10 * j + rev - 1)).strftime(ISO)
                    body = {
                        "finding_id": fid,
                        "inspection_id": iid,
                        "item_code": item.code,
                        "rev": rev,
                        "outcome": "fail" if fail else "pass",
                        "count": count_,
                        "note": rng.choice(NOTES) if fail else "",
                        "photos": photos,
                        "multiplier": 1.0,
                        "deduction": scoring.finding_deduction(item.deduction, count_, 1.0) if fail else 0.0,
                        "responsible_unit": item.responsible_unit if fail else None,
                        "deadline": deadline,
                        "reason": "",
                        "recorded_at": when,
                        "device_id": device,
                        "parent_hash": parent,
                    }
                    body["content_hash"] = parent = content_hash(body)
                    body["photos"] = json.dumps(photos)
                    revision_rows.append(tuple(map(body.__getitem__, _REV_COLS)))
                last = body
                made["findings"] += 1
                made["revisions"] += len(answers)
                if last["outcome"] == "fail":
                    deductions.append(last["deduction"])
                    problems += last["count"]
                    made["fails"] += 1
            finished = to_iso(started + timedelta(minutes=30))
            total, score = scoring.site_score(self.rules, deductions)
            insp_rows.append(
                (
                    iid,
                    site_id,
                    person,
                    "unannounced",
                    self.catalog.version,
                    to_iso(started),
                    day.isoformat(),
                    self.places[site_id],
                    device,
                    "finished",
                    finished,
                    problems,
                    total,
                    score,
                    to_iso(started),
                )
            )
        with transaction(ws.db) as conn:
            conn.executemany(
                "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date,"
                " place, device_id, status, finished_at, problem_count, deduction_total, score, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                insp_rows,
            )
            conn.executemany(
                "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)", finding_rows
            )
            first = conn.execute("SELECT COALESCE(MAX(local_seq), 0) + 1 FROM finding_revisions").fetchone()[0]
            conn.executemany(  # numbered as the app numbers them (local_seq), so the export reads them as it would
                f"INSERT INTO finding_revisions ({', '.join(_REV_COLS)}, local_seq) VALUES ({', '.join('?' * 16)})",
                [(*row, first + n) for n, row in enumerate(revision_rows)],
            )
        return made


_REV_COLS = tuple(bm.columns("finding_revisions"))


def _types(cat: catalog.Catalog) -> dict[str, str]:
    return {t.code: t.name for t in cat.site_types}


def _review_week(office: wsmod.Workspace, rng: random.Random, week: int) -> dict[str, int]:
    """The day after a week: confirm most of its problems, reject a few, record some rectifications.

    Confirmations go through `review.confirm` (the week's problems in one transaction), rejections through
    `review.reject`, rectifications through `rectification.record_rectification`: the office's own path.
    """
    after = FIRST_DAY + timedelta(weeks=week + 1)
    at = datetime(after.year, after.month, after.day, 9, 30, tzinfo=CST)
    first, last = FIRST_DAY + timedelta(weeks=week), FIRST_DAY + timedelta(weeks=week, days=6)
    failed = [
        row[0]
        for row in office.db.execute(
            "SELECT f.id FROM findings f JOIN inspections i ON i.id = f.inspection_id"
            " JOIN finding_revisions r ON r.finding_id = f.id"
            " AND r.rev = (SELECT MAX(rev) FROM finding_revisions WHERE finding_id = f.id)"
            " WHERE i.local_date BETWEEN ? AND ? AND r.outcome = 'fail' ORDER BY f.id",
            [first.isoformat(), last.isoformat()],
        )
    ]
    draws = [rng.random() for _ in failed]
    confirmed = [f for f, x in zip(failed, draws, strict=True) if x < CONFIRM]
    rejected = [f for f, x in zip(failed, draws, strict=True) if CONFIRM <= x < CONFIRM + REJECT]
    review.confirm(office.db, confirmed, actor=SUPERVISOR, at=at)  # one transaction, ids found through the index
    for finding_id in rejected:
        review.reject(office.db, finding_id, reason=REJECT_REASON, actor=SUPERVISOR, at=at)
    with clock.travel(at):
        fixed = rng.sample(confirmed, min(RECTIFY_PER_WEEK, len(confirmed)))
        for f in fixed:
            record_rectification(office, f, report=rng.choice(REPORTS), reported_on=after, actor=SUPERVISOR, at=at)
    return {"confirmed": len(confirmed), "rejected": len(rejected), "rectified": len(fixed)}


@contextmanager
def _no_backup_before_merge() -> Iterator[None]:
    """`merge_paths` without its own backup: `_build` takes the backups rotation keeps (the last weeks') itself.

    A backup copies the whole database and checks the copy's integrity (~7 s at 25 %, ~30 s at a full year, once
    a week); the earlier weeks' copies would be deleted by rotation and change nothing in the office's data.
    """
    before = backup.before_operation
    backup.before_operation = lambda db, operation: None
    try:
        yield
    finally:
        backup.before_operation = before


def build(target: Path, fraction: float, *, seed: int = 2026, say=print) -> dict:
    """Build the office workspace of `fraction` of a city-year under `target` (replaced); returns its counts."""
    before = keys.cost
    keys.cost = keys.ScryptCost(n=keys.MIN_N, r=1, p=1)  # the keys' ~1 s wrapping is not what is built here
    try:
        return _build(target, fraction, seed, say)
    finally:
        keys.cost = before


def field_side(work: Path, bundles: Path, fraction: float, seed: int, numbers: list[int], ready) -> None:
    """The laptops, in their own process: each week, every laptop records its share and exports its bundle.

    Reports each week on `ready` (the counts and seconds) as soon as its bundles are written, so the office
    merges one week while the next is recorded; each laptop-week draws from its own seeded generator, so the
    content does not depend on how the two processes interleave.
    """
    keys.cost = keys.ScryptCost(n=keys.MIN_N, r=1, p=1)
    try:
        plan = Plan.of(fraction)
        laptops = [Laptop.reopen(work, n) for n in numbers]
        for w_n, week in enumerate(plan.weeks):
            folder = bundles / f"week-{week + 1:02d}"
            folder.mkdir(parents=True)
            made = {"findings": 0, "revisions": 0, "fails": 0, "bundles": 0, "record": 0.0, "export": 0.0}
            last = FIRST_DAY + timedelta(weeks=week, days=6)
            with clock.travel(datetime(last.year, last.month, last.day, 18, 0, tzinfo=CST)):
                for laptop in laptops:
                    share = plan.share(w_n, laptop.n)
                    if not share:
                        continue
                    rng = random.Random(f"city-year-{seed}-{fraction}-week-{week}-laptop-{laptop.n}")
                    t = time.perf_counter()
                    for k, v in laptop.record_week(rng, week, share).items():
                        made[k] += v
                    made["record"] += (t2 := time.perf_counter()) - t
                    export.export_bundle(laptop.ws, folder / f"laptop-{laptop.n:03d}.ibundle", PASS)
                    made["export"] += time.perf_counter() - t2
                    made["bundles"] += 1
            ready.put(made)
        for laptop in laptops:
            laptop.ws.close()
    except BaseException:
        ready.put({"error": traceback.format_exc()})
        raise


def _next_week(ready, field) -> dict:
    """The field process's report of its next week (its error, if it failed, as ours)."""
    while True:
        try:
            made = ready.get(timeout=5)
        except queue.Empty:
            if not field.is_alive():
                raise SystemExit(f"the field process ended (exit {field.exitcode})") from None
            continue
        if "error" in made:
            raise SystemExit(f"the field process failed:\n{made['error']}")
        return made


def _build(target: Path, fraction: float, seed: int, say) -> dict:
    started = time.perf_counter()
    plan = Plan.of(fraction)
    if target.exists():
        shutil.rmtree(target)
    work = target / "work"
    work.mkdir(parents=True)
    rng = random.Random(f"city-year-{seed}-{fraction}")
    with clock.travel(datetime.combine(FIRST_DAY - timedelta(days=3), datetime.min.time(), CST)):
        office = wsmod.init_workspace(target / "office", role="office")
        sites.import_sites(
            office.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=_types(catalog.get_catalog(office.db))
        )
        inspectors.import_roster(office.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
        keys.init_key(office.db, PASS)
        add_people(office)
        roster = [
            {"id": r[0], "name": r[1], "district": r[2], "unit": r[3]}
            for r in office.db.execute("SELECT id, name, district, unit FROM inspectors ORDER BY id")
        ]
        per_laptop = plan.inspections / plan.laptops * 25 * FAIL_SHARE  # photos one laptop's problems need
        photos = max(3, min(PHOTOS_PER_LAPTOP, math.ceil(per_laptop)))
        laptops = [Laptop(work, office, n, roster[n % len(roster)], photos) for n in range(plan.laptops)]
    totals = {"findings": 0, "revisions": 0, "fails": 0, "confirmed": 0, "rejected": 0, "rectified": 0}
    phases = dict.fromkeys(("laptops", "record", "export", "waiting", "backup", "merge", "review"), 0.0)
    phases["laptops"] = time.perf_counter() - started
    for laptop in laptops:
        laptop.ws.close()  # from here on the field process records and exports, a week ahead of the office
    spawn = multiprocessing.get_context("spawn")
    ready = spawn.Queue()
    field = spawn.Process(
        target=field_side, args=(work, target / "bundles", fraction, seed, [lp.n for lp in laptops], ready)
    )
    field.start()
    bundles, ticks = 0, []
    try:
        for w_n, week in enumerate(plan.weeks):
            t = time.perf_counter()
            made = _next_week(ready, field)
            phases["waiting"] += time.perf_counter() - t
            for k in ("record", "export"):
                phases[k] += made.pop(k)
            bundles += made.pop("bundles")
            for k, v in made.items():
                totals[k] += v
            folder = target / "bundles" / f"week-{week + 1:02d}"
            after = FIRST_DAY + timedelta(weeks=week, days=7)
            with clock.travel(datetime(after.year, after.month, after.day, 8, 0, tzinfo=CST)):
                t = time.perf_counter()
                if w_n >= len(plan.weeks) - backup.KEEP_BEFORE:  # the ones rotation keeps: the office's last weeks
                    backup.before_operation(office.db, "merge")
                phases["backup"] += (t2 := time.perf_counter()) - t
                with _no_backup_before_merge():
                    verdicts = merge_paths(office, [folder])
                phases["merge"] += (t := time.perf_counter()) - t2
            bad = [v.reason for v in verdicts if v.verdict != "imported"]
            if bad:
                raise SystemExit(f"第 {week + 1} 周的数据包未能全部导入：{bad[:3]}")
            for k, v in _review_week(office, rng, week).items():
                totals[k] += v
            phases["review"] += time.perf_counter() - t
            ticks.append(time.perf_counter() - started)
            say(f"  week {week + 1:2d}: {bundles} bundles merged, {ticks[-1]:.0f}s")
    finally:
        field.join(timeout=60)
        if field.is_alive():
            field.terminate()
    shutil.rmtree(work)  # the laptops are not part of the office: save disk
    seconds = time.perf_counter() - started
    last_day = FIRST_DAY + timedelta(weeks=plan.weeks[-1] + 1)  # the office's review day: "today" for benches
    counts = office_counts(office)
    office.close()
    meta = {
        "format": FORMAT,
        "fraction": fraction,
        "seed": seed,
        "weeks": len(plan.weeks),
        "laptops": plan.laptops,
        "bundles": bundles,
        "last_day": last_day.isoformat(),
        "build_seconds": round(seconds, 1),
        "phase_seconds": {k: round(v, 1) for k, v in phases.items()},
        "backups": f"before-merge backups of the last {backup.KEEP_BEFORE} weeks only (rotation keeps no more)",
        "week_seconds": [round(b - a, 2) for a, b in zip([0.0, *ticks], ticks, strict=False)],
        "generated": totals,
        **counts,
        "size_mb": round(du(target / "office") / 2**20, 1),
        "db_mb": round((target / "office" / "workspace.db").stat().st_size / 2**20, 1),
        "evidence_mb": round(du(target / "office" / "evidence") / 2**20, 1),
        "bundles_mb": round(du(target / "bundles") / 2**20, 1),
    }
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def office_counts(office: wsmod.Workspace) -> dict[str, int]:
    """Rows in the office: inspections, findings, revisions, problems (current revision failed), photos."""
    q = office.db.execute
    return {
        "inspections": q("SELECT COUNT(*) FROM inspections").fetchone()[0],
        "findings": q("SELECT COUNT(*) FROM findings").fetchone()[0],
        "revisions": q("SELECT COUNT(*) FROM finding_revisions").fetchone()[0],
        "problems": q(
            "SELECT COUNT(*) FROM finding_revisions r WHERE outcome = 'fail'"
            " AND rev = (SELECT MAX(rev) FROM finding_revisions WHERE finding_id = r.finding_id)"
        ).fetchone()[0],
        "photo_refs": q(  # photos of current revisions, each counted once per finding
            "SELECT COALESCE(SUM(json_array_length(photos)), 0) FROM finding_revisions r"
            " WHERE rev = (SELECT MAX(rev) FROM finding_revisions WHERE finding_id = r.finding_id)"
        ).fetchone()[0],
        "photos": q("SELECT COUNT(*) FROM photos").fetchone()[0],
    }


def du(path: Path) -> int:
    """Bytes of the files under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cached(fraction: float, *, rebuild: bool = False, say=print) -> tuple[Path, dict]:
    """The cached office of `fraction` (built when missing or when `rebuild`) and its counts."""
    target = CACHE / f"city-year-{fraction:g}"
    meta_path = target / "meta.json"
    stale = meta_path.exists() and json.loads(meta_path.read_text(encoding="utf-8")).get("format") != FORMAT
    if rebuild or stale or not meta_path.exists():
        say(f"building {fraction:g} of a city-year under {target}{' (built by an older generator)' if stale else ''} …")
        build(target, fraction, say=say)
    return target / "office", json.loads(meta_path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.01, help="1.0 = 100,000 inspections (default 0.01)")
    parser.add_argument("--rebuild", action="store_true", help="build again even when cached")
    args = parser.parse_args()
    if not 0 < args.fraction <= 1:
        raise SystemExit("--fraction 应在 0 与 1 之间")
    office, meta = cached(args.fraction, rebuild=args.rebuild)
    print(f"office workspace: {office}")
    for key in ("inspections", "findings", "revisions", "problems", "photo_refs", "photos", "bundles"):
        print(f"  {key:12s} {meta[key]:>12,}")
    g = meta["generated"]
    print(f"  reviewed     {g['confirmed']:,} confirmed, {g['rejected']:,} rejected, {g['rectified']:,} rectified")
    print(f"  period       {meta['weeks']} weeks × {meta['laptops']} laptops, last day {meta['last_day']}")
    parts = f" (database {meta['db_mb']:,} MB, photos {meta['evidence_mb']:,} MB, the rest the merges' backups)"
    parts = parts if "db_mb" in meta else ""
    print(f"  size         {meta['size_mb']:,} MB office{parts}, {meta['bundles_mb']:,} MB bundles")
    if "phase_seconds" in meta:
        print("  time spent   " + ", ".join(f"{k} {v:,.0f}s" for k, v in meta["phase_seconds"].items()))
    rate = meta["inspections"] / meta["build_seconds"]
    weeks = meta.get("week_seconds") or [meta["build_seconds"]]
    late = weeks[-max(1, len(weeks) // 4) :]  # the last quarter of the weeks
    late_rate = meta["inspections"] / len(weeks) * len(late) / sum(late)
    print(
        f"  build time   {meta['build_seconds']:.0f}s ({rate:.1f} inspections/s overall, {late_rate:.1f}/s in the last"
        f" weeks); 100 % ≈ {YEAR['inspections'] / max(rate, late_rate) / 60:.0f}–"
        f"{YEAR['inspections'] / min(rate, late_rate) / 60:.0f} min"
        " at these rates (merges and reviews slow as the year fills)"
    )


if __name__ == "__main__":
    main()
