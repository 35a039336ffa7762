"""The log file, in the platform's user log folder. Never required: if it cannot be written,
CallPath runs without it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .paths import LOG_NAME, log_dir
from .redact import LogFilter


def setup(verbose: bool = False) -> Path | None:
    """Log to a rotating file; returns its path, or None if no log folder can be written."""
    root = logging.getLogger("callpath")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for h in list(root.handlers):
        if getattr(h, "_callpath", False):
            root.removeHandler(h)
            h.close()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(LogFilter())  # the log is redacted like reports
    handler._callpath = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
