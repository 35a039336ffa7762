"""Delay (and jitter) packets from an NFQUEUE, as a long or congested path would.

This kernel has no netem; the lab sends the packets to delay to a queue with
``iptables -j NFQUEUE --queue-num N`` and this process holds each one for its delay, then
accepts it. Runs inside the lab's border namespace until killed.

    python delayer.py --queue 7 --delay-ms 100 --jitter-ms 10
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import random
import select
import signal
import sys
import time

from netfilterqueue import NetfilterQueue


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queue", type=int, required=True)
    ap.add_argument("--delay-ms", type=float, required=True)
    ap.add_argument("--jitter-ms", type=float, default=0.0)
    args = ap.parse_args()
    delay, jitter = args.delay_ms / 1000.0, args.jitter_ms / 1000.0
    held: list[tuple[float, int, object]] = []
    order = itertools.count()
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def hold(pkt):
        # Uniform jitter around the delay; never negative.
        due = time.monotonic() + max(0.0, delay + random.uniform(-jitter, jitter))
        heapq.heappush(held, (due, next(order), pkt))

    nfq = NetfilterQueue()
    nfq.bind(args.queue, hold, max_len=10000)
    fd = nfq.get_fd()
    print("ready", flush=True)
    try:
        while not stopping:
            now = time.monotonic()
            while held and held[0][0] <= now:
                heapq.heappop(held)[2].accept()
            wait = min(0.2, held[0][0] - now) if held else 0.2
            readable, _, _ = select.select([fd], [], [], max(0.0, wait))
            if readable:
                nfq.run(block=False)
    finally:
        for _, _, pkt in held:
            pkt.accept()
        nfq.unbind()
    return 0


if __name__ == "__main__":
    sys.exit(main())
