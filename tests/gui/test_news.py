"""The run's news reaches the window once per burst (issue 26, item 8): the probes' threads
queue their events in the runner, which wakes the GUI thread once until it has taken them;
the Run page shows a burst with one redraw."""

import threading
from types import SimpleNamespace

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.gui.run import RunPage
from callpath.gui.worker import DiagnosisRunner


def measurement(group, error=None):
    return SimpleNamespace(group=group, ok=error is None,
                           error=SimpleNamespace(code=error) if error else None)


def test_a_burst_from_many_threads_wakes_the_gui_once(qtbot):
    runner = DiagnosisRunner()
    woken, progress, measured = [], [], []
    runner.news.connect(lambda: woken.append(1))
    runner.progress.connect(lambda *args: progress.append(args))
    runner.measured.connect(lambda *args: measured.append(args))
    threads = [threading.Thread(target=lambda i=i: (runner._measured(measurement("world")),
                                                  runner._progressed(i, 12, f"check {i}")))
               for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.wait(50)  # the signal is queued to the GUI thread, as in the app
    assert len(woken) == 1
    events = runner.take()
    assert len(events) == 24 and len(progress) == 12 and len(measured) == 12
    assert sorted(done for done, _, _ in progress) == list(range(12))
    assert measured[0] == ("world", "ok")
    assert runner.take() == []  # all taken: nothing twice
    runner._measured(measurement("china", "timeout"))  # the next event wakes it again
    qtbot.waitUntil(lambda: len(woken) == 2)
    assert runner.take() == [("measured", ("china", "timeout"))]


def test_the_run_page_draws_a_burst_once(qtbot, monkeypatch):
    page = RunPage()
    qtbot.addWidget(page)
    page.begin({"local": 3, "world": 2, "service": 1, "china": 1}, "teams")
    drawn = []
    monkeypatch.setattr(page.path, "set_live", lambda states, service: drawn.append(dict(states)))
    page.apply([("measured", ("local", "ok")), ("measured", ("local", "ok")),
                ("progress", (2, 7, "your router")), ("measured", ("world", "timeout")),
                ("measured", ("local", "ok")), ("measured", ("nowhere", "ok"))])
    assert len(drawn) == 1
    assert drawn[0] == {"local": "ok", "world": "running", "service": "waiting", "china": "waiting"}
    assert page.rows["world"].failed == 1 and page.now.text().endswith("your router")
    assert 0 < page.progress.value() <= 95
    page.apply([("measured", ("world", "ok"))])  # the row's state moves: drawn again
    assert drawn[-1]["world"] == "problem" and len(drawn) == 2
    page.apply([("progress", (5, 7, "China"))])  # news, but no row changed: not redrawn
    assert len(drawn) == 2
