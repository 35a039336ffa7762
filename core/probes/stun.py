"""The voice path: a few seconds of STUN requests over UDP, as a call's media would flow.

aioice encodes and parses the messages (RFC 5389/8489, TURN RFC 5766); this module paces the
requests (about 20 a second), matches answers by transaction id and source, and derives RTT,
jitter, loss and MOS. Binding first; if a relay ignores unauthenticated Bindings, a TURN
Allocate, whose 401 error answer proves reachability just as well.
"""

from __future__ import annotations

import select
import socket
import statistics
import struct
import time
from typing import Any

from aioice import stun

from .. import timeouts
from ..budget import SLICE_S, Budget
from ..errors import classify
from ..measurement import Failure
from ..quality import mos, mos_label

MAGIC_COOKIE = struct.pack("!I", stun.COOKIE)
REQUESTED_TRANSPORT_UDP = 17 << 24


def build_request(kind: str) -> stun.Message:
    if kind == "binding":
        return stun.Message(stun.Method.BINDING, stun.Class.REQUEST)
    return stun.Message(stun.Method.ALLOCATE, stun.Class.REQUEST,
                        attributes={"REQUESTED-TRANSPORT": REQUESTED_TRANSPORT_UDP})


def parse_answer(data: bytes) -> stun.Message | None:
    """A STUN answer, or None for anything that is not one (garbage never raises)."""
    if len(data) < stun.HEADER_LENGTH or data[4:8] != MAGIC_COOKIE or data[0] & 0xC0:
        return None
    try:
        msg = stun.parse_message(data)
    except (ValueError, struct.error, IndexError, KeyError, UnicodeDecodeError):
        return None
    if msg.message_class not in (stun.Class.RESPONSE, stun.Class.ERROR):
        return None
    return msg


def sample(budget: Budget, address: str, port: int,
           duration: float = timeouts.STUN_SAMPLE_S,
           rate: float = timeouts.STUN_RATE_PPS) -> tuple[dict[str, Any], Failure | None]:
    """Send STUN requests to ``address:port`` for ``duration`` seconds and measure the answers."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    metrics: dict[str, Any] = {"answered_by": None, "sent": 0, "received": 0}
    try:
        sock = socket.socket(family, socket.SOCK_DGRAM)
        # Connected: the kernel then reports ICMP "port unreachable" (a refusing relay) and
        # drops datagrams from any other source.
        sock.connect((address, port))
    except OSError as e:
        sock.close()
        return metrics, classify(e)
    sock.setblocking(False)
    interval = 1.0 / rate
    sent: dict[bytes, tuple[float, str]] = {}  # transaction id -> (send time, kind)
    rtts: list[tuple[float, float]] = []       # (send time, rtt ms), for the kind that answered
    seen: set[bytes] = set()
    counts = {"duplicates": 0, "malformed": 0, "wrong_transaction": 0}
    kind = "binding"
    t0 = time.monotonic()
    answered_kind: str | None = None
    mapped = None
    error_code = None
    send_error: Failure | None = None
    next_send = t0
    stop_sending = t0 + budget.timeout(duration)
    try:
        while True:
            budget.check()
            now = time.monotonic()
            if answered_kind is None:
                if kind == "binding" and now - t0 >= timeouts.STUN_FIRST_ANSWER_S:
                    kind = "allocate"
                if now - t0 >= timeouts.STUN_GIVE_UP_S:
                    break
            sending = now < stop_sending
            if sending and now >= next_send:
                msg = build_request(kind)
                try:
                    sock.send(bytes(msg))
                    sent[msg.transaction_id] = (now, kind)
                except OSError as e:
                    send_error = classify(e)
                    if send_error.code in ("unreachable", "no_network", "refused"):
                        break
                next_send += interval
            if not sending:
                if answered_kind is None:
                    break
                waiting = [tid for tid, (_, k) in sent.items() if k == answered_kind and tid not in seen]
                if not waiting or now >= stop_sending + timeouts.STUN_TAIL_S:
                    break
            wait = max(0.0, min(next_send - now if sending else SLICE_S, SLICE_S))
            readable, _, _ = select.select([sock], [], [], wait)
            if not readable:
                continue
            while True:
                try:
                    data = sock.recv(2048)
                except BlockingIOError:
                    break
                except OSError as e:  # ICMP port unreachable: the relay refuses UDP
                    send_error = classify(e)
                    break
                arrived = time.monotonic()
                answer = parse_answer(data)
                if answer is None:
                    counts["malformed"] += 1
                    continue
                tid = answer.transaction_id
                if tid not in sent:
                    counts["wrong_transaction"] += 1
                    continue
                if tid in seen:
                    counts["duplicates"] += 1
                    continue
                seen.add(tid)
                sent_at, sent_kind = sent[tid]
                if answered_kind is None:
                    # Keep asking with the kind that answered (a slow Binding may answer
                    # after the switch to Allocate).
                    answered_kind = kind = sent_kind
                    metrics["first_answer_ms"] = round((arrived - t0) * 1000.0, 1)
                if sent_kind != answered_kind:
                    continue
                rtts.append((sent_at, (arrived - sent_at) * 1000.0))
                if answer.message_class == stun.Class.ERROR:
                    error_code = answer.error_code
                for attr in ("XOR-MAPPED-ADDRESS", "MAPPED-ADDRESS"):
                    if attr in answer.attributes:
                        mapped = answer.attributes[attr]
                        break
    finally:
        sock.close()

    metrics.update(counts)
    metrics["duration_s"] = round(time.monotonic() - t0, 2)
    if answered_kind is None:
        metrics["sent"] = len(sent)
        if send_error is not None:
            return metrics, send_error
        if counts["malformed"] or counts["wrong_transaction"]:
            return metrics, Failure("malformed", "answers arrived but none was a valid STUN answer")
        return metrics, Failure("no_response", "no STUN or TURN answer")

    counted = [t for t, (_, k) in sent.items() if k == answered_kind]
    received = sum(1 for t in counted if t in seen)
    values = [r for _, r in rtts]
    ordered = [r for _, r in sorted(rtts)]  # by send time
    jitter = statistics.fmean(abs(b - a) for a, b in zip(ordered, ordered[1:])) if len(ordered) > 1 else 0.0
    loss = 100.0 * (len(counted) - received) / len(counted) if counted else 0.0
    median = statistics.median(values)
    score = mos(median, jitter, loss)
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
        "mos": round(score, 2),
        "mos_label": mos_label(score),
        "mapped_address": f"{mapped[0]}:{mapped[1]}" if mapped else None,
        "error_code": error_code,
    })
    return metrics, None


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
