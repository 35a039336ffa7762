"""Reading a watch's samples by hour of the user's own day: the hours' figures (:func:`by_hour`)
and the best and worst windows to call (:func:`suggestion`, and in Beijing's minutes for a
verdict, :func:`beijing_windows`); for a watch of every app, each app's way against its own usual
by hour (:func:`apps_watch`). Pure, from the samples given; only :func:`kept_windows` reads
them from the history first.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Iterable

from ..base.reportdata import Watched
from ..records.watched import Point
from ..words.explain import beijing_shift_min

MIN_HOURS = 6                  # hours of the day with samples before any window is suggested
WINDOW_H = 3                   # the length of the suggested window, in hours


@dataclasses.dataclass(frozen=True)
class Hour:
    hour: int            # the user's local hour, 0-23
    samples: int
    mos: float | None    # median call quality of the way into China that hour
    rtt_ms: float | None
    loss_pct: float | None


def by_hour(points: Iterable[Point], group: str = "china", app: str | None = None) -> dict[int, Hour]:
    """The samples of one part of the way (``app``: of that app's servers only), by the user's
    local hour (each in the zone it was taken in); a sample where nothing answered counts as
    the worst quality. Samples taken with no network on this computer are not the line's:
    they are left out."""
    buckets: dict[int, list[Point]] = {}
    for p in points:
        if p.group == group and not p.offline and (app is None or p.app == app):
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
    the evening slump may be this side's (a busy home network), not only the way into China.
    A watch of every app: every app's servers watched at those hours (trouble on this side
    slows them all; one app's relay busy in the evening is that app's)."""
    points = list(points)
    spans = [[(start + i) % 24 for i in range(WINDOW_H)] for start in (best, worst)]
    # The apps whose servers answered (a server that never does is no measure of its way).
    tagged = sorted({p.app for p in points if p.group == "service" and p.app and p.mos is not None})
    for app in tagged if len(tagged) > 1 else [None]:
        nearby = by_hour(points, "service", app)
        if not all(h in nearby for span in spans for h in span):
            return False  # an app not watched at those hours: not known to be this side's
        good, bad = (statistics.mean(nearby[h].mos or 1.0 for h in span) for span in spans)
        if good - bad < 0.5:
            return False
    return True


# --- a watch of every app: each app's way against its own usual, hour by hour ----------------------

# An hour worse than the app's own usual by this much call quality (the margin local_too asks
# too): one lost packet of a sample's 24 costs 0.27, so one unlucky sample does not reach it.
WORSE_MOS = 0.5
MIN_RUN_H = 2   # worse hours said only in runs this long: congestion lasts hours, noise an hour


@dataclasses.dataclass(frozen=True)
class AppWay:
    """One app's servers over a watch of every app, against their own usual: never ranked
    against another app's, whose servers are elsewhere (a relay next door has a shorter round
    trip than a server in China, and says nothing of the way on into China). ``quality``: by
    hour of the user's day, the median call quality of its answered samples with the way's own
    shortest round trip taken off (what an hour added: delay and loss, not distance);
    ``usual``: the median of those over the watch; ``worse``: the hours at least WORSE_MOS
    below it, in runs of MIN_RUN_H hours or more; ``silent``: rounds its servers did not answer
    at all, left out (a server may stop answering such requests as well as the way dropping
    everything)."""
    app: str
    rounds: int
    silent: int
    quality: tuple[tuple[int, float], ...]
    usual: float | None
    worse: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class AppsWatch:
    """A watch of every app, read (:func:`apps_watch`): each app's way, and the hours of the
    day with rounds in which two apps' servers answered (``hours``; ``enough`` from MIN_HOURS)."""
    apps: tuple[AppWay, ...]
    hours: int
    enough: bool


def apps_sampled(points: Iterable[Point]) -> tuple[str, ...]:
    """The apps whose servers a watch sampled (its "service" samples name them), in the order
    first sampled; empty for samples kept before watches named the app."""
    return tuple(dict.fromkeys(p.app for p in points if p.group == "service" and p.app))


def paired(points: Iterable[Point]) -> list[Point]:
    """The apps' samples of the rounds in which two apps or more were sampled, with a network:
    a watch of every app's. A one-app watch kept in the same history is not compared."""
    rounds: dict[float, list[Point]] = {}
    for p in points:
        if p.group == "service" and p.app and not p.offline:
            rounds.setdefault(p.at, []).append(p)
    return [p for ps in rounds.values() if len({p.app for p in ps}) >= 2 for p in ps]


def apps_watch(points: Iterable[Point]) -> AppsWatch | None:
    """Each app's way over the paired rounds (:func:`paired`), against its own usual; None
    unless two apps were sampled in the same rounds."""
    from ..analysis.quality import mos

    samples = paired(points)
    apps = apps_sampled(samples)
    if len(apps) < 2:
        return None
    own: dict[str, list[Point]] = {}
    for p in samples:
        own.setdefault(p.app, []).append(p)
    ways = []
    for app in apps:
        answered = [(p.local_hour, p.rtt_ms, p.loss_pct or 0.0) for p in own[app]
                    if p.mos is not None and p.rtt_ms is not None]
        if not answered:
            ways.append(AppWay(app, len(own[app]), len(own[app]), (), None, ()))
            continue
        floor = min(rtt for _, rtt, _ in answered)
        buckets: dict[int, list[float]] = {}
        for hour, rtt, loss in answered:
            buckets.setdefault(hour, []).append(mos(rtt - floor, 0.0, loss))
        quality = {h: statistics.median(q) for h, q in sorted(buckets.items())}
        usual = statistics.median([q for qs in buckets.values() for q in qs])
        low = {h for h, q in quality.items() if round(usual - q, 2) >= WORSE_MOS}
        worse = tuple(h for span in runs(low) if len(span) >= MIN_RUN_H for h in span)
        ways.append(AppWay(app, len(own[app]), len(own[app]) - len(answered), tuple(quality.items()),
                           round(usual, 2), worse))
    # An hour counts when two apps answered in it (the other apps' ways to hold against).
    answered_in = [dict(w.quality) for w in ways]
    two = {h for q in answered_in for h in q if sum(h in other for other in answered_in) >= 2}
    return AppsWatch(tuple(ways), len(two), len(two) >= MIN_HOURS)


def runs(hours: Iterable[int]) -> list[list[int]]:
    """Hours of the day as runs of consecutive hours, a run over midnight one; every hour of
    the day is one run starting at 0."""
    hours = sorted(set(hours))
    out: list[list[int]] = []
    for h in hours:
        if out and out[-1][-1] == h - 1:
            out[-1].append(h)
        else:
            out.append([h])
    if len(out) > 1 and out[0][0] == 0 and out[-1][-1] == 23:
        out = [out[-1] + out[0], *out[1:-1]]
    return out


def beijing_windows(points: Iterable[Point]) -> Watched | None:
    """A watch's best and worst windows in minutes of Beijing's day, as a verdict's time advice
    takes them (China's busy hours follow its clock, which never changes, not the user's):
    read in the zone of the latest sample. None while no window is preferred."""
    points = list(points)
    s = suggestion(points)
    if s.best is None or s.worst is None:
        return None
    latest = max((p for p in points if p.group == "china" and not p.offline), key=lambda p: p.at)
    shift = beijing_shift_min(latest.utc_offset_min)
    best, worst = ([(h * 60 + shift) % (24 * 60) for h in window] for window in (s.best, s.worst))
    return {"best": best, "worst": worst}


def kept_windows(now: float) -> Watched | None:
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
