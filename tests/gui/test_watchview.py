"""Watching the line to China from the app: start, a real sample on loopback, stop at once
(the sleep between rounds is cut short), and the samples there again when the window reopens."""

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core import watch
from callpath.gui.qt import Qt
from callpath.gui.watchview import WatchDialog


def test_a_watch_from_the_app_samples_stops_and_keeps(qtbot, net, monkeypatch):
    real = watch.sample
    monkeypatch.setattr(watch, "sample", lambda cat, service, clock: real(
        cat, service, clock, sample_s=0.5, nameservers=net.nameservers, dns_port=net.dns_port))
    dialog = WatchDialog(net.catalog, "teams")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Not enough yet: 0 samples" in dialog.answer.text()
    dialog.every.setValue(30)
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.start_button.text() == "Stop watching"
    qtbot.waitUntil(lambda: len(dialog.points) == 2, timeout=15000)
    assert "Last sample" in dialog.status.text() and "China:" in dialog.status.text()
    assert dialog.chart.hours and "Not enough yet: 1 samples" in dialog.answer.text()
    dialog.toggle()  # stop: the half-hour sleep ends at once
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=5000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.status.text(), timeout=2000)
    dialog.close()
    again = WatchDialog(net.catalog, "teams")
    qtbot.addWidget(again)
    assert len(again.points) == 2 and "1 samples" in again.answer.text()
    again.close()
