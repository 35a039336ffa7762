"""Is a DNS answer genuine? The system resolver's answer for a name, compared with the trusted
resolver's — and judged on independent evidence, never on the failure it would explain.

A different answer is not a forged one: CDNs and geo-DNS answer differently by place, and a
connection that then times out on a congested path proves nothing about the answer. An answer
counts as forged only when something independent says so: an address from the pool China's
injectors forge, a bogon no real service uses, or — for a user inside China, whose own lookups
cross the injectors — injection seen on the path, with no verified secure handshake for the
name at that address. A verified handshake clears an address: only the name's real owner can
complete it.

Injection seen from abroad says nothing about the user's own lookups: the probe asks an address
inside China, so its question crosses the border, where the injectors answer it on an ordinary
day (GFWatch measures exactly this); the user's resolver abroad is not on that path.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from .evidence import SILENT_CODES, Evidence
from .measurement import Measurement

# Addresses proxy tools (Clash, Mihomo, Surge, sing-box) hand out in "fake-IP" mode: the name
# is resolved on this computer and the tool connects on its behalf.
FAKE_IP = ipaddress.ip_network("198.18.0.0/15")
# No real service answers from these (RFC 6890 "this network", multicast, reserved).
BOGONS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "ff00::/8", "::/128"))


@dataclasses.dataclass
class DnsCheck:
    name: str
    ids: list[str]
    # consistent, different (genuine or unproven), forged, local_answer, fake_ip, unknown
    verdict: str
    why: str = ""     # for "forged": pool, bogon or injection; for "different": verified or ""


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


def injection_seen(ev: Evidence) -> bool:
    """Forged answers came back from an address that runs no resolver, and a harmless name
    asked the same way did not: an injector sits on this path."""
    return any(Evidence.code(m) == "unexpected_answer" and not m.metrics.get("control_answered")
               for m in ev.select("dns_injection"))


def dns_consistency(ev: Evidence, dns: Measurement) -> DnsCheck:
    """Compare the system resolver's answer for a name with the trusted resolver's."""
    trusted = ev.sibling(dns, "dns_trusted")
    ids = [dns.id] + ([trusted.id] if trusted else [])
    if not dns.ok or trusted is None or not trusted.ok:
        return DnsCheck(dns.target, ids, "unknown")
    system, good = _addresses(dns), _addresses(trusted)
    if not system or not good or system & good:
        return DnsCheck(dns.target, ids, "consistent")
    if _in(system, [FAKE_IP]):
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
    if ev.inside_china and injection_seen(ev) and _leads_nowhere(ev, dns, tls):
        return DnsCheck(dns.target, ids + ([tls.id] if tls is not None else []), "forged", "injection")
    return DnsCheck(dns.target, ids, "different")


def _leads_nowhere(ev: Evidence, dns: Measurement, tls: Measurement | None) -> bool:
    if tls is not None and tls.measured:
        return not tls.ok
    tcp = [m for m in ev.select("tcp", dns.group) if ev.endpoint(m) == ev.endpoint(dns)]
    return bool(tcp) and all(Evidence.code(m) in SILENT_CODES for m in tcp)
