"""Qt's messages the tests let pass (pyproject.toml, qt_log_ignore): only those known to be
harmless, and only as Qt words them."""

import pytest
from PySide6 import QtCore

MAC_AND_WINDOWS = ('Populating font family aliases took 54 ms. Replace uses of missing font family "{}" '
                   "with one that exists to avoid this cost. ")


@pytest.mark.qt_log_level_fail("CRITICAL")
def test_only_the_offscreen_themes_own_missing_families_are_ignored(qtlog):
    # As macOS and Windows print it, offscreen (the offscreen theme asks for these two).
    for family in ("Sans Serif", "monospace", "Segoe UI"):
        QtCore.qWarning(MAC_AND_WINDOWS.format(family))
    QtCore.qWarning("QFontDatabase: Cannot find font directory C:/Python/Lib/site-packages/PySide6/lib/fonts.")
    ignored = {r.message: r.ignored for r in qtlog.records}
    assert [ignored[MAC_AND_WINDOWS.format(f)] for f in ("Sans Serif", "monospace", "Segoe UI")] == [
        True, True, False]  # a family of ours that is missing is a finding, not noise
    assert not ignored["QFontDatabase: Cannot find font directory C:/Python/Lib/site-packages/PySide6/lib/fonts."]
