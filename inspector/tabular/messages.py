"""Problems that carry a message code and its parameters, so the UI can word them in its own language.

The core words every message in Chinese (the CLI prints it as is). A coded problem also keeps its code,
parameters, the rows it covers and the column letter, so `ui/` can show it in English or Chinese
through Qt's translations. Repeats of one message on many rows are grouped into one problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from inspector.errors import Problem, ValidationError

# Parameters whose values are codes with a word in each language.
KIND_LABELS = {"category": "类别", "site_type": "点位类型"}

READER_MESSAGES = {
    "file.unsupported": "不支持的文件类型“{suffix}”，请使用 Excel（.xlsx）或 CSV 文件",
    "file.xls": "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV",
    "file.missing": "找不到该文件",
    "file.directory": "这是一个文件夹，不是文件",
    "file.not_regular": "这不是普通文件（可能是管道或设备），不能作为表格读取",
    "file.unreadable": "无法读取文件：{error}",
    "file.too_large": "文件过大（{size}），超过上限 {limit}",
    "file.empty": "文件是空的",
    "csv.binary": "这不是文本表格文件（CSV），请检查是否选错了文件",
    "csv.encoding": "文件编码无法识别，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
    "csv.format": "CSV 格式有误：{error}",
    "csv.line_too_long": "这一行超过 {limit} 个字符，不像是表格文件的内容",
    "table.too_many_rows": "表格超过 {limit} 行，超出可导入的上限：请删除多余的行或拆分文件",
    "table.too_many_columns": "表格超过 {limit} 列，超出可导入的上限：请删除多余的列",
    "table.too_many_cells": "表格内容过多（超过 {limit} 个单元格），超出可导入的上限：请拆分文件",
    "table.no_header": "第1行应为表头（列名），但它是空的",
    "table.no_content": "文件中没有任何内容",
    "table.missing_column": "缺少“{header}”列",
    "xlsx.invalid": "这不是有效的 Excel（.xlsx）文件，可能已损坏或选错了文件",
    "xlsx.encrypted": "这是设有打开密码的 Excel 文件或旧版 .xls 文件：请在 Excel 中取消密码并另存为 .xlsx",
    "xlsx.too_many_parts": "Excel 文件内部有 {count} 个部件，超过上限 {limit}，文件可能被恶意构造，未读取",
    "xlsx.unpacked_too_large": "Excel 文件解压后约 {size}，超过上限 {limit}，文件可能被恶意构造（“压缩炸弹”），未读取",
    "xlsx.part_too_large": "Excel 文件中的“{part}”解压后约 {size}，超过上限 {limit}，未读取",
    "xlsx.ratio": "Excel 文件中的“{part}”压缩比异常（{ratio}:1），文件可能被恶意构造，未读取",
    "xlsx.dtd": "Excel 文件中的“{part}”含有 DTD 声明，不是 Excel 正常保存的文件，未读取",
    "xlsx.corrupt": "Excel 文件中的“{part}”已损坏，无法读取",
    "xlsx.no_sheets": "工作簿中没有工作表",
    "xlsx.sheet_missing": "找不到工作表“{sheet}”，现有工作表：{names}",
    "xlsx.dimension_excel": (
        "工作表“{sheet}”声明的范围 {ref} 有 {rows} 行，超过 Excel 最多的 1,048,576 行，不是 Excel 正常保存的文件"
    ),
    "xlsx.dimension_rows": (
        "工作表“{sheet}”声明的范围 {ref} 有 {rows} 行，超过可导入的上限 {limit} 行：请删除多余的行或拆分文件"
    ),
    "xlsx.dimension_columns": (
        "工作表“{sheet}”声明的范围 {ref} 有 {columns} 列，超过可导入的上限 {limit} 列：请删除多余的列"
    ),
}
ACCEPTED_SUFFIX = "（可填：{accepted}）"
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def showable(value: Any) -> Any:
    """A parameter as it may be shown: control and direction-override characters become spaces; text capped."""
    if not isinstance(value, str):
        return value
    text = _UNSHOWABLE.sub(" ", value)
    return text if len(text) <= 200 else text[:200] + "…"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def format_rows(rows: Iterable[tuple[int, int]], separator: str = "、") -> str:
    """Row ranges as people write them: 4–23、25."""
    return separator.join(str(a) if a == b else f"{a}–{b}" for a, b in rows)


def format_size(size: int) -> str:
    """A byte count as 1.0 GB, 20 MB or 512 KB."""
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


def format_count(count: int) -> str:
    """A count with thousands separators: 100,000."""
    return f"{count:,}"


@dataclass(frozen=True)
class CodedProblem(Problem):
    """A Problem with its message code and parameters, the rows it covers and the column's letter."""

    code: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    rows: tuple[tuple[int, int], ...] = ()
    letter: str = ""
    accepted: str = ""
    template: str = field(default="", compare=False, repr=False)

    @property
    def arguments(self) -> dict[str, Any]:
        """The parameters as a dict, for formatting."""
        return dict(self.params)

    def where(self) -> str:
        """File, rows and column as the CLI shows them: 清单.xlsx 第4–23行 C列（类别）."""
        parts = [self.file]
        if self.rows:
            parts.append(f"第{format_rows(self.rows)}行")
        elif self.row is not None:
            parts.append(f"第{self.row}行")
        if self.letter:
            parts.append(f"{self.letter}列（{self.column}）" if self.column else f"{self.letter}列")
        elif self.column:
            parts.append(f"“{self.column}”列")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.where() + "：" + self.message

    def as_dict(self) -> dict[str, object]:
        data = super().as_dict()
        data.update(
            code=self.code,
            params=self.arguments,
            rows=[list(pair) for pair in self.rows],
            letter=self.letter,
            accepted=self.accepted,
        )
        return data


