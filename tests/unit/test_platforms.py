"""Windows and macOS as they really print and return things (tests/fixtures/platform, each file's
source in SOURCES.md), read through the code that reads the real thing: routes v4 and v6 (a
localised on-link gateway, a VPN's two halves), resolvers, the system proxy and its script or
discovery, adapters and which of them are VPNs, and the language and time zone."""

import json
import socket
import types
from pathlib import Path

import psutil
import pytest

from callpath.core.base import tunnels
from callpath.core.base.i18n import lang_of
from callpath.core.engine.locale_hint import guess_location, mainland_language
from callpath.core.probes import dns as dnsprobe
from callpath.core.probes import local

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platform"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def test_every_recording_says_where_it_comes_from():
    sources = fixture("SOURCES.md")
    files = sorted(p.name for p in FIXTURES.iterdir() if p.name != "SOURCES.md")
    assert len(files) >= 15
    for name in files:
        row = next((line for line in sources.splitlines() if line.startswith(f"| {name} |")), "")
        source = row.split("|")[4] if row.count("|") >= 5 else ""
        assert "http" in source or "(8)" in source, name  # a public page, or the system's manual


# --- routes -----------------------------------------------------------------------------------

def test_windows_default_routes_in_english_and_in_german_with_an_on_link_vpn():
    assert local.parse_windows_route(fixture("windows11-route-print-4.txt")) == [
        {"gateway": "192.168.1.1", "interface": "192.168.1.23", "metric": "35"}]
    german = fixture("windows10-de-route-print-4-vpn-on-link.txt")
    assert local.parse_windows_route(german) == [
        {"gateway": "on-link", "interface": "10.8.0.6", "metric": "5"},
        {"gateway": "192.168.1.1", "interface": "192.168.1.23", "metric": "35"}]
    assert local.parse_windows_halves(german) == []


def test_a_vpn_taking_all_traffic_by_two_halves_is_seen_beside_the_default_route():
    table = fixture("windows11-route-print-4-openvpn-def1.txt")
    assert local.parse_windows_route(table) == [
        {"gateway": "192.168.1.1", "interface": "192.168.1.23", "metric": "35"}]
    assert local.parse_windows_halves(table) == [
        {"gateway": "10.8.0.5", "interface": "10.8.0.6", "metric": "291"}] * 2
    linux = ("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
             "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
             "wg0\t00000000\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0\n"
             "wg0\t00000080\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0\n")
    assert [r["interface"] for r in local.parse_proc_route_halves(linux)] == ["wg0", "wg0"]
    assert local.parse_proc_route(linux) == [{"interface": "wlan0", "gateway": "192.168.1.1", "metric": "600"}]


def test_windows_ipv6_default_route():
    assert local.parse_windows_route6(fixture("windows11-route-print-6.txt")) == [
        {"interface": "12", "metric": "281", "gateway": "fe80::1"}]
    assert local.parse_windows_route(fixture("windows11-route-print-6.txt")) == []


def test_the_routes_as_the_diagnosis_reads_them_on_windows(monkeypatch):
    tables = {("route", "print", "-4"): fixture("windows11-route-print-4-openvpn-def1.txt"),
              ("route", "print", "-6", "::/0"): fixture("windows11-route-print-6.txt")}
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_run", lambda argv: tables[tuple(argv)])
    metrics, failure = local.default_routes()
    assert failure is None and metrics["gateway"] == "192.168.1.1" and len(metrics["ipv6"]) == 1
    assert [h["interface"] for h in metrics["ipv4_halves"]] == ["10.8.0.6", "10.8.0.6"]


def test_real_windows_route_tables_english_and_chinese():
    """Recorded on real machines (SOURCES.md): Tailscale's tunnel with no route of its own and
    persistent routes of four columns; a Chinese Windows (在链路上 is on-link) dialled up."""
    tailscale = fixture("windows10-route-print-tailscale.txt")
    assert local.parse_windows_route(tailscale) == [
        {"gateway": "10.211.55.1", "interface": "10.211.55.3", "metric": "15"}]
    assert local.parse_windows_halves(tailscale) == [] and local.parse_windows_route6(tailscale) == []
    chinese = fixture("windows10-zh-route-print-dialup.txt")
    assert local.parse_windows_route(chinese) == [
        {"gateway": "172.22.63.254", "interface": "172.22.30.182", "metric": "4260"},
        {"gateway": "on-link", "interface": "203.0.113.41", "metric": "36"}]


