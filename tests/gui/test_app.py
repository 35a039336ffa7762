"""The app, offscreen, driven like a user would: answer, run against loopback servers, watch
progress, cancel, read each kind of verdict, switch language, use only the keyboard."""

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.analysis.judge import Answers
from callpath.core.api import explain_report
from callpath.gui.qt import QSettings, Qt
from callpath.gui.settings import settings_path
from callpath.gui.widgets import LOCUS_STYLE
from callpath.gui.window import MainWindow, Page

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


@pytest.fixture
def window(qtbot, net):
    w = MainWindow(catalog=net.catalog, deadline_s=20,
                   diagnosis_options={"nameservers": net.nameservers, "dns_port": net.dns_port})
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()  # joins the worker and probe threads


def has_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_whole_flow_against_loopback(qtbot, window):
    window.ask.set_answers(Answers("app_calls", "abroad", "skype"))
    progress = []
    window.runner.progress.connect(lambda done, total, what: progress.append((done, total)))
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    assert window.page() == Page.RUN
    # live: groups move from waiting to running/ok, the bar fills, time passes
    qtbot.waitUntil(lambda: window.run.progress.value() > 0, timeout=10000)
    qtbot.waitUntil(lambda: window.run.rows["local"].state == "ok", timeout=10000)
    # the bar moves while the voice samples run (it once sat at 2 % while the groups filled)
    qtbot.waitUntil(lambda: window.run.progress.value() >= 30, timeout=10000)
    qtbot.waitUntil(lambda: window.page() == Page.RESULT, timeout=30000)
    assert progress and progress[-1][0] == progress[-1][1]
    assert all(row.state == "ok" for row in window.run.rows.values())
    assert window.run.elapsed.text().startswith("Elapsed:")
    # everything answered on loopback: nothing wrong here, the rest is beyond reach
    assert window.report["verdict"]["cause"] == "beyond_reach"
    assert window.result.headline.text() == window.report["verdict"]["headline"]
    assert window.result.locus.text() == "Beyond your side"
    # Skype is closed: what its users sign in to now was checked, and is named
    assert [r[0] for r in window.result.chart._rows] == ["The internet", "Teams (free)", "China"]
    assert all(r[1] is not None for r in window.result.chart._rows)
    assert window.result.save_button.isEnabled() and window.result.copy_button.isEnabled()
    # details: the full table with every measurement
    qtbot.mouseClick(window.result.details_button, Qt.LeftButton)
    assert window.result.details.isVisible()
    model = window.result.details_model
    assert model.rowCount() == len(window.report["measurements"])
    assert model.headerData(0, Qt.Horizontal) == "Part"
    # run again with the same answers
    qtbot.mouseClick(window.result.again_button, Qt.LeftButton)
    assert window.page() == Page.RUN
    qtbot.waitUntil(lambda: window.page() == Page.RESULT, timeout=30000)


def test_cancel_mid_run_returns_to_the_questions(qtbot, window):
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.run.progress.value() > 0, timeout=10000)
    t0 = time.monotonic()
    qtbot.mouseClick(window.run.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.page() == Page.ASK, timeout=2000)
    assert "cancelled" in window.statusBar().currentMessage()  # said, not silent
    assert time.monotonic() - t0 < 1.0
    assert window.report is None  # nothing half-done is kept
    qtbot.waitUntil(lambda: not window.runner.running, timeout=1000)
    assert window.runner.wait(2.0)


def test_keyboard_only(qtbot, window):
    window.activateWindow()
    window.ask.start_button.setFocus()
    qtbot.keyClick(window.ask.start_button, Qt.Key_Return)  # the default button
    assert window.page() == Page.RUN
    qtbot.waitUntil(lambda: window.run.progress.value() > 0, timeout=10000)
    qtbot.keyClick(window, Qt.Key_Escape)  # Escape cancels
    qtbot.waitUntil(lambda: window.page() == Page.ASK, timeout=2000)
    # Tab reaches every answer and the start button
    focusable = [window.ask.symptom_buttons["check"], window.ask.location_buttons["abroad"],
                 window.ask.app_buttons["skype"], window.ask.start_button]
    assert all(w.focusPolicy() & Qt.TabFocus for w in focusable)
    assert all(w.accessibleName() for w in (window.ask.start_button, window.run.cancel_button))


