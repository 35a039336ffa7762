"""A watch of the line to China: days of samples in accelerated time (the clock is the one
injectable place), the best and worst hours found, samples kept across restarts, a real
sample on loopback, the command's bad input, and rounds taken while this computer had no
network (read from rounds recorded in the lab, kept apart, never counted)."""

import dataclasses
import json
import math
from pathlib import Path

import pytest

from callpath.core.base.measurement import from_json
from callpath.core.cli.main import main
from callpath.core.records import history
from callpath.core.records.watched import Plan, Point
from callpath.core.watch import sampling, schedule
from callpath.core.watch.hours import Suggestion, apps_watch, by_hour, runs, suggestion
from callpath.core.watch.report import watch_report
from callpath.core.watch.words import (
    apps_summary,
    gap_words,
    missed_words,
    offline_words,
    start_line,
    summary,
    words,
)

FastClock = schedule.JumpClock


def beijing_hour(at: float) -> float:
    return ((at / 3600) + 8) % 24


def daily_pattern(clock: FastClock):
    """China's evening (19-23 Beijing time) congested, its morning clear; the relay always fine."""
    def take():
        hour = beijing_hour(clock.now())
        congested = 19 <= hour < 23
        mos = 2.2 if congested else 4.2 - 0.3 * abs(math.sin(hour))  # a little noise by hour
        return [Point(clock.now(), clock.offset, "china", 260.0 if congested else 180.0,
                      20.0 if congested else 1.0, mos),
                Point(clock.now(), clock.offset, "service", 30.0, 0.0, 4.4)]
    return take


def test_two_days_in_seconds_find_the_good_and_bad_windows(tmp_path):
    clock = FastClock(offset_min=60)  # the user in Berlin in winter: Beijing is 7 hours ahead
    store = history.History(tmp_path / "h.sqlite3")
    rounds = schedule.watch(48, 20, daily_pattern(clock), store.add_points, clock)
    assert rounds == 48 * 3 and clock.slept == pytest.approx(48 * 3600 - 20 * 60)
    s = suggestion(store.points())
    assert s.enough and s.samples == rounds and s.hours == 24
    # Beijing 19-23 is 12-16 in Berlin: the worst window sits inside it; the best is outside it
    assert 12 <= s.worst[0] <= 13
    assert not (11 <= s.best[0] <= 16)
    text = words(s, 60)
    assert f"{s.worst[0]}:00–{s.worst[1]}:00" in text and "Beijing time" in text and str(rounds) in text
    assert not s.local_too and "your side" not in text  # the relay nearby was fine all day
    store.close()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_from_inside_china_no_hours_are_suggested(fmt):
    """Inside China, China's resolvers are next door: the samples time the wrong way, and a
    confident window would be a guess. Every format says so instead."""
    clock = FastClock(offset_min=480)
    points = []
    schedule.watch(24, 30, daily_pattern(clock), points.extend, clock)
    out = watch_report(points, fmt, 480, "en", location="china")
    if fmt == "json":
        assert json.loads(out)["location"] == "china"
    else:
        assert "You are inside mainland China" in out and "went best" not in out
    assert "went best" in watch_report(points, fmt if fmt != "json" else "text", 480, "en")


def test_the_command_takes_where_the_user_is(capsys, monkeypatch):
    clock = FastClock(offset_min=480)
    monkeypatch.setattr(schedule, "Clock", lambda: clock)
    store = history.History.open_default()
    points = []
    schedule.watch(24, 30, daily_pattern(clock), points.extend, clock)
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
        return [points[0], Point(clock.now(), clock.offset, "service", 120.0 if busy else 30.0,
                                 8.0 if busy else 0.0, 3.0 if busy else 4.4)]
    points = []
    schedule.watch(24, 30, take, points.extend, clock)
    s = suggestion(iter(points))  # any iterable, read more than once
    assert s.local_too and "may be on your side then" in words(s, 60)
    assert not suggestion(p for p in points if p.group == "china").local_too  # nothing nearby to say


def test_the_samples_survive_a_restart_and_gaps_are_just_missing_hours(tmp_path):
    clock = FastClock(offset_min=0)
    start = clock.t
    first = history.History(tmp_path / "h.sqlite3")
    schedule.watch(3, 30, daily_pattern(clock), first.add_points, clock)
    first.close()
    clock.t = start + 8 * 3600  # the computer slept; the watch started again later
    again = history.History(tmp_path / "h.sqlite3")
    schedule.watch(3, 30, daily_pattern(clock), again.add_points, clock)
    hours = by_hour(again.points())
    assert len(again.points()) == 2 * 2 * 6
    missing = set(range(24)) - set(hours)
    assert len(missing) == 24 - 6 and suggestion(again.points()).hours == 6
    again.close()


