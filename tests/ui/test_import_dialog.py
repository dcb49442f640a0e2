import openpyxl
import pytest
from PySide6.QtCore import Qt

from inspector import catalog, sites
from inspector.store import transaction
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