@pytest.mark.parametrize("fixture,locus", [("captive-portal", "local"), ("china-drop", "upstream"),
                                           ("healthy-check", "none"), ("healthy-phone", "upstream")])
def test_each_verdict_kind_is_rendered(qtbot, window, fixture, locus):
    report = json.loads((REPORTS / f"{fixture}.json").read_text("utf-8"))
    window.report = report
    window.result.show_report(report, report["verdict"])
    window.show_page(Page.RESULT)
    # Saved before verdicts carried their parts: judged again, words and rows alike.
    verdict = explain_report(report, "en")
    assert window.result.verdict == verdict
    assert window.result.badge._colour == LOCUS_STYLE[locus][0]
    assert window.result.card._colour.name() == LOCUS_STYLE[locus][0]
    assert window.result.headline.text() == verdict["headline"]
    assert window.result.action_list.texts() == verdict["actions"]


def test_unsure_verdict_is_grey(qtbot, window):
    report = json.loads((REPORTS / "healthy-check.json").read_text("utf-8"))
    for m in report["measurements"]:
        if m["group"] != "local":
            m["ok"], m["error"] = False, {"code": "deadline", "detail": ""}
    verdict = explain_report(report, "en")
    window.result.show_report(report, verdict)
    assert verdict["locus"] == "unknown"
    assert window.result.badge._colour == LOCUS_STYLE["unknown"][0]
    assert window.result.locus.text() == "Not sure"


def test_language_switches_live_without_restart(qtbot, window):
    report = json.loads((REPORTS / "china-drop.json").read_text("utf-8"))
    window.report = report
    window.result.show_report(report, report["verdict"])
    window.show_page(Page.RESULT)
    english = window.result.headline.text()
    window.language_actions["zh_CN"].trigger()
    assert has_cjk(window.result.headline.text()) and window.result.headline.text() != english
    assert has_cjk(window.result.again_button.text())
    assert has_cjk(window.ask.start_button.text())
    assert has_cjk(window.windowTitle())
    assert window.language_actions["zh_CN"].isChecked()
    window.language_actions["zh_TW"].trigger()
    assert "網路" in window.result.headline.text()
    window.language_actions["en"].trigger()
    assert window.result.headline.text() == english
    # remembered
    assert QSettings(str(settings_path()), QSettings.IniFormat).value("language") == "en"


def test_answers_and_geometry_are_remembered(qtbot, net):
    first = MainWindow(catalog=net.catalog,
                       diagnosis_options={"nameservers": net.nameservers, "dns_port": net.dns_port})
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 560)
    first.move(37, 23)
    first.ask.set_answers(Answers("quality", "china", "teams"))
    qtbot.mouseClick(first.ask.start_button, Qt.LeftButton)
    qtbot.mouseClick(first.run.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: first.page() == Page.ASK, timeout=2000)
    kept = first.geometry()
    first.close()
    assert QSettings(str(settings_path()), QSettings.IniFormat).contains("window/geometry")
    second = MainWindow(catalog=net.catalog)
    qtbot.addWidget(second)
    assert second.ask.answers() == Answers("quality", "china", "teams")
    assert second.size() == kept.size()  # (offscreen, window positions are not kept exactly)


def test_the_apps_offered_are_the_catalogs(qtbot, window):
    ask = window.ask
    # Every app at once first, the choice until the user picks one; a closed app last.
    assert list(ask.app_buttons) == ["all", "teams", "wechat", "whatsapp", "skype"]
    assert ask.answers().app == "all" and ask.app_buttons["all"].text() == "All my apps"
    assert ask.app_buttons["skype"].text() == "Skype (closed in 2025)"
    # Every complaint some app can have: the phone's through Teams' dial pad.
    assert all(b.isEnabled() for b in ask.symptom_buttons.values())
    # WeChat calls no phone numbers: that complaint cannot be chosen with it
    ask.set_answers(Answers("phone_calls", "abroad", "teams"))
    ask.app_buttons["wechat"].click()
    assert not ask.symptom_buttons["phone_calls"].isEnabled() and ask.answers().symptom == "check"
    ask.app_buttons["teams"].click()
    assert ask.symptom_buttons["phone_calls"].isEnabled()
    window.set_language("zh_CN")
    assert ask.app_buttons["wechat"].text() == "微信"
    window.set_language("en")


