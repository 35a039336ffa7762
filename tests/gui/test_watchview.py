"""Watching the line to China from the app: start, a real sample on loopback, stop at once
(the sleep between rounds is cut short), the samples there again when the window reopens, the
watch going on after the app is closed and opened again with its gap marked, the window in
another language, the notification when a good hour begins, and rounds taken with no network
on this computer shown apart."""

import dataclasses
from datetime import datetime

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.records import history
from callpath.core.records.watched import Plan, Point
from callpath.core.watch import sampling, schedule
from callpath.core.watch.hours import Suggestion
from callpath.core.watch.report import to_json
from callpath.gui.qt import QSettings, Qt
from callpath.gui.watching import WatchController, good_hour_begins
from callpath.gui.watchview import WatchDialog
from callpath.gui.window import MainWindow


@pytest.fixture
def quick_samples(net, monkeypatch):
    real = sampling.sample
    monkeypatch.setattr(sampling, "sample", lambda cat, service, clock: real(
        cat, service, clock, sample_s=0.5, nameservers=net.nameservers, dns_port=net.dns_port))


def settings(tmp_path):
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


def test_a_watch_from_the_app_samples_stops_and_keeps(qtbot, net, quick_samples, tmp_path):
    controller = WatchController(net.catalog, settings(tmp_path), tray_available=False)
    dialog = WatchDialog(controller, "teams")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Not enough yet: 0 samples" in dialog.answer.text() and not dialog.notify.isVisible()
    dialog.every.setValue(30)
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    assert dialog.start_button.text() == "Stop watching" and not dialog.hours.isEnabled()
    qtbot.waitUntil(lambda: len(controller.points) == 2, timeout=15000)
    assert "Last sample" in dialog.status.text() and "China:" in dialog.status.text()
    assert dialog.chart.hours and "Not enough yet: 1 sample over 1 hour" in dialog.answer.text()
    dialog.close()  # the watch goes on without its window
    assert controller.running
    dialog.toggle()  # stop: the half-hour sleep ends at once
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.status.text(), timeout=2000)
    assert controller.plan.ended is not None and history.History.open_default().plan().ended is not None
    again = WatchDialog(WatchController(net.catalog, settings(tmp_path), tray_available=False), "teams")
    qtbot.addWidget(again)
    assert len(again.controller.points) == 2 and "1 sample over" in again.answer.text()
    assert not again.missed.isVisible()  # no gap: it was stopped, not cut short


def test_a_watch_cut_short_by_closing_the_app_goes_on_when_it_opens(qtbot, net, quick_samples):
    window = MainWindow(net.catalog)
    qtbot.addWidget(window)
    window.show()
    window.show_watch()
    dialog = window.watch_window
    dialog.every.setValue(20)
    dialog.toggle()
    # Every app, the Ask page's first choice: China's way and each app's servers.
    qtbot.waitUntil(lambda: len(window.watching().points) == 3, timeout=15000)
    window.close()  # quitting pauses the watch: it is not over
    assert not window.watching().running
    kept = history.History.open_default().plan()
    assert kept.ended is None and kept.origin == "app" and kept.unfinished(schedule.Clock().now())
    assert kept.orphaned(schedule.Clock().now())  # marked to go on as soon as the app opens again
    store = history.History.open_default()  # as if the app had been closed for an hour
    store.set_plan(Plan(kept.started - 3600, kept.until, kept.every_min, kept.app, "app",
                        kept.beat - 3600))
    store._db.execute("UPDATE watch SET at = at - 3600")
    store.close()

    opened = MainWindow(net.catalog)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.watch_window is not None and opened.watch_window.isVisible(), timeout=5000)
    view = opened.watch_window
    assert opened.watching().running and opened.watching().resumed
    assert "goes on where it stopped, until" in view.status.text()
    qtbot.waitUntil(lambda: len(opened.watching().points) == 6, timeout=15000)
    assert opened.watching().plan.app == "all"
    assert "No samples from" in view.missed.text() and view.missed.isVisible()
    assert view.chart.gap_hours  # the hour missed is hatched
    opened.set_language("zh_TW")  # the open window follows the language
    assert view.windowTitle() == "觀察通往中國的線路" and "品質" in view.status.text()
    assert "期間沒有測量" in view.missed.text()
    opened.set_language("en")
    view.toggle()
    qtbot.waitUntil(lambda: not opened.watching().running, timeout=5000)
    opened.close()
    assert not MainWindow(net.catalog).watching().resume()  # stopped by the user: over


