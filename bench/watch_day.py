"""What a watch costs: bytes on the wire per hour, and CPU and memory over a simulated day.

    .venv/bin/python bench/watch_day.py [--rounds-real 5] [--every MINUTES] [--app all]

Runs the watch's real samples (core/watch/sampling.py) against the loopback 'internet' of the tests
(tests/loopnet.py: real STUN and DNS servers), nothing else on the network. Bytes: all packets
both ways, IP headers included, counted on the loopback interface over --rounds-real rounds of
the real sample length and rate, scaled to a round every --every minutes (by default the
watch's own interval). The loopback counter counts every process's traffic: run it alone, or in
a network namespace of its own (`sudo unshare -n sh -c 'ip link set lo up; ...'`). CPU and
memory: a whole day of rounds (24 h / --every) on a clock that jumps between rounds, with
shorter samples (0.3 s) so it takes a minute; the process's CPU seconds per round and its
resident memory at the first and last round show whether anything grows. Then the watch
window's work on the GUI thread after each sample, with the two weeks of samples the history
keeps (offscreen). ``--app all``: a watch of every app (each app's servers sampled in each
round, and the window saying by hour how each app's way did against its own usual).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from callpath.core.engine import catalog as catalog_mod  # noqa: E402
from callpath.core.records import history  # noqa: E402
from callpath.core.records.watched import Plan, Point  # noqa: E402
from callpath.core.watch import sampling, schedule  # noqa: E402
from callpath.core.watch.hours import suggestion  # noqa: E402
from callpath.core.watch.report import to_json  # noqa: E402
from callpath.core.watch.words import words  # noqa: E402
from tests import loopnet  # noqa: E402


def lo_bytes() -> int:
    return psutil.net_io_counters(pernic=True)["lo"].bytes_sent


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds-real", type=int, default=5)
    p.add_argument("--every", type=float, default=schedule.EVERY_MIN, help="minutes between rounds")
    p.add_argument("--app", default="teams", help="the app watched, or all (every app's servers)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        tmp_path = Path(tmp)
        net = loopnet.start(stack, tmp_path)

        def take(clock: schedule.Clock, sample_s: float) -> list[Point]:
            return sampling.sample(net.catalog, args.app, clock, sample_s=sample_s,
                                   nameservers=net.nameservers, dns_port=net.dns_port)

        clock = schedule.JumpClock()
        before = lo_bytes()
        for _ in range(args.rounds_real):
            take(clock, sampling.SAMPLE_S)
        per_round = (lo_bytes() - before) / args.rounds_real
        per_hour = per_round * 60 / args.every
        print(f"{args.app}: bytes: {per_round / 1024:.1f} KiB a round of {sampling.SAMPLE_S:g} s samples at "
              f"{sampling.SAMPLE_PPS:g} a second, "
              f"{per_hour / 1024:.0f} KiB ({per_hour / 1000:.0f} kB) an hour at a round every {args.every:g} min "
              f"({per_hour * 24 / 1024 / 1024:.1f} MiB a day)")

        store = history.History(tmp_path / "history.sqlite3")
        me = psutil.Process()
        rounds = int(24 * 60 / args.every)
        rss: list[int] = []
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)

        def keep(points: list[Point]) -> None:
            store.add_points(points)
            rss.append(me.memory_info().rss)

        clock = schedule.JumpClock()
        done = schedule.watch(24, args.every, lambda: take(clock, 0.3), keep, clock)
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        print(f"a simulated day: {done} rounds (of {rounds}), {cpu / done * 1000:.0f} ms CPU a round "
              f"(with 0.3 s samples), resident memory {rss[0] / 2**20:.1f} MiB after the first round, "
              f"{rss[len(rss) // 2] / 2**20:.1f} at midday, {rss[-1] / 2**20:.1f} after the last; "
              f"{len(store.points())} samples kept")
        print(words(suggestion(store.points()), 60))
        store.close()
    gui_thread_cost(args.every, args.app)
    return 0


def gui_thread_cost(every: float, watched: str = "teams") -> None:
    """What the watch window does on the GUI thread after each sample (the chart, the answer,
    the gaps: everything _sampled does), with the two weeks of samples the history keeps."""
    import os
    import statistics
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from callpath.gui.qt import QApplication, QSettings
    from callpath.gui.watching import WatchController
    from callpath.gui.watchview import WatchDialog

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        controller = WatchController(catalog_mod.load(), QSettings(f"{tmp}/s.ini", QSettings.Format.IniFormat),
                                     tray_available=False)
        start = schedule.Clock().now() - 14 * 86400
        step = every * 60
        apps = ("teams", "wechat") if watched == "all" else (watched,)

        def round_at(at: float) -> list[Point]:
            return [Point(at, 60, "china", 180.0, 1.0, 4.0)] + [
                Point(at, 60, "service", 40.0, 0.0, 4.2, app=a) for a in apps]

        controller.points = [p for i in range(int(14 * 86400 / step)) for p in round_at(start + i * step)]
        controller.plan = Plan(start, start + 14 * 86400, every, watched, "app", start)
        dialog = WatchDialog(controller, watched)
        dialog.show()
        app.processEvents()
        times = []
        for _ in range(20):
            new = round_at(schedule.Clock().now())
            t0 = time.perf_counter()
            controller._sampled(to_json(new))
            dialog.chart.repaint()
            times.append(time.perf_counter() - t0)
        print(f"GUI thread after a sample, with {len(controller.points)} samples kept (two weeks): "
              f"median {statistics.median(times) * 1000:.1f} ms, longest {max(times) * 1000:.1f} ms")
        dialog.close()


if __name__ == "__main__":
    sys.exit(main())