@pytest.mark.parametrize("name,gateway,interface", [
    ("windows-route-print-4-zerotier-first.txt", "172.20.10.1", "172.20.10.2"),
    ("windows10-zh-route-print-dialup.txt", "on-link", "203.0.113.41"),
])
def test_the_default_route_in_use_is_the_lowest_metric_not_the_first_listed(monkeypatch, name, gateway,
                                                                              interface):
    """Windows lists a ZeroTier route (metric 10034) or the campus network's (4260) before the
    one traffic takes; read first-listed, the gateway and the interface were the wrong ones."""
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_run", lambda argv: fixture(name) if "-4" in argv else "")
    metrics, failure = local.default_routes()
    assert failure is None and (metrics["gateway"], metrics["interface"]) == (gateway, interface)


@pytest.mark.parametrize("name,expected", [
    ("macos14-route-get-default.txt", [{"interface": "en0", "gateway": "192.168.1.1"}]),
    ("macos14-route-get-inet6-default.txt", [{"interface": "en0", "gateway": "fe80::1%en0"}]),
    ("macos14-route-get-default-vpn.txt", [{"interface": "utun4", "gateway": ""}]),
    ("macos15-route-get-inet6-none.txt", []),
])
def test_macos_routes(name, expected):
    assert local.parse_macos_route(fixture(name)) == expected


def test_the_routes_as_the_diagnosis_reads_them_on_macos_without_ipv6(monkeypatch):
    answers = {("route", "-n", "get", "default"): fixture("macos14-route-get-default.txt"),
               ("route", "-n", "get", "-inet6", "default"): fixture("macos15-route-get-inet6-none.txt")}
    monkeypatch.setattr(local, "SYSTEM", "darwin")
    monkeypatch.setattr(local, "_run", lambda argv: answers[tuple(argv)])
    metrics, failure = local.default_routes()
    assert failure is None and metrics["interface"] == "en0" and metrics["ipv6"] == []


# --- resolvers and proxies -----------------------------------------------------------------------

def test_macos_resolvers_are_the_first_that_answers_every_name():
    assert local.parse_scutil_dns(fixture("macos13-scutil-dns.txt")) == ["192.168.1.1"]
    assert local.parse_scutil_dns(fixture("macos14-scutil-dns-vpn.txt")) == ["10.8.0.1"]
    assert local.parse_scutil_dns("No DNS configuration available\n") == []


@pytest.mark.parametrize("name,general", [
    # Tailscale's MagicDNS and a company VPN's domains (headscale's issue 660): 100.100.100.100
    # is listed first, supplemental and with no domain; the home router is the general one.
    ("macos-scutil-dns-tailscale-magicdns.txt", ["192.168.1.1", "fd00:1::1"]),
    # A FortiGate VPN through pppd (openfortivpn's issue 534), and Firezone (its pull request 6220).
    ("macos10.15-scutil-dns-openfortivpn.txt", ["10.0.2.1"]),
    ("macos-scutil-dns-firezone.txt", ["2001:db8:3ecb:2410::1", "192.168.1.254"]),
    # Tunnelblick's servers only in the scoped section (its pull request 452): none general.
    ("macos-scutil-dns-tunnelblick-scoped-only.txt", []),
])
def test_macos_split_dns_the_general_resolver_not_a_vpns_supplemental_one(name, general):
    assert local.parse_scutil_dns(fixture(name)) == general


def test_macos_a_supplemental_resolver_is_taken_only_when_there_is_no_general_one():
    only_vpn = "\n".join(line for line in fixture("macos10.15-scutil-dns-openfortivpn.txt").split(
        "resolver #2")[0].splitlines())
    assert local.parse_scutil_dns(only_vpn) == ["10.30.0.53", "10.30.0.54"]


