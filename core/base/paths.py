"""Where CallPath's files live. Decided here and nowhere else, frozen or not."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from .. import APP_NAME


def resources_dir() -> Path:
    """The folder holding catalog.json, translations and icons.

    A PyInstaller bundle unpacks data under ``sys._MEIPASS``; an installed package keeps it in
    ``callpath/resources`` beside ``callpath/core``.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "callpath" / "resources"
    return Path(__file__).resolve().parents[2] / "resources"  # callpath/core/base/paths.py


def resource_path(name: str) -> Path:
    return resources_dir() / name


LOG_NAME = "callpath.log"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
