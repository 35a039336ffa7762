"""Every app test starts in English, past the first-run page (the tests of that page undo it)."""

import pytest


@pytest.fixture(autouse=True)
def english():
    from callpath.gui import i18n  # Qt loads here, after the tests' module-level skip checks
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def privacy_page_read():
    from callpath.gui.qt import QSettings
    from callpath.gui.settings import settings_path
    settings = QSettings(str(settings_path()), QSettings.IniFormat)
    settings.setValue("privacy/seen", True)
    settings.sync()