def test_the_diagnosis_asks_macos_its_resolvers_and_falls_back_to_resolv_conf(monkeypatch):
    monkeypatch.setattr(local, "SYSTEM", "darwin")
    monkeypatch.setattr(local, "_run", lambda argv: fixture("macos14-scutil-dns-vpn.txt"))
    assert dnsprobe.system_nameservers() == ["10.8.0.1"]

    def missing(argv):
        raise FileNotFoundError("scutil")
    monkeypatch.setattr(local, "_run", missing)
    assert dnsprobe.system_nameservers() == dnsprobe.dns.resolver.Resolver().nameservers


def _registry(name: str) -> dict:
    """A recorded registry as _windows_dns_settings reads it; REG_BINARY values kept as hex."""
    def unhex(value):
        if isinstance(value, dict) and set(value) == {"hex"}:
            return bytes.fromhex(value["hex"])
        return {k: unhex(v) for k, v in value.items()} if isinstance(value, dict) else value
    return unhex(json.loads(fixture(name)))


def _up(name: str = "windows11-adapters.json") -> set[str]:
    return {n for n, st in json.loads(fixture(name))["stats"].items() if st["isup"]}


WINDOWS_RESOLVERS = ["192.168.1.1", "fd12:3456:789a::1", "10.8.0.1", "10.8.0.2", "10.6.0.1", "fd00:6::1"]


def test_windows_resolvers_are_those_of_the_adapters_that_are_up():
    """A cable port unplugged and a Bluetooth network keep their last DHCP servers in the
    registry (dnspython listed them: its issues 1005 and 1191); a value such as ";" (issue 1135),
    a number, or half an IPv6 address costs that value; "a, b" (issue 1112) is two servers."""
    found = local.windows_nameservers(_registry("windows11-dns-registry.json"), _up())
    assert found == WINDOWS_RESOLVERS
    assert "10.0.0.1" not in found and "192.168.44.1" not in found
    assert local.windows_nameservers({"global": {"NameServer": "9.9.9.9"}}, set()) == ["9.9.9.9"]


def test_the_diagnosis_asks_windows_for_the_resolvers_and_one_bad_value_ends_nothing(monkeypatch):
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_windows_dns_settings", lambda: _registry("windows11-dns-registry.json"))
    monkeypatch.setattr(local, "up_adapters", _up)
    assert dnsprobe.system_nameservers() == WINDOWS_RESOLVERS
    monkeypatch.setattr(local, "up_adapters", set)  # every adapter down: none, not stale ones
    assert dnsprobe.system_nameservers() == []

    # Where the registry cannot be read at all, dnspython's reader is the fallback; it raises
    # on a value it cannot take, which now costs the list of servers, not the run.
    monkeypatch.setattr(local, "_windows_dns_settings", lambda: {"global": {}, "interfaces": {}})

    def malformed():
        raise ValueError("nameserver ; is not a dns.nameserver.Nameserver instance or text form")
    monkeypatch.setattr(dnsprobe.dns.resolver, "Resolver", malformed)
    assert dnsprobe.system_nameservers() == []


