"""Watching the line to China for hours, to say when calls go best.

The path into China slows on a daily cycle, stable from day to day (FACTS, "cross-border
congestion"). A watch takes a short voice-path sample — the diagnosis' own voice probes to the
calling service's relay and to resolvers in China — every few minutes, keeps each sample in the
history database (so a watch survives a restart or a sleeping computer: the missing hours are
simply gaps), and reads the samples by hour of the user's own day. A round taken while this
computer had no usable network (Wi-Fi off, cable out, a laptop on a train) is kept marked
offline and said as such, never counted as the line's quality (:func:`no_network`).

Time comes from one injectable place (:class:`Clock`), so tests and benches run a day in
seconds. Analysis of the samples is pure (:func:`by_hour`, :func:`suggestion`).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from ..base.budget import Budget
from ..base.i18n import N_, NP_, plural, sentence_gap, translator
from ..base.measurement import SAMPLE_KINDS, Measurement
from ..engine import locale_hint
from ..engine.catalog import Catalog
from ..records.watched import SAMPLE_S, Plan, Point
from ..words.explain import beijing_shift_min, clock, clock_change_line

GROUPS = ("china", "service")  # what a watch samples: the way into China, and the relay
# A watch runs for a day or more, so its cost is per hour: at most 100 KB on the wire. What
# tells the hours of the day apart is the packets an hour gathers (about 290 to China's three
# servers a day: 4 rounds of 3 samples of 24), spread over enough rounds that one moment's
# trouble is one of several points of its hour. 3 s at 8 a second every 15 minutes costs about
# 51 KiB an hour against loopback servers (bench/watch_day.py), half the budget: real servers'
# answers are larger (a CNAME chain, a STUN server's SOFTWARE and address attributes), up to
# about twice the bytes of an exchange by our estimate. The earlier 3 s at 20 a second every
# 10 minutes cost 177 KiB. Not shorter than 3 s: a relay that answers only TURN Allocates is
# asked so after 1.5 s (timeouts.SAMPLE_FALLBACK_S). A low rate also keeps an all-day watch
# gentle with the public servers it asks (docs/design.md, "How many packets a voice sample
# sends").
SAMPLE_PPS = 8.0               # its requests a second (a diagnosis sends 100): 24 a sample
EVERY_MIN = 15.0               # minutes between rounds unless the user says (command and app)
MIN_HOURS = 6                  # hours of the day with samples before any window is suggested
WINDOW_H = 3                   # the length of the suggested window, in hours
# How a sample fails when there is no way out at all (no route, the network down), as opposed
# to silence (a timeout), which is the line's own quality and counts.
NO_PATH_CODES = frozenset({"unreachable", "no_network"})


class Stopped(Exception):  # noqa: N818 - a request to stop, not an error
    """A watch was asked to stop (between rounds)."""


class Clock:
    """Wall-clock time and sleeping, in one place a test can replace."""

    def now(self) -> float:
        return time.time()

    def utc_offset_min(self) -> int:
        return locale_hint.utc_offset_min() or 0

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def budget(self, seconds: float) -> Budget:
        """The budget of one sample (a clock that can be stopped cancels it when stopped)."""
        return Budget(seconds)


class JumpClock(Clock):
    """A clock whose sleep moves time on at once, in a fixed zone: a day of watching in
    seconds (tests, benches, the lab's accelerated day)."""

    def __init__(self, start: float = 1_779_998_400.0, offset_min: int = 60):  # on the hour
        self.t, self.offset = start, offset_min
        self.slept = 0.0

    def now(self) -> float:
        return self.t

    def utc_offset_min(self) -> int:
        return self.offset

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)
        self.slept += max(0.0, seconds)


# --- taking samples ------------------------------------------------------------------------------

def sample(catalog: Catalog, service: str, clock: Clock, sample_s: float = SAMPLE_S,
           nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
           sample_pps: float = SAMPLE_PPS) -> list[Point]:
    """One round of the diagnosis' voice probes to the service's relay and to China's
    resolvers (nothing else goes out), summarised per part of the way and marked offline when
    this computer had no network then (:func:`measure_round`, :func:`points_of`)."""
    at, offset = clock.now(), clock.utc_offset_min()
    return points_of(measure_round(catalog, service, clock, sample_s, nameservers, dns_port, sample_pps),
                     at, offset)


