"""Reproducible random draws (双随机): seeded SHA-256 ranking of sites and inspectors, recorded so anyone can re-run."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from inspector import users
from inspector.changes import OpChanges
from inspector.errors import DrawError, NotFoundError
from inspector.ids import to_iso, utc_now, uuid7
from inspector.register.inspectors import list_inspectors
from inspector.register.sites import SiteFilter, as_list, get_site, list_sites
from inspector.store import transaction
from inspector.untrusted import printable

ALGORITHM = "sha256-rank-v1"
ALGORITHM_DESCRIPTION = (
    "sha256-rank-v1: key(id) = SHA-256(UTF-8(seed) + 0x00 + UTF-8(id)); candidates sorted by (key, id); "
    "the first k win. A salt (stratum value, or site id when assigning inspectors) is applied as "
    "seed = seed + 0x00 + salt. Candidate-list hash = SHA-256(UTF-8('\\n'.join(sorted(ids))))."
)
KINDS = ("sites", "inspectors", "items")
PER_CHOICES = ("district", "site-type")
DEFAULT_RECUSAL: dict[str, bool] = {"district": True, "unit": True}
EXPORT_FORMAT = "inspector-draw/1"


@dataclass(frozen=True)
class Draw:
    """One recorded draw: everything needed to re-run it and check its result."""

    id: str
    kind: str
    algorithm: str
    seed: str
    seed_source: str
    candidates_sha256: str
    candidates: list[str]
    params: dict[str, Any]
    result: list[str] | dict[str, list[str]]
    created_at: str
    actor: str = ""  # the person who made the draw in the office ("" for a draw recorded without one)

    @property
    def changes(self) -> OpChanges:
        """What recording a draw changed: the draws."""
        return OpChanges.of("draws")


@dataclass(frozen=True)
class Verification:
    """The outcome of re-running a recorded draw."""

    matches: bool
    candidates_match: bool | None
    recomputed: list[str] | dict[str, list[str]] | None
    messages: list[str]


def rank_key(seed: str, id: str, *, salt: str = "") -> bytes:
    """The SHA-256 sort key of one candidate under a seed (and optional salt)."""
    salted = seed + "\x00" + salt if salt else seed
    return hashlib.sha256(salted.encode("utf-8") + b"\x00" + id.encode("utf-8")).digest()


def rank(seed: str, ids: Iterable[str], *, salt: str = "") -> list[str]:
    """All distinct candidates in draw order: sorted by (SHA-256 key, id)."""
    return sorted(set(ids), key=lambda id: (rank_key(seed, id, salt=salt), id))


def pick(seed: str, ids: Iterable[str], k: int) -> list[str]:
    """The first k candidates in draw order; DrawError when k is below 1 or above the number of candidates."""
    ordered = rank(seed, ids)
    if k < 1:
        raise DrawError("抽取数量至少为 1")
    if k > len(ordered):
        raise DrawError(f"候选只有 {len(ordered)} 个，不够抽取 {k} 个")
    return ordered[:k]


def candidates_sha256(ids: Iterable[str]) -> str:
    """SHA-256 (hex) of the sorted candidate ids joined by newlines."""
    return hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def new_seed(seed: str | None) -> tuple[str, str]:
    """The seed to use and where it came from: ('given') as passed, or ('os') 16 random bytes as hex when blank."""
    if seed is not None and seed.strip():
        return seed, "given"
    return os.urandom(16).hex(), "os"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def record_draw(
    conn: sqlite3.Connection,
    *,
    kind: str,
    seed: str,
    seed_source: str,
    candidates: Sequence[str],
    params: Mapping[str, Any],
    result: list[str] | dict[str, list[str]],
    actor: str | None = None,
) -> Draw:
    """Store a draw inside an open transaction and return it; `actor` (checked by the caller) is who drew it."""
    draw = Draw(
        id=uuid7(),
        kind=kind,
        algorithm=ALGORITHM,
        seed=seed,
        seed_source=seed_source,
        candidates_sha256=candidates_sha256(candidates),
        candidates=list(candidates),
        params=dict(params),
        result=result,
        created_at=to_iso(utc_now()),
        actor=actor or "",
    )
    conn.execute(
        "INSERT INTO draws (id, kind, algorithm, seed, seed_source, candidates_sha256, candidates, params, result,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            draw.id,
            draw.kind,
            draw.algorithm,
            draw.seed,
            draw.seed_source,
            draw.candidates_sha256,
            _dumps(draw.candidates),
            _dumps(draw.params),
            _dumps(draw.result),
            draw.created_at,
        ],
    )
    if actor:
        conn.execute("INSERT INTO draw_people (draw_id, actor, at) VALUES (?, ?, ?)", [draw.id, actor, draw.created_at])
    return draw


def _stratum_label(per: str, value: str) -> str:
    return f"点位类型“{value}”" if per == "site-type" else f"“{value}”"


def _draw_list(
    seed: str, candidates: Sequence[str], count: int, per: str | None, strata: Mapping[str, str] | None
) -> list[str]:
    """The pure list draw: pick `count` from all candidates, or `count` from each stratum in stratum order."""
    if count < 1:
        raise DrawError("抽取数量至少为 1")
    if per is None:
        if count > len(set(candidates)):
            raise DrawError(f"符合条件的候选只有 {len(set(candidates))} 个，不够抽取 {count} 个")
        return pick(seed, candidates, count)
    if strata is None:
        raise DrawError("记录中缺少各候选所属的分组")
    groups: dict[str, list[str]] = {}
    for id in candidates:
        groups.setdefault(strata[id], []).append(id)
    short = [
        f"{_stratum_label(per, name)}只有 {len(ids)} 个" for name, ids in sorted(groups.items()) if len(ids) < count
    ]
    if short:
        raise DrawError(f"每组要抽取 {count} 个，但以下分组候选不足：" + "；".join(short))
    result: list[str] = []
    for name in sorted(groups):
        result.extend(rank(seed, groups[name], salt=name)[:count])
    return result


def draw_sites(
    db: sqlite_utils.Database,
    *,
    count: int,
    district: SiteFilter = None,
    street: SiteFilter = None,
    site_type: SiteFilter = None,
    per: str | None = None,
    seed: str | None = None,
    actor: str | None = None,
) -> Draw:
    """Draw `count` active sites (or `count` per district / site type) matching the filters, and record the draw.

    `actor` is the person drawing (a supervisor once the office has users, see `users.require`).
    """
    who = users.require(db, actor, "draw")
    if per is not None and per not in PER_CHOICES:
        raise DrawError(f"分组方式“{per}”无效，只能按区（district）或点位类型（site-type）分组")
    filters = {"district": as_list(district), "street": as_list(street), "site_type": as_list(site_type)}
    sites = list_sites(db, **filters)
    if not sites:
        raise DrawError("没有符合条件的在用点位，请检查筛选条件或先导入点位库")
    candidates = sorted(site.id for site in sites)
    params: dict[str, Any] = {"filters": filters, "count": count, "per": per}
    strata = None
    if per is not None:
        strata = {site.id: site.district if per == "district" else site.site_type for site in sites}
        params["strata"] = {id: strata[id] for id in candidates}
    used_seed, seed_source = new_seed(seed)
    result = _draw_list(used_seed, candidates, count, per, strata)
    with transaction(db) as conn:
        return record_draw(
            conn,
            kind="sites",
            seed=used_seed,
            seed_source=seed_source,
            candidates=candidates,
            params=params,
            result=result,
            actor=who,
        )


def _recused(person: Mapping[str, str], site: Mapping[str, str], recusal: Mapping[str, bool]) -> bool:
    if recusal.get("district") and person["district"] and person["district"] == site["district"]:
        return True
    return bool(recusal.get("unit") and person["unit"] and person["unit"] == site["responsible_unit"])


def _assign(
    seed: str,
    site_ids: Sequence[str],
    per_site: int,
    recusal: Mapping[str, bool],
    inspectors: Mapping[str, Mapping[str, str]],
    sites: Mapping[str, Mapping[str, str]],
) -> dict[str, list[str]]:
    """The pure inspector assignment: per site in order, the least-loaded eligible inspectors by salted rank."""
    if per_site < 1:
        raise DrawError("每个点位至少派 1 名督查员")
    eligible = {
        sid: [i for i in sorted(inspectors) if not _recused(inspectors[i], sites[sid], recusal)] for sid in site_ids
    }
    short = [
        f"点位“{sites[sid].get('name', sid)}”（{sites[sid].get('code', sid)}）只有 {len(eligible[sid])} 名可派"
        for sid in site_ids
        if len(eligible[sid]) < per_site
    ]
    if short:
        raise DrawError(f"回避规则下督查员不足，每个点位需要 {per_site} 名：" + "；".join(short))
    load = dict.fromkeys(inspectors, 0)
    result: dict[str, list[str]] = {}
    for sid in site_ids:
        keys = {i: (load[i], rank_key(seed, i, salt=sid), i) for i in eligible[sid]}
        chosen = sorted(keys, key=keys.__getitem__)[:per_site]
        for i in chosen:
            load[i] += 1
        result[sid] = chosen
    return result


def draw_inspectors(
    db: sqlite_utils.Database,
    *,
    site_ids: Sequence[str] | None = None,
    site_draw_id: str | None = None,
    per_site: int = 1,
    seed: str | None = None,
    recusal: Mapping[str, bool] | None = None,
    actor: str | None = None,
) -> Draw:
    """Assign `per_site` active inspectors to each site, never one recused by district or unit, and record it.

    `actor` is the person drawing (a supervisor once the office has users, see `users.require`).
    """
    who = users.require(db, actor, "draw")
    if site_ids is None:
        if site_draw_id is None:
            raise DrawError("请指定要派督查员的点位，或一次点位抽签")
        site_draw = get_draw(db, site_draw_id)
        if site_draw.kind != "sites":
            raise DrawError("所选抽签记录不是点位抽签")
        site_ids = list(site_draw.result)
    sites = {}
    for given in site_ids:
        site = get_site(db, given)
        sites.setdefault(site.id, site)
    if not sites:
        raise DrawError("没有要派督查员的点位")
    rules = dict(DEFAULT_RECUSAL)
    for name, value in (recusal or {}).items():
        if name not in DEFAULT_RECUSAL:
            raise DrawError(f"未知的回避规则“{name}”，可用：district（同区回避）、unit（同单位回避）")
        rules[name] = bool(value)
    people = list_inspectors(db)
    if not people:
        raise DrawError("没有在岗的督查员，请先导入督查员名单")
    inspectors = {p.id: {"name": p.name, "district": p.district, "unit": p.unit} for p in people}
    site_info = {
        s.id: {"code": s.code, "name": s.name, "district": s.district, "responsible_unit": s.responsible_unit}
        for s in sites.values()
    }
    order = list(sites)
    used_seed, seed_source = new_seed(seed)
    result = _assign(used_seed, order, per_site, rules, inspectors, site_info)
    params = {
        "per_site": per_site,
        "recusal": rules,
        "site_ids": order,
        "site_draw_id": site_draw_id,
        "inspectors": inspectors,
        "sites": site_info,
    }
    with transaction(db) as conn:
        return record_draw(
            conn,
            kind="inspectors",
            seed=used_seed,
            seed_source=seed_source,
            candidates=sorted(inspectors),
            params=params,
            result=result,
            actor=who,
        )


_SELECT = "SELECT d.*, p.actor AS actor FROM draws d LEFT JOIN draw_people p ON p.draw_id = d.id"


def _row_to_draw(row: Mapping[str, Any]) -> Draw:
    return Draw(
        id=row["id"],
        kind=row["kind"],
        algorithm=row["algorithm"],
        seed=row["seed"],
        seed_source=row["seed_source"],
        candidates_sha256=row["candidates_sha256"],
        candidates=json.loads(row["candidates"]),
        params=json.loads(row["params"]),
        result=json.loads(row["result"]),
        created_at=row["created_at"],
        actor=row["actor"] or "",
    )


def get_draw(db: sqlite_utils.Database, draw_id: str) -> Draw:
    """The recorded draw with this id; NotFoundError when there is none."""
    rows = list(db.query(f"{_SELECT} WHERE d.id = ?", [draw_id]))
    if not rows:
        raise NotFoundError(f"找不到抽签记录“{draw_id}”")
    return _row_to_draw(rows[0])


def list_draws(db: sqlite_utils.Database, kind: str | None = None) -> list[Draw]:
    """Recorded draws, newest first, optionally of one kind."""
    where, params = ("WHERE d.kind = ?", [kind]) if kind else ("", [])
    return [_row_to_draw(row) for row in db.query(f"{_SELECT} {where} ORDER BY d.created_at DESC, d.id DESC", params)]


def export_draw(draw: Draw) -> dict[str, Any]:
    """A JSON-able record of the draw that anyone can re-run with the published algorithm."""
    return {
        "format": EXPORT_FORMAT,
        "id": draw.id,
        "kind": draw.kind,
        "algorithm": draw.algorithm,
        "algorithm_description": ALGORITHM_DESCRIPTION,
        "seed": draw.seed,
        "seed_source": draw.seed_source,
        "candidates_sha256": draw.candidates_sha256,
        "candidates": list(draw.candidates),
        "params": draw.params,
        "result": draw.result,
        "created_at": draw.created_at,
        **({"drawn_by": draw.actor} if draw.actor else {}),
    }


def _recompute(record: Mapping[str, Any]) -> list[str] | dict[str, list[str]]:
    seed = record["seed"]
    candidates = list(record["candidates"])
    params = record["params"]
    if record["kind"] == "inspectors":
        inspectors = {id: params["inspectors"][id] for id in candidates}
        return _assign(seed, params["site_ids"], params["per_site"], params["recusal"], inspectors, params["sites"])
    return _draw_list(seed, candidates, params["count"], params.get("per"), params.get("strata"))


def verify_record(record: Mapping[str, Any]) -> Verification:
    """Re-run a recorded (exported) draw from its seed, candidates and params, and compare with its result."""
    algorithm = record.get("algorithm")
    if algorithm != ALGORITHM:
        return Verification(False, None, None, [f"不认识的抽签算法“{printable(algorithm, limit=40)}”，无法复核"])
    messages: list[str] = []
    try:
        hash_ok = candidates_sha256(record["candidates"]) == record["candidates_sha256"]
        recomputed = _recompute(record)
    except (DrawError, KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = str(exc) if isinstance(exc, DrawError) else f"缺少或错误的字段 {exc}"
        return Verification(False, None, None, [f"记录不完整或已被改动，无法重新计算：{detail}"])
    if hash_ok:
        messages.append(f"候选名单哈希一致（{len(record['candidates'])} 个候选）")
    else:
        messages.append("候选名单与记录的哈希不一致，记录可能被改动")
    result_ok = recomputed == record.get("result")
    if result_ok:
        messages.append("按记录的种子与候选名单重新计算，结果与记录一致")
    else:
        messages.append("按记录的种子与候选名单重新计算，结果与记录不一致，记录可能被改动")
    return Verification(hash_ok and result_ok, None, recomputed, messages)


def verify_draw(db: sqlite_utils.Database, draw_id: str) -> Verification:
    """Verify a stored draw and report whether today's candidates (register or roster) still hash the same."""
    draw = get_draw(db, draw_id)
    checked = verify_record(export_draw(draw))
    if draw.params.get("purpose") == "recheck":
        # candidates were the sites with problems awaiting a recheck, not a filter over the register
        return checked
    if draw.kind == "sites":
        filters = draw.params.get("filters") or {}
        today = [site.id for site in list_sites(db, **filters)]
        source = "点位库"
    elif draw.kind == "inspectors":
        today = [person.id for person in list_inspectors(db)]
        source = "督查员名单"
    else:
        return checked
    same = candidates_sha256(today) == draw.candidates_sha256
    if same:
        note = f"按记录的筛选条件，当前{source}的候选名单与抽签时相同"
    else:
        note = f"当前{source}的候选名单与抽签时不同（抽签后{source}有变动），但这不影响复核抽签记录本身"
    return Verification(checked.matches, same, checked.recomputed, [*checked.messages, note])
