"""Ctrl-C on the command line, never lost. Python raises KeyboardInterrupt wherever the signal
lands; where that is a callback it cannot raise from (a weak reference's, in the import
machinery while a command loads: the interpreter prints "Exception ignored" and goes on), the
interrupt would be lost and the command would run on. So the handler also notes it, and
:func:`check` raises it again at the next safe point: once the command has loaded, and before a
diagnosis starts. Installed first thing (gui/main.py), before the command loads.
"""

from __future__ import annotations

import signal
import threading

_noted = threading.Event()


def _interrupted(signum, frame) -> None:
    _noted.set()
    raise KeyboardInterrupt


def install() -> None:
    """Take Ctrl-C with :func:`_interrupted` (from the main thread only, as Python allows)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupted)


def check() -> None:
    """Raise KeyboardInterrupt for a Ctrl-C noted since the last check, raised or not."""
    if _noted.is_set():
        _noted.clear()
        raise KeyboardInterrupt
