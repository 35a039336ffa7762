"""The measurements of one run, indexed, with the questions analysis keeps asking — and the
measurements that could not take the user's own path set apart.

CallPath measures with raw sockets (TCP, TLS, UDP) and with HTTP through the system's proxy.
Where the user's apps reach the internet only through a proxy, or only over IPv6 (NAT64), a
raw IPv4 or direct connection that fails says nothing about the user's network: it did not
go the way the user's apps go. Such failures are "not on the user's path" — not measured,
never failed (DESIGN 2.4).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from . import kinds
from .answers import Answers
from .measurement import ENDPOINT_GROUPS, Failure, Measurement

CUT_SHORT = {"cancelled", "deadline", "internal"}
SILENT_CODES = {"timeout", "unreachable", "no_response"}
NO_PATH_CODES = {"unreachable", "no_network"}
RAW_KINDS = {"tcp", "tls", "stun", "dns_sample", "dns_server", "dns_injection"}
# Raw steps whose success means something answered (the injection probe's success is silence).
REACH_KINDS = RAW_KINDS - {"dns_injection"}
REMOTE = ENDPOINT_GROUPS
TCP_KINDS = {"tcp", "tls"}
UDP_KINDS = {"stun", "dns_sample", "dns_server"}
OFF_PATH = "not_on_path"


class Evidence:
    """The measurements of one run, indexed."""

    def __init__(self, measurements: Iterable[Measurement], answers: Answers,
                 sensitive_probes: bool = True):
        self.raw = list(measurements)
        self.answers = answers
        self.sensitive_probes = sensitive_probes
        self.by_id = {m.id: m for m in self.raw}
        self.inside_china = answers.location == "china"
        self.raw_kinds = RAW_KINDS | kinds.raw_kinds()  # the plugin kinds' too
        self.no_ipv4 = self._no_ipv4()
        self.proxy_only = self._proxy_only()
        self.proxy_for_tcp = not self.proxy_only and self._proxy_for_tcp()
        self.all = [self._on_path(m) for m in self.raw]
        self.by_id = {m.id: m for m in self.all}
        self.off_path = [m for m in self.all if m.error is not None and m.error.code == OFF_PATH]

    # --- the user's own path ---------------------------------------------------------------

    def _no_ipv4(self) -> bool:
        """No IPv4 route but an IPv6 one: an IPv6-only network (NAT64 gives it the IPv4
        internet by name only, never to an IPv4 address typed in)."""
        route = self.by_id.get("local.route")
        if route is None or not route.measured:
            return False
        return not route.metrics.get("ipv4") and bool(route.metrics.get("ipv6"))

    def _proxy_only(self) -> bool:
        """The web works through the configured proxy while nothing direct gets out."""
        setting = self.by_id.get("local.proxy")
        if setting is None or not setting.metrics.get("in_use"):
            return False
        via_proxy = [m for m in self.raw if m.kind == "http" and m.metrics.get("proxy")
                     and (m.ok or isinstance(m.metrics.get("status"), int))]
        direct = [m for m in self.raw if m.kind in REACH_KINDS and m.group in REMOTE and m.measured]
        return bool(via_proxy) and bool(direct) and not any(m.ok for m in direct)

    def _proxy_for_tcp(self) -> bool:
        """The web works through the configured proxy, every direct connection (TCP) fails,
        and something direct over UDP answers: an office that sends the web through its proxy
        and lets voice out directly (as Microsoft advises for Teams). The apps take that way
        too, so a direct connection failing is not on the user's path."""
        setting = self.by_id.get("local.proxy")
        if setting is None or not setting.metrics.get("in_use"):
            return False
        via_proxy = [m for m in self.raw if m.kind == "http" and m.metrics.get("proxy") and m.ok]
        direct_tcp = [m for m in self.raw if m.kind in TCP_KINDS and m.group in REMOTE and m.measured]
        udp_ok = [m for m in self.raw if m.kind in UDP_KINDS and m.group in REMOTE and m.ok]
        return bool(via_proxy) and bool(direct_tcp) and bool(udp_ok) and not any(m.ok for m in direct_tcp)

    def _on_path(self, m: Measurement) -> Measurement:
        if self.proxy_only and m.kind == "dns_injection" and m.measured:
            # Silence from an address that runs no resolver proves nothing when nothing direct
            # gets out at all.
            return self._off(m, "only the proxy leads out of this network; this went directly")
        if m.ok or m.error is None or not m.measured or m.group not in REMOTE:
            return m
        reason = None
        if self.proxy_only and m.kind in self.raw_kinds:
            reason = "only the proxy leads out of this network; this went directly"
        elif self.proxy_for_tcp and m.kind in TCP_KINDS:
            reason = "connections leave this network through its proxy; this one went directly"
        elif self.no_ipv4 and m.error.code in NO_PATH_CODES and _ipv4_target(m):
            reason = "this network has no IPv4 route; an IPv4 address cannot be reached directly"
        return m if reason is None else self._off(m, reason)

    @staticmethod
    def _off(m: Measurement, reason: str) -> Measurement:
        return Measurement(m.id, m.kind, m.group, m.target, False, Failure(OFF_PATH, reason),
                           m.metrics, m.started_at, m.duration_ms)

    # --- questions -------------------------------------------------------------------------

    def get(self, mid: str) -> Measurement | None:
        return self.by_id.get(mid)

    def select(self, kinds: Iterable[str] | str | None = None, groups: Iterable[str] | str | None = None,
               measured: bool = True) -> list[Measurement]:
        kinds = {kinds} if isinstance(kinds, str) else set(kinds) if kinds else None
        groups = {groups} if isinstance(groups, str) else set(groups) if groups else None
        return [m for m in self.all
                if (kinds is None or m.kind in kinds) and (groups is None or m.group in groups)
                and (m.measured or not measured)]

    def sibling(self, m: Measurement, kind: str) -> Measurement | None:
        """The measurement of another kind on the same endpoint (``service.x.tls`` → ``service.x.dns``)."""
        return self.get(f"{self.endpoint(m)}.{kind}")

    @staticmethod
    def endpoint(m: Measurement) -> str:
        return m.id.rsplit(".", 1)[0]

    @staticmethod
    def code(m: Measurement) -> str | None:
        return None if m.ok else (m.error.code if m.error else "failed")

    def failed(self, m: Measurement) -> bool:
        return not m.ok and m.measured


def _ipv4_target(m: Measurement) -> bool:
    from .addresses import host_of, kind

    address = m.metrics.get("address")
    host = address if isinstance(address, str) else host_of(m.target)
    try:
        return ipaddress.ip_address(host).version == 4
    except ValueError:
        found = kind(host)  # a redacted report's placeholder keeps the address's version
        return found is not None and found.version == 4


def share(part: list, whole: list) -> float:
    return len(part) / len(whole) if whole else 0.0


def ids(ms: Iterable[Measurement]) -> list[str]:
    return [m.id for m in ms]


def groups_of(ms: Iterable[Measurement]) -> set[str]:
    return {m.group for m in ms}
