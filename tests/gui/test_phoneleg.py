"""The result page's questions about the called phone and the message for the family, as a
user meets them: the boxes show only where they apply, a click judges the verdict again, the
greeting is remembered, Copy puts the message on the clipboard."""

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.gui.qt import QApplication, Qt
from callpath.gui.window import MainWindow, Page

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


@pytest.fixture
def window(qtbot):
    w = MainWindow(deadline_s=20)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def show(window, name):
    report = json.loads((REPORTS / f"{name}.json").read_text("utf-8"))
    window.report = report
    window.result.show_report(report, report["verdict"])
    window.show_page(Page.RESULT)
    return window.result


def click(qtbot, result, question, reply):
    _label, _group, buttons = result.followups.questions[question]
    qtbot.mouseClick(buttons[reply], Qt.LeftButton)


def test_the_replies_judge_the_verdict_again(qtbot, window):
    result = show(window, "healthy-phone")
    assert result.followups.isVisible() and result.family.isVisible()
    assert "beyond what this computer can see" in result.headline.text()
    click(qtbot, result, "rang", "no")
    assert window.report["verdict"]["cause"] == "beyond_reach"  # one reply cannot place it
    click(qtbot, result, "other_abroad", "yes")
    assert window.report["verdict"]["cause"] == "calls_filtered"
    assert result.headline.text() == "Your calls are blocked before their phone rings"
    assert window.report["context"]["followups"] == {"rang": "no", "other_abroad": "yes"}
    assert not result.again_button.hasFocus()  # the keyboard stays with the questions
    click(qtbot, result, "other_abroad", "unsure")
    assert window.report["verdict"]["cause"] == "beyond_reach"
    _label, _group, buttons = result.followups.questions["rang"]
    assert buttons["no"].isChecked()  # the replies stay shown after judging again


def test_the_seeds_symptom_is_a_cut_before_their_line(qtbot, window):
    """The families' words — "it rings twice and drops: 'your connection is too weak'" — with
    their phone showing nothing: the call was cut between the gateway and their carrier."""
    result = show(window, "healthy-phone")
    box = result.followups
    assert list(box.sides) == ["caller", "called"]  # what you heard, apart from what they saw
    _label, _group, heard = box.questions["heard"]
    assert "your connection is too weak" in heard["rang_then_dropped"].text()
    click(qtbot, result, "heard", "rang_then_dropped")
    assert window.report["verdict"]["cause"] == "beyond_reach"  # the ringing heard is no proof
    assert "does not prove that their phone rang" in result.explanation.text()
    click(qtbot, result, "rang", "no")
    assert window.report["verdict"]["cause"] == "cut_before_their_line"
    assert result.headline.text() == "Your calls are cut on the way into China's phone network"
    assert dict(result.path.states())["phone"] != "trouble"  # not their phone
    assert "不是你手机的问题" in result.family.preview.toPlainText()


def test_the_message_for_the_family_is_copied_and_its_greeting_remembered(qtbot, window):
    result = show(window, "healthy-phone")
    box = result.family
    box.greeting.clear()
    box.greeting.setText("妈")  # typed: QTest cannot type characters outside Latin-1
    assert box.preview.toPlainText().startswith("妈：\n")
    qtbot.mouseClick(box.copy_button, Qt.LeftButton)
    assert QApplication.clipboard().text() == box.preview.toPlainText()
    assert "境外来电" in QApplication.clipboard().text()
    assert "WeChat" in box.copied.text()
    window.settings.sync()
    again = MainWindow(deadline_s=20)
    qtbot.addWidget(again)
    assert again.result.family.greeting.text() == "妈"
    again.close()


def test_a_cause_on_the_users_side_gets_neither_box(qtbot, window):
    result = show(window, "captive-portal")
    assert not result.followups.isVisible() and not result.family.isVisible()


def test_in_chinese_the_message_stays_simplified(qtbot, window):
    result = show(window, "healthy-phone")
    window.set_language("zh_TW")
    label, _group, buttons = result.followups.questions["rang"]
    assert label.text().startswith("對方的手機") and buttons["unsure"].text() == "不知道"
    assert "境外来电" in result.family.preview.toPlainText()  # Simplified, for the relative


def test_the_picture_of_the_way_shows_where_the_verdict_puts_the_trouble(qtbot, window):
    from callpath.core.analysis import picture
    result = show(window, "captive-portal")
    assert result.path.states() == picture.states(result.verdict)
    assert dict(result.path.states())["home"] == "trouble"
    assert "Home network: the trouble is here" in result.path.accessibleDescription()
    result = show(window, "healthy-phone")
    click(qtbot, result, "rang", "no")
    click(qtbot, result, "other_abroad", "yes")
    assert dict(result.path.states())["phone"] == "trouble"  # the replies moved it


def test_the_run_page_fills_the_picture_in_as_groups_finish(qtbot, window):
    run = window.run
    run.begin({"local": 2, "world": 1, "service": 1, "china": 1}, "skype")
    assert {s for _p, s in run.path.states()} == {"waiting", "unknown"}
    run.on_measurement("local", "ok")
    run.on_measurement("local", "ok")
    run.on_measurement("world", "timeout")
    live = dict(run.path.states())
    assert live["computer"] == live["home"] == "ok" and live["internet"] == "mixed"
    assert live["service"] == "waiting" and live["phone"] == "unknown"
    assert "Teams (free)" in run.path.label("service")  # Skype's users are checked on Teams
    run.finish()


def test_the_message_box_says_what_its_message_is_for(qtbot, window):
    report = json.loads((REPORTS / "healthy-check.json").read_text("utf-8"))
    report["context"].update(service="whatsapp", symptom="app_calls")
    report["verdict"].update(cause="app_blocked_in_china", locus="upstream")
    window.report = report
    window.result.show_report(report, report["verdict"])
    box = window.result.family
    assert box.isVisibleTo(window.result) and "what to use instead" in box.intro.text()
    assert "WhatsApp" in box.preview.toPlainText()


def test_a_report_opened_before_its_page_shows_keeps_its_replies(qtbot, window):
    """A run from the history is shown before its page is: its replies and the app's name
    must be in the questions all the same."""
    from callpath.core.api import explain_report
    report = json.loads((REPORTS / "healthy-phone.json").read_text("utf-8"))
    report["context"]["followups"] = {"heard": "rang_then_dropped", "rang": "no"}
    window.show_page(Page.ASK)
    window.result.show_report(report, explain_report(report, "en"))
    window.show_page(Page.RESULT)
    box = window.result.followups
    assert box.questions["heard"][2]["rang_then_dropped"].isChecked() and box.questions["rang"][2]["no"].isChecked()
    assert "Teams (free)" in box.questions["app_calls_work"][0].text()
