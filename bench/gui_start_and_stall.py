"""How the app feels: (a) start to first painted window, the frozen app next to a bare PySide6
app frozen the same way, warm and cold; (b) the longest stall of the GUI thread during
diagnoses, the result page included.

    make bundle && .venv/bin/python bench/gui_start_and_stall.py [--runs 9] [--diagnoses 5]

(a) The release bundle (dist/, or --app) and a bare PySide6 Widgets window frozen with the same
PyInstaller settings (bench/bundle_size_start.py builds it into build/bench-bare), started in
turn, run by run (app, bare, app, bare …), so a drift of the machine's speed falls on both;
each run is a fresh process, timed from spawning it to the line it prints at its first paint
(CallPath's CALLPATH_BENCH_FIRST_PAINT=mark probe; the bare app prints the same line). Warm:
after one settling run each. Cold: the page cache dropped before every run (needs root; said
when it could not be done). A usual start (the questions; the first start's page about what
CallPath sends is bench/bundle_size_start.py's). Printed: the medians and the median of the
pairs' ratios. Without a bundle (or with --source), the same from source: `python -m
callpath.gui` against the bare window as a script.

(b) The window, offscreen, against loopback servers (tests/loopnet): first in this same process
— so the servers' threads (TLS handshakes among them) compete with the app's for the
interpreter, which makes the figure pessimistic — then in a process of their own, as the real
internet is; a 5 ms
heartbeat timer records the gaps between its ticks, and a stall is a gap less the 5 ms. Start
is pressed a second after the window shows (as a person would, after reading); a diagnosis
runs from that click until one second after its result page shows (the page built and
painted); then "New check", and the next. Printed per diagnosis and over all of them, and
apart from them the stall of the start-up (first paint to the first click). Then the watch:
File > Watch, Start, its first round (0.5 s samples, asked of the loopback resolver) until a
second after its points are drawn. Also printed: the garbage collector's longest pass over
it all (it holds the interpreter: the app freezes what its preload loaded, gui/window.py).

With --profile, a thread samples the GUI thread's stack every millisecond, and each stall over
one frame is printed with the stacks seen in it, most frequent first (an innermost frame in the
event loop's caller means Qt's own work, or a wait for the interpreter). The sampler competes
for the interpreter too: the figures are then not the bench's.
"""

from __future__ import annotations

import argparse
import collections
import gc
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

FRAME_MS = 16  # one frame at 60 Hz: a longer stall is seen

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("Hello")); w.resize(760, 720)
class Probe(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Paint and not self.done:
            self.done = True
            print("first-paint", flush=True)
            QTimer.singleShot(0, w.close)
        return False
p = Probe(); w.installEventFilter(p); w.show(); app.exec()
"""


def _environment(home: Path) -> dict[str, str]:
    """A usual start (the questions page), settings and logs in ``home``."""
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
           "CALLPATH_BENCH_FIRST_PAINT": "mark"}
    (home / "config" / "CallPath").mkdir(parents=True, exist_ok=True)
    (home / "config" / "CallPath" / "callpath.ini").write_text("[privacy]\nseen=true\n")
    return env


def start_times(runs: int, app: list[str] | None, source: bool) -> None:
    import bundle_size_start as frozen  # also builds the bare app, with the bundle's settings

    if source:
        where = "from source"
        a_cmd = [sys.executable, "-m", "callpath.gui"]
        b_cmd = [sys.executable, "-c", BARE]
    else:
        where = "frozen (PyInstaller one-folder, same settings)"
        a_cmd = app or []
        b_cmd = [str(frozen.build_bare() / "Bare")]
    env = _environment(Path(tempfile.mkdtemp(prefix="callpath-bench-")))

    def once(cmd: list[str], cold: bool) -> float:
        if cold:
            frozen.drop_caches()
        return frozen.start_to_first_paint_of(cmd, env)

    print(f"(a) start to first paint, {where}; CallPath {' '.join(a_cmd)}")
    for cold in (False, True):
        if cold and not frozen.drop_caches():
            print("    cold: not measured (dropping the page cache needs root)")
            continue
        if not cold:  # one run each to settle fonts and settings files
            once(a_cmd, False)
            once(b_cmd, False)
        a, b = [], []
        for _ in range(runs):
            a.append(once(a_cmd, cold))
            b.append(once(b_cmd, cold))
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        print(f"    {'cold' if cold else 'warm'}: CallPath {statistics.median(a) * 1000:.0f} ms, "
              f"bare PySide6 {statistics.median(b) * 1000:.0f} ms, ratio {statistics.median(ratios):.2f} "
              f"(median of {runs} pairs; goal <= 1.2); runs (ms) CallPath "
              + " ".join(f"{t * 1000:.0f}" for t in a) + " | bare " + " ".join(f"{t * 1000:.0f}" for t in b))


class Sampler:
    """The GUI thread's stack (its six innermost frames) every millisecond, timed; and the other
    threads' innermost frames, to tell which of them held the interpreter in a stall where the
    GUI thread did not run: the sampler waits for the interpreter too, so its first sample after
    a gap of its own shows where the thread that held it had just got to."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, str, tuple[str, ...]]] = []
        self._stop = threading.Event()
        self._gui = threading.main_thread().ident

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True, name="bench-sampler").start()

    def stop(self) -> None:
        self._stop.set()

    @staticmethod
    def _stack(frame: Any, depth: int) -> str:
        stack = []
        while frame is not None and len(stack) < depth:
            stack.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}")
            frame = frame.f_back
        return " < ".join(stack)

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.is_set():
            frames = sys._current_frames()
            others = tuple(self._stack(f, 3) for ident, f in frames.items() if ident not in (self._gui, me))
            self.samples.append((time.perf_counter(), self._stack(frames.get(self._gui), 6), others))
            time.sleep(0.001)

    def show(self, late: list[tuple[float, float, float]]) -> None:
        """Each stall (start, end, the GUI thread's own ms in it) with its stacks."""
        for start, end, cpu in late:
            inside = [s for s in self.samples if start <= s[0] <= end]
            seen = collections.Counter(stack for _, stack, _ in inside)
            print(f"    stall {(end - start) * 1000 - 5:.0f} ms (the GUI thread's own work {cpu:.0f} ms), "
                  f"{sum(seen.values())} samples:")
            for stack, n in seen.most_common(4):
                print(f"      {n:3d}  {stack}")
            gaps = [(b[0] - a[0], b) for a, b in itertools.pairwise(inside)]
            if gaps:
                gap, after = max(gaps, key=lambda g: g[0])
                print(f"      the sampler's own longest wait {gap * 1000:.0f} ms; the other threads after it:")
                for other in after[2]:
                    print(f"        {other}")


