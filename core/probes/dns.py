"""DNS probes: the system's resolvers, a trusted DoH resolver, direct resolvers, injection.

dnspython builds and parses every DNS message; this module only decides whom to ask, waits in
cancellable slices and records what came back, including the packets that should not have.
"""

from __future__ import annotations

import functools
import ipaddress
import random
import select
import socket
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver

from ..base import timeouts
from ..base.budget import SLICE_S, Budget
from ..base.errors import classify
from ..base.measurement import Failure
from ..base.paths import resource_path
from . import sampling

MAX_PACKET = 65535


def system_nameservers() -> list[str]:
    """The DNS servers this computer is configured to use: on macOS its own configuration
    (``scutil --dns``: /etc/resolv.conf is only a copy kept for older programs); on Windows
    those of the adapters that are up (dnspython's registry reader also lists disconnected
    adapters' servers, and one malformed value there raised out of the run's start); elsewhere
    resolv.conf. Never raises: a configuration that cannot be read is no servers, which the
    diagnosis reports."""
    from . import local

    found: list[str] = []
    try:
        if local.SYSTEM == "darwin":
            found = local.parse_scutil_dns(local._run(["scutil", "--dns"]))
        elif local.SYSTEM == "win32":
            settings = local._windows_dns_settings()
            if settings["interfaces"]:  # read: what the adapters that are up have, even none
                return local.windows_nameservers(settings, local.up_adapters())
    except (OSError, subprocess.SubprocessError, ValueError):
        found = []
    if found:
        return found
    try:
        resolver = dns.resolver.Resolver()
    except (dns.exception.DNSException, OSError, ValueError, NotImplementedError):
        return []  # (dns.resolver.NoResolverConfiguration is a DNSException)
    return [str(ns) for ns in resolver.nameservers]


@functools.cache
def forged_pools() -> frozenset[str]:
    """Addresses China's DNS injectors are known to forge (resources/data, see its README)."""
    found: set[str] = set()
    for name in ("gfw-forged-answers-a.txt", "gfw-forged-answers-aaaa.txt"):
        try:
            text = resource_path(f"data/{name}").read_text("ascii")
        except OSError:
            continue
        found.update(line.strip() for line in text.splitlines() if line.strip())
    return frozenset(found)


@dataclass
class Packet:
    """One DNS packet received, whatever it was."""
    source: str
    elapsed_ms: float
    message: dns.message.Message | None = None
    malformed: str = ""


@dataclass
class Exchange:
    """Everything that came back for a set of queries sent to a set of servers."""
    packets: list[Packet] = field(default_factory=list)
    failure: Failure | None = None


def _family(address: str) -> int:
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def exchange_udp(budget: Budget, servers: list[str], queries: list[dns.message.Message],
                 timeout: float, port: int = 53, collect_all: bool = False,
                 socket_per_query: bool = False, resend_after: float | None = None) -> Exchange:
    """Send every query to every server over UDP and gather answers.

    Stops when each query has a valid answer (unless ``collect_all``: then it listens for the
    whole ``timeout``, as the injection probe must). Malformed and mismatched packets are kept
    as evidence but never accepted as answers. ``socket_per_query`` gives each query its own
    source port, so a NAT or filter that acts per flow treats each on its own. With
    ``resend_after``, unanswered queries are sent again each time that long passes, as stub
    resolvers do (Windows asks again after 1 s, 2 s, ...), so a lost packet or two on a lossy
    path is not a failed lookup.
    """
    result = Exchange()
    socks: dict[tuple[int, int], socket.socket] = {}
    t0 = time.monotonic()
    limit = t0 + budget.timeout(timeout)
    try:
        def send(which: list[tuple[int, dns.message.Message]]) -> None:
            for server in servers:
                fam = _family(server)
                for i, q in which:
                    key = (fam, i if socket_per_query else 0)
                    if key not in socks:
                        socks[key] = socket.socket(fam, socket.SOCK_DGRAM)
                        socks[key].setblocking(False)
                    try:
                        socks[key].sendto(q.to_wire(), (server, port))
                    except OSError as e:
                        result.failure = classify(e)

        send(list(enumerate(queries)))
        if not socks:
            result.failure = Failure("no_resolver", "no DNS server to ask")
            return result
        pending = {q.id for q in queries}
        resend_at = t0 + resend_after if resend_after else None
        while True:
            budget.check()
            now = time.monotonic()
            left = limit - now
            if left <= 0 or (not pending and not collect_all):
                break
            if resend_at is not None and now >= resend_at:
                send([(i, q) for i, q in enumerate(queries) if q.id in pending])
                resend_at = now + (resend_after or 0.0)
            readable, _, _ = select.select(list(socks.values()), [], [], min(SLICE_S, left))
            for sock in readable:
                try:
                    data, src = sock.recvfrom(MAX_PACKET)
                except OSError as e:
                    # An ICMP "port unreachable" surfaces here as a refused receive.
                    result.failure = classify(e)
                    continue
                packet = Packet(src[0], (time.monotonic() - t0) * 1000.0)
                try:
                    msg = dns.message.from_wire(data, ignore_trailing=True)
                except dns.exception.DNSException as e:
                    packet.malformed = type(e).__name__
                    result.packets.append(packet)
                    continue
                packet.message = msg
                result.packets.append(packet)
                for q in queries:
                    if q.is_response(msg):
                        pending.discard(q.id)
        if not result.packets and result.failure is None:
            result.failure = Failure("timeout", "no DNS answer")
        return result
    finally:
        for sock in socks.values():
            sock.close()