def measure_round(catalog: Catalog, service: str, clock: Clock, sample_s: float = SAMPLE_S,
                  nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
                  sample_pps: float = SAMPLE_PPS) -> list[Measurement]:
    """A round's measurements: the voice samples (with the name lookups they need) and, when
    no sample answered, this computer's interfaces and default route, read by the diagnosis'
    own local probes from the operating system (nothing is sent). Read only then: a round that
    got an answer had a network, and the probes run system commands on some systems."""
    from ..engine.plan import plan
    from ..engine.runner import Options, Planned, Run, Task, measure, run_tasks
    from ..probes import local

    endpoints = tuple(e for e in catalog.for_service(service) if e.group in GROUPS
                      and (e.stun is not None or (e.resolver_query and e.resolver_sample)))
    options = Options(service=service, sample_s=sample_s, sample_pps=sample_pps, sensitive_probes=False,
                      nameservers=nameservers, dns_port=dns_port)
    watched = {e.id for e in endpoints}
    tasks = [t for t in plan(dataclasses.replace(catalog, endpoints=endpoints), options) if t.name in watched]
    budget = clock.budget(sample_s + 10.0)
    run = Run(catalog, options, budget, None, None)
    try:
        measurements = run_tasks(tasks, run)
    finally:
        run.session.close()
    if budget.reason == "cancelled":  # stopped while sampling: a cut sample is not a sample
        raise Stopped
    if not _answered(measurements):
        checks = {"interfaces": local.interfaces, "route": local.default_routes}
        task = Task("local", "this computer", [Planned(f"local.{k}", k, "local", "this computer")
                                               for k in checks], lambda _task, _run: None)
        measurements += [measure(task, run, f"local.{k}", probe) for k, probe in checks.items()]
    return measurements


def points_of(measurements: list[Measurement], at: float, utc_offset_min: int) -> list[Point]:
    """A round's measurements summarised per part of the way, all marked offline when the
    round found no network on this computer (:func:`no_network`)."""
    offline = no_network(measurements)
    return [Point(at, utc_offset_min, group, *part_quality(measurements, group), offline) for group in GROUPS]


def part_quality(measurements: Iterable[Measurement], group: str) -> tuple[float | None, float | None, float | None]:
    """(round trip, loss, call quality) of one part of the way in a round: its answered samples
    pooled as the analysis pools a part's (pathquality.Part: the packets of every sample, the
    cleanest round trip and jitter), so a watch's sample and a diagnosis' figures for the same
    servers agree; the call quality computed here, the one place a watch does, from those raw
    figures (probes record none). (None, None, None) when nothing answered."""
    from ..analysis import pathquality
    from ..analysis.quality import mos

    samples = [pathquality.Sample.of(m.id, m.group, m.metrics) for m in _samples(measurements)
               if m.ok and m.group == group]
    part = pathquality.part(group, [s for s in samples if s is not None])
    if not part.measured:
        return None, None, None
    return (round(part.rtt_median, 1), part.loss_pct,
            round(mos(part.rtt_median, part.jitter, part.loss_pct), 2))


def _samples(measurements: Iterable[Measurement]) -> list[Measurement]:
    return [m for m in measurements if m.kind in SAMPLE_KINDS and m.group in GROUPS]


def _answered(measurements: Iterable[Measurement]) -> bool:
    return any(m.ok for m in _samples(measurements))


def no_network(measurements: Iterable[Measurement]) -> bool:
    """Whether a round was taken while this computer had no usable network, read from the
    round's own measurements (or a diagnosis'): never when a voice sample answered; else when
    the local probes found no interface up with an address or no default route
    (local.interfaces, local.route: no_network), or when every voice sample sent failed for
    want of a way out (no route, the network down). Silence is not that: a way into China that
    drops everything is the line's quality, and counts as its worst."""
    measurements = list(measurements)
    if _answered(measurements):
        return False
    if any(m.id in ("local.interfaces", "local.route") and m.error is not None
           and m.error.code == "no_network" for m in measurements):
        return True
    sent = [m for m in _samples(measurements) if m.measured]  # not the ones skipped for want of a name
    return bool(sent) and all(m.error is not None and m.error.code in NO_PATH_CODES for m in sent)


