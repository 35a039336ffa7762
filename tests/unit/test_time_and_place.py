"""When to call and what fits where the user is (issue 24, items 4 and 5).

Time: China keeps UTC+8 all year; the user's clock may be a half or quarter hour off China's
(India, Adelaide, Nepal, Newfoundland) and may change for daylight saving. Every zone here is a
recorded one (zoneinfo), never this machine's. The only fixed claim about the time of day is
that China's evening is usually worst; better hours come from the user's own watch.

Place: no foreign secure DNS inside mainland China, no status page without a link, the Skype
Credit page as its address, the family's message by WeChat, not by text message.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from callpath.core import api
from callpath.core.analysis.judge import Finding
from callpath.core.base.i18n import translator
from callpath.core.engine import locale_hint
from callpath.core.records import history
from callpath.core.records.watched import Point
from callpath.core.watch import schedule
from callpath.core.watch.hours import beijing_windows, kept_windows, suggestion
from callpath.core.watch.report import watch_report
from callpath.core.watch.words import summary, words
from callpath.core.words import explain, texts

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Zones a user abroad may be in, with the whole, half and quarter hours that exist.
ZONES = ("Asia/Kolkata", "Australia/Adelaide", "Asia/Kathmandu", "America/St_Johns", "Europe/London",
         "America/New_York", "Australia/Sydney", "Asia/Tehran", "Pacific/Chatham", "Asia/Shanghai")
DAYS = (date(2026, 1, 15), date(2026, 7, 15))  # each hemisphere's winter and summer


def offset_on(zone: ZoneInfo, day: date, hour: int = 12) -> int:
    delta = datetime(day.year, day.month, day.day, hour, tzinfo=zone).utcoffset()
    assert delta is not None
    return int(delta.total_seconds() // 60)


@pytest.mark.parametrize("name", ZONES)
@pytest.mark.parametrize("day", DAYS)
def test_beijing_time_beside_the_users_hour_is_right_to_the_minute(name, day):
    zone = ZoneInfo(name)
    offset = offset_on(zone, day)
    for hour in range(24):
        there = datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(SHANGHAI)
        assert explain.beijing_clock(hour, offset) == f"{there.hour}:{there.minute:02d}", (name, hour)


def test_the_watch_report_labels_beijing_time_to_the_minute_in_india():
    offset = offset_on(ZoneInfo("Asia/Kolkata"), DAYS[0])  # +5:30: Beijing is 2:30 ahead
    clock = schedule.JumpClock(offset_min=offset)
    points: list[Point] = []
    schedule.watch(24, 30, _daily(clock), points.extend, clock)
    table = watch_report(points, "markdown", offset, "en")
    assert "| 9:00 | 11:30 |" in table and "| 22:00 | 0:30 |" in table
    assert "9:00 (11:30 Beijing time)" in watch_report(points, "html", offset, "en")
    said = words(suggestion(points), offset, "en")
    # China's evening is 19-23 Beijing time, 16:30-20:30 in India: the worst window's Beijing
    # time ends on a half hour, as India's clock does.
    assert ":30 Beijing time)" in said


def _daily(clock: schedule.JumpClock):
    """China's evening (19-23 Beijing time) poor, every other hour good."""
    def take():
        hour = (clock.now() / 3600 + 8) % 24
        mos = 2.2 if 19 <= hour < 23 else 4.2
        return [Point(clock.now(), clock.offset, "china", 200.0, 1.0, mos),
                Point(clock.now(), clock.offset, "service", 30.0, 0.0, 4.4)]
    return take


def test_a_watchs_windows_are_kept_in_beijing_time_whatever_the_users_zone():
    for name in ("Asia/Kolkata", "Asia/Kathmandu", "Europe/London"):
        offset = offset_on(ZoneInfo(name), DAYS[0])
        clock = schedule.JumpClock(offset_min=offset)
        points: list[Point] = []
        schedule.watch(24, 20, _daily(clock), points.extend, clock)
        windows = beijing_windows(points)
        assert windows is not None
        # The worst three hours of the user's day fall in China's evening, whatever their clock.
        start, end = windows["worst"]
        assert 18 * 60 < start <= 20 * 60 and (end - start) % (24 * 60) == 180, (name, windows)
        assert not 18 * 60 < windows["best"][0] < 23 * 60


