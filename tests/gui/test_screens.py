"""The result page as a new user first sees it, at the window's default size, in every
language: every step of the verdict shown whole (nothing slid under the line below it), the
details in a table of their own with full names on hover, a run from the history marked with
its date, and no English word or raw code in a Chinese view outside the technical column."""

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.api import explain_report
from callpath.gui import i18n
from callpath.gui.models import DETAIL_COLUMNS, TECHNICAL_COLUMN
from callpath.gui.pathview import broken
from callpath.gui.qt import QApplication, Qt
from callpath.gui.window import MainWindow, Page
from tests.chinese import CHECK_NAMES, english_words, with_placeholders

REPORTS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "reports").glob("*.json"))
DEFAULT_SIZE = (760, 720)  # MainWindow._restore, on a first start


@pytest.fixture
def fresh(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(*DEFAULT_SIZE)
    w.show()
    yield w
    w.close()


def _show(window, path, lang, from_history=False):
    """A finished run's report shown as the app shows it: judged, from the run page."""
    report = json.loads(path.read_text("utf-8"))
    report["context"]["lang"] = lang
    window.set_language(lang)
    window.show_page(Page.RUN)
    window.report = report
    window.result.show_report(report, explain_report(report, lang), from_history=from_history)
    window.show_page(Page.RESULT)
    for _ in range(3):
        QApplication.processEvents()
    return report


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_step_of_every_verdict_shows_whole_at_the_default_size(fresh, lang):
    page = fresh.result
    for path in REPORTS:
        _show(fresh, path, lang)
        card = [page.locus, page.headline, page.path, page.explanation, page.actions_title,
                page.action_list, page.confidence]
        shown = [w for w in card if w.isVisible()]
        for above, below in zip(shown, shown[1:], strict=False):
            assert above.geometry().bottom() < below.geometry().top(), (path.stem, lang, above, below)
        labels = [page.explanation] + [text for _n, text in page.action_list.rows if text.isVisible()]
        for label in labels:
            assert label.height() >= label.heightForWidth(label.width()), (path.stem, lang, label.text())
        assert page.action_list.texts() == page.verdict["actions"]


def test_the_details_open_in_a_table_of_their_own_with_full_names_on_hover(fresh):
    report = _show(fresh, REPORTS[0].with_name("china-degraded.json"), "zh_CN")
    page = fresh.result
    page.details_button.click()
    QApplication.processEvents()
    table, model = page.details, page.details_model
    assert page.details_window.isVisible() and table.isVisible()
    assert model.rowCount() == len(report["measurements"])
    header = table.horizontalHeader()
    for column in range(len(DETAIL_COLUMNS) - 1):  # every header's words whole
        assert header.sectionSize(column) >= header.sectionSizeHint(column), DETAIL_COLUMNS[column]
    # More than a handful of rows at once.
    assert table.rowAt(table.viewport().height() - 2) >= 15 or table.rowAt(table.viewport().height() - 2) == -1
    longest = max(range(model.rowCount()), key=lambda r: len(report["measurements"][r]["target"]))
    target = report["measurements"][longest]["target"]
    assert model.data(model.index(longest, 2), Qt.ItemDataRole.ToolTipRole) == target


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_a_chinese_result_page_and_its_details_speak_chinese(fresh, lang):
    page = fresh.result
    for path in REPORTS:
        report = _show(fresh, path, lang)
        named = {w for m in report["measurements"]  # the software that signed certificates, as named
                 for w in re.findall(r"[A-Za-z]+", str(m["metrics"].get("issuer", "")))}
        texts = [page.locus.text(), page.headline.text(), page.explanation.text(), page.confidence.text(),
                 *page.action_list.texts()]
        texts += [line.text() for _b, _n, line in page.group_rows.values()]
        found = [(w, t) for t in texts for w in english_words(t, named | CHECK_NAMES)]
        assert not found, (path.stem, found[:3])
        model = page.details_model
        for row in range(model.rowCount()):
            for column in range(TECHNICAL_COLUMN):  # the technical column alone keeps ids and codes
                shown = str(model.data(model.index(row, column)) or "")
                assert not english_words(shown, CHECK_NAMES), (path.stem, column, shown)


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_a_redacted_runs_placeholders_are_said_in_the_apps_language(fresh, lang):
    """A run from the history is redacted: its placeholders in the verdict and the details in
    Chinese, the technical column as recorded."""
    report = with_placeholders(lang)
    fresh.set_language(lang)
    page = fresh.result
    page.show_report(report, report["verdict"], from_history=True)
    for _ in range(3):
        QApplication.processEvents()
    tunnel = "[您的网络连接]" if lang == "zh_CN" else "[您的網路連線]"
    assert tunnel in page.explanation.text() and not english_words(page.explanation.text())
    model = page.details_model
    row = next(i for i, m in enumerate(report["measurements"]) if m["id"] == "china.dns-114.dns_sample")
    server = "[您的 DNS 服务器，公网 IPv4]" if lang == "zh_CN" else "[您的 DNS 伺服器，公用 IPv4]"
    assert model.data(model.index(row, 2)) == f"{server}:53/udp"
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole) == f"{server}:53/udp"
    assert report["measurements"][row]["target"] == "[your DNS server, public IPv4]:53/udp"  # kept


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_parts_name_breaks_between_words_not_inside_one(fresh, lang):
    """"Teams（免费版） 服 / 务器" on the Run page: Qt breaks Chinese anywhere; the picture breaks
    a name that does not fit at its last space, each line whole in its cell."""
    fresh.set_language(lang)
    fresh.show_page(Page.RUN)
    fresh.run.begin({"local": 1, "world": 1, "service": 1, "china": 1}, "teams")
    QApplication.processEvents()
    for picture in (fresh.run.path, fresh.result.path):
        cell = picture.width() / 6 - 4
        metrics = picture.fontMetrics()
        for part in ("computer", "home", "internet", "service", "china", "phone"):
            drawn = broken(picture.label(part), cell, metrics.horizontalAdvance)
            assert all(metrics.horizontalAdvance(line) <= cell for line in drawn.splitlines()), (lang, drawn)
    assert broken("Teams（免费版） 服务器", 100, lambda t: 10 * len(t)) == "Teams（免费版）\n服务器"
    assert broken("Teams (free) servers", 100, lambda t: 10 * len(t)) == "Teams (free)\nservers"
    assert broken("这台电脑", 100, lambda t: 10 * len(t)) == "这台电脑"


def test_a_run_opened_from_the_history_says_so_and_when_it_ran(fresh):
    page = fresh.result
    _show(fresh, REPORTS[0].with_name("china-drop.json"), "en", from_history=True)
    assert page.history_note.isVisible()
    assert page.history_note.text().startswith("From your history: the check of 2026-12-0")
    fresh.set_language("zh_CN")  # a language switch keeps the mark
    assert page.history_note.isVisible() and page.history_note.text().startswith("来自历史记录：")
    _show(fresh, REPORTS[0].with_name("china-drop.json"), "en", from_history=False)  # a new run
    assert not page.history_note.isVisible()