def test_a_watch_cut_by_a_restart_goes_on_once_two_intervals_pass(net, quick_samples, tmp_path, qtbot):
    """The computer restarted mid-watch: its last round looks recent, so the app, opened soon
    after, waits; its minute timer resumes the watch once two intervals have passed."""
    now = schedule.Clock().now()
    store = history.History.open_default()
    store.set_plan(Plan(now - 3600, now + 7200, 1, "teams", "app", now - 60))
    store.close()
    controller = WatchController(net.catalog, settings(tmp_path), tray_available=False)
    assert not controller.resume()
    store = history.History.open_default()
    store.set_plan(Plan(now - 3600, now + 7200, 1, "teams", "app", now - 200))  # time passed
    store.close()
    controller._tick()
    assert controller.running and controller.resumed
    qtbot.waitUntil(lambda: len(controller.points) >= 2, timeout=15000)
    controller.stop()
    assert history.History.open_default().plan().ended is not None


def test_a_terminal_watch_or_one_still_running_is_not_resumed_by_the_app(net, tmp_path):
    now = schedule.Clock().now()
    store = history.History.open_default()
    for origin, beat in (("terminal", now - 3600), ("app", now - 30)):
        store.set_plan(Plan(now - 7200, now + 7200, 10, "teams", origin, beat))
        assert not WatchController(net.catalog, settings(tmp_path), tray_available=False).resume()
    store.close()


# Qt's offscreen platform has no tray and says so when one is made; the tray is still usable.
@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_good_hour_is_told_once_a_day_when_asked(qtbot, net, tmp_path):
    s = Suggestion(True, 100, 24, (7, 10), (19, 22), 4.3, 2.1)
    morning = datetime(2026, 12, 2, 7, 5)
    assert good_hour_begins(s, morning, "") == "2026-12-02"
    assert good_hour_begins(s, morning, "2026-12-02") is None
    assert good_hour_begins(s, morning.replace(hour=8), "") is None
    assert good_hour_begins(Suggestion(False, 3, 3), morning, "") is None
    store = settings(tmp_path)
    controller = WatchController(net.catalog, store, tray_available=True)
    assert controller.tray is not None and not controller.tray.isVisible()
    assert controller.check_good_hour(morning) is None  # not asked
    dialog = WatchDialog(controller, "teams")
    qtbot.addWidget(dialog)
    assert not dialog.notify.isHidden()
    dialog.notify.setChecked(True)
    assert controller.tray.isVisible() and store.value("watch/notify") == "true"
    assert "good hour to call China" in controller.tray.toolTip()
    clock = schedule.JumpClock(start=datetime(2026, 12, 1, 0, 0).timestamp(), offset_min=0)
    controller.points = [Point(clock.now() + h * 3600, 0, "china", 200.0, 0.0, 4.3 if 7 <= h < 10 else 3.0)
                         for h in range(24)]
    dialog._draw()
    message = controller.check_good_hour(morning)
    assert message and "until 10:00 your time" in message and store.value("watch/told") == "2026-12-02"
    assert controller.check_good_hour(morning) is None  # once a day
    controller._told, controller.location = "", lambda: "china"
    assert controller.check_good_hour(morning) is None  # from inside China no hours are suggested
    inside = WatchDialog(controller, "wechat", location="china")
    qtbot.addWidget(inside)
    assert "inside mainland China" in inside.answer.text() and "went best" in dialog.answer.text()
    assert controller.stop_action.text() == "Stop watching" and not controller.stop_action.isEnabled()
    controller.show_action.trigger()
    again = WatchController(net.catalog, store, tray_available=True)  # the app opened again
    assert again.notify and again.tray.isVisible()
    again.pause()
    dialog.notify.setChecked(False)
    assert not controller.tray.isVisible()


def test_closing_the_app_mid_sample_cancels_it_and_keeps_nothing_of_it(qtbot, dark, monkeypatch, tmp_path):
    """Against a black-holed 'internet' a sample waits its whole time; closing must not."""
    import time
    real = sampling.sample
    monkeypatch.setattr(sampling, "sample", lambda cat, service, clock: real(
        cat, service, clock, sample_s=4.0, nameservers=dark.nameservers, dns_port=dark.dns_port))
    controller = WatchController(dark.catalog, settings(tmp_path), tray_available=False)
    controller.start("teams", 1, 10)
    time.sleep(0.5)  # inside the first sample
    started = time.monotonic()
    controller.pause()
    assert time.monotonic() - started < 2.0 and not controller.running
    kept = history.History.open_default()
    assert kept.points() == [] and kept.plan().ended is None  # nothing cut kept; resumable
    kept.close()


