"""Is a DNS answer genuine? The system resolver's answer for a name, compared with the trusted
resolver's — and judged on independent evidence, never on the failure it would explain.

A different answer is not a forged one: CDNs and geo-DNS answer differently by place, and a
connection that then times out on a congested path proves nothing about the answer. An answer
counts as forged only when something independent says so: an address from the pool China's
injectors forge, or a bogon no real service uses — and never where a verified secure handshake
for the name at that address completes (only the name's real owner can complete it).

Injection seen by the probe is not such evidence. The probe asks an address inside China, so
from abroad its question crosses the border, where the injectors answer it on an ordinary day
(GFWatch measures exactly this); the user's own resolver abroad is not on that path. Inside
China the trusted resolver is itself blocked, so there is no trusted answer to compare with.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from ..base import addresses
from ..base.measurement import Measurement
from .evidence import SILENT_CODES, Evidence

# Addresses proxy tools (Clash, Mihomo, Surge, sing-box) hand out in "fake-IP" mode: the name
# is resolved on this computer and the tool connects on its behalf.
FAKE_IP = addresses.FAKE_IP
# No real service answers from these (RFC 6890 "this network", multicast, reserved).
BOGONS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "ff00::/8", "::/128"))


@dataclasses.dataclass
class DnsCheck:
    name: str
    ids: list[str]
    # consistent, different (genuine or unproven), astray (the trusted answer connects, the
    # system's leads nowhere), forged, local_answer, fake_ip, unknown
    verdict: str
    why: str = ""     # for "forged": pool or bogon; for "different": verified, refuted or ""


def _addresses(m: Measurement) -> set[str]:
    return set(m.metrics.get("addresses", []) + m.metrics.get("addresses_v6", []))


def _in(addresses: set[str], networks) -> bool:
    for a in addresses:
        try:
            ip = ipaddress.ip_address(a)
        except ValueError:
            continue
        if any(ip.version == n.version and ip in n for n in networks):
            return True
    return False


def dns_consistency(ev: Evidence, dns: Measurement) -> DnsCheck:
    """Compare the system resolver's answer for a name with the trusted resolver's."""
    trusted = ev.sibling(dns, "dns_trusted")
    ids = [dns.id] + ([trusted.id] if trusted else [])
    if not dns.ok or trusted is None or not trusted.ok:
        return DnsCheck(dns.target, ids, "unknown")
    system, good = _addresses(dns), _addresses(trusted)
    if not system or not good or system & good:
        return DnsCheck(dns.target, ids, "consistent")
    # (an answer that is one of the user's own addresses reads as its redacted placeholder)
    if _in(system, [FAKE_IP]) or any(addresses.fake_ip(a) for a in system):
        return DnsCheck(dns.target, ids, "fake_ip")
    pool = bool(dns.metrics.get("in_forged_pool"))
    if dns.metrics.get("private_answers") and not pool:
        return DnsCheck(dns.target, ids, "local_answer")
    tls = ev.sibling(dns, "tls")
    if tls is not None and tls.ok and tls.metrics.get("address") in system:
        # Only the name's owner can complete a verified handshake: the answer is genuine,
        # whatever pool its address is in.
        return DnsCheck(dns.target, ids + [tls.id], "different", "verified")
    if pool:
        return DnsCheck(dns.target, ids, "forged", "pool")
    if _in(system, BOGONS):
        return DnsCheck(dns.target, ids, "forged", "bogon")
    tried = trusted.metrics.get("trusted_answer_connect")
    if isinstance(tried, dict) and (tried.get("ok") is False or _silent_at(ev, dns.group, tried.get("address"))):
        # The trusted answer was tried and does not answer either: the user's answer is not
        # what keeps the service away.
        return DnsCheck(dns.target, ids, "different", "refuted")
    if isinstance(tried, dict) and tried.get("ok") is True and _leads_nowhere(ev, dns, tls):
        # The trusted answer connects and the system's does not: the service is up, and the
        # user's DNS sends its connections astray (a CDN's answer that leads nowhere does the
        # same: which one cannot be told, so this is not called forged).
        return DnsCheck(dns.target, ids + ([tls.id] if tls is not None else []), "astray")
    return DnsCheck(dns.target, ids, "different")


def _silent_at(ev: Evidence, group: str, address: object) -> bool:
    """A secure handshake at ``address`` went silent in this run: a connection made there
    proves nothing of the service (a server that accepts and never answers), so the trusted
    answer does not show it up."""
    return any(m.metrics.get("address") == address and Evidence.code(m) in SILENT_CODES
               for m in ev.select("tls", group))


def _leads_nowhere(ev: Evidence, dns: Measurement, tls: Measurement | None) -> bool:
    """The system's answer led nowhere: its secure handshake failed, or (without one) every
    connection to it was silent."""
    if tls is not None and tls.measured:
        # Silence only: a handshake cut or a certificate refused reached something that answered.
        return Evidence.code(tls) in SILENT_CODES
    tcp = [m for m in ev.select("tcp", dns.group) if ev.endpoint(m) == ev.endpoint(dns)]
    return bool(tcp) and all(Evidence.code(m) in SILENT_CODES | {"refused"} for m in tcp)
