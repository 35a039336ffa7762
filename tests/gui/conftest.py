"""Every app test starts in English, past the first-run page (the tests of that page undo it),
and leaves no garbage for another thread to collect."""

import gc

import pytest


@pytest.fixture(autouse=True)
def collected():
    """A test's widgets that refer to themselves (a dialog and the controller whose signals it
    takes) are freed by the cycle collector, which runs on whichever thread allocates at the
    time: collected here, on the GUI thread, not by a later test's watch or probe thread, where
    Qt cannot stop their timers."""
    yield
    gc.collect()


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
