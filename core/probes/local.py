"""This computer: interfaces, default route, configured resolvers, proxies, VPNs, IPv6.

Read from the operating system only; nothing here sends a packet.
"""

from __future__ import annotations

import codecs
import csv
import io
import ipaddress
import locale
import socket
import subprocess
import sys
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import psutil

from ..base import timeouts, tunnels
from ..base.measurement import Failure

# The system whose tools and files are read. A name of this module, not sys.platform itself, so
# that a test can read another system's recorded outputs through this code without telling
# every other library in the process (dnspython, Qt) that it runs there.
SYSTEM = sys.platform


def interfaces() -> tuple[dict[str, Any], Failure | None]:
    return describe(psutil.net_if_addrs(), psutil.net_if_stats(), adapter_descriptions())


def describe(addrs: dict[str, list[Any]], stats: dict[str, Any],
             descriptions: dict[str, str] | None = None) -> tuple[dict[str, Any], Failure | None]:
    """The interfaces as psutil reports them (net_if_addrs, net_if_stats), in the report's terms.
    ``descriptions``: the adapters' driver names where the system gives them (Windows), which
    tell a company VPN's adapter from a network card; they judge, and are not kept."""
    descriptions = descriptions or {}
    found = []
    for name, entries in sorted(addrs.items()):
        st = stats.get(name)
        item: dict[str, Any] = {
            "name": name,
            "up": bool(st and st.isup),
            "mtu": st.mtu if st else None,
            "ipv4": [],
            "ipv6": [],
            "mac": None,
            # point-to-point and the like: what the OS says the interface is (psutil >= 5.9.3)
            "flags": getattr(st, "flags", "") if st else "",
        }
        for a in entries:
            if a.family == socket.AF_INET:
                item["ipv4"].append(a.address)
            elif a.family == socket.AF_INET6:
                item["ipv6"].append(a.address.split("%")[0])
            elif a.family == psutil.AF_LINK and a.address:
                item["mac"] = a.address
        item["loopback"] = all(_is_loopback(x) for x in item["ipv4"] + item["ipv6"]) and bool(
            item["ipv4"] or item["ipv6"])
        item["tunnel"] = (tunnels.looks_like_tunnel(item) or tunnels.vpn_adapter(descriptions.get(name, ""))) \
            and not item["loopback"]
        found.append(item)
    usable = [i for i in found if i["up"] and not i["loopback"] and (
        i["ipv4"] or any(not _is_link_local(a) for a in i["ipv6"]))]
    metrics = {"interfaces": found, "usable": [i["name"] for i in usable]}
    if not usable:
        return metrics, Failure("no_network", "no network interface is up with an address")
    return metrics, None


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _is_link_local(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_link_local
    except ValueError:
        return False


def parse_getmac(text: str) -> dict[str, str]:
    """``getmac /v /fo csv /nh`` on Windows: "Connection Name","Network Adapter","Physical
    Address","Transport Name" per adapter: the connection's name and its driver's name."""
    found = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 4 and row[0].strip() and row[1].strip():
            found[row[0].strip()] = row[1].strip()
    return found


def adapter_descriptions() -> dict[str, str]:
    if SYSTEM != "win32":
        return {}
    try:
        return parse_getmac(_run(["getmac", "/v", "/fo", "csv", "/nh"]))
    except (OSError, subprocess.SubprocessError, csv.Error):
        return {}  # VPNs are then judged by name and address alone


# --- default route ------------------------------------------------------------------------------

def parse_proc_route(text: str) -> list[dict[str, str]]:
    """Default IPv4 routes from Linux /proc/net/route."""
    routes = []
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 8 and f[1] == "00000000" and f[7] == "00000000" and int(f[3], 16) & 1:
            gw = socket.inet_ntoa(bytes.fromhex(f[2])[::-1])
            routes.append({"interface": f[0], "gateway": gw, "metric": f[6]})
    return routes


def parse_proc_route_halves(text: str) -> list[dict[str, str]]:
    """0.0.0.0/1 and 128.0.0.0/1 routes from Linux /proc/net/route (see parse_windows_halves)."""
    routes = []
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 8 and f[1] in ("00000000", "00000080") and f[7] == "00000080" and int(f[3], 16) & 1:
            routes.append({"interface": f[0], "gateway": socket.inet_ntoa(bytes.fromhex(f[2])[::-1]),
                           "metric": f[6]})
    return routes


def parse_proc_ipv6_route(text: str) -> list[dict[str, str]]:
    """Default IPv6 routes from Linux /proc/net/ipv6_route (::/0, not a reject route)."""
    routes = []
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 10 and f[0] == "0" * 32 and f[1] == "00" and not int(f[8], 16) & 0x0200:
            gw = str(ipaddress.IPv6Address(bytes.fromhex(f[4])))
            if f[9] == "lo":
                continue
            routes.append({"interface": f[9], "gateway": gw, "metric": str(int(f[5], 16))})
    return routes


def parse_macos_route(text: str) -> list[dict[str, str]]:
    """``route -n get default`` on macOS/BSD."""
    fields = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines()) if v
    )
    if "gateway" in fields or "interface" in fields:
        return [{"interface": fields.get("interface", ""), "gateway": fields.get("gateway", "")}]
    return []


