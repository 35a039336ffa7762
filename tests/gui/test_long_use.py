"""Long use: many diagnoses in a row in one window (Run again) leak no threads, sockets or
file descriptors, and memory stays flat. bench/long_use.py runs the same with full-length
voice samples and prints the figures."""

import gc

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.analysis.judge import Answers
from callpath.gui.qt import QSettings, Qt
from callpath.gui.settings import settings_path
from callpath.gui.window import MainWindow, Page
from tests.resources import held

RUNS = 50


@pytest.mark.timeout(600)
def test_fifty_runs_in_a_row_leak_nothing(qtbot, net):
    settings = QSettings(str(settings_path()), QSettings.IniFormat)
    settings.setValue("privacy/seen", True)
    settings.sync()
    window = MainWindow(catalog=net.catalog, deadline_s=20,
                        diagnosis_options={"nameservers": net.nameservers, "dns_port": net.dns_port,
                                           "sample_s": 0.3})
    qtbot.addWidget(window)
    window.show()
    window.ask.set_answers(Answers("check", "abroad", "skype"))
    qtbot.mouseClick(window.ask.start_button, Qt.LeftButton)
    seen = []
    for n in range(1, RUNS + 1):
        qtbot.waitUntil(lambda: window.page() == Page.RESULT and not window.runner.running,
                        timeout=30000)
        verdict = window.report["verdict"]
        assert window.report["context"]["ended_by"] == "complete", n
        if verdict["cause"] != "healthy":
            # 0.3 s samples (6 packets) from servers in this busy test process: a few late
            # answers are a voice path "losing" packets. Nothing else may show, never "high".
            assert verdict["cause"] in ("service_degraded", "china_degraded", "weak_link"), (n, verdict)
            assert verdict["confidence"] != "high", (n, verdict)
        if n in (5, RUNS):
            qtbot.wait(300)  # the worker and history threads end
            gc.collect()
            seen.append(held())
        if n < RUNS:
            qtbot.mouseClick(window.result.again_button, Qt.LeftButton)
    early, late = seen
    assert late["threads"] <= early["threads"], seen
    assert late["fds"] <= early["fds"] + 2, seen
    assert late["sockets"] <= early["sockets"], seen
    assert late["rss_mb"] - early["rss_mb"] < 15, seen
    window.close()
