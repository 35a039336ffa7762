"""The diagnosis on a worker thread, reporting to the GUI thread through signals.

The core knows nothing of Qt: it calls plain callbacks on its own threads; this object turns
them into signals, which Qt delivers queued to the GUI thread (the receivers live there).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from .qt import QObject, Signal

if TYPE_CHECKING:  # the core's probes load after the window shows (app.py)
    from callpath.core.api import Diagnosis

log = logging.getLogger(__name__)


class DiagnosisRunner(QObject):
    """Runs one :class:`Diagnosis` off the GUI thread.

    Signals:
        progress(int done, int total, str what): a task finished.
        measured(str group, str outcome): a measurement was recorded; outcome is "ok" or its
            error code.
        finished(): the run ended (complete, out of time or cancelled); the report is in
            ``report``.
        failed(str): CallPath itself failed; the message names the log.

    Only plain values cross threads in signals; the report is handed over through ``report``,
    set before ``finished`` is emitted.
    """

    progress = Signal(int, int, str)
    measured = Signal(str, str)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cleanup: threading.Thread | None = None
        self.diagnosis: Diagnosis | None = None
        self.report: dict | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        self.report = None
        self._thread = threading.Thread(target=self._work, args=(diagnosis,), daemon=True,
                                        name="callpath-gui-diagnosis")
        self._thread.start()

    def _work(self, diagnosis: Diagnosis) -> None:
        try:
            report = diagnosis.run(on_progress=self.progress.emit, on_measurement=self._measured)
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

    def _measured(self, m) -> None:
        self.measured.emit(m.group, "ok" if m.ok else (m.error.code if m.error else "failed"))

    def cancel(self) -> None:
        if self.diagnosis is not None:
            self.diagnosis.cancel()

    def wait(self, timeout: float = 3.0) -> bool:
        """Join the worker and the probes' threads (before the app exits)."""
        if self._thread is not None:
            self._thread.join(timeout)
        if self._cleanup is not None:
            self._cleanup.join(timeout)
        if self.diagnosis is not None:
            return self.diagnosis.join(timeout)
        return True