HALVES = {("0.0.0.0", "128.0.0.0"), ("128.0.0.0", "128.0.0.0")}  # 0.0.0.0/1 and 128.0.0.0/1


def _windows_routes(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """The active IPv4 routes of ``route print -4``: 'Network Destination  Netmask  Gateway
    Interface  Metric'. The on-link gateway is a word in the system's language, sometimes two
    ("Auf Verbindung" in German), so a line is read from both ends; "on-link" stands for it."""
    routes = []
    for line in text.splitlines():
        f = line.split()
        if len(f) < 5 or not (_is_ipv4(f[0]) and _is_ipv4(f[1]) and _is_ipv4(f[-2]) and f[-1].isdigit()):
            continue  # the interface list, headers, and the persistent routes (no interface)
        gateway = " ".join(f[2:-2])
        routes.append((f[0], f[1], {"gateway": gateway if _is_ipv4(gateway) else "on-link",
                                    "interface": f[-2], "metric": f[-1]}))
    return routes


def parse_windows_route(text: str) -> list[dict[str, str]]:
    """The default routes of ``route print -4 0.0.0.0`` on Windows."""
    return [r for dest, mask, r in _windows_routes(text) if (dest, mask) == ("0.0.0.0", "0.0.0.0")]


def parse_windows_halves(text: str) -> list[dict[str, str]]:
    """0.0.0.0/1 and 128.0.0.0/1: how a VPN (OpenVPN's def1, WireGuard) takes all traffic while
    leaving the default route as it was — the default route then no longer says where traffic
    goes."""
    return [r for dest, mask, r in _windows_routes(text) if (dest, mask) in HALVES]


def _is_ipv4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def parse_windows_route6(text: str) -> list[dict[str, str]]:
    """``route print -6 ::/0`` on Windows: 'If Metric Network Destination Gateway' (the interface
    is its index). An IPv6-only network (NAT64) has only these."""
    routes = []
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 4 and f[2] == "::/0" and f[0].isdigit():
            routes.append({"interface": f[0], "metric": f[1], "gateway": f[3]})
    return routes


# subprocess.CREATE_NO_WINDOW, which exists only on Windows: a console tool started from the
# windowed app gets a hidden console of its own instead of flashing one on the screen.
CREATE_NO_WINDOW = 0x08000000


def _oem_code_page() -> int:
    """Windows' OEM code page (437 in the US, 850 in Germany, 936 in China): the one its
    console tools (route, getmac) write in when their output is a pipe — not the ANSI one
    (1252, 936) that Python decodes a child's text output with."""
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.kernel32.GetOEMCP())
    return 0


def _output_codec() -> str:
    if SYSTEM == "win32":
        codec = f"cp{_oem_code_page()}"
        try:
            codecs.lookup(codec)
            return codec
        except LookupError:
            pass  # a code page Python has no codec for: the ANSI one, with replacements
    return locale.getpreferredencoding(False)


