"""An all-apps check (``--service all``) next to a one-app check: the wall time and the bytes
the computer sends and receives, in the lab (real servers: their answers are real-sized).

    sudo .venv/bin/python bench/all_apps.py [--runs 5] [--symptom check]

The two checks run in turn, run by run (one app, all apps, one app, …), so a drift of the
machine's speed falls on both; the bytes are the client's network card's counters around each
run (everything it sent and received, DNS included). Needs root and the lab's packages
(tools/install-test-packages); nothing leaves the lab's network namespaces.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lab import faults, lab


def counters() -> tuple[int, int]:
    """The client's network card's bytes sent and received so far."""
    stats = "/sys/class/net/eth0/statistics"
    out = lab.nsx("client", "cat", f"{stats}/tx_bytes", f"{stats}/rx_bytes").stdout.split()
    return int(out[0]), int(out[1])


def once(service: str, symptom: str) -> tuple[float, int, int, int]:
    """One diagnosis: seconds, bytes sent, bytes received, apps judged."""
    sent0, received0 = counters()
    resources: dict = {}
    report, _ = lab.diagnose("--service", service, "--symptom", symptom, resources=resources)
    sent1, received1 = counters()
    apps = len(report["verdict"].get("apps") or [report["verdict"]])
    return resources["seconds"], sent1 - sent0, received1 - received0, apps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--symptom", default="check")
    args = ap.parse_args()
    reason = lab.unavailable_reason()
    if reason:
        print(f"lab unavailable: {reason}")
        return 2
    lab.up()
    try:
        faults.clear()
        once("teams", args.symptom)  # settles the home resolver's cache and the servers
        results: dict[str, list[tuple[float, int, int, int]]] = {"teams": [], "all": []}
        for _ in range(args.runs):
            for service in results:
                results[service].append(once(service, args.symptom))
    finally:
        faults.clear()
        lab.down()
    print(f"--symptom {args.symptom}, median of {args.runs} runs each, in turn (lab: real servers)")
    print("| check | apps judged | wall time | sent | received | runs (s) |")
    print("|---|---|---|---|---|---|")
    for service, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        sent = statistics.median(r[1] for r in runs)
        received = statistics.median(r[2] for r in runs)
        print(f"| --service {service} | {runs[0][3]} | {seconds:.2f} s | {sent / 1024:.0f} KiB | "
              f"{received / 1024:.0f} KiB | {' '.join(f'{r[0]:.2f}' for r in runs)} |")
    one, every = results["teams"], results["all"]
    ratio = statistics.median(b[1] + b[2] for b in every) / statistics.median(a[1] + a[2] for a in one)
    print(f"all apps / one app: {statistics.median(b[0] for b in every) / statistics.median(a[0] for a in one):.2f}"
          f"x the time, {ratio:.2f}x the bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