def test_too_few_hours_say_so_and_a_flat_day_prefers_no_time():
    clock = FastClock()
    few = [Point(clock.t + i * 3600, 0, "china", 100.0, 0.0, 4.0) for i in range(3)]
    s = suggestion(few)
    assert not s.enough and "Not enough yet: 3 samples over 3 hours" in words(s, 0)
    flat = [Point(clock.t + i * 3600, 0, "china", 100.0, 0.0, 4.0) for i in range(24)]
    s = suggestion(flat)
    assert s.enough and s.best is None and "no time of day is better" in words(s, 0)


def test_a_silent_sample_counts_as_the_worst_hour():
    t = 1_780_000_000.0 - (1_780_000_000.0 % 86400)  # midnight UTC
    points = [Point(t + h * 3600, 0, "china", 100.0, 0.0, 4.2) for h in range(24)]
    points[10] = Point(t + 10 * 3600, 0, "china", None, None, None)
    hours = by_hour(points)
    assert hours[10].mos == 1.0 and hours[10].loss_pct == 100.0 and hours[10].rtt_ms is None
    assert 8 <= suggestion(points).worst[0] <= 10


def test_the_summary_speaks_chinese_with_the_hours_of_the_users_day():
    clock = FastClock(offset_min=480)
    points = []
    for _ in range(24):
        points += daily_pattern(clock)()
        clock.t += 3600
    text = summary(points, 480, "zh_CN")
    assert "00:00" in text and "23:00" in text and "█" in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.splitlines()[-1])


def test_a_real_sample_on_loopback(net):
    points = sampling.sample(net.catalog, "teams", schedule.Clock(), sample_s=1.0,
                             nameservers=net.nameservers, dns_port=net.dns_port)
    by_group = {p.group: p for p in points}
    assert set(by_group) == {"china", "service"}
    assert all(p.mos is not None and p.mos > 4 and p.loss_pct == 0 for p in points)


def test_a_round_samples_at_the_watchs_own_gentle_rate(net):
    ms = sampling.measure_round(net.catalog, "teams", schedule.Clock(), sample_s=1.0,
                                nameservers=net.nameservers, dns_port=net.dns_port)
    samples = [m for m in ms if m.kind in ("stun", "dns_sample")]
    assert samples and all(m.ok for m in samples)
    assert all(abs(m.metrics["sent"] - sampling.SAMPLE_PPS) <= 1 for m in samples)  # not a diagnosis' 100


def quick_command(net, tmp_path, monkeypatch) -> tuple[Path, FastClock]:
    """The command's watch on loopback: the catalog in a file, a clock that jumps, short samples."""
    from callpath.core.engine import catalog as catalog_mod
    path = tmp_path / "cat.json"
    path.write_text(catalog_mod.dump(net.catalog), "utf-8")
    clock = FastClock(offset_min=60)
    monkeypatch.setattr(schedule, "Clock", lambda: clock)
    real_sample = sampling.sample
    monkeypatch.setattr(sampling, "sample", lambda cat, service, clk: real_sample(
        cat, service, clk, sample_s=0.5, nameservers=net.nameservers, dns_port=net.dns_port))
    return path, clock


def voiceless(catalog):
    """The catalog without a voice server to sample."""
    return dataclasses.replace(catalog, endpoints=tuple(e for e in catalog.endpoints if e.stun is None))


def test_the_command_watches_shows_and_keeps_going_when_the_disk_is_full(capsys, net, tmp_path, monkeypatch):
    path, clock = quick_command(net, tmp_path, monkeypatch)
    assert main(["watch", "--catalog", str(path), "--hours", "1", "--every", "30", "--lang", "en"]) == 0
    out, _ = capsys.readouterr()
    assert "Watching the line to China for 1 hour, a sample every 30 minutes." in out and out.count("China: ") == 2
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
    plan = Plan(clock.t, clock.t + 5 * 3600, 10, "teams", "app", clock.t)
    store.set_plan(plan)
    rounds = schedule.carry_out(plan, store, daily_pattern(clock), clock)
    times = [p.at - plan.started for p in store.points() if p.group == "china"]
    # Two rounds, three hours asleep, then on the schedule again: no burst of the 18 missed.
    assert times[:3] == [0, 600, 1200 + 3 * 3600] and rounds == len(times) == 2 + 10
    assert all(b - a == 600 for a, b in zip(times[2:], times[3:], strict=False))
    kept = store.plan()
    assert kept.started == plan.started and kept.ended == clock.t and not kept.unfinished(clock.t)
    assert kept.beat == plan.started + times[-1]
    spans = schedule.gaps(store.points(), kept, clock.t)
    assert spans == [(plan.started + 600, plan.started + 1200 + 3 * 3600)]  # 20:10 to 23:20 UTC
    assert schedule.gap_hours(spans, 0) == {20, 21, 22, 23}
    assert schedule.gap_hours(spans, -30) == {19, 20, 21, 22}  # a half-hour zone
    assert gap_words(spans, 0) == ("No samples from 20:10 to 23:20: the computer was asleep "
                                    "or CallPath was closed.")
    assert "20:10" in gap_words(spans, 0, "zh_CN") and "。" in gap_words(spans, 0, "zh_CN")
    day = 86400.0
    assert gap_words([(plan.started, plan.started + day)], 0).count("-") == 4  # dates
    assert schedule.gap_hours([(plan.started, plan.started + 2 * day)], 0) == set(range(24))
    store.close()


