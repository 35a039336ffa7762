"""HTTP(S) through requests, as the user's apps would see it: system proxies honoured,
the system's trust store, redirects recorded but never followed, bodies capped."""

from __future__ import annotations

import contextvars
import email.utils
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
import urllib3.connection
import urllib3.connectionpool
from requests.adapters import HTTPAdapter

from ..base import timeouts
from ..base.budget import Budget, Cancelled, current_budget
from ..base.errors import classify
from ..base.measurement import Failure
from .tlsctx import make_context

# Host name -> address the probe already resolved (and measured) for it, for this step only.
_pinned: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("pinned", default=None)


if TYPE_CHECKING:  # the mixin is only ever mixed into urllib3's connections
    _Connection = urllib3.connection.HTTPConnection
else:
    _Connection = object


class _Registering(_Connection):
    """Connection mixin: connect to the address the DNS step measured (so every layer of
    one endpoint is about the same server), and hand each new socket to the running step's
    budget, so cancelling the step shuts the socket down and wakes requests' blocking read."""

    def _new_conn(self):  # urllib3's hook that creates the socket
        pins = _pinned.get()
        name = getattr(self, "_dns_host", None)
        # urllib3 2.x connects to _dns_host, which also backs .host (SNI, certificate check,
        # Host header): swap it only for the connect. Through a proxy, the connection's host
        # is the proxy's and no pin matches it.
        if pins and name in pins:
            self._dns_host = pins[name]
            try:
                sock = super()._new_conn()
            finally:
                self._dns_host = name
        else:
            sock = super()._new_conn()
        budget = current_budget.get()
        if budget is not None:
            budget.register(sock)
        return sock

    def connect(self):
        super().connect()
        # Over TLS the connection now reads through a new socket object (the one registered
        # above was detached into it): register that one too, or a server that trickles
        # bytes inside TLS could hold the step past its time.
        budget = current_budget.get()
        if budget is not None and self.sock is not None:
            budget.register(self.sock)