def test_no_window_is_kept_until_a_watch_prefers_one():
    clock = schedule.JumpClock(offset_min=60)
    points: list[Point] = []
    schedule.watch(2, 20, _daily(clock), points.extend, clock)
    assert beijing_windows(points) is None


def test_the_verdict_reads_the_watch_kept_in_the_history():
    assert kept_windows(0.0) is None  # no history yet: none is made for it
    clock = schedule.JumpClock(offset_min=60)
    store = history.History.open_default()
    schedule.watch(24, 20, _daily(clock), store.add_points, clock)
    store.close()
    windows = kept_windows(clock.now())
    assert windows is not None and 18 * 60 < windows["worst"][0] <= 20 * 60


# --- the time advice -------------------------------------------------------------------------

def _degraded(**facts):
    base = {"service": "teams", "loss_pct": 10.0, "rtt_ms": 200, "mos": 3.0, "location": "abroad"}
    return Finding("upstream", "china_degraded", "high", facts=base | facts)


def test_without_a_watch_only_the_evening_is_said_and_no_good_window_promised():
    for lang in ("en", "zh_CN", "zh_TW"):
        actions = explain.verdict(_degraded(utc_offset_min=60), lang)["actions"]
        assert actions[0] == translator(lang).gettext(texts.TIME_ACTION).format(
            china_evening=explain._china_hours(explain.CHINA_EVENING, 60, translator(lang)))
    advice = explain.verdict(_degraded(utc_offset_min=60), "en")["actions"][0]
    assert "worst in China's evening (about 19:00–23:00 Beijing time, 12:00–16:00 your time)" in advice
    assert "morning" not in advice and "better than" not in advice
    assert "watch the line" in advice


def test_the_hours_a_watch_found_replace_the_general_claim():
    # Measured in India: best 9:30-12:30 Beijing time (7:00-10:00 there), worst 19:30-22:30.
    watched = {"best": [570, 750], "worst": [1170, 1350]}
    advice = explain.verdict(_degraded(utc_offset_min=330, watched=watched), "en")["actions"][0]
    assert advice == ("Call at the hours your watch of the line to China found best: 7:00–10:00 your "
                      "time (9:30–12:30 Beijing time). Calls went worst at 17:00–20:00 your time "
                      "(19:30–22:30 Beijing time).")
    for lang in ("zh_CN", "zh_TW"):
        said = explain.verdict(_degraded(utc_offset_min=330, watched=watched), lang)["actions"][0]
        assert "7:00–10:00" in said and "9:30–12:30" in said and "19:30–22:30" in said


def test_inside_china_a_watch_is_not_suggested_nor_its_hours_used():
    watched = {"best": [570, 750], "worst": [1170, 1350]}
    f = Finding("upstream", "china_degraded", "high",
                facts={"service": "teams", "loss_pct": 10.0, "rtt_ms": 200, "mos": 3.0, "location": "china",
                       "utc_offset_min": 480, "watched": watched, "variant": "from_china"})
    advice = explain.verdict(f, "en")["actions"][0]
    assert advice == ("Call at a quieter time: calls between China and abroad usually go worst in "
                      "China's evening (about 19:00–23:00 Beijing time).")


