"""The line when it is busy ("working latency"): load the upload, then the download, with the
ndt7 protocol (WebSocket over TLS, M-Lab's; spec: github.com/m-lab/ndt-server, spec/ndt7-
protocol.md), while timing the same small voice-like requests as the idle samples
(:mod:`.sampling`, through :mod:`.stun`) to a nearby server. A home router with a deep queue holds every packet
behind the load: the round trip under load minus the idle one is the wait a call's voice meets
when the line is busy. Raw figures only; what they mean for a call is the analysis'.

Each direction stops at its time or its byte cap, whichever comes first, or when the budget
is cancelled. A load server that cannot be reached is a failure of that direction, never a
clean line.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

from ..base.budget import Budget
from ..base.errors import classify
from ..base.measurement import Failure
from . import stun

SUBPROTOCOL = "net.measurementlab.ndt.v7"
MESSAGE_BYTES = 1 << 13        # the spec's first binary message size
MAX_MESSAGE_BYTES = 1 << 20    # grown up to this on a fast line (the spec allows up to 1 << 24)
DIRECTIONS = ("upload", "download")


def load(budget: Budget, url: str, direction: str, seconds: float, byte_cap: int, user_agent: str,
         on_open: Callable[[], None] | None = None) -> tuple[dict[str, Any], Failure | None]:
    """One ndt7 subtest to ``url`` (a wss:// URL ending /ndt/v7/upload or /download): bytes
    moved, seconds, and whether it ended at its time, its cap, the server's close or a stop.
    ``on_open`` is called once the connection is open, as the load begins."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    from .tlsctx import make_context

    metrics: dict[str, Any] = {"direction": direction, "bytes": 0, "seconds": 0.0, "ended": None}
    began = time.monotonic()
    opened = False
    try:
        with connect(url, subprotocols=[Subprotocol(SUBPROTOCOL)],
                     ssl=make_context() if url.startswith("wss:") else None, open_timeout=budget.timeout(5.0),
                     max_size=1 << 24, user_agent_header=user_agent, compression=None,
                     # A download's server may still be sending when we stop: its close waits
                     # behind the data in flight, so we wait a moment for it, then hang up.
                     close_timeout=1.0) as ws:
            opened, began = True, time.monotonic()
            if on_open is not None:
                on_open()
            metrics["ended"] = _move(ws, budget, direction, seconds, byte_cap, began, metrics)
    except ConnectionClosed:
        metrics["ended"] = "closed"  # the server may end a subtest early (the spec allows it)
    except Exception as e:  # a connection that fails, or a break mid-test: what was moved is kept
        metrics["seconds"] = round(time.monotonic() - began, 3) if opened else 0.0
        return metrics, classify(e)
    metrics["seconds"] = round(time.monotonic() - began, 3)
    return metrics, None


def _move(ws: Any, budget: Budget, direction: str, seconds: float, byte_cap: int, began: float,
          metrics: dict[str, Any]) -> str:
    """Send (upload) or take (download) binary messages until the time, the cap or a stop;
    which of them ended it."""
    payload = os.urandom(MAX_MESSAGE_BYTES)
    size = MESSAGE_BYTES
    while True:
        elapsed = time.monotonic() - began
        if budget.stopped:
            return "stopped"
        if elapsed >= seconds:
            return "time"
        if metrics["bytes"] >= byte_cap:
            return "cap"
        if direction == "upload":
            ws.send(payload[:size])
            metrics["bytes"] += size
            # Larger messages on a fast line, as the spec's appendix does: each about a
            # sixteenth of what has been sent so far.
            if size < MAX_MESSAGE_BYTES and metrics["bytes"] >= 16 * size:
                size *= 2
        else:
            try:
                message = ws.recv(timeout=max(0.05, min(0.5, seconds - elapsed)))
            except TimeoutError:
                continue
            if isinstance(message, bytes):
                metrics["bytes"] += len(message)


def measure(budget: Budget, urls: dict[str, str], target: tuple[str, int], seconds: float,
            byte_cap: int, user_agent: str, idle_s: float = 1.0, rate: float = 20.0) -> dict[str, Any]:
    """The round trip to ``target`` (a STUN server) idle, then under each direction's load:
    per direction the load's figures, the samples taken while it ran (from when it opened), and
    its ``error`` (the load server not reached: that direction is not measured)."""
    host, port = target
    idle, idle_failure = stun.sample(budget, host, port, idle_s, rate)
    out: dict[str, Any] = {"idle": idle, "idle_error": idle_failure.to_json() if idle_failure else None}
    for direction in DIRECTIONS:
        if budget.stopped:
            break
        timed: dict[str, Any] = {}

        def time_it(into: dict[str, Any]) -> None:
            figures, failure = stun.sample(budget, host, port, max(0.5, seconds - 0.5), rate)
            into.update(samples=figures, samples_error=failure.to_json() if failure else None)

        timer = threading.Thread(target=time_it, args=(timed,), daemon=True, name=f"callpath-busy-{direction}")
        figures, failure = load(budget, urls[direction], direction, seconds, byte_cap, user_agent, timer.start)
        if timer.ident is not None:
            timer.join(seconds + 3.0)
        out[direction] = {**figures, **timed, "error": failure.to_json() if failure else None}
    return out
