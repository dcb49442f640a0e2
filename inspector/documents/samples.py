"""Realistic sample documents on the shipped demo sites: letterhead previews, tests and the benchmark."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import islice

import yaml
from PIL import Image, ImageDraw

from inspector import forms
from inspector.documents.data import (
    CircularData,
    ExposureEntry,
    ExposureSheet,
    Letterhead,
    ModeCount,
    NoticeData,
    NoticeProblem,
    ProblemExample,
    ProblemGroup,
    ProblemRow,
    Ranking,
    RankingRow,
    Requirement,
)
from inspector.watermark import render_watermark

INSPECTORS = ("刘堃", "陈喆", "张明", "李静")
RARE_UNIT = "堃元物业服务有限公司"
STATUSES = ("待整改", "已整改", "已复查", "逾期")


def sample_letterhead() -> Letterhead:
    """The letterhead shipped in forms/letterhead.yaml."""
    return Letterhead.from_setting(forms.read_yaml_mapping(forms.form_path(forms.LETTERHEAD_FILE)))


@lru_cache(maxsize=1)
def _sites() -> tuple[dict[str, str], ...]:
    with open(forms.form_path(forms.DEMO_SITES_FILE), encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def _catalog() -> tuple[dict[str, str], dict[str, str], tuple[dict, ...]]:
    data = yaml.safe_load(forms.form_path(forms.CATALOG_FILE).read_text(encoding="utf-8"))
    types = {t["code"]: t["name"] for t in data["site_types"]}
    categories = {c["code"]: c["name"] for c in data["categories"]}
    return types, categories, tuple(data["items"])


def sample_photo(seed: int, size: tuple[int, int] = (1600, 1200), *, watermark: bool = True) -> bytes:
    """A synthetic street photo (JPEG), watermarked like the app's document copies."""
    rng = random.Random(seed)
    width, height = size
    img = Image.new("RGB", size, (rng.randint(150, 210), rng.randint(180, 220), rng.randint(200, 240)))
    pen = ImageDraw.Draw(img)
    pen.rectangle([0, height * 0.6, width, height], fill=(rng.randint(90, 130),) * 3)
    for _ in range(8):
        x, w = rng.randint(0, width - 200), rng.randint(120, 380)
        top = rng.randint(int(height * 0.15), int(height * 0.45))
        shade = rng.randint(120, 220)
        pen.rectangle([x, top, x + w, height * 0.6], fill=(shade, shade - 20, shade - 40))
    for _ in range(14):
        x, y, r = rng.randint(0, width), rng.randint(int(height * 0.62), height - 20), rng.randint(6, 26)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    if not watermark:
        return out.getvalue()
    site = rng.choice(_sites())
    return render_watermark(
        out.getvalue(),
        taken_at=datetime(2026, 10, 1 + seed % 28, 9 + seed % 8, seed % 60),  # local time, shown as is
        place=site["地址"],
        site=site["点位名称"],
        inspector=INSPECTORS[seed % len(INSPECTORS)],
        photo_id=f"{seed:08x}" * 8,
    )


def sample_problems(count: int, seed: int = 1) -> list[ProblemRow]:
    """`count` problems on the demo sites in October 2026, with references and rare-character names."""
    rng = random.Random(seed)
    types, categories, items = _catalog()
    rows = []
    for n in range(count):
        site = rng.choice(_sites())
        fitting = [i for i in items if site["点位类型"] in i["site_types"]] or list(items)
        item = rng.choice(fitting)
        day = date(2026, 10, 1) + timedelta(days=rng.randrange(31))
        unit = RARE_UNIT if n % 11 == 5 else site["责任单位"]
        rows.append(
            ProblemRow(
                reference=f"{rng.getrandbits(32):08x}",
                district=site["所属区"],
                street=site["街道"],
                site=site["点位名称"],
                site_type=types.get(site["点位类型"], site["点位类型"]),
                category=categories.get(item["category"], item["category"]),
                description=item["text"],
                count=rng.choice((1, 1, 1, 2, 3)),
                deduction=float(item.get("deduction", 0.5)),
                responsible_unit=unit,
                deadline=day + timedelta(days=int(item.get("rectify_days", 3))),
                status=rng.choice(STATUSES),
                mode=rng.choice(("明察", "暗访", "暗访")),
                inspected_at=datetime.combine(day, datetime.min.time()).replace(hour=9 + n % 8, minute=n % 60),
                inspector=INSPECTORS[n % len(INSPECTORS)],
            )
        )
    return rows