@pytest.mark.parametrize("name,today,line", [
    ("Europe/London", date(2026, 3, 10),
     "China never changes its clocks, but yours change on 29 March 2026: from then, 19:00–23:00 "
     "Beijing time is 12:00–16:00 your time."),
    ("Australia/Adelaide", date(2026, 9, 20),   # +9:30 to +10:30
     "China never changes its clocks, but yours change on 4 October 2026: from then, 19:00–23:00 "
     "Beijing time is 21:30–1:30 your time."),
    ("America/St_Johns", date(2026, 10, 20),    # -2:30 to -3:30
     "China never changes its clocks, but yours change on 1 November 2026: from then, 19:00–23:00 "
     "Beijing time is 7:30–11:30 your time."),
])
def test_a_line_when_the_users_clocks_change_and_chinas_do_not(name, today, line):
    zone = ZoneInfo(name)
    change = locale_hint.next_clock_change(zone, today)
    assert change is not None
    f = _degraded(utc_offset_min=offset_on(zone, today),
                  clock_change={"on": change[0], "utc_offset_min": change[1]})
    assert explain.verdict(f, "en")["actions"][0].endswith(" " + line)
    assert "2026年" in explain.verdict(f, "zh_CN")["actions"][0]


@pytest.mark.parametrize("name", ["Asia/Kolkata", "Asia/Kathmandu", "Asia/Shanghai", "Asia/Tokyo"])
def test_no_clock_change_where_the_clocks_never_change(name):
    assert locale_hint.next_clock_change(ZoneInfo(name), date(2026, 3, 1), 366) is None


def test_a_clock_change_months_away_is_not_said_yet():
    assert locale_hint.next_clock_change(ZoneInfo("Europe/London"), date(2026, 1, 1)) is None
    assert locale_hint.next_clock_change(ZoneInfo("Europe/London"), date(2026, 1, 1), 120) == ("2026-03-29", 60)


def test_the_watch_and_the_clock_change_go_through_a_saved_report():
    ctx = {"watched": {"best": [600, 780], "worst": [1140, 1320]},
           "clock_change": {"on": "2026-03-29", "utc_offset_min": 60}}
    assert api.time_facts(ctx) == ctx
    # A damaged one is left out, not an error.
    assert api.time_facts({"watched": {"best": [600], "worst": "x"},
                           "clock_change": {"on": 3, "utc_offset_min": 60}}) == {}
    assert api.time_facts({"clock_change": {"on": "2026-03-29", "utc_offset_min": True}}) == {}


def test_a_saved_report_keeps_its_watch_when_judged_again():
    from tests.replay import load
    report = load("china-degraded")
    report["context"] |= {"location": "abroad", "utc_offset_min": 0,
                          "watched": {"best": [600, 780], "worst": [1140, 1320]}}
    verdict = api.explain_report(report, "en")
    assert verdict["cause"] == "china_degraded"
    assert "found best: 2:00–5:00 your time (10:00–13:00 Beijing time)" in verdict["actions"][0]


# --- what fits where the user is -------------------------------------------------------------

@pytest.mark.parametrize("variant", [None, "astray"])
def test_no_foreign_secure_dns_for_a_user_inside_china(variant):
    facts = {"service": "teams", "names": ["a.example"], **({"variant": variant} if variant else {})}
    inside = explain.verdict(Finding("upstream", "dns_tampering", "high", facts=facts | {"location": "china"}))
    abroad = explain.verdict(Finding("upstream", "dns_tampering", "high", facts=facts | {"location": "abroad"}))
    assert not any("secure DNS" in a or "internet provider" in a for a in inside["actions"])
    assert any("secure DNS" in a for a in abroad["actions"])
    if variant == "astray":
        assert any("223.5.5.5" in a for a in inside["actions"])
    for lang in ("zh_CN", "zh_TW"):
        said = explain.verdict(Finding("upstream", "dns_tampering", "high", facts=facts | {"location": "china"}), lang)
        assert not any("HTTPS" in a for a in said["actions"])


@pytest.mark.parametrize("cause,variant", [("service_unreachable", None), ("beyond_reach", "sign_in"),
                                           ("udp_blocked", "upstream"), ("service_degraded", None)])