def test_a_watch_stopped_by_the_user_ends_and_one_paused_by_closing_can_resume(tmp_path):
    clock = FastClock(offset_min=0)
    store = history.History(tmp_path / "h.sqlite3")
    assert store.plan() is None
    take = daily_pattern(clock)

    def stop_after_two():
        if len(store.points()) >= 4:
            raise schedule.Stopped
        return take()

    for pausing, ended in ((True, False), (False, True)):
        plan = Plan(clock.t, clock.t + 3600, 10, "teams", "app", clock.t)
        store.set_plan(plan)
        with pytest.raises(schedule.Stopped):
            schedule.carry_out(plan, store, stop_after_two, clock, pausing=lambda p=pausing: p)
        kept = store.plan()
        assert (kept.ended is not None) == ended and kept.unfinished(clock.t) != ended
        # paused by a closing app: to go on as soon as the app opens, not two intervals later
        assert kept.orphaned(clock.t) == (not ended) and (kept.beat == 0) == (not ended)
        assert kept.orphaned(clock.t + 21 * 60 + 63 + 1) != ended
        store._db.execute("DELETE FROM watch")
    assert Plan(0, 3600, 10, "teams", "app", 0).hours_left(1800) == 0.5
    store._db.execute("UPDATE watch_plan SET every_min = 'often'")
    assert store.plan() is None  # unreadable: no plan, not a crash
    store.close()


def test_the_command_resumes_a_watch_cut_short(capsys, net, tmp_path, monkeypatch):
    from callpath.core.engine import catalog as catalog_mod
    path = tmp_path / "cat.json"
    path.write_text(catalog_mod.dump(net.catalog), "utf-8")
    clock = FastClock(offset_min=60)
    monkeypatch.setattr(schedule, "Clock", lambda: clock)
    monkeypatch.setattr(sampling, "sample", daily_pattern_sample(clock))
    assert main(["watch", "--resume", "--lang", "en"]) == 2
    assert "no unfinished watch to resume" in capsys.readouterr().err
    store = history.History.open_default()
    t0 = clock.t
    store.set_plan(Plan(t0 - 3600, t0 + 3600, 10, "teams", "terminal", t0 - 60))
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
    store.set_plan(Plan(clock.t - 3600, clock.t + 3600, 10, "icq", "terminal", clock.t - 3600))
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
    clock = FastClock(offset_min=420)  # 7 hours ahead of UTC: Beijing is one hour ahead
    points = []
    schedule.watch(24, 30, daily_pattern(clock), points.extend, clock)
    out = watch_report(points, fmt, 420, "en")
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


# --- rounds taken while this computer had no network ----------------------------------------------

WATCH_ROUNDS = Path(__file__).resolve().parent.parent / "fixtures" / "watch"
REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def recorded_round(name):
    """A watch round recorded in the lab (tests/fixtures/record_watch.py): its measurements."""
    data = json.loads((WATCH_ROUNDS / f"{name}.json").read_text("utf-8"))
    return [from_json(m) for m in data["measurements"]], data["offline"]


def offline_pattern(clock, offline_beijing_hours):
    """The daily pattern, but in the given Beijing hours the laptop is on a train: every sample
    fails as a computer with no network sees it, and the round says so."""
    take = daily_pattern(clock)

    def round_():
        if int(beijing_hour(clock.now())) in offline_beijing_hours:
            return [Point(clock.now(), clock.offset, g, None, None, None, True) for g in sampling.WATCHED_GROUPS]
        return take()
    return round_


@pytest.mark.parametrize("name", ["healthy", "silent", "no-route", "link-down"])
def test_a_round_is_read_as_offline_from_what_it_recorded(name):
    """Rounds of the watch's real probes in the lab: with the interface down (Wi-Fi off) or no
    default route the round is offline; a way out that drops everything is silence, the line's
    own (worst) quality, and counts."""
    measurements, offline = recorded_round(name)
    assert sampling.no_network(measurements) is offline
    points = sampling.points_of(measurements, 1_780_000_000.0, 60)
    assert [p.group for p in points] == list(sampling.WATCHED_GROUPS) and all(p.offline is offline for p in points)
    if name == "healthy":  # a round that got answers had a network: the local probes were not run
        assert not any(m.group == "local" for m in measurements)


