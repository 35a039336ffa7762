"""What a chart library would cost the app: bytes added to the bundle, and time added to start.

    .venv/bin/python bench/chart_cost.py [--runs 7] [--keep DIR]

Makes a scratch virtual environment beside the project's own Qt (PySide6-Essentials, the same
version), installs each candidate from PyPI — QtCharts (in PySide6-Addons) and pyqtgraph (with
numpy) — and measures:

- bundle bytes: the files a frozen app would take in for it (QtCharts: its binding module and
  the Qt libraries it links that Essentials does not ship; pyqtgraph: its package and numpy's);
- start time: the median, over fresh processes, of making a QApplication and one chart with
  the library, against making a QApplication and one QWidget (what a plain-QPainter chart
  needs: nothing more than the app already loads).

Needs PyPI (about 190 MB of wheels). The watch's chart is drawn with QPainter; this says why.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

PROGRAMS = {
    "plain QPainter (a QWidget)": "from PySide6.QtWidgets import QApplication, QWidget\n"
                                  "app = QApplication([]); w = QWidget()",
    "QtCharts": "from PySide6.QtWidgets import QApplication\nfrom PySide6.QtCharts import QChart, QChartView\n"
                "app = QApplication([]); v = QChartView(QChart())",
    "pyqtgraph": "from PySide6.QtWidgets import QApplication\nimport pyqtgraph\n"
                 "app = QApplication([]); w = pyqtgraph.PlotWidget()",
}


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def linked_qt_libs(module: Path, lib_dir: Path) -> set[str]:
    """The Qt libraries ``module`` needs, the ones they need, and so on (ldd's own closure)."""
    out = subprocess.run(["ldd", str(module)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0] for line in out.splitlines() if "libQt6" in line and (lib_dir / line.split()[0]).exists()}


def timed(python: Path, program: str, runs: int) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(runs + 1):  # the first warms the disk cache, and is not counted
        start = time.perf_counter()
        subprocess.run([str(python), "-c", program], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="make the scratch environment here, and keep it")
    args = parser.parse_args()
    qt_version = metadata.version("PySide6-Essentials")
    where = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="callpath-charts-"))
    venv = where / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"PySide6-Essentials=={qt_version}",
                        f"PySide6-Addons=={qt_version}", "pyqtgraph"], check=True)
    site = Path(subprocess.run([str(python), "-c", "import PySide6, os; print(os.path.dirname(PySide6.__path__[0]))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    binding, lib_dir = site / "PySide6", site / "PySide6" / "Qt" / "lib"
    essentials = {Path(f).name for f in metadata.files("PySide6-Essentials") or [] if "Qt/lib/" in str(f)}
    charts_module = next(binding.glob("QtCharts*.so"))
    added = {lib for lib in linked_qt_libs(charts_module, lib_dir) if lib not in essentials}
    charts_bytes = charts_module.stat().st_size + sum((lib_dir / lib).stat().st_size for lib in added)
    graph_bytes = sum(folder_bytes(site / name) for name in ("pyqtgraph", "numpy", "numpy.libs")
                      if (site / name).exists())

    print(f"Qt {qt_version}; {args.runs} fresh processes each, median")
    print(f"bundle bytes added: QtCharts {charts_bytes / 2**20:.1f} MiB ({charts_module.name} + "
          f"{', '.join(sorted(added)) or 'no other Qt library'}); pyqtgraph {graph_bytes / 2**20:.1f} MiB "
          "(pyqtgraph + numpy); plain QPainter 0")
    base = timed(python, PROGRAMS["plain QPainter (a QWidget)"], args.runs)
    for name, program in PROGRAMS.items():
        t = timed(python, program, args.runs)
        print(f"start, {name}: {t * 1000:.0f} ms ({(t - base) * 1000:+.0f} ms, x{t / base:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
