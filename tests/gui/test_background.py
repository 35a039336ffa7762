"""The app's long-lived threads (issue 26, item 8): started once while the GUI thread is idle,
then given work without starting a thread, whose start waits for the new thread to run (behind
the probes' threads, 10-30 ms of the GUI thread at a run's start and end)."""

import threading

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.gui.worker import Background, DiagnosisRunner


def test_work_is_done_in_order_on_one_thread_started_once(monkeypatch):
    worker = Background("callpath-test")
    worker.start()
    started = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda self: (started.append(self.name), real_start(self)))
    done, gate = [], threading.Event()
    worker.submit(gate.wait)
    for i in range(3):
        worker.submit(lambda i=i: done.append((i, threading.current_thread().name)))
    assert worker.busy() and not worker.join(0.05)  # held by the first job
    gate.set()
    assert worker.join(5) and not worker.busy()
    assert done == [(0, "callpath-test"), (1, "callpath-test"), (2, "callpath-test")]
    assert started == []  # given work, no thread was started


def test_a_job_that_fails_is_logged_and_the_next_one_runs(caplog):
    worker = Background("callpath-test")
    done = []
    worker.submit(lambda: 1 / 0)
    worker.submit(lambda: done.append(1))
    assert worker.join(5) and done == [1]
    assert "callpath-test: a job failed" in caplog.text


class Run:
    """A diagnosis as the runner sees it, ending when told."""

    def __init__(self):
        self.go = threading.Event()

    def run(self, on_progress, on_measurement):
        self.go.wait(5)
        return {"context": {}}

    def join(self, timeout):
        return True


def test_runs_go_to_the_thread_prepared_for_them(qtbot, monkeypatch):
    runner = DiagnosisRunner()
    runner.prepare()
    started = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda self: (started.append(self.name), real_start(self)))
    for _ in range(2):
        diagnosis = Run()
        with qtbot.waitSignal(runner.finished, timeout=5000):
            runner.start(diagnosis)
            assert runner.running
            diagnosis.go.set()
        assert runner.wait(5) and not runner.running and runner.report == {"context": {}}
    assert started == []
