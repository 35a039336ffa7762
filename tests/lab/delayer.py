"""Delay (and jitter) packets from an NFQUEUE, as a long or congested path would; or, with
``--rate-kbit``, let them through no faster than a slow line and queue the rest, as a home
router with a deep buffer does ("bufferbloat"): each packet waits behind those queued before
it, and one that would wait longer than ``--queue-ms`` is dropped (the buffer is full).

This kernel has no netem or shaping qdisc; the lab sends the packets to delay to a queue with
``iptables -j NFQUEUE --queue-num N`` and this process holds each one for its delay, then
accepts it. Runs inside a lab namespace until killed.

    python delayer.py --queue 7 --delay-ms 100 --jitter-ms 10
    python delayer.py --queue 8 --rate-kbit 4000 --queue-ms 400
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
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--jitter-ms", type=float, default=0.0)
    ap.add_argument("--rate-kbit", type=float, default=0.0, help="the line's rate (0: not limited)")
    ap.add_argument("--queue-ms", type=float, default=0.0, help="the longest wait the buffer holds")
    args = ap.parse_args()
    delay, jitter = args.delay_ms / 1000.0, args.jitter_ms / 1000.0
    rate = args.rate_kbit * 1000.0 / 8.0  # bytes a second
    free_at = 0.0  # when the line has sent every packet queued so far
    held: list[tuple[float, int, object]] = []
    order = itertools.count()
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def hold(pkt):
        nonlocal free_at
        now = time.monotonic()
        if rate:
            # Sent once the packets before it are: a full buffer drops it (tail drop).
            start = max(now, free_at)
            if start - now > args.queue_ms / 1000.0:
                pkt.drop()
                return
            free_at = start + len(pkt.get_payload()) / rate
            due = free_at
        else:
            # Uniform jitter around the delay; never negative.
            due = now + max(0.0, delay + random.uniform(-jitter, jitter))
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
