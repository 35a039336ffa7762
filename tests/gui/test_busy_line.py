"""The busy-line test in the app, offscreen: offered on the Ask page only for the sound and
dropped calls, from abroad, never ticked for the user, with who receives the data and what
they publish said beside it; ticked, the run loads the line after the other checks (a
loopback ndt7 server), says so while it runs, and the result names it."""

import dataclasses

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.analysis.judge import Answers
from callpath.core.engine.catalog import BusyLine
from callpath.gui.qt import Qt
from callpath.gui.window import MainWindow, Page
from tests import servers


@pytest.fixture
def load_server():
    with servers.NDT7Server(seconds=30.0) as server:
        yield server


@pytest.fixture
def window(qtbot, net, load_server, monkeypatch):
    from callpath.core.base import timeouts
    from callpath.core.probes import metered
    monkeypatch.setattr(metered, "metered", lambda: (False, ""))
    monkeypatch.setattr(timeouts, "BUSY_LINE_S", 1.0)  # loopback: loaded by time, briefly
    monkeypatch.setattr(timeouts, "BUSY_LINE_BYTES", 10**12)
    cat = dataclasses.replace(net.catalog, busy_line=BusyLine(
        f"http://127.0.0.1:{load_server.port}/v2/nearest/ndt/ndt7", "test"))
    w = MainWindow(catalog=cat, deadline_s=20,
                   diagnosis_options={"nameservers": net.nameservers, "dns_port": net.dns_port, "sample_s": 1.0})
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_offered_for_the_sound_and_dropped_calls_from_abroad_and_never_ticked(qtbot, window):
    ask = window.ask
    shown = {}
    for symptom in ("check", "quality", "app_calls", "sign_in", "phone_calls"):
        ask.set_answers(Answers(symptom, "abroad", "teams"))
        shown[symptom] = ask.busy_box.isVisibleTo(ask)
    assert shown == {"check": False, "quality": True, "app_calls": True, "sign_in": False, "phone_calls": False}
    assert not ask.busy_box.isChecked() and not ask.busy_line_asked()
    note = ask.busy_note.text()
    assert "M-Lab" in note and "publishes every test" in note and "IP address" in note and "metered" in note
    assert "50 MB" in ask.busy_box.text()
    ask.busy_box.setChecked(True)
    assert not ask.busy_line_asked()  # ticked, but not offered for this complaint
    ask.set_answers(Answers("quality", "abroad", "teams"))
    assert ask.busy_line_asked()
    ask.location_buttons["china"].setChecked(True)  # its load servers are across the border
    assert not ask.busy_box.isVisibleTo(ask) and not ask.busy_line_asked()


def test_the_privacy_page_names_who_receives_the_data(window):
    window._show_privacy()
    text = window.privacy.body.text()
    assert "M-Lab" in text and "IP address" in text and "metered" in text


def test_ticked_the_run_loads_the_line_last_and_says_so(qtbot, window, load_server):
    window.ask.set_answers(Answers("quality", "abroad", "teams"))
    qtbot.mouseClick(window.ask.busy_box, Qt.LeftButton)
    assert window.ask.busy_line_asked()
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    assert window.page() == Page.RUN
    qtbot.waitUntil(lambda: "while it is busy" in window.run.now.text(), timeout=20000)
    qtbot.waitUntil(lambda: window.page() == Page.RESULT, timeout=40000)
    busy = next(m for m in window.report["measurements"] if m["id"] == "local.busy_line")
    assert busy["ok"] and load_server.located == 1
    # Loopback does not choke: said, and the verdict stays the idle checks'.
    assert window.report["verdict"]["cause"] == "beyond_reach"
    assert "No long wait was seen" in window.report["verdict"]["explanation"]


def test_not_ticked_nothing_is_loaded(qtbot, window, load_server):
    window.ask.set_answers(Answers("quality", "abroad", "teams"))
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.page() == Page.RESULT, timeout=40000)
    assert not any(m["id"] == "local.busy_line" for m in window.report["measurements"])
    assert load_server.located == 0 and load_server.received == 0