def test_windows_console_tools_run_without_a_window_and_are_read_in_the_oem_code_page(monkeypatch):
    """The windowed app has no console: each tool must not flash one. And a console tool writes
    the OEM code page into a pipe (cp936 on a Chinese Windows, cp850 on a German one), not the
    ANSI one Python decodes a child's text output with: a Chinese adapter's name came out
    garbled, and the VPN among the adapters was missed."""
    import subprocess

    calls = []
    getmac = ('"以太网","Intel(R) Ethernet Connection (7) I219-V","C8-5A-CF-00-00-02","Media disconnected"\r\n'
              '"公司 VPN","TAP-Windows Adapter V9","00-FF-7A-12-34-56","\\Device\\Tcpip_{X}"\r\n')

    def run(argv, **kwargs):
        calls.append(kwargs)
        return subprocess.CompletedProcess(argv, 0, getmac.encode("cp936"), b"")
    monkeypatch.setattr(local.subprocess, "run", run)
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_oem_code_page", lambda: 936)
    assert local.adapter_descriptions() == {"以太网": "Intel(R) Ethernet Connection (7) I219-V",
                                            "公司 VPN": "TAP-Windows Adapter V9"}
    assert calls[-1]["creationflags"] == local.CREATE_NO_WINDOW == 0x08000000
    assert calls[-1]["stdin"] == subprocess.DEVNULL
    german = "Netzwerkbrücke" + " " * 5 + "192.168.1.23\r\n"
    monkeypatch.setattr(local.subprocess, "run", lambda argv, **kw: subprocess.CompletedProcess(
        argv, 0, german.encode("cp850"), b""))
    monkeypatch.setattr(local, "_oem_code_page", lambda: 850)
    assert local._run(["route", "print", "-4"]) == german
    monkeypatch.setattr(local, "_oem_code_page", lambda: 1)  # no codec by that name: not a crash
    assert "192.168.1.23" in local._run(["route", "print", "-4"])
    monkeypatch.setattr(local, "SYSTEM", "darwin")
    monkeypatch.setattr(local.subprocess, "run", run)
    local._run(["route", "-n", "get", "default"])
    assert "creationflags" not in calls[-1]


def test_system_proxies_and_scripts():
    assert local.parse_scutil_proxy(fixture("macos14-scutil-proxy-pac.txt")) == "script"
    assert local.parse_scutil_proxy(fixture("macos15-scutil-proxy-http.txt")) is None  # a plain proxy
    settings = json.loads(fixture("windows11-internet-settings.json"))
    assert local.windows_pac(settings["pac_script"]) == "script"
    assert local.windows_pac({"DefaultConnectionSettings": bytes.fromhex(settings["wpad_flags_hex"])}) == "auto-detect"
    assert local.windows_pac({"DefaultConnectionSettings": bytes.fromhex(settings["direct_flags_hex"])}) is None
    assert local.windows_pac(settings["proxy_server_registry"]) is None


def test_a_windows_proxy_set_by_hand_is_used_and_recorded_without_its_host(monkeypatch):
    """Python reads the registry's ProxyServer itself (getproxies_registry); the measurement keeps
    the scheme, host and port that requests will use."""
    import urllib.request
    server = json.loads(fixture("windows11-internet-settings.json"))["proxy_server_registry"]["ProxyServer"]
    found = {k: f"http://{v}" for k, v in (p.split("=", 1) for p in server.split(";"))}
    monkeypatch.setattr(urllib.request, "getproxies", lambda: found)
    monkeypatch.setattr(local, "pac_setting", lambda: None)
    metrics, _ = local.proxies()
    assert metrics["in_use"] and metrics["proxies"] == {"http": "http://proxy.corp.example:8080",
                                                        "https": "http://proxy.corp.example:8080"}


# --- adapters and VPNs --------------------------------------------------------------------------

FAMILIES = {"AF_INET": socket.AF_INET, "AF_INET6": socket.AF_INET6, "AF_LINK": psutil.AF_LINK}


def adapters(name: str, descriptions: dict[str, str] | None = None):
    data = json.loads(fixture(name))
    addrs = {n: [types.SimpleNamespace(family=FAMILIES[f], address=a) for f, a in entries]
             for n, entries in data["addrs"].items()}
    stats = {n: types.SimpleNamespace(**s) for n, s in data["stats"].items()}
    return local.describe(addrs, stats, descriptions)


