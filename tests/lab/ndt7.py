"""The lab's load server for the busy-line test: the ndt7 protocol M-Lab's servers speak
(tests/servers.py NDT7Server), on the world's side, in the clear (the load is the point; the
real servers' TLS is the probe's unit tests'). Prints "ready" once listening; runs until killed.

    python ndt7.py --listen 192.0.2.2:8070
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.servers import NDT7Server


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True, help="address:port")
    args = ap.parse_args()
    host, port = args.listen.rsplit(":", 1)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with NDT7Server(host=host, port=int(port)):
        print("ready", flush=True)
        done.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
