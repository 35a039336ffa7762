"""TCP connect and TLS handshake, with timing, in short cancellable slices."""

from __future__ import annotations

import errno
import os
import select
import socket
import ssl
import time
from typing import Any

from ..base import timeouts
from ..base.budget import SLICE_S, Budget, Cancelled
from ..base.errors import classify
from ..base.measurement import Failure
from .tlsctx import make_context

# Failures after which a second handshake with a harmless name tells filtering-by-name apart
# from a server that is simply broken.
NAME_FILTER_SIGNS = ("reset", "connection_closed", "timeout")


def connect_tcp(budget: Budget, address: str, port: int,
                timeout: float = timeouts.TCP_CONNECT_TIMEOUT_S) -> tuple[socket.socket | None, Failure | None, float]:
    """Connect to ``address:port``. Returns (socket or None, failure or None, connect time in ms)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    t0 = time.monotonic()
    limit = t0 + budget.timeout(timeout)
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as e:
        return None, classify(e), 0.0
    try:
        sock.setblocking(False)
        err = sock.connect_ex((address, port))
        if err not in (0, _EINPROGRESS, _EWOULDBLOCK):
            raise OSError(err, _strerror(err))
        while err != 0:
            budget.check()
            left = limit - time.monotonic()
            if left <= 0:
                raise TimeoutError("TCP connect timed out")
            _, writable, failed = select.select([], [sock], [sock], min(SLICE_S, left))
            if writable or failed:
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    raise OSError(err, _strerror(err))
                break
        sock.setblocking(True)
        return sock, None, (time.monotonic() - t0) * 1000.0
    except Cancelled:
        sock.close()
        raise
    except OSError as e:
        sock.close()
        return None, classify(e), (time.monotonic() - t0) * 1000.0


_EINPROGRESS = errno.EINPROGRESS
_EWOULDBLOCK = getattr(errno, "WSAEWOULDBLOCK", errno.EWOULDBLOCK)


def _strerror(err: int) -> str:
    try:
        return os.strerror(err)
    except ValueError:
        return f"error {err}"


def tls_handshake(budget: Budget, sock: socket.socket, server_name: str,
                  timeout: float = timeouts.TLS_HANDSHAKE_TIMEOUT_S) -> tuple[dict[str, Any], Failure | None]:
    """Run a verified TLS handshake with SNI ``server_name`` on a connected socket.

    Returns metrics (protocol, cipher, issuer, subject, expiry, handshake time) and a failure.
    The socket is closed afterwards: nothing is sent beyond the handshake.
    """
    metrics: dict[str, Any] = {"sni": server_name}
    limit = time.monotonic() + budget.timeout(timeout)
    ctx = make_context()
    try:
        tls = ctx.wrap_socket(sock, server_hostname=server_name, do_handshake_on_connect=False)
    except (OSError, ValueError) as e:
        sock.close()
        return metrics, classify(e)
    # The handshake's time from here: making the context and wrapping the socket are this
    # computer's own work (on Linux the system's certificates are read there, 10-15 ms of
    # processor), which a busy computer stretches and the way to the server does not.
    t0 = time.monotonic()
    try:
        tls.setblocking(False)
        while True:
            budget.check()
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                wait_read, wait_write = [tls], []
            except ssl.SSLWantWriteError:
                wait_read, wait_write = [], [tls]
            left = limit - time.monotonic()
            if left <= 0:
                raise TimeoutError("TLS handshake timed out")
            select.select(wait_read, wait_write, [], min(SLICE_S, left))
        metrics["handshake_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
        metrics["version"] = tls.version()
        cipher = tls.cipher()
        metrics["cipher"] = cipher[0] if cipher else None
        cert = tls.getpeercert() or {}
        metrics["issuer"] = _name(cert.get("issuer", ()))
        metrics["subject"] = _name(cert.get("subject", ()))
        metrics["not_after"] = cert.get("notAfter")
        return metrics, None
    except Cancelled:
        raise
    except (OSError, ValueError) as e:
        metrics["handshake_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
        return metrics, classify(e)
    finally:
        tls.close()


def _name(rdns: Any) -> str:
    """'CN=..., O=...' from the tuple form ``getpeercert`` returns."""
    parts = []
    for rdn in rdns or ():
        for key, value in rdn:
            short = {"commonName": "CN", "organizationName": "O", "countryName": "C",
                     "organizationalUnitName": "OU"}.get(key)
            if short:
                parts.append(f"{short}={value}")
    return ", ".join(parts)