def _groups(rows: list[ProblemRow], photos: list[bytes]) -> tuple[ProblemGroup, ...]:
    by_category: dict[str, list[ProblemRow]] = {}
    for row in rows:
        by_category.setdefault(row.category, []).append(row)
    per_group = 2
    while per_group < len(rows) and 2 * sum(min(len(m), per_group) for m in by_category.values()) < len(photos):
        per_group += 1
    remaining = iter(photos)
    groups = []
    for name, members in sorted(by_category.items(), key=lambda kv: -len(kv[1])):
        examples = tuple(
            ProblemExample(r.reference, r.district, r.street, r.site, r.description, r.responsible_unit)
            for r in members[:per_group]
        )
        top = sorted({m.site_type for m in members})[:3]
        summary = f"问题多见于{'、'.join(top)}等点位，部分问题反复出现、整改不彻底。"
        examples = tuple(replace(e, photos=tuple(islice(remaining, 2))) for e in examples)
        groups.append(ProblemGroup(name, sum(m.count for m in members), summary, examples))
    return tuple(groups)


def _ranking(rows: list[ProblemRow]) -> Ranking:
    by_district: dict[str, list[ProblemRow]] = {}
    for row in rows:
        by_district.setdefault(row.district, []).append(row)
    scored = sorted(
        ((100 - sum(r.deduction * r.count for r in m), name, m) for name, m in by_district.items()), reverse=True
    )
    ranked = tuple(
        RankingRow(k, name, score, len(m), round(100 - score, 1), sum(r.status != "待整改" for r in m) / len(m), 1 - k)
        for k, (score, name, m) in enumerate(scored, start=1)
    )
    return Ranking("各区得分排名", "区", ranked, red_list=(ranked[0].name,), black_list=(ranked[-1].name,))


def sample_circular(
    problems: int = 36, photos: int = 6, *, seed: int = 1, photo_size: tuple[int, int] = (1600, 1200)
) -> CircularData:
    """A month's circular with `problems` problems and `photos` watermarked photos among the typical examples."""
    rows = sample_problems(problems, seed)
    pictures = [sample_photo(seed * 1000 + k, photo_size) for k in range(photos)]
    counts = (
        ModeCount("明察", 42, 38, sum(r.mode == "明察" for r in rows)),
        ModeCount("暗访", 64, 57, sum(r.mode == "暗访" for r in rows)),
    )
    requirements = (
        Requirement("立即整改", "各责任单位要对照问题清单逐项整改，整改前后照片报市创文办督查科。", date(2026, 11, 10)),
        Requirement("举一反三", "各区要对同类点位开展自查，建立问题台账，防止问题反弹。"),
        Requirement("严肃问责", "对整改不力、问题反复出现的单位，将按规定约谈主要负责人，并在下期通报中点名。"),
    )
    return CircularData(
        period_label="2026年10月",
        year=2026,
        serial=12,
        issued_on=date(2026, 11, 3),
        counts=counts,
        groups=_groups(rows, pictures),
        rankings=(_ranking(rows),),
        requirements=requirements,
        problems=tuple(rows),
        contact="联系人：刘堃，电话：0871-63125678",
        districts=len({r.district for r in rows}),
    )


def sample_exposure(entries: int = 8, *, seed: int = 2) -> ExposureSheet:
    """An exposure sheet of `entries` problems with watermarked photos."""
    rows = sample_problems(entries, seed)
    rows.sort(key=lambda r: r.district)
    return ExposureSheet(
        period_label="2026年10月",
        issued_on=date(2026, 11, 3),
        issue=10,
        entries=tuple(
            ExposureEntry(
                reference=r.reference,
                district=r.district,
                street=r.street,
                place=f"{r.district}{r.street}",
                site=r.site,
                problem=r.description,
                responsible_unit=r.responsible_unit,
                deadline=r.deadline,
                photo=sample_photo(seed * 1000 + k),
            )
            for k, r in enumerate(rows)
        ),
    )


def sample_notice(problems: int = 5, *, seed: int = 3) -> NoticeData:
    """A rectification notice to the rare-character unit 堃元物业服务有限公司."""
    rows = sample_problems(problems, seed)
    return NoticeData(
        unit=RARE_UNIT,
        period_label="2026年10月",
        year=2026,
        serial=31,
        issued_on=date(2026, 11, 3),
        problems=tuple(
            NoticeProblem(
                r.reference,
                r.district,
                r.street,
                r.site,
                r.category,
                r.description,
                r.deadline,
                (sample_photo(seed * 1000 + k),),
            )
            for k, r in enumerate(rows)
        ),
        reply_by=date(2026, 11, 10),
        contact="联系人：陈喆，电话：0871-63125679",
        report_to="市创文办督查科（云州市政务中心3号楼512室，邮箱 cwb_dc@yunzhou.gov.cn）",
    )