def answer_for(exchange: Exchange, query: dns.message.Message) -> Packet | None:
    """The first valid answer to ``query``, if any."""
    for p in exchange.packets:
        if p.message is not None and query.is_response(p.message):
            return p
    return None


def addresses(msg: dns.message.Message, rdtype: int) -> list[str]:
    out: list[str] = []
    for rrset in msg.answer:
        if rrset.rdtype == rdtype:
            out.extend(rd.address for rd in rrset)
    return out


def _tcp_retry(budget: Budget, query: dns.message.Message, server: str, port: int) -> dns.message.Message:
    """Truncated over UDP: ask again over TCP, as stub resolvers do."""
    return dns.query.tcp(query, server, port=port, timeout=budget.timeout(timeouts.DNS_TCP_TIMEOUT_S))


def resolve(budget: Budget, servers: list[str], name: str, timeout: float = timeouts.DNS_TIMEOUT_S,
            port: int = 53) -> tuple[dict[str, Any], Failure | None]:
    """A and AAAA for ``name`` from ``servers`` (all asked at once). Metrics and failure."""
    metrics: dict[str, Any] = {"servers": list(servers)}
    if not servers:
        return metrics, Failure("no_resolver", "no DNS server is configured")
    q4 = dns.message.make_query(name, dns.rdatatype.A)
    q6 = dns.message.make_query(name, dns.rdatatype.AAAA)
    ex = exchange_udp(budget, servers, [q4, q6], timeout, port=port, resend_after=timeouts.DNS_RESEND_S)
    a4, a6 = answer_for(ex, q4), answer_for(ex, q6)
    metrics["malformed_packets"] = sum(1 for p in ex.packets if p.malformed)
    if a4 is None:
        failure = ex.failure or Failure("timeout", "no DNS answer")
        if metrics["malformed_packets"] and failure.code == "timeout":
            failure = Failure("malformed", "only unreadable DNS packets arrived")
        return metrics, failure
    msg4 = a4.message
    assert msg4 is not None
    if msg4.flags & dns.flags.TC:
        try:
            msg4 = _tcp_retry(budget, q4, a4.source, port)
            metrics["retried_over_tcp"] = True
        except (OSError, dns.exception.DNSException) as e:
            return metrics, classify(e)
    metrics["answered_by"] = a4.source
    metrics["rtt_ms"] = round(a4.elapsed_ms, 1)
    rcode = msg4.rcode()
    metrics["rcode"] = dns.rcode.to_text(dns.rcode.Rcode.make(rcode))
    metrics["addresses"] = addresses(msg4, dns.rdatatype.A)
    metrics["addresses_v6"] = (
        addresses(a6.message, dns.rdatatype.AAAA) if a6 and a6.message and not a6.message.flags & dns.flags.TC else []
    )
    metrics["cnames"] = [str(rr.target).rstrip(".") for rrset in msg4.answer
                         if rrset.rdtype == dns.rdatatype.CNAME for rr in rrset][:10]
    pool = forged_pools()
    metrics["in_forged_pool"] = [a for a in metrics["addresses"] + metrics["addresses_v6"] if a in pool]
    metrics["private_answers"] = [a for a in metrics["addresses"] + metrics["addresses_v6"]
                                  if _not_routable(a)]
    return metrics, _rcode_failure(rcode, metrics["addresses"] + metrics["addresses_v6"])


def _rcode_failure(rcode: int, found: list[str]) -> Failure | None:
    if rcode == dns.rcode.NXDOMAIN:
        return Failure("nxdomain", "the name does not exist")
    if rcode == dns.rcode.SERVFAIL:
        return Failure("servfail", "the DNS server failed")
    if rcode == dns.rcode.REFUSED:
        return Failure("dns_refused", "the DNS server refused")
    if rcode != dns.rcode.NOERROR:
        return Failure("servfail", f"DNS error {dns.rcode.to_text(dns.rcode.Rcode.make(rcode))}")
    if not found:
        return Failure("no_answer", "no address in the answer")
    return None


# Answers a hosts file, an ad-blocker or a home router gives; China's injectors forge routable
# addresses instead (resources/data). Documentation ranges are left out on purpose: they are
# not used on the internet, and the test lab uses them as its public addresses.
_LOCAL_NETS = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "::/128", "::1/128", "fc00::/7", "fe80::/10")]


def _not_routable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in _LOCAL_NETS if net.version == ip.version)


