"""The app's window on a loopback internet (tests/loopnet), offscreen, for the benches."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The loopback internet in a process of its own: started, described (pickled, as hex, on one
# line), then served until its standard input closes.
SERVERS = r"""
import pickle, sys, tempfile
from contextlib import ExitStack
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests import loopnet, netguard
netguard.install()
with ExitStack() as stack:
    net = loopnet.start(stack, Path(tempfile.mkdtemp(prefix="callpath-bench-")))
    print(pickle.dumps(net).hex(), flush=True)
    sys.stdin.read()
"""


def start_servers_apart(stack: ExitStack):
    proc = subprocess.Popen([sys.executable, "-c", SERVERS, str(ROOT)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdin is not None and proc.stdout is not None

    def stop() -> None:
        proc.stdin.close()
        proc.wait(15)

    stack.callback(stop)
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"the loopback servers did not start (exit {proc.wait()})")
    return pickle.loads(bytes.fromhex(line.decode()))


def loopback_window(stack: ExitStack, servers_apart: bool = False, **diagnosis_options):
    """(app, window): the window past its first-run page, its runs going to loopback servers
    that live as long as ``stack``: in this process (their threads then compete with the app's
    for the interpreter), or with ``servers_apart`` in a process of their own, as the real
    internet is. Settings, the history and the log go to fresh folders (Linux)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for folder in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):  # settings, history, logs
        os.environ[folder] = tempfile.mkdtemp(prefix="callpath-bench-")
    from tests import loopnet, netguard
    netguard.install()
    from callpath.gui.qt import QApplication
    from callpath.gui.window import MainWindow, Page

    if servers_apart:
        net = start_servers_apart(stack)
    else:
        net = loopnet.start(stack, Path(tempfile.mkdtemp(prefix="callpath-bench-")))
    loopnet.trust(None, net.ca_file)
    app = QApplication.instance() or QApplication([])
    window = MainWindow(catalog=net.catalog, diagnosis_options={
        "nameservers": net.nameservers, "dns_port": net.dns_port, **diagnosis_options})
    window.show()
    window.show_page(Page.ASK)
    return app, window
