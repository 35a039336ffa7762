"""The release bundle next to a bare PySide6 Widgets app frozen with the same PyInstaller settings
(tools/bundle.py's EXCLUDES, OPTIMIZE, trim() and STRIP; one folder; no UPX): size on disk, size
compressed (tar.gz, level 9), and cold start to the first painted window (median of --runs):
a usual start (the questions) and the first start (the page about what CallPath sends).

    make bundle && .venv/bin/python bench/bundle_size_start.py [--runs 5]

Start: from spawning the executable to reading the line the window prints at its first paint
event (CallPath's CALLPATH_BENCH_FIRST_PAINT=mark probe; the bare app has the same few lines). Each
run starts a fresh process; as root, the page cache is dropped before each run, so the figure is
a cold start (it says "warm" where it could not drop it). The window opens on Xvfb when it is
installed, else offscreen.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import bundle  # noqa: E402

WORK = ROOT / "build" / "bench-bare"

BARE_APP = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(760, 720)


class Probe(QObject):
    done = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint and not self.done:
            self.done = True
            print("first-paint", flush=True)
            QTimer.singleShot(0, window.close)
        return False


probe = Probe()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""

BARE_SPEC = """
import sys
sys.path.insert(0, {tools!r})
import bundle

a = Analysis([{script!r}], excludes=bundle.EXCLUDES, optimize=bundle.OPTIMIZE)
bundle.trim(a)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="Bare", console=False,
          strip=bundle.STRIP, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, strip=bundle.STRIP, upx=False, name="Bare")
"""


def build_bare() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / "bare.py"
    script.write_text(BARE_APP, encoding="utf-8")
    spec = WORK / "bare.spec"
    spec.write_text(BARE_SPEC.format(tools=str(ROOT / "tools"), script=str(script)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--workpath", str(WORK / "work"), "--distpath", str(WORK / "dist"), str(spec)],
                   check=True)
    return WORK / "dist" / "Bare"


def size_on_disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def size_compressed(folder: Path) -> int:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=9) as tar:
        tar.add(folder, arcname=folder.name)
    return buffer.tell()


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def start_to_first_paint(executable: Path, env: dict[str, str]) -> float:
    return start_to_first_paint_of([str(executable)], env)


def start_to_first_paint_of(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``argv`` to the "first-paint" line it prints."""
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("first-paint"):
                return time.monotonic() - t0
        raise SystemExit(f"{argv[0]} exited without painting (exit {proc.wait()})")
    finally:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    meta = bundle.metadata()
    app = bundle.DIST / meta["name"] / meta["name"]
    if not app.is_file():
        raise SystemExit(f"no bundle at {app}; run 'make bundle' first")
    bare = build_bare() / "Bare"

    home = Path(tempfile.mkdtemp(prefix="callpath-bench-"))
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
           "CALLPATH_BENCH_FIRST_PAINT": "mark"}
    # The first start shows the page about what CallPath sends; later starts the questions.
    first = {**env, "XDG_CONFIG_HOME": str(home / "first")}
    later = {**env, "XDG_CONFIG_HOME": str(home / "later")}
    (home / "later" / "CallPath").mkdir(parents=True)
    (home / "later" / "CallPath" / "callpath.ini").write_text("[privacy]\nseen=true\n")
    xvfb = None
    if shutil.which("Xvfb"):
        display = f":{150 + os.getpid() % 50}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        for e in (first, later):
            e["DISPLAY"] = display
        where = f"Xvfb {display}"
    else:
        for e in (first, later):
            e["QT_QPA_PLATFORM"] = "offscreen"
        where = "offscreen"
    runs = (("bare", bare, first), ("first", app, first), ("later", app, later))
    try:
        for _name, exe, e in runs:  # one run each to settle fonts and settings files
            start_to_first_paint(exe, e)
        times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        cold = True
        for _ in range(args.runs):
            for name, exe, e in runs:
                cold &= drop_caches()
                times[name].append(start_to_first_paint(exe, e))
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(home, ignore_errors=True)

    rows = []
    for label, measure in (("size on disk (MB)", size_on_disk), ("size compressed (MB)", size_compressed)):
        b, c = measure(bare.parent) / 1e6, measure(app.parent) / 1e6
        rows.append((label, b, c))
    b = statistics.median(times["bare"])
    kind = "cold" if cold else "warm"
    for name, label in (("later", "start to first paint, usual (ms)"),
                        ("first", "start to first paint, first run (ms)")):
        rows.append((f"{kind} {label}", b * 1000, statistics.median(times[name]) * 1000))
    print(f"PyInstaller one-folder bundles, same settings; window on {where}")
    print(f"{'':52} {'bare':>9} {'CallPath':>9} {'ratio':>6}")
    for label, b, c in rows:
        print(f"{label:52} {b:9.1f} {c:9.1f} {c / b:6.2f}")
    archive = bundle.DIST / f"{bundle.archive_name(meta)}.tar.gz"
    if archive.is_file():
        print(f"release archive {archive.name}: {archive.stat().st_size / 1e6:.1f} MB")
    print(f"median of {args.runs} runs each; runs (ms): " + " | ".join(
        f"{name} " + " ".join(f"{t * 1000:.0f}" for t in times[name]) for name, _, _ in runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
