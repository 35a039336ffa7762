"""Running a watch on schedule: a round every few minutes for hours, each kept in the history
database before the next, so a watch survives a restart or a sleeping computer (the missing
hours are simply gaps, :func:`gaps`), and a plan cut short goes on (:func:`carry_out`).

Time comes from one injectable place (:class:`Clock`), so tests and benches run a day in
seconds. What a round is, is the caller's (``take``: :func:`.sampling.sample` in the app and the
command line), so the schedule loads no probe.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..base.budget import Budget
from ..engine import locale_hint
from ..records.watched import Plan, Point

EVERY_MIN = 15.0               # minutes between rounds unless the user says (command and app)


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
