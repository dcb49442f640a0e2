"""Problems of imported files in both languages: every core message code has an English template whose
Chinese translation is exactly the core's Chinese, so the UI and the CLI say the same thing."""

from __future__ import annotations

import string

import pytest
from PySide6.QtCore import QCoreApplication

from inspector.catalog.messages import CATALOG_MESSAGES, catalog_problem
from inspector.errors import Problem
from inspector.tabular.messages import ACCEPTED_SUFFIX, READER_MESSAGES, group
from ui import i18n
from ui.pages import problem_text

CORE = {**READER_MESSAGES, **CATALOG_MESSAGES}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture
def language(qapp):
    yield i18n.install
    i18n.install("zh_CN")


def test_every_message_code_has_an_english_template_that_translates_to_the_core_chinese(language):
    assert set(problem_text.TEMPLATES) == set(CORE)
    language("zh_CN")
    for code, chinese in CORE.items():
        english = problem_text.TEMPLATES[code]
        assert fields(english) == fields(chinese), code
        assert QCoreApplication.translate("ProblemText", english) == chinese, code
    assert problem_text.tr(problem_text.ACCEPTED) == ACCEPTED_SUFFIX
    language("en")
    for code, english in problem_text.TEMPLATES.items():
        assert QCoreApplication.translate("ProblemText", english) == english != CORE[code]


def grouped_problems():
    made = [
        catalog_problem("城市清单.xlsx", "catalog.category_unknown", row=row, column="类别", letter="B", value="卫生")
        for row in [*range(4, 24), 30]
    ]
    made.append(
        catalog_problem("城市清单.xlsx", "catalog.definition_code_empty", row=40, column="编码", kind="category")
    )
    return group(made, {("catalog.category_unknown", "类别"): "ENV 环境卫生、ORD 市容秩序"})


def test_a_grouped_problem_in_chinese_is_what_the_cli_prints(language):
    language("zh_CN")
    unknown, empty = grouped_problems()
    assert (
        problem_text.problem_message(unknown)
        == unknown.message
        == "未知的类别“卫生”（可填：ENV 环境卫生、ORD 市容秩序）"
    )
    assert problem_text.problem_rows(unknown) == "4–23、30"
    assert problem_text.problem_column(unknown) == "B列（类别）"
    assert str(unknown) == "城市清单.xlsx 第4–23、30行 B列（类别）：" + unknown.message
    assert problem_text.problem_message(empty) == empty.message == "类别编码为空"
    assert problem_text.problem_column(empty) == "编码"


def test_a_grouped_problem_in_english(language):
    language("en")
    unknown, empty = grouped_problems()
    assert problem_text.problem_message(unknown) == "Unknown category “卫生” (accepted: ENV 环境卫生、ORD 市容秩序)"
    assert problem_text.problem_rows(unknown) == "4–23, 30"
    assert problem_text.problem_column(unknown) == "B (类别)"
    assert problem_text.problem_message(empty) == "The category code is empty"


def test_a_problem_without_a_code_is_shown_as_the_core_wrote_it(language):
    language("en")
    plain = Problem("点位表.csv", 3, "点位名称", "“点位名称”不能为空")
    assert problem_text.problem_message(plain) == "“点位名称”不能为空"
    assert problem_text.problem_rows(plain) == "3" and problem_text.problem_column(plain) == "点位名称"
