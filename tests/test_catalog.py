"""The negative list: loading YAML/XLSX/CSV, reporting every problem, versioning and storing catalogs."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.catalog import (
    SEVERITIES,
    SEVERITY_LABELS,
    Catalog,
    CatalogValidationError,
    Category,
    Item,
    SiteType,
    current_version,
    format_deduction,
    get_catalog,
    import_catalog,
    import_catalog_file,
    list_versions,
    load_catalog,
    set_current_version,
    validate_catalog_file,
    write_catalog_csv,
    write_catalog_xlsx,
    write_catalog_yaml,
)
from inspector.errors import NotFoundError, Problem, ValidationError

DEFAULT_LIST = Path(__file__).resolve().parent.parent / "forms" / "negative-list.yaml"
# The reviewed draft the default list was built from (139 items, 20 site types, 9 categories), kept with the tests.
REFERENCE_LIST = Path(__file__).resolve().parent / "data" / "negative-list-reference.yaml"
ZH_HEADERS = [
    "条目编号",
    "类别",
    "问题描述",
    "适用点位类型",
    "严重程度",
    "扣分",
    "责任单位",
    "整改时限（天）",
    "需要照片",
]
GOOD_ROW = ["T-001", "ENV", "路面散落垃圾", "road、alley", "一般", 0.5, "城市管理局", 1, "是"]


@pytest.fixture(scope="module")
def default_catalog() -> Catalog:
    return load_catalog(DEFAULT_LIST)


def small_catalog(name: str = "测试清单") -> Catalog:
    return Catalog(
        name=name,
        site_types=(SiteType("road", "主次干道"), SiteType("market", "农贸市场")),
        categories=(Category("ORD", "市容秩序"), Category("ENV", "环境卫生")),
        items=(
            Item("B-2", "ENV", "垃圾桶满溢", ("road", "market"), "minor", 0.5, "城市管理局", 1, True),
            Item("A-1", "ORD", "占道经营", ("road",), "major", 1.0, "城市管理局", 3, False),
            Item("C-3", "ENV", "活禽未隔离", ("market",), "severe", 3, "市场监管局", 7, True),
        ),
    )


def write_xlsx(path: Path, rows: list[list], *, headers: list[str] | None = None, sheet: str = "负面清单") -> Path:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(ZH_HEADERS if headers is None else headers)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def problems_of(path: Path, **kwargs) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        load_catalog(path, **kwargs)
    assert validate_catalog_file(path, **kwargs) == caught.value.problems
    return caught.value.problems


def where(problems: list[Problem]) -> set[tuple[int | None, str | None]]:
    return {(problem.row, problem.column) for problem in problems}


# ---------------------------------------------------------------- the shipped lists


def test_default_list_is_complete_and_consistent(default_catalog):
    catalog = default_catalog
    assert catalog.name
    assert len(catalog.items) >= 120
    assert len(catalog.site_types) >= 15
    assert len(catalog.categories) >= 7
    site_codes = {site_type.code for site_type in catalog.site_types}
    category_codes = {category.code for category in catalog.categories}
    for item in catalog.items:
        assert item.category in category_codes
        assert item.site_types and set(item.site_types) <= site_codes
        assert item.severity in SEVERITIES
        assert item.deduction > 0 and item.rectify_days >= 1
        assert item.text == item.text.strip() and item.responsible_unit
    assert {code for item in catalog.items for code in item.site_types} == site_codes
    assert {item.category for item in catalog.items} == category_codes
    assert all(catalog.items_for_site_type(code) for code in site_codes)


def test_default_list_keeps_the_reference_items(default_catalog):
    reference = load_catalog(REFERENCE_LIST)
    assert len(reference.items) == 139 and len(reference.site_types) == 20 and len(reference.categories) == 9
    assert [item.code for item in default_catalog.items] == [item.code for item in reference.items]
    assert reference.item("NL-BEH-004").photo_required is False
    assert reference.item("NL-YTH-001").deduction == 3.0


def test_default_list_round_trips_through_xlsx_yaml_and_csv(default_catalog, tmp_path):
    write_catalog_xlsx(default_catalog, tmp_path / "list.xlsx")
    from_xlsx = load_catalog(tmp_path / "list.xlsx")
    assert from_xlsx == default_catalog

    write_catalog_yaml(from_xlsx, tmp_path / "list.yaml")
    assert load_catalog(tmp_path / "list.yaml") == default_catalog

    write_catalog_csv(default_catalog, tmp_path / "list.csv")
    from_csv = load_catalog(tmp_path / "list.csv", base=default_catalog)
    assert from_csv.version == default_catalog.version
    assert from_csv.items == default_catalog.items


# ---------------------------------------------------------------- the catalog object


def test_canonical_form_is_pinned():
    catalog = small_catalog()
    document = json.loads(catalog.canonical_json())
    assert document["format"] == "inspector-catalog/1"
    assert document["site_types"] == [["road", "主次干道"], ["market", "农贸市场"]]
    assert document["categories"] == [["ORD", "市容秩序"], ["ENV", "环境卫生"]]
    assert [item["code"] for item in document["items"]] == ["A-1", "B-2", "C-3"]
    assert [item["deduction"] for item in document["items"]] == ["1", "0.5", "3"]
    assert document["items"][1]["site_types"] == ["road", "market"]
    assert catalog.canonical_json().startswith(b'{"categories":[["ORD","')
    assert "测试清单" not in catalog.canonical_json().decode()
    assert len(catalog.version) == 64 and catalog.version == small_catalog("另一个名字").version


def test_version_ignores_item_order_but_not_content():
    catalog = small_catalog()
    shuffled = Catalog(catalog.name, catalog.site_types, catalog.categories, tuple(reversed(catalog.items)))
    assert shuffled.version == catalog.version
    changed = Catalog(catalog.name, catalog.site_types, catalog.categories, catalog.items[:2])
    assert changed.version != catalog.version


@pytest.mark.parametrize(("value", "text"), [(0.5, "0.5"), (1.0, "1"), (3, "3"), (0.3, "0.3"), (10, "10"), (0, "0")])
def test_format_deduction(value, text):
    assert format_deduction(value) == text


def test_lookups_and_checklist_order():
    catalog = small_catalog()
    assert catalog.item("A-1").text == "占道经营"
    with pytest.raises(NotFoundError, match="X-9"):
        catalog.item("X-9")
    assert catalog.site_type_name("market") == "农贸市场"
    assert catalog.category_name("ENV") == "环境卫生"
    with pytest.raises(NotFoundError):
        catalog.site_type_name("moon")
    with pytest.raises(NotFoundError):
        catalog.category_name("ZZZ")
    assert [item.code for item in catalog.items_for_site_type("road")] == ["A-1", "B-2"]
    assert [item.code for item in catalog.items_for_site_type("market")] == ["B-2", "C-3"]
    assert catalog.items_for_site_type("moon") == []
    assert SEVERITY_LABELS == {"minor": "一般", "major": "较重", "severe": "严重"}


# ---------------------------------------------------------------- round trips (property)

SITE_CODE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=8)
CODE = st.text(alphabet="ABCXYZ0123456789-_", min_size=1, max_size=8)
WORDING = st.text(alphabet="路面垃圾占道经营市场公厕广告车辆行人文明abcXYZ019 -=/()，。（）", min_size=1, max_size=24)
TEXT = WORDING.map(str.strip).filter(bool)


@st.composite
def catalogs(draw) -> Catalog:
    site_codes = draw(st.lists(SITE_CODE, min_size=1, max_size=5, unique=True))
    site_names = draw(st.lists(TEXT, min_size=len(site_codes), max_size=len(site_codes), unique=True))
    category_codes = draw(st.lists(CODE, min_size=1, max_size=3, unique=True))
    category_names = draw(st.lists(TEXT, min_size=len(category_codes), max_size=len(category_codes), unique=True))
    item_codes = draw(st.lists(CODE, min_size=1, max_size=15, unique=True))
    items = []
    for code in item_codes:
        chosen = draw(st.lists(st.sampled_from(site_codes), min_size=1, unique=True))
        items.append(
            Item(
                code=code,
                category=draw(st.sampled_from(category_codes)),
                text=draw(TEXT),
                site_types=tuple(sorted(chosen, key=site_codes.index)),
                severity=draw(st.sampled_from(SEVERITIES)),
                deduction=draw(st.integers(1, 50)) / 10,
                responsible_unit=draw(TEXT),
                rectify_days=draw(st.integers(0, 30)),
                photo_required=draw(st.booleans()),
            )
        )
    return Catalog(
        name=draw(TEXT),
        site_types=tuple(SiteType(c, n) for c, n in zip(site_codes, site_names, strict=True)),
        categories=tuple(Category(c, n) for c, n in zip(category_codes, category_names, strict=True)),
        items=tuple(items),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=catalogs())
def test_random_catalogs_round_trip(catalog, tmp_path):
    write_catalog_xlsx(catalog, tmp_path / "random.xlsx")
    from_xlsx = load_catalog(tmp_path / "random.xlsx")
    assert from_xlsx.version == catalog.version
    assert from_xlsx == catalog

    write_catalog_yaml(catalog, tmp_path / "random.yaml")
    from_yaml = load_catalog(tmp_path / "random.yaml")
    assert from_yaml.version == catalog.version
    assert from_yaml == catalog


# ---------------------------------------------------------------- spreadsheets people make


def test_hand_made_xlsx_with_chinese_headers(default_catalog, tmp_path):
    path = tmp_path / "某市负面清单.xlsx"
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = "负面清单"
    worksheet.append(["某市创文负面清单（2025年版）"])
    worksheet.append(
        [
            "序号",
            " 条目编号 ",
            "类别",
            "问题描述",
            "适用点位类型",
            "严重程度",
            "扣分",
            "责任单位",
            "整改时限(天)",
            "需要照片",
        ]
    )
    worksheet.append(
        [
            1,
            "SZ-001",
            "环境卫生",
            "  路面有垃圾  ",
            "主次干道/商业大街、alley，农贸（集贸）市场",
            "一般",
            0.3,
            "城管局",
            1,
            "是",
        ]
    )
    worksheet.append([])
    worksheet.append([2, "SZ-002", "ORD", "占道经营", "market;road", "较重", "1", "城管局", "3", "N"])
    worksheet.append([3, "SZ-003", "YTH", "网吧接纳未成年人", "netcafe", "严重", 3, "文旅局", 1.0, True])
    workbook.save(path)

    catalog = load_catalog(path, base=default_catalog)
    assert catalog.name == "某市负面清单"
    assert catalog.site_types == default_catalog.site_types
    first, second, third = catalog.items
    assert first == Item("SZ-001", "ENV", "路面有垃圾", ("road", "alley", "market"), "minor", 0.3, "城管局", 1, True)
    assert second.site_types == ("road", "market") and second.photo_required is False
    assert (second.severity, second.deduction, second.rectify_days) == ("major", 1.0, 3)
    assert (third.severity, third.rectify_days, third.photo_required) == ("severe", 1, True)


def test_english_headers_in_csv(default_catalog, tmp_path):
    path = tmp_path / "english.csv"
    path.write_text(
        "Code , Category,text,site types,SEVERITY,deduction,responsible unit,rectify_days,photo_required\n"
        "E-1,ENV,Litter on the road,road,minor,0.5,City management,2,yes\n",
        encoding="utf-8",
    )
    (item,) = load_catalog(path, base=default_catalog).items
    assert item == Item("E-1", "ENV", "Litter on the road", ("road",), "minor", 0.5, "City management", 2, True)


def test_first_sheet_is_used_when_there_is_no_item_sheet(default_catalog, tmp_path):
    path = write_xlsx(tmp_path / "sheet1.xlsx", [GOOD_ROW], sheet="Sheet1")
    assert [item.code for item in load_catalog(path, base=default_catalog).items] == ["T-001"]


def test_wrong_sheet_reports_missing_columns(default_catalog, tmp_path):
    path = write_xlsx(tmp_path / "sites.xlsx", [["S1", "某某菜市场", "东城区"]], headers=["编号", "名称", "区"])
    problems = problems_of(path, base=default_catalog)
    missing = {problem.column for problem in problems}
    assert missing == {"类别", "问题描述", "适用点位类型", "严重程度", "扣分", "责任单位", "整改时限（天）"}
    assert all(problem.row == 1 and "缺少" in problem.message for problem in problems)


def test_definition_sheets_are_read_and_base_fills_the_gaps(tmp_path):
    path = write_xlsx(tmp_path / "defs.xlsx", [GOOD_ROW])
    workbook = openpyxl.load_workbook(path)
    sites = workbook.create_sheet("点位类型")
    sites.append(["编码", "名称"])
    sites.append(["road", "道路"])
    sites.append(["alley", "小巷"])
    workbook.save(path)

    problems = problems_of(path)
    assert [(problem.row, problem.column) for problem in problems] == [(None, None)]
    assert "类别" in problems[0].message

    base = Catalog("基础", (SiteType("x", "无关"),), (Category("ENV", "环境"),), ())
    catalog = load_catalog(path, base=base)
    assert catalog.site_types == (SiteType("road", "道路"), SiteType("alley", "小巷"))
    assert catalog.categories == base.categories


def test_xlsx_without_definitions_or_base_says_so(tmp_path):
    problems = problems_of(write_xlsx(tmp_path / "bare.xlsx", [GOOD_ROW]))
    assert len(problems) == 2
    assert any("点位类型" in problem.message for problem in problems)
    assert any("类别" in problem.message for problem in problems)


def test_gbk_csv_from_excel_loads(default_catalog, tmp_path):
    path = tmp_path / "gbk.csv"
    lines = [",".join(ZH_HEADERS), "G-1,市容秩序,沿街商户出店经营,背街小巷，农贸（集贸）市场,较重,1,城市管理局,2,否"]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    (item,) = load_catalog(path, base=default_catalog).items
    assert item == Item("G-1", "ORD", "沿街商户出店经营", ("alley", "market"), "major", 1.0, "城市管理局", 2, False)


def test_csv_needs_a_base_for_definitions(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(",".join(ZH_HEADERS) + "\nT-1,ENV,垃圾,road,一般,0.5,城管,1,是\n", encoding="utf-8-sig")
    (problem,) = problems_of(path)
    assert "基础清单" in problem.message


def test_blank_deduction_uses_the_default_for_its_severity(default_catalog, tmp_path):
    rows = [["D-1", "ENV", "垃圾", "road", "较重", None, "城管", 1, "是"]]
    path = write_xlsx(tmp_path / "blank.xlsx", rows)
    (problem,) = problems_of(path, base=default_catalog)
    assert (problem.row, problem.column) == (2, "扣分")
    catalog = load_catalog(path, base=default_catalog, default_deductions={"一般": 0.5, "较重": 1.0, "严重": 2})
    assert catalog.item("D-1").deduction == 1.0

    no_column = write_xlsx(
        tmp_path / "no-column.xlsx",
        [["D-2", "ENV", "垃圾", "road", "严重", "城管", 1]],
        headers=["条目编号", "类别", "问题描述", "适用点位类型", "严重程度", "责任单位", "整改时限"],
    )
    assert load_catalog(no_column, base=default_catalog, default_deductions={"severe": 2}).item("D-2").deduction == 2
    assert [problem.column for problem in problems_of(no_column, base=default_catalog)] == ["扣分"]


def test_blank_photo_flag_means_a_photo_is_required(default_catalog, tmp_path):
    rows = [["P-1", "ENV", "垃圾", "road", "一般", 0.5, "城管", 1, None]]
    assert load_catalog(write_xlsx(tmp_path / "p.xlsx", rows), base=default_catalog).item("P-1").photo_required


def test_formula_like_text_stays_text(tmp_path):
    catalog = small_catalog()
    item = catalog.items[0]
    odd = dataclasses.replace(item, text="=SUM(A1:A2) 不是公式")
    catalog = Catalog(catalog.name, catalog.site_types, catalog.categories, (odd,))
    write_catalog_xlsx(catalog, tmp_path / "formula.xlsx")
    assert load_catalog(tmp_path / "formula.xlsx").item(item.code).text == "=SUM(A1:A2) 不是公式"


# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("适用点位类型", "", "未填写适用点位类型"),
        ("条目编号", "", "条目编号为空"),
        ("问题描述", "  ", "问题描述为空"),
        ("责任单位", None, "责任单位为空"),
        ("扣分", -0.5, "负数"),
        ("扣分", "半分", "不是数字"),
        ("整改时限（天）", 3.5, "不是非负整数"),
        ("整改时限（天）", -1, "不是非负整数"),
        ("整改时限（天）", "三天", "不是非负整数"),
        ("严重程度", "特别严重", "未知的严重程度"),
        ("严重程度", None, "严重程度为空"),
        ("需要照片", "也许", "应填 是 或 否"),
    ],
)
def test_each_bad_cell_is_reported_where_it_is(default_catalog, tmp_path, column, value, message):
    bad = list(GOOD_ROW)
    bad[ZH_HEADERS.index(column)] = value
    good = ["T-002", *GOOD_ROW[1:]]
    path = write_xlsx(tmp_path / "bad.xlsx", [good, [], bad])
    (problem,) = problems_of(path, base=default_catalog)
    assert (problem.file, problem.row, problem.column) == ("bad.xlsx", 4, column)
    assert message in problem.message
    letter = "ABCDEFGHI"[ZH_HEADERS.index(column)]
    assert str(problem) == f"bad.xlsx 第4行 {letter}列（{column}）：{problem.message}"


def test_duplicate_item_code_points_at_both_rows(default_catalog, tmp_path):
    path = write_xlsx(tmp_path / "dup.xlsx", [GOOD_ROW, ["T-002", *GOOD_ROW[1:]], GOOD_ROW])
    (problem,) = problems_of(path, base=default_catalog)
    assert (problem.row, problem.column) == (4, "条目编号")
    assert "重复" in problem.message and "第2行" in problem.message


def test_duplicate_definitions_in_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "defs.xlsx", [GOOD_ROW])
    workbook = openpyxl.load_workbook(path)
    sites = workbook.create_sheet("点位类型")
    for row in (["编码", "名称"], ["road", "道路"], ["alley", "小巷"], ["road", "大道"], ["a,b", "逗号"]):
        sites.append(row)
    categories = workbook.create_sheet("类别")
    for row in (["编码", "名称"], ["ENV", "环境"], ["ENV", "卫生"], ["ORD", "环境"]):
        categories.append(row)
    workbook.save(path)
    problems = problems_of(path)
    assert where(problems) == {(4, "编码"), (5, "编码"), (3, "编码"), (4, "名称")}
    assert all(problem.message for problem in problems)


def test_definition_sheet_without_headers_does_not_flood(tmp_path):
    path = write_xlsx(tmp_path / "defs.xlsx", [GOOD_ROW, ["T-002", *GOOD_ROW[1:]]])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("点位类型").append(["road", "道路"])
    categories = workbook.create_sheet("类别")
    categories.append(["代码", "名称"])
    categories.append(["ENV", "环境卫生"])
    workbook.save(path)
    problems = problems_of(path)
    assert where(problems) == {(1, "编码"), (1, "名称")}
    assert all("点位类型" in problem.message for problem in problems)


def test_yaml_definitions_must_be_lists(tmp_path):
    path = tmp_path / "defs.yaml"
    path.write_text(
        "site_types: road\ncategories: [{code: ENV, name: 环境}]\n"
        "items: [{code: A, category: ENV, text: 垃圾, site_types: [road], severity: 一般, deduction: 1,"
        " responsible_unit: 城管, rectify_days: 1}]\n",
        encoding="utf-8",
    )
    (problem,) = problems_of(path)
    assert "点位类型定义应是列表" in problem.message


def test_all_problems_are_reported_at_once(default_catalog, tmp_path):
    rows = [
        ["M-1", "ENV", "垃圾", "月球", "一般", 0.5, "城管", 1, "是"],
        ["M-2", "???", "", "road", "一般", -1, "城管", "x", "是"],
        ["M-1", "ENV", "垃圾", "road", "很严重", 0.5, "", 1, "maybe"],
    ]
    problems = problems_of(write_xlsx(tmp_path / "many.xlsx", rows), base=default_catalog)
    assert where(problems) == {
        (3, "问题描述"),
        (3, "扣分"),
        (3, "整改时限（天）"),
        (4, "条目编号"),
        (4, "严重程度"),
        (4, "责任单位"),
        (4, "需要照片"),
    }
    with pytest.raises(CatalogValidationError) as caught:
        load_catalog(tmp_path / "many.xlsx", base=default_catalog)
    assert "7 处问题" in str(caught.value)
    # the unknown site type and category are not errors here (the file has no definition sheets): they are
    # listed after the problems as what would be proposed once the file is corrected
    assert [(p.row, p.column, p.arguments["name"]) for p in caught.value.new] == [
        (3, "类别", "???"),
        (2, "适用点位类型", "月球"),
    ]
    assert "改正后导入时将提议新增" in str(caught.value) and "新点位类型“月球”，编码 T01" in str(caught.value)


def test_empty_list_is_a_problem(default_catalog, tmp_path):
    (problem,) = problems_of(write_xlsx(tmp_path / "empty-list.xlsx", []), base=default_catalog)
    assert "没有任何条目" in problem.message
    yaml_path = tmp_path / "empty.yaml"
    yaml_path.write_text("name: 空\nsite_types: []\ncategories: []\nitems: []\n", encoding="utf-8")
    assert ["没有任何条目" in problem.message for problem in problems_of(yaml_path)] == [True]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xlsx", b"this is not a spreadsheet", "不是有效的 Excel"),
        ("list.xlsx", PNG, "不是有效的 Excel"),
        ("list.xlsx", b"", "文件是空的"),
        ("list.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "取消密码"),
        ("list.csv", b"", "空"),
        ("list.csv", b"  \r\n", "空"),
        ("photo.csv", PNG, "不是文本表格"),
        ("photo.yaml", PNG, "不是文本文件"),
        ("list.yaml", b"", "空"),
        ("list.yaml", b"just a sentence", "不是负面清单"),
        ("list.yaml", b"items: [\n  {code: A,\n", "YAML 格式错误"),
        ("list.txt", b"hello", "不支持的文件类型"),
        ("list.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
    ],
)
def test_unusable_files_give_one_clear_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    (problem,) = problems_of(path)
    assert problem.file == name
    assert message in problem.message


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    (problem,) = problems_of(path)
    assert "不是有效的 Excel" in problem.message


def test_missing_file_and_folder(tmp_path):
    (problem,) = problems_of(tmp_path / "nowhere.yaml")
    assert problem.message == "找不到该文件"
    (tmp_path / "folder.xlsx").mkdir()
    (problem,) = problems_of(tmp_path / "folder.xlsx")
    assert problem.message == "这是一个文件夹，不是文件"


def test_yaml_problems_carry_line_numbers(tmp_path):
    path = tmp_path / "lines.yaml"
    path.write_text(
        "name: 测试\n"
        "site_types:\n"
        "  - {code: road, name: 道路}\n"
        "  - {code: road, name: 马路}\n"
        "categories:\n"
        "  - {code: ENV, name: 环境}\n"
        "items:\n"
        "  - code: A-1\n"
        "    category: ENV\n"
        "    text: 垃圾\n"
        "    site_types: [road, moon]\n"
        "    severity: 一般\n"
        "    deduction: -1\n"
        "    responsible_unit: 城管\n"
        "    rectify_days: 1\n"
        "    photo_required: maybe\n"
        "  - code: A-2\n"
        "    category: ENV\n"
        "    site_types: [road]\n"
        "    severity: 一般\n"
        "    deduction: 0.5\n"
        "    responsible_unit: 城管\n"
        "    rectify_days: 1\n"
        "  - just text\n",
        encoding="utf-8",
    )
    problems = problems_of(path)
    assert where(problems) == {
        (4, "code"),
        (11, "site_types"),
        (13, "deduction"),
        (16, "photo_required"),
        (17, "text"),
        (24, None),
    }


def test_yaml_reference_layout_with_evidence_block(tmp_path):
    path = tmp_path / "ref.yaml"
    path.write_text(
        "meta:\n  name: 参考清单\n  scoring:\n    default_deduction_by_severity: {一般: 0.5, 较重: 1.0, 严重: 2.0}\n"
        "site_types: [{code: road, name: 道路}]\ncategories: [{code: ENV, name: 环境}]\n"
        "items:\n  - {code: R-1, category: ENV, text: 垃圾, site_types: [road], severity: 严重,"
        " responsible_unit: 城管, rectify_days: 1, evidence: {photo_required: false}}\n",
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    assert catalog.name == "参考清单"
    assert catalog.item("R-1").deduction == 2.0 and catalog.item("R-1").photo_required is False


# ---------------------------------------------------------------- the store


def count_rows(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_import_keeps_every_version_and_switches_current(db, default_catalog):
    assert current_version(db) is None
    with pytest.raises(NotFoundError):
        get_catalog(db)

    first = import_catalog(db, default_catalog, source="negative-list.yaml")
    assert first == default_catalog.version and current_version(db) == first
    smaller = Catalog("缩减版", default_catalog.site_types, default_catalog.categories, default_catalog.items[:50])
    second = import_catalog(db, smaller, source="smaller.xlsx")
    assert current_version(db) == second != first

    again = import_catalog(db, default_catalog, source="again.yaml", make_current=False)
    assert again == first and current_version(db) == second
    assert count_rows(db, "catalog_versions") == 2
    assert count_rows(db, "catalog_items") == len(default_catalog.items) + 50

    versions = list_versions(db)
    assert [entry["version"] for entry in versions] == [second, first]
    assert [entry["current"] for entry in versions] == [True, False]
    assert versions[1] | {"imported_at": None} == {
        "version": first,
        "name": default_catalog.name,
        "source": "negative-list.yaml",
        "imported_at": None,
        "item_count": len(default_catalog.items),
        "current": False,
    }
    assert versions[1]["imported_at"].endswith("Z")

    import_catalog(db, default_catalog, source="again.yaml")
    assert current_version(db) == first and count_rows(db, "catalog_versions") == 2
    set_current_version(db, second)
    assert current_version(db) == second
    with pytest.raises(NotFoundError):
        set_current_version(db, "0" * 64)


def test_get_catalog_rebuilds_the_same_catalog(db, default_catalog):
    version = import_catalog(db, default_catalog, source="negative-list.yaml")
    rebuilt = get_catalog(db, version)
    assert rebuilt == default_catalog and rebuilt.version == version
    assert get_catalog(db) is rebuilt
    stored = db.execute("SELECT canonical FROM catalog_versions WHERE version = ?", [version]).fetchone()[0]
    assert stored.encode("utf-8") == default_catalog.canonical_json()
    with pytest.raises(NotFoundError):
        get_catalog(db, "f" * 64)


def test_get_catalog_after_reopening(tmp_path, default_catalog):
    from inspector.store import open_db

    database = open_db(tmp_path / "reopen.db")
    version = import_catalog(database, default_catalog, source="x")
    database.conn.close()
    reopened = open_db(tmp_path / "reopen.db")
    try:
        assert get_catalog(reopened).version == version
    finally:
        reopened.conn.close()


def test_nothing_is_written_when_the_file_has_problems(db, default_catalog, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [["M-1", "ENV", "垃圾", "月球", "一般", 0.5, "城管", 1, "是"]])
    with pytest.raises(ValidationError):
        import_catalog_file(db, path, base=default_catalog)
    assert count_rows(db, "catalog_versions") == 0 and count_rows(db, "catalog_items") == 0
    assert current_version(db) is None

    version = import_catalog_file(db, DEFAULT_LIST)
    assert version == default_catalog.version
    assert list_versions(db)[0]["source"] == "negative-list.yaml"


def test_hand_built_catalog_is_checked_before_import(db):
    catalog = small_catalog()
    broken = Item("Z-1", "NOPE", "文字", ("moon",), "awful", -1, "", -3, True)
    bad = Catalog("坏清单", catalog.site_types, catalog.categories, (*catalog.items, broken, catalog.items[0]))
    with pytest.raises(ValidationError) as caught:
        import_catalog(db, bad, source="code")
    columns = {problem.column for problem in caught.value.problems}
    expected = {"category", "site_types", "severity", "deduction", "responsible_unit", "rectify_days", "code"}
    assert columns == expected
    assert count_rows(db, "catalog_versions") == 0


def test_hand_built_catalog_is_normalized_on_import(db):
    catalog = small_catalog()
    loose = Item(" D-4 ", "环境卫生", " 污水 ", ("农贸市场", "road"), "严重", 2, "城管", 1, True)
    version = import_catalog(db, Catalog("宽松", catalog.site_types, catalog.categories, (loose,)), source="code")
    (item,) = get_catalog(db, version).items
    assert item == Item("D-4", "ENV", "污水", ("road", "market"), "severe", 2.0, "城管", 1, True)
