"""Whether the connection is metered, as each system tells it (core/probes/metered.py): the
outputs of PowerShell, nmcli and ipconfig as recorded or documented (tests/fixtures/platform,
each file's source in SOURCES.md), read through the parsers and through metered() with the
commands answered from those recordings. No real PowerShell, nmcli or ipconfig runs here."""

import subprocess
import sys
from pathlib import Path

import pytest

from callpath.core.probes import local
from callpath.core.probes import metered as m

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platform"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


# --- the parsers ------------------------------------------------------------------------------

def test_windows_connection_cost():
    assert m.parse_windows_cost(fixture("windows11-connection-cost-fixed.txt")) is True
    assert m.parse_windows_cost(fixture("windows11-connection-cost-unrestricted.txt")) is False
    assert m.parse_windows_cost(fixture("windows11-connection-cost-variable-roaming.txt")) is True
    # A plan with no cost type but over or near its limit, or roaming, is costly all the same.
    for flag in ("Roaming", "OverDataLimit", "ApproachingDataLimit"):
        words = "NetworkCostType=Unrestricted Roaming=False OverDataLimit=False ApproachingDataLimit=False"
        assert m.parse_windows_cost(words.replace(f"{flag}=False", f"{flag}=True")) is True, flag
    assert m.parse_windows_cost("NetworkCostType=Unknown Roaming=False OverDataLimit=False "
                                "ApproachingDataLimit=False\r\n") is None
    assert m.parse_windows_cost("profile=none\r\n") is None  # offline: no internet profile
    assert m.parse_windows_cost("networkcosttype=FIXED\r\n") is True  # the words' case does not matter
    assert m.parse_windows_cost("NetworkCostType=Metered\r\n") is None  # a word Windows does not use
    assert m.parse_windows_cost("") is None
    assert m.parse_windows_cost("Unable to find type [Windows.Networking.Connectivity.NetworkInformation].") is None


def test_networkmanager_metered_state():
    assert m.parse_nmcli_metered(fixture("linux-nmcli-metered-yes-guessed.txt")) is True
    assert m.parse_nmcli_metered(fixture("linux-nmcli-metered-no-guessed.txt")) is False
    assert m.parse_nmcli_metered("GENERAL.METERED:yes\n") is True   # set so by the user
    assert m.parse_nmcli_metered("GENERAL.METERED:no\n") is False
    assert m.parse_nmcli_metered("GENERAL.METERED:unknown\n") is None
    # Without -t nmcli pads the value into a column: the same word.
    assert m.parse_nmcli_metered("GENERAL.METERED:                        yes (guessed)\n") is True
    assert m.parse_nmcli_metered("GENERAL.METERED:oui (supposé)\n") is None  # translated: not read
    assert m.parse_nmcli_metered("GENERAL.DEVICE:wlan0\n") is None
    assert m.parse_nmcli_metered("") is None


def test_android_hotspot_in_the_dhcp_answer():
    assert m.parse_ipconfig_packet(fixture("macos-ipconfig-getpacket-android.txt")) is True
    assert m.parse_ipconfig_packet(fixture("macos-ipconfig-getpacket-router.txt")) is False
    # A longer vendor-specific option puts the word across two lines of the dump, its text
    # column cut in two: the bytes still hold it.
    split = fixture("macos-ipconfig-getpacket-router.txt").replace("end (none):\n", (
        "vendor_specific (opaque):\n"
        "0000  01 0f 41 4e 44 52 4f 49  44 5f 4d 45 54 45 52 45     ..ANDROID_METERE\n"
        "0010  44                                                D\n"))
    assert "ANDROID_METERED" not in split
    assert m.parse_ipconfig_packet(split) is True
    other = split.replace("4d 45 54 45 52 45", "4d 45 54 45 52 21")
    assert m.parse_ipconfig_packet(other) is False
    assert m.parse_ipconfig_packet("") is False


def test_iphone_hotspot_by_its_gateway():
    assert m.iphone_hotspot("172.20.10.1") is True
    assert m.iphone_hotspot(" 172.20.10.1\n") is True
    assert m.iphone_hotspot("172.20.10.2") is False  # a computer on the hotspot, not the phone
    assert m.iphone_hotspot("192.168.1.1") is False
    assert m.iphone_hotspot("fe80::1%en0") is False
    assert m.iphone_hotspot("on-link") is False  # Windows' on-link gateway
    assert m.iphone_hotspot("") is False


# --- metered(), the commands answered from the recordings --------------------------------------

class Commands:
    """Stands for metered._run: answers each command from a table, and records what ran."""

    def __init__(self, answers: dict[str, str | BaseException]):
        self.answers = answers
        self.ran: list[tuple[list[str], dict[str, str] | None]] = []

    def __call__(self, argv: list[str], env: dict[str, str] | None = None) -> str:
        self.ran.append((argv, env))
        answer = self.answers[argv[0]]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def routes_of(monkeypatch, gateway: str | None, interface: str | None):
    monkeypatch.setattr(local, "default_routes", lambda: (
        {"source": "/proc/net/route", "gateway": gateway, "interface": interface}, None))