def test_damaged_settings_fall_back_to_defaults(qtbot, net):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"[answers]\nsymptom=\xff\xfe nonsense\nservice=icq\n[window]\ngeometry=garbage\n")
    w = MainWindow(catalog=net.catalog)
    qtbot.addWidget(w)
    assert w.ask.answers().app == "all"  # the first choice: every app at once
    assert w.ask.answers().symptom == "check"
    # Said, and nothing lost: the file as it was is kept beside it.
    assert "could not be read" in w.statusBar().currentMessage()
    kept = path.with_name(path.name + ".damaged")
    assert kept.read_bytes().startswith(b"[answers]\nsymptom=\xff\xfe")


# --- sharing and history ---------------------------------------------------------------------------

@pytest.fixture
def shown(qtbot, window):
    report = json.loads((REPORTS / "china-drop.json").read_text("utf-8"))
    stun = next(m for m in report["measurements"] if m["id"] == "world.google-stun.stun")
    stun["metrics"]["mapped_address"] = "203.0.113.99:40000"
    report["context"]["redacted"] = False
    window.report = report
    window.result.show_report(report, report["verdict"])
    window.show_page(Page.RESULT)
    return window


def test_saving_offers_a_web_page_first_and_the_picture_says_when_and_which_app(qtbot, shown, tmp_path,
                                                                                 monkeypatch):
    from callpath.gui import export
    offered = []
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: offered.append((start, filters)) or ("", ""))
    shown.result.save_button.click()
    start, filters = offered[0]
    assert start.endswith(".html") and filters.startswith("Web page (*.html)")
    caption = export.caption(shown.report)
    assert "Skype" in caption and export.local_time(shown.report["context"]["started_at"]) in caption
    shot = export.picture(shown.result.card, caption)
    card = shown.result.card.grab()
    assert shot.width() == card.width() and shot.height() > card.height()


def test_save_report_in_every_format(qtbot, shown, tmp_path, monkeypatch):
    from callpath.gui import export
    for ext in ("md", "html", "txt", "json", "png"):
        target = tmp_path / f"report.{ext}"
        monkeypatch.setattr(export.QFileDialog, "getSaveFileName",
                            lambda *a, target=target: (str(target), "x"))
        shown.result.save_button.click()
        assert target.exists() and target.stat().st_size > 500, ext
        if ext != "png":
            text = target.read_text("utf-8")
            assert "203.0.113.99" not in text  # redacted by default
    assert "[your public address, public IPv4]" in (tmp_path / "report.json").read_text("utf-8")
    assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"
    assert "Saved to" in shown.statusBar().currentMessage()


