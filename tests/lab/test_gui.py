"""In the lab, the app itself — run in the client namespace — shows the expected verdict."""

import json
import subprocess
import sys

import pytest

from . import lab

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)


@pytest.mark.parametrize("fault_name,symptom,expected", [
    (None, "check", ("none", "healthy")),
    ("captive-portal", "check", ("local", "captive_portal")),
    ("china-drop", "app_calls", ("upstream", "china_unreachable")),
])
def test_app_shows_the_verdict(fault, fault_name, symptom, expected, tmp_path):
    if fault_name:
        fault(fault_name)
    shot = tmp_path / "result.png"
    argv = [sys.executable, "-m", "tests.lab.gui_driver", symptom, str(lab.STATE / "catalog.json"), str(shot)]
    cmd, env = lab.client_command(argv, {"QT_QPA_PLATFORM": "offscreen"})
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=90, cwd=str(lab.REPO))
    assert out.returncode == 0, out.stderr[-2000:]
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert (shown["locus"], shown["cause"]) == expected
    assert shown["headline"]
    assert shot.stat().st_size > 10_000