def windows(monkeypatch, route_table: str, answers: dict) -> Commands:
    """A Windows whose default route is read through local.py from recorded 'route print'."""
    tables = {("route", "print", "-4"): fixture(route_table),
              ("route", "print", "-6", "::/0"): fixture("windows11-route-print-6.txt")}
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_run", lambda argv: tables[tuple(argv)])
    commands = Commands(answers)
    monkeypatch.setattr(m, "_run", commands)
    return commands


def mac(monkeypatch, route: str, answers: dict) -> Commands:
    """A Mac whose default route is read through local.py from recorded 'route -n get'."""
    tables = {("route", "-n", "get", "default"): fixture(route),
              ("route", "-n", "get", "-inet6", "default"): fixture("macos15-route-get-inet6-none.txt")}
    monkeypatch.setattr(local, "SYSTEM", "darwin")
    monkeypatch.setattr(local, "_run", lambda argv: tables[tuple(argv)])
    commands = Commands(answers)
    monkeypatch.setattr(m, "_run", commands)
    return commands


@pytest.mark.parametrize(("recorded", "expected"), [
    ("windows11-connection-cost-fixed.txt", (True, "windows_cost")),
    ("windows11-connection-cost-variable-roaming.txt", (True, "windows_cost")),
    ("windows11-connection-cost-unrestricted.txt", (False, "windows_cost")),
])
def test_windows_asks_powershell_for_the_connection_cost(monkeypatch, recorded, expected):
    commands = windows(monkeypatch, "windows11-route-print-4.txt", {"powershell": fixture(recorded)})
    assert m.metered("win32") == expected
    [(argv, env)] = commands.ran
    assert argv[:4] == ["powershell", "-NoProfile", "-NonInteractive", "-Command"] and len(argv) == 5
    script = argv[4]
    assert "ContentType=WindowsRuntime]::GetInternetConnectionProfile()" in script
    assert "GetConnectionCost()" in script and "'profile=none'" in script  # offline: no profile
    assert '"' not in script and env is None  # nothing to escape on the command line


def test_windows_without_an_internet_profile_cannot_tell(monkeypatch):
    windows(monkeypatch, "windows11-route-print-4.txt", {"powershell": "profile=none\r\n"})
    assert m.metered("win32") == (None, "")
    windows(monkeypatch, "windows11-route-print-4.txt",
            {"powershell": "NetworkCostType=Unknown Roaming=False OverDataLimit=False ApproachingDataLimit=False\r\n"})
    assert m.metered("Windows") == (None, "")


def test_an_iphone_hotspot_is_metered_whatever_the_system_says(monkeypatch):
    iphone = fixture("windows11-route-print-4.txt").replace("192.168.1.1 ", "172.20.10.1 ")
    assert "172.20.10.1" in iphone
    commands = windows(monkeypatch, "windows11-route-print-4.txt",
                       {"powershell": fixture("windows11-connection-cost-unrestricted.txt")})
    monkeypatch.setattr(local, "_run", lambda argv: iphone if "-4" in argv else "")
    assert m.metered("win32") == (True, "iphone_hotspot")
    assert commands.ran == []  # told by the address alone

    routes_of(monkeypatch, "172.20.10.1", "wlan0")
    commands = Commands({"nmcli": fixture("linux-nmcli-metered-no-guessed.txt")})
    monkeypatch.setattr(m, "_run", commands)
    assert m.metered("linux") == (True, "iphone_hotspot")  # NetworkManager would guess "no"
    assert commands.ran == []

    commands = mac(monkeypatch, "macos14-route-get-default-iphone-hotspot.txt",
                   {"ipconfig": fixture("macos-ipconfig-getpacket-router.txt")})
    assert m.metered("darwin") == (True, "iphone_hotspot")
    assert commands.ran == []


@pytest.mark.parametrize(("recorded", "expected"), [
    ("linux-nmcli-metered-yes-guessed.txt", (True, "networkmanager")),
    ("linux-nmcli-metered-no-guessed.txt", (False, "networkmanager")),
])
def test_linux_asks_networkmanager_about_the_default_route_device(monkeypatch, recorded, expected):
    routes_of(monkeypatch, "192.168.1.1", "wlp2s0")
    commands = Commands({"nmcli": fixture(recorded)})
    monkeypatch.setattr(m, "_run", commands)
    assert m.metered("linux") == expected
    [(argv, env)] = commands.ran
    assert argv == ["nmcli", "-t", "-f", "GENERAL.METERED", "device", "show", "wlp2s0"]
    assert env is not None and env["LC_ALL"] == "C"  # untranslated values


