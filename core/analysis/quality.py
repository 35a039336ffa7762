"""Call quality from round-trip time, jitter and loss: the E-model as Twilio's voice SDK
computes it (docs/sources.md, "Call quality"), so an ordinary long path into China is not called broken."""

from __future__ import annotations

# Calls are judged by MOS (E-model), not by same-continent latency targets: below this, a call
# sounds worse than "good" (Twilio's "fair" and below).
GOOD_MOS = 3.6


def mos(rtt_ms: float, jitter_ms: float, loss_pct: float) -> float:
    """Mean Opinion Score, 1.0 (unusable) to about 4.4 (excellent)."""
    effective = rtt_ms + 2.0 * jitter_ms + 10.0
    if effective < 160.0:
        r = 94.768 - effective / 40.0
    elif effective < 1000.0:
        r = 94.768 - (effective - 120.0) / 10.0
    else:
        r = 0.0
    if loss_pct <= r / 2.5:
        r = max(r - 2.5 * loss_pct, 6.52)
    else:
        r = 0.0
    return 1.0 + 0.035 * r + 7.0e-6 * r * (r - 60.0) * (100.0 - r)

