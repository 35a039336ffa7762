"""Start the desktop app: the Qt application, the language, the main window."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from callpath.core import APP_ID, APP_NAME, __version__
from callpath.core.api import window_first
from callpath.gui import i18n
from callpath.gui.qt import QApplication, QGuiApplication, QSettings, QTimer
from callpath.gui.settings import settings_path
from callpath.gui.window import MainWindow


def _first_paint_probe(window, mode: str) -> None:
    """For bench/: at the window's first paint, print "first-paint" and quit.

    In mode "mark" the line is all (the bench times the process from outside); otherwise it
    carries the seconds since the process was created, which needs psutil, imported only then.
    """
    from callpath.gui.qt import QEvent, QObject

    class Probe(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                painted = time.time()
                if mode == "mark":
                    print("first-paint", flush=True)
                else:
                    import psutil

                    print(f"first-paint {painted - psutil.Process().create_time():.3f}", flush=True)
                QTimer.singleShot(0, window.close)
            return False

    window._paint_probe = Probe(window)
    window.installEventFilter(window._paint_probe)


def _self_check(window, target: str) -> None:
    """For the frozen smoke test: once the window shows, print (as JSON) what a bundle must have
    found - the catalog, our translations and Qt's, the icon - then quit; exit 1 if any is missing.
    ``target`` other than "1" is a file to write it to instead (a windowed app on Windows has
    no console to print to)."""
    import json

    def check() -> None:
        facts: dict[str, Any] = {"version": __version__, "frozen": bool(getattr(sys, "frozen", False)),
                 "platform": QApplication.platformName(),
                 "catalog_endpoints": len(window.catalog.endpoints),
                 "icon": not window.windowIcon().pixmap(32, 32).isNull()}
        titles, chosen = {}, i18n.language()
        for lang in i18n.LANGS:
            window.set_language(lang)
            titles[lang] = window.windowTitle()
            if lang != "en":
                facts[f"qt_translation_{lang}"] = i18n.qt_translation_loaded()
        window.set_language(chosen)
        facts["titles"] = titles
        ok = (facts["catalog_endpoints"] > 0 and facts["icon"] and len(set(titles.values())) == 3
              and all(facts[f"qt_translation_{lang}"] for lang in i18n.LANGS if lang != "en"))
        text = json.dumps(facts, ensure_ascii=False)
        if target != "1":
            with open(target, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            print(text, flush=True)
        QApplication.exit(0 if ok else 1)

    window.started.connect(lambda: QTimer.singleShot(0, check))


def run(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    window_first()  # this thread is the window's: it comes before the probes (base/priority.py)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland finds the icon and name in callpath.desktop
    saved = QSettings(str(settings_path()), QSettings.Format.IniFormat).value("language")
    i18n.set_language(saved if saved in i18n.LANGS else i18n.system_lang())
    try:
        window = MainWindow()
    except ValueError as e:
        from callpath.core.api import CatalogError  # not loaded before the first paint

        if not isinstance(e, CatalogError):
            raise
        # A damaged install: said in one line, as the command line says it.
        print(f"callpath: {e}", file=sys.stderr, flush=True)
        return 2
    if os.environ.get("CALLPATH_BENCH_FIRST_PAINT"):
        _first_paint_probe(window, os.environ["CALLPATH_BENCH_FIRST_PAINT"])
    window.show()
    if os.environ.get("CALLPATH_SELF_CHECK"):
        _self_check(window, os.environ["CALLPATH_SELF_CHECK"])
    return app.exec()
