"""The site register: CSV/XLSX import with stable ids, every problem reported at once, field additions, queries."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from inspector.changes import NOTHING, OpChanges
from inspector.errors import NotFoundError, ValidationError
from inspector.register.sites import (
    add_site,
    districts,
    get_site,
    import_sites,
    list_sites,
    load_site_register,
    resolve_site_type,
    set_site_active,
    streets,
)
from tests.conftest import FORMS

SITE_TYPES = {
    "road": "主次干道/商业大街",
    "alley": "背街小巷",
    "market": "农贸（集贸）市场",
    "square": "公共广场",
    "park": "公园/旅游景区",
    "station": "火车站/汽车客运站",
    "bus": "公交站点/公交车辆",
    "crossing": "交通路口",
    "hospital": "医院",
    "school": "中小学校及周边",
    "community": "社区（居委会/新时代文明实践站）",
    "residential": "居民小区",
    "village": "城中村/城乡结合部",
    "construction": "建筑工地",
    "toilet": "公共厕所",
    "service_window": "窗口单位（政务服务大厅/银行网点）",
    "culture_venue": "公共文化场馆（图书馆/文化馆/博物馆）",
    "youth_venue": "未成年人活动场所（青少年宫/校外活动中心）",
    "netcafe": "网吧（互联网上网服务营业场所）",
    "hotel_mall": "宾馆饭店/商场超市",
}
HEADERS = ["点位编号", "点位名称", "点位类型", "所属区", "街道", "地址", "责任单位"]
ROWS = [
    ["S-001", "幸福路农贸市场", "market", "云栖区", "明月街道", "幸福路36号", "幸福市场管理公司"],
    ["S-002", "青年街背街小巷", "背街小巷", "云栖区", "明月街道", "青年街", "明月街道办事处"],
    ["S-003", "望澜火车站", "火车站", "望澜区", "临江街道", "站前路1号", "望澜火车站"],
]


def write_csv(path, rows, headers=HEADERS, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path, rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def problems_of(excinfo):
    return [(p.row, p.column, p.message) for p in excinfo.value.problems]


def count_sites(db):
    return db.execute("SELECT COUNT(*) FROM sites").fetchone()[0]


def test_import_csv_with_chinese_headers(db, tmp_path):
    report = import_sites(db, write_csv(tmp_path / "sites.csv", ROWS), site_types=SITE_TYPES)
    assert (report.added, report.updated, report.unchanged, report.deactivated) == (3, 0, 0, 0)
    assert report.changes == OpChanges.of("sites")
    again = import_sites(db, write_csv(tmp_path / "sites.csv", ROWS), site_types=SITE_TYPES)
    assert (again.unchanged, again.changes) == (3, NOTHING)  # the same file again: the register did not change
    site = get_site(db, "S-002")
    assert site.site_type == "alley"
    assert (site.name, site.district, site.street, site.address) == ("青年街背街小巷", "云栖区", "明月街道", "青年街")
    assert site.responsible_unit == "明月街道办事处"
    assert site.origin == "register" and site.active
    assert get_site(db, site.id) == site
    assert get_site(db, "S-003").site_type == "station"


def test_import_xlsx_with_numeric_codes_and_english_headers(db, tmp_path):
    headers = ["code", "name", "site_type", "district", "street", "address", "responsible_unit"]
    rows = [[1001, "明月广场", "square", "云栖区", "明月街道", "明月大道", "城管局"]]
    import_sites(db, write_xlsx(tmp_path / "sites.xlsx", rows, headers), site_types=SITE_TYPES)
    assert get_site(db, "1001").name == "明月广场"


def test_import_xlsx_chinese_headers_with_alternative_district_header(db, tmp_path):
    headers = ["点位编号", "点位名称", "点位类型", "区县", "街道", "地址", "责任单位"]
    report = import_sites(db, write_xlsx(tmp_path / "sites.xlsx", ROWS, headers), site_types=SITE_TYPES)
    assert report.added == 3
    assert districts(db) == ["云栖区", "望澜区"]


def test_reimport_keeps_ids_updates_changed_rows_and_counts(db, tmp_path):
    import_sites(db, write_csv(tmp_path / "v1.csv", ROWS), site_types=SITE_TYPES)
    ids = {code: get_site(db, code).id for code in ("S-001", "S-002", "S-003")}
    before = db.execute("SELECT updated_at FROM sites WHERE code = 'S-001'").fetchone()[0]
    changed = [row[:] for row in ROWS[:2]]
    changed[1][6] = "青年街社区居委会"
    changed.append(["S-004", "明月小学", "school", "云栖区", "明月街道", "桂香巷12号", "明月小学"])
    report = import_sites(db, write_csv(tmp_path / "v2.csv", changed), site_types=SITE_TYPES)
    assert (report.added, report.updated, report.unchanged, report.deactivated) == (1, 1, 1, 0)
    assert {code: get_site(db, code).id for code in ids} == ids
    assert get_site(db, "S-002").responsible_unit == "青年街社区居委会"
    assert db.execute("SELECT updated_at FROM sites WHERE code = 'S-001'").fetchone()[0] == before
    assert get_site(db, "S-003").active


def test_reimport_with_deactivate_missing_and_reactivation(db, tmp_path):
    import_sites(db, write_csv(tmp_path / "v1.csv", ROWS), site_types=SITE_TYPES)
    field = add_site(
        db,
        name="临时摊点聚集点",
        site_type="road",
        district="云栖区",
        street="明月街道",
        address="明月大道",
        responsible_unit="城管局",
        site_types=SITE_TYPES,
    )
    report = import_sites(db, write_csv(tmp_path / "v2.csv", ROWS[:2]), site_types=SITE_TYPES, deactivate_missing=True)
    assert (report.added, report.updated, report.unchanged, report.deactivated) == (0, 0, 2, 1)
    assert not get_site(db, "S-003").active
    assert get_site(db, field.id).active
    assert {s.code for s in list_sites(db)} == {field.code, "S-001", "S-002"}
    assert "S-003" in {s.code for s in list_sites(db, active_only=False)}
    report = import_sites(db, write_csv(tmp_path / "v3.csv", ROWS), site_types=SITE_TYPES)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    assert get_site(db, "S-003").active


def test_every_problem_reported_at_once_and_nothing_written(db, tmp_path):
    rows = [
        ["S-001", "幸福路农贸市场", "market", "云栖区", "明月街道", "", ""],
        ["", "无编号点位", "alley", "云栖区", "明月街道", "", ""],
        ["S-003", "", "菜市场子", "云栖区", "", "", ""],
        ["S-001", "重复点位", "park", "望澜区", "临江街道", "", ""],
        ["", "", "", "", "", "", ""],
        ["S-005", "好点位", "toilet", "", "临江街道", "", ""],
    ]
    with pytest.raises(ValidationError) as excinfo:
        import_sites(db, write_csv(tmp_path / "bad.csv", rows), site_types=SITE_TYPES)
    assert problems_of(excinfo) == [
        (3, "点位编号", "“点位编号”不能为空"),
        (4, "点位名称", "“点位名称”不能为空"),
        (4, "街道", "“街道”不能为空"),
        (4, "点位类型", "未知的点位类型“菜市场子”"),
        (5, "点位编号", "点位编号“S-001”与第2行重复"),
        (7, "所属区", "“所属区”不能为空"),
    ]
    assert all(p.file == "bad.csv" for p in excinfo.value.problems)
    assert "未导入任何数据" in str(excinfo.value)
    assert count_sites(db) == 0


def test_missing_columns_reported_on_row_one(tmp_path):
    path = write_csv(tmp_path / "cols.csv", [["甲", "x"]], headers=["点位名称", "地址"])
    with pytest.raises(ValidationError) as excinfo:
        load_site_register(path, site_types=SITE_TYPES)
    assert problems_of(excinfo) == [
        (1, "点位编号", "缺少“点位编号”列"),
        (1, "点位类型", "缺少“点位类型”列"),
        (1, "所属区", "缺少“所属区”列"),
        (1, "街道", "缺少“街道”列"),
    ]


def test_optional_columns_may_be_absent(tmp_path):
    path = write_csv(tmp_path / "min.csv", [["S-1", "甲", "road", "云栖区", "明月街道"]], headers=HEADERS[:5])
    [site] = load_site_register(path, site_types=SITE_TYPES)
    assert site["address"] == "" and site["responsible_unit"] == "" and site["row"] == 2


def test_unreadable_and_empty_registers(db, tmp_path):
    png = tmp_path / "sites.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(ValidationError) as excinfo:
        import_sites(db, png, site_types=SITE_TYPES)
    assert excinfo.value.problems[0].file == "sites.xlsx"
    with pytest.raises(ValidationError, match="没有点位数据"):
        import_sites(db, write_csv(tmp_path / "header-only.csv", []), site_types=SITE_TYPES)
    assert count_sites(db) == 0


def test_gbk_csv(db, tmp_path):
    report = import_sites(db, write_csv(tmp_path / "gbk.csv", ROWS, encoding="gbk"), site_types=SITE_TYPES)
    assert report.added == 3
    assert get_site(db, "S-001").name == "幸福路农贸市场"


def test_site_type_by_code_or_chinese_name():
    assert resolve_site_type("market", SITE_TYPES) == "market"
    assert resolve_site_type("MARKET", SITE_TYPES) == "market"
    assert resolve_site_type("农贸（集贸）市场", SITE_TYPES) == "market"
    assert resolve_site_type("农贸(集贸)市场", SITE_TYPES) == "market"
    assert resolve_site_type("农贸市场", SITE_TYPES) == "market"
    assert resolve_site_type("公交站点", SITE_TYPES) == "bus"
    assert resolve_site_type("社区", SITE_TYPES) == "community"
    assert resolve_site_type("菜场", SITE_TYPES) is None


def test_demo_register_imports_cleanly(db):
    report = import_sites(db, FORMS / "demo-sites.csv", site_types=SITE_TYPES)
    assert report.added >= 60 and report.updated == 0
    assert len(districts(db)) == 4
    for district in districts(db):
        assert 2 <= len(streets(db, district)) <= 4
    sites = list_sites(db)
    assert len({s.site_type for s in sites}) >= 15
    assert all(s.address and s.responsible_unit for s in sites)
    assert FORMS.joinpath("demo-sites.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_add_site_in_the_field(db):
    site = add_site(
        db,
        name=" 新发现流动摊点 ",
        site_type="背街小巷",
        district="云栖区",
        street="明月街道",
        address="桂香巷口",
        responsible_unit="明月街道办事处",
        site_types=SITE_TYPES,
    )
    assert site.origin == "field" and site.active
    assert site.name == "新发现流动摊点" and site.site_type == "alley"
    assert site.code == "FLD-" + site.id.replace("-", "")[-8:]
    assert len(site.code) == 12
    assert get_site(db, site.code) == site
    coded = add_site(
        db,
        name="另一处",
        site_type="road",
        district="云栖区",
        street="明月街道",
        address="",
        responsible_unit="",
        site_types=SITE_TYPES,
        code="F-1",
    )
    assert coded.code == "F-1"


def test_add_site_validation(db):
    add_site(
        db,
        name="甲",
        site_type="road",
        district="云栖区",
        street="明月街道",
        address="",
        responsible_unit="",
        site_types=SITE_TYPES,
        code="F-1",
    )
    with pytest.raises(ValidationError) as excinfo:
        add_site(
            db,
            name=" ",
            site_type="飞机场",
            district="云栖区",
            street="明月街道",
            address="",
            responsible_unit="",
            site_types=SITE_TYPES,
            code="F-1",
        )
    assert [(p.column, p.message) for p in excinfo.value.problems] == [
        ("点位名称", "“点位名称”不能为空"),
        ("点位类型", "未知的点位类型“飞机场”"),
        ("点位编号", "点位编号“F-1”已存在"),
    ]
    assert count_sites(db) == 1


def test_get_site_not_found(db):
    with pytest.raises(NotFoundError, match="找不到点位“nope”"):
        get_site(db, "nope")


def test_list_sites_filters_search_and_order(db):
    import_sites(db, FORMS / "demo-sites.csv", site_types=SITE_TYPES)
    everything = list_sites(db)
    assert everything == sorted(everything, key=lambda s: (s.district, s.street, s.name, s.code))
    yunqi = list_sites(db, district="云栖区")
    assert yunqi and all(s.district == "云栖区" for s in yunqi)
    two = list_sites(db, district=["云栖区", "望澜区"])
    assert {s.district for s in two} == {"云栖区", "望澜区"}
    markets = list_sites(db, site_type=("market", "school"), district="桐湾区")
    assert {s.site_type for s in markets} == {"market", "school"}
    assert all(s.street == "明月街道" for s in list_sites(db, street="明月街道"))
    assert [s.code for s in list_sites(db, search="幸福路")] == ["YX-003"]
    assert [s.code for s in list_sites(db, search="yx-003")] == ["YX-003"]
    assert {s.street for s in list_sites(db, search="观潮街道")} == {"观潮街道"}
    assert list_sites(db, district=[]) == everything
    assert streets(db, "云栖区") == sorted(streets(db, "云栖区"))
    assert set(streets(db)) >= set(streets(db, "云栖区"))


def test_set_site_active(db, tmp_path):
    import_sites(db, write_csv(tmp_path / "s.csv", ROWS), site_types=SITE_TYPES)
    assert not set_site_active(db, "S-003", False).active
    assert districts(db) == ["云栖区"]
    assert set_site_active(db, "S-003", True).active
