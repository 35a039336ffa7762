"""What the app remembers between runs (QSettings, an INI file in the platformdirs config
folder): the answers, the window's size, the language, the privacy page read, the censorship
checks' switch. A value that cannot be read falls back to its default and is noted, so the
window can say so and keep the file as it was — nothing is dropped silently."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Collection
from pathlib import Path

import platformdirs

from callpath.core import APP_NAME
from callpath.core.api import Answers
from callpath.gui.qt import QSettings

log = logging.getLogger(__name__)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "callpath.ini"


class Remembered:
    def __init__(self) -> None:
        self.store = QSettings(str(settings_path()), QSettings.Format.IniFormat)
        self.damaged: list[str] = []  # keys whose values could not be read

    def flag(self, key: str, default: bool) -> bool:
        """A remembered yes/no; the default when missing or damaged (INI stores text)."""
        value = self.store.value(key, default)
        if isinstance(value, bool):
            return value
        flag = {"true": True, "false": False}.get(str(value).lower())
        if flag is None:
            self.damaged.append(key)
            return default
        return flag

    def choice(self, key: str, default: str, allowed: Collection[str]) -> str:
        """A remembered choice, or the default when missing or damaged."""
        value = self.store.value(key, default)
        if value in allowed:
            return str(value)
        self.damaged.append(key)
        return default

    def answers(self, guess: Answers, symptoms: Collection[str], apps: Collection[str]) -> Answers:
        return Answers(self.choice("answers/symptom", guess.symptom, symptoms),
                       self.choice("answers/location", guess.location, ("abroad", "china")),
                       self.choice("answers/service", guess.app, apps))  # the key saved settings already hold

    def save_answers(self, answers: Answers) -> None:
        self.store.setValue("answers/symptom", answers.symptom)
        self.store.setValue("answers/location", answers.location)
        self.store.setValue("answers/service", answers.app)

    def restore_geometry(self, window) -> bool:
        """The window's remembered size and place; False when there is none or it is damaged
        (then noted, so the window can say so)."""
        geometry = self.store.value("window/geometry")
        if geometry is None:
            return False
        try:
            restored = bool(window.restoreGeometry(geometry))
        except TypeError:
            restored = False
        if not restored:
            self.damaged.append("window/geometry")
        return restored

    def keep_damaged(self) -> Path | None:
        """The file as it was, kept beside it (None if it could not be copied)."""
        path = settings_path()
        log.warning("settings could not be read (%s); defaults used", ", ".join(self.damaged))
        kept = path.with_name(path.name + ".damaged")
        try:
            shutil.copy2(path, kept)
        except OSError:
            return None
        return kept
