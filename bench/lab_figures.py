"""The lab's figures: setup and teardown times, and injected vs measured loss/delay into China.

    sudo .venv/bin/python bench/lab_figures.py

Needs root and the lab's packages (tools/install-test-packages). Everything runs inside the
lab's network namespaces; nothing leaves them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lab import faults, lab

CASES = [(0, 0, 0), (5, 50, 0), (10, 100, 10), (20, 200, 20), (30, 300, 30)]


def main() -> int:
    reason = lab.unavailable_reason()
    if reason:
        print(f"lab unavailable: {reason}")
        return 2
    ups = [lab.up() for _ in range(3)]
    print(f"setup: median {statistics.median(ups):.2f} s over 3 (each tears down the previous lab first)")
    print()
    print("| injected loss (1 in N) | injected delay ±jitter | measured loss (114 / DNSPod) "
          "| measured median RTT | measured jitter | China's call quality (the verdict's) |")
    print("|---|---|---|---|---|---|")
    for loss, delay, jitter in CASES:
        faults.clear()
        if loss or delay:
            faults.inject("china-degraded", loss=loss, delay_ms=delay, jitter_ms=jitter, mode="nth")
        report, _ = lab.diagnose()
        ms = {m["id"]: m["metrics"] for m in report["measurements"]}
        # Probes record raw figures; call quality is the analysis' figure for the part.
        quality = (report["verdict"]["parts"]["groups"]["china"]["voice"] or {}).get("mos")
        a, b = ms["china.dns-114.dns_sample"], ms["china.dns-dnspod.dns_sample"]
        every = max(2, round(100.0 / loss)) if loss else 0
        injected = f"{100.0 / every:.1f} % (1 in {every})" if loss else "0 %"
        print(f"| {injected} | {delay} ms ±{jitter} | {a['loss_pct']} % / {b['loss_pct']} % | "
              f"{a['rtt_ms']['median']} / {b['rtt_ms']['median']} ms | {a['jitter_ms']} / {b['jitter_ms']} ms | "
              f"{quality} |")
    faults.clear()
    t0 = time.monotonic()
    lab.down()
    took = time.monotonic() - t0
    left = lab.leftovers()
    print()
    print(f"teardown: {took:.2f} s; left behind: {left or 'nothing'}")
    return 0 if not left else 1


if __name__ == "__main__":
    sys.exit(main())
