"""Whether the connection this computer uses is one the system marks as metered (costly): a
mobile plan, a phone's hotspot. The busy-line test (:mod:`.busyline`) loads the line with tens
of megabytes; it must never do so on a connection that costs by the byte.

Each system is asked what it already knows; nothing here sends a packet.

- Windows: the cost of the internet connection profile (WinRT ``NetworkInformation``,
  ``ConnectionCost``), read through Windows PowerShell: metered when its cost type is Fixed or
  Variable, or it is roaming, over or near its data limit; Unrestricted is not metered; Unknown,
  or no profile, cannot be told.
- Linux: NetworkManager's metered state of the device of the default route (``nmcli``): "yes" and
  "yes (guessed)" are metered, "no" and "no (guessed)" are not, "unknown" cannot be told.
- macOS has no command for it: Low Data Mode, which the user sets per network, is not readable
  from a command, so a Mac's answer is never "not metered". What can be told: an Android phone's
  hotspot marks its DHCP answer with "ANDROID_METERED" (``ipconfig getpacket``).
- Every system: an iPhone's Personal Hotspot hands out addresses in 172.20.10.0/28 and is itself
  172.20.10.1; that gateway is taken as metered whatever the system says, since Windows leaves a
  Wi-Fi network unmetered unless the user marks it or the network announces its cost, and
  NetworkManager was seen to guess "no" for an iPhone's hotspot.

What cannot be told: a router that is itself on a mobile line (a 4G box at home, a travel
router) looks like any home network, unless it announces its cost or the user marked the
network; and a phone's hotspot that gives no hint, and is not an iPhone's at its usual address,
looks like any other network to Windows, and to a Mac.

Any command that cannot run, runs too long, fails or says something unexpected means "cannot be
told": the answer is (None, ""), never an exception.
"""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
from typing import Any

from . import local

# Windows PowerShell's start and the WinRT type's first load take a second or two on a slow
# machine, more than the three seconds local.py gives 'route'; still short enough that a hung
# tool never holds up the diagnosis.
COMMAND_TIMEOUT_S = 5.0

# The gateway an iPhone's Personal Hotspot is (its network 172.20.10.0/28): iOS's own NAT rules
# name both (tests/fixtures/platform/SOURCES.md says where this comes from).
IPHONE_GATEWAY = ipaddress.IPv4Address("172.20.10.1")

# What the cost of the internet connection profile holds (learn.microsoft.com, ConnectionCost),
# printed as 'Name=Value' words: PowerShell writes an enum by its name and a boolean as True or
# False whatever the system's language. Single quotes only, so that nothing in it needs escaping
# on the Windows command line.
WINDOWS_COST_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "$p = [Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.Connectivity,"
    "ContentType=WindowsRuntime]::GetInternetConnectionProfile(); "
    "if ($null -eq $p) { 'profile=none' } else { $c = $p.GetConnectionCost(); "
    "'NetworkCostType=' + $c.NetworkCostType + ' Roaming=' + $c.Roaming"
    " + ' OverDataLimit=' + $c.OverDataLimit + ' ApproachingDataLimit=' + $c.ApproachingDataLimit }"
)

_NMCLI_METERED = {"yes": True, "yes (guessed)": True, "no": False, "no (guessed)": False}


def parse_windows_cost(text: str) -> bool | None:
    """The words WINDOWS_COST_SCRIPT prints. Metered: a Fixed or Variable cost type (a data plan,
    a charge by the byte), or roaming, over or approaching the data limit (Microsoft's advice is
    to ask before a large transfer then). Not metered: Unrestricted. Unknown, no profile, or
    anything else: None."""
    said = {name.lower(): value.lower() for name, value in re.findall(r"(\w+)=(\w+)", text)}
    cost = said.get("networkcosttype")
    if cost is None:
        return None
    if any(said.get(flag) == "true" for flag in ("roaming", "overdatalimit", "approachingdatalimit")):
        return True
    if cost in ("fixed", "variable"):
        return True
    if cost == "unrestricted":
        return False
    return None


