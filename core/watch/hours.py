"""Reading a watch's samples by hour of the user's own day: the hours' figures (:func:`by_hour`)
and the best and worst windows to call (:func:`suggestion`, and in Beijing's minutes for a
verdict, :func:`beijing_windows`). Pure, from the samples given; only :func:`kept_windows` reads
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
