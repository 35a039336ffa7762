"""The watch window: call quality into China by hour of the user's day with Beijing time
beside it, the suggested hours to call, the watch's gaps and its stretches with no network on
this computer, and Start / Stop. The watch itself (watching.py) belongs to the main window, so
closing this window does not stop it; samples are kept in the history, so nothing is lost when
the app closes either."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from callpath.core.api import (
    GOOD_MOS,
    N_,
    WATCH_EVERY_MIN,
    Hour,
    WatchClock,
    WatchPoint,
    app_namer,
    beijing_clock,
    by_hour,
    clock_change,
    gap_hours,
    gap_words,
    offline_hours,
    offline_words,
    round_figures,
    suggestion,
    watch_apps_words,
    watch_words,
)
from callpath.gui.i18n import _, language
from callpath.gui.labels import wrapping_label
from callpath.gui.qt import (
    QBrush,
    QCheckBox,
    QColor,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPushButton,
    QRectF,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)
from callpath.gui.watching import WatchController

log = logging.getLogger(__name__)


def _colour(mos: float | None) -> QColor:
    if mos is None:
        return QColor("#c8c8c8")
    return QColor("#2e9e5b" if mos >= 4.0 else "#d9822b" if mos >= GOOD_MOS else "#c0392b")


OFFLINE_COLOUR = "#5d7fa3"  # hours sampled only with no network here: blue, apart from the gaps' grey


class HourChart(QWidget):
    """Call quality into China by hour of the user's day: a bar per hour (grey where nothing was
    sampled, hatched grey where the last watch had a gap, cross-hatched blue where the only
    samples were taken with no network on this computer), Beijing time under the user's, the
    current hour outlined."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hours: dict[int, Hour] = {}
        self.gap_hours: set[int] = set()
        self.offline_hours: set[int] = set()
        self.offset_min = 0
        self.now_hour: int | None = None
        self.setMinimumHeight(170)

    def set_points(self, points: list[WatchPoint], offset_min: int, now_hour: int | None,
                   gap_hours: set[int] | None = None) -> None:
        self.hours, self.offset_min, self.now_hour = by_hour(points), offset_min, now_hour
        self.gap_hours = gap_hours or set()
        self.offline_hours = offline_hours(points)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 170)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        top, bottom = 4.0, self.height() - 2 * line - 8
        cell = (self.width() - 8) / 24
        text = self.palette().windowText().color()
        for h in range(24):
            x = 4 + h * cell
            stat = self.hours.get(h)
            mos = stat.mos if stat is not None else None
            height = (bottom - top) * ((mos - 1.0) / 3.5 if mos is not None else 0.03)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_colour(mos))
            p.drawRect(QRectF(x + 2, bottom - max(height, 2.0), cell - 4, max(height, 2.0)))
            # An hour with samples only from a computer with no network: said as that, not as a
            # bad hour nor a missed one (it was sampled).
            if stat is None and (h in self.offline_hours or h in self.gap_hours):
                colour, style = ((OFFLINE_COLOUR, Qt.BrushStyle.DiagCrossPattern) if h in self.offline_hours
                                 else ("#9a9a9a", Qt.BrushStyle.BDiagPattern))
                p.setBrush(QBrush(QColor(colour), style))
                p.setPen(QColor(colour))
                p.drawRect(QRectF(x + 2, top + (bottom - top) / 2, cell - 4, (bottom - top) / 2))
            if h == self.now_hour:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(text)
                p.drawRect(QRectF(x + 1, top, cell - 2, bottom - top))
            if h % 3 == 0:
                p.setPen(text)
                p.drawText(QRectF(x - cell, bottom + 2, 3 * cell, line), int(Qt.AlignmentFlag.AlignHCenter),
                           f"{h}:00")
                p.drawText(QRectF(x - cell, bottom + 4 + line, 3 * cell, line),
                           int(Qt.AlignmentFlag.AlignHCenter), beijing_clock(h, self.offset_min))
        p.end()


