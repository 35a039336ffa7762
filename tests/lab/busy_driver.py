"""The busy-line probe (core/probes/busyline.py) run as the lab's user: the upload, then the
download, loaded against the lab's ndt7 server while the voice-like samples time the media
relay; prints its figures as JSON. Run by tests/lab/test_busy_line.py in the client namespace.
"""

from __future__ import annotations

import argparse
import json
import sys

from callpath.core.base.budget import Budget
from callpath.core.probes import busyline


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True, help="the load server, address:port (ws://)")
    p.add_argument("--target", required=True, help="the STUN server timed, address:port")
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--cap-mb", type=float, default=25.0)
    args = p.parse_args()
    host, port = args.target.rsplit(":", 1)
    urls = {d: f"ws://{args.server}/ndt/v7/{d}" for d in busyline.DIRECTIONS}
    out = busyline.measure(Budget(60), [("lab", urls)], (host, int(port)), args.seconds, int(args.cap_mb * 2**20),
                           "CallPath-lab")
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
