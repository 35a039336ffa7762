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

import json
import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..base.budget import Budget
from ..base.errors import classify
from ..base.measurement import Failure
from . import stun

SUBPROTOCOL = "net.measurementlab.ndt.v7"
MESSAGE_BYTES = 1 << 13        # the spec's first binary message size
MAX_MESSAGE_BYTES = 1 << 20    # grown up to this on a fast line (the spec allows up to 1 << 24)
DIRECTIONS = ("upload", "download")
SEND_SLICE_S = 0.1             # an upload's message: at most this long at the pace so far
MAX_SERVERS = 4                # the directory offers up to four
LOCATE_S = 5.0                 # the directory's answer
IDLE_S = 2.0                   # the round trip idle, to compare with
RATE_PPS = 20.0                # the samples beside the load: a call's 50 packets a second would add to it
# A load may stop once this many answers have waited at least CLEAR_MS over the idle line's
# 95th percentile (the worst grade, F), after CLEAR_AFTER_S of load: the answer is already clear.
CLEAR_MS = 400.0
CLEAR_ANSWERS = 10
CLEAR_AFTER_S = 1.5
DRAIN_S = 1.0                  # between the loads: the queue the upload filled drains first
MAX_SERIES = 400               # round trips kept per load (20 a second for its time, and more)


def load(budget: Budget, url: str, direction: str, seconds: float, byte_cap: int, user_agent: str,
         on_open: Callable[[], None] | None = None, clear: threading.Event | None = None,
         ended: threading.Event | None = None, family: int = 0) -> tuple[dict[str, Any], Failure | None]:
    """One ndt7 subtest to ``url`` (a wss:// URL ending /ndt/v7/upload or /download): bytes
    moved, seconds, and whether it ended at its time, its cap, the server's close, a stop or
    once ``clear`` was set (the answer already clear). ``on_open`` is called once the
    connection is open, as the load begins; ``ended`` is set as it ends, before the closing
    handshake (a download's server may still be sending for a moment: not the load's time).
    ``family``: connect over this IP version only (the samples' own: on a line whose IPv4 and
    IPv6 take different ways, the samples must wait in the load's queue); 0, either.
    Directly, never through a proxy, as the samples go."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    from .tlsctx import make_context

    metrics: dict[str, Any] = {"direction": direction, "bytes": 0, "seconds": 0.0, "ended": None}
    began = time.monotonic()
    opened = False
    sock = None
    try:
        sock = _connected(budget, url, family)
        with connect(url, sock=sock, subprotocols=[Subprotocol(SUBPROTOCOL)],
                     ssl=make_context() if url.startswith("wss:") else None, open_timeout=budget.timeout(5.0),
                     max_size=1 << 24, user_agent_header=user_agent, compression=None,
                     # A download's server may still be sending when we stop: its close waits
                     # behind the data in flight, so we wait a moment for it, then hang up. An
                     # upload's close would wait behind our own data still queued: not waited for.
                     close_timeout=1.0 if direction == "download" else 0.1) as ws:
            opened, began = True, time.monotonic()
            if on_open is not None:
                on_open()
            try:
                metrics["ended"] = _move(ws, budget, direction, seconds, byte_cap, began, metrics, clear)
            finally:
                if ended is not None:
                    ended.set()
                if direction == "upload":
                    _drop_queued(ws.socket)
            # The load's own time, not the closing handshake's after it.
            metrics["seconds"] = round(time.monotonic() - began, 3)
    except ConnectionClosed:
        # The server may end a subtest early (the spec allows it); or a send cut at the load's
        # time left the connection to be dropped (the load had ended by then).
        metrics["ended"] = metrics["ended"] or "closed"
    except Exception as e:  # a connection that fails, or a break mid-test: what was moved is kept
        metrics["seconds"] = round(time.monotonic() - began, 3) if opened else 0.0
        return metrics, classify(e)
    finally:
        if sock is not None:
            budget.unregister(sock)
            sock.close()
    if not metrics["seconds"]:
        metrics["seconds"] = round(time.monotonic() - began, 3)
    return metrics, None


def _connected(budget: Budget, url: str, family: int) -> socket.socket:
    """A TCP connection to ``url``'s server over ``family`` (0: either), registered with the
    budget so that a stop wakes whatever waits on it."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "wss" else 80)
    failure: OSError = OSError(f"no address of the load server over IPv{6 if family == socket.AF_INET6 else 4}")
    for fam, kind, proto, _, address in socket.getaddrinfo(parts.hostname, port, family, socket.SOCK_STREAM):
        sock = socket.socket(fam, kind, proto)
        sock.settimeout(budget.timeout(5.0))
        budget.register(sock)
        try:
            sock.connect(address)
            return sock
        except OSError as e:
            budget.unregister(sock)
            sock.close()
            failure = e
    raise failure