def watch(hours: float, every_min: float, take: Callable[[], list[Point]],
          keep: Callable[[list[Point]], None], clock: Clock,
          on_points: Callable[[list[Point]], None] | None = None) -> int:
    """Sample every ``every_min`` minutes for ``hours``; each round is kept before the next.
    Returns the number of rounds. Stops early on KeyboardInterrupt (what was kept stays).
    Rounds missed while the computer slept are skipped, not made up in a burst on waking."""
    start = clock.now()
    end = start + hours * 3600
    every_s = every_min * 60
    rounds = 0
    while True:
        points = take()
        keep(points)
        rounds += 1
        if on_points is not None:
            on_points(points)
        now = clock.now()
        next_at = start + max(rounds, math.floor((now - start) / every_s) + 1) * every_s
        if next_at >= end:
            return rounds
        clock.sleep(next_at - now)


def carry_out(plan: Plan, store: Any, take: Callable[[], list[Point]], clock: Clock,
              on_points: Callable[[list[Point]], None] | None = None,
              on_unkept: Callable[[list[Point], Exception], None] | None = None,
              pausing: Callable[[], bool] = lambda: False) -> int:
    """Run a watch's plan, new or resumed, to its end: each round kept in ``store`` (a
    history.History) and noted on the plan, the plan marked ended when it is over or the user
    stops it (Stopped, KeyboardInterrupt). When ``pausing()`` says the app is closing, the plan
    stays unfinished and is marked to be resumed at once. ``on_unkept`` hears of rounds the history could not take
    (a full disk); without it, that error ends the watch."""
    from ..records.history import HistoryError

    def keep(points: list[Point]) -> None:
        try:
            store.add_points(points, plan.started)
        except HistoryError as e:
            if on_unkept is None:
                raise
            on_unkept(points, e)

    def end() -> None:
        try:
            store.end_plan(plan.started, clock.now())
        except HistoryError:
            pass  # a full disk: the plan's own end time says it is over soon enough

    try:
        rounds = watch(plan.hours_left(clock.now()), plan.every_min, take, keep, clock, on_points)
    except (Stopped, KeyboardInterrupt):
        if not pausing():
            end()
        else:
            try:
                store.pause_plan(plan.started)
            except HistoryError:
                pass  # it goes on anyway, once two intervals have passed without a round
        raise
    end()
    return rounds


def gaps(points: Iterable[Point], plan: Plan, now: float) -> list[tuple[float, float]]:
    """The stretches of a watch with no round (the computer asleep, CallPath closed): from its
    start to its end (or now), every silence longer than two intervals."""
    end = min(now, plan.until, plan.ended if plan.ended is not None else now)
    times = sorted(p.at for p in points if p.group == "china" and plan.started <= p.at <= end)
    out = []
    for a, b in zip([plan.started, *times], [*times, end], strict=True):
        if b - a > plan.silence_s:
            out.append((a, b))
    return out


def offline_spans(points: Iterable[Point], plan: Plan, now: float) -> list[tuple[float, float]]:
    """The stretches of a watch whose rounds found no network on this computer: from the first
    round of a run of them to its last (the same time for a run of one). A round with a network,
    or a gap (see :func:`gaps`), ends a run."""
    end = min(now, plan.until, plan.ended if plan.ended is not None else now)
    rounds = sorted((p for p in points if p.group == "china" and plan.started <= p.at <= end),
                    key=lambda p: p.at)
    spans: list[tuple[float, float]] = []
    last: Point | None = None
    for p in rounds:
        if p.offline:
            if last is not None and last.offline and p.at - last.at <= plan.silence_s:
                spans[-1] = (spans[-1][0], p.at)
            else:
                spans.append((p.at, p.at))
        last = p
    return spans


def offline_hours(points: Iterable[Point]) -> set[int]:
    """The hours of the user's day with samples taken while this computer had no network."""
    return {p.local_hour for p in points if p.group == "china" and p.offline}


