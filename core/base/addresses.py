"""What kind of address a value is: an address itself, or a redacted report's placeholder for one.

The analysis judges this computer's addresses by their kind, never by the number: a tunnel can
carry traffic only with a routable address, a proxy tool in TUN mode takes fake-IP addresses.
A report shared redacted must be judged as the original was, so the placeholder that replaces
an address carries its kind (``redact.py``), and every reader that judges an address asks
``kind()`` here, whether it holds the address or its placeholder.

Kinds, checked in this order (the ranges overlap: 198.18.0.0/15 is also "private" to Python):

=============== =====================================================================
``unspecified`` 0.0.0.0, ::
``loopback``    127.0.0.0/8, ::1
``link-local``  169.254.0.0/16, fe80::/10
``fake-ip``     198.18.0.0/15, which proxy tools (Clash, Mihomo, sing-box) hand out
``shared``      100.64.0.0/10, a carrier's NAT (CGNAT); Tailscale's addresses too
``private``     10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918), fc00::/7 (ULA)
``public``      globally routable; also the documentation ranges (192.0.2.0/24,
                198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), which stand for public
                addresses in examples and in the test lab
``other``       what is left: multicast, reserved (240.0.0.0/4, 0.0.0.0/8) and the like
=============== =====================================================================

An IPv4 address written as IPv6 (::ffff:10.0.0.1) has its IPv4 kind and stays version 6.

A placeholder reads ``[<what>[ <n>], <kind> IPv<4|6>]``: "[your local address 2, private
IPv4]", "[your public address, public IPv6]". The part before the comma is for people (which
of the user's addresses, numbered from the second); after it, the kind and the version, which
``kind()`` reads back.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re

from .i18n import N_

KINDS = ("unspecified", "loopback", "link-local", "fake-ip", "shared", "private", "public", "other")
# Each kind as a placeholder's reader sees it in their language (redact.said); the JSON keeps
# the English, which kind() reads back.
ADDRESS_KIND_TEXTS = {
    "unspecified": N_("unspecified IPv{version}"),
    "loopback": N_("loopback IPv{version}"),
    "link-local": N_("link-local IPv{version}"),
    "fake-ip": N_("fake-ip IPv{version}"),
    "shared": N_("shared IPv{version}"),
    "private": N_("private IPv{version}"),
    "public": N_("public IPv{version}"),
    "other": N_("other IPv{version}"),
}
FAKE_IP = ipaddress.ip_network("198.18.0.0/15")
SHARED = ipaddress.ip_network("100.64.0.0/10")
PRIVATE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))
DOCUMENTATION = tuple(ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))
# Only the kinds that cannot leave this computer or its link: the rest can carry traffic
# (private and shared addresses through a router, as every home and VPN has them).
_NOT_ROUTABLE = {"unspecified", "loopback", "link-local"}

# An address written with its port: "203.0.113.7:40000", "[2001:db8::7]:40000".
_WITH_PORT = re.compile(r"\[(?P<v6>[^\[\]]+)\]:\d+|(?P<v4>[0-9.]+):\d+")
KIND_PATTERN = r"(?P<kind>" + "|".join(map(re.escape, KINDS)) + r") IPv(?P<version>[46])"
_PLACEHOLDER = re.compile(r"\[(?P<what>[^\[\],]+?), " + KIND_PATTERN + r"\]")


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str      # one of KINDS
    version: int   # 4 or 6

    @property
    def routable(self) -> bool:
        """Whether an interface with such an address can carry traffic beyond its link."""
        return self.name not in _NOT_ROUTABLE

    def __str__(self) -> str:
        return f"{self.name} IPv{self.version}"


def of_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Kind:
    version = ip.version
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        name = "unspecified"
    elif ip.is_loopback:
        name = "loopback"
    elif ip.is_link_local:
        name = "link-local"
    elif ip in FAKE_IP:
        name = "fake-ip"
    elif ip in SHARED:
        name = "shared"
    elif any(ip.version == n.version and ip in n for n in PRIVATE):
        name = "private"
    elif ip.is_multicast:
        name = "other"  # a group, never one computer's (Python counts some as global)
    elif ip.is_global or any(ip.version == n.version and ip in n for n in DOCUMENTATION):
        name = "public"
    else:
        name = "other"
    return Kind(name, version)


def parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in ``value``, written bare, with an IPv6 zone (fe80::1%eth0), or None."""
    try:
        return ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None


def kind(value: object) -> Kind | None:
    """The kind of an address or of a placeholder that stands for one; None for anything else
    (a name, a placeholder of an older version that kept no kind)."""
    if not isinstance(value, str):
        return None
    ip = parse(value)
    if ip is not None:
        return of_address(ip)
    found = _PLACEHOLDER.fullmatch(value)
    return Kind(found["kind"], int(found["version"])) if found else None


def host_of(target: str) -> str:
    """The host of a target as measurements write it ("192.0.2.1:443", "[2001:db8::1]:443",
    "stun.example:3478/udp", "[your router, private IPv4]:53 over UDP"), a placeholder kept
    whole."""
    found = _PLACEHOLDER.match(target)
    if found:
        return found.group(0)
    host = target.split()[0].split("/")[0] if target.split() else ""
    if parse(host) is not None:
        return host
    if host.startswith("[") and "]" in host:
        return host[1:host.index("]")]
    return host.rsplit(":", 1)[0]


def placeholder(what: str, number: int, value: str) -> str:
    """The placeholder for the ``number``-th identifier of a sort ("your router"): with its
    kind when ``value`` is an address (or an address and port), numbered from the second."""
    label = what if number == 1 else f"{what} {number}"
    with_port = _WITH_PORT.fullmatch(value)
    found = kind(value) or (kind(with_port["v6"] or with_port["v4"]) if with_port else None)
    return f"[{label}, {found}]" if found is not None else f"[{label}]"


def routable(value: object) -> bool:
    found = kind(value)
    return found is not None and found.routable


def fake_ip(value: object) -> bool:
    found = kind(value)
    return found is not None and found.name == "fake-ip"
