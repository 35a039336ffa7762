"""The window's first paint pays only for what it shows (issue 26, item 7): no probe, DNS, HTTP,
ICE or process library is loaded by then, nor (on the questions page) the catalog's validator
or the Qt namespace's enums; the engine loads after the first paint, in the background, or when
a check starts.

Each start is a fresh interpreter (this test process has loaded the engine long ago) running
the app's own start, gui.app.run(), offscreen; at the first paint of any window it writes the
names in sys.modules to a file and quits.
"""

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

# Libraries and modules that measure: the first page needs none of them.
ENGINE = ("requests", "urllib3", "dns", "aioice", "ifaddr", "psutil", "asyncio", "ssl",
          "http.client", "callpath.core.engine.plan", "callpath.core.engine.runner",
          "callpath.core.probes", "callpath.core.base.errors", "callpath.core.probes.tlsctx",
          "callpath.core.analysis.interception", "callpath.core.records.history",
          "callpath.core.watch.sampling",
          "callpath.core.watch.schedule")

# What the questions page does not need either, but the first start's page about what CallPath
# sends does (the catalog's endpoints): the catalog checked whole and the probe kinds its
# validator loads. The questions page reads only the catalog's apps (engine/catalog_apps.py).
AFTER_THE_QUESTIONS = ("callpath.core.engine.catalog", "callpath.core.engine.builtin", "callpath.core.kinds",
                       "callpath.core.base.measurement")

# What the questions page was found to pay for and no longer does (the frozen app's start, timed
# import by import): the dataclasses (0.7 ms to define a frozen one; the answers and the apps
# are NamedTuples), the report's TypedDicts and the command line's signal handling.
NOT_FOR_THE_QUESTIONS = ("dataclasses", "callpath.core.base.reportdata", "signal")

START = r"""
import json, sys
import platformdirs
# Settings, logs and data in the test's folder, on every system (Windows and macOS do not read
# the XDG variables).
for name in ("user_config_dir", "user_data_dir", "user_log_dir", "user_cache_dir", "user_state_dir"):
    setattr(platformdirs, name, lambda app=None, *a, _n=name, **k: f"{sys.argv[2]}/{_n}/{app}")
from callpath.gui.qt import QApplication, QEvent, QObject
app = QApplication(sys.argv[:1])

class FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            window = watched.window()
            page = type(window.stack.currentWidget()).__name__ if hasattr(window, "stack") else ""
            import callpath.gui.qt as qt
            with open(sys.argv[1], "w", encoding="utf-8") as f:
                json.dump({"modules": sorted(sys.modules), "page": page,
                           "qt_names": sorted(n for n in vars(qt) if n.startswith("Q"))}, f)
            QApplication.exit(0)
        return False

probe = FirstPaint()
app.installEventFilter(probe)
from callpath.gui.app import run
run()
"""


def first_paint(tmp_path, seen_privacy: bool) -> dict:
    """The modules loaded at the first paint, and the class of the page shown."""
    home = tmp_path / "start"
    if seen_privacy:  # a usual start shows the questions; the first start, what CallPath sends
        (home / "user_config_dir" / "CallPath").mkdir(parents=True)
        (home / "user_config_dir" / "CallPath" / "callpath.ini").write_text("[privacy]\nseen=true\n",
                                                                           encoding="utf-8")
    out = tmp_path / "modules.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", START, str(out), str(home)], env=env, timeout=120,
                   check=True, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def engine_modules(names: list[str], listed: tuple[str, ...] = ENGINE) -> list[str]:
    return [n for n in names if any(n == e or n.startswith(e + ".") for e in listed)]


@pytest.mark.parametrize("seen_privacy", [True, False], ids=["questions", "first-start"])
def test_first_paint_loads_no_engine(tmp_path, seen_privacy):
    painted = first_paint(tmp_path, seen_privacy)
    # the window itself painted, on the page of the start asked for
    assert painted["page"] == ("AskPage" if seen_privacy else "PrivacyPage")
    assert engine_modules(painted["modules"]) == []
    if seen_privacy:
        assert engine_modules(painted["modules"], AFTER_THE_QUESTIONS) == []
        # The Qt namespace (its enums: 11 ms) is named after the first paint (gui/qt.py).
        assert "Qt" not in painted["qt_names"] and "QLabel" in painted["qt_names"]
        assert engine_modules(painted["modules"], NOT_FOR_THE_QUESTIONS) == []


def test_the_list_catches_the_engine():
    """The filter is not blind: the modules a check loads are caught by it."""
    assert engine_modules(["dns.resolver", "requests", "callpath.core.probes.stun", "ssl",
                           "callpath.core.engine.plan", "callpath.gui.window", "dnsish", "sslx"]) == [
        "dns.resolver", "requests", "callpath.core.probes.stun", "ssl", "callpath.core.engine.plan"]
