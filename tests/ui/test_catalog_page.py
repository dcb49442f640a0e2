import pytest
from PySide6.QtCore import Qt

from inspector import catalog
from ui.pages.catalog_page import CatalogPage


@pytest.fixture
def page(qtbot, ctx):
    widget = CatalogPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def codes(page):
    return [page.items.record(row).item.code for row in range(page.items.rowCount())]


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_browse_items_by_category_site_type_and_search(qtbot, page, ctx):
    current = catalog.get_catalog(ctx.db)
    assert page.items.rowCount() == len(current.items)
    assert current.version[:12] in page.info.text() and current.name in page.info.text()
    assert page.items.headerData(2, Qt.Orientation.Horizontal) == "问题描述"

    choose(page.category, "ENV")
    assert codes(page) == [i.code for i in current.items if i.category == "ENV"]
    choose(page.site_type, "market")
    assert codes(page) == [i.code for i in current.items if i.category == "ENV" and "market" in i.site_types]
    assert page.count.text() == f"显示 {len(codes(page))} / {len(current.items)} 个条目"
    first = current.item(codes(page)[0])
    assert page.items.index(0, 1).data() == "环境卫生"
    assert page.items.index(0, 3).data() in {"一般", "较重", "严重"}
    assert page.items.index(0, 5).data() == f"{first.rectify_days} 天"
    assert "农贸（集贸）市场" in page.items.index(0, 8).data()

    choose(page.category, None)
    choose(page.site_type, None)
    page.search.setText("网吧")
    qtbot.waitUntil(lambda: page.items.rowCount() < len(current.items))
    assert codes(page) and all("网吧" in current.item(code).text for code in codes(page))


def test_the_versions_list_marks_the_current_version(page, ctx):
    [version] = catalog.list_versions(ctx.db)
    assert page.versions.rowCount() == 1
    assert page.versions.index(0, 0).data() == "当前"
    assert page.versions.index(0, 2).data() == version["version"][:12] + "…"
    assert page.versions.index(0, 3).data() == str(version["item_count"])
