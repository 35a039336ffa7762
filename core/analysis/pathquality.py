"""How each part of the path treats a call's packets, judged on what a sample can prove.

A voice sample (STUN to a relay, DNS to a resolver, an echo on this computer) sends about 500
small packets (100 a second for 5 s: enough to tell 5 % loss from 10 %; reports from older
versions carry 100, which cannot tell 8 % from 12 %). Every loss figure carries its 95 %
interval (Wilson's score interval), and thresholds are judged on the interval, not the point —
a part "loses packets" only when even the interval's low end is over the threshold, and is
"clean" only when its high end is under it. Between the two, the sample cannot say.

Parts are compared by what each *adds* — loss, queueing (the median round trip above the
fastest one), jitter, and the round trip beyond the nearer part's — never by call-quality
scores across parts: MOS is not linear, so the same delay added on the user's side costs a
long path into China more points than a short one to the control.

Pure: figures in, states out. The thresholds live here, once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from typing import Any, TypeGuard

from ..base.reportdata import VoiceFigures
from .quality import GOOD_MOS, mos

# Loss that makes a call audibly worse: 5 % costs the E-model 12.5 points, a "good" call falls
# to "fair". Judged on the 95 % interval, the same for every part of the path.
LOSS_PCT = 5.0
# Loss at which a secure handshake timing out is ordinary: a handshake and its retries take
# about ten packets, so at 3 % about one in four meets a loss and waits a second or more.
HANDSHAKE_LOSS_PCT = 3.0
# Teams' target for jitter between a client and its edge; past it, audio breaks up.
JITTER_MS = 30.0
# Delay added by queues (median round trip above the fastest): congestion and bufferbloat
# show here on any path, whatever its length.
QUEUE_MS = 50.0
# The computer-to-router hop takes a few milliseconds on a working home network; this much
# means a struggling Wi-Fi or an overloaded router (the one part whose normal delay is known).
HOME_RTT_MS = 50.0
# The echo on this computer answers within a millisecond or two on an idle machine; this much
# queueing or any real loss means the computer itself was too busy to time packets.
BUSY_QUEUE_MS = 15.0
BUSY_LOSS_PCT = 2.0
# Loss in this many one-second windows of a sample is spread out, not one burst.
SPREAD_WINDOWS = 3
# 95 % two-sided.
_Z = 1.96


def loss_interval(sent: int, received: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of the loss rate, in percent."""
    if sent <= 0:
        return 0.0, 100.0
    lost = max(0, min(sent, sent - received))
    p = lost / sent
    z2 = _Z * _Z
    centre = (p + z2 / (2 * sent)) / (1 + z2 / sent)
    half = _Z * math.sqrt(p * (1 - p) / sent + z2 / (4 * sent * sent)) / (1 + z2 / sent)
    return round(max(0.0, centre - half) * 100, 1), round(min(1.0, centre + half) * 100, 1)


