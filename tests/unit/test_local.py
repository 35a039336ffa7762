"""Reading this computer's network state: route-table parsers on real samples, and the
probes on the machine running the tests (read-only; they send nothing)."""

from pathlib import Path

from callpath.core.probes import local

PROC_ROUTE = """Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0102000A\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
"""
PROC_IPV6_ROUTE = (
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n"
    "20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n"
)
MACOS = """   route to: default
destination: default
       mask: default
    gateway: 192.168.1.1
  interface: en0
      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
"""
WINDOWS = """===========================================================================
IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.23     25
===========================================================================
"""


def test_linux_routes():
    assert local.parse_proc_route(PROC_ROUTE) == [
        {"interface": "eth0", "gateway": "10.0.2.1", "metric": "100"}]
    assert local.parse_proc_ipv6_route(PROC_IPV6_ROUTE) == [
        {"interface": "eth0", "gateway": "2001:db8::1", "metric": "1024"}]
    assert local.parse_proc_route(PROC_ROUTE.splitlines()[0]) == []


def test_macos_and_windows_routes():
    assert local.parse_macos_route(MACOS) == [{"interface": "en0", "gateway": "192.168.1.1"}]
    assert local.parse_macos_route("route: writing to routing socket: not in table") == []
    assert local.parse_windows_route(WINDOWS) == [
        {"gateway": "192.168.1.1", "interface": "192.168.1.23", "metric": "25"}]


def test_probes_on_this_machine_do_not_fail():
    ifs, failure = local.interfaces()
    assert any(i["name"] for i in ifs["interfaces"])
    routes, _ = local.default_routes()
    assert "ipv4" in routes
    vpn = local.vpn(ifs)[0]
    assert vpn["in_use"] is bool(vpn["tunnels"])
    assert set(vpn["tunnels"]) <= {i["name"] for i in ifs["interfaces"] if i["tunnel"] or i["up"]}
    v6 = local.ipv6(ifs, routes)[0]
    assert v6["available"] is (v6["global_addresses"] > 0 and v6["default_route"])


def test_proxy_credentials_are_never_recorded(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://alice:s3cret@proxy.example:3128")
    metrics, _ = local.proxies()
    assert metrics["in_use"] is True
    assert metrics["proxies"]["https"] == "http://proxy.example:3128"
    assert "s3cret" not in str(metrics) and "alice" not in str(metrics)


def test_resolvers():
    assert local.resolvers([])[1].code == "no_resolver"
    metrics, failure = local.resolvers(["127.0.0.53", "192.0.2.53"])
    assert failure is None and metrics["local"] == ["127.0.0.53"]


# Recorded shapes of the system commands: tests/fixtures/platform (sources in its SOURCES.md).
SCUTIL_PAC = (Path(__file__).resolve().parent.parent / "fixtures" / "platform" /
              "macos14-scutil-proxy-pac.txt").read_text("utf-8")
SCUTIL_WPAD = SCUTIL_PAC.replace("ProxyAutoConfigEnable : 1", "ProxyAutoConfigEnable : 0").replace(
    "ProxyAutoDiscoveryEnable : 0", "ProxyAutoDiscoveryEnable : 1")
SCUTIL_NONE = "<dictionary> {\n  HTTPEnable : 0\n  HTTPSEnable : 0\n}\n"


def test_pac_and_wpad_settings_are_read_by_kind_only():
    assert local.parse_scutil_proxy(SCUTIL_PAC) == "script"
    assert local.parse_scutil_proxy(SCUTIL_WPAD) == "auto-detect"
    assert local.parse_scutil_proxy(SCUTIL_NONE) is None
    assert local.windows_pac({"AutoConfigURL": "http://wpad.corp.example/proxy.pac"}) == "script"
    blob = bytes([0x46, 0, 0, 0, 0x05, 0, 0, 0, 0x09, 0, 0, 0])  # flags: direct | auto-detect
    assert local.windows_pac({"DefaultConnectionSettings": blob}) == "auto-detect"
    assert local.windows_pac({"DefaultConnectionSettings": bytes(12)}) is None
    assert local.windows_pac({}) is None


def test_the_script_address_never_reaches_the_measurement(monkeypatch):
    monkeypatch.setattr(local, "SYSTEM", "darwin")
    monkeypatch.setattr(local, "_run", lambda argv: SCUTIL_PAC)
    metrics, _ = local.proxies()
    assert metrics["pac"] == "script" and "corp.example" not in str(metrics)


def test_tunnels_as_each_os_shows_them():
    from callpath.core.base import tunnels
    mac_idle = [{"name": f"utun{n}", "up": True, "ipv4": [], "ipv6": [f"fe80::{n + 1}"], "mac": None,
                 "loopback": False, "flags": "up,pointopoint,running"} for n in range(4)]
    assert tunnels.in_use(mac_idle) == []
    wifi = {"name": "en0", "up": True, "ipv4": ["192.0.2.10"], "ipv6": [], "mac": "a4:83:e7:00:00:01",
            "loopback": False, "flags": "up,broadcast,running,multicast"}
    tap = {**wifi, "name": "Ethernet 3", "ipv4": ["10.8.0.6"], "mac": "00-FF-7A-12-34-56"}
    wireguard = {**wifi, "name": "office", "ipv4": ["10.6.0.2"], "mac": None}
    clash = {**wifi, "name": "Meta", "ipv4": ["198.18.0.1"], "mac": None}
    assert tunnels.in_use([wifi, *mac_idle, tap, wireguard, clash]) == ["Ethernet 3", "office", "Meta"]
    assert tunnels.proxy_tool(clash) and not tunnels.proxy_tool(wifi)
