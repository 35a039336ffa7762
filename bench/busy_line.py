"""What the busy-line test costs: the bytes it moves and the seconds it takes, on a fast line
(loopback: it stops at its byte cap) and on slower ones (the load server paced at a line's
speed, as a slow line's bottleneck would hold it back).

    .venv/bin/python bench/busy_line.py [--rates 0,100,20,4]

Runs the probe (core/probes/busyline.py) with the diagnosis' own settings (base/timeouts.py:
BUSY_LINE_S each way, BUSY_LINE_BYTES each way), its directory and its voice-like samples,
against the tests' loopback ndt7 and STUN servers (tests/servers.py); nothing else on the
network. Rates in Mbit/s, 0 for unpaced. Bytes: as the probe counts them (the WebSocket
payload) and on the wire (the loopback interface's counter, both ways once: run it alone or in
a network namespace of its own, `unshare -n sh -c 'ip link set lo up; ...'`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from callpath.core.base import timeouts  # noqa: E402
from callpath.core.base.budget import Budget  # noqa: E402
from callpath.core.probes import busyline  # noqa: E402
from callpath.core.probes.http import ProbeSession  # noqa: E402
from tests import servers  # noqa: E402


def once(rate_mbit: float) -> dict:
    with servers.NDT7Server(seconds=30.0, rate_bps=rate_mbit * 1e6 or None) as ndt7, servers.STUNServer() as stun:
        session = ProbeSession()
        wire_before = psutil.net_io_counters(pernic=True)["lo"].bytes_sent
        began = time.monotonic()
        budget = Budget(60)
        offered, failure = busyline.locate(budget, session, f"http://127.0.0.1:{ndt7.port}/v2/nearest/ndt/ndt7")
        assert failure is None, failure
        out = busyline.measure(budget, offered, ("127.0.0.1", stun.port), timeouts.BUSY_LINE_S,
                               timeouts.BUSY_LINE_BYTES, "CallPath-bench")
        took = time.monotonic() - began
        wire = psutil.net_io_counters(pernic=True)["lo"].bytes_sent - wire_before
        session.close()
    return {"seconds": took, "wire": wire,
            **{d: (out[d]["bytes"], out[d]["seconds"], out[d]["ended"]) for d in busyline.DIRECTIONS}}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rates", default="0,100,20,4", help="line speeds in Mbit/s, 0 for unpaced (default: %(default)s)")
    args = ap.parse_args()
    print(f"settings: {timeouts.BUSY_LINE_S} s and {timeouts.BUSY_LINE_BYTES / 1e6:.0f} MB at most each way "
          f"(said to the user: about {timeouts.BUSY_LINE_LOAD_S} s of load, up to {timeouts.BUSY_LINE_MB} MB)")
    print(f"{'line':>10} {'whole test':>11} {'upload MB, s, ended':>24} {'download MB, s, ended':>26} "
          f"{'on the wire':>12}")
    for rate in (float(r) for r in args.rates.split(",")):
        r = once(rate)
        line = "unpaced" if not rate else f"{rate:g} Mbit/s"
        up, down = r["upload"], r["download"]
        print(f"{line:>10} {r['seconds']:>9.1f} s {up[0] / 1e6:>9.1f} {up[1]:>6.2f} {up[2]:>7} "
              f"{down[0] / 1e6:>11.1f} {down[1]:>6.2f} {down[2]:>7} {r['wire'] / 1e6:>9.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