def probe_injection(budget: Budget, address: str, names: list[str], control: str, port: int = 53,
                    window: float = timeouts.INJECTION_WINDOW_S) -> tuple[dict[str, Any], Failure | None]:
    """Ask an address that runs no DNS server for ``names`` and a harmless ``control``.

    Nothing should answer. Every answer that does arrive was forged on the way; the control
    tells name-triggered injection apart from a network that answers all DNS itself.
    """
    queries = {n: dns.message.make_query(n, dns.rdatatype.A) for n in [*names, control]}
    ex = exchange_udp(budget, [address], list(queries.values()), window, port=port, collect_all=True,
                      socket_per_query=True)
    pool = forged_pools()
    per_name: dict[str, Any] = {}
    for name, q in queries.items():
        got = [p for p in ex.packets if p.message is not None and q.is_response(p.message)]
        answers = sorted({a for p in got if p.message is not None for a in addresses(p.message, dns.rdatatype.A)})
        per_name[name] = {
            "packets": len(got),
            "addresses": answers,
            "in_forged_pool": [a for a in answers if a in pool],
            "first_ms": round(got[0].elapsed_ms, 1) if got else None,
        }
    metrics: dict[str, Any] = {
        "names": per_name,
        "control": control,
        "control_answered": per_name[control]["packets"] > 0,
        "malformed_packets": sum(1 for p in ex.packets if p.malformed),
        "window_s": window,
    }
    injected = [n for n in names if per_name[n]["packets"]]
    if injected or metrics["control_answered"]:
        who = ", ".join(injected) or control
        return metrics, Failure("unexpected_answer", f"answers arrived for {who}")
    if ex.failure and ex.failure.code not in ("timeout",):
        return metrics, ex.failure
    return metrics, None


def query_server(budget: Budget, server: str, name: str, port: int = 53,
                 timeout: float = timeouts.DNS_TIMEOUT_S) -> tuple[dict[str, Any], Failure | None]:
    """Ask one DNS server directly (a resolver in China, say) for ``name``."""
    metrics, failure = resolve(budget, [server], name, timeout, port=port)
    metrics.pop("servers", None)
    metrics["query"] = name
    return metrics, failure


def doh_query(session, budget: Budget, url: str, name: str, address: str | None = None,
              timeout: float = timeouts.DOH_TIMEOUT_S) -> tuple[dict[str, Any], Failure | None]:
    """Resolve ``name`` (A and AAAA) through a DNS-over-HTTPS resolver (RFC 8484, POST)."""
    metrics: dict[str, Any] = {"resolver": url}
    found: dict[int, list[str]] = {}
    t0 = time.monotonic()
    rcode = dns.rcode.NOERROR
    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        q = dns.message.make_query(name, rdtype)
        q.id = 0  # RFC 8484 4.1: use 0 for cache friendliness
        try:
            wire, status = session.post_bytes(
                budget, url, q.to_wire(),
                {"content-type": "application/dns-message", "accept": "application/dns-message"},
                timeout, address,
            )
        except Exception as e:
            metrics["rtt_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
            return metrics, classify(e)
        metrics["http_status"] = status
        if status != 200:
            return metrics, Failure("http_status", f"DoH answered HTTP {status}")
        try:
            msg = dns.message.from_wire(wire)
        except dns.exception.DNSException as e:
            return metrics, Failure("malformed", f"DoH answer unreadable: {type(e).__name__}")
        if rdtype == dns.rdatatype.A:
            rcode = msg.rcode()
        found[rdtype] = addresses(msg, rdtype)
    metrics["rtt_ms"] = round((time.monotonic() - t0) * 1000.0, 1)
    metrics["rcode"] = dns.rcode.to_text(rcode)
    metrics["addresses"] = found.get(dns.rdatatype.A, [])
    metrics["addresses_v6"] = found.get(dns.rdatatype.AAAA, [])
    return metrics, _rcode_failure(rcode, metrics["addresses"] + metrics["addresses_v6"])


class DnsProtocol:
    """Path-quality sampling with DNS queries to a resolver (one that answers over UDP)."""

    name = "DNS"
    kinds: tuple[str, ...] = ("query",)

    def __init__(self, qname: str):
        self.qname = qname
        self._next_id = random.randrange(0x10000)

    def request(self, kind: str) -> tuple[int, bytes]:
        qid = self._next_id
        self._next_id = (self._next_id + 1) & 0xFFFF
        q = dns.message.make_query(self.qname, dns.rdatatype.A, id=qid)
        return qid, q.to_wire()

    def parse(self, data: bytes) -> sampling.Answer | None:
        try:
            msg = dns.message.from_wire(data, ignore_trailing=True)
        except dns.exception.DNSException:
            return None
        if not msg.flags & dns.flags.QR or not msg.question or \
                msg.question[0].name.to_text().rstrip(".").lower() != self.qname:
            return None
        return sampling.Answer(msg.id, {"rcode": dns.rcode.to_text(msg.rcode())})


def sample_server(budget: Budget, server: str, name: str, port: int = 53,
                  duration: float = timeouts.SAMPLE_S,
                  rate: float = timeouts.SAMPLE_RATE_PPS) -> tuple[dict[str, Any], Failure | None]:
    """RTT, jitter and loss to a DNS server, from a few seconds of queries (``rate`` a second)."""
    metrics, failure = sampling.sample(budget, server, port, DnsProtocol(name), duration, rate)
    metrics["query"] = name
    return metrics, failure
