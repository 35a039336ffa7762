"""Time the analysis takes on a recorded report: every fixture in tests/fixtures/reports judged
again (measurements read from JSON once; analysis timed alone), the largest report first. The
analysis must stay well under 50 ms a report: it runs again for every language switch, every
re-opened history entry and every `report --reanalyse`.

    .venv/bin/python bench/analysis_time.py [--runs N]

Pure computation: nothing is sent anywhere.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from callpath.core.analysis.judge import Answers, analyse
from callpath.core.base.measurement import from_json
from callpath.core.engine import catalog

REPORTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="analyses per report (default 50)")
    args = parser.parse_args()
    apps = catalog.load().apps
    rows = []
    for path in sorted(REPORTS.glob("*.json"), key=lambda p: -p.stat().st_size):
        report = json.loads(path.read_text("utf-8"))
        ctx = report["context"]
        answers = Answers(ctx["symptom"], ctx["location"], ctx["service"])
        measurements = [from_json(m) for m in report["measurements"]]
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            analyse(measurements, answers, True, apps)
            times.append((time.perf_counter() - t0) * 1000.0)
        rows.append((path.stem, len(measurements), statistics.median(times), max(times)))
    print(f"{'report':32} {'measurements':>12} {'median ms':>10} {'max ms':>8}")
    for name, n, median, worst in rows:
        print(f"{name:32} {n:12d} {median:10.2f} {worst:8.2f}")
    largest = rows[0]
    print(f"\nlargest report ({largest[0]}, {largest[1]} measurements): median {largest[2]:.2f} ms, "
          f"max {largest[3]:.2f} ms over {args.runs} runs; slowest median of all: "
          f"{max(r[2] for r in rows):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
