"""Reading a watch's samples by hour of the user's own day: the hours' figures (:func:`by_hour`)
and the best and worst windows to call (:func:`suggestion`, and in Beijing's minutes for a
verdict, :func:`beijing_windows`); for a watch of every app, whose servers answered best each
hour (:func:`apps_by_hour`). Pure, from the samples given; only :func:`kept_windows` reads
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
    tagged = sorted({p.app for p in points if p.group == "service" and p.app})
    answers = []
    for app in tagged if len(tagged) > 1 else [None]:
        nearby = by_hour(points, "service", app)
        if all(h in nearby for span in spans for h in span):
            good, bad = (statistics.mean(nearby[h].mos or 1.0 for h in span) for span in spans)
            answers.append(good - bad >= 0.5)
    return bool(answers) and all(answers)


# --- a watch of every app: whose servers answered best, hour by hour ---------------------------------

SAME_MOS = 0.2  # call qualities closer than this are no real difference (as the day's windows)


@dataclasses.dataclass(frozen=True)
class AppsHour:
    """One hour of the user's day in a watch of every app: each app's servers' median call
    quality that hour, and the app whose servers answered best (None when the best two were
    within SAME_MOS of each other)."""
    hour: int
    mos: tuple[tuple[str, float], ...]   # (app, quality), in the order the apps were watched
    best: str | None


def apps_sampled(points: Iterable[Point]) -> tuple[str, ...]:
    """The apps whose servers a watch sampled (its "service" samples name them), in the order
    first sampled; empty for samples kept before watches named the app."""
    return tuple(dict.fromkeys(p.app for p in points if p.group == "service" and p.app))


def silent_apps(points: Iterable[Point]) -> tuple[str, ...]:
    """The apps whose servers never answered a sample taken with a network. Some servers do not
    answer such probes at all (a relay that wants credentials first, a STUN server that ignores
    strangers), so their silence is no measure of their way, and no hour is compared for them;
    a server that answered at other hours does answer, and its silence then counts as the worst."""
    points = [p for p in points if p.group == "service" and p.app and not p.offline]
    answered = {p.app for p in points if p.mos is not None}
    return tuple(a for a in dict.fromkeys(p.app for p in points) if a not in answered)


def apps_by_hour(points: Iterable[Point]) -> dict[int, AppsHour]:
    """By the user's local hour, each app's servers' quality (by_hour, per app) and the best
    app: for the hours when two apps or more were sampled, of those whose servers answered at
    all (:func:`silent_apps`). Empty unless two such apps were."""
    points = list(points)
    silent = set(silent_apps(points))
    apps = tuple(a for a in apps_sampled(points) if a not in silent)
    if len(apps) < 2:
        return {}
    per_app = {app: by_hour(points, "service", app) for app in apps}
    out = {}
    for hour in sorted({h for hours in per_app.values() for h in hours}):
        mos = tuple((app, per_app[app][hour].mos or 1.0) for app in apps if hour in per_app[app])
        if len(mos) < 2:
            continue
        ranked = sorted(mos, key=lambda m: -m[1])
        best = ranked[0][0] if ranked[0][1] - ranked[1][1] >= SAME_MOS else None
        out[hour] = AppsHour(hour, mos, best)
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
