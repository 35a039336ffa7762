"""The diagnosis on a worker thread, reporting to the GUI thread through signals.

The core knows nothing of Qt: it calls plain callbacks on its own threads; this object turns
them into signals, which Qt delivers queued to the GUI thread (the receivers live there).
"""

from __future__ import annotations

import logging
import threading

from callpath.core.api import Diagnosis

from .qt import QObject, Signal

log = logging.getLogger(__name__)


class DiagnosisRunner(QObject):
    """Runs one :class:`Diagnosis` off the GUI thread.

    Signals:
        progress(int done, int total, str what): a task finished.
        measured(object): a measurement (as a JSON dict) was recorded.
        finished(object): the report dict, whether complete, out of time or cancelled.
        failed(str): CallPath itself failed; the message names the log.
    """

    progress = Signal(int, int, str)
    measured = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self.diagnosis: Diagnosis | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        self._thread = threading.Thread(target=self._work, args=(diagnosis,), daemon=True,
                                        name="callpath-gui-diagnosis")
        self._thread.start()

    def _work(self, diagnosis: Diagnosis) -> None:
        try:
            report = diagnosis.run(on_progress=self.progress.emit,
                                   on_measurement=lambda m: self.measured.emit(m.to_json()))
        except Exception:  # a bug must reach the user as a message, not kill the thread silently
            log.exception("diagnosis failed")
            self.failed.emit("internal")
            return
        self.finished.emit(report)

    def cancel(self) -> None:
        if self.diagnosis is not None:
            self.diagnosis.cancel()

    def wait(self, timeout: float = 3.0) -> bool:
        """Join the worker and the probes' threads (before the app exits)."""
        if self._thread is not None:
            self._thread.join(timeout)
        if self.diagnosis is not None:
            return self.diagnosis.join(timeout)
        return True