def test_the_local_probes_alone_tell_a_round_with_no_network():
    silent, _ = recorded_round("silent")
    link_down, _ = recorded_round("link-down")
    no_route, _ = recorded_round("no-route")
    healthy, _ = recorded_round("healthy")
    local = {m.id: m for m in link_down if m.group == "local"}
    samples = [m for m in silent if m.group != "local"]
    # The same silence, with the interfaces probe saying no interface is up with an address.
    assert local["local.interfaces"].error.code == "no_network"
    assert sampling.no_network([*samples, local["local.interfaces"]])
    # ...or the route probe saying there is no default route.
    assert sampling.no_network([*samples, next(m for m in no_route if m.id == "local.route")])
    # Every sample failing for want of a way out says it even without the local probes.
    assert sampling.no_network([m for m in no_route if m.group != "local"])
    # A sample that answered: this computer had a network, whatever else was read.
    assert not sampling.no_network([*healthy, *local.values()])


@pytest.mark.parametrize("name,offline", [("no-route", True), ("proxy-only-egress", False),
                                          ("china-drop", False), ("healthy-check", False)])
def test_a_diagnosis_recorded_in_the_lab_reads_the_same_way(name, offline):
    report = json.loads((REPORTS / f"{name}.json").read_text("utf-8"))
    assert sampling.no_network(from_json(m) for m in report["measurements"]) is offline


def test_samples_with_no_network_are_not_counted_in_the_hours_or_the_suggestion():
    clock = FastClock(offset_min=60)
    points = []
    # The laptop offline 2-5 Beijing time (19-22 in Berlin): counted, that would be the worst window.
    schedule.watch(48, 30, offline_pattern(clock, {2, 3, 4}), points.extend, clock)
    offline = [p for p in points if p.offline]
    assert len(offline) == 2 * 2 * 3 * 2  # two days, two parts, three hours, two rounds an hour
    hours = by_hour(points)
    assert not {19, 20, 21} & set(hours) and len(hours) == 21
    assert sum(h.samples for h in hours.values()) == (len(points) - len(offline)) // 2
    s = suggestion(points)
    assert s.samples == (len(points) - len(offline)) // 2
    assert 12 <= s.worst[0] <= 13  # China's evening, as without the offline hours
    assert suggestion([p for p in points if not p.offline]) == s
    assert schedule.offline_hours(points) == {19, 20, 21}
    # Marked, those samples would have been the worst hours of the day.
    unmarked = [dataclasses.replace(p, offline=False) for p in points]
    assert 18 <= suggestion(unmarked).worst[0] <= 21


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_a_stretch_with_no_network_is_said_in_every_format(fmt):
    clock = FastClock(offset_min=60)
    points = []
    plan = Plan(clock.t, clock.t + 24 * 3600, 20, "teams", "app", clock.t)
    # Beijing 22-23 is 15-16 in Berlin (UTC+1): three rounds offline, 15:00 to 15:40.
    schedule.watch(24, 20, offline_pattern(clock, {22}), points.extend, clock)
    spans = schedule.offline_spans(points, plan, clock.t)
    assert [(b - a) / 60 for a, b in spans] == [40.0]
    assert schedule.gaps(points, plan, clock.t) == []  # the computer was on: no gap
    out = watch_report(points, fmt, 60, "en", [], "abroad", spans)
    said = "No network on this computer from 15:00 to 15:40: those samples are not counted."
    assert said in out and "No samples from" not in out
    if fmt == "json":
        data = json.loads(out)
        assert data["offline"] == [list(spans[0])] and data["missed"] == said
        assert sum(p["offline"] for p in data["points"]) == 6 and data["suggestion"]["samples"] == 72 - 3
    else:
        assert "went best at" in out
    for lang, said in (("zh_CN", "这台电脑没有网络"), ("zh_TW", "這台電腦沒有網路")):
        assert said in watch_report(points, fmt, 60, lang, [], "abroad", spans)


