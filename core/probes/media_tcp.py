"""Voice over TCP to a media relay: an unauthenticated TURN Allocate over a TCP connection
(RFC 8656 §6.2: STUN messages framed by their own length), and the relay's answer. The check
that asks for it, and why, is the ``media_tcp`` kind (:mod:`callpath.core.kinds.media_tcp`).
"""

from __future__ import annotations

import select
import socket
import time
from typing import Any

from ..base.budget import SLICE_S, Budget
from ..base.errors import classify
from ..base.measurement import Failure
from . import net
from . import stun as stunprobe

ANSWER_TIMEOUT_S = 3.0  # after connecting: how long the relay may take to answer
_HEADER = 20


def allocate_over_tcp(budget: Budget, address: str, port: int) -> tuple[dict[str, Any], Failure | None]:
    """A TURN Allocate over a TCP connection to ``address:port``, and the relay's answer."""
    metrics: dict[str, Any] = {"address": address, "answered": False}
    sock, failure, connect_ms = net.connect_tcp(budget, address, port)
    if sock is None:
        return metrics, failure
    metrics["connect_ms"] = round(connect_ms, 1)
    request = stunprobe.build_request("allocate")
    try:
        t0 = time.monotonic()
        sock.sendall(bytes(request))
        data = _read_message(budget, sock, t0 + budget.timeout(ANSWER_TIMEOUT_S))
    except OSError as e:
        return metrics, classify(e)
    finally:
        sock.close()
    if data is None:
        return metrics, Failure("no_response", "the relay took the connection but did not answer")
    answer = stunprobe.parse_answer(data)
    if answer is None or answer.transaction_id != request.transaction_id:
        return metrics, Failure("unexpected_answer", "the answer over TCP was not the relay's")
    metrics.update(answered=True, rtt_ms=round((time.monotonic() - t0) * 1000.0, 1))
    error = answer.attributes.get("ERROR-CODE")
    if error:
        metrics["error_code"] = error[0]  # 401: credentials wanted, as expected
    return metrics, None


def _read_message(budget: Budget, sock: socket.socket, limit: float) -> bytes | None:
    """One STUN message read off a stream (header, then the length it gives), or None if
    the time ran out first. A closed connection raises, as a reset does."""

    data = b""
    sock.setblocking(False)
    while len(data) < _HEADER or len(data) < _HEADER + int.from_bytes(data[2:4], "big"):
        if len(data) >= _HEADER and (data[4:8] != stunprobe.MAGIC_COOKIE or data[0] & 0xC0):
            return data  # not STUN (a web server's error page, say): no need to wait for more
        budget.check()
        left = limit - time.monotonic()
        if left <= 0:
            return None
        readable, _, _ = select.select([sock], [], [], min(SLICE_S, left))
        if readable:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionAbortedError("closed before a whole answer")
            data += chunk
    return data[:_HEADER + int.from_bytes(data[2:4], "big")]
