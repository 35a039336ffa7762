"""The diagnosis on a worker thread, reporting to the GUI thread through signals.

The core knows nothing of Qt: it calls plain callbacks on its own threads; this object turns
them into signals, which Qt delivers queued to the GUI thread (the receivers live there).

Progress comes in bursts (a dozen probes end within a few milliseconds): one queued signal per
event made the GUI thread take the interpreter's lock once per event, from threads busy with
TLS handshakes, and redraw each time; the window stood still for 150-350 ms. So the probes'
news is queued here and the GUI thread is woken once per burst (``news``), to take it all.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from callpath.core.api import give_way
from callpath.gui.qt import QObject, Signal

if TYPE_CHECKING:  # the core's probes load after the window shows (app.py)
    from callpath.core.api import Diagnosis, Report

log = logging.getLogger(__name__)


class Background:
    """One thread that does what it is given, in order, for as long as the app runs.

    Started once, when the GUI thread is idle (:meth:`start`, after the first paint): a
    thread's start waits until the new thread runs, which behind the probes' threads held the
    GUI thread 10-30 ms at a run's start and end (bench/gui_start_and_stall.py, with a sampling
    profiler on the GUI thread)."""

    def __init__(self, name: str, give_way: bool = False):
        """``give_way``: the thread lowers its priority (base/priority.py) — never the runs'
        thread, whose probes, started from it, would inherit it and time their own waits."""
        self.name = name
        self._give_way = give_way
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._pending = 0  # given and not done yet
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, daemon=True, name=self.name)
                self._thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            self._pending += 1
        self.start()
        self._jobs.put((fn, args))

    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def join(self, timeout: float | None = None) -> bool:
        """Wait until everything given so far is done; False if ``timeout`` passed first."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending == 0, timeout)

    def _serve(self) -> None:
        if self._give_way:
            give_way()  # its jobs wait on the disk; the window must not wait on them
        while True:
            fn, args = self._jobs.get()
            try:
                fn(*args)
            except Exception:  # a bug must not end the thread that later jobs wait for
                log.exception("%s: a job failed", self.name)
            finally:
                with self._lock:
                    self._pending -= 1
                    self._lock.notify_all()


class DiagnosisRunner(QObject):
    """Runs one :class:`Diagnosis` off the GUI thread.

    Signals:
        news(): progress is waiting; the GUI thread takes it with :meth:`take` (one signal for
            however many events came since the last take).
        progress(int done, int total, str what): a task finished (emitted by :meth:`take`, on
            the GUI thread).
        measured(str group, str outcome): a measurement was recorded; outcome is "ok" or its
            error code (emitted by :meth:`take`).
        finished(): the run ended (complete, out of time or cancelled); the report is in
            ``report``.
        failed(str): CallPath itself failed; the message names the log.

    Only plain values cross threads in signals; the report is handed over through ``report``,
    set before ``finished`` is emitted.
    """

    news = Signal()
    progress = Signal(int, int, str)
    measured = Signal(str, str)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker = Background("callpath-gui-diagnosis")
        self._cleanup: threading.Thread | None = None
        self.diagnosis: Diagnosis | None = None
        self.report: Report | None = None
        self._lock = threading.Lock()
        self._events: list[tuple[str, tuple[Any, ...]]] = []  # ("progress" | "measured", args)

    @property
    def running(self) -> bool:
        return self._worker.busy()

    def prepare(self) -> None:
        """Start the runs' thread now, while the GUI thread has nothing else to do."""
        self._worker.start()

    def start(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        self.report = None
        self._worker.submit(self._work, diagnosis)

    def _work(self, diagnosis: Diagnosis) -> None:
        try:
            report = diagnosis.run(on_progress=self._progressed, on_measurement=self._measured)
        except Exception:  # a bug must reach the user as a message, not kill the thread silently
            log.exception("diagnosis failed")
            self.failed.emit("internal")
            return
        self.report = report
        self.finished.emit()
        if not diagnosis.join(0.0):
            # A run cut short (cancelled, out of time): its probes end within a second; then
            # close what they leave (off this thread, so a new run can start at once).
            self._cleanup = threading.Thread(target=diagnosis.join, args=(10.0,), daemon=True,
                                             name="callpath-cleanup")
            self._cleanup.start()

    def _queue(self, kind: str, args: tuple[Any, ...]) -> None:
        """On a probe's thread: keep the event; wake the GUI thread unless it is already due
        to take what is waiting."""
        with self._lock:
            wake = not self._events
            self._events.append((kind, args))
        if wake:
            self.news.emit()

    def _progressed(self, done: int, total: int, what: str) -> None:
        self._queue("progress", (done, total, what))

    def _measured(self, m) -> None:
        self._queue("measured", (m.group, "ok" if m.ok else (m.error.code if m.error else "failed")))

    def take(self) -> list[tuple[str, tuple[Any, ...]]]:
        """On the GUI thread: every event since the last take, in order, each also emitted as
        ``progress`` or ``measured``."""
        with self._lock:
            events, self._events = self._events, []
        for kind, args in events:
            (self.progress if kind == "progress" else self.measured).emit(*args)
        return events

    def cancel(self) -> None:
        if self.diagnosis is not None:
            self.diagnosis.cancel()

    def wait(self, timeout: float = 3.0) -> bool:
        """Join the worker and the probes' threads (before the app exits)."""
        self._worker.join(timeout)
        if self._cleanup is not None:
            self._cleanup.join(timeout)
        if self.diagnosis is not None:
            return self.diagnosis.join(timeout)
        return True
