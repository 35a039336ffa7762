"""The Run page's bar moves without painting the page inside the news' slot (issue 26, item 8):
QProgressBar repaints at once when its text changes, which painted every pending change of the
page there, each paint in Python waiting for the interpreter behind the probes' threads."""

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.gui.qt import QEvent, QObject
from callpath.gui.run import RunPage


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_bar_is_painted_with_the_page_not_in_the_slot(qtbot):
    page = RunPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.begin({"local": 3, "world": 2, "service": 1, "china": 1}, "teams")
    qtbot.wait(50)
    paints = Paints()
    page.progress.installEventFilter(paints)
    page.path.installEventFilter(paints)
    page.apply([("measured", ("local", "ok")), ("measured", ("local", "ok")), ("measured", ("local", "ok")),
                ("measured", ("world", "ok"))])  # the bar moves to 57 %, its text with it
    assert page.progress.value() >= 57 and page.progress.text() != "0%"
    assert paints.count == 0  # nothing painted inside the slot
    qtbot.waitUntil(lambda: paints.count >= 2)  # painted at the page's next paint