def test_windows_adapters_and_the_vpns_among_them():
    descriptions = local.parse_getmac(fixture("windows11-getmac.csv"))
    assert descriptions["Ethernet 2"].startswith("Cisco AnyConnect") and len(descriptions) == 7
    metrics, failure = adapters("windows11-adapters.json", descriptions)
    assert failure is None
    by_name = {i["name"]: i for i in metrics["interfaces"]}
    assert by_name["Loopback Pseudo-Interface 1"]["loopback"] and not by_name["Wi-Fi"]["tunnel"]
    assert not by_name["vEthernet (WSL)"]["tunnel"]  # Hyper-V's virtual switch is not a VPN
    # AnyConnect by its driver's name, TAP by its 00-FF MAC, WireGuard by having no MAC
    assert local.vpn(metrics)[0]["tunnels"] == ["Ethernet 2", "Ethernet 3", "office"]
    assert "Local Area Connection* 10" not in metrics["usable"] and "Wi-Fi" in metrics["usable"]
    assert "Cisco" not in json.dumps(metrics)  # the driver's name judges; it is not kept
    # Without getmac (it failed, or an old report judged again), the company VPN is not seen.
    assert local.vpn(adapters("windows11-adapters.json")[0])[0]["tunnels"] == ["Ethernet 3", "office"]


def test_macos_adapters_the_systems_own_tunnels_are_not_a_vpn():
    metrics, failure = adapters("macos15-adapters.json")
    assert failure is None
    by_name = {i["name"]: i for i in metrics["interfaces"]}
    assert all(by_name[f"utun{n}"]["tunnel"] for n in range(5))
    assert local.vpn(metrics)[0] == {"tunnels": ["utun4"], "in_use": True}
    data = json.loads(fixture("macos15-adapters.json"))
    del data["addrs"]["utun4"]
    assert tunnels.in_use([i for i in metrics["interfaces"] if i["name"] != "utun4"]) == []
    assert local.ipv6(metrics, {"ipv6": [{"interface": "en0"}]})[0]["available"]


def test_the_diagnosis_asks_windows_for_the_adapters_drivers(monkeypatch):
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_run", lambda argv: fixture("windows11-getmac.csv")
                        if argv[:1] == ["getmac"] else "")
    assert local.adapter_descriptions()["Ethernet 3"] == "TAP-Windows Adapter V9"

    def missing(argv):
        raise FileNotFoundError("getmac")
    monkeypatch.setattr(local, "_run", missing)
    assert local.adapter_descriptions() == {}
    monkeypatch.setattr(local, "SYSTEM", "linux")
    assert local.adapter_descriptions() == {}


# --- language and time zone ---------------------------------------------------------------------

def test_windows_language_names_and_time_zones():
    import tzlocal.windows_tz

    data = json.loads(fixture("windows-locale.json"))
    for name, (lang, mainland) in data["getlocale"].items():
        assert lang_of(name) == lang, name
        assert mainland_language(name) is mainland, name
        assert guess_location("", name)[0] == ("china" if mainland else "abroad"), name
    for name, lang in data["qlocale"].items():
        assert lang_of(name) == lang
    for windows_name, (zone, where) in data["windows_zones"].items():
        assert tzlocal.windows_tz.win_tz[windows_name] == zone
        assert guess_location(zone, "English_United States")[0] == where


def test_the_windows_routes_leave_no_address_in_a_shared_report(monkeypatch):
    """Windows names an interface by its address, and a VPN's halves name its gateway: the
    report shared on a forum shows neither."""
    from callpath.core.base.redact import redact_report
    tables = {("route", "print", "-4"): fixture("windows11-route-print-4-openvpn-def1.txt"),
              ("route", "print", "-6", "::/0"): fixture("windows11-route-print-6.txt")}
    monkeypatch.setattr(local, "SYSTEM", "win32")
    monkeypatch.setattr(local, "_run", lambda argv: tables[tuple(argv)])
    metrics, _ = local.default_routes()
    report = json.loads((FIXTURES.parent / "reports" / "captive-portal.json").read_text("utf-8"))
    route = next(m for m in report["measurements"] if m["id"] == "local.route")
    route["metrics"] = metrics
    shown = json.dumps(next(m for m in redact_report(report)["measurements"] if m["id"] == "local.route"))
    for address in ("192.168.1.1", "192.168.1.23", "10.8.0.5", "10.8.0.6", "fe80::1"):
        assert address not in shown, address
