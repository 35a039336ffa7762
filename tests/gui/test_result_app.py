"""The result page names the app its verdict carries (verdict["app"], resolved once by the
analysis): the picture's part, the group's row, the chart and the details; a report saved before
verdicts carried it, as the window's catalog resolves the report's app."""

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.api import reanalyse
from callpath.core.engine.builtin import builtin
from callpath.gui import i18n
from callpath.gui.models import DETAIL_COLUMNS
from callpath.gui.qt import Qt
from callpath.gui.result import ResultPage
from tests.replay import load

PART = DETAIL_COLUMNS.index("Part")


@pytest.fixture
def page(qtbot):
    i18n.set_language("en")
    p = ResultPage(builtin().apps)
    qtbot.addWidget(p)
    return p


def _shown(page) -> tuple[str, str, set[str]]:
    """The service group's row title, the picture's name for the app's part, the details' parts."""
    model = page.details_model
    parts = {model.data(model.index(r, PART), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())}
    return page.group_rows["service"][1].text(), page.path.app_name, parts


def test_the_page_shows_the_app_the_verdict_carries(page):
    report = load("healthy-check")
    report["context"]["service"] = "teams"
    report = reanalyse(report, "en")
    report["verdict"]["app"] = {"id": "wechat", "names": {"en": "WeChat", "zh_CN": "微信", "zh_TW": "微信"}}
    page.show_report(report, report["verdict"])
    title, part, parts = _shown(page)
    assert title == part == "WeChat" and "WeChat" in parts


@pytest.mark.parametrize("saved", [None, ["damaged"]])
def test_a_verdict_saved_without_its_app_is_named_as_the_catalog_resolves_it(page, saved):
    report = load("healthy-check")
    report["context"]["service"] = "skype"  # closed: its users sign in to Teams, which was checked
    report = reanalyse(report, "en")
    del report["verdict"]["app"]
    if saved is not None:
        report["verdict"]["app"] = saved
    page.show_report(report, report["verdict"])
    title, part, parts = _shown(page)
    assert title == part == "Teams (free)" and "Teams (free)" in parts