def test_a_status_page_only_with_its_link(cause, variant):
    facts = {"service": "wechat", "names": [], **({"variant": variant} if variant else {})}
    without = explain.verdict(Finding("upstream", cause, "high", facts=facts))
    assert not any("status page" in a for a in without["actions"]) and without["actions"]
    linked = explain.verdict(Finding("upstream", cause, "high",
                                    facts=facts | {"status_url": "https://status.cloud.microsoft"}))
    assert any("status page" in a and a.endswith(": https://status.cloud.microsoft") for a in linked["actions"])
    assert not any("status page" in a and "https://" not in a for a in linked["actions"])


def test_only_apps_with_a_public_status_page_name_one():
    from callpath.core.engine import catalog
    apps = {a.id: a for a in catalog.load().apps}
    assert apps["teams"].status_url == "https://status.cloud.microsoft"
    assert apps["wechat"].status_url == "" and apps["whatsapp"].status_url == ""


def test_skype_credit_is_reactivated_on_its_web_page_not_in_an_app():
    v = explain.verdict(Finding("upstream", "beyond_reach", "high",
                               facts={"service": "teams", "symptom": "phone_calls", "variant": "phone_calls"}))
    credit = next(a for a in v["actions"] if "Skype Credit" in a)
    assert "https://secure.skype.com/portal/settings/credit/reactivate" in credit
    assert "account settings" not in credit


def test_the_message_for_the_family_goes_by_wechat_not_by_text_message():
    from pathlib import Path
    source = (Path(__file__).parents[2] / "gui" / "phoneleg.py").read_text("utf-8")
    assert "text message" not in source
    for text in explain.all_texts():
        assert "or a text message" not in text


def test_the_finding_carries_the_apps_status_page_only_where_it_has_one():
    from callpath.core.engine import catalog
    from tests.replay import load, run
    apps = catalog.load().apps
    assert run(load("service-drop"), service="teams", apps=apps).facts["status_url"] == "https://status.cloud.microsoft"
    assert "status_url" not in run(load("service-drop"), service="wechat", apps=apps).facts


@pytest.mark.parametrize("value", ["http://status.example.com", "status.example.com", "https://", 3])
def test_a_status_page_must_be_an_https_address(value):
    from callpath.core.analysis import apps
    entry = {"id": "x", "names": {"en": "X", "zh_CN": "X", "zh_TW": "X"}, "source": "s",
             "symptoms": ["check"], "default": True, "status_url": value}
    with pytest.raises(apps.AppError, match="status_url"):
        apps.parse([entry])
    assert apps.parse([entry | {"status_url": "https://status.example.com/x"}])[0].status_url


def test_the_watch_says_its_best_hours_on_the_users_new_clock_before_it_changes():
    zone = ZoneInfo("Europe/London")
    today = date(2026, 3, 10)
    offset = offset_on(zone, today)  # 0 in winter
    change = locale_hint.next_clock_change(zone, today)
    clock = schedule.JumpClock(offset_min=offset)
    points: list[Point] = []
    schedule.watch(24, 20, _daily(clock), points.extend, clock)
    s = suggestion(points)
    assert s.best is not None
    said = words(s, offset, "en", clock_change=change)
    beijing = explain.clock(s.best[0] * 60 + 480), explain.clock(s.best[1] * 60 + 480)
    after = explain.clock(s.best[0] * 60 + 60), explain.clock(s.best[1] * 60 + 60)
    assert said.endswith(f"China never changes its clocks, but yours change on 29 March 2026: from then, "
                         f"{beijing[0]}–{beijing[1]} Beijing time is {after[0]}–{after[1]} your time.")
    assert "29 March 2026" in watch_report(points, "markdown", offset, "en", clock_change=change)
    assert "2026年3月29日" in summary(points, offset, "zh_CN", clock_change=change)
    # No change coming, or a change to the offset already in force: nothing more is said.
    assert "never changes" not in words(s, offset, "en")
    assert "never changes" not in words(s, 60, "en", clock_change=change)
    assert "never changes" not in words(s, offset, "en", location="china", clock_change=change)
