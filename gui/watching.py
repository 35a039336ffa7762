"""The app's one watch of the line to China (core/watch/): run off the GUI thread, its plan
kept in the history so that it goes on when CallPath opens again after being closed or the
computer restarting, a tray icon while it runs (where the desktop has a tray), and, if asked,
a notification when a good hour to call begins. The watch window (watchview.py) only shows it."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from callpath.core.api import (
    WATCH_KEPT_S,
    Budget,
    History,
    HistoryError,
    Suggestion,
    WatchClock,
    WatchPlan,
    WatchPoint,
    WatchStopped,
    app_namer,
    beijing_clock,
    carry_out_watch,
    offline_spans,
    part_figures,
    suggestion,
    watch_apps,
    watch_gaps,
    watch_points_json,
    watch_sample,
)
from callpath.gui.i18n import _, language
from callpath.gui.qt import QAction, QApplication, QMenu, QObject, QSystemTrayIcon, QTimer, Signal

log = logging.getLogger(__name__)


class StoppableClock(WatchClock):
    """The real clock, whose sleep ends at once (by raising Stopped) when asked to stop, and
    whose sample in progress is cancelled then (so closing the app does not wait for it)."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._budget: Budget | None = None

    def sleep(self, seconds: float) -> None:
        if self.stop.wait(max(0.0, seconds)):
            raise WatchStopped

    def budget(self, seconds: float) -> Budget:
        with self._lock:
            self._budget = Budget(seconds)
            if self.stop.is_set():
                self._budget.cancel()
            return self._budget

    def halt(self) -> None:
        with self._lock:
            self.stop.set()
            if self._budget is not None:
                self._budget.cancel()


class WatchRunner(QObject):
    """Runs one watch's plan off the GUI thread. Signals: sampled(list of plain dicts),
    ended(str): "done", "stopped", "paused" (the app is closing) or a one-line error."""

    sampled = Signal(list)
    ended = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.clock = StoppableClock()
        self._thread: threading.Thread | None = None
        self._pausing = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, catalog, plan: WatchPlan, fresh: bool) -> None:
        """Run ``plan``: a new one (kept first) or one cut short (resumed where it is)."""
        self.clock, self._pausing = StoppableClock(), False
        self._thread = threading.Thread(target=self._work, args=(catalog, plan, fresh), daemon=True,
                                        name="callpath-watch")
        self._thread.start()

    def _work(self, catalog, plan: WatchPlan, fresh: bool) -> None:
        clock = self.clock
        try:
            store = History.open_default()
        except HistoryError as e:
            self.ended.emit(str(e))
            return
        unkept: list[Any] = []
        try:
            if fresh:
                try:
                    store.set_plan(plan)
                except HistoryError:
                    pass  # a full disk: the watch runs, it just cannot be resumed after a restart
            carry_out_watch(plan, store, lambda: watch_sample(catalog, plan.app, clock), clock,
                            lambda points: self.sampled.emit(watch_points_json(points)),
                            lambda points, _e: unkept.extend(points), lambda: self._pausing)
            self.ended.emit("done" if not unkept else _("Some samples could not be kept: the disk may be full."))
        except WatchStopped:
            self.ended.emit("paused" if self._pausing else "stopped")
        except Exception:  # a bug must reach the user as a message, not end the thread silently
            log.exception("watch failed")
            self.ended.emit(_("The watch stopped because of a fault inside CallPath (see the log)."))
        finally:
            store.close()

    def stop(self, pausing: bool = False, timeout: float = 15.0) -> None:
        """Stop after the sample being taken: for good, or ``pausing`` (the app is closing: the
        plan stays unfinished, to be resumed when the app opens again)."""
        self._pausing = pausing
        self.clock.halt()
        if self._thread is not None:
            self._thread.join(timeout)


def good_hour_begins(s: Suggestion, now: datetime, told: str) -> str | None:
    """When a good window to call begins at ``now`` (the user's local time) and nobody was told
    yet today (``told``: the date last told), the date to note as told; else None."""
    if s.best is None or now.hour != s.best[0] or now.minute >= 30 or told == now.date().isoformat():
        return None
    return now.date().isoformat()


