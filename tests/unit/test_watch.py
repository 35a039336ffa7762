"""A watch of the line to China: days of samples in accelerated time (the clock is the one
injectable place), the best and worst hours found, samples kept across restarts, a real
sample on loopback, and the command's bad input."""

import json
import math

import pytest

from callpath.core import history, watch
from callpath.core.cli import main

FastClock = watch.JumpClock


def beijing_hour(at: float) -> float:
    return ((at / 3600) + 8) % 24


def daily_pattern(clock: FastClock):
    """China's evening (19-23 Beijing time) congested, its morning clear; the relay always fine."""
    def take():
        hour = beijing_hour(clock.now())
        congested = 19 <= hour < 23
        mos = 2.2 if congested else 4.2 - 0.3 * abs(math.sin(hour))  # a little noise by hour
        return [watch.Point(clock.now(), clock.offset, "china", 260.0 if congested else 180.0,
                            20.0 if congested else 1.0, mos),
                watch.Point(clock.now(), clock.offset, "service", 30.0, 0.0, 4.4)]
    return take


def test_two_days_in_seconds_find_the_good_and_bad_windows(tmp_path):
    clock = FastClock(offset_min=60)  # the user in Berlin in winter: Beijing is 7 hours ahead
    store = history.History(tmp_path / "h.sqlite3")
    rounds = watch.watch(48, 20, daily_pattern(clock), store.add_points, clock)
    assert rounds == 48 * 3 and clock.slept == pytest.approx(48 * 3600 - 20 * 60)
    s = watch.suggestion(store.points())
    assert s.enough and s.samples == rounds and s.hours == 24
    # Beijing 19-23 is 12-16 in Berlin: the worst window sits inside it; the best is outside it
    assert 12 <= s.worst[0] <= 13
    assert not (11 <= s.best[0] <= 16)
    text = watch.words(s, 60)
    assert f"{s.worst[0]}:00–{s.worst[1]}:00" in text and "Beijing time" in text and str(rounds) in text
    assert not s.local_too and "your side" not in text  # the relay nearby was fine all day
    store.close()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_from_inside_china_no_hours_are_suggested(fmt):
    """Inside China, China's resolvers are next door: the samples time the wrong way, and a
    confident window would be a guess. Every format says so instead."""
    from callpath.core import watch_render
    clock = FastClock(offset_min=480)
    points = []
    watch.watch(24, 30, daily_pattern(clock), points.extend, clock)
    out = watch_render.render(points, fmt, 480, "en", location="china")
    if fmt == "json":
        assert json.loads(out)["location"] == "china"
    else:
        assert "You are inside mainland China" in out and "went best" not in out
    assert "went best" in watch_render.render(points, fmt if fmt != "json" else "text", 480, "en")


def test_the_command_takes_where_the_user_is(capsys, monkeypatch):
    clock = FastClock(offset_min=480)
    monkeypatch.setattr(watch, "Clock", lambda: clock)
    store = history.History.open_default()
    points = []
    watch.watch(24, 30, daily_pattern(clock), points.extend, clock)
    store.add_points(points)
    store.close()
    assert main(["watch", "--show", "--location", "china", "--lang", "zh_CN"]) == 0
    assert "您在中国大陆境内" in capsys.readouterr().out
    assert main(["watch", "--show", "--location", "abroad", "--lang", "en"]) == 0
    assert "went best" in capsys.readouterr().out


def test_an_evening_slump_on_this_side_too_is_said(tmp_path):
    """The home network busy in the same hours as the way into China: the nearby servers slow
    down too, and the words say the trouble may be this side's then."""
    clock = FastClock(offset_min=60)
    china = daily_pattern(clock)

    def take():
        points = china()
        busy = points[0].mos < 3
        return [points[0], watch.Point(clock.now(), clock.offset, "service", 120.0 if busy else 30.0,
                                       8.0 if busy else 0.0, 3.0 if busy else 4.4)]
    points = []
    watch.watch(24, 30, take, points.extend, clock)
    s = watch.suggestion(iter(points))  # any iterable, read more than once
    assert s.local_too and "may be on your side then" in watch.words(s, 60)
    assert not watch.suggestion(p for p in points if p.group == "china").local_too  # nothing nearby to say