def test_one_round_with_no_network_and_a_gap_are_told_apart():
    clock = FastClock(offset_min=0)  # from 20:00 UTC
    start = clock.t
    plan = Plan(start, start + 6 * 3600, 10, "teams", "app", start)
    points = [Point(start + i * 600, 0, "china", 180.0, 1.0, 4.0) for i in range(3)]
    points.append(Point(start + 3 * 600, 0, "china", None, None, None, True))
    points += [Point(start + 3600 * 3 + i * 600, 0, "china", None, None, None, True) for i in range(2)]
    now = points[-1].at
    spans = schedule.offline_spans(points, plan, now)
    # The asleep hours between the offline rounds end the first stretch: a gap is its own thing.
    assert spans == [(start + 1800, start + 1800), (start + 3 * 3600, start + 3 * 3600 + 600)]
    assert schedule.gaps(points, plan, now) == [(start + 1800, start + 3 * 3600)]
    said = missed_words(schedule.gaps(points, plan, now), spans, 0)
    assert said == ("No samples from 20:30 to 23:00: the computer was asleep or CallPath was closed. "
                    "No network on this computer at 20:30: that sample is not counted. "
                    "No network on this computer from 23:00 to 23:10: those samples are not counted.")
    assert "20:30" in offline_words(spans, 0, "zh_TW") and "。" in offline_words(spans, 0, "zh_CN")
    assert schedule.offline_spans(points, dataclasses.replace(plan, started=start + 3 * 3600), now) == spans[1:]


