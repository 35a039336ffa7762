"""Run the real app inside the lab's client namespace and click through one check.

    python -m tests.lab.gui_driver SYMPTOM CATALOG SCREENSHOT [SAVED]

Starts the app's main window (offscreen unless a display is given), answers the questions,
presses Start, waits for the result page, saves a screenshot and prints what the verdict
card shows as one JSON line. Used by tests/lab/test_gui.py.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    symptom, catalog_path, screenshot, *saved = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from callpath.core.analysis.judge import Answers
    from callpath.core.engine import catalog
    from callpath.gui.qt import QApplication, QTimer
    from callpath.gui.window import MainWindow, Page

    app = QApplication([])
    window = MainWindow(catalog=catalog.load(catalog_path))
    window.show()
    window.show_page(Page.ASK)  # past the first-run page
    window.ask.set_answers(Answers(symptom, "abroad", "skype"))
    outcome = {}

    def poll():
        if window.page() == Page.RESULT:
            window.grab().save(screenshot)
            if saved:  # what Save report… writes, without the file dialog
                from callpath.gui.export import rendered
                with open(saved[0], "w", encoding="utf-8") as f:
                    f.write(rendered(window.shareable(), "json", None))
                with open(saved[0] + ".md", "w", encoding="utf-8") as f:
                    f.write(rendered(window.shareable(), "markdown", "zh_CN"))
            v = window.report["verdict"]
            outcome.update(locus=v["locus"], cause=v["cause"], headline=window.result.headline.text(),
                           card=window.result.card._colour.name(), locus_text=window.result.locus.text())
            window.close()
            app.quit()
        else:
            QTimer.singleShot(100, poll)

    QTimer.singleShot(0, window.ask.start_button.click)
    QTimer.singleShot(100, poll)
    QTimer.singleShot(60000, app.quit)  # never hang the test
    app.exec()
    print(json.dumps(outcome), flush=True)
    return 0 if outcome else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
