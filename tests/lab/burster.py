"""Short bursts of total loss towards one network, now and then: one moment of congestion.

Runs in the lab's border namespace until killed, adding a DROP rule for ``--burst`` seconds
every ``--every`` seconds, and removes it on the way out.

    python burster.py --to 192.0.2.128/26 --every 6 --burst 0.8
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--to", required=True)
    ap.add_argument("--every", type=float, default=6.0)
    ap.add_argument("--burst", type=float, default=0.8)
    args = ap.parse_args()
    rule = ["FORWARD", "-d", args.to, "-j", "DROP"]
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    try:
        while not stopping:
            time.sleep(max(0.0, args.every - args.burst))
            if stopping:
                break
            subprocess.run(["iptables", "-A", *rule], check=False)
            time.sleep(args.burst)
            subprocess.run(["iptables", "-D", *rule], check=False)
    finally:
        subprocess.run(["iptables", "-D", *rule], check=False, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
