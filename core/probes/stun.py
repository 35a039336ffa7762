"""The voice path: STUN/TURN requests to a media relay, sampled like a call's media.

aioice encodes and parses the messages (RFC 5389/8489, TURN RFC 5766). Binding first; if a
relay ignores unauthenticated Bindings, a TURN Allocate, whose 401 error answer proves
reachability just as well. Pacing and figures: sampling.py.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from aioice import stun

from ..base import timeouts
from ..base.budget import Budget
from ..base.measurement import Failure
from . import sampling

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


class StunProtocol:
    name = "STUN"
    kinds: tuple[str, ...] = ("binding", "allocate")

    def request(self, kind: str) -> tuple[bytes, bytes]:
        msg = build_request(kind)
        return msg.transaction_id, bytes(msg)

    def parse(self, data: bytes) -> sampling.Answer | None:
        msg = parse_answer(data)
        if msg is None:
            return None
        facts: dict[str, Any] = {}
        if msg.message_class == stun.Class.ERROR:
            facts["error_code"] = msg.error_code
        for attr in ("XOR-MAPPED-ADDRESS", "MAPPED-ADDRESS"):
            if attr in msg.attributes:
                host, port = msg.attributes[attr]
                facts["mapped_address"] = f"{host}:{port}"
                break
        return sampling.Answer(msg.transaction_id, facts)


def sample(budget: Budget, address: str, port: int, duration: float = timeouts.SAMPLE_S,
           rate: float = timeouts.SAMPLE_RATE_PPS,
           watch: Callable[[float], bool] | None = None) -> tuple[dict[str, Any], Failure | None]:
    """STUN/TURN requests to ``address:port`` for ``duration`` seconds, and what came back
    (``watch``: :func:`sampling.sample`'s)."""
    return sampling.sample(budget, address, port, StunProtocol(), duration, rate, watch)
