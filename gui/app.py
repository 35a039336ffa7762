"""Start the desktop app: the Qt application, the language, the main window."""

from __future__ import annotations

import os
import sys
import time

from callpath.core import APP_NAME, __version__, logs

from . import i18n
from .qt import QApplication, QSettings, QTimer
from .window import MainWindow, settings_path


def _first_paint_probe(window) -> None:
    """For bench/: print seconds from process start to the window's first paint, then quit."""
    import psutil

    from .qt import QEvent, QObject

    started = psutil.Process().create_time()

    class Probe(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Paint and not getattr(self, "done", False):
                self.done = True
                print(f"first-paint {time.time() - started:.3f}", flush=True)
                QTimer.singleShot(0, window.close)
            return False

    window._paint_probe = Probe(window)
    window.installEventFilter(window._paint_probe)


def run(argv: list[str] | None = None) -> int:
    logs.setup()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    saved = QSettings(str(settings_path()), QSettings.IniFormat).value("language")
    i18n.set_language(saved if saved in i18n.LANGS else i18n.system_lang())
    window = MainWindow()
    if os.environ.get("CALLPATH_BENCH_FIRST_PAINT"):
        _first_paint_probe(window)
    window.show()
    return app.exec()