def test_rounds_with_no_network_are_shown_apart_and_not_counted(qtbot, net, tmp_path):
    """A laptop on a train for an hour of the watch: the window says so in its own words (not
    as a gap, not as a bad hour), cross-hatches that hour, and counts none of its samples."""
    from callpath.gui import i18n
    now = schedule.Clock().now()
    start = (now - 4 * 3600) // 3600 * 3600  # on the hour, so one hour has offline rounds only
    offset = schedule.Clock().utc_offset_min()
    points = [Point(start + i * 1200, offset, g, None if 3 <= i < 6 else 180.0, None if 3 <= i < 6 else 1.0,
                    None if 3 <= i < 6 else 4.1, 3 <= i < 6)
              for i in range(10) for g in sampling.WATCHED_GROUPS]
    controller = WatchController(net.catalog, settings(tmp_path), tray_available=False)
    controller.points = points
    controller.plan = Plan(start, start + 6 * 3600, 20, "teams", "app", points[-1].at, points[-1].at)
    dialog = WatchDialog(controller, "teams")
    qtbot.addWidget(dialog)
    dialog.show()
    first, last = (datetime.fromtimestamp(start + i * 1200).strftime("%H:%M") for i in (3, 5))
    assert dialog.offline.isVisible() and dialog.offline.text() == (
        f"No network on this computer from {first} to {last}: those samples are not counted.")
    assert not dialog.missed.isVisible()  # the computer was on: no gap
    assert "Not enough yet: 7 samples over 3 hours" in dialog.answer.text()
    hour = datetime.fromtimestamp(start + 3 * 1200).hour
    assert dialog.chart.offline_hours == {hour} and hour not in dialog.chart.hours
    assert not dialog.grab().isNull()  # drawn, hatch and all
    assert "not counted" in dialog.legend.text()
    train = to_json([Point(now, offset, g, None, None, None, True) for g in sampling.WATCHED_GROUPS])
    controller.runner.sampled.emit(train)
    assert dialog.status.text().count("no network on this computer, not counted") == 1
    assert "China:" not in dialog.status.text()
    i18n.set_language("zh_CN")
    dialog.retranslate()
    assert "这台电脑没有网络" in dialog.offline.text() and "这台电脑没有网络" in dialog.status.text()
    assert "蓝色" in dialog.legend.text()


def test_a_watch_of_every_app_from_the_window(qtbot, net, quick_samples, tmp_path):
    """All the apps asked about: the window watches each app's servers, names each in a round's
    figures, and once hours have been watched says when one app's way got worse than its own
    usual while another's held (and what the watch cannot tell), in the language shown."""
    from callpath.gui import i18n
    controller = WatchController(net.catalog, settings(tmp_path), tray_available=False)
    dialog = WatchDialog(controller, "all")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.apps.isVisible()  # nothing watched yet
    dialog.every.setValue(30)
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(controller.points) == 3, timeout=15000)
    status = dialog.status.text()
    assert "Teams (free) servers:" in status and "WeChat servers:" in status
    dialog.toggle()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    assert controller.plan.app == "all" and history.History.open_default().plan().app == "all"
    # A day of it: the way to Teams' relay worse for two hours, WeChat's steady all day.
    offset = schedule.Clock().utc_offset_min()
    start = (schedule.Clock().now() - 8 * 3600) // 3600 * 3600
    controller.points = [p for h in range(8) for at in [start + h * 3600] for p in (
        Point(at, offset, "service", 40.0, 15.0 if h in (2, 3) else 0.0, 3.6 if h in (2, 3) else 4.4, app="teams"),
        Point(at, offset, "service", 230.0, 0.0, 4.1, app="wechat"))]
    dialog._draw()
    hours = f"{datetime.fromtimestamp(start + 2 * 3600).hour}:00–{datetime.fromtimestamp(start + 4 * 3600).hour}:00"
    assert dialog.apps.isVisible() and dialog.apps.text().startswith(
        f"At {hours} (your time) the way to the servers of Teams (free) got worse than its own usual, while "
        "the way to those of WeChat held: if calls on Teams (free) break up then, try WeChat.")
    i18n.set_language("zh_CN")
    dialog.retranslate()
    assert "微信" in dialog.apps.text() and "没有测" in dialog.apps.text() and "改用" in dialog.apps.text()
    i18n.set_language("en")


def test_the_main_window_watches_every_app_when_all_are_asked_about(qtbot, net, monkeypatch):
    window = MainWindow(net.catalog)
    qtbot.addWidget(window)
    window.show()
    window.show_watch()
    assert window.watch_window.app_id == "all"  # the Ask page's first choice: every app
    window.ask.app_buttons["wechat"].setChecked(True)
    window.show_watch()
    assert window.watch_window.app_id == "wechat"
    # A catalog with no voice server to watch for them: the default app's way.
    bare = dataclasses.replace(net.catalog, endpoints=tuple(e for e in net.catalog.endpoints if e.stun is None))
    monkeypatch.setattr(MainWindow, "catalog", property(lambda self: bare))
    window.ask.app_buttons["all"].setChecked(True)
    window.show_watch()
    assert window.watch_window.app_id == window.ask.default_app
    window.watch_window.close()
