"""The second page: each group's live status while the checks run, and Cancel."""

from __future__ import annotations

from collections.abc import Iterable

from callpath.core.api import BUSY_LINE_EXPECTED_S, GROUPS, App, Chosen
from callpath.gui.i18n import _, language
from callpath.gui.labels import STATUS_TEXTS, AppNames, group_title, title_label
from callpath.gui.pathview import PathPicture
from callpath.gui.qt import (
    QElapsedTimer,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from callpath.gui.widgets import STATUS_STYLE, Badge


class GroupRow:
    """One group's live status on the Run page."""

    def __init__(self, grid: QGridLayout, row: int):
        self.badge = Badge(22)
        self.name = QLabel()
        self.status = QLabel()
        grid.addWidget(self.badge, row, 0)
        grid.addWidget(self.name, row, 1)
        grid.addWidget(self.status, row, 2)
        self.state = "waiting"
        self.planned = 0
        self.seen = 0
        self.failed = 0

    def set_state(self, state: str) -> None:
        self.state = state
        self.badge.set_style(*STATUS_STYLE[state])
        self.status.setText(_(STATUS_TEXTS[state]))
        self.status.setAccessibleName(_(STATUS_TEXTS[state]))


class RunPage(QWidget):
    """Live progress: each group's status, a progress bar, what is happening, elapsed time,
    and Cancel (also Escape). Signals: cancel()."""

    cancel = Signal()

    def __init__(self, apps: Iterable[App] = (), parent=None):
        super().__init__(parent)
        self.names = AppNames(apps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        self.heading = title_label("")
        layout.addWidget(self.heading)
        self.path = PathPicture()
        layout.addWidget(self.path)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.rows = {g: GroupRow(grid, i) for i, g in enumerate(GROUPS)}
        layout.addLayout(grid)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.now = QLabel()
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        self.elapsed = QLabel()
        layout.addWidget(self.elapsed)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel.emit)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.clock = QElapsedTimer()
        self.ticker = QTimer(self)
        self.ticker.setInterval(200)
        self.ticker.timeout.connect(self._tick)
        self.app = Chosen("", ())  # the app the run is about: named once a run begins
        self.expected_s = 8.0
        self._what = ""
        self.busy_line = False
        self._loading = False  # the busy-line test, the run's last step, is under way
        self.retranslate()

    def begin(self, planned: dict[str, int], app_id: str, expected_s: float = 8.0,
              busy_line: bool = False) -> None:
        """A run starts: ``planned`` measurements per group, ``expected_s`` its usual length
        (the voice samples'), so the bar moves with time while the samples run; ``busy_line``:
        the busy-line test follows the other checks (said while it runs, some ten seconds)."""
        self.app = self.names.resolve(app_id)
        self.expected_s = max(expected_s, 1.0)
        self.busy_line, self._loading = busy_line, False
        for group, row in self.rows.items():
            row.planned, row.seen, row.failed = planned.get(group, 0), 0, 0
            row.set_state("waiting" if row.planned else "skipped")
        self.progress.setRange(0, 100)
        self._set_bar(0)
        self._what = ""
        self.clock.start()
        self.ticker.start()
        self.retranslate()
        self._draw()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()

    def on_progress(self, done: int, total: int, what: str) -> None:
        self.apply([("progress", (done, total, what))])

    def on_measurement(self, group: str, outcome: str) -> None:
        self.apply([("measured", (group, outcome))])

    def apply(self, events: Iterable[tuple[str, tuple]]) -> None:
        """A burst of the run's news (worker.DiagnosisRunner.take), shown at once: the rows'
        counts first, then one redraw. Redrawn per event, a burst of a dozen kept the window
        still for a tenth of a second and more (the bar repaints at once when its value moves)."""
        changed = said = False
        for kind, args in events:
            if kind == "progress":
                done, total, self._what = args
                # Every other check done: the busy-line test, alone and longer, is what runs now.
                self._loading = self.busy_line and done == total - 1
                said = True
            else:
                changed |= self._count(*args)
        if said:
            self._show_now()
        if changed:
            self._draw()
        self._advance()

    def _advance(self) -> None:
        """The bar: the larger of the share of checks done and the share of the usual time gone
        (most checks end in a second, then the voice samples take theirs), kept under 100 %
        until the run ends, and never moving back."""
        planned = sum(r.planned for r in self.rows.values())
        seen = sum(r.seen for r in self.rows.values())
        share = max(seen / planned if planned else 0.0, self.clock.elapsed() / 1000 / self.expected_s)
        self._set_bar(max(self.progress.value(), min(int(share * 100), 95)))

    def _set_bar(self, value: int) -> None:
        """The bar's value, painted with the rest of the page at its next paint. QProgressBar
        repaints at once when its text changes, which painted every pending change of the page
        (the picture, the badges) inside this slot, each paint in Python waiting for the
        interpreter behind the probes' threads: the longest stalls of a run (bench/
        gui_start_and_stall.py --profile). With updates off, that repaint does nothing, and
        turning them on again asks for an ordinary update."""
        self.progress.setUpdatesEnabled(False)
        self.progress.setValue(value)
        self.progress.setUpdatesEnabled(True)

    def _count(self, group: str, outcome: str) -> bool:
        """One measurement in its group's row; whether the row's state changed."""
        row = self.rows.get(group)
        if row is None:
            return False
        row.seen += 1
        if outcome not in ("ok", "skipped", "cancelled", "deadline"):
            row.failed += 1
        state = ("problem" if row.failed else "ok") if row.seen >= row.planned else "running"
        if state == row.state:  # restyling an unchanged badge costs a repaint for nothing
            return False
        row.set_state(state)
        return True

    def _draw(self) -> None:
        self.path.set_live({g: row.state for g, row in self.rows.items()}, self.app.checked.name(language()))

    def finish(self) -> None:
        self._set_bar(100)
        self.ticker.stop()
        self.cancel_button.setEnabled(False)

    def _tick(self) -> None:
        self._advance()
        self.elapsed.setText(_("Elapsed: {seconds} s").format(seconds=f"{self.clock.elapsed() / 1000:.0f}"))

    def _show_now(self) -> None:
        if self._loading:
            self.now.setText(_("Now testing your line while it is busy: about {seconds} seconds")
                             .format(seconds=round(BUSY_LINE_EXPECTED_S)))
            return
        # 'what' is a catalog label: translated when the catalogues know it.
        self.now.setText(_("Just checked: {what}").format(what=_(self._what)) if self._what
                         else _("Starting…"))

    def retranslate(self) -> None:
        self.heading.setText(_("Checking your connection…"))
        for group, row in self.rows.items():
            row.name.setText(group_title(group, self.app))
            row.set_state(row.state)
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the check"))
        self._show_now()
        self._tick()