def test_a_round_with_no_network_is_said_once_as_it_is_taken(capsys, monkeypatch):
    clock = FastClock(offset_min=60)
    monkeypatch.setattr(schedule, "Clock", lambda: clock)
    online, rounds = daily_pattern(clock), []

    def take(cat, service, clk):  # the second round on a train
        rounds.append(clock.now())
        if len(rounds) == 2:
            return [Point(clock.now(), clock.offset, g, None, None, None, True) for g in sampling.WATCHED_GROUPS]
        return online()
    monkeypatch.setattr(sampling, "sample", take)
    assert main(["watch", "--hours", "1", "--every", "30", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "no network" in x)
    assert line.count("no network on this computer, not counted") == 1 and "China:" not in line
    assert "No network on this computer at 21:30: that sample is not counted." in out
    assert "Not enough yet: 1 sample over 1 hour" in out
    assert main(["watch", "--show", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["offline"]) == 1


def test_an_old_history_reads_its_samples_as_taken_with_a_network(tmp_path):
    """A history written before samples were marked offline: it opens, the column is added, its
    rows read as online, and an older CallPath still writes its own rows (it names its columns)."""
    import sqlite3
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as db:  # the tables as the version before this one made them
        db.execute("""CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, symptom TEXT NOT NULL,
            location TEXT NOT NULL, service TEXT NOT NULL, locus TEXT NOT NULL, cause TEXT NOT NULL,
            headline TEXT NOT NULL, figures TEXT NOT NULL, report TEXT NOT NULL)""")
        db.execute("""CREATE TABLE watch (
            at REAL NOT NULL, utc_offset_min INTEGER NOT NULL, grp TEXT NOT NULL,
            rtt_ms REAL, loss_pct REAL, mos REAL)""")
        db.execute("INSERT INTO watch VALUES (1780000000, 60, 'china', NULL, NULL, NULL)")
        db.execute("PRAGMA user_version = 1")
    db.close()
    store = history.History(path)
    assert store.notice is None and path.exists() and not list(tmp_path.glob("*.bad*"))
    assert store.points() == [Point(1_780_000_000.0, 60, "china", None, None, None, False)]
    store.add_points([Point(1_780_000_600.0, 60, "china", None, None, None, True)])
    store._db.execute("INSERT INTO watch (at, utc_offset_min, grp, rtt_ms, loss_pct, mos) "
                      "VALUES (1780001200, 60, 'china', 180, 1, 4.1)")  # as the older version writes
    store.close()
    again = history.History(path)  # the column is there now: opening again changes nothing
    assert [p.offline for p in again.points()] == [False, True, False]
    assert by_hour(again.points())[(1_780_000_000 // 3600 + 1) % 24].samples == 2
    again.close()


def test_counts_take_the_form_for_their_number():
    """"1 samples over 1 hours" no more: each count in the form gettext gives its number."""
    one = words(Suggestion(False, 1, 1), 0)
    assert "Not enough yet: 1 sample over 1 hour of the day." in one
    assert "3 samples over 2 hours of the day" in words(Suggestion(False, 3, 2), 0)
    assert "一天中 1 个小时内共测了 1 次" in words(Suggestion(False, 1, 1), 0, "zh_CN")


@pytest.mark.parametrize("hours,every,said", [
    (1.0, 1.0, "for 1 hour, a sample every 1 minute."),
    (0.5, 0.5, "for 0.5 hours, a sample every 0.5 minutes."),
    (1.5, 10.0, "for 1.5 hours, a sample every 10 minutes."),
    (24.0, 15.0, "for 24 hours, a sample every 15 minutes."),
    (0.99999, 15.0, "for 1 hour, a sample every 15 minutes."),  # the form for the number shown
])
def test_the_watchs_start_line_says_each_count_in_its_form(hours, every, said):
    said = f"Watching the line to China {said} Ctrl-C stops; what was sampled is kept."
    assert start_line(hours, every) == said


def test_the_watchs_start_line_in_chinese():
    assert start_line(1.5, 10.0, "zh_CN").startswith("开始观察通往中国的线路：共 1.5 小时，每 10 分钟测一次。")
    assert start_line(1.0, 1.0, "zh_TW").startswith("開始觀察通往中國的線路：共 1 小時，每 1 分鐘測一次。")


# --- a watch of every app ---------------------------------------------------------------------------

def every_app_day(clock: FastClock, relay_evening_loss: float = 12.0):
    """China's way clear all day; Teams' relay nearby (40 ms) and losing packets in China's
    evening (19-23 Beijing time); WeChat's server far (230 ms) and steady: each app's servers
    sampled in the same rounds."""
    from callpath.core.analysis.quality import mos

    def take():
        hour = beijing_hour(clock.now())
        loss = relay_evening_loss if 19 <= hour < 23 else 0.0
        return [Point(clock.now(), clock.offset, "china", 180.0, 1.0, 4.2),
                Point(clock.now(), clock.offset, "service", 40.0, loss, round(mos(40.0, 2.0, loss), 2), app="teams"),
                Point(clock.now(), clock.offset, "service", 230.0, 0.0, round(mos(230.0, 2.0, 0.0), 2), app="wechat")]
    return take


def a_day_of_every_app(relay_evening_loss: float = 12.0, hours: int = 24) -> list[Point]:
    clock = FastClock(offset_min=60)  # Berlin in winter: Beijing's 19-23 is 12-16
    points: list[Point] = []
    schedule.watch(hours, 60, every_app_day(clock, relay_evening_loss), points.extend, clock)
    return points


def names(app: str) -> str:
    return {"teams": "Teams", "wechat": "WeChat"}[app]


def test_every_app_watched_says_whose_way_got_worse_than_its_own_usual():
    """Teams' relay is nearer, so its absolute quality is higher at every hour; what the watch
    says is only the hours its way got worse than its own usual, while WeChat's held."""
    points = a_day_of_every_app()
    watch = apps_watch(points)
    assert watch.enough and watch.hours == 24
    teams, wechat = watch.apps
    assert teams.worse == (12, 13, 14, 15) and wechat.worse == () and teams.silent == wechat.silent == 0
    said = apps_summary(points, names)
    assert said.startswith("At 12:00–16:00 (your time) the way to the servers of Teams got worse than its own "
                           "usual, while the way to those of WeChat held: if calls on Teams break up then, "
                           "try WeChat.")
    assert "not the apps with each other" in said and "how those servers reach China is not measured" in said
    assert "best" not in said
    # The day's window into China is unchanged by the apps' servers (China's way was clear).
    assert suggestion(points).best is None and suggestion(points).samples == 24


def test_a_nearer_server_is_not_a_better_app():
    """Nothing got worse: the nearer relay's higher quality is its distance, not said as better."""
    points = a_day_of_every_app(relay_evening_loss=0.0)
    assert [w.worse for w in apps_watch(points).apps] == [(), ()]
    assert apps_summary(points, names).startswith(
        "The way to the servers of Teams, WeChat held steady at every hour watched: no app's got worse")


def test_noise_and_too_few_hours_say_nothing_of_the_apps():
    # One sample losing a packet in a lone hour is not an hour worse than usual (runs of two).
    points = a_day_of_every_app(relay_evening_loss=0.0)
    lone = [dataclasses.replace(p, loss_pct=20.0, mos=3.4) if p.app == "teams" and p.local_hour == 5 else p
            for p in points]
    assert apps_watch(lone).apps[0].worse == ()
    few = a_day_of_every_app(hours=4)
    assert not apps_watch(few).enough
    assert apps_summary(few, names).startswith(
        "Not enough yet to compare the apps' ways: 4 hours watched with every app. Keep watching for at "
        "least 6 different hours.")
    # One app watched, samples naming no app (kept before watches named it), or two one-app
    # watches on different days: nothing is compared.
    assert apps_summary([p for p in points if p.app != "wechat"], names) == ""
    assert apps_summary([dataclasses.replace(p, app="") for p in points], names) == ""
    apart = [dataclasses.replace(p, at=p.at + 86400) if p.app == "wechat" else p for p in points]
    assert apps_watch(apart) is None and apps_summary(apart, names) == ""


def test_every_apps_way_worse_at_once_is_no_one_apps():
    points = [dataclasses.replace(p, loss_pct=12.0, mos=3.0) if p.app == "wechat" and 12 <= p.local_hour < 16
              else p for p in a_day_of_every_app()]
    said = apps_summary(points, names)
    assert said.startswith("At 12:00–16:00 (your time) the way to every app's servers got worse: it is not "
                           "one app's.")
    assert "try" not in said


def test_every_app_in_chinese_and_hours_over_midnight():
    said = apps_summary(a_day_of_every_app(), names, "zh_CN")
    assert "12:00–16:00" in said and any("\u4e00" <= ch <= "\u9fff" for ch in said)
    assert runs([23, 0, 1, 5]) == [[23, 0, 1], [5]] and runs([3, 4]) == [[3, 4]] and runs([]) == []
    assert runs(range(24)) == [list(range(24))]
    # From inside China the watch times the wrong way: nothing of the apps is said.
    assert apps_summary(a_day_of_every_app(), names, location="china") == ""
    assert "Teams" not in watch_report(a_day_of_every_app(), "text", 60, location="china", name_of=names)


def test_a_slump_on_this_side_needs_every_apps_servers_worse():
    """A watch of every app says the evening may be this side's only when every app's servers
    were worse then: one relay busy in the evening is that app's."""
    clock = FastClock(offset_min=60)

    def take(local_too: bool):
        hour = beijing_hour(clock.now())
        evening = 19 <= hour < 23
        return [Point(clock.now(), clock.offset, "china", 260.0 if evening else 180.0,
                      20.0 if evening else 1.0, 2.2 if evening else 4.2),
                Point(clock.now(), clock.offset, "service", 30.0, 0.0, 2.5 if evening else 4.4, app="teams"),
                Point(clock.now(), clock.offset, "service", 30.0, 0.0, 2.5 if evening and local_too else 4.4,
                      app="wechat")]
    for local_too in (False, True):
        points: list[Point] = []
        schedule.watch(24, 60, lambda on=local_too: take(on), points.extend, clock)
        assert suggestion(points).local_too is local_too
    # An app never answering does not cancel it; an app not watched at those hours does.
    never = [dataclasses.replace(p, mos=None, rtt_ms=None, loss_pct=None) if p.app == "wechat" else p
             for p in points]
    assert suggestion(never).local_too
    unwatched = [p for p in points if not (p.app == "wechat" and 12 <= p.local_hour < 16)]
    assert not suggestion(unwatched).local_too


@pytest.mark.parametrize("fmt,marker", [
    ("text", "At 12:00–16:00 (your time)"), ("markdown", "| 13:00 | 20:00 | **"),
    ("html", "<td><strong>"), ("json", '"worse": [')])
def test_every_app_in_every_format(fmt, marker):
    text = watch_report(a_day_of_every_app(), fmt, 60, name_of=names)
    assert marker in text
    if fmt == "json":
        apps = json.loads(text)["apps"]
        assert apps["enough"] and [a["worse"] for a in apps["apps"]] == [[12, 13, 14, 15], []]
        assert apps["words"].startswith("At 12:00–16:00")
    if fmt == "text":
        assert "Teams" in text and "▼" in text
    # One app's watch: nothing of the apps.
    one = watch_report([p for p in a_day_of_every_app() if p.app != "wechat"], fmt, 60, name_of=names)
    assert "WeChat" not in one and "the way to the servers of" not in one


def test_the_apps_a_watch_of_every_app_samples(net):
    """Every app that can carry a call and has a voice server to sample, but not one blocked in
    China; one app's watch samples that app's servers, and its samples name it."""
    assert [c.app for c in sampling.watched_apps(net.catalog, "all")] == ["teams", "wechat"]
    (teams,) = sampling.watched_apps(net.catalog, "teams")
    assert teams.app == "teams" and "teams-relay" in teams.endpoints and "wechat-stun" not in teams.endpoints
    points = sampling.sample(net.catalog, "all", schedule.Clock(), sample_s=1.0,
                             nameservers=net.nameservers, dns_port=net.dns_port)
    assert [(p.group, p.app) for p in points] == [("china", ""), ("service", "teams"), ("service", "wechat")]
    assert all(p.mos is not None and p.mos > 4 for p in points)
    one = sampling.sample(net.catalog, "teams", schedule.Clock(), sample_s=1.0,
                          nameservers=net.nameservers, dns_port=net.dns_port)
    assert [(p.group, p.app) for p in one] == [("china", ""), ("service", "teams")]
    # A closed app's watch samples what its users moved to (Skype's: Teams' relay).
    closed = sampling.sample(net.catalog, "skype", schedule.Clock(), sample_s=1.0,
                             nameservers=net.nameservers, dns_port=net.dns_port)
    assert [(p.group, p.app) for p in closed] == [("china", ""), ("service", "skype")]
    assert closed[1].mos is not None


def test_a_catalog_with_no_voice_server_to_watch(net):
    bare = voiceless(net.catalog)
    assert sampling.watched_apps(bare, "all") == ()
    with pytest.raises(ValueError, match="no app of the catalog has a voice server"):
        sampling.measure_round(bare, "all", schedule.Clock())


def test_the_command_watches_every_app_and_resumes_it(capsys, net, tmp_path, monkeypatch):
    path, clock = quick_command(net, tmp_path, monkeypatch)
    assert main(["watch", "--catalog", str(path), "--service", "all", "--hours", "1", "--every", "30",
                 "--lang", "en"]) == 0
    out, _ = capsys.readouterr()
    assert out.count("Teams (free) servers: ") == 2 and out.count("WeChat servers: ") == 2
    assert "Not enough yet to compare the apps' ways: 1 hour watched with every app." in out
    store = history.History.open_default()
    assert store.plan().app == "all" and {p.app for p in store.points()} == {"", "teams", "wechat"}
    # Cut short (the terminal closed): it goes on with every app.
    plan = store.plan()
    store.set_plan(Plan(clock.now() - 1800, clock.now() + 3600, 30, "all", "terminal", clock.now() - 7200))
    store.close()
    assert main(["watch", "--catalog", str(path), "--resume", "--lang", "en"]) == 0
    assert capsys.readouterr().out.count("WeChat servers: ") >= 1 and plan.app == "all"
    from callpath.core.engine import catalog as catalog_mod
    bare = tmp_path / "bare.json"
    bare.write_text(catalog_mod.dump(voiceless(net.catalog)), "utf-8")
    assert main(["watch", "--catalog", str(bare), "--service", "all"]) == 2
    assert "no app of this catalog has a voice server to watch" in capsys.readouterr().err
    store = history.History.open_default()
    store.set_plan(Plan(clock.now() - 1800, clock.now() + 3600, 30, "all", "terminal", clock.now() - 7200))
    store.close()
    assert main(["watch", "--catalog", str(bare), "--resume"]) == 2
    assert "the watch was of app 'all'" in capsys.readouterr().err


def test_an_apps_server_that_never_answered_is_not_compared():
    """WeChat's server silent all day (some servers never answer such probes): it is left out
    and that is said; a server silent at some rounds only: those rounds are left out and
    counted, not read as the worst quality; every app silent: maybe the network blocks voice."""
    never = [dataclasses.replace(p, rtt_ms=None, loss_pct=None, mos=None) if p.app == "wechat" else p
             for p in a_day_of_every_app()]
    said = apps_summary(never, names)
    assert said.startswith("No answer during the whole watch from the servers of WeChat.") and "not measured" in said
    assert "Teams got worse" not in said
    text = watch_report(never, "markdown", 60, name_of=names)
    assert "No answer during the whole watch" in text and "| WeChat |" not in text
    some = [dataclasses.replace(p, rtt_ms=None, loss_pct=None, mos=None)
            if p.app == "wechat" and p.local_hour in (5, 6, 7) else p for p in a_day_of_every_app()]
    wechat = apps_watch(some).apps[1]
    assert wechat.silent == 3 and wechat.worse == () and 5 not in dict(wechat.quality)
    assert "The servers of WeChat did not answer 3 of 24 samples; those are left out" in apps_summary(some, names)
    silent = [dataclasses.replace(p, rtt_ms=None, loss_pct=None, mos=None) if p.group == "service" else p
              for p in a_day_of_every_app()]
    assert apps_summary(silent, names).startswith("No app's servers answered the watch's samples: this network "
                                                  "may block the voice of calls (UDP).")
    # Samples all taken with no network: nothing of the apps to say.
    offline = [dataclasses.replace(p, offline=True) for p in a_day_of_every_app()]
    assert apps_summary(offline, names) == ""


def test_an_apps_way_worse_where_no_other_was_measured_names_no_other():
    """Teams' way worse at 12-16 while WeChat's server went unanswered then: no app is said to
    have held, so no other app is suggested; the tables show the hours it has none as –."""
    points = [dataclasses.replace(p, rtt_ms=None, loss_pct=None, mos=None)
              if p.app == "wechat" and 12 <= p.local_hour < 16 else p for p in a_day_of_every_app()]
    said = apps_summary(points, names)
    assert said.startswith("At 12:00–16:00 (your time) the way to the servers of Teams got worse than its own "
                           "usual. The servers of WeChat did not answer 4 of 24 samples")
    assert "try" not in said
    assert "  13:00             3.3▼            – " in watch_report(points, "text", 60, name_of=names)
    assert "| 13:00 | 20:00 | **3.3** | – |" in watch_report(points, "markdown", 60, name_of=names)
    assert "<td>13:00</td><td>20:00</td><td><strong>3.3</strong></td><td>–</td>" in watch_report(
        points, "html", 60, name_of=names)
