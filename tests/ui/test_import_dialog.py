import openpyxl
import pytest
from PySide6.QtCore import Qt

from inspector import catalog
from inspector.register import sites
from inspector.store import transaction
from tests.test_catalog import ZH_HEADERS
from ui.pages.catalog_page import CatalogPage
from ui.pages.import_dialog import CatalogImportResult, SiteImportResult, in_worker_workspace
from ui.pages.sites_page import SitesPage
from ui.tasks import Cancel, Cancelled

HEADERS = ["点位编号", "点位名称", "点位类型", "所属区", "街道", "地址", "责任单位"]


def site_count(ws):
    return len(sites.list_sites(ws.db, active_only=False))


@pytest.fixture
def sites_page(qtbot, ctx):
    page = SitesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def broken_register(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["YX-900", "", "market", "云栖区", "明月街道", "幸福路1号", "市场监管局"])  # row 2: no name
    sheet.append(["YX-901", "火星站", "火星基地", "云栖区", "明月街道", "", ""])  # row 3: unknown type
    sheet.append(["YX-902", "无区点位", "农贸市场", "", "明月街道", "", ""])  # row 4: no district
    sheet.append(["YX-901", "重复编号", "alley", "云栖区", "明月街道", "", ""])  # row 5: duplicate code
    book.save(path)
    return path


