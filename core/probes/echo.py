"""This computer's own timing noise: an echo on loopback, sampled like a call's media.

A busy computer (another program using the processor, a slow scheduler, power saving) delays
every packet it times, whichever path the packet took. The echo is served and sampled inside
CallPath, so any delay or loss it shows was added here, not on any network: the analysis
reads it before blaming a path for a late round trip.
"""

from __future__ import annotations

import itertools
import select
import socket
import threading
from collections.abc import Hashable
from typing import Any

from ..base import timeouts
from ..base.budget import SLICE_S, Budget
from ..base.errors import classify
from ..base.measurement import Failure
from . import sampling


class EchoProtocol:
    name = "echo"
    kinds: tuple[str, ...] = ("echo",)

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def request(self, kind: str) -> tuple[Hashable, bytes]:
        key = next(self._counter)
        return key, key.to_bytes(8, "big")

    def parse(self, data: bytes) -> sampling.Answer | None:
        if len(data) != 8:
            return None
        return sampling.Answer(int.from_bytes(data, "big"))


def _serve(sock: socket.socket, stop: threading.Event) -> None:
    while not stop.is_set():
        readable, _, _ = select.select([sock], [], [], SLICE_S)
        if not readable:
            continue
        try:
            data, peer = sock.recvfrom(64)
            sock.sendto(data, peer)
        except OSError:
            continue


def sample(budget: Budget, duration: float = timeouts.SAMPLE_S,
           rate: float = timeouts.SAMPLE_RATE_PPS) -> tuple[dict[str, Any], Failure | None]:
    """Sample an echo served on loopback by a thread of this process."""
    try:
        server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        server.bind(("127.0.0.1", 0))
    except OSError as e:
        return {}, classify(e)
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, stop), daemon=True, name="callpath-echo")
    thread.start()
    try:
        return sampling.sample(budget, "127.0.0.1", server.getsockname()[1], EchoProtocol(), duration, rate)
    finally:
        stop.set()
        thread.join()
        server.close()
