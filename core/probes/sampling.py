"""Path quality over UDP, as a call's media would see it: a few seconds of small requests at
about 100 a second, each matched to its answer, giving RTT, jitter and loss: raw figures only.
Call quality (MOS) is the analysis' to compute, for a part of the way (pathquality), not a probe's.

The protocol (STUN/TURN to a relay, DNS to a resolver) only builds requests and recognises
answers; pacing, matching, fallback and the figures are here, once.
"""

from __future__ import annotations

import itertools
import select
import socket
import statistics
import time
from collections.abc import Callable, Hashable
from typing import Any, Protocol

from ..base import timeouts
from ..base.budget import SLICE_S, Budget
from ..base.errors import classify
from ..base.measurement import Failure

CALL_INTERVAL_S = 0.02  # a call sends a voice packet every 20 ms


class Answer:
    """A recognised answer: the request it answers (``key``) and facts worth recording."""

    def __init__(self, key: Hashable, facts: dict[str, Any] | None = None):
        self.key = key
        self.facts = facts or {}


class SampleProtocol(Protocol):
    name: str
    kinds: tuple[str, ...]  # request kinds, tried in order while nothing answers

    def request(self, kind: str) -> tuple[Hashable, bytes]: ...

    def parse(self, data: bytes) -> Answer | None: ...  # None: not an answer (malformed)


