"""Realistic sample documents on the shipped demo sites, for the document tests and bench/bench_documents.py."""

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
from inspector.field.watermark import render_watermark
from inspector.letters import Letterhead

INSPECTORS = ("刘堃", "陈喆", "张明", "李静")
RARE_UNIT = "堃元物业服务有限公司"
STATUSES = ("待整改", "已整改", "已复查", "逾期")

# The long-names month: a period of two dates and names as long as real registers hold, with Latin and digits.
LONG_PERIOD = "2026年11月9日至2026年12月4日"
LONG_DISTRICTS = ("云州经济技术开发区（云州高新技术产业开发区）", "滇池国际旅游度假区管理委员会", "呈贡区")
LONG_STREETS = ("吴井街道办事处金碧路社区居民委员会", "海埂街道（含滇池路片区）", "斗南街道")
LONG_SITES = (
    "CBD International Plaza国际商务中心B座地下停车场及周边2.5公里背街小巷",
    "金碧路与书林街交叉口东北角1号至36号沿街商铺（含Starbucks门前广场）",
    "云州市第12中学（高中部）校门口周边200米范围",
    "NO.3 Industrial Park三号产业园区",
)
LONG_UNITS = (
    "云州市城市管理综合行政执法局第三执法大队（市容环境卫生管理处）",
    "滇池国际旅游度假区管理委员会社会事务局文明城市创建工作办公室",
    "Yunzhou Metro Operation Co., Ltd.（云州轨道交通集团有限公司）",
    RARE_UNIT,
)


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


def sample_problems(count: int, seed: int = 1, *, long_names: bool = False) -> list[ProblemRow]:
    """`count` problems on the demo sites in October 2026, with references and rare-character names.

    `long_names` swaps in long district, street, site and unit names (Latin, digits, brackets) for layout tests.
    """
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
    if long_names:
        rows = [
            replace(
                row,
                district=LONG_DISTRICTS[n % len(LONG_DISTRICTS)],
                street=LONG_STREETS[n % len(LONG_STREETS)],
                site=LONG_SITES[n % len(LONG_SITES)],
                responsible_unit=LONG_UNITS[n % len(LONG_UNITS)],
                count=10 + n if n % 5 == 0 else row.count,
            )
            for n, row in enumerate(rows)
        ]
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
    problems: int = 36,
    photos: int = 6,
    *,
    seed: int = 1,
    photo_size: tuple[int, int] = (1600, 1200),
    long_names: bool = False,
) -> CircularData:
    """A month's circular with `problems` problems and `photos` watermarked photos among the typical examples.

    `long_names`: the long-names month (a period of two dates, long district, site and unit names).
    """
    rows = sample_problems(problems, seed, long_names=long_names)
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
        period_label=LONG_PERIOD if long_names else "2026年10月",
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


def sample_exposure(entries: int = 8, *, seed: int = 2, long_names: bool = False) -> ExposureSheet:
    """An exposure sheet of `entries` problems with watermarked photos (`long_names`: the long-names month)."""
    rows = sample_problems(entries, seed, long_names=long_names)
    rows.sort(key=lambda r: r.district)
    return ExposureSheet(
        period_label=LONG_PERIOD if long_names else "2026年10月",
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
                count=r.count,
            )
            for k, r in enumerate(rows)
        ),
    )


def sample_notice(problems: int = 5, *, seed: int = 3, long_names: bool = False) -> NoticeData:
    """A rectification notice to the rare-character unit 堃元物业服务有限公司 (`long_names`: the long-names month,
    to a unit with a long name)."""
    rows = sample_problems(problems, seed, long_names=long_names)
    return NoticeData(
        unit=LONG_UNITS[0] if long_names else RARE_UNIT,
        period_label=LONG_PERIOD if long_names else "2026年10月",
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
