import pytest
from PySide6.QtCore import Qt

from inspector.register import sites
from ui.pages.sites_page import SitesPage


@pytest.fixture
def page(qtbot, ctx):
    widget = SitesPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(page):
    return [page.model.record(row).site for row in range(page.model.rowCount())]


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_browse_with_filters_and_search(qtbot, page, ctx):
    total = len(sites.list_sites(ctx.db))
    assert page.model.rowCount() == total and page.count.text() == f"{total} 个点位"
    assert page.proxy.headerData(1, Qt.Orientation.Horizontal) == "点位名称"

    choose(page.district, "云栖区")
    assert shown(page) and {s.district for s in shown(page)} == {"云栖区"}
    streets = [page.street.itemData(i) for i in range(1, page.street.count())]
    assert streets == sites.streets(ctx.db, "云栖区")
    choose(page.street, "明月街道")
    assert {s.street for s in shown(page)} == {"明月街道"}
    choose(page.site_type, "market")
    assert [s.code for s in shown(page)] == ["YX-003"]
    assert page.model.index(0, 2).data() == "农贸（集贸）市场"
    assert page.model.index(0, 7).data() == "点位表"

    choose(page.site_type, None)
    choose(page.district, "望澜区")
    assert page.street.currentData() is None  # 明月街道 is not in 望澜区: the street list follows the district
    choose(page.district, None)
    page.search.setText("医院")
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    assert shown(page) and all("医院" in s.name + s.address for s in shown(page))


def test_adding_a_site_checks_the_form_and_shows_the_new_site(qtbot, page, ctx):
    before = page.model.rowCount()
    dialog = page.add_site()
    assert dialog.isVisible()
    assert dialog.fields.district.currentText() == "云栖区"  # the inspector's own district
    dialog.save()
    assert "点位名称" in dialog.error.text() and dialog.isVisible()
    dialog.fields.name.setText("幸福路临时摊点群")
    dialog.fields.site_type.setCurrentIndex(dialog.fields.site_type.findData("market"))
    dialog.fields.street.setCurrentText("明月街道")
    dialog.fields.address.setText("幸福路与云栖路交叉口")
    dialog.fields.unit.setText("明月街道办事处")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    site = saved.args[0]
    assert site.origin == "field" and site.code.startswith("FLD-")
    assert not dialog.isVisible()
    assert page.model.rowCount() == before + 1
    row = next(r for r in range(page.model.rowCount()) if page.model.record(r).site.id == site.id)
    assert page.model.index(row, 7).data() == "现场新增"