def test_a_broken_spreadsheet_lists_every_problem_and_imports_nothing(qtbot, sites_page, ctx, tmp_path):
    before = site_count(ctx.workspace)
    path = broken_register(tmp_path / "点位表.xlsx")
    dialog = sites_page.start_import(str(path))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.result is None
    assert dialog.headline.text() == "未导入任何数据"
    assert "发现 4 处问题" in dialog.message.text() and "未导入任何数据" in dialog.message.text()
    rows = [
        [dialog.problems.index(r, c).data() for c in range(dialog.problems.columnCount())]
        for r in range(dialog.problems.rowCount())
    ]
    assert [row[1] for row in rows] == ["2", "3", "4", "5"]
    assert all(row[0] == "点位表.xlsx" and row[2] and row[3] for row in rows)
    assert {row[2] for row in rows} == {"点位名称", "点位类型", "所属区", "点位编号"}
    assert "火星基地" in rows[1][3]
    assert dialog.table.isVisible()
    headers = [dialog.problems.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["文件", "行", "列", "问题说明"]
    assert site_count(ctx.workspace) == before
    dialog.accept()


def test_a_successful_site_import_shows_counts_and_the_new_sites(qtbot, sites_page, ctx, tmp_path):
    before = site_count(ctx.workspace)
    path = tmp_path / "新增点位.csv"
    path.write_text(
        ",".join(HEADERS) + "\n"
        "YX-950,云栖新市场,农贸市场,云栖区,明月街道,新市路1号,云栖区市场监管局\n"
        "YX-951,云栖新巷,背街小巷,云栖区,明月街道,新巷全段,明月街道办事处\n",
        encoding="utf-8-sig",
    )
    shown = sites_page.model.rowCount()
    dialog = sites_page.start_import(str(path))
    with qtbot.waitSignal(dialog.done, timeout=10_000) as done:
        pass
    result = done.args[0]
    assert isinstance(result, SiteImportResult) and result.report.added == 2
    assert dialog.headline.text() == "点位表已导入"
    assert "新增 2 个" in dialog.message.text() and not dialog.table.isVisible()
    assert site_count(ctx.workspace) == before + 2
    assert sites_page.model.rowCount() == shown + 2  # the page refreshed from the announced change
    dialog.accept()


def test_cancelling_an_import_leaves_the_register_unchanged(qtbot, sites_page, ctx, tmp_path):
    before = site_count(ctx.workspace)
    path = tmp_path / "big.csv"
    lines = [",".join(HEADERS)] + [f"ZZ-{n:04d},点位{n},农贸市场,云栖区,明月街道,路{n}号,单位" for n in range(3000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    dialog = sites_page.start_import(str(path))
    dialog.reject()  # Esc while running asks to cancel
    assert dialog.stage.text() == "正在取消…"
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.headline.text() == "已取消导入"
    assert site_count(ctx.workspace) == before


def test_cancel_inside_the_transaction_rolls_it_back(ctx):
    before = site_count(ctx.workspace)
    token = Cancel(lambda *_: None)

    def job(ws, token):
        with transaction(ws.db) as conn:
            conn.execute(
                "INSERT INTO sites (id, code, name, site_type, district, street, address, responsible_unit, origin,"
                " active, created_at, updated_at) VALUES ('x', 'X-1', 'x', 'market', 'd', 's', '', '', 'field', 1,"
                " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
            )
            token.cancel()
            for _ in range(50):
                conn.execute("SELECT COUNT(*) FROM sites a, sites b").fetchone()
        return "committed"

    with pytest.raises(Cancelled):
        in_worker_workspace(ctx, job)(token)
    assert site_count(ctx.workspace) == before


def test_a_broken_negative_list_reports_problems_and_a_good_one_becomes_current(qtbot, ctx, tmp_path):
    page = CatalogPage(ctx)
    qtbot.addWidget(page)
    page.show()
    broken = tmp_path / "清单.yaml"
    broken.write_text(
        "name: 坏清单\nsite_types:\n  - {code: road, name: 道路}\ncategories:\n  - {code: ENV, name: 环境}\n"
        "items:\n  - {code: A-1, category: NOPE, text: 垃圾, site_types: [mars], severity: 超级, deduction: -1,"
        " responsible_unit: 城管, rectify_days: 1, photo_required: true}\n",
        encoding="utf-8",
    )
    dialog = page.start_import(str(broken))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.problems.rowCount() >= 3
    assert len(catalog.list_versions(ctx.db)) == 1

    current = catalog.get_catalog(ctx.db)
    changed = catalog.Catalog(current.name + "（修订）", current.site_types, current.categories, current.items[:-1])
    good = tmp_path / "清单.xlsx"
    catalog.write_catalog_xlsx(changed, good)
    dialog = page.start_import(str(good))
    with qtbot.waitSignal(dialog.done, timeout=10_000) as done:
        pass
    result = done.args[0]
    assert isinstance(result, CatalogImportResult) and result.new and result.items == len(current.items) - 1
    assert catalog.current_version(ctx.db) == result.version
    assert page.versions.rowCount() == 2
    assert page.items.rowCount() == len(current.items) - 1
    assert "已设为当前负面清单" in dialog.message.text() and "。 " not in dialog.message.text()


CATALOG_HEADERS = ZH_HEADERS  # the clerk's column headers


def city_list(path, *, category_sheet=False):
    """A city's own list: twenty items of a category and a site type the workspace does not know."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "负面清单"
    sheet.append(CATALOG_HEADERS)
    for n in range(20):
        sheet.append([f"W-{n:02d}", "窗口服务", f"窗口问题{n}", "政务大厅", "一般", 0.5, "政数局", 3, "是"])
    sheet.append(["E-1", "环境卫生", "垃圾", "road", "特别严重", 0.5, "城管", 1, "是"])
    if category_sheet:
        categories = book.create_sheet("类别")
        for row in (["编码", "名称"], ["ENV", "环境卫生"], ["ORD", "市容秩序"]):
            categories.append(row)
    book.save(path)
    return path


def cells(model):
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def catalog_page(qtbot, ctx):
    page = CatalogPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_new_categories_are_shown_and_imported_once_the_clerk_accepts_them(qtbot, catalog_page, ctx, tmp_path):
    rows = [[f"W-{n:02d}", "窗口服务", "排长队", "政务大厅", "一般", 0.5, "政数局", 3, "是"] for n in range(20)]
    book = openpyxl.Workbook()
    book.active.title = "负面清单"
    for row in [CATALOG_HEADERS, *rows]:
        book.active.append(row)
    path = tmp_path / "城市清单.xlsx"
    book.save(path)
    versions = len(catalog.list_versions(ctx.db))

    dialog = catalog_page.start_import(str(path))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.result is None and dialog.headline.text() == "需要确认新类别"
    assert "用到工作区负面清单中没有的 2 个类别或点位类型，尚未导入任何数据" in dialog.message.text()
    assert not dialog.table.isVisible() and dialog.new_table.isVisible()
    assert cells(dialog.proposals) == [
        ["类别", "C01", "窗口服务", "2–21", "B列（类别）"],
        ["点位类型", "T01", "政务大厅", "2–21", "D列（适用点位类型）"],
    ]
    assert dialog.accept_box.isVisible() and dialog.accept_box.text() == "接受新类别"
    assert not dialog.accept_box.isChecked() and not dialog.import_button.isEnabled()
    assert len(catalog.list_versions(ctx.db)) == versions

    dialog.accept_box.click()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.done, timeout=10_000) as done:
        dialog.import_button.click()
    result = done.args[0]
    assert isinstance(result, CatalogImportResult) and result.new and len(result.added) == 2
    assert dialog.headline.text() == "负面清单已导入" and dialog.new_label.text() == "随清单新增："
    assert not dialog.accept_box.isVisible() and len(catalog.list_versions(ctx.db)) == versions + 1
    current = catalog.get_catalog(ctx.db)
    assert current.category_name("C01") == "窗口服务" and current.site_type_name("T01") == "政务大厅"
    assert catalog_page.items.rowCount() == 20
    dialog.accept()


def test_a_file_with_problems_lists_them_grouped_and_the_new_categories_after_them(qtbot, catalog_page, tmp_path):
    dialog = catalog_page.start_import(str(city_list(tmp_path / "城市清单.xlsx")))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.headline.text() == "未导入任何数据" and not dialog.accept_box.isVisible()
    assert cells(dialog.problems) == [
        ["城市清单.xlsx", "22", "E列（严重程度）", "未知的严重程度“特别严重”（可填：一般、较重、严重）"],
    ]
    assert dialog.new_label.text().startswith("文件还用到工作区没有的类别或点位类型")
    assert [row[1] for row in cells(dialog.proposals)] == ["C01", "T01"]
    dialog.accept()


def test_the_report_speaks_english_in_the_english_ui(qtbot, catalog_page, tmp_path):
    from ui import i18n

    path = city_list(tmp_path / "list.xlsx", category_sheet=True)
    i18n.install("en")
    try:
        dialog = catalog_page.start_import(str(path))
        qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
        assert dialog.headline.text() == "Nothing was imported"
        assert cells(dialog.problems) == [
            ["list.xlsx", "2–21", "B (类别)", "Unknown category “窗口服务” (accepted: ENV 环境卫生、ORD 市容秩序)"],
            ["list.xlsx", "22", "E (严重程度)", "Unknown severity “特别严重” (accepted: 一般、较重、严重)"],
        ]
        assert dialog.message.text().startswith("2 problem(s) found in “list.xlsx”. Nothing was imported")
        # the file has its own category sheet, so only the site type is proposed
        assert cells(dialog.proposals) == [["site type", "T01", "政务大厅", "2–21", "D (适用点位类型)"]]
        dialog.accept()
    finally:
        i18n.install("zh_CN")


def test_a_zip_bomb_in_the_site_import_is_one_clear_problem(qtbot, sites_page, ctx, tmp_path):
    from tests.spreadsheet_kit import SHEET_TAIL, repeated, sheet_head, workbook, write_zip

    sheet = repeated(sheet_head(), b"<row><c><v>1</v></c></row>" * 40_000, 1_000, SHEET_TAIL)
    path = write_zip(tmp_path / "点位表.xlsx", workbook(sheet))
    before = site_count(ctx.workspace)
    dialog = sites_page.start_import(str(path))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=10_000)
    assert dialog.headline.text() == "未导入任何数据"
    (row,) = cells(dialog.problems)
    assert row[0] == "点位表.xlsx" and row[1] == "" and "压缩炸弹" in row[3]
    assert site_count(ctx.workspace) == before
    dialog.accept()