def test_unwritable_target_says_why_and_offers_another_place(qtbot, shown, tmp_path, monkeypatch):
    from callpath.gui import export
    blocked = tmp_path / "file"
    blocked.write_text("x")
    good = tmp_path / "ok.md"
    answers = iter([(str(blocked / "report.md"), "x"), (str(good), "x")])
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *a: next(answers))
    warnings = []
    monkeypatch.setattr(export.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    shown.result.save_button.click()
    assert len(warnings) == 1 and "choose another place" in warnings[0]
    assert good.exists() and blocked.read_text() == "x"  # nothing lost, nothing half-written


def test_copy_for_forum(qtbot, shown):
    from callpath.gui.qt import QApplication
    shown.result.copy_markdown.trigger()
    text = QApplication.clipboard().text()
    assert text.startswith("**CallPath: ") and "203.0.113.99" not in text
    shown.result.also_box.setChecked(True)
    shown.result.copy_text.trigger()
    text = QApplication.clipboard().text()
    assert "从您的网络连不上中国境内的网站和服务器" in text  # English UI: Chinese added


def test_keeping_personal_data_needs_confirmation(qtbot, shown, monkeypatch):
    from callpath.gui import result as pages
    from callpath.gui.qt import QApplication, QMessageBox
    monkeypatch.setattr(pages.QMessageBox, "warning", lambda *a, **k: QMessageBox.No)
    shown.result.redact_box.setChecked(False)
    assert shown.result.redact_box.isChecked()  # refused: still removed
    monkeypatch.setattr(pages.QMessageBox, "warning", lambda *a, **k: QMessageBox.Yes)
    shown.result.redact_box.setChecked(False)
    shown.result.copy_markdown.trigger()
    assert "Warning: this report still contains personal data" in QApplication.clipboard().text()


def test_history_keeps_runs_opens_and_compares(qtbot, window, monkeypatch):
    from callpath.gui import export
    for name in ("healthy-check", "china-degraded"):
        window._keep(json.loads((REPORTS / f"{name}.json").read_text("utf-8")))
        window._keeper.join(5)
    store = window._history()
    dialog = export.HistoryDialog(store, window)
    assert dialog.model.rowCount() == 2
    dialog.table.selectRow(1)
    assert dialog.open_button.isEnabled() and not dialog.compare_button.isEnabled()
    dialog.table.selectAll()
    assert dialog.compare_button.isEnabled()
    compared = export.CompareDialog(store.get(dialog.runs[1].id), store.get(dialog.runs[0].id), window)
    changed = [compared.model.rows[i][0] for i, c in enumerate(compared.changed) if c]
    assert "Verdict" in changed and any("China" in c for c in changed)
    dialog.table.selectRow(0)
    dialog._open()
    assert dialog.chosen["verdict"]["cause"] == "china_degraded"
    # In the interface's language: local time, the app's name, the verdict and its place in
    # words — never "upstream" or "upstream/china_degraded", whatever language a run was made in.
    window.set_language("zh_CN")
    dialog = export.HistoryDialog(store, window)
    date, app, verdict, where, figures = dialog.model.rows[0]
    assert date == export.local_time(dialog.runs[0].started_at) and "T" not in date
    assert app == "Skype" and verdict == "通往中国的线路拥堵" and where == "问题不在您这边"
    assert "中国" in figures and "china" not in figures
    compared = export.CompareDialog(store.get(dialog.runs[1].id), store.get(dialog.runs[0].id), window)
    verdicts = next(row for row in compared.model.rows if row[0] == "结论")
    assert verdicts[2] == "通往中国的线路拥堵" and "/" not in verdicts[1]
    store.close()


@pytest.fixture
def in_shanghai(monkeypatch):
    """The system's time zone is China's, as tzlocal answers it. Not through TZ: on Windows
    tzlocal reads the registry and ignores it (and the C runtime then disagrees with it)."""
    import tzlocal

    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Asia/Shanghai")


def test_location_is_guessed_once_the_window_shows(qtbot, net, in_shanghai):
    w = MainWindow(catalog=net.catalog)
    qtbot.addWidget(w)
    assert w.ask.answers().location == "abroad" and not w.ask.location_note.isVisible()
    with qtbot.waitSignal(w.started, timeout=5000):
        w.show()
    assert w.ask.answers().location == "china"
    # Said in plain words; the zone's name only on hover.
    assert w.ask.location_note.isVisible() and "clock settings" in w.ask.location_note.text()
    assert "Asia/Shanghai" not in w.ask.location_note.text() and w.ask.location_note.toolTip() == "Asia/Shanghai"
    # the user's own choice ends the hint, and a later guess leaves the choice alone
    w.ask.location_buttons["abroad"].setFocus()
    qtbot.keyClick(w.ask.location_buttons["abroad"], Qt.Key_Space)
    assert not w.ask.location_note.isVisible()
    w.ask.guess_location()
    assert w.ask.answers().location == "abroad"
    w.close()


def test_remembered_answers_are_not_overridden_by_the_guess(qtbot, net, in_shanghai):
    settings = QSettings(str(settings_path()), QSettings.IniFormat)
    for key, value in (("symptom", "quality"), ("location", "abroad"), ("service", "teams")):
        settings.setValue(f"answers/{key}", value)
    settings.sync()
    w = MainWindow(catalog=net.catalog)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.started, timeout=5000):
        w.show()
    assert w.ask.answers() == Answers("quality", "abroad", "teams")
    assert not w.ask.location_note.isVisible()
    w.close()