def test_the_samples_survive_a_restart_and_gaps_are_just_missing_hours(tmp_path):
    clock = FastClock(offset_min=0)
    start = clock.t
    first = history.History(tmp_path / "h.sqlite3")
    watch.watch(3, 30, daily_pattern(clock), first.add_points, clock)
    first.close()
    clock.t = start + 8 * 3600  # the computer slept; the watch started again later
    again = history.History(tmp_path / "h.sqlite3")
    watch.watch(3, 30, daily_pattern(clock), again.add_points, clock)
    hours = watch.by_hour(again.points())
    assert len(again.points()) == 2 * 2 * 6
    missing = set(range(24)) - set(hours)
    assert len(missing) == 24 - 6 and watch.suggestion(again.points()).hours == 6
    again.close()


def test_too_few_hours_say_so_and_a_flat_day_prefers_no_time():
    clock = FastClock()
    few = [watch.Point(clock.t + i * 3600, 0, "china", 100.0, 0.0, 4.0) for i in range(3)]
    s = watch.suggestion(few)
    assert not s.enough and "Not enough yet: 3 samples over 3 hours" in watch.words(s, 0)
    flat = [watch.Point(clock.t + i * 3600, 0, "china", 100.0, 0.0, 4.0) for i in range(24)]
    s = watch.suggestion(flat)
    assert s.enough and s.best is None and "no time of day is better" in watch.words(s, 0)


def test_a_silent_sample_counts_as_the_worst_hour():
    t = 1_780_000_000.0 - (1_780_000_000.0 % 86400)  # midnight UTC
    points = [watch.Point(t + h * 3600, 0, "china", 100.0, 0.0, 4.2) for h in range(24)]
    points[10] = watch.Point(t + 10 * 3600, 0, "china", None, None, None)
    hours = watch.by_hour(points)
    assert hours[10].mos == 1.0 and hours[10].loss_pct == 100.0 and hours[10].rtt_ms is None
    assert 8 <= watch.suggestion(points).worst[0] <= 10


def test_the_summary_speaks_chinese_with_the_hours_of_the_users_day():
    clock = FastClock(offset_min=480)
    points = []
    for _ in range(24):
        points += daily_pattern(clock)()
        clock.t += 3600
    text = watch.summary(points, 480, "zh_CN")
    assert "00:00" in text and "23:00" in text and "█" in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.splitlines()[-1])


def test_a_real_sample_on_loopback(net):
    points = watch.sample(net.catalog, "teams", watch.Clock(), sample_s=1.0,
                          nameservers=net.nameservers, dns_port=net.dns_port)
    by_group = {p.group: p for p in points}
    assert set(by_group) == {"china", "service"}
    assert all(p.mos is not None and p.mos > 4 and p.loss_pct == 0 for p in points)


