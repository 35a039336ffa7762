"""Watch the line to China (core/watch.py) from the app: a window that takes a short voice
sample every few minutes while it is open (minimised is fine), draws call quality by hour of
the user's day with Beijing time beside it, and says when calls went best. Samples are kept in
the history, so closing the window and coming back later loses nothing."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

from callpath.core import history, watch
from callpath.core.builtin import checked_name
from callpath.core.explain import beijing_shift_h
from callpath.core.quality import GOOD_MOS

from .i18n import _, language
from .labels import wrapping_label
from .qt import (
    QColor,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QObject,
    QPainter,
    QPushButton,
    QRectF,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger(__name__)


class StoppableClock(watch.Clock):
    """The real clock, whose sleep ends at once (by raising Stopped) when asked to stop."""

    def __init__(self) -> None:
        self.stop = threading.Event()

    def sleep(self, seconds: float) -> None:
        if self.stop.wait(max(0.0, seconds)):
            raise watch.Stopped


class WatchRunner(QObject):
    """Runs a watch off the GUI thread. Signals: sampled(list of plain dicts), ended(str):
    the watch ended ("done", "stopped" or a one-line error)."""

    sampled = Signal(list)
    ended = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.clock = StoppableClock()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, catalog, service: str, hours: float, every_min: float) -> None:
        self.clock = StoppableClock()
        self._thread = threading.Thread(target=self._work, args=(catalog, service, hours, every_min),
                                        daemon=True, name="callpath-watch")
        self._thread.start()

    def _work(self, catalog, service: str, hours: float, every_min: float) -> None:
        clock = self.clock
        try:
            store = history.History.open_default()
        except history.HistoryError as e:
            self.ended.emit(str(e))
            return
        unsaved: list[Any] = []

        def keep(points: list[watch.Point]) -> None:
            try:
                store.add_points(points)
            except history.HistoryError:
                unsaved.extend(points)  # a full disk: shown this session, said at the end

        try:
            watch.watch(hours, every_min, lambda: watch.sample(catalog, service, clock), keep, clock,
                        lambda points: self.sampled.emit(watch.to_json(points)))
            self.ended.emit("done" if not unsaved else _("Some samples could not be kept: the disk may be full."))
        except watch.Stopped:
            self.ended.emit("stopped")
        except Exception:  # a bug must reach the user as a message, not end the thread silently
            log.exception("watch failed")
            self.ended.emit(_("The watch stopped because of a fault inside CallPath (see the log)."))
        finally:
            store.close()

    def stop(self, timeout: float = 15.0) -> None:
        self.clock.stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def _colour(mos: float | None) -> QColor:
    if mos is None:
        return QColor("#c8c8c8")
    return QColor("#2e9e5b" if mos >= 4.0 else "#d9822b" if mos >= GOOD_MOS else "#c0392b")


class HourChart(QWidget):
    """Call quality into China by hour of the user's day: a bar per hour (grey where nothing was
    sampled), Beijing time under the user's, the current hour outlined."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hours: dict[int, watch.Hour] = {}
        self.offset_min = 0
        self.now_hour: int | None = None
        self.setMinimumHeight(170)

    def set_points(self, points: list[watch.Point], offset_min: int, now_hour: int | None) -> None:
        self.hours, self.offset_min, self.now_hour = watch.by_hour(points), offset_min, now_hour
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
        to_beijing = beijing_shift_h(self.offset_min)
        for h in range(24):
            x = 4 + h * cell
            stat = self.hours.get(h)
            mos = stat.mos if stat is not None else None
            height = (bottom - top) * ((mos - 1.0) / 3.5 if mos is not None else 0.03)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_colour(mos))
            p.drawRect(QRectF(x + 2, bottom - max(height, 2.0), cell - 4, max(height, 2.0)))
            if h == self.now_hour:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(text)
                p.drawRect(QRectF(x + 1, top, cell - 2, bottom - top))
            if h % 3 == 0:
                p.setPen(text)
                p.drawText(QRectF(x - cell, bottom + 2, 3 * cell, line), int(Qt.AlignmentFlag.AlignHCenter),
                           f"{h}:00")
                p.drawText(QRectF(x - cell, bottom + 4 + line, 3 * cell, line),
                           int(Qt.AlignmentFlag.AlignHCenter), f"{(h + to_beijing) % 24}:00")
        p.end()