def render(template: str, params: Mapping[str, Any], accepted: str = "") -> str:
    """The Chinese message of a template and its parameters (kinds worded, accepted values appended)."""
    values = {key: KIND_LABELS.get(value, value) if key == "kind" else value for key, value in params.items()}
    text = template.format(**values)
    return text + ACCEPTED_SUFFIX.format(accepted=accepted) if accepted else text


def coded(
    messages: Mapping[str, str],
    file: str,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    letter: str = "",
    accepted: str = "",
    **params: Any,
) -> CodedProblem:
    """A coded problem worded from a message table."""
    template = messages[code]
    params = {key: showable(value) for key, value in params.items()}
    return CodedProblem(
        file,
        row,
        showable(column),
        render(template, params, accepted),
        code=code,
        params=tuple(params.items()),
        rows=((row, row),) if row is not None else (),
        letter=letter,
        accepted=accepted,
        template=template,
    )


def reader_problem(
    file: str, code: str, *, row: int | None = None, column: str | None = None, **params: Any
) -> CodedProblem:
    """A problem of the spreadsheet reader (file-level: size, format, limits)."""
    return coded(READER_MESSAGES, file, code, row=row, column=column, **params)


def refuse(file: str, code: str, *, row: int | None = None, **params: Any) -> ValidationError:
    """The one-problem ValidationError a reader raises for a file it will not read."""
    return ValidationError([reader_problem(file, code, row=row, **params)])


def _ranges(numbers: list[int]) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return tuple(ranges)


def group(problems: Iterable[Problem], accepting: Mapping[tuple[str, str | None], str] | None = None) -> list[Problem]:
    """One problem per (code, column, parameters) with its rows as ranges; accepted values on the first of each.

    `accepting` maps (code, column) to the accepted values, shown once: on the first problem of that code
    and column. Problems without a code are kept as they are.
    """
    order: list[Any] = []
    rows: dict[Any, list[int]] = {}
    first: dict[Any, CodedProblem] = {}
    for problem in problems:
        if not isinstance(problem, CodedProblem) or problem.row is None:
            order.append(problem)
            continue
        key = (problem.code, problem.column, problem.letter, problem.params)
        if key not in first:
            first[key] = problem
            rows[key] = []
            order.append(key)
        rows[key].extend(number for pair in problem.rows for number in range(pair[0], pair[1] + 1))
    result: list[Problem] = []
    shown: set[tuple[str, str | None]] = set()
    for entry in order:
        if not isinstance(entry, tuple):
            result.append(entry)
            continue
        problem = first[entry]
        ranges = _ranges(rows[entry])
        merged = replace(problem, row=ranges[0][0], rows=ranges)
        accepted = (accepting or {}).get((problem.code, problem.column))
        if accepted and (problem.code, problem.column) not in shown:
            shown.add((problem.code, problem.column))
            merged = replace(merged, accepted=accepted, message=render(problem.template, problem.arguments, accepted))
        result.append(merged)
    return result
