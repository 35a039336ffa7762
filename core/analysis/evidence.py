"""The measurements of one run, indexed, with the questions analysis keeps asking — and the
measurements that could not take the user's own path set apart.

CallPath measures with raw sockets (TCP, TLS, UDP) and with HTTP through the system's proxy.
Where the user's apps reach the internet only through a proxy, or only over IPv6 (NAT64), a
raw IPv4 or direct connection that fails says nothing about the user's network: it did not
go the way the user's apps go. Such failures are "not on the user's path" — not measured,
never failed (docs/design.md, "Principles": "Probe the way the user's apps go").
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from .. import kinds
from ..base import addresses, tunnels
from ..base.measurement import ENDPOINT_GROUPS, Failure, Measurement
from .answers import Answers
from .pathquality import Sample

CUT_SHORT = {"cancelled", "deadline", "internal"}
SILENT_CODES = {"timeout", "unreachable", "no_response"}
NO_PATH_CODES = {"unreachable", "no_network"}
# The built-in raw checks whose success means something answered (the injection check's
# success is silence): whether anything direct gets out is judged on them. Which checks are
# raw, the kinds say (kinds.raw_kinds()).
REACH_KINDS = {"tcp", "tls", "stun", "dns_sample", "dns_server"}
REMOTE = ENDPOINT_GROUPS
TCP_KINDS = {"tcp", "tls", "media_tcp"}  # media_tcp: TURN over TCP 443, a direct connection too
# Steps that reach a server directly and succeed only if it answered (a lookup of its name does
# not: resolvers answer names of blocked servers too).
DIRECT_KINDS = {"tls", "stun", "doh"}
# China's servers answering in under this share of the rest of the world's fastest answer are
# nearer than the world: the user is likely in or next to China.
NEARER_SHARE = 0.5
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
        self.raw_kinds = kinds.raw_kinds()
        self.no_ipv4 = self._no_ipv4()
        self.proxy_only = self._proxy_only()
        self.proxy_for_tcp = not self.proxy_only and self._proxy_for_tcp()
        self.all = [self._on_path(m) for m in self.raw]
        self.by_id = {m.id: m for m in self.all}
        self.off_path = [m for m in self.all if m.error is not None and m.error.code == OFF_PATH]
        # Something answers DNS sent to any address: DNS samples then time it, not the resolvers.
        self.intercepted = any(self.code(m) == "unexpected_answer" and m.metrics.get("control_answered")
                               for m in self.all if m.kind == "dns_injection")
        # Where the user is, from the evidence; the answer given stays in ``answers``.
        self.location_evidence = self._location_evidence()
        if self.location_evidence is not None:
            self.inside_china = self.location_evidence == "china"

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
        # Resolvers answering over UDP do not make a way out: offices often let DNS out alone.
        escaped = [m for m in direct if m.ok and m.kind not in ("dns_sample", "dns_server")]
        return bool(via_proxy) and bool(direct) and not escaped

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
        # Voice servers answering, not resolvers: offices often let DNS out and nothing else.
        udp_ok = [m for m in self.raw if m.kind == "stun" and m.group in REMOTE and m.ok]
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

    # --- where the user is -----------------------------------------------------------------

    def _location_evidence(self) -> str | None:
        """Where the measurements say the user is, when that contradicts the answer given
        (None: they agree, or cannot tell). The answer is a guess from the time zone or a
        choice, and the diaspora often keep Beijing time while travellers keep their home's.

        Abroad: a server blocked inside mainland China (Google's STUN, Cloudflare's secure DNS)
        answered directly — impossible there without a VPN or a proxy, which make it
        undecidable. Inside China: every such server measured failed while other foreign
        servers answered, and China's servers answered sooner than the rest of the world."""
        if self.tunnelled():
            return None
        blocked = [m for m in self.all if m.metrics.get("blocked_in_china") and m.group == "world"
                   and m.kind in DIRECT_KINDS and m.measured]
        world = self.floor_rtt("world", blocked=False)
        nearer = [ms for ms in self._answer_times("china").values()
                  if world is not None and ms < NEARER_SHARE * world]
        if self.answers.location == "china":
            # China answering far sooner than the world while Google answers is a proxy on the
            # router (common in China, invisible from this computer): the answer stands.
            return "abroad" if any(m.ok for m in blocked) and len(nearer) < 2 else None
        others = [m for m in self.all if m.group == "world" and m.kind in DIRECT_KINDS and m.measured
                  and not m.metrics.get("blocked_in_china")]
        # Two places in China, not one server next door (a mirror, a CDN node), answer sooner.
        if (len({self.endpoint(m) for m in blocked}) >= 2 and not any(m.ok for m in blocked)
                and any(m.ok for m in others) and len(nearer) >= 2):
            return "china"
        return None

    def tunnels(self) -> list[str]:
        """Tunnels up and able to carry traffic, judged again from the interfaces (so an old
        report re-analysed gets today's rule), else as the report recorded them."""
        interfaces = self.by_id.get("local.interfaces")
        listed = interfaces.metrics.get("interfaces") if interfaces is not None else None
        if isinstance(listed, list):
            return tunnels.in_use(listed)
        vpn = self.by_id.get("local.vpn")
        return list(vpn.metrics.get("tunnels") or []) if vpn is not None and vpn.metrics.get("in_use") else []

    def tunnelled(self) -> bool:
        """A VPN, a proxy tool or a proxy carries traffic: where it leads out is not where the
        user is."""
        proxy = self.by_id.get("local.proxy")
        fake = any(addresses.fake_ip(a) for m in self.all if m.kind == "dns"
                   for a in (m.metrics.get("addresses") or []) if isinstance(a, str))
        # (a proxy tool on the router hands out fake addresses: its tunnel is not on this computer)
        return bool(self.tunnels()) or fake or (proxy is not None and bool(proxy.metrics.get("in_use")))

    def floor_rtt(self, group: str, blocked: bool = True) -> float | None:
        """The fastest round trip anything in ``group`` answered in: a voice sample's fastest
        packet, or a connection made. Nothing from there can answer sooner."""
        times = self._answer_times(group, blocked)
        return min(times.values()) if times else None

    def _answer_times(self, group: str, blocked: bool = True) -> dict[str, float]:
        """Each endpoint of ``group`` and the fastest round trip it answered in. Left out: an
        anycast node (it answers from wherever it is, not from the group's place) and DNS
        samples answered by whatever intercepts DNS on the way."""
        found: dict[str, float] = {}
        for m in self.select(["stun", "dns_sample", "tcp"], group):
            if not m.ok or (not blocked and m.metrics.get("blocked_in_china")) or m.metrics.get("anycast"):
                continue
            if m.kind == "dns_sample" and self.intercepted:
                continue
            ms: object = m.metrics.get("connect_ms") if m.kind == "tcp" else None
            if m.kind != "tcp" and (sample := Sample.of(m.id, m.group, m.metrics)) is not None:
                ms = sample.rtt_min
            if isinstance(ms, (int, float)) and not isinstance(ms, bool) and ms > 0:
                endpoint = self.endpoint(m)
                found[endpoint] = min(float(ms), found.get(endpoint, float(ms)))
        return found

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
    address = m.metrics.get("address")
    host = address if isinstance(address, str) else addresses.host_of(m.target)
    try:
        return ipaddress.ip_address(host).version == 4
    except ValueError:
        found = addresses.kind(host)  # a redacted report's placeholder keeps the address's version
        return found is not None and found.version == 4


def share(part: list, whole: list) -> float:
    return len(part) / len(whole) if whole else 0.0


def ids(ms: Iterable[Measurement]) -> list[str]:
    return [m.id for m in ms]


def groups_of(ms: Iterable[Measurement]) -> set[str]:
    return {m.group for m in ms}