class WatchDialog(QDialog):
    def __init__(self, catalog, service: str, parent=None):
        super().__init__(parent)
        self.catalog, self.service = catalog, service
        self.setWindowTitle(_("Watch the line to China"))
        self.resize(700, 520)
        layout = QVBoxLayout(self)
        self.intro = wrapping_label(_(
            "CallPath takes a short voice sample every few minutes while this window is open "
            "(minimised is fine) and shows which hours of your day calls to China go best. Every "
            "sample is kept: you can close this window and come back later."))
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.hours = QDoubleSpinBox()
        self.hours.setRange(1, 168)
        self.hours.setDecimals(1)
        self.hours.setValue(24)
        self.every = QDoubleSpinBox()
        self.every.setRange(1, 60)
        self.every.setDecimals(1)
        self.every.setValue(10)
        form.addRow(_("Watch for (hours):"), self.hours)
        form.addRow(_("A sample every (minutes):"), self.every)
        layout.addLayout(form)
        self.chart = HourChart()
        layout.addWidget(self.chart)
        self.legend = wrapping_label(_("Bars: call quality into China by hour; upper numbers your time, "
                                       "lower numbers Beijing time; the outlined hour is now."))
        layout.addWidget(self.legend)
        self.status = wrapping_label()
        self.answer = wrapping_label()
        layout.addWidget(self.status)
        layout.addWidget(self.answer)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(_("Start watching"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.toggle)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.runner = WatchRunner(self)
        self.runner.sampled.connect(self._sampled)
        self.runner.ended.connect(self._ended)
        self.points: list[watch.Point] = []
        self._load()

    def _load(self) -> None:
        """What earlier watches kept (two weeks)."""
        try:
            store = history.History.open_default()
        except history.HistoryError as e:
            self.status.setText(str(e))
            return
        try:
            self.points = store.points(watch.Clock().now() - history.WATCH_RETENTION_S)
        finally:
            store.close()
        self._draw()

    def _draw(self) -> None:
        clock = watch.Clock()
        offset = clock.utc_offset_min()
        self.chart.set_points(self.points, offset, datetime.now().hour)
        self.answer.setText(watch.words(watch.suggestion(self.points), offset, language()))

    def toggle(self) -> None:
        if self.runner.running:
            self.start_button.setEnabled(False)
            self.status.setText(_("Stopping after this sample…"))
            self.runner.stop()
            return
        self.runner.start(self.catalog, self.service, self.hours.value(), self.every.value())
        self.start_button.setText(_("Stop watching"))
        self.status.setText(_("Taking the first sample…"))

    def _sampled(self, points: list[dict]) -> None:
        new = [watch.Point(**p) for p in points]
        self.points += new
        name = checked_name(self.service, language())
        parts = [f"{_(watch.PART_NAMES[p.group]).format(service=name)}: {watch.figures(p, _)}" for p in new]
        when = datetime.fromtimestamp(new[0].at).strftime("%H:%M") if new else ""
        self.status.setText(_("Last sample, {when}: {figures}").format(when=when, figures="; ".join(parts)))
        self._draw()

    def _ended(self, how: str) -> None:
        self.start_button.setEnabled(True)
        self.start_button.setText(_("Start watching"))
        if how == "stopped":
            self.status.setText(_("Stopped. The samples are kept."))
        elif how == "done":
            self.status.setText(_("The watch is over. The samples are kept."))
        else:
            self.status.setText(how)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.runner.running:
            self.runner.stop()  # the samples taken are kept; the thread ends before the window
        super().closeEvent(event)