def _first_run():
    settings = QSettings(str(settings_path()), QSettings.IniFormat)
    settings.remove("privacy/seen")
    settings.sync()


def test_first_run_says_what_is_sent_and_lets_the_censorship_checks_be_turned_off(qtbot, net):
    _first_run()
    w = MainWindow(catalog=net.catalog, deadline_s=20,
                   diagnosis_options={"nameservers": net.nameservers, "dns_port": net.dns_port})
    qtbot.addWidget(w)
    w.show()
    assert w.page() == Page.PRIVACY
    text = w.privacy.body.text()
    # In sentences first; every server a run may contact is named one click away.
    assert not any(endpoint.host in text for endpoint in net.catalog.endpoints)
    assert str(len(net.catalog.endpoints)) in w.privacy.list_button.text()
    qtbot.mouseClick(w.privacy.list_button, Qt.LeftButton)
    text = w.privacy.body.text()
    for endpoint in net.catalog.endpoints:
        assert endpoint.host in text
    assert "nothing is uploaded" in w.privacy.intro.text()
    assert "200" in w.privacy.kept.text()
    assert w.privacy.sensitive_box.isChecked()  # on unless the user turns it off
    w.privacy.sensitive_box.setChecked(False)
    qtbot.keyClick(w.privacy.continue_button, Qt.Key_Return)
    assert w.page() == Page.ASK
    assert not w.sensitive_action.isChecked()

    w.ask.set_answers(Answers("check", "abroad", "skype"))
    qtbot.mouseClick(w.ask.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.page() == Page.RESULT, timeout=30000)
    assert w.report["context"]["sensitive_probes"] is False
    assert not [m for m in w.report["measurements"] if m["kind"] == "dns_injection"]
    assert "Checks for censorship" in w.result.explanation.text()
    w.close()

    again = MainWindow(catalog=net.catalog)  # the page shows once; the choice is remembered
    qtbot.addWidget(again)
    assert again.page() == Page.ASK and not again.sensitive_probes()
    assert again.privacy is None  # built only when shown
    again.sensitive_action.trigger()  # Settings > Check for censorship, on again
    assert again.sensitive_probes()
    again.report = w.report
    again.result.show_report(again.report, explain_report(again.report, "en"))
    again.show_page(Page.RESULT)
    again.privacy_action.trigger()  # Help > What CallPath sends…
    assert again.page() == Page.PRIVACY and again.privacy.sensitive_box.isChecked()
    qtbot.mouseClick(again.privacy.continue_button, Qt.LeftButton)
    assert again.page() == Page.RESULT  # back where the user was
    again.close()


def test_badly_damaged_settings_file_falls_back_to_defaults(qtbot, net):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(b"\xff\xfe[answers\x00]\nsymptom=\x01\x02\nlocation==\n"
                                b"[probes]\nsensitive=maybe\n[privacy]\nseen=1\n[window]\ngeometry=@ByteArray(garbage)\n")
    w = MainWindow(catalog=net.catalog)
    qtbot.addWidget(w)
    w.show()
    assert w.ask.answers() == Answers("check", "abroad", "all")
    assert w.sensitive_probes() is True
    w.close()



def test_the_app_starts_through_its_entry_point(tmp_path):
    """`callpath` with no command, as a user starts it (the tests above build the window
    directly, so a broken import in the entry's own module would pass them)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CALLPATH_SELF_CHECK": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")}
    out = subprocess.run([sys.executable, "-m", "callpath.gui"], capture_output=True, text=True,
                         timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts["catalog_endpoints"] >= 20 and "Traceback" not in out.stderr


def test_the_details_speak_the_interface_language(qtbot, shown):
    """Kinds, results and this side's targets in words; the raw kind and code in the tooltip."""
    shown.set_language("zh_CN")
    model = shown.result.details_model
    rows = {model.rows[r]["id"]: r for r in range(model.rowCount())}
    local = rows["local.interfaces"]
    assert model.data(model.index(local, 1)) == "网卡" and model.data(model.index(local, 2)) == "这台电脑"
    failed = next(r for r in range(model.rowCount()) if not model.rows[r]["ok"]
                  and model.rows[r]["error"]["code"] == "timeout")
    assert model.data(model.index(failed, 3)) == "等不到回应"
    assert model.data(model.index(failed, 3), Qt.ToolTipRole) == "等不到回应 (timeout)"