def test_linux_without_an_answer_cannot_tell(monkeypatch):
    routes_of(monkeypatch, "192.168.1.1", "wlp2s0")
    monkeypatch.setattr(m, "_run", Commands({"nmcli": "GENERAL.METERED:unknown\n"}))
    assert m.metered("linux") == (None, "")
    routes_of(monkeypatch, None, None)  # no default route: no device to ask about
    commands = Commands({"nmcli": fixture("linux-nmcli-metered-yes-guessed.txt")})
    monkeypatch.setattr(m, "_run", commands)
    assert m.metered("Linux") == (None, "")
    assert commands.ran == []


def test_a_mac_tells_an_android_hotspot_and_never_says_not_metered(monkeypatch):
    commands = mac(monkeypatch, "macos14-route-get-default.txt",
                   {"ipconfig": fixture("macos-ipconfig-getpacket-android.txt")})
    assert m.metered("darwin") == (True, "android_hotspot")
    assert commands.ran == [(["ipconfig", "getpacket", "en0"], None)]
    mac(monkeypatch, "macos14-route-get-default.txt", {"ipconfig": fixture("macos-ipconfig-getpacket-router.txt")})
    assert m.metered("Darwin") == (None, "")  # an ordinary router: Low Data Mode cannot be read
    # A VPN's tunnel got no DHCP answer: ipconfig fails, and nothing can be told.
    mac(monkeypatch, "macos14-route-get-default-vpn.txt",
        {"ipconfig": subprocess.CalledProcessError(1, ["ipconfig", "getpacket", "utun4"])})
    assert m.metered("darwin") == (None, "")


def test_without_a_default_route_a_mac_asks_nothing(monkeypatch):
    routes_of(monkeypatch, None, None)
    commands = Commands({})
    monkeypatch.setattr(m, "_run", commands)
    assert m.metered("darwin") == (None, "")
    assert commands.ran == []


@pytest.mark.parametrize("system", ["win32", "linux", "darwin"])
@pytest.mark.parametrize("failure", [
    FileNotFoundError(2, "No such file or directory"),
    subprocess.TimeoutExpired(["tool"], m.COMMAND_TIMEOUT_S),
    subprocess.CalledProcessError(10, ["tool"]),
    PermissionError(13, "Permission denied"),
    "\x00\ufffd garbage: = yes no True\n",
])
def test_a_tool_that_fails_or_talks_nonsense_tells_nothing(monkeypatch, system, failure):
    routes_of(monkeypatch, "192.168.1.1", "en0")
    monkeypatch.setattr(m, "_run", Commands({tool: failure for tool in ("powershell", "nmcli", "ipconfig")}))
    assert m.metered(system) == (None, "")


def test_other_systems_and_the_default_system(monkeypatch):
    routes_of(monkeypatch, "192.168.1.1", "em0")
    commands = Commands({})
    monkeypatch.setattr(m, "_run", commands)
    assert m.metered("freebsd14") == (None, "")
    assert commands.ran == []
    monkeypatch.setattr(local, "SYSTEM", "linux")  # this computer's system, as local.py names it
    monkeypatch.setattr(m, "_run", Commands({"nmcli": fixture("linux-nmcli-metered-yes-guessed.txt")}))
    assert m.metered() == (True, "networkmanager")


# --- the command runner --------------------------------------------------------------------

def test_commands_run_without_a_window_within_their_time_and_fail_when_the_tool_fails(monkeypatch):
    calls = []
    real_run = subprocess.run

    def run(argv, **kwargs):
        calls.append(kwargs)
        return subprocess.CompletedProcess(argv, 0, "NetworkCostType=Fixed Übergröße\r\n".encode("cp850"), b"")
    monkeypatch.setattr(m.subprocess, "run", run)
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_oem_code_page", lambda: 850)
    assert m._run(["powershell", "-Command", "x"]) == "NetworkCostType=Fixed Übergröße\r\n"
    assert calls[-1]["creationflags"] == local.CREATE_NO_WINDOW
    assert calls[-1]["timeout"] == m.COMMAND_TIMEOUT_S == 5.0
    assert calls[-1]["stdin"] == subprocess.DEVNULL and calls[-1]["check"] is True
    assert "env" not in calls[-1]
    monkeypatch.setattr(local, "SYSTEM", "linux")
    m._run(["nmcli"], env={"LC_ALL": "C"})
    assert "creationflags" not in calls[-1] and calls[-1]["env"] == {"LC_ALL": "C"}
    monkeypatch.setattr(m.subprocess, "run", real_run)
    monkeypatch.setattr(local, "SYSTEM", sys.platform)
    # A harmless child in place of a system tool: its output read, its failure raised.
    assert m._run([sys.executable, "-c", "print('GENERAL.METERED:no')"]).strip() == "GENERAL.METERED:no"
    with pytest.raises(subprocess.CalledProcessError):
        m._run([sys.executable, "-c", "import sys; sys.exit(10)"])
