"""The Qt binding itself: guards for the version pinned in pyproject.toml."""

import sys

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.gui.qt import QAction, QApplication, QPushButton, QRadioButton


@pytest.mark.parametrize("call", [
    lambda: QPushButton().setCheckable(True),
    lambda: QRadioButton().setChecked(True),
    lambda: QAction("x", None, checkable=True),
])
def test_setters_keep_reference_counts(qapp, call):
    # PySide6 6.12.0 released None/True once per setCheckable call: the interpreter then
    # aborted at exit ("none_dealloc"/"bool_dealloc"). The app calls such setters.
    assert isinstance(qapp, QApplication)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        call()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert all(a >= b - 5 for a, b in zip(after, before, strict=True)), (before, after)
