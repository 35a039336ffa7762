"""VPNs and proxy tools, from what each operating system really shows.

Name patterns alone mislead: every Mac has utun0–utun3 up for its own services (with only
link-local IPv6 addresses), Windows names a VPN's adapter "Ethernet 3", WireGuard names its
adapter after the tunnel. What a tunnel has that a network card does not: no link-layer (MAC)
address, or the TAP driver's 00-FF prefix — and, to carry traffic, a routable address. Proxy
tools in TUN mode (Clash, Mihomo, sing-box) also take addresses in 198.18.0.0/15.

Addresses are judged by their kind (``addresses.kind``), which a redacted report's placeholder
keeps ("[your local address 2, private IPv4]"): a report shared redacted shows the same tunnels.
"""

from __future__ import annotations

import re
from typing import Any

from . import addresses

_TUNNEL_NAME = re.compile(
    r"^(tun|tap|wg|utun|ppp|ipsec|gpd|vpn|zt|tailscale|nordlynx|proton|mullvad|wintun|"
    r"openvpn|fortissl|cscotun|l2tp|pptp|clash|mihomo|meta|sing-?box|v2ray|xray|warp)",
    re.IGNORECASE)
_TUNNEL_WORDS = re.compile(
    r"(vpn|tunnel|wireguard|tap-windows|anyconnect|openvpn|clash|mihomo|sing-?box|v2ray|xray|"
    r"cloudflarewarp|wintun)", re.IGNORECASE)
FAKE_IP = addresses.FAKE_IP
# Windows gives a VPN's adapter a plain connection name ("Ethernet 2") and often a MAC; its
# driver's name says what it is. Not "virtual" alone: Hyper-V's and Wi-Fi Direct's adapters are
# virtual too, and carry no one's traffic away.
_VPN_DRIVERS = re.compile(
    r"(tap-windows|wintun|wireguard|openvpn|anyconnect|virtual miniport adapter for windows|pangp|"
    r"globalprotect|fortinet|forticlient|juniper|pulse secure|ivanti|sonicwall|netextender|"
    r"check ?point|zscaler|nordlynx|expressvpn|surfshark|proton ?vpn|tailscale|zerotier|"
    r"cloudflare warp|hamachi|\bvpn\b)", re.IGNORECASE)


def _routable(address: str) -> bool:
    return addresses.routable(address)


def _no_link_layer(mac: Any) -> bool:
    return not mac or str(mac).replace("-", ":").lower() in ("00:00:00:00:00:00", "")


def looks_like_tunnel(iface: dict[str, Any]) -> bool:
    """A virtual interface: tunnel-like name or flags, no MAC, or the TAP driver's MAC."""
    name = str(iface.get("name", ""))
    mac = str(iface.get("mac") or "").replace("-", ":").lower()
    flags = str(iface.get("flags") or "")
    return bool(_TUNNEL_NAME.match(name) or _TUNNEL_WORDS.search(name) or "pointopoint" in flags
                or mac.startswith("00:ff:") or ("mac" in iface and _no_link_layer(iface["mac"])))


def vpn_adapter(description: str) -> bool:
    """A Windows adapter whose driver is a VPN's (getmac's "Network Adapter" column)."""
    return bool(description and _VPN_DRIVERS.search(description))


def carrying(iface: dict[str, Any]) -> bool:
    """Up, with an address that can carry traffic (not just the link-local one every Mac's
    idle utun interfaces have)."""
    if not iface.get("up") or iface.get("loopback"):
        return False
    return any(_routable(a) for a in list(iface.get("ipv4") or []) + list(iface.get("ipv6") or []))


def proxy_tool(iface: dict[str, Any]) -> bool:
    return any(addresses.fake_ip(a) for a in iface.get("ipv4") or [])


def in_use(interfaces: list[dict[str, Any]]) -> list[str]:
    """The tunnels that are up and could carry this computer's traffic, by name. An interface
    recorded as a tunnel counts too: on Windows that judgement used the adapter's driver name,
    which the report does not keep."""
    return [str(i.get("name")) for i in interfaces
            if isinstance(i, dict) and carrying(i) and (i.get("tunnel") is True or looks_like_tunnel(i)
                                                        or proxy_tool(i))]
