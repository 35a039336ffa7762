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
    store.close()


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

    def full(self, points):
        raise history.HistoryError("could not keep the watch's samples: database or disk is full")
    monkeypatch.setattr(history.History, "add_points", full)
    assert main(["watch", "--catalog", str(path), "--hours", "1", "--every", "30", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert err.count("disk is full") == 1 and "Not enough yet: 4 samples" in out  # 2 kept + 2 in memory


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
