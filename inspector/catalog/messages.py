"""What can be wrong with a negative-list file (message codes worded in Chinese) and the new definitions it proposes.

The UI words the same codes in English or Chinese (ui/pages/problem_text.py); the CLI prints these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspector.errors import Problem, ValidationError
from inspector.tabular.messages import CodedProblem, coded

CATALOG_MESSAGES = {
    "catalog.unsupported": "不支持的文件类型“{suffix}”：请使用 .yaml、.xlsx 或 .csv",
    "catalog.not_text": "不是文本文件（内容是二进制数据，是否把图片或 Excel 文件改了扩展名？）",
    "catalog.encoding": "无法识别文件编码，请另存为 UTF-8 编码",
    "catalog.yaml_syntax": "YAML 格式错误：{reason}",
    "catalog.yaml_alias": "YAML 中不能使用锚点和别名（& 和 *），请把内容直接写出",
    "catalog.yaml_depth": "YAML 嵌套超过 {limit} 层，这不是负面清单的结构",
    "catalog.yaml_not_catalog": "不是负面清单 YAML 文件（顶层应含 site_types、categories 和 items）",
    "catalog.yaml_definitions_missing": "缺少{kind}定义（{key}）",
    "catalog.definitions_not_list": "{kind}定义应是列表（每项含 code 和 name）",
    "catalog.definition_not_mapping": "{kind}定义应含 code 和 name",
    "catalog.items_not_list": "items 应是条目列表",
    "catalog.item_not_mapping": "条目应是键值映射（code、text、site_types ……）",
    "catalog.no_item_sheet": "工作簿中没有“{sheet}”工作表",
    "catalog.sheet_definitions_missing": "缺少“{sheet}”工作表（{kind}定义），也没有指定基础清单",
    "catalog.csv_needs_base": "CSV 文件不含点位类型和类别定义，请指定基础清单",
    "catalog.sheet_empty": "工作表“{sheet}”是空的",
    "catalog.duplicate_column": "列名重复，请只保留一列",
    "catalog.sheet_missing_column": "工作表“{sheet}”缺少“{header}”列（是否选错了工作表？）",
    "catalog.csv_missing_column": "CSV 文件缺少“{header}”列（是否选错了文件？）",
    "catalog.definition_sheet_missing_column": "工作表“{sheet}”缺少“{header}”列",
    "catalog.definition_code_empty": "{kind}编码为空",
    "catalog.definition_code_duplicate": "{kind}编码“{value}”重复（第{first}行已有）",
    "catalog.site_type_code_separator": "点位类型编码“{value}”不能含空格或分隔符（、,，;；）",
    "catalog.definition_name_empty": "{kind}名称为空",
    "catalog.definition_name_duplicate": "{kind}名称“{name}”重复（第{first}行已有）",
    "catalog.item_code_empty": "条目编号为空",
    "catalog.item_code_duplicate": "条目编号“{value}”重复（第{first}行已出现）",
    "catalog.category_empty": "类别为空",
    "catalog.category_unknown": "未知的类别“{value}”",
    "catalog.text_empty": "问题描述为空",
    "catalog.site_types_empty": "未填写适用点位类型",
    "catalog.site_type_unknown": "未知的点位类型“{value}”",
    "catalog.severity_unknown": "未知的严重程度“{value}”",
    "catalog.severity_empty": "严重程度为空",
    "catalog.deduction_not_number": "扣分“{value}”不是数字",
    "catalog.deduction_invalid": "扣分“{value}”不是有效数字",
    "catalog.deduction_negative": "扣分不能为负数（{value}）",
    "catalog.deduction_range": "扣分“{value}”超出范围",
    "catalog.deduction_missing": "扣分为空，且没有该严重程度的默认扣分",
    "catalog.unit_empty": "责任单位为空",
    "catalog.days_invalid": "整改时限“{value}”不是非负整数天数",
    "catalog.days_empty": "整改时限为空",
    "catalog.photo_flag_invalid": "“需要照片”应填 是 或 否，不能是“{value}”",
    "catalog.control_characters": "含有不可见的控制字符",
    "catalog.no_items": "清单中没有任何条目",
    "catalog.new_definition": "新{kind}“{name}”，编码 {new_code}",
}
ACCEPT_HINT = "确认新增请加 --accept-new 重新运行"


def catalog_problem(
    file: str,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    letter: str = "",
    accepted: str = "",
    **params: Any,
) -> CodedProblem:
    """A coded problem of a negative-list file."""
    return coded(CATALOG_MESSAGES, file, code, row=row, column=column, letter=letter, accepted=accepted, **params)


def new_definition_kind(problem: Problem) -> str:
    """ "category" or "site_type" for a proposed new definition."""
    return dict(problem.params)["kind"] if isinstance(problem, CodedProblem) else ""


def _counts(new: Sequence[CodedProblem]) -> str:
    categories = sum(1 for p in new if new_definition_kind(p) == "category")
    site_types = len(new) - categories
    parts = [f" {categories} 个类别"] if categories else []
    parts += [f" {site_types} 种点位类型"] if site_types else []
    return "和".join(parts)


def _listing(new: Sequence[CodedProblem]) -> str:
    return "\n".join(f"  {p.where()}：{p.message}" for p in new)


class NewDefinitionsError(ValidationError):
    """The file names categories or site types the workspace does not know; nothing is imported until accepted.

    `problems` are the proposed definitions (code "catalog.new_definition", with rows and column).
    """

    def __init__(self, file: str, new: Sequence[CodedProblem], hint: str = ""):
        self.file = file
        self.new = list(new)
        self.problems = list(new)
        self.hint = hint
        text = f"“{file}”用到工作区负面清单中没有的{_counts(new)}，未导入任何数据。将新增：\n{_listing(new)}"
        Exception.__init__(self, text + (f"\n{hint}" if hint else ""))

    def with_hint(self, hint: str) -> NewDefinitionsError:
        """The same refusal with a line saying how to accept (e.g. the CLI option)."""
        return NewDefinitionsError(self.file, self.new, hint)


class CatalogValidationError(ValidationError):
    """A negative list with problems; the new definitions it would also propose are listed after them."""

    def __init__(self, problems: list[Problem], new: Sequence[CodedProblem] = ()):
        super().__init__(problems)
        self.new = list(new)
        if self.new:
            tail = f"\n另外，文件用到工作区负面清单中没有的{_counts(self.new)}，改正后导入时将提议新增：\n"
            Exception.__init__(self, str(self) + tail + _listing(self.new))