@dataclasses.dataclass(frozen=True)
class Sample:
    """One voice sample's figures, read from a measurement's metrics."""
    id: str
    group: str
    sent: int
    received: int
    rtt_median: float
    rtt_min: float
    jitter: float
    windows: tuple[tuple[int, int], ...] | None  # (sent, received) per second, if recorded

    @classmethod
    def of(cls, mid: str, group: str, metrics: dict[str, Any]) -> Sample | None:
        rtt = metrics.get("rtt_ms")
        sent, received = metrics.get("sent"), metrics.get("received")
        if not (isinstance(rtt, dict) and _number(rtt.get("median")) and _number(sent) and _number(received)):
            return None
        windows = metrics.get("windows")
        parsed = None
        if isinstance(windows, list) and all(
                isinstance(w, list) and len(w) == 2 and all(_number(x) for x in w) for w in windows):
            parsed = tuple((int(w[0]), int(w[1])) for w in windows)
        low = rtt.get("min")
        return cls(mid, group, int(sent), int(received), float(rtt["median"]),
                   float(low) if _number(low) else float(rtt["median"]),
                   float(metrics["jitter_ms"]) if _number(metrics.get("jitter_ms")) else 0.0, parsed)

    @property
    def loss_pct(self) -> float:
        return 100.0 * (self.sent - self.received) / self.sent if self.sent else 100.0

    @property
    def loss_range(self) -> tuple[float, float]:
        return loss_interval(self.sent, self.received)

    @property
    def lossy(self) -> bool:
        """Lost packets beyond doubt: the interval's low end over the threshold."""
        return self.loss_range[0] >= LOSS_PCT

    @property
    def loss_clean(self) -> bool:
        """Clean beyond doubt: even the interval's high end is under the threshold. Every link
        this sample crossed is then cleared of loss."""
        return self.loss_range[1] < LOSS_PCT

    @property
    def queue_ms(self) -> float:
        return max(0.0, self.rtt_median - self.rtt_min)

    @property
    def lossy_windows(self) -> int | None:
        """How many of the sample's one-second windows lost packets (None: not recorded)."""
        if self.windows is None:
            return None
        return sum(1 for sent, received in self.windows if sent and received < sent)


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclasses.dataclass
class Part:
    """One part of the path (its samples pooled) and what can be said of it."""
    name: str
    samples: list[Sample]
    sent: int = 0
    received: int = 0
    loss_lo: float = 0.0
    loss_hi: float = 100.0
    rtt_median: float = 0.0
    jitter: float = 0.0
    queue: float = 0.0

    def __post_init__(self) -> None:
        self.sent = sum(s.sent for s in self.samples)
        self.received = sum(s.received for s in self.samples)
        self.loss_lo, self.loss_hi = loss_interval(self.sent, self.received)
        if self.samples:
            self.rtt_median = min(s.rtt_median for s in self.samples)
            self.jitter = min(s.jitter for s in self.samples)
            self.queue = min(s.queue_ms for s in self.samples)

    @property
    def measured(self) -> bool:
        return bool(self.samples)

    @property
    def loss_pct(self) -> float:
        return round(100.0 * (self.sent - self.received) / self.sent, 1) if self.sent else 0.0

    @property
    def lossy(self) -> bool:
        """Loses packets beyond doubt on what its samples share: the pooled interval's low end
        is over the threshold, and no sample of the part is clean (a clean one clears what they
        share: the loss is then one server's own stretch, not the part's)."""
        return self.measured and self.loss_lo >= LOSS_PCT and not any(s.loss_clean for s in self.samples)

    @property
    def loss_clean(self) -> bool:
        return self.measured and self.loss_hi < LOSS_PCT

    @property
    def shaky(self) -> bool:
        """Delay that varies: jitter or queueing on every sample of the part (the best of them
        is taken, so one sample's hiccup does not make a part shaky)."""
        return self.shaky_beyond(None)

    def shaky_beyond(self, reference: Part | None) -> bool:
        """Jitter or queueing this part adds beyond ``reference`` (the nearer part, whose own
        jitter — a busy Wi-Fi's, say — every path beyond it carries too)."""
        if not self.measured:
            return False
        ref = reference if reference is not None and reference.measured else None
        jitter = self.jitter - (ref.jitter if ref else 0.0)
        queue = self.queue - (ref.queue if ref else 0.0)
        return jitter >= JITTER_MS or queue >= QUEUE_MS

    @property
    def shared_loss_lo(self) -> float:
        """The least loss the part's shared way surely has: no more than its cleanest sample
        shows (each sample crosses it), so the lowest of the samples' interval low ends."""
        return min((s.loss_range[0] for s in self.samples), default=0.0)

    def adds_poor(self, reference: Part | None, likely: bool = False) -> bool:
        """What this part adds beyond a loss-free ``reference`` — the loss its shared way surely
        has (``likely``: most likely has), with the round trip it adds — would by itself make
        calls worse than good. A delay already on the nearer part (a standing queue at home) is
        not this part's."""
        loss = self.shared_loss_pct if likely else self.shared_loss_lo
        if not self.measured or loss <= 0:
            return False
        ref = reference if reference is not None and reference.measured else None
        if ref is not None and not ref.loss_clean:
            return False
        added = self.rtt_median - (ref.rtt_median if ref else 0.0)
        return mos(max(0.0, added), self.jitter, loss) < GOOD_MOS

    @property
    def shared_loss_pct(self) -> float:
        """The loss its shared way most likely has: its cleanest sample's (each crosses it)."""
        return min((s.loss_pct for s in self.samples), default=0.0)

    @property
    def likely_poor(self) -> bool:
        """A call over this part would most likely sound worse than good (the shared way's most
        likely loss, not its least)."""
        return self.measured and mos(self.rtt_median, self.jitter, self.shared_loss_pct) < GOOD_MOS

    @property
    def sounds_poor(self) -> bool:
        """A call over this part would sound worse than good, even at the least loss its shared
        way surely has: loss and delay judged together, as the E-model does."""
        return self.measured and mos(self.rtt_median, self.jitter, self.shared_loss_lo) < GOOD_MOS

    def worse_than(self, other: Part) -> bool:
        """Loses clearly more than ``other``: the intervals do not overlap."""
        return self.measured and other.measured and self.loss_lo > other.loss_hi

    def added_delay_bad(self, reference: Part | None) -> bool:
        """The round trip this part adds beyond ``reference`` (the nearer part) would by itself
        make calls worse than good. Distance alone is not trouble: a path into China is long."""
        if not self.measured:
            return False
        base = reference.rtt_median if reference is not None and reference.measured else 0.0
        return mos(max(0.0, self.rtt_median - base), 0.0, 0.0) < GOOD_MOS

    def figures(self) -> VoiceFigures:
        """What the texts quote: the pooled loss with its interval, the round trip, jitter."""
        return {"loss_pct": self.loss_pct, "loss_range": [self.loss_lo, self.loss_hi],
                "rtt_ms": round(self.rtt_median, 1), "jitter_ms": round(self.jitter, 1),
                "mos": round(mos(self.rtt_median, self.jitter, self.loss_pct), 2)}


def repeats(samples: Iterable[Sample], lossy: bool) -> bool:
    """The trouble shows more than once: in at least two samples (targets) — and, for loss,
    spread over at least three one-second windows of each (a burst straddling a second shows
    in two), not one burst. Needed for "high"; a report without windows cannot show that, so
    it gets at most "medium"."""
    if lossy:
        bad = [s for s in samples if s.loss_pct >= LOSS_PCT]
        return len(bad) >= 2 and all((s.lossy_windows or 0) >= SPREAD_WINDOWS for s in bad)
    bad = [s for s in samples if s.jitter >= JITTER_MS or s.queue_ms >= QUEUE_MS]
    return len(bad) >= 2


def part(name: str, samples: Iterable[Sample]) -> Part:
    return Part(name, list(samples))


def home_slow(home: Part) -> bool:
    return home.measured and home.rtt_median >= HOME_RTT_MS


def busy(noise: Sample | None) -> bool:
    """The computer was too busy to time packets: its own echo queued or lost them."""
    if noise is None:
        return False
    low, _ = loss_interval(noise.sent, noise.received)
    return noise.queue_ms >= BUSY_QUEUE_MS or low >= BUSY_LOSS_PCT or noise.rtt_median >= BUSY_QUEUE_MS
