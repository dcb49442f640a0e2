"""A city's own categories: new categories and site types proposed with stable codes, accepted or not; clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from inspector.catalog import (
    Catalog,
    CatalogValidationError,
    Category,
    Item,
    NewDefinitionsError,
    SiteType,
    check_catalog_file,
    get_catalog,
    import_catalog,
    import_catalog_file,
    list_versions,
    load_catalog,
    validate_catalog_file,
)
from inspector.cli import main
from inspector.errors import ValidationError

HEADERS = ["条目编号", "类别", "问题描述", "适用点位类型", "严重程度", "扣分", "责任单位", "整改时限（天）", "需要照片"]
BASE = Catalog(
    "本市清单",
    (SiteType("road", "主次干道"), SiteType("market", "农贸市场")),
    (Category("ENV", "环境卫生"), Category("ORD", "市容秩序")),
    (Item("A-1", "ENV", "垃圾", ("road",), "minor", 0.5, "城管", 1, True),),
)


def city_rows() -> list[list]:
    """Twenty items of a category and a site type the base does not know, then two of a code-like category."""
    rows = [[f"W-{n:02d}", "窗口服务", f"窗口问题{n}", "政务大厅", "一般", 0.5, "政数局", 3, "是"] for n in range(20)]
    rows += [[f"T-{n}", "WIN", "乱停车", "road、学校周边", "较重", 1, "交警", 1, "否"] for n in range(2)]
    rows += [["E-1", "环境卫生", "垃圾", "market", "一般", 0.5, "城管", 1, "是"]]
    return rows


def write_xlsx(path: Path, rows: list[list], **sheets: list[list]) -> Path:
    book = openpyxl.Workbook()
    items = book.active
    items.title = "负面清单"
    items.append(HEADERS)
    for row in rows:
        items.append(row)
    for title, content in sheets.items():
        sheet = book.create_sheet(title)
        for row in content:
            sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    lines = [",".join(HEADERS)] + [",".join(f'"{v}"' if "," in str(v) else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_unknown_categories_and_site_types_are_proposed_with_readable_codes(tmp_path):
    path = write_xlsx(tmp_path / "城市清单.xlsx", city_rows())
    with pytest.raises(NewDefinitionsError) as caught:
        load_catalog(path, base=BASE)
    new = caught.value.new
    assert [(p.arguments["kind"], p.arguments["new_code"], p.arguments["name"], p.rows, p.letter) for p in new] == [
        ("category", "C01", "窗口服务", ((2, 21),), "B"),
        ("category", "WIN", "WIN", ((22, 23),), "B"),
        ("site_type", "T01", "政务大厅", ((2, 21),), "D"),
        ("site_type", "T02", "学校周边", ((22, 23),), "D"),
    ]
    assert str(new[0]) == "城市清单.xlsx 第2–21行 B列（类别）：新类别“窗口服务”，编码 C01"
    assert str(new[3]) == "城市清单.xlsx 第22–23行 D列（适用点位类型）：新点位类型“学校周边”，编码 T02"
    message = str(caught.value)
    assert message.startswith("“城市清单.xlsx”用到工作区负面清单中没有的 2 个类别和 2 种点位类型，未导入任何数据。")
    assert validate_catalog_file(path, base=BASE) == new

    accepted = load_catalog(path, base=BASE, accept_new=True)
    assert validate_catalog_file(path, base=BASE, accept_new=True) == []
    assert accepted.categories == (*BASE.categories, Category("C01", "窗口服务"), Category("WIN", "WIN"))
    assert accepted.site_types == (*BASE.site_types, SiteType("T01", "政务大厅"), SiteType("T02", "学校周边"))
    assert accepted.item("W-00").category == "C01" and accepted.item("W-00").site_types == ("T01",)
    assert accepted.item("T-1").site_types == ("road", "T02") and accepted.item("E-1").category == "ENV"


def test_the_same_list_gives_the_same_codes_and_version_from_xlsx_and_csv(tmp_path):
    from_xlsx = load_catalog(write_xlsx(tmp_path / "a.xlsx", city_rows()), base=BASE, accept_new=True)
    again = load_catalog(write_xlsx(tmp_path / "b.xlsx", city_rows()), base=BASE, accept_new=True)
    from_csv = load_catalog(write_csv(tmp_path / "c.csv", city_rows()), base=BASE, accept_new=True)
    assert from_xlsx.version == again.version == from_csv.version


def test_generated_codes_skip_codes_the_workspace_already_uses(tmp_path):
    base = Catalog(
        BASE.name, (*BASE.site_types, SiteType("T01", "背街小巷")), (*BASE.categories, Category("C01", "公厕")), ()
    )
    check = check_catalog_file(write_xlsx(tmp_path / "l.xlsx", city_rows()), base=base)
    assert [p.arguments["new_code"] for p in check.new] == ["C02", "WIN", "T02", "T03"]
    assert check.catalog is not None and check.catalog.category_name("C01") == "公厕"


def test_import_writes_nothing_until_the_new_definitions_are_accepted(db, tmp_path):
    import_catalog(db, BASE, source="base")
    path = write_xlsx(tmp_path / "城市清单.xlsx", city_rows())
    with pytest.raises(NewDefinitionsError):
        import_catalog_file(db, path, base=get_catalog(db))
    assert len(list_versions(db)) == 1

    version = import_catalog_file(db, path, base=get_catalog(db), accept_new=True)
    stored = get_catalog(db)
    assert stored.version == version and stored.category_name("C01") == "窗口服务"
    assert stored.site_type_name("T02") == "学校周边"
    # the workspace now knows them: the same file proposes nothing and is the same version
    assert check_catalog_file(path, base=stored).new == []
    assert import_catalog_file(db, path, base=stored) == version and len(list_versions(db)) == 2


def test_a_file_with_its_own_category_sheet_gets_clear_errors(tmp_path):
    rows = [[f"B-{n:02d}", "卫生", "垃圾", "road", "一般", 0.5, "城管", 1, "是"] for n in range(20)]
    rows += [["B-20", "秩序", "占道", "road", "特别严重", 0.5, "城管", 1, "是"]]
    rows += [["B-21", "秩序", "占道", "road", "超级", 0.5, "城管", 1, "是"]]
    categories = [["编码", "名称"], ["ENV", "环境卫生"], ["ORD", "市容秩序"]]
    path = write_xlsx(tmp_path / "坏清单.xlsx", rows, 类别=categories)
    with pytest.raises(CatalogValidationError) as caught:
        load_catalog(path, base=BASE)
    assert caught.value.new == []
    assert [str(p) for p in caught.value.problems] == [
        "坏清单.xlsx 第2–21行 B列（类别）：未知的类别“卫生”（可填：ENV 环境卫生、ORD 市容秩序）",
        "坏清单.xlsx 第22–23行 B列（类别）：未知的类别“秩序”",
        "坏清单.xlsx 第22行 E列（严重程度）：未知的严重程度“特别严重”（可填：一般、较重、严重）",
        "坏清单.xlsx 第23行 E列（严重程度）：未知的严重程度“超级”",
    ]
    assert str(caught.value).startswith("发现 4 处问题，未导入任何数据：\n  坏清单.xlsx 第2–21行 B列（类别）")


def test_repeats_are_grouped_into_row_ranges(tmp_path):
    rows = [[f"U-{n:02d}", "ENV", "垃圾", "road", "一般", 0.5, "", 1, "是"] for n in range(10)]
    rows += [[]] + [[f"V-{n:02d}", "ENV", "垃圾", "road", "一般", 0.5, "", 1, "是"] for n in range(10)]
    rows += [["U-00", "ENV", "垃圾", "road", "一般", 0.5, "城管", 1, "是"]] * 2
    problems = validate_catalog_file(write_xlsx(tmp_path / "g.xlsx", rows), base=BASE)
    assert [str(p) for p in problems] == [
        "g.xlsx 第2–11、13–22行 G列（责任单位）：责任单位为空",
        "g.xlsx 第23–24行 A列（条目编号）：条目编号“U-00”重复（第2行已出现）",
    ]
    assert [p.rows for p in problems] == [((2, 11), (13, 22)), ((23, 24),)]


def test_a_new_name_with_control_characters_is_not_proposed(tmp_path):
    rows = [["X-1", "窗口\x07服务", "问题", "road", "一般", 0.5, "城管", 1, "是"]]
    (problem,) = validate_catalog_file(write_csv(tmp_path / "c.csv", rows), base=BASE)
    assert str(problem) == "c.csv 第2行 B列（类别）：含有不可见的控制字符"


def test_yaml_without_definitions_proposes_too_but_its_own_definitions_are_strict(tmp_path):
    loose = tmp_path / "loose.yaml"
    loose.write_text(
        "items:\n  - {code: Y-1, category: 窗口服务, text: 排长队, site_types: [road], severity: 一般,"
        " deduction: 0.5, responsible_unit: 政数局, rectify_days: 3}\n",
        encoding="utf-8",
    )
    (proposal,) = check_catalog_file(loose, base=BASE).new
    assert str(proposal) == "loose.yaml 第2行 “category”列：新类别“窗口服务”，编码 C01"
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        "categories: [{code: ENV, name: 环境卫生}]\n" + loose.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (problem,) = validate_catalog_file(strict, base=BASE)
    assert problem.message == "未知的类别“窗口服务”（可填：ENV 环境卫生）"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1, 2]\nitems: *x\n", "YAML 中不能使用锚点和别名（& 和 *），请把内容直接写出"),
        ("items: " + "[" * 40 + "]" * 40 + "\n", "YAML 嵌套超过 32 层，这不是负面清单的结构"),
    ],
)
def test_yaml_that_a_list_never_needs_is_refused(tmp_path, text, message):
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = validate_catalog_file(path, base=BASE)
    assert problem.message == message


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_lists_what_would_be_added_and_imports_it_with_accept_new(tmp_path, capsys):
    ws = str(tmp_path / "office")
    assert run(capsys, "workspace", "init", ws, "--role", "office")[0] == 0
    path = str(write_xlsx(tmp_path / "城市清单.xlsx", city_rows()))
    before = run(capsys, "--workspace", ws, "catalog", "versions", "--json")[1]

    code, _, err = run(capsys, "--workspace", ws, "catalog", "validate", path)
    assert code == 1
    assert err.startswith("错误：“城市清单.xlsx”用到工作区负面清单中没有的 2 个类别和 2 种点位类型，未导入任何数据。")
    assert "城市清单.xlsx 第2–21行 B列（类别）：新类别“窗口服务”，编码 C01" in err
    assert err.rstrip().endswith("确认新增请加 --accept-new 重新运行")

    code, out, _ = run(capsys, "--workspace", ws, "catalog", "import", path, "--json")
    assert code == 1
    refused = json.loads(out)
    assert [p["params"]["new_code"] for p in refused["problems"]] == ["C01", "WIN", "T01", "T02"]
    assert run(capsys, "--workspace", ws, "catalog", "versions", "--json")[1] == before

    code, out, _ = run(capsys, "--workspace", ws, "catalog", "validate", path, "--accept-new")
    assert code == 0 and "校验通过" in out and "新增：" in out and "新点位类型“政务大厅”，编码 T01" in out
    code, out, _ = run(capsys, "--workspace", ws, "catalog", "import", path, "--accept-new")
    assert code == 0 and out.startswith("已导入新版本：23 个条目\n新增：")
    code, out, _ = run(capsys, "--workspace", ws, "catalog", "import", path, "--json")
    assert code == 0 and json.loads(out)["new"] is False and json.loads(out)["added"] == []


def test_validation_error_is_still_a_validation_error():
    assert issubclass(NewDefinitionsError, ValidationError) and issubclass(CatalogValidationError, ValidationError)