class _HTTPConnection(_Registering, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_Registering, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _ProbeAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = make_context()
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        fresh = proxy not in self.proxy_manager
        proxy_kwargs.setdefault("ssl_context", make_context())
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if fresh:
            manager.pool_classes_by_scheme = _POOLS
        return manager

    def cert_verify(self, conn, url, verify, cert):
        super().cert_verify(conn, url, verify, cert)
        if verify is True:
            # Trust comes from our context (the OS store), not from requests' bundled one.
            conn.ca_certs = None
            conn.ca_cert_dir = None


class ProbeSession:
    """One requests session per run. Thread-safe enough for our use: each call builds its
    own request, and connections are not reused across steps (keep-alive off)."""

    def __init__(self) -> None:
        self._session = requests.Session()
        self._session.trust_env = True  # proxies and CA bundle as the system sets them
        # A pool per host for every host of a run (the catalog names about 25): a pool evicted
        # while one of its connections is out may never close that connection (urllib3 drops
        # it when it comes back at the wrong moment).
        adapter = _ProbeAdapter(pool_connections=64, pool_maxsize=32, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = "CallPath (connection diagnosis)"
        self._session.headers["Connection"] = "close"

    def close(self) -> None:
        self._session.close()

    def proxy_for(self, url: str) -> str | None:
        """The proxy the system would use for ``url``, without credentials, or None."""
        proxies = requests.utils.get_environ_proxies(url)
        proxy = proxies.get(urlsplit(url).scheme) or proxies.get("all")
        if not proxy:
            return None
        parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        return f"{parts.scheme}://{parts.hostname}:{parts.port or 80}"

    def _send(self, budget: Budget, method: str, url: str, total: float,
              address: str | None = None, **kwargs):
        step = budget.child(total)
        token = current_budget.set(step)
        host = urlsplit(url).hostname
        pin_token = _pinned.set({host: address} if address and host else None)
        try:
            response = self._session.request(
                method, url, allow_redirects=False, stream=True,
                timeout=(step.timeout(timeouts.HTTP_CONNECT_TIMEOUT_S),
                         step.timeout(timeouts.HTTP_READ_TIMEOUT_S)),
                **kwargs,
            )
            try:
                body = bytearray()
                for chunk in response.iter_content(8192):
                    body.extend(chunk)
                    if len(body) >= timeouts.HTTP_BODY_CAP_BYTES:
                        break
                    step.check()
            finally:
                response.close()
            return response, bytes(body[: timeouts.HTTP_BODY_CAP_BYTES])
        except Exception as e:
            # A socket we shut down surfaces as a connection error; say what really happened.
            if step.stopped and budget.stopped:
                budget.check()
            if step.stopped:
                raise TimeoutError(f"HTTP exchange took longer than {total:.0f} s") from e
            raise
        finally:
            current_budget.reset(token)
            _pinned.reset(pin_token)
            step.close()

    def post_bytes(self, budget: Budget, url: str, data: bytes, headers: dict[str, str],
                   total: float, address: str | None = None) -> tuple[bytes, int]:
        response, body = self._send(budget, "POST", url, total, address, data=data, headers=headers)
        return body, response.status_code

    def get_bytes(self, budget: Budget, url: str, total: float, direct: bool = False) -> tuple[bytes, int]:
        """GET ``url``: its body (capped) and status; a failure raises. ``direct``: not
        through the system's proxy (a measurement whose other packets go directly)."""
        # (an empty proxy for each scheme: requests then adds none of the system's)
        response, body = self._send(budget, "GET", url, total,
                                    proxies={"http": "", "https": ""} if direct else None)
        return body, response.status_code

    def fetch(self, budget: Budget, url: str, expect_status: tuple[int, ...] = (),
              expect_body: str | None = None, address: str | None = None,
              total: float = timeouts.HTTP_TOTAL_TIMEOUT_S) -> tuple[dict[str, Any], Failure | None]:
        """GET ``url`` once (from ``address`` if given). Metrics: status, redirect target,
        body facts, Date header skew."""
        # clock_skew_s is this computer's clock minus the server's (positive: we are ahead).
        metrics: dict[str, Any] = {"url": url, "proxy": self.proxy_for(url)}
        t0 = time.monotonic()
        try:
            response, body = self._send(budget, "GET", url, total, address)
        except Exception as e:
            metrics["elapsed_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
            if isinstance(e, Cancelled):
                raise
            return metrics, classify(e)
        metrics["elapsed_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
        failure = judge(metrics, response.status_code, response.headers, body, expect_status,
                        expect_body, received=datetime.now(UTC))
        return metrics, failure


def judge(metrics: dict[str, Any], status: int, headers: Mapping[str, str], body: bytes,
          expect_status: tuple[int, ...] = (), expect_body: str | None = None,
          received: datetime | None = None) -> Failure | None:
    """What an HTTP answer says (status, redirect target, body facts, Date header skew, into
    ``metrics``), and whether it is what the catalog expects. Everything here comes from the
    server: any value is handled, nothing is trusted."""
    received = received or datetime.now(UTC)
    metrics["status"] = status
    metrics["body_bytes"] = len(body)
    location = headers.get("location")
    if location is not None or 300 <= status < 400:
        # "redirect", not "location": that word is the user's own answer in a report's context.
        metrics["redirect"] = (location or "")[:500]
    metrics["content_type"] = (headers.get("content-type") or "")[:100]
    date = headers.get("date")
    if date:
        metrics["date_header"] = date[:64]
        try:
            server_time = email.utils.parsedate_to_datetime(date)
            if server_time.tzinfo is None:
                server_time = server_time.replace(tzinfo=UTC)
            metrics["clock_skew_s"] = round((received - server_time).total_seconds(), 1)
        except (TypeError, ValueError, IndexError, OverflowError):
            metrics["clock_skew_s"] = None
    if expect_body is not None:
        metrics["body_match"] = expect_body.encode() in body
    if expect_status and status not in expect_status:
        return Failure("http_status", f"HTTP {status}, expected {', '.join(map(str, expect_status))}")
    if expect_body is not None and not metrics["body_match"]:
        return Failure("bad_body", "the page did not contain the expected text")
    return None
