"""Wall time of a full diagnosis against loopback servers: every target answering, then every
target black-holed. Both must end within the deadline; the black-holed run must cost about one
timeout (TCP connect), not the sum of its timeouts.

    .venv/bin/python bench/diagnose_wall_time.py [--runs N]

Only loopback is touched (tests/netguard refuses anything else).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import netguard

netguard.install()

from callpath.core.analysis.judge import Answers  # noqa: E402
from callpath.core.api import Diagnosis  # noqa: E402
from callpath.core.base import timeouts  # noqa: E402
from tests import loopnet  # noqa: E402


def once(blackhole: bool) -> tuple[float, int, dict[str, int]]:
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        net = loopnet.start(stack, Path(tmp), blackhole=blackhole)
        loopnet.trust(None, net.ca_file)
        d = Diagnosis(Answers("check", "abroad", "skype"), net.catalog,
                      deadline_s=timeouts.DEFAULT_DEADLINE_S,
                      nameservers=net.nameservers, dns_port=net.dns_port)
        t0 = time.monotonic()
        report = d.run()
        took = time.monotonic() - t0
        d.join(2.0)
    codes: dict[str, int] = {}
    for m in report["measurements"]:
        code = "ok" if m["ok"] else m["error"]["code"]
        codes[code] = codes.get(code, 0) + 1
    return took, len(report["measurements"]), codes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    deadline = timeouts.DEFAULT_DEADLINE_S
    timeout_sum = (timeouts.DNS_TIMEOUT_S + timeouts.TCP_CONNECT_TIMEOUT_S + timeouts.TLS_HANDSHAKE_TIMEOUT_S
                   + timeouts.HTTP_TOTAL_TIMEOUT_S + timeouts.SAMPLE_GIVE_UP_S + timeouts.DOH_TIMEOUT_S)
    print(f"deadline {deadline:.0f} s; TCP connect timeout {timeouts.TCP_CONNECT_TIMEOUT_S:.0f} s; "
          f"UDP sample {timeouts.SAMPLE_S:.0f} s at {timeouts.SAMPLE_RATE_PPS:g} a second; "
          f"sum of one chain's timeouts {timeout_sum:.0f} s")
    ok = True
    for label, blackhole in (("all answering", False), ("all black-holed", True)):
        times = []
        for _ in range(args.runs):
            took, n, codes = once(blackhole)
            times.append(took)
        med = statistics.median(times)
        print(f"{label:16}: median {med:5.2f} s (min {min(times):.2f}, max {max(times):.2f}) "
              f"over {args.runs} runs, {n} measurements, {codes}")
        ok &= max(times) < deadline
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