class Collections:
    """The garbage collector's passes over a stretch of time: the longest, its generation, the
    thread it fell on, and how many objects it walked (a pass holds the interpreter throughout)."""

    def __init__(self) -> None:
        self.longest = (0.0, -1, "", 0)
        self._began = 0.0

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        ms = (time.perf_counter() - self._began) * 1000
        if ms > self.longest[0]:
            walked = sum(len(gc.get_objects(g)) for g in range(info["generation"] + 1))
            self.longest = (ms, info["generation"], threading.current_thread().name, walked)

    def said(self) -> str:
        ms, generation, thread, walked = self.longest
        return (f"the longest garbage collection {ms:.1f} ms (generation {generation}, on "
                f"{thread}; {walked} objects to walk after it; {gc.get_freeze_count()} frozen)")


def stalls(diagnoses: int, servers_apart: bool, profile: bool = False) -> None:
    from contextlib import ExitStack

    from loopback_app import loopback_window

    with ExitStack() as stack:
        passes = stack.enter_context(Collections())
        app, window = loopback_window(stack, servers_apart=servers_apart)
        from callpath.gui.qt import QElapsedTimer, QTimer
        from callpath.gui.window import Page

        clock = QElapsedTimer()
        # The start-up's gaps, then each diagnosis's: (ms between two heartbeats, ms of those the
        # GUI thread itself ran, the rest being waits for the interpreter or a processor).
        phases: list[list[tuple[int, float]]] = [[]]
        state: dict[str, Any] = {"last": 0, "cpu": time.thread_time(), "result_at": None, "done": 0,
                                 "painted": False, "at": time.perf_counter()}
        sampler = Sampler() if profile else None
        late: list[tuple[float, float, float]] = []  # (start, end, own ms), for the sampler

        def click() -> None:
            phases.append([])
            state["result_at"] = None
            window.ask.start_button.click()

        def beat() -> None:
            now, cpu, at = clock.elapsed(), time.thread_time(), time.perf_counter()
            if state["painted"]:  # from the first paint on (the paint itself is the start's)
                phases[-1].append((now - state["last"], (cpu - state["cpu"]) * 1000))
                if now - state["last"] - 5 > FRAME_MS:
                    late.append((state["at"], at, (cpu - state["cpu"]) * 1000))
            state["last"], state["cpu"], state["at"], state["painted"] = now, cpu, at, window._started
            if len(phases) == 1 or state["result_at"] is not None:
                if state["result_at"] is not None and now - state["result_at"] >= 1000:
                    state["result_at"] = None
                    state["done"] += 1
                    if state["done"] == diagnoses:
                        heartbeat.stop()
                        app.quit()
                        return
                    window.result.new_button.click()
                    QTimer.singleShot(1000, click)
                    phases.append([])  # the reading between: not a diagnosis's
            elif window.page() == Page.RESULT:
                state["result_at"] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        clock.start()
        heartbeat.start()
        if sampler is not None:
            sampler.start()
        QTimer.singleShot(1000, click)  # a person reads the page before pressing Start
        QTimer.singleShot(60000 * diagnoses, app.quit)
        app.exec()
        watch = watch_gaps(app, window)
        window.close()
    start_up, runs = phases[0], phases[1::2]
    if len(runs) < diagnoses:
        raise SystemExit(f"only {len(runs)} of {diagnoses} diagnoses finished within the time")
    worst = [max(gap for gap, _ in gaps) - 5 for gaps in runs]
    over = sum(1 for gaps in runs for gap, _ in gaps if gap - 5 > FRAME_MS)
    beats = sum(len(gaps) for gaps in runs)
    ran = max(cpu for gaps in runs for _, cpu in gaps)
    longest = max((g for gaps in runs for g in gaps), key=lambda g: g[0])
    where = "in a process of their own" if servers_apart else "in the app's process"
    print(f"(b) GUI thread, heartbeat every 5 ms, loopback servers {where}: start-up (first paint "
          f"to the click) longest stall {max(gap for gap, _ in start_up) - 5} ms (the GUI thread ran "
          f"at most {max(cpu for _, cpu in start_up):.0f} ms between two heartbeats)")
    print(f"    {diagnoses} diagnoses (click to a second after the result page): longest stall "
          f"{max(worst)} ms (each: {', '.join(str(w) for w in worst)} ms); {over} of {beats} "
          f"heartbeats late by more than one frame ({FRAME_MS} ms; goal: none)")
    # What the GUI thread did itself, apart from waiting for the interpreter (held by the
    # probes' threads) or for a processor (a machine busy with other work).
    print(f"    the GUI thread's own work: {longest[1]:.0f} ms of the longest stall; at most "
          f"{ran:.0f} ms between two heartbeats")
    if sampler is not None:
        sampler.stop()
        sampler.show(late)
    print(f"    over it all (the window made, the diagnoses, the watch): {passes.said()}")
    print(f"    a watch's round (File > Watch, Start, its first round with 0.5 s samples, drawn, and "
          f"a second after): longest stall {max(watch) - 5} ms; "
          f"{sum(1 for g in watch if g - 5 > FRAME_MS)} of {len(watch)} heartbeats late")