def _run(argv: list[str]) -> str:
    """Run a fixed system command (never a shell, never outside strings); its output as text."""
    options: dict[str, Any] = {"creationflags": CREATE_NO_WINDOW} if SYSTEM == "win32" else {}
    out = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL,
                         timeout=timeouts.ROUTE_COMMAND_TIMEOUT_S, check=False, **options)
    return out.stdout.decode(_output_codec(), "replace")


def _metric(route: dict[str, str]) -> int:
    metric = route.get("metric", "")
    return int(metric) if metric.isdigit() else 0  # none given (macOS): the order as listed


def default_routes() -> tuple[dict[str, Any], Failure | None]:
    v4: list[dict[str, str]] = []
    v6: list[dict[str, str]] = []
    halves: list[dict[str, str]] = []
    source = ""
    try:
        if SYSTEM.startswith("linux"):
            source = "/proc/net/route"
            with open("/proc/net/route", encoding="ascii") as f:
                table = f.read()
            v4, halves = parse_proc_route(table), parse_proc_route_halves(table)
            try:
                with open("/proc/net/ipv6_route", encoding="ascii") as f:
                    v6 = parse_proc_ipv6_route(f.read())
            except OSError:
                v6 = []
        elif SYSTEM == "darwin":
            source = "route -n get default"
            v4 = parse_macos_route(_run(["route", "-n", "get", "default"]))
            v6 = parse_macos_route(_run(["route", "-n", "get", "-inet6", "default"]))
        elif SYSTEM == "win32":
            source = "route print"
            table = _run(["route", "print", "-4"])
            v4, halves = parse_windows_route(table), parse_windows_halves(table)
            v6 = parse_windows_route6(_run(["route", "print", "-6", "::/0"]))
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        return {"source": source}, Failure("internal", f"could not read the routing table: {e}")
    # The route traffic takes is the one with the lowest metric, not the first listed: Windows
    # lists a ZeroTier or dial-up default route (metric 10034, 4260) before the one in use.
    v4.sort(key=_metric)
    v6.sort(key=_metric)
    metrics = {"source": source, "ipv4": v4, "ipv6": v6,
               "gateway": v4[0]["gateway"] if v4 else None,
               "interface": v4[0]["interface"] if v4 else (v6[0]["interface"] if v6 else None)}
    if halves:
        metrics["ipv4_halves"] = halves  # a VPN takes all traffic past the default route
    if not v4 and not v6:
        return metrics, Failure("no_network", "no default route")
    return metrics, None


# --- resolvers, proxies, VPN, IPv6 ------------------------------------------------------------------

def resolvers(servers: list[str]) -> tuple[dict[str, Any], Failure | None]:
    """The DNS servers this run asks (the system's, see dns.system_nameservers)."""
    metrics = {"servers": servers,
               "local": [s for s in servers if _is_loopback(s)]}  # a local stub or VPN resolver
    if not servers:
        return metrics, Failure("no_resolver", "no DNS server is configured")
    return metrics, None


# Where Windows keeps each adapter's DNS servers (IPv4 and IPv6, by the adapter's GUID) and the
# adapter's name as psutil and the Settings app show it (Connection\Name).
_TCPIP = r"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters"
_TCPIP6 = r"SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters"
_NETWORK = r"SYSTEM\CurrentControlSet\Control\Network\{4D36E972-E325-11CE-BFC1-08002BE10318}"


