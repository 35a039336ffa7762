"""What the libraries the first page needs cost the start, each timed alone: in a fresh process
for every run, after PySide6's widgets (a bare PySide6 app loads those too), the import of one
library the app loads before its first paint and a bare app does not.

    .venv/bin/python bench/first_paint_imports.py [--runs 7]

Printed: the median time of each import, and of the QFont type (the first page's bold title
names it; PySide6 builds a class's Python type the first time it is named). The app's first
paint loads these once each (tests/gui/test_first_paint.py lists the modules); together they are
most of what CallPath's start adds to a bare PySide6 window's (bench/gui_start_and_stall.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

# What the first page loads that a bare PySide6 window does not, in the order it loads them.
TIMED = {
    "platformdirs (the settings file's folder)": "import platformdirs",
    "dataclasses (the answers, the apps)": "import dataclasses",
    "gettext and locale (the translations)": "import gettext, locale",
    "json (the catalog's apps)": "import json",
    "QFont (the title's type)": "import PySide6.QtGui as g; g.QFont",
}

PROGRAM = """
import time, PySide6.QtWidgets
t = time.perf_counter()
{statement}
print(time.perf_counter() - t)
"""


def once(statement: str) -> float:
    out = subprocess.run([sys.executable, "-c", PROGRAM.format(statement=statement)], capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    print(f"median of {args.runs} fresh processes each, after PySide6.QtWidgets")
    for name, statement in TIMED.items():
        times = [once(statement) for _ in range(args.runs)]
        print(f"  {name}: {statistics.median(times) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