def watch_gaps(app, window) -> list[int]:
    """The heartbeat's gaps from opening the watch window to a second after its first round
    is drawn (samples of 0.5 s, asked of the loopback resolver), then the watch stopped."""
    from callpath.core.watch import sampling
    from callpath.gui.qt import QElapsedTimer, QTimer

    options = window.diagnosis_options
    real = sampling.sample
    sampling.sample = lambda catalog, service, clock: real(
        catalog, service, clock, sample_s=0.5, nameservers=options["nameservers"],
        dns_port=options["dns_port"])
    clock = QElapsedTimer()
    gaps: list[int] = []
    state: dict[str, Any] = {"last": 0, "drawn_at": None}

    def open_and_start() -> None:
        window.show_watch()
        window.watch_window.start_button.click()

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - state["last"])
        state["last"] = now
        controller = window._watching
        if state["drawn_at"] is None and controller is not None and controller.points:
            state["drawn_at"] = now
        elif state["drawn_at"] is not None and now - state["drawn_at"] >= 1000:
            heartbeat.stop()
            controller.stop()
            app.quit()

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    clock.start()
    heartbeat.start()
    QTimer.singleShot(200, open_and_start)
    QTimer.singleShot(60000, app.quit)
    app.exec()
    sampling.sample = real
    return gaps[1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="pairs of starts, warm and cold each")
    ap.add_argument("--diagnoses", type=int, default=5)
    ap.add_argument("--app", help="the frozen app's executable (default: the bundle in dist/)")
    ap.add_argument("--source", action="store_true", help="(a) from source, not frozen")
    ap.add_argument("--only", choices=("start", "stall"))
    ap.add_argument("--profile", action="store_true", help="(b) the GUI thread's stacks in each stall")
    args = ap.parse_args()
    if args.only != "stall":
        import bundle

        meta = bundle.metadata()
        app = Path(args.app) if args.app else bundle.DIST / meta["name"] / meta["name"]
        source = args.source or not app.is_file()
        if not args.source and source:
            print(f"no bundle at {app} ('make bundle' first): the start is measured from source")
        start_times(args.runs, [str(app)], source)
    if args.only != "start":
        for apart in (False, True):
            stalls(args.diagnoses, apart, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
