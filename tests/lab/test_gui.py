"""In the lab, the app itself — run in the client namespace — shows the expected verdict."""

import json
import re
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


def test_reports_from_the_app_and_the_command_agree_and_hide_the_client(fault, tmp_path):
    import socket

    fault("captive-portal")
    saved = tmp_path / "gui.json"
    argv = [sys.executable, "-m", "tests.lab.gui_driver", "check", str(lab.STATE / "catalog.json"),
            str(tmp_path / "shot.png"), str(saved)]
    cmd, env = lab.client_command(argv, {"QT_QPA_PLATFORM": "offscreen"})
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=90, cwd=str(lab.REPO))
    assert out.returncode == 0, out.stderr[-2000:]
    gui = json.loads(saved.read_text("utf-8"))
    cli, _ = lab.diagnose("--symptom", "check")
    assert (gui["verdict"]["locus"], gui["verdict"]["cause"]) == (cli["verdict"]["locus"], cli["verdict"]["cause"])
    assert gui["context"]["redacted"] and cli["context"]["redacted"]
    client = subprocess.run(["ip", "netns", "exec", lab.ns("client"), "ip", "-o", "link", "show", "eth0"],
                            capture_output=True, text=True).stdout
    mac = client.split("link/ether ")[1].split()[0]
    secrets = ["198.51.100.10", "2001:db8:100::10", "203.0.113.2", mac]
    # The host name as a word: a short name ("vm") also occurs inside random certificate ids.
    host = re.compile(r"(?<![0-9a-z])" + re.escape(socket.gethostname().lower()) + r"(?![0-9a-z])")
    for text in (saved.read_text("utf-8"), (tmp_path / "gui.json.md").read_text("utf-8"),
                 json.dumps(cli, ensure_ascii=False)):
        for secret in secrets:
            assert secret.lower() not in text.lower(), secret
        assert not host.search(text.lower()), socket.gethostname()