def test_the_command_watches_shows_and_keeps_going_when_the_disk_is_full(capsys, net, tmp_path, monkeypatch):
    from callpath.core import catalog as catalog_mod
    path = tmp_path / "cat.json"
    path.write_text(catalog_mod.dump(net.catalog), "utf-8")
    clock = FastClock(offset_min=60)
    monkeypatch.setattr(watch, "Clock", lambda: clock)
    real_sample = watch.sample
    monkeypatch.setattr(watch, "sample", lambda cat, service, clk: real_sample(
        cat, service, clk, sample_s=0.5, nameservers=net.nameservers, dns_port=net.dns_port))
    assert main(["watch", "--catalog", str(path), "--hours", "1", "--every", "30", "--lang", "en"]) == 0
    out, _ = capsys.readouterr()
    assert "Watching the line to China for 1 hours" in out and out.count("China: ") == 2
    assert "Not enough yet: 2 samples" in out
    # The kept samples are there for --show, without sampling again.
    assert main(["watch", "--show", "--lang", "en"]) == 0
    assert "Not enough yet: 2 samples" in capsys.readouterr().out

    def full(self, points, plan_started=None):
        raise history.HistoryError("could not keep the watch's samples: database or disk is full")
    monkeypatch.setattr(history.History, "add_points", full)
    assert main(["watch", "--catalog", str(path), "--hours", "1", "--every", "30", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert err.count("disk is full") == 1 and "Not enough yet: 4 samples" in out  # 2 kept + 2 in memory


class SleepyClock(FastClock):
    """The computer sleeps for three hours during the second wait of the watch."""
    def sleep(self, seconds):
        super().sleep(seconds + (3 * 3600 if self.slept == 600 else 0))


def test_a_watch_cut_by_sleep_skips_the_missed_rounds_and_marks_the_gap(tmp_path):
    clock = SleepyClock(offset_min=0)
    store = history.History(tmp_path / "h.sqlite3")
    plan = watch.Plan(clock.t, clock.t + 5 * 3600, 10, "teams", "app", clock.t)
    store.set_plan(plan)
    rounds = watch.carry_out(plan, store, daily_pattern(clock), clock)
    times = [p.at - plan.started for p in store.points() if p.group == "china"]
    # Two rounds, three hours asleep, then on the schedule again: no burst of the 18 missed.
    assert times[:3] == [0, 600, 1200 + 3 * 3600] and rounds == len(times) == 2 + 10
    assert all(b - a == 600 for a, b in zip(times[2:], times[3:], strict=False))
    kept = store.plan()
    assert kept.started == plan.started and kept.ended == clock.t and not kept.unfinished(clock.t)
    assert kept.beat == plan.started + times[-1]
    spans = watch.gaps(store.points(), kept, clock.t)
    assert spans == [(plan.started + 600, plan.started + 1200 + 3 * 3600)]  # 20:10 to 23:20 UTC
    assert watch.gap_hours(spans, 0) == {20, 21, 22, 23}
    assert watch.gap_hours(spans, -30) == {19, 20, 21, 22}  # a half-hour zone
    assert watch.gap_words(spans, 0) == ("No samples from 20:10 to 23:20: the computer was asleep "
                                          "or CallPath was closed.")
    assert "20:10" in watch.gap_words(spans, 0, "zh_CN") and "。" in watch.gap_words(spans, 0, "zh_CN")
    day = 86400.0
    assert watch.gap_words([(plan.started, plan.started + day)], 0).count("-") == 4  # dates
    assert watch.gap_hours([(plan.started, plan.started + 2 * day)], 0) == set(range(24))
    store.close()


def test_a_watch_stopped_by_the_user_ends_and_one_paused_by_closing_can_resume(tmp_path):
    clock = FastClock(offset_min=0)
    store = history.History(tmp_path / "h.sqlite3")
    assert store.plan() is None
    take = daily_pattern(clock)

    def stop_after_two():
        if len(store.points()) >= 4:
            raise watch.Stopped
        return take()

    for pausing, ended in ((True, False), (False, True)):
        plan = watch.Plan(clock.t, clock.t + 3600, 10, "teams", "app", clock.t)
        store.set_plan(plan)
        with pytest.raises(watch.Stopped):
            watch.carry_out(plan, store, stop_after_two, clock, pausing=lambda p=pausing: p)
        kept = store.plan()
        assert (kept.ended is not None) == ended and kept.unfinished(clock.t) != ended
        # paused by a closing app: to go on as soon as the app opens, not two intervals later
        assert kept.orphaned(clock.t) == (not ended) and (kept.beat == 0) == (not ended)
        assert kept.orphaned(clock.t + 21 * 60 + 63 + 1) != ended
        store._db.execute("DELETE FROM watch")
    assert watch.Plan(0, 3600, 10, "teams", "app", 0).hours_left(1800) == 0.5
    store._db.execute("UPDATE watch_plan SET every_min = 'often'")
    assert store.plan() is None  # unreadable: no plan, not a crash
    store.close()


def test_the_command_resumes_a_watch_cut_short(capsys, net, tmp_path, monkeypatch):
    from callpath.core import catalog as catalog_mod
    path = tmp_path / "cat.json"
    path.write_text(catalog_mod.dump(net.catalog), "utf-8")
    clock = FastClock(offset_min=60)
    monkeypatch.setattr(watch, "Clock", lambda: clock)
    monkeypatch.setattr(watch, "sample", daily_pattern_sample(clock))
    assert main(["watch", "--resume", "--lang", "en"]) == 2
    assert "no unfinished watch to resume" in capsys.readouterr().err
    store = history.History.open_default()
    t0 = clock.t
    store.set_plan(watch.Plan(t0 - 3600, t0 + 3600, 10, "teams", "terminal", t0 - 60))
    assert main(["watch", "--resume", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    from datetime import datetime
    last, free = (datetime.fromtimestamp(t).strftime("%H:%M") for t in (t0 - 60, t0 - 60 + 2 * 600 + 63))
    assert f"still running (its last sample was at {last})" in err and f"resumed from {free}" in err
    clock.t += 1800  # the terminal was closed half an hour ago; half an hour is left
    assert main(["watch", "--resume", "--catalog", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "for 0.5 hours, a sample every 10 minutes" in out and out.count("China: ") == 3
    assert store.plan().ended is not None
    assert "No samples from 20:00 to 21:30" in out  # the hour and a half it was cut short (UTC+1)
    assert main(["watch", "--show", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["gaps"] == [[t0 - 3600, t0 + 1800]]
    store.set_plan(watch.Plan(clock.t - 3600, clock.t + 3600, 10, "icq", "terminal", clock.t - 3600))
    assert main(["watch", "--resume", "--catalog", str(path), "--lang", "en"]) == 2
    assert "app 'icq', which this catalog does not have" in capsys.readouterr().err
    store.close()


def daily_pattern_sample(clock):
    take = daily_pattern(clock)
    return lambda cat, service, clk: take()


@pytest.mark.parametrize("argv,message", [
    (["--hours", "0"], "between 0.01 and 168 hours"),
    (["--hours", "1000"], "between 0.01 and 168 hours"),
    (["--every", "0.1"], "between 0.5 and 240 minutes"),
    (["--every", "soon"], "not a number of minutes"),
    (["--service", "icq"], "unknown app 'icq'"),
])
def test_bad_values_are_one_line_and_exit_2(capsys, argv, message):
    assert main(["watch", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("fmt,marker", [("markdown", "| 18:00 | 19:00 |"), ("html", "<svg"), ("json", '"schema"')])
def test_a_watch_report_in_every_format(fmt, marker):
    from callpath.core import watch_render
    clock = FastClock(offset_min=420)  # 7 hours ahead of UTC: Beijing is one hour ahead
    points = []
    watch.watch(24, 30, daily_pattern(clock), points.extend, clock)
    out = watch_render.render(points, fmt, 420, "en")
    assert marker in out  # the user's hour beside Beijing's (one hour ahead of this user)
    if fmt == "json":
        data = json.loads(out)
        assert data["suggestion"]["enough"] and len(data["points"]) == 96
    else:
        assert "went best at" in out


def test_a_history_from_a_newer_version_is_moved_aside_and_a_watch_still_keeps(tmp_path):
    import sqlite3
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    store = history.History(path)
    assert "newer CallPath" in store.notice and list(tmp_path.glob("h.*.bad.sqlite3"))  # kept, not lost
    clock = FastClock()
    store.add_points(daily_pattern(clock)())
    assert len(store.points()) == 2
    store.close()