def gap_hours(spans: Iterable[tuple[float, float]], utc_offset_min: int) -> set[int]:
    """The hours of the user's day that a watch's gaps cover."""
    hours: set[int] = set()
    for a, b in spans:
        t = math.floor((a + utc_offset_min * 60) / 3600) * 3600 - utc_offset_min * 60
        while t < b and len(hours) < 24:
            hours.add(int((t + utc_offset_min * 60) // 3600) % 24)
            t += 3600
    return hours


# --- reading them ----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Hour:
    hour: int            # the user's local hour, 0-23
    samples: int
    mos: float | None    # median call quality of the way into China that hour
    rtt_ms: float | None
    loss_pct: float | None


def by_hour(points: Iterable[Point], group: str = "china") -> dict[int, Hour]:
    """The samples of one part of the way, by the user's local hour (each in the zone it was
    taken in); a sample where nothing answered counts as the worst quality. Samples taken with
    no network on this computer are not the line's: they are left out."""
    buckets: dict[int, list[Point]] = {}
    for p in points:
        if p.group == group and not p.offline:
            buckets.setdefault(p.local_hour, []).append(p)
    out = {}
    for hour, ps in sorted(buckets.items()):
        answered = [p for p in ps if p.mos is not None]
        out[hour] = Hour(
            hour, len(ps),
            statistics.median([p.mos if p.mos is not None else 1.0 for p in ps]),
            statistics.median([p.rtt_ms for p in answered if p.rtt_ms is not None]) if answered else None,
            statistics.mean([p.loss_pct if p.loss_pct is not None else 100.0 for p in ps]))
    return out


@dataclasses.dataclass(frozen=True)
class Suggestion:
    enough: bool
    samples: int
    hours: int                         # hours of the day with samples
    best: tuple[int, int] | None = None   # (first hour, hour after the last), local time
    worst: tuple[int, int] | None = None
    best_mos: float | None = None
    worst_mos: float | None = None
    local_too: bool = False            # the app's nearby servers were worse in the worst hours too


def suggestion(points: Iterable[Point]) -> Suggestion:
    """The best and worst WINDOW_H-hour windows of the day, from hours that all have samples;
    "not enough" until MIN_HOURS hours of the day have been watched."""
    points = list(points)
    hours = by_hour(points)
    count = sum(h.samples for h in hours.values())
    if len(hours) < MIN_HOURS:
        return Suggestion(False, count, len(hours))
    windows = []
    for start in range(24):
        span = [(start + i) % 24 for i in range(WINDOW_H)]
        if all(h in hours for h in span):
            score = statistics.mean(hours[h].mos or 1.0 for h in span)
            windows.append((score, start))
    if not windows:
        return Suggestion(False, count, len(hours))
    best = max(windows, key=lambda w: (w[0], -w[1]))
    worst = min(windows, key=lambda w: (w[0], w[1]))
    if best[0] - worst[0] < 0.2:  # no real difference over the day: no window to prefer
        return Suggestion(True, count, len(hours), None, None, best[0], worst[0])
    return Suggestion(True, count, len(hours), (best[1], (best[1] + WINDOW_H) % 24),
                      (worst[1], (worst[1] + WINDOW_H) % 24), round(best[0], 2), round(worst[0], 2),
                      _nearby_worse(points, best[1], worst[1]))


def _nearby_worse(points: Iterable[Point], best: int, worst: int) -> bool:
    """Whether the way to the app's nearby servers also lost quality in the worst hours: then
    the evening slump may be this side's (a busy home network), not only the way into China."""
    nearby = by_hour(points, "service")
    spans = [[(start + i) % 24 for i in range(WINDOW_H)] for start in (best, worst)]
    if not all(h in nearby for span in spans for h in span):
        return False
    good, bad = (statistics.mean(nearby[h].mos or 1.0 for h in span) for span in spans)
    return good - bad >= 0.5


def beijing_windows(points: Iterable[Point]) -> dict[str, list[int]] | None:
    """A watch's best and worst windows in minutes of Beijing's day, as a verdict's time advice
    takes them (China's busy hours follow its clock, which never changes, not the user's):
    read in the zone of the latest sample. None while no window is preferred."""
    points = list(points)
    s = suggestion(points)
    if s.best is None or s.worst is None:
        return None
    latest = max((p for p in points if p.group == "china" and not p.offline), key=lambda p: p.at)
    shift = beijing_shift_min(latest.utc_offset_min)
    return {name: [(h * 60 + shift) % (24 * 60) for h in window]
            for name, window in (("best", s.best), ("worst", s.worst))}


def kept_windows(now: float) -> dict[str, list[int]] | None:
    """:func:`beijing_windows` of the watch kept in the history (the last two weeks); None when
    none ran, or the history cannot be read (a verdict does not depend on it)."""
    import sqlite3

    from ..base.paths import data_dir
    from ..records.history import FILENAME, WATCH_RETENTION_S, History, HistoryError

    try:
        if not (data_dir() / FILENAME).exists():
            return None  # no history yet: none is made for this
        store = History.open_default()
        try:
            return beijing_windows(store.points(now - WATCH_RETENTION_S))
        finally:
            store.close()
    except (HistoryError, OSError, sqlite3.Error):
        return None


PART_NAMES = {"china": N_("China"), "service": N_("{service} servers")}

COUNTS = {"samples": NP_("{n} sample", "{n} samples"),
          "hours": NP_("{n} hour of the day", "{n} hours of the day"),
          "for_hours": NP_("{n} hour", "{n} hours"),
          "minutes": NP_("{n} minute", "{n} minutes")}
TEXTS = {
    # {hours} and {every}: COUNTS["for_hours"] and COUNTS["minutes"] (start_line).
    "start": N_("Watching the line to China for {hours}, a sample every {every}. Ctrl-C stops; "
                "what was sampled is kept."),
    "figures": N_("{rtt} ms, {loss}% lost, quality {mos} of 5"),
    "silent": N_("no answer"),
    "table": N_("Your hour   samples   call quality into China (of 5)"),
    "best": N_("Calls to China went best at {best} your time ({best_beijing} Beijing time), "
               "and worst at {worst} ({worst_beijing} Beijing time)."),
    "flat": N_("Calls to China went about as well at every hour watched: no time of day is better."),
    # {samples} and {hours}: COUNTS, each in the form for its number ("1 sample", "3 samples").
    "few": N_("Not enough yet: {samples} over {hours}. Keep watching for at least {need} different "
              "hours."),
    "based": N_("Based on {samples} over {hours}."),
    "nearby": N_("The way to the app's nearby servers was worse at those hours too, so part of the "
                  "trouble may be on your side then (a busy home network), not only on the way into China."),
    "inside": N_("You are inside mainland China: a watch times the way into China from abroad, so it "
                  "cannot say which hours are better for your calls abroad. The hours above are what was "
                  "measured."),
    "gap": N_("No samples from {start} to {end}: the computer was asleep or CallPath was closed."),
    "offline": N_("No network on this computer from {start} to {end}: those samples are not counted."),
    "offline_once": N_("No network on this computer at {start}: that sample is not counted."),
    "offline_sample": N_("no network on this computer, not counted"),
}


def start_line(hours: float, every_min: float, lang: str = "en") -> str:
    """What a watch says as it starts: for how long (to three figures: "0.5", "24"), how often,
    each count in the form for the number shown ("1 hour", "1.5 hours", "every 1 minute")."""
    tr = translator(lang)
    shown_hours, shown_every = f"{hours:.3g}", f"{every_min:g}"
    return tr.gettext(TEXTS["start"]).format(
        hours=plural(tr, COUNTS["for_hours"], float(shown_hours)).format(n=shown_hours),
        every=plural(tr, COUNTS["minutes"], float(shown_every)).format(n=shown_every))


def _span(window: tuple[int, int], shift_min: int = 0) -> str:
    """Hours of the user's day, on their clock or (``shift_min``) another's, to the minute."""
    return f"{clock(window[0] * 60 + shift_min)}–{clock(window[1] * 60 + shift_min)}"


def words(s: Suggestion, utc_offset_min: int, lang: str = "en", location: str = "abroad",
          clock_change: tuple[str, int] | None = None) -> str:
    """The suggestion as a person would say it, in ``lang``. From inside China the samples time
    the wrong way (China's resolvers are then next door), so no hours are suggested.
    ``clock_change``: the next change of the user's clocks (locale_hint.clock_change): the best
    hours are then said on the new clock too, China's never changing."""
    translate = translator(lang).gettext
    sep = sentence_gap(lang)
    if location == "china":
        return translate(TEXTS["inside"])
    tr = translator(lang)
    counted = {"samples": plural(tr, COUNTS["samples"], s.samples).format(n=s.samples),
               "hours": plural(tr, COUNTS["hours"], s.hours).format(n=s.hours)}
    if not s.enough:
        return translate(TEXTS["few"]).format(**counted, need=MIN_HOURS)
    based = translate(TEXTS["based"]).format(**counted)
    if s.best is None or s.worst is None:
        return translate(TEXTS["flat"]) + sep + based
    to_beijing = beijing_shift_min(utc_offset_min)
    said = translate(TEXTS["best"]).format(
        best=_span(s.best), best_beijing=_span(s.best, to_beijing),
        worst=_span(s.worst), worst_beijing=_span(s.worst, to_beijing))
    if s.local_too:
        said += sep + translate(TEXTS["nearby"])
    said += sep + based
    if clock_change is not None and clock_change[1] != utc_offset_min:
        beijing = ((s.best[0] * 60 + to_beijing) % (24 * 60), (s.best[1] * 60 + to_beijing) % (24 * 60))
        said += sep + clock_change_line(beijing, clock_change, lang)
    return said


def gap_words(spans: list[tuple[float, float]], utc_offset_min: int, lang: str = "en", most: int = 3) -> str:
    """The latest gaps of a watch, in the user's time (the date too when a gap spans days)."""
    translate = translator(lang).gettext
    return sentence_gap(lang).join(translate(TEXTS["gap"]).format(**_times(a, b, utc_offset_min))
                                   for a, b in spans[-most:])


def offline_words(spans: list[tuple[float, float]], utc_offset_min: int, lang: str = "en", most: int = 3) -> str:
    """The latest stretches of a watch with no network on this computer (:func:`offline_spans`),
    in the user's time, said apart from the gaps: the computer was on, its samples not counted."""
    translate = translator(lang).gettext
    return sentence_gap(lang).join(
        translate(TEXTS["offline" if b > a else "offline_once"]).format(**_times(a, b, utc_offset_min))
        for a, b in spans[-most:])


def missed_words(gap_spans: list[tuple[float, float]], offline: list[tuple[float, float]],
                 utc_offset_min: int, lang: str = "en") -> str:
    """What a watch's answer leaves out: its gaps, then its stretches with no network."""
    said = (gap_words(gap_spans, utc_offset_min, lang), offline_words(offline, utc_offset_min, lang))
    return sentence_gap(lang).join(s for s in said if s)


def _times(a: float, b: float, utc_offset_min: int) -> dict[str, str]:
    zone = timezone(timedelta(minutes=utc_offset_min))
    start, end = datetime.fromtimestamp(a, zone), datetime.fromtimestamp(b, zone)
    fmt = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
    return {"start": start.strftime(fmt), "end": end.strftime(fmt)}


def to_json(points: Iterable[Point]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(p) for p in points]


def part_figures(p: Point, service_name: str, translate: Callable[[str], str]) -> str:
    """One part of a sample as the watch shows it: "China: 180 ms, 1% lost, quality 4.1 of 5";
    a sample taken with no network on this computer says so, of no part in particular."""
    if p.offline:
        return translate(TEXTS["offline_sample"])
    return f"{translate(PART_NAMES[p.group]).format(service=service_name)}: {figures(p, translate)}"


def round_figures(points: Iterable[Point], service_name: str, translate: Callable[[str], str], sep: str) -> str:
    """A round as the watch shows it, its parts joined by ``sep``; a round with no network on
    this computer said once."""
    return sep.join(dict.fromkeys(part_figures(p, service_name, translate) for p in points))


def figures(p: Point, translate: Callable[[str], str]) -> str:
    if p.mos is None or p.rtt_ms is None:
        return translate(TEXTS["silent"])
    return translate(TEXTS["figures"]).format(rtt=f"{p.rtt_ms:.0f}", loss=f"{p.loss_pct or 0:.0f}",
                                              mos=f"{p.mos:.1f}")


def summary(points: list[Point], utc_offset_min: int, lang: str = "en", location: str = "abroad",
            clock_change: tuple[str, int] | None = None) -> str:
    """The kept samples by hour of the user's day (a bar per hour), then the suggestion."""
    translate = translator(lang).gettext
    hours = by_hour(points)
    lines = [translate(TEXTS["table"])]
    for h in range(24):
        stat = hours.get(h)
        if stat is None:
            lines.append(f"  {h:02d}:00        –")
            continue
        mos = stat.mos or 1.0
        lines.append(f"  {h:02d}:00   {stat.samples:5d}     {mos:.1f} " + "█" * round(mos * 4))
    return "\n".join(lines + ["", words(suggestion(points), utc_offset_min, lang, location, clock_change)])