def _drop_queued(sock: socket.socket) -> None:
    """At an upload's end, drop what the system still holds to send (up to megabytes on a slow
    line) when the connection closes, rather than let it drain into the download's test."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("HH" if sys.platform == "win32" else "ii", 1, 0))
    except OSError:
        pass  # then it drains: the pause between the two loads covers most of it


def _move(ws: Any, budget: Budget, direction: str, seconds: float, byte_cap: int, began: float,
          metrics: dict[str, Any], clear: threading.Event | None) -> str:
    """Send (upload) or take (download) binary messages until the time, the cap, a stop or a
    clear answer; which of them ended it."""
    from websockets.exceptions import ConnectionClosed

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
        if clear is not None and clear.is_set():
            return "clear"
        if direction == "upload":
            # A slow line drains a message slowly: the send waits no longer than the load's
            # time left (then the load has had its time, and the connection is dropped).
            ws.socket.settimeout(max(0.05, seconds - elapsed))
            try:
                ws.send(payload[:size])
            except (TimeoutError, ConnectionClosed):
                # (the library reports the cut send as the connection closed)
                if time.monotonic() - began >= seconds - 0.05:
                    return "time"
                raise
            metrics["bytes"] += size
            # Larger messages on a fast line, as the spec's appendix does: each about a
            # sixteenth of what has been sent so far — but no more than a tenth of a second
            # at the pace so far, so that one message cannot hold the load seconds past its
            # time on a slow line whose send buffer took the first bytes at once.
            pace = metrics["bytes"] / max(time.monotonic() - began, 1e-3)
            if size < MAX_MESSAGE_BYTES and metrics["bytes"] >= 16 * size and 2 * size <= pace * SEND_SLICE_S:
                size *= 2
        else:
            try:
                message = ws.recv(timeout=max(0.05, min(0.5, seconds - elapsed)))
            except TimeoutError:
                continue
            if isinstance(message, bytes):
                metrics["bytes"] += len(message)


def servers(data: Any) -> list[tuple[str, dict[str, str]]]:
    """The load servers a directory's answer offers (M-Lab's locate service, v2: up to four,
    nearest first), each as its machine's name and its URL for each direction; what is not
    such an entry is left out (a hostile or damaged answer offers nothing, never raises)."""
    results = data.get("results") if isinstance(data, dict) else None
    out = []
    for result in results if isinstance(results, list) else []:
        if not isinstance(result, dict) or not isinstance(result.get("urls"), dict):
            continue
        urls = result["urls"]
        chosen: dict[str, str] = {}
        for direction in DIRECTIONS:
            # The secure URL where offered (a test's messages then pass a proxy or a filter
            # that reads them untouched); the clear one only where nothing else is.
            for scheme in ("wss", "ws"):
                url = urls.get(f"{scheme}:///ndt/v7/{direction}")
                if isinstance(url, str) and urlsplit(url).scheme == scheme and urlsplit(url).hostname:
                    chosen[direction] = url
                    break
        if len(chosen) == len(DIRECTIONS):
            machine = result.get("machine")
            name = machine if isinstance(machine, str) and machine else urlsplit(chosen["upload"]).hostname
            out.append((str(name)[:253], chosen))
    return out[:MAX_SERVERS]


def locate(budget: Budget, session: Any, url: str) -> tuple[list[tuple[str, dict[str, str]]], Failure | None]:
    """Ask the directory at ``url`` for the load servers nearest this computer
    (:func:`servers`). ``session``: the run's web session (probes/http.ProbeSession); asked
    directly, not through a proxy, as the load and its samples go (the directory names the
    servers nearest whoever asks)."""
    try:
        body, status = session.get_bytes(budget, url, total=LOCATE_S, direct=True)
    except Exception as e:
        if budget.stopped:
            budget.check()
        return [], classify(e)
    if status != 200:
        return [], Failure("http_status", f"the load servers' directory answered HTTP {status}")
    try:
        found = servers(json.loads(body.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        found = []
    if not found:
        return [], Failure("malformed", "the load servers' directory named no load server")
    return found, None


def measure(budget: Budget, offered: list[tuple[str, dict[str, str]]], target: tuple[str, int], seconds: float,
            byte_cap: int, user_agent: str, idle_s: float = IDLE_S, rate: float = RATE_PPS) -> dict[str, Any]:
    """The round trip to ``target`` (a STUN server) idle, then under each direction's load:
    per direction the load's figures (the server that took it, bytes, seconds, how it ended),
    the samples taken while it ran — from when it opened until it ended — and its ``error``
    (no load server took it: that direction is not measured). The servers ``offered`` are
    tried in turn (a server may turn a test away when it is full); the one that took a
    direction is tried first for the next. Nothing is loaded when the target does not answer
    idle: there would be nothing to compare with."""
    host, port = target
    idle, idle_failure = stun.sample(budget, host, port, idle_s, rate)
    out: dict[str, Any] = {"idle": idle, "idle_error": idle_failure.to_json() if idle_failure else None}
    if idle_failure is not None:
        return out
    idle_p95 = idle["rtt_ms"]["p95"]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    order = list(offered)
    for direction in DIRECTIONS:
        if direction != DIRECTIONS[0] and budget.wait(DRAIN_S):
            break  # (a pause for the queue the load before filled to drain)
        if budget.stopped:
            break
        figures: dict[str, Any] = {}
        failure: Failure | None = Failure("unreachable", "no load server was offered")
        for name, urls in list(order):
            if budget.stopped:
                break
            figures, failure, opened = _loaded(budget, urls[direction], direction, target, seconds, byte_cap,
                                               user_agent, idle_p95, rate, family)
            figures["server"] = name
            if opened:
                order.remove((name, urls))
                order.insert(0, (name, urls))
                break
        out[direction] = {**figures, "error": failure.to_json() if failure else None}
    return out


def _loaded(budget: Budget, url: str, direction: str, target: tuple[str, int], seconds: float, byte_cap: int,
            user_agent: str, idle_p95: float, rate: float, family: int) -> tuple[dict[str, Any], Failure | None, bool]:
    """One direction loaded through ``url`` with the samples beside it; whether it opened.
    The samples' round trips are kept in order (``series``: each request's send time from the
    load's start, s, and its round trip, ms), so that a queue that holds can be told from one
    stall (a Wi-Fi scan) that held a burst of answers at once."""
    host, port = target
    timed: dict[str, Any] = {}
    ended = threading.Event()   # the load is over: the samples stop with it
    clear = threading.Event()   # the samples already show the line choking: the load may stop
    began: list[float] = []
    waits: list[float] = []

    series: list[list[float]] = []

    def watch(rtt_ms: float) -> bool:
        # Sampled answers, one by one: a line whose waits already reach the worst grade
        # again and again need not be loaded to its time.
        if began and len(series) < MAX_SERIES:
            series.append([round(time.monotonic() - rtt_ms / 1000.0 - began[0], 2), round(rtt_ms, 1)])
        if rtt_ms - idle_p95 >= CLEAR_MS:
            waits.append(rtt_ms)
        if began and time.monotonic() - began[0] >= CLEAR_AFTER_S and len(waits) >= CLEAR_ANSWERS:
            clear.set()
        return ended.is_set()

    def time_it() -> None:
        figures, failure = stun.sample(budget, host, port, seconds + 0.5, rate, watch)
        timed.update(samples=figures, samples_error=failure.to_json() if failure else None)

    timer = threading.Thread(target=time_it, daemon=True, name=f"callpath-busy-{direction}")

    def on_open() -> None:
        began.append(time.monotonic())
        timer.start()

    figures, failure = load(budget, url, direction, seconds, byte_cap, user_agent, on_open, clear, ended, family)
    ended.set()
    if timer.ident is not None:
        timer.join(seconds + 3.0)
    if isinstance(timed.get("samples"), dict):
        timed["samples"]["series"] = series
    return {**figures, **timed}, failure, bool(began)
