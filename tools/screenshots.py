"""Render every page of the app in every language to PNG files, offscreen, from recorded reports.

    .venv/bin/python tools/screenshots.py OUTDIR

Writes OUTDIR/<page>-<lang>.png for the pages ask (the busy-line test offered), run (mid-way),
result-local, result-busy-line (a line that makes calls wait when it is busy),
result-upstream, result-healthy, result-all-apps (one app's relay congested) and
result-all-apps-local (every app's trouble on this side), details, result-phone (the questions about the called phone
and the message for the family) and result-phone-answered (scrolled to them, answered). Uses the recorded lab reports in
tests/fixtures/reports; runs no diagnosis and touches no network.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "reports"
RESULTS = {"result-local": "captive-portal", "result-upstream": "china-drop",
           "result-healthy": "healthy-check", "details": "china-degraded",
           "result-home-link": "home-degraded", "result-relay-path": "relay-path-lossy",
           "result-inspected": "tls-inspected-trusted-root", "result-proxy-only": "proxy-only-egress",
           "result-in-china": "in-china-border-lossy", "result-whatsapp": "healthy-check",
           "result-phone": "healthy-phone", "result-phone-answered": "healthy-phone",
           # The busy-line test: the lab's home router holding 300 ms behind a 4 Mbit/s upload.
           "result-busy-line": "busy-line-upload",
           # All the apps in one check (--service all; tests/fixtures/all-apps).
           "result-all-apps": "../all-apps/teams-relay-congested",
           "result-all-apps-local": "../all-apps/udp-blocked-here"}
# Answers other than the recorded ones, for verdicts an app's own facts decide.
ANSWERED = {"result-whatsapp": {"service": "whatsapp", "symptom": "app_calls"},
            # The families' own symptom: it rang, then dropped with the app's message; their
            # phone showed nothing (docs/design.md, "The phone leg").
            "result-phone-answered": {"followups": {"heard": "rang_then_dropped", "rang": "no"}}}
# Shown scrolled down to the questions and the message for the family.
SCROLLED = {"result-phone-answered"}


# The main window's size on a first start (MainWindow._restore).
DEFAULT_SIZE = (760, 720)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Settings of this rendering only, not the user's.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="callpath-shots-")

    from callpath.core.analysis.judge import Answers
    from callpath.core.api import explain_report
    from callpath.gui import i18n
    from callpath.gui.qt import QApplication
    from callpath.gui.window import MainWindow, Page

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(*DEFAULT_SIZE)  # as a new user first sees it
    window.show()
    written = []

    def shoot(name: str, lang: str) -> None:
        app.processEvents()
        path = out / f"{name}-{lang}.png"
        window.grab().save(str(path))
        written.append(path)

    for lang in i18n.LANGS:
        window.set_language(lang)
        window.report = None
        window.show_page(Page.PRIVACY)
        shoot("privacy", lang)
        window.ask.set_answers(Answers("app_calls", "abroad", window.ask.first_choice))
        window.show_page(Page.ASK)
        shoot("ask", lang)
        window.ask.set_answers(Answers("app_calls", "china", "wechat"))
        shoot("ask-in-china", lang)
        window.ask.set_answers(Answers("app_calls", "abroad", "teams"))

        # Run, mid-way: replay the first half of a recorded run's measurements.
        report = json.loads((REPORTS / "healthy-check.json").read_text("utf-8"))
        planned = {}
        for m in report["measurements"]:
            planned[m["group"]] = planned.get(m["group"], 0) + 1
        window.run.begin(planned, "teams")
        half = report["measurements"][: len(report["measurements"]) // 2]
        for m in half:
            window.run.on_measurement(m["group"], "ok" if m["ok"] else m["error"]["code"])
        window.run.on_progress(9, 21, "Teams/Skype media relay (voice path)")
        window.show_page(Page.RUN)
        shoot("run", lang)
        window.run.finish()

        for name, fixture in RESULTS.items():
            report = json.loads((REPORTS / f"{fixture}.json").read_text("utf-8"))
            report["context"]["lang"] = lang
            report["context"].update(ANSWERED.get(name, {}))
            window.report = report
            window.result.show_report(report, explain_report(report, lang))
            window.result.family.greeting.setText("妈" if name in SCROLLED else "")
            window.show_page(Page.RESULT)
            if name in SCROLLED:
                app.processEvents()
                # The answers at the top, the message for the family under them.
                window.result.scroll_area.ensureWidgetVisible(window.result.family)
                window.result.scroll_area.verticalScrollBar().setValue(window.result.followups.y() - 8)
            if name == "details":  # the details' own window, as the button opens it
                window.result.show_details()
                app.processEvents()
                path = out / f"{name}-{lang}.png"
                window.result.details_window.grab().save(str(path))
                written.append(path)
                window.result.details_window.close()
            else:
                shoot(name, lang)
            window.result.scroll_area.verticalScrollBar().setValue(0)

    # The watch window over a simulated day of every app: China's evening congested (Beijing
    # 19-23), Teams' relay busy too at Beijing 20-22 while WeChat's server was not, and a
    # two-hour gap in the last watch (the computer asleep), resumed since.
    from callpath.core.base.i18n import N_
    from callpath.core.records.watched import Plan, Point
    from callpath.core.watch import schedule
    start = 1_779_998_400.0
    here = schedule.Clock().utc_offset_min()

    def beijing(at: float) -> float:
        return (at / 3600 + 8) % 24

    day = [p for i in range(48) for at in [start + i * 1800] for p in (
        Point(at, here, "china", 180.0, 1.0, 2.2 if 19 <= beijing(at) < 23 else 4.1),
        Point(at, here, "service", 40.0, 12.0 if 20 <= beijing(at) < 22 else 0.0,
              3.6 if 20 <= beijing(at) < 22 else 4.4, app="teams"),
        Point(at, here, "service", 230.0, 0.0, 4.1, app="wechat"))]
    controller = window.watching()
    controller.points = day[:36 * 3] + day[40 * 3:]
    controller.plan = Plan(start + 30 * 1800, start + 48 * 1800, 30, "all", "app", day[-1].at)
    for lang in i18n.LANGS:
        window.set_language(lang)
        window.show_watch()
        dialog = window.watch_window
        dialog._say(N_("The watch is over. The samples are kept."))
        dialog._draw()
        app.processEvents()
        path = out / f"watch-{lang}.png"
        dialog.grab().save(str(path))
        written.append(path)
        dialog.close()
    window.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