def windows_nameservers(settings: dict[str, Any], up: set[str]) -> list[str]:
    """The DNS servers of the adapters that are up, from the registry as _windows_dns_settings
    reads it: per adapter, the servers set by hand (NameServer) or else those from DHCP
    (DhcpNameServer; Dhcpv6DNSServers, 16 bytes an address), and the system-wide NameServer.
    A disconnected adapter keeps its last DHCP servers there, which no lookup uses; and a value
    that is not a list of addresses costs that value only."""
    found: list[str] = []

    def add(value: Any) -> None:
        if isinstance(value, list):  # REG_MULTI_SZ, where a tool wrote one
            for item in value:
                add(item)
            return
        if isinstance(value, str):
            candidates = value.replace(",", " ").split()
        elif isinstance(value, (bytes, bytearray)) and len(value) % 16 == 0:
            candidates = [str(ipaddress.IPv6Address(bytes(value[i:i + 16]))) for i in range(0, len(value), 16)]
        else:
            return
        for text in candidates:
            try:
                address = str(ipaddress.ip_address(text))
            except ValueError:
                continue
            if address not in found:
                found.append(address)

    add(settings.get("global", {}).get("NameServer"))
    for adapter in settings.get("interfaces", {}).values():
        if adapter.get("name") not in up:
            continue
        for family, static, dhcp in (("v4", "NameServer", "DhcpNameServer"),
                                     ("v6", "NameServer", "Dhcpv6DNSServers")):
            values = adapter.get(family, {})
            add(values.get(static) or values.get(dhcp))
    return found


def _windows_dns_settings() -> dict[str, Any]:
    """The registry values windows_nameservers reads; a key or value that cannot be read is
    left out, the rest kept."""
    settings: dict[str, Any] = {"global": {}, "interfaces": {}}
    if sys.platform != "win32":  # (also tells the type checker which platform this is for)
        return settings
    import winreg

    def values(path: str, names: tuple[str, ...]) -> dict[str, Any]:
        got: dict[str, Any] = {}
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
                for name in names:
                    try:
                        got[name] = winreg.QueryValueEx(key, name)[0]
                    except OSError:
                        pass
        except OSError:
            pass
        return got

    def subkeys(path: str) -> list[str]:
        names: list[str] = []
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
                while True:
                    try:
                        names.append(winreg.EnumKey(key, len(names)))
                    except OSError:
                        return names
        except OSError:
            return names

    settings["global"] = values(_TCPIP, ("NameServer",))
    for family, base, names in (("v4", _TCPIP, ("NameServer", "DhcpNameServer")),
                                ("v6", _TCPIP6, ("NameServer", "Dhcpv6DNSServers"))):
        for guid in subkeys(base + r"\Interfaces"):
            adapter = settings["interfaces"].setdefault(guid.upper(), {})
            adapter[family] = values(rf"{base}\Interfaces\{guid}", names)
    for guid, adapter in settings["interfaces"].items():
        adapter["name"] = values(rf"{_NETWORK}\{guid}\Connection", ("Name",)).get("Name")
    return settings


def up_adapters() -> set[str]:
    try:
        return {name for name, st in psutil.net_if_stats().items() if st.isup}
    except (OSError, RuntimeError):
        return set()