def parse_nmcli_metered(text: str) -> bool | None:
    """``nmcli -t -f GENERAL.METERED device show <device>``: 'GENERAL.METERED:yes (guessed)'.
    NetworkManager guesses "yes" for a mobile modem, Bluetooth tethering and a hotspot that says
    it is costly (ANDROID_METERED, Microsoft's Network Cost element); the user's own "yes" or
    "no" is said without "(guessed)". "unknown", or no such line: None."""
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip().upper() == "GENERAL.METERED":
            return _NMCLI_METERED.get(value.strip().lower())
    return None


def parse_ipconfig_packet(text: str) -> bool:
    """``ipconfig getpacket <interface>`` on macOS: the DHCP answer the interface got. An Android
    phone's hotspot puts "ANDROID_METERED" in the vendor-specific option (43), which macOS prints
    as a hex dump with the text beside it, 16 bytes a line; the bytes are joined again so that
    the word is found even where a longer option splits it across two lines."""
    if "ANDROID_METERED" in text:
        return True
    dumped = bytearray()
    for line in text.splitlines():
        words = line.split()
        if len(words) < 2 or not re.fullmatch(r"[0-9a-fA-F]{4}", words[0]):
            continue
        for word in words[1:17]:
            if not re.fullmatch(r"[0-9a-fA-F]{2}", word):
                break  # the text column beside the bytes
            dumped.append(int(word, 16))
    return b"ANDROID_METERED" in dumped


def iphone_hotspot(gateway: str) -> bool:
    """Whether the default gateway is an iPhone's Personal Hotspot (172.20.10.1)."""
    try:
        return ipaddress.ip_address(gateway.split("%")[0].strip()) == IPHONE_GATEWAY
    except ValueError:
        return False  # none, "on-link", or not an address


def _run(argv: list[str], env: dict[str, str] | None = None) -> str:
    """Run a fixed system command (never a shell); its output as text. local._run's way (no
    console window on Windows, the OEM code page), but with a longer timeout, an environment,
    and a failing exit status raised: a tool that failed has said nothing."""
    options: dict[str, Any] = {"creationflags": local.CREATE_NO_WINDOW} if local.SYSTEM == "win32" else {}
    if env is not None:
        options["env"] = env
    done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL,
                          timeout=COMMAND_TIMEOUT_S, check=True, **options)
    return done.stdout.decode(local._output_codec(), "replace")


def _default_route() -> tuple[str, str]:
    """The default route's gateway and interface, "" for what is not known."""
    routes, _ = local.default_routes()
    return routes.get("gateway") or "", routes.get("interface") or ""


def _windows() -> bool | None:
    return parse_windows_cost(_run(["powershell", "-NoProfile", "-NonInteractive", "-Command",
                                    WINDOWS_COST_SCRIPT]))


def _networkmanager(interface: str) -> bool | None:
    if not interface:
        return None
    # nmcli translates its values into the user's language ("oui" for "yes" in French); its
    # manual says to run it with LC_ALL=C when a program reads its output.
    return parse_nmcli_metered(_run(["nmcli", "-t", "-f", "GENERAL.METERED", "device", "show", interface],
                                    env={**os.environ, "LC_ALL": "C"}))


def _android_hotspot(interface: str) -> bool:
    # An interface without a DHCP answer (a VPN's, a fixed address) makes ipconfig fail.
    return bool(interface) and parse_ipconfig_packet(_run(["ipconfig", "getpacket", interface]))


def metered(system: str | None = None) -> tuple[bool | None, str]:
    """Whether the connection in use is metered: True, False, or None when it cannot be told;
    and how it was told (a short code: "windows_cost", "networkmanager", "iphone_hotspot",
    "android_hotspot", "" when not told).

    ``system``: whose tools to ask, in sys.platform's spelling ("win32", "linux", "darwin";
    "Windows", "Linux" and "Darwin" too); this computer's by default. The default route is
    read by local.default_routes(), for the system local.SYSTEM names."""
    system = (system or local.SYSTEM).lower()
    try:
        gateway, interface = _default_route()
        if iphone_hotspot(gateway):
            return True, "iphone_hotspot"
        if system.startswith("win"):
            told = _windows()
            return told, "windows_cost" if told is not None else ""
        if system.startswith("linux"):
            told = _networkmanager(interface)
            return told, "networkmanager" if told is not None else ""
        if system == "darwin" and _android_hotspot(interface):
            return True, "android_hotspot"
    except (OSError, subprocess.SubprocessError, ValueError):
        pass  # a tool missing, hung, failed, or its output not text: cannot be told
    return None, ""
