"""A watch's records as the history keeps them: its samples (:class:`Point`) and its plan
(:class:`Plan`). The watch (:mod:`callpath.core.watch`) takes and reads them; the
history (:mod:`callpath.core.records.history`) stores them.
"""

from __future__ import annotations

import dataclasses

# Each voice sample of a watch, in seconds (a diagnosis takes 5); why so short and so sparse is
# said with the watch's other figures (watch.sampling).
SAMPLE_S = 3.0


@dataclasses.dataclass(frozen=True)
class Point:
    """One sample of one part of the way: when (UTC seconds), the user's time zone then, and
    the voice figures (None when nothing answered). ``offline``: taken while this computer had
    no usable network: kept and said, never counted as the line's quality. ``app``: for the
    app's servers (group "service"), the app whose servers they are (a watch of every app
    samples each app's); "" for the way into China, shared by every app, and in samples kept
    before watches said it."""
    at: float
    utc_offset_min: int
    group: str
    rtt_ms: float | None
    loss_pct: float | None
    mos: float | None
    offline: bool = False
    app: str = ""

    @property
    def local_hour(self) -> int:
        return int((self.at + self.utc_offset_min * 60) // 3600) % 24


@dataclasses.dataclass(frozen=True)
class Plan:
    """A watch as it was asked for, kept in the history so that it goes on after the app or the
    computer restarts. ``origin`` is "app" or "terminal" (the app resumes only its own);
    ``beat`` is when its last round was kept; ``ended`` is None until it ends (done or stopped)."""
    started: float
    until: float
    every_min: float
    app: str                     # the app watched: its id in the catalog, or "all" (every app)
    origin: str
    beat: float
    ended: float | None = None

    def unfinished(self, now: float) -> bool:
        return self.ended is None and now < self.until - self.every_min * 60 / 2

    def orphaned(self, now: float) -> bool:
        """Unfinished, and nobody is taking its rounds (its last is two intervals old): the app
        or the terminal that ran it was closed, or the computer restarted."""
        return self.unfinished(now) and now - self.beat > self.silence_s

    @property
    def silence_s(self) -> float:
        """A longer time without a round than this is a gap."""
        return 2 * self.every_min * 60 + SAMPLE_S + 60

    def hours_left(self, now: float) -> float:
        return max(0.0, (self.until - now) / 3600)