def _public_proxy(url: str) -> str:
    """A proxy URL without credentials."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def proxies() -> tuple[dict[str, Any], Failure | None]:
    """Proxies from the environment and the system settings (macOS, Windows), as requests sees
    them — and whether the system picks its proxy by script (PAC) or discovery (WPAD), which
    requests cannot follow. Only the kind is kept, never the script's address (a company's
    internal host name)."""
    found = urllib.request.getproxies()
    metrics: dict[str, Any] = {
        "proxies": {scheme: _public_proxy(url) for scheme, url in sorted(found.items())
                    if scheme != "no"},
        "no_proxy": found.get("no", "")[:300],
    }
    metrics["in_use"] = bool(metrics["proxies"])
    pac = pac_setting()
    if pac:
        metrics["pac"] = pac
    return metrics, None


def parse_scutil_proxy(text: str) -> str | None:
    """``scutil --proxy`` on macOS: 'ProxyAutoConfigEnable : 1' (a script) or
    'ProxyAutoDiscoveryEnable : 1' (WPAD)."""
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines()) if v}
    if fields.get("ProxyAutoConfigEnable") == "1" and fields.get("ProxyAutoConfigURLString"):
        return "script"
    if fields.get("ProxyAutoDiscoveryEnable") == "1":
        return "auto-detect"
    return None


def parse_scutil_dns(text: str) -> list[str]:
    """``scutil --dns`` on macOS: the servers of the general resolver, the one that answers for
    every name, before the scoped section. Not a resolver for one domain (``domain``), not
    multicast DNS, and not a supplemental one: a VPN's split DNS (Tailscale's MagicDNS at
    100.100.100.100, a company's servers) is listed first, often with no domain of its own, and
    answers for its own names, the rest going to the general resolver (Apple's NEDNSSettings
    matchDomains). Only where no general resolver has servers is a supplemental one without a
    domain taken: the system then has no other. A link-local server with its interface
    (fe80::1%en0) is left out: it cannot be asked without one."""
    blocks: list[dict[str, list[str]]] = []
    for line in text.split("DNS configuration (for scoped queries)")[0].splitlines():
        line = line.strip()
        if line.startswith("resolver #"):
            blocks.append({})
        elif blocks and ":" in line:
            key, _, value = line.partition(":")
            blocks[-1].setdefault(key.strip().split("[")[0], []).append(value.strip())
    general: list[list[str]] = []
    supplemental: list[list[str]] = []
    for block in blocks:
        if "domain" in block or "mdns" in " ".join(block.get("options", [])):
            continue
        servers = [s for s in block.get("nameserver", []) if "%" not in s]
        flags = {f.strip() for f in ",".join(block.get("flags", [])).split(",")}
        if servers and "Scoped" not in flags:
            (supplemental if "Supplemental" in flags else general).append(servers)
    return (general or supplemental or [[]])[0]


def windows_pac(values: dict[str, Any]) -> str | None:
    """The 'Internet Settings' registry values of the current user: AutoConfigURL (a script),
    or the auto-detect flag (0x08) in the DefaultConnectionSettings blob (WPAD)."""
    if values.get("AutoConfigURL"):
        return "script"
    blob = values.get("DefaultConnectionSettings")
    if isinstance(blob, (bytes, bytearray)) and len(blob) > 8 and blob[8] & 0x08:
        return "auto-detect"
    return None


_INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


def _windows_internet_settings() -> dict[str, Any]:
    values: dict[str, Any] = {}
    if sys.platform != "win32":  # (also tells the type checker which platform this is for)
        return values
    import winreg

    keys = ((_INTERNET_SETTINGS, ("AutoConfigURL",)),
            (_INTERNET_SETTINGS + r"\Connections", ("DefaultConnectionSettings",)))
    for path, names in keys:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
                for name in names:
                    try:
                        values[name] = winreg.QueryValueEx(key, name)[0]
                    except OSError:
                        pass
        except OSError:
            pass
    return values


def pac_setting() -> str | None:
    try:
        if SYSTEM == "darwin":
            return parse_scutil_proxy(_run(["scutil", "--proxy"]))
        if SYSTEM == "win32":
            return windows_pac(_windows_internet_settings())
    except (OSError, subprocess.SubprocessError):
        return None
    return None


def vpn(interfaces_metrics: dict[str, Any]) -> tuple[dict[str, Any], Failure | None]:
    found = tunnels.in_use(interfaces_metrics.get("interfaces", []))
    return {"tunnels": found, "in_use": bool(found)}, None


def ipv6(interfaces_metrics: dict[str, Any], routes_metrics: dict[str, Any]) -> tuple[dict[str, Any], Failure | None]:
    global_v6 = []
    for i in interfaces_metrics.get("interfaces", []):
        for a in i["ipv6"]:
            try:
                ip = ipaddress.ip_address(a)
            except ValueError:
                continue
            if i["up"] and not (ip.is_loopback or ip.is_link_local or ip.is_private):
                global_v6.append(a)
            elif i["up"] and ip in ipaddress.ip_network("2001:db8::/32"):
                global_v6.append(a)  # documentation range: the test lab's "global" addresses
    has_route = bool(routes_metrics.get("ipv6"))
    return {"global_addresses": len(global_v6), "default_route": has_route,
            "available": bool(global_v6) and has_route}, None