class WatchController(QObject):
    """Signals: sampled(list of WatchPoint), ended(str) (as WatchRunner's), show_requested()
    (the tray's "Show" or a click on it), changed() (started, resumed or ended)."""

    sampled = Signal(list)
    ended = Signal(str)
    show_requested = Signal()
    changed = Signal()

    def __init__(self, catalog, settings, parent=None, tray_available: bool | None = None,
                 location: Callable[[], str] = lambda: "abroad"):
        super().__init__(parent)
        self.catalog, self.settings = catalog, settings
        self.location = location  # where the user says they are, asked when it matters
        self.runner = WatchRunner(self)
        self.runner.sampled.connect(self._sampled)
        self.runner.ended.connect(self._ended)
        self.plan: WatchPlan | None = None
        self.points: list[WatchPoint] = []
        self.note = ""  # what to say of the watch besides its samples (a load or resume problem)
        self.resumed = False
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        if tray_available:
            self._build_tray()
        self.notify = str(settings.value("watch/notify", "false")).lower() == "true"
        self._told = str(settings.value("watch/told", ""))
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.load()
        self._update_tray()  # shown from the start when the notification was asked for

    # --- the samples and the plan -------------------------------------------------------------------

    def load(self, points: bool = True) -> None:
        """The last watch's plan, and what earlier watches kept (two weeks) unless ``points``
        is False (the minute's check for a watch to resume needs the plan alone)."""
        try:
            store = History.open_default()
        except HistoryError as e:
            self.note = str(e)
            return
        try:
            if points:
                self.points = store.points(WatchClock().now() - WATCH_KEPT_S)
            self.plan = store.plan()
        finally:
            store.close()

    @property
    def running(self) -> bool:
        return self.runner.running

    def gaps(self) -> list[tuple[float, float]]:
        if self.plan is None:
            return []
        return watch_gaps(self.points, self.plan, WatchClock().now())

    def offline(self) -> list[tuple[float, float]]:
        """The last watch's stretches with no network on this computer (offline_spans)."""
        if self.plan is None:
            return []
        return offline_spans(self.points, self.plan, WatchClock().now())

    def start(self, app_id: str, hours: float, every_min: float) -> None:
        now = WatchClock().now()
        self.plan = WatchPlan(now, now + hours * 3600, every_min, app_id, "app", now)
        self.resumed = False
        self.runner.start(self.catalog, self.plan, fresh=True)
        self._update_tray()
        self.changed.emit()

    def resume(self) -> bool:
        """Go on with the app's own watch if it was cut short (the app closed, the computer
        restarted) and still has time to run. True if it goes on. Asked at start and every
        minute after: a watch cut by a restart looks alive until two intervals pass."""
        if self.running:
            return False
        self.load(points=False)
        plan, now = self.plan, WatchClock().now()
        if (plan is None or plan.origin != "app" or not plan.orphaned(now)
                or not watch_apps(self.catalog, plan.app)):
            return False
        self.resumed = True
        self.runner.start(self.catalog, plan, fresh=False)
        self._update_tray()
        self.changed.emit()
        return True

    def _tick(self) -> None:
        self.check_good_hour()
        self.resume()

    def stop(self) -> None:
        """The user stops the watch: it is over, and is not resumed."""
        self.runner.stop()

    def pause(self) -> None:
        """The app is closing: the watch stops now and goes on when the app opens again."""
        if self.running:
            self.runner.stop(pausing=True)
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def _sampled(self, points: list[dict]) -> None:
        new = [WatchPoint(**p) for p in points]
        self.points += new
        if self.plan is not None and new:
            self.plan = dataclasses.replace(self.plan, beat=new[0].at)
        self._update_tray(new)
        self.sampled.emit(new)

    def _ended(self, how: str) -> None:
        if self.plan is not None and how in ("done", "stopped"):
            self.plan = dataclasses.replace(self.plan, ended=WatchClock().now())
        self._update_tray()
        self.ended.emit(how)
        self.changed.emit()

    # --- the tray and the good hour -----------------------------------------------------------------

    def _build_tray(self) -> None:
        app = QApplication.instance()
        icon = app.windowIcon() if isinstance(app, QApplication) else None
        self.tray = QSystemTrayIcon(self)
        if icon is not None:
            self.tray.setIcon(icon)
        menu = QMenu()
        self.show_action = QAction(menu)
        self.show_action.triggered.connect(self.show_requested)
        self.stop_action = QAction(menu)
        self.stop_action.triggered.connect(self.stop)
        menu.addAction(self.show_action)
        menu.addAction(self.stop_action)
        self._menu = menu  # a tray menu has no Qt parent: kept alive here
        self.tray.setContextMenu(menu)
        self.tray.activated.connect(lambda reason: self.show_requested.emit()
                                    if reason == QSystemTrayIcon.ActivationReason.Trigger else None)

    def set_notify(self, on: bool) -> None:
        self.notify = on
        self.settings.setValue("watch/notify", "true" if on else "false")
        self._update_tray()

    def tray_text(self, new: list[WatchPoint] | None = None) -> str:
        if not self.running:
            return _("CallPath: tells you when a good hour to call China begins")
        text = _("CallPath is watching the line to China.")
        china = [p for p in new or [] if p.group == "china"]
        if china:
            text += "\n" + _("Last sample, {when}: {figures}").format(
                when=datetime.fromtimestamp(china[0].at).strftime("%H:%M"),
                figures=part_figures(china[0], app_namer(language(), self.plan.app if self.plan else ""), _))
        return text

    def _update_tray(self, new: list[WatchPoint] | None = None) -> None:
        if self.tray is None:
            return
        self.show_action.setText(_("Show the watch"))
        self.stop_action.setText(_("Stop watching"))
        self.stop_action.setEnabled(self.running)
        self.tray.setToolTip(self.tray_text(new))
        self.tray.setVisible(self.running or self.notify)

    def check_good_hour(self, now: datetime | None = None) -> str | None:
        """Tell the user when a good hour to call begins (if asked, once a day); the message."""
        if not self.notify or self.tray is None or self.location() == "china":
            return None  # from inside China the watch suggests no hours (core/watch/words.py)
        now = now or datetime.now()
        s = suggestion(self.points)
        told = good_hour_begins(s, now, self._told)
        if told is None or s.best is None:
            return None
        self._told = told
        self.settings.setValue("watch/told", told)
        beijing = beijing_clock(s.best[1], WatchClock().utc_offset_min())
        message = _("A good time to call China begins now: until {end}:00 your time ({beijing} in "
                    "Beijing).").format(end=s.best[1], beijing=beijing)
        self.tray.showMessage(_("CallPath"), message, QSystemTrayIcon.MessageIcon.Information, 30_000)
        return message