def test_inside_china_the_ask_page_asks_about_the_censorship_checks(qtbot, window):
    ask = window.ask
    ask.location_buttons["abroad"].setChecked(True)
    assert not ask.censorship_box.isVisibleTo(ask)  # asked once we know the user is in China
    ask.location_buttons["china"].setFocus()
    qtbot.keyClick(ask.location_buttons["china"], Qt.Key_Space)
    assert ask.location_buttons["china"].isChecked()
    assert ask.censorship_box.isVisibleTo(ask) and ask.censorship_box.isChecked() == window.sensitive_probes()
    ask.censorship_box.setChecked(False)
    assert not window.sensitive_probes() and not window.sensitive_action.isChecked()
    window.sensitive_action.setChecked(True)  # the same setting, from the menu
    assert ask.censorship_box.isChecked() and window.sensitive_probes()


def test_every_app_in_one_check_through_the_window(qtbot, window):
    """The first choice, all the apps: one run, the suggestion above the verdict with a row per
    app, the suggested app's verdict in the card; kept in the history by its suggestion; in
    Chinese at once."""
    from callpath.gui import export

    window.ask.set_answers(Answers("app_calls", "abroad", window.ask.first_choice))
    assert window.ask.answers().app == "all"
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    assert window.page() == Page.RUN and window.run.app.name("en") == "All my apps"
    qtbot.waitUntil(lambda: window.page() == Page.RESULT, timeout=30000)
    said = window.report["verdict"]["suggestion"]
    # Every loopback server answers alike: no app is better; WhatsApp cannot reach China.
    assert (said["kind"], said["apps"]) == ("tie", ["teams", "wechat"])
    box = window.result.choice
    assert box.isVisible() and box.headline.text() == said["headline"]
    rows = [row for row in box.rows if row.isVisible()]
    assert [row.name.text() for row in rows] == ["Teams (free)", "WeChat", "WhatsApp"]
    assert rows[2].line.text().startswith("blocked in mainland China")
    assert window.result.locus.text().startswith("Verdict for Teams (free): ")
    window.set_language("zh_CN")
    assert box.headline.text() != said["headline"] and "微信" in box.headline.text()
    assert [row.name.text() for row in rows][:2] == ["Teams（免费版）", "微信"]
    window.set_language("en")
    # Handed to the history's thread at a later turn of the event loop (window._keep_pending).
    qtbot.waitUntil(lambda: window._to_keep is None, timeout=5000)
    window._keeper.join(5)
    dialog = export.HistoryDialog(window._history(), window)
    _date, app, verdict, _where, _figures = dialog.model.rows[0]
    assert app == "All my apps" and verdict == said["headline"]
    # A one-app report shows no suggestion.
    report = json.loads((REPORTS / "healthy-check.json").read_text("utf-8"))
    window.result.show_report(report, report["verdict"])
    assert not box.isVisible()


def test_two_all_apps_checks_compare_by_their_suggestion(qtbot, window):
    from callpath.gui import export

    runs = []
    for name in ("all-clear", "teams-relay-congested"):
        report = json.loads((REPORTS.parent / "all-apps" / f"{name}.json").read_text("utf-8"))
        report.pop("expected")
        runs.append(report)
    compared = export.CompareDialog(*runs, window)
    rows = {row[0]: row[1:] for row in compared.model.rows}
    assert rows["Which app to call on"][1].startswith("Call on WeChat now")
    assert "and WeChat" in rows["Which app to call on"][0]
    # Each verdict about its own app, never "All my apps".
    assert all("All my apps" not in cell for cell in rows["Verdict"])
