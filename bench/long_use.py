"""Long use: N diagnoses in a row in one app window (Run again), with full-length voice
samples, against loopback servers; prints threads, open files, sockets and memory as it goes.

    .venv/bin/python bench/long_use.py [--runs 50]

Offscreen; the servers (tests/loopnet) share the process, so their sockets are counted too
(they are constant). The test tests/gui/test_long_use.py checks the same with short samples.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME"):  # the history and log of this bench only
        os.environ[var] = tempfile.mkdtemp(prefix="callpath-bench-")
    from bench.loopback_app import loopback_window

    with ExitStack() as stack:
        app, window = loopback_window(stack)
        from callpath.core.analysis.judge import Answers
        from callpath.gui.qt import QTimer
        from callpath.gui.window import Page
        from tests.resources import held

        window.ask.set_answers(Answers("check", "abroad", "skype"))
        done = [0]
        t0 = time.monotonic()
        print(f"{'run':>4} {'seconds':>8} {'threads':>8} {'fds':>5} {'sockets':>8} {'RSS MB':>7}  verdict")

        def poll():
            if window.page() != Page.RESULT or window.runner.running:
                return
            done[0] += 1
            n = done[0]
            if n == 1 or n % 10 == 0 or n == args.runs:
                gc.collect()
                h = held()
                print(f"{n:>4} {time.monotonic() - t0:8.1f} {h['threads']:>8} {h['fds']:>5} "
                      f"{h['sockets']:>8} {h['rss_mb']:7.1f}  {window.report['verdict']['cause']}",
                      flush=True)
            if n >= args.runs:
                timer.stop()
                app.quit()
            else:
                window.result.again_button.click()

        timer = QTimer()
        timer.setInterval(100)
        timer.timeout.connect(poll)
        timer.start()
        window.ask.start_button.click()
        app.exec()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
