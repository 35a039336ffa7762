"""The app's result page, offscreen: the picture, each group's row (badge and line) and the
chart agree with the verdict above them, for every recorded report and a few edited ones, in
three languages (tests/coherence.py says the rules). Read from the widgets."""

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.engine.builtin import builtin
from callpath.core.words import summary
from callpath.gui import i18n
from callpath.gui.labels import group_title
from callpath.gui.pathview import COLOURS, MARKS
from callpath.gui.result import ResultPage
from tests.coherence import cases, check_line, check_way

CASES = cases()
STATE_OF = {(COLOURS[s], MARKS[s]): s for s in ("ok", "trouble", "suspect", "mixed", "unknown")}


@pytest.fixture(scope="module")
def page():
    from callpath.gui.qt import QApplication
    QApplication.instance() or QApplication([])
    p = ResultPage(builtin().apps)
    p.resize(900, 1400)
    p.show()
    yield p
    p.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_row_agrees_with_the_verdict_above_it(page, name, lang):
    i18n.set_language(lang)
    report = CASES[name]
    page.show_report(report, report["verdict"])
    verdict = page.verdict
    assert verdict is not None and "parts" in verdict
    if "parts" not in report["verdict"]:
        # Saved before verdicts carried their parts: judged again, the words too.
        assert page.headline.text() == verdict["headline"] and page.explanation.text() == verdict["explanation"]
    check_way(report, verdict, dict(page.path.states()), f"{name} picture")
    chart = {label: cells for label, *cells in page.chart.cells()}
    app = summary.app_of(report, verdict)
    for group, (badge, _title, line) in page.group_rows.items():
        state = STATE_OF[(badge._colour, badge._symbol)]
        check_line(report, verdict, group, line.text(), lang, state, f"{name} row")
        voice = summary.group_voice(verdict["parts"], group)
        shown = chart.get(group_title(group, app))
        if group == "local" or voice is None:
            assert shown is None, (name, group)
            continue
        words = summary.voice_words(voice)
        # The chart's figures are the part's as the analysis pooled them: loss with its interval.
        assert shown[0].replace(" ", "").startswith(words["rtt"]) and shown[1] == words["loss"] + "%" \
            and shown[2] == words["mos"], (name, group, shown, words)
    i18n.set_language("en")
