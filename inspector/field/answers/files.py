"""Reading an answers file (JSON or CSV/XLSX) strictly: each value of the wrong type is one problem with its place.

Nothing here looks at the workspace; `inspector.field.answers` checks the values against it and records them.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector import strictjson, untrusted
from inspector.errors import Problem, ValidationError
from inspector.tabular import match_headers, read_table

MAX_COUNT = 999
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NOTE = 2000
MAX_DEPTH = 16
MAX_PLACE = 200

_TOP_KEYS = ("inspections",)
_ENTRY_KEYS = ("site", "inspector", "mode", "started_at", "place", "recheck_of", "rest", "finish", "findings")
_FINDING_KEYS = ("item", "outcome", "count", "note", "photos")

_CSV_ALIASES = {
    "site": ["点位", "点位编号", "site"],
    "inspector": ["督查员", "督查员编号", "inspector"],
    "mode": ["检查方式", "方式", "mode"],
    "started_at": ["开始时间", "检查时间", "started_at"],
    "place": ["地点", "place"],
    "item": ["条目编号", "条目", "item"],
    "outcome": ["结果", "检查结果", "outcome"],
    "count": ["处数", "count"],
    "note": ["备注", "note"],
    "photos": ["照片", "photos"],
}
_CSV_REQUIRED = ("site", "inspector", "started_at", "item", "outcome")
_LABELS = {
    "site": "点位",
    "inspector": "督查员",
    "mode": "检查方式",
    "started_at": "开始时间",
    "place": "地点",
    "recheck_of": "复查的原检查",
    "rest": "未列出条目的结果",
    "finish": "是否完成",
    "findings": "答案列表",
    "inspections": "检查记录",
    "item": "条目编号",
    "outcome": "结果",
    "count": "处数",
    "note": "备注",
    "photos": "照片",
}


# ---------------------------------------------------------------- what the file says, and where


@dataclass(frozen=True)
class At:
    """Where a value is in the file: the CSV row and column, or the JSON entry and key."""

    row: int | None
    column: str | None
    prefix: str = ""
    order: tuple[int, ...] = ()  # JSON: (entry, answer) numbers, so problems are listed in file order


class Report:
    """Collects one Problem per thing wrong, each with its place; lists them in file order."""

    def __init__(self, file: str):
        self.file = file
        self._found: list[tuple[tuple[int, ...], int, Problem]] = []

    def __len__(self) -> int:
        return len(self._found)

    @property
    def problems(self) -> list[Problem]:
        """Every problem found, in the order of the file (whole-file problems first)."""
        return [problem for _, _, problem in sorted(self._found, key=lambda found: found[:2])]

    def add(self, problem: Problem, order: tuple[int, ...] = ()) -> None:
        """Add a problem found by another reader."""
        self._found.append((order or ((problem.row,) if problem.row is not None else ()), len(self._found), problem))

    def bad(self, at: At, message: str) -> None:
        """Add one problem at a place."""
        text = f"{at.prefix}：{message}" if at.prefix else message
        self.add(Problem(self.file, at.row, at.column, text), at.order)


@dataclass
class RawFinding:
    """One answer as the file gives it, its values typed but not yet checked against the workspace."""

    at: dict[str, At]
    item: str | None = None
    outcome: str | None = None
    count: int | None = 1
    note: str = ""
    photos: list[str] = field(default_factory=list)


@dataclass
class RawEntry:
    """One inspection as the file gives it, its values typed but not yet checked against the workspace."""

    where: str
    at: dict[str, At]
    whole: At
    site: str | None = None
    inspector: str | None = None
    mode: str | None = None
    started_at: str | None = None
    place: str = ""
    recheck_of: str | None = None
    rest: str | None = None
    finish: bool | None = None
    findings: list[RawFinding] = field(default_factory=list)


def shown(value: Any, limit: int = 40) -> str:
    """An untrusted value as it may appear in a message: no control characters, at most `limit` characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = "".join(
        "\ufffd" if unicodedata.category(ch) == "Cs" else ch for ch in text if unicodedata.category(ch) != "Cc"
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# ---------------------------------------------------------------- reading the file


def _read_file(path: Path, report: Report) -> bytes | None:
    """Open once, check it is a regular file within the cap, read at most the cap from that descriptor."""
    whole = At(None, None)
    try:
        return untrusted.read_bounded(path, MAX_FILE_BYTES)
    except untrusted.Unreadable as exc:
        report.bad(
            whole,
            {
                "missing": "找不到该文件",
                "directory": "不是普通文件（可能是文件夹或设备），请选择答案文件本身",
                "not_regular": "不是普通文件（可能是文件夹或设备），请选择答案文件本身",
                "too_large": f"文件太大{f'（{exc.size / 2**20:.1f} MB）' if exc.size else ''}，"
                f"答案文件不能超过 {MAX_FILE_BYTES // 2**20} MB",
                "unreadable": f"无法读取文件：{exc.detail}",
            }[exc.reason],
        )
        return None


class _Object(dict):  # type: ignore[type-arg]
    """A JSON object that remembers keys written twice (the later value would silently win)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    result.duplicates = []
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = value
    return result


def _json_type(value: Any) -> str:
    """The kind of a JSON value in words ("" for true, false and null, which name themselves)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "小数"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    return "对象"


class _JsonFields:
    """Strict typed access to one JSON object's keys, reporting each wrong value once with its place."""

    def __init__(
        self, report: Report, obj: dict[str, Any], prefix: str, known: tuple[str, ...], order: tuple[int, ...] = ()
    ):
        self.report, self.obj, self.prefix, self.order = report, obj, prefix, order
        for key in getattr(obj, "duplicates", []):
            self.report.bad(self.at(key), f"键“{shown(key)}”写了两次，请只保留一个")
        for key in obj:
            if key not in known:
                self.report.bad(
                    At(None, shown(key), prefix, order),
                    f"不认识的键“{shown(key)}”（可用的键：{'、'.join(known)}），请检查拼写",
                )

    def at(self, key: str) -> At:
        return At(None, key, self.prefix, self.order)

    def wrong(self, key: str, expected: str) -> None:
        value = self.obj[key]
        given = f"“{shown(value)}”" if isinstance(value, str) else f" {shown(value)}"
        self.report.bad(self.at(key), f"{_LABELS[key]}应为{expected}，而不是{_json_type(value)}{given}")

    def text(self, key: str, *, required: bool = False, limit: int | None = None) -> str | None:
        value = self.obj.get(key)
        if value is None:
            if required:
                self.report.bad(self.at(key), f"缺少{_LABELS[key]}（“{key}”）")
            return None
        if not isinstance(value, str):
            self.wrong(key, "文字（加引号）")
            return None
        if _has_lone_surrogate(value):
            self.report.bad(self.at(key), f"{_LABELS[key]}含有无效的字符，请重新输入")
            return None
        value = value.strip()
        if required and not value:
            self.report.bad(self.at(key), f"{_LABELS[key]}不能为空")
            return None
        if limit is not None and len(value) > limit:
            self.report.bad(self.at(key), f"{_LABELS[key]}太长（{len(value)} 字），不能超过 {limit} 字")
            return None
        return value


def _json_entries(data: bytes, report: Report) -> list[RawEntry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.bad(At(None, None), "不是 UTF-8 编码的文本，请用 UTF-8 保存 JSON 文件")
        return []
    try:
        # duplicate keys and lone surrogates are reported per field below, with where they are
        value = strictjson.loads(text, what="答案文件", max_depth=MAX_DEPTH, pairs_hook=_object, lone_surrogates=True)
    except strictjson.JsonRefused as exc:
        if exc.code == "depth":
            report.bad(At(None, None), f"不是有效的答案文件：JSON 嵌套层数过多（{exc.detail}）")
        else:
            report.bad(At(exc.lineno, None), f"不是有效的 JSON 文件（{exc.detail}）")
        return []
    if isinstance(value, dict) and "inspections" in value:
        top = _JsonFields(report, value, "", _TOP_KEYS)
        items = value["inspections"]
        if not isinstance(items, list):
            top.wrong("inspections", "检查记录的列表 [...]")
            return []
    elif isinstance(value, dict):
        items = [value]
    else:
        report.bad(At(None, None), '答案文件应为一个 JSON 对象：{"inspections": [...]} 或一次检查')
        return []
    entries = []
    for n, item in enumerate(items, start=1):
        where = f"第{n}条检查"
        if not isinstance(item, dict):
            report.bad(
                At(None, "inspections", where, (n,)), f"每条检查应为 JSON 对象 {{...}}，而不是{_json_type(item)}"
            )
            continue
        entries.append(_json_entry(report, item, n))
    return entries


def _json_entry(report: Report, obj: dict[str, Any], n: int) -> RawEntry:
    where = f"第{n}条检查"
    fields = _JsonFields(report, obj, where, _ENTRY_KEYS, (n,))
    entry = RawEntry(where, {key: fields.at(key) for key in _ENTRY_KEYS}, At(None, None, where, (n,)))
    entry.site = fields.text("site", required=True)
    entry.inspector = fields.text("inspector", required=True)
    entry.mode = fields.text("mode") or None
    entry.started_at = fields.text("started_at", required=True)
    entry.place = fields.text("place", limit=MAX_PLACE) or ""
    entry.recheck_of = fields.text("recheck_of") or None
    entry.rest = fields.text("rest") or None
    if "finish" in obj:
        if isinstance(obj["finish"], bool):
            entry.finish = obj["finish"]
        else:
            fields.wrong("finish", " true 或 false（不加引号）")
    findings = obj.get("findings")
    if findings is None:
        return entry
    if not isinstance(findings, list):
        fields.wrong("findings", "答案的列表 [...]")
        return entry
    for m, raw in enumerate(findings, start=1):
        prefix = f"{where}第{m}个答案"
        if not isinstance(raw, dict):
            report.bad(At(None, "findings", prefix, (n, m)), f"每个答案应为 JSON 对象 {{...}}，而不是{_json_type(raw)}")
            continue
        entry.findings.append(_json_finding(report, raw, prefix, (n, m)))
    return entry


def _json_finding(report: Report, obj: dict[str, Any], prefix: str, order: tuple[int, ...]) -> RawFinding:
    fields = _JsonFields(report, obj, prefix, _FINDING_KEYS, order)
    finding = RawFinding({key: fields.at(key) for key in _FINDING_KEYS})
    finding.item = fields.text("item", required=True)
    finding.outcome = fields.text("outcome", required=True)
    finding.note = fields.text("note", limit=MAX_NOTE) or ""
    if obj.get("count") is not None:
        count = obj["count"]
        if isinstance(count, bool) or not isinstance(count, int):
            fields.wrong("count", f" 1 到 {MAX_COUNT} 之间的整数（不加引号、不带小数点）")
            finding.count = None
        else:
            finding.count = count
    photos = obj.get("photos")
    if photos is not None:
        if not isinstance(photos, list) or not all(isinstance(p, str) for p in photos):
            fields.wrong("photos", '照片文件名的列表，如 ["img/1.jpg"]')
        elif any(_has_lone_surrogate(p) for p in photos):
            report.bad(fields.at("photos"), "照片文件名含有无效的字符")
        else:
            finding.photos = [p.strip() for p in photos if p.strip()]
    return finding


def _csv_count(text: str) -> int | None:
    """A count cell: digits only ("2"); "2.5", "1e9", "二" and endless digit strings are not counts."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _csv_entries(path: Path, report: Report) -> list[RawEntry]:
    try:
        table = read_table(path)
    except ValidationError as exc:
        for problem in exc.problems:
            report.add(problem)
        return []
    mapping, missing = match_headers(table, _CSV_ALIASES, _CSV_REQUIRED)
    for problem in missing:
        report.add(problem)
    known = "、".join(names[0] for names in _CSV_ALIASES.values())
    for header in table.headers:
        if header and header not in mapping.values():
            report.bad(
                At(1, shown(header)), f"不认识的列“{shown(header)}”（可用的列：{known}），请检查拼写或删除这一列"
            )
    if missing:
        return []
    groups: dict[tuple[str, str, str], RawEntry] = {}
    for number, row in table.rows:
        values = {name: row.get(header, "").strip() for name, header in mapping.items()}
        at = {name: At(number, mapping.get(name, _CSV_ALIASES[name][0])) for name in _CSV_ALIASES}
        blank = [name for name in _CSV_REQUIRED if not values.get(name)]
        for name in blank:
            report.bad(at[name], f"{_LABELS[name]}不能为空")
        if any(name in blank for name in ("site", "inspector", "started_at")):
            continue
        key = (values["site"], values["inspector"], values["started_at"])
        entry = groups.get(key)
        if entry is None:
            entry = RawEntry(
                f"第{number}行起的检查",
                at,
                At(number, None, f"第{number}行起的检查"),
                site=values["site"],
                inspector=values["inspector"],
                mode=values.get("mode") or None,
                started_at=values["started_at"],
                place=values.get("place", ""),
            )
            groups[key] = entry
            if len(entry.place) > MAX_PLACE:
                report.bad(at["place"], f"地点太长（{len(entry.place)} 字），不能超过 {MAX_PLACE} 字")
                entry.place = ""
        else:
            first = entry.whole.row
            for name, current in (("mode", entry.mode or ""), ("place", entry.place)):
                if values.get(name) and values[name] != current:  # a blank cell repeats the first row's
                    report.bad(
                        at[name],
                        f"{_LABELS[name]}“{shown(values[name])}”与第{first}行的“{shown(current) or '（空）'}”不同；"
                        "同一次检查的各行应一致",
                    )
        finding = RawFinding(at, item=values["item"] or None, outcome=values["outcome"] or None)
        finding.note = values.get("note", "")
        if len(finding.note) > MAX_NOTE:
            report.bad(at["note"], f"备注太长（{len(finding.note)} 字），不能超过 {MAX_NOTE} 字")
        raw_count = values.get("count", "")
        if raw_count:
            finding.count = _csv_count(raw_count)
            if finding.count is None:
                report.bad(at["count"], f"处数应为 1 到 {MAX_COUNT} 之间的整数（如 2），而不是“{shown(raw_count)}”")
        finding.photos = [p.strip() for p in values.get("photos", "").replace("；", ";").split(";") if p.strip()]
        entry.findings.append(finding)
    return list(groups.values())


def read_entries(path: Path) -> tuple[list[RawEntry], Report]:
    """The inspections an answers file gives, strictly typed, and the problems found reading it."""
    report = Report(path.name)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx"):
        report.bad(At(None, None), "答案文件应为 .json、.csv 或 .xlsx")
        return [], report
    data = _read_file(path, report)  # for tables this checks the file and its size before the table reader opens it
    if data is None:
        return [], report
    entries = _json_entries(data, report) if suffix == ".json" else _csv_entries(path, report)
    return entries, report
