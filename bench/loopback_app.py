"""The app's window on a loopback internet (tests/loopnet), offscreen, for the benches."""

from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack
from pathlib import Path


def loopback_window(stack: ExitStack, **diagnosis_options):
    """(app, window): the window past its first-run page, its runs going to loopback servers
    that live as long as ``stack``. Settings go to a fresh folder."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="callpath-bench-")
    from tests import loopnet, netguard
    netguard.install()
    from callpath.gui.qt import QApplication
    from callpath.gui.window import MainWindow, Page

    net = loopnet.start(stack, Path(tempfile.mkdtemp(prefix="callpath-bench-")))
    loopnet.trust(None, net.ca_file)
    app = QApplication.instance() or QApplication([])
    window = MainWindow(catalog=net.catalog, diagnosis_options={
        "nameservers": net.nameservers, "dns_port": net.dns_port, **diagnosis_options})
    window.show()
    window.show_page(Page.ASK)
    return app, window
