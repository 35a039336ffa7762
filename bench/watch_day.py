"""What a watch costs: bytes on the wire per hour, and CPU and memory over a simulated day.

    .venv/bin/python bench/watch_day.py [--rounds-real 5] [--every 10]

Runs the watch's real samples (core/watch.py) against the loopback 'internet' of the tests
(tests/loopnet.py: real STUN and DNS servers), nothing else on the network. Bytes: all packets
both ways, IP headers included, counted on the loopback interface over --rounds-real rounds of
the real sample length, scaled to a round every --every minutes. CPU and memory: a whole day of
rounds (24 h / --every) on a clock that jumps between rounds, with shorter samples (0.3 s) so it
takes a minute; the process's CPU seconds per round and its resident memory at the first and
last round show whether anything grows.
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

from callpath.core import history, watch  # noqa: E402
from tests import loopnet  # noqa: E402


def lo_bytes() -> int:
    return psutil.net_io_counters(pernic=True)["lo"].bytes_sent


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds-real", type=int, default=5)
    p.add_argument("--every", type=float, default=10.0, help="minutes between rounds")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        tmp_path = Path(tmp)
        net = loopnet.start(stack, tmp_path)

        def take(clock: watch.Clock, sample_s: float) -> list[watch.Point]:
            return watch.sample(net.catalog, "teams", clock, sample_s=sample_s,
                                nameservers=net.nameservers, dns_port=net.dns_port)

        clock = watch.JumpClock()
        before = lo_bytes()
        for _ in range(args.rounds_real):
            take(clock, watch.SAMPLE_S)
        per_round = (lo_bytes() - before) / args.rounds_real
        per_hour = per_round * 60 / args.every
        print(f"bytes: {per_round / 1024:.1f} KiB a round of {watch.SAMPLE_S:g} s samples, "
              f"{per_hour / 1024:.0f} KiB an hour at a round every {args.every:g} min "
              f"({per_hour * 24 / 1024 / 1024:.1f} MiB a day)")

        store = history.History(tmp_path / "history.sqlite3")
        me = psutil.Process()
        rounds = int(24 * 60 / args.every)
        rss: list[int] = []
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)

        def keep(points: list[watch.Point]) -> None:
            store.add_points(points)
            rss.append(me.memory_info().rss)

        clock = watch.JumpClock()
        done = watch.watch(24, args.every, lambda: take(clock, 0.3), keep, clock)
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        print(f"a simulated day: {done} rounds (of {rounds}), {cpu / done * 1000:.0f} ms CPU a round "
              f"(with 0.3 s samples), resident memory {rss[0] / 2**20:.1f} MiB after the first round, "
              f"{rss[len(rss) // 2] / 2**20:.1f} at midday, {rss[-1] / 2**20:.1f} after the last; "
              f"{len(store.points())} samples kept")
        print(watch.words(watch.suggestion(store.points()), 60))
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
