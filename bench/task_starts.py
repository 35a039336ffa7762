"""What starting a run's tasks apart (engine/runner.py, TASK_START_GAP_S) does to a diagnosis'
own figures and its length: every task started at once against started apart, the samples first.

    .venv/bin/python bench/task_starts.py [--runs 5] [--gaps 0,10]

The figures are the times the probes take against loopback servers (connects, handshakes, the
samples' round trips): what is over the loopback's fraction of a millisecond is waiting, in
this process (for the interpreter, held by another probe's thread, or for a processor) or in
the servers' (their own process, as the real internet is; its DNS over HTTPS server is slow
under a crowd). The diagnoses alternate between the gaps, run by run, so a drift of the
machine's speed falls on all. Printed per gap: over every timed figure of every run, the median,
the 95th percentile and the largest, and the median wall time. The window's side of it (its
longest stall) is bench/gui_start_and_stall.py's.

Only loopback is touched (tests/netguard refuses anything else).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests import loopnet, netguard  # noqa: E402

netguard.install()

from loopback_app import start_servers_apart  # noqa: E402

from callpath.core.api import Answers, Diagnosis  # noqa: E402
from callpath.core.base import timeouts  # noqa: E402

# The figures that are one round trip each (or a sample's summary of many).
TIMED = ("rtt_ms", "connect_ms", "handshake_ms")


def figures(report: dict) -> dict[str, list[float]]:
    """The report's timed figures, by kind of measurement and metric ("tls handshake_ms")."""
    found: dict[str, list[float]] = {}
    for m in report["measurements"]:
        for key in TIMED:
            value = m["metrics"].get(key)
            values = [value] if isinstance(value, (int, float)) else [
                value[k] for k in ("median", "p95", "max") if isinstance(value.get(k), (int, float))
            ] if isinstance(value, dict) else []
            found.setdefault(f"{m['kind']} {key}", []).extend(float(v) for v in values)
    return found


def once(net, gap_ms: float) -> tuple[float, dict[str, list[float]]]:
    timeouts.TASK_START_GAP_S = gap_ms / 1000.0
    d = Diagnosis(Answers("check", "abroad", "skype"), net.catalog, deadline_s=timeouts.DEFAULT_DEADLINE_S,
                  nameservers=net.nameservers, dns_port=net.dns_port)
    t0 = time.monotonic()
    report = d.run()
    took = time.monotonic() - t0
    d.join(2.0)
    return took, figures(report)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gaps", default="0,10", help="gaps between two tasks' starts, in ms, comma-separated")
    args = ap.parse_args()
    gaps = [float(x) for x in args.gaps.split(",")]
    walls: dict[float, list[float]] = {i: [] for i in gaps}
    trips: dict[float, dict[str, list[float]]] = {i: {} for i in gaps}
    with ExitStack() as stack:
        net = start_servers_apart(stack)
        loopnet.trust(None, net.ca_file)
        once(net, gaps[0])  # settling: caches, the servers' first answers
        for _ in range(args.runs):
            for gap in gaps:
                took, found = once(net, gap)
                walls[gap].append(took)
                for key, values in found.items():
                    trips[gap].setdefault(key, []).extend(values)
    for gap in gaps:
        print(f"tasks started {gap:g} ms apart: wall time median {statistics.median(walls[gap]):.2f} s")
        for key, values in sorted(trips[gap].items()):
            if values:
                t = sorted(values)
                print(f"    {key:24} {len(t):4} figures: median {statistics.median(t):6.1f} ms, "
                      f"95th percentile {t[int(0.95 * (len(t) - 1))]:6.1f} ms, largest {t[-1]:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
