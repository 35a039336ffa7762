"""A call's fallback when UDP is blocked: voice over TCP to the media relay, on port 443.

Mechanism: a network that drops UDP but lets web connections out still carries Teams calls,
over the relay's TCP 443 — slower to recover from loss, so they may sound worse, but they
connect. Microsoft documents TCP 443 beside UDP 3478 for the relay's test host and says media
falls back to it (../shared/FACTS.md, "Teams"); what exactly the relay speaks there is not
documented (weak). So the check sends the same unauthenticated TURN Allocate as the UDP test,
over TCP (RFC 8656 §6.2: STUN messages framed by their own length): any STUN answer — a 401
asking for credentials is the usual one — proves a relay that takes calls answers this way.

What else leaves this evidence: a TCP answer says nothing about UDP, and silence over TCP is
not proof that calls cannot fall back (a relay may want TLS on that port). So the answer only
qualifies a "voice channel blocked" verdict — calls can still connect — and silence adds nothing.
Catalog field: ``"media_tcp": <port>`` on the relay's entry.
"""

from __future__ import annotations

import select
import socket
import time
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from . import Kind

if TYPE_CHECKING:
    from ..budget import Budget
    from ..catalog import Endpoint
    from ..evidence import Evidence
    from ..finding import Finding
    from ..measurement import Failure
    from ..runner import Planned, Run, Task

# The probe and the runner (sockets, requests, dnspython, aioice), and the analysis' evidence,
# are imported where a check runs or a finding is shaped, not here: the catalog's validator
# imports every kind for its field and parser, and the app's window reads the catalog before
# its first paint, which must pay for neither.

ANSWER_TIMEOUT_S = 3.0  # after connecting: how long the relay may take to answer
_HEADER = 20


def _port(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        raise ValueError("must be a port number (1-65535)")
    return value


def _planned(ep: Endpoint, pre: str) -> list[Planned]:
    from ..runner import Planned

    return [Planned(f"{pre}.media_tcp", "media_tcp", ep.group, f"{ep.host}:{ep.option('media_tcp')}/tcp")]


def _run(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    from ..runner import measure, skip

    mid = f"{pre}.media_tcp"
    if address is None:
        skip(task, run, mid, f"{pre}.dns failed")
        return
    measure(task, run, mid, lambda: allocate_over_tcp(run.budget, address, ep.option("media_tcp")), ep)


def allocate_over_tcp(budget: Budget, address: str, port: int) -> tuple[dict[str, Any], Failure | None]:
    """A TURN Allocate over a TCP connection to ``address:port``, and the relay's answer."""
    from ..errors import classify
    from ..measurement import Failure
    from ..probes import net
    from ..probes import stun as stunprobe

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
    from ..budget import SLICE_S
    from ..probes import stun as stunprobe

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


def _shape(finding: Finding, ev: Evidence) -> None:
    """A blocked voice channel with the relay answering over TCP: calls can still connect."""
    from ..evidence import ids

    if finding.cause != "udp_blocked" or finding.facts.get("variant") == "proxy_only":
        return
    answered = [m for m in ev.select("media_tcp", "service") if m.ok]
    if answered:
        finding.notes.append("media_tcp_fallback")
        finding.evidence += ids(answered)


KIND = Kind(
    field="media_tcp",
    label=N_("voice over a web connection"),
    parse=_port,
    planned=_planned,
    run=_run,
    shape=_shape,
    notes={
        "media_tcp_fallback": N_("The voice servers of {service} did answer over an ordinary web connection "
                                 "(port 443), which {service} uses when the fast channel is blocked: "
                                 "calls may still connect here, but sound worse and drop more easily."),
    },
)
