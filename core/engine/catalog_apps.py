"""The calling apps of a catalog file, read without its endpoints: what the app's first page
offers (the apps, their names, their complaints) before the whole catalog is validated.

The app's window paints with these and has :func:`catalog.load` check the whole file on a
thread once it has painted, and before any check runs: the validator and the probe kinds it
loads were a tenth of the start (bench/gui_start_and_stall.py). The apps are checked here as
``load`` checks them (``analysis.apps.parse``), so the page never offers an app the catalog
would refuse.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..analysis.apps import App, parse
from ..base.paths import resource_path


def read(path: str | Path | None = None) -> tuple[App, ...] | None:
    """The apps of the catalog at ``path`` (the bundled one by default); None when the file
    cannot be read or its apps are not right, for :func:`catalog.load` to say why in its own
    words."""
    try:
        data = json.loads(Path(path or resource_path("catalog.json")).read_bytes().decode("utf-8"))
        return parse(data.get("apps")) if isinstance(data, dict) else None
    except (OSError, ValueError):  # unreadable, not UTF-8 or JSON, an app not right (AppError)
        return None