class WatchDialog(QDialog):
    """A view of the main window's watch (a WatchController); not modal, so the main window
    stays usable while it is open."""

    def __init__(self, controller: WatchController, app_id: str, parent=None, location: str = "abroad"):
        super().__init__(parent)
        self.controller, self.app_id, self.location = controller, app_id, location
        self.resize(700, 560)
        layout = QVBoxLayout(self)
        self.intro = wrapping_label()
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.hours = QDoubleSpinBox()
        self.hours.setRange(1, 168)
        self.hours.setDecimals(1)
        self.hours.setValue(24)
        self.every = QDoubleSpinBox()
        self.every.setRange(1, 60)
        self.every.setDecimals(1)
        self.every.setValue(WATCH_EVERY_MIN)
        self.hours_label, self.every_label = QLabel(), QLabel()
        self.hours_label.setBuddy(self.hours)
        self.every_label.setBuddy(self.every)
        form.addRow(self.hours_label, self.hours)
        form.addRow(self.every_label, self.every)
        layout.addLayout(form)
        self.chart = HourChart()
        layout.addWidget(self.chart)
        self.legend = wrapping_label()
        layout.addWidget(self.legend)
        self.status = wrapping_label()
        self.answer = wrapping_label()
        self.apps = wrapping_label()  # a watch of every app: each app's way against its own usual
        self.missed = wrapping_label()
        self.offline = wrapping_label()  # apart from the gaps: the computer was on, with no network
        layout.addWidget(self.status)
        layout.addWidget(self.answer)
        layout.addWidget(self.apps)
        layout.addWidget(self.missed)
        layout.addWidget(self.offline)
        layout.addStretch(1)
        self.notify = QCheckBox()
        self.notify.setChecked(controller.notify)
        self.notify.toggled.connect(controller.set_notify)
        self.notify.setVisible(controller.tray is not None)  # a notification needs the desktop's tray
        layout.addWidget(self.notify)
        buttons = QHBoxLayout()
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.toggle)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        controller.sampled.connect(self._sampled)
        controller.ended.connect(self._ended)
        controller.changed.connect(self._draw)
        self._last = ""  # the status line's own text, kept to say again after a language change
        self._last_args: dict[str, str | Callable[[], str]] = {}
        self.retranslate()
        if controller.note:
            self._say(controller.note)
        elif controller.running:
            self._say_running()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Watch the line to China"))
        self.intro.setText(_(
            "CallPath takes a short voice sample every few minutes and shows which hours of your day "
            "calls to China go best. It goes on while this window is closed or CallPath is "
            "minimised. If CallPath is closed or the computer sleeps, the watch goes on when "
            "CallPath opens again, until the time it was given. Every sample is kept."))
        self.hours_label.setText(_("Watch for (&hours):"))
        self.every_label.setText(_("A sample &every (minutes):"))
        self.legend.setText(_("Bars: call quality into China by hour; upper numbers your time, "
                              "lower numbers Beijing time; the outlined hour is now; grey hatched "
                              "hours were missed; blue cross-hatched hours were sampled while this "
                              "computer had no network, and are not counted."))
        self.notify.setText(_("&Tell me when a good hour to call China begins"))
        self.close_button.setText(_("Close"))
        self.start_button.setText(_("Stop watching") if self.controller.running else _("Start watching"))
        if self._last:
            self._say(self._last, **self._last_args)
        self._draw()

    def _say(self, text: str, **args: str | Callable[[], str]) -> None:
        """The status line: ``text`` (and any callable among ``args``) is said in the current
        language now and again after a language switch."""
        self._last, self._last_args = text, args
        said = {k: v() if callable(v) else v for k, v in args.items()}
        self.status.setText(_(text).format(**said) if said else _(text))

    def _say_running(self) -> None:
        plan = self.controller.plan
        until = datetime.fromtimestamp(plan.until).strftime("%H:%M") if plan else ""
        if self.controller.resumed:
            self._say(N_("The watch goes on where it stopped, until {until}."), until=until)
        else:
            self._say(N_("Watching until {until}; the next sample is on its way…"), until=until)

    def _draw(self) -> None:
        clock = WatchClock()
        offset = clock.utc_offset_min()
        gaps = self.controller.gaps()
        self.chart.set_points(self.controller.points, offset, datetime.now().hour, gap_hours(gaps, offset))
        self.answer.setText(watch_words(suggestion(self.controller.points), offset, language(),
                                  self.location, clock_change()))
        said = watch_apps_words(self.controller.points, self._name_of(), language(), self.location)
        self.apps.setText(said)
        self.apps.setVisible(bool(said))
        self.missed.setText(gap_words(gaps, offset, language()))
        self.missed.setVisible(bool(gaps))
        offline = self.controller.offline()
        self.offline.setText(offline_words(offline, offset, language()))
        self.offline.setVisible(bool(offline))
        running = self.controller.running
        self.start_button.setText(_("Stop watching") if running else _("Start watching"))
        self.hours.setEnabled(not running)
        self.every.setEnabled(not running)

    def toggle(self) -> None:
        if self.controller.running:
            self.start_button.setEnabled(False)
            self._say(N_("Stopping after this sample…"))
            self.controller.stop()
            return
        self.controller.start(self.app_id, self.hours.value(), self.every.value())
        self._say(N_("Taking the first sample…"))

    def _name_of(self) -> Callable[[str], str]:
        """An app's name from its id, in the language shown (app_namer)."""
        return app_namer(language(), self.controller.plan.app if self.controller.plan else self.app_id)

    def _sampled(self, new: list[WatchPoint]) -> None:
        def figures() -> str:
            return round_figures(new, self._name_of(), _, "; ")
        when = datetime.fromtimestamp(new[0].at).strftime("%H:%M") if new else ""
        self._say(N_("Last sample, {when}: {figures}"), when=when, figures=figures)
        self._draw()

    def _ended(self, how: str) -> None:
        self.start_button.setEnabled(True)
        if how == "stopped":
            self._say(N_("Stopped. The samples are kept."))
        elif how == "done":
            self._say(N_("The watch is over. The samples are kept."))
        elif how != "paused":
            self._say(how)
        self._draw()