def sample(budget: Budget, address: str, port: int, protocol: SampleProtocol,
           duration: float = timeouts.SAMPLE_S,
           rate: float = timeouts.SAMPLE_RATE_PPS,
           watch: Callable[[float], bool] | None = None) -> tuple[dict[str, Any], Failure | None]:
    """Requests to ``address:port`` at ``rate`` a second for ``duration`` seconds, and the
    figures of what came back. ``watch``, if given, sees each answer's round trip (ms) as it
    comes; once it returns True no more requests are sent (the busy-line test stops its
    samples with its load)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    metrics: dict[str, Any] = {"protocol": protocol.name, "answered_by": None, "sent": 0, "received": 0}
    sock = None
    try:
        sock = socket.socket(family, socket.SOCK_DGRAM)
        # Connected: the kernel then reports ICMP "port unreachable" (a refusing server) and
        # drops datagrams from any other source.
        sock.connect((address, port))
    except OSError as e:
        if sock is not None:
            sock.close()
        return metrics, classify(e)
    sock.setblocking(False)
    interval = 1.0 / rate
    sent: dict[Hashable, tuple[float, str]] = {}  # request key -> (send time, kind)
    rtts: list[tuple[float, float]] = []          # (send time, rtt ms), for the kind that answered
    seen: set[Hashable] = set()
    counts = {"duplicates": 0, "malformed": 0, "unmatched": 0}
    facts: dict[str, Any] = {}
    kinds = list(protocol.kinds)
    kind = kinds.pop(0)
    t0 = time.monotonic()
    answered_kind: str | None = None
    send_error: Failure | None = None
    next_send = t0
    stop_sending = t0 + budget.timeout(duration)
    try:
        while True:
            budget.check()
            now = time.monotonic()
            if answered_kind is None:
                if kinds and now - t0 >= timeouts.SAMPLE_FALLBACK_S:
                    kind = kinds.pop(0)
                if now - t0 >= timeouts.SAMPLE_GIVE_UP_S:
                    break
            sending = now < stop_sending
            if sending and now >= next_send:
                key, data = protocol.request(kind)
                try:
                    sock.send(data)
                    sent[key] = (now, kind)
                except OSError as e:
                    send_error = classify(e)
                    if send_error.code in ("unreachable", "no_network", "refused"):
                        break
                next_send += interval
            if not sending:
                if answered_kind is None:
                    break
                # Wait for the answers still on their way, not for requests already older than
                # the tail (lost): among hundreds of requests one is nearly always lost, and
                # waiting the whole tail for it would add a second to every verdict.
                waiting = any(k == answered_kind and key not in seen and now - at < timeouts.SAMPLE_TAIL_S
                              for key, (at, k) in sent.items())
                if not waiting or now >= stop_sending + timeouts.SAMPLE_TAIL_S:
                    break
            wait = max(0.0, min(next_send - now if sending else SLICE_S, SLICE_S))
            readable, _, _ = select.select([sock], [], [], wait)
            if not readable:
                continue
            while True:
                try:
                    data = sock.recv(4096)
                except BlockingIOError:
                    break
                except OSError as e:  # ICMP port unreachable: nothing listens there
                    send_error = classify(e)
                    break
                arrived = time.monotonic()
                answer = protocol.parse(data)
                if answer is None:
                    counts["malformed"] += 1
                    continue
                if answer.key not in sent:
                    counts["unmatched"] += 1
                    continue
                if answer.key in seen:
                    counts["duplicates"] += 1
                    continue
                seen.add(answer.key)
                sent_at, sent_kind = sent[answer.key]
                if answered_kind is None:
                    # Keep asking with the kind that answered (a slow first kind may answer
                    # after the switch to the next).
                    answered_kind = kind = sent_kind
                    metrics["first_answer_ms"] = round((arrived - t0) * 1000.0, 1)
                if sent_kind != answered_kind:
                    continue
                rtts.append((sent_at, (arrived - sent_at) * 1000.0))
                facts.update(answer.facts)
                if watch is not None and watch(rtts[-1][1]):
                    stop_sending = min(stop_sending, arrived)
    finally:
        sock.close()

    metrics.update(counts)
    metrics["duration_s"] = round(time.monotonic() - t0, 2)
    if answered_kind is None:
        metrics["sent"] = len(sent)
        if send_error is not None:
            return metrics, send_error
        if counts["malformed"] or counts["unmatched"]:
            return metrics, Failure("malformed", f"answers arrived but none was a valid {protocol.name} answer")
        return metrics, Failure("no_response", f"no {protocol.name} answer")

    counted = [key for key, (_, k) in sent.items() if k == answered_kind]
    received = sum(1 for key in counted if key in seen)
    values = [r for _, r in rtts]
    jitter = call_jitter(rtts)
    loss = 100.0 * (len(counted) - received) / len(counted) if counted else 0.0
    median = statistics.median(values)
    # Loss per second of sending, so the analysis can tell a burst from loss spread over the
    # sample (one burst is a weaker sign than loss that repeats).
    windows: dict[int, list[int]] = {}
    for key, (sent_at, k) in sent.items():
        if k == answered_kind:
            window = windows.setdefault(int(sent_at - t0), [0, 0])
            window[0] += 1
            window[1] += key in seen
    metrics.update(facts)
    metrics.update({
        "answered_by": answered_kind,
        "sent": len(counted),
        "received": received,
        "loss_pct": round(loss, 1),
        "rtt_ms": {
            "min": round(min(values), 1),
            "median": round(median, 1),
            "mean": round(statistics.fmean(values), 1),
            "p95": round(_percentile(values, 95), 1),
            "max": round(max(values), 1),
        },
        "jitter_ms": round(jitter, 1),
        "windows": [windows[i] for i in sorted(windows)],
    })
    return metrics, None


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def call_jitter(rtts: list[tuple[float, float]]) -> float:
    """Jitter as a call feels it: the mean change in round trip between answers to requests a
    call's packet interval apart (20 ms) — not between requests sent closer together for the
    count's sake, where slow changes in queueing would read smaller. ``rtts``: (sent at, ms)."""
    ordered, last = [], None
    for sent_at, rtt in sorted(rtts):  # by send time
        if last is None or sent_at - last >= CALL_INTERVAL_S - 1e-4:
            ordered.append(rtt)
            last = sent_at
    return statistics.fmean(abs(b - a) for a, b in itertools.pairwise(ordered)) if len(ordered) > 1 else 0.0
