"""Judging a report again loses no evidence: the command judges the measurements as recorded and
redacts only what it prints, and a report shared redacted is judged as the original was, since
an address's placeholder keeps the address's kind (core/base/addresses.py)."""

import copy
import ipaddress
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callpath.core.api import explain_report, reanalyse
from callpath.core.base import addresses, tunnels
from callpath.core.base.redact import Redactor, redact_report
from callpath.core.cli.main import main
from tests.replay import REPORTS, edit, find, load, run

IDENTITY = {"computer": "alice-laptop", "user": "alice", "home": "/home/alice"}
# A VPN's tunnel as each kind of network numbers it: a company's (private), Tailscale's (the
# carriers' shared range), a proxy tool's TUN (fake-IP), a provider's (public), over IPv6.
VPN_ADDRESSES = ["10.8.0.6", "100.101.102.103", "198.18.0.1", "185.65.134.66", "fd7a:115c:a1e0::6"]


def _with_vpn(report: dict, address: str, name: str = "AcmeCorp") -> dict:
    """The report of a computer with a VPN's tunnel up: no network card, an address that can
    carry traffic (core/base/tunnels.py), recorded as a tunnel as the probe records it."""
    family = "ipv6" if ":" in address else "ipv4"
    find(report, "local.interfaces")["metrics"]["interfaces"].append(
        {"name": name, "up": True, "mtu": 1420, "ipv4": [], "ipv6": [], family: [address], "mac": None,
         "loopback": False, "tunnel": True, "flags": "up,pointopoint,running"})
    return report


def _judged(finding) -> tuple:
    return finding.locus, finding.cause, finding.confidence, finding.notes


def _command(capsys, tmp_path, report: dict, *argv: str) -> tuple[int, str, str]:
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(report), "utf-8")
    code = main(["report", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("address", VPN_ADDRESSES)
def test_reanalysing_a_report_through_the_command_keeps_its_vpn(capsys, tmp_path, address):
    original = _with_vpn(load("china-drop"), address)
    direct = run(original)
    assert "vpn_in_use" in direct.notes  # the VPN counts: the confidence says so
    code, out, err = _command(capsys, tmp_path, original, "--reanalyse", "--format", "json")
    assert code == 0 and err == ""
    printed = json.loads(out)
    assert printed["context"]["redacted"] is True and printed["context"]["reanalysed_by"]
    assert (printed["verdict"]["cause"], printed["verdict"]["confidence"]) == (direct.cause, direct.confidence)
    # Exactly the unredacted judgement, its words redacted.
    assert printed["verdict"] == redact_report(reanalyse(copy.deepcopy(original)), IDENTITY)["verdict"]
    # The printed report still shows a VPN to whoever judges it next.
    assert _judged(run(printed)) == _judged(direct)
    # No personal address in what was printed, in any format: the placeholder stands there.
    vpn = next(i for i in find(printed, "local.interfaces")["metrics"]["interfaces"] if i["mtu"] == 1420)
    placeholder = (vpn["ipv4"] + vpn["ipv6"])[0]
    assert placeholder == f"[your local address 4, {addresses.kind(address)}]"
    for fmt in ("json", "text", "markdown", "html"):
        _, shown, _ = _command(capsys, tmp_path, original, "--reanalyse", "--format", fmt, "--also", "zh_CN")
        for personal in (address, "198.51.100.10", "198.51.100.1", "2001:db8:100::10", "AcmeCorp"):
            assert personal not in shown, (fmt, personal)
    assert placeholder in out and "[your router, public IPv4]" in out


def test_a_report_shared_redacted_is_judged_as_the_original(capsys, tmp_path):
    original = _with_vpn(load("china-drop"), "10.8.0.6")
    shared = redact_report(copy.deepcopy(original), IDENTITY)
    assert _judged(run(shared)) == _judged(run(original))
    code, out, err = _command(capsys, tmp_path, shared, "--reanalyse", "--format", "json")
    assert code == 0 and err == ""
    again = json.loads(out)
    assert again["verdict"] == reanalyse(shared)["verdict"]  # judged as it came, nothing redacted twice
    assert (again["verdict"]["cause"], again["verdict"]["confidence"]) == (run(original).cause,
                                                                           run(original).confidence)
    # The second language is judged from the redacted copy: the same finding.
    assert explain_report(shared, "zh_CN")["confidence"] == explain_report(original, "zh_CN")["confidence"]


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.json")), ids=lambda p: p.stem)
@pytest.mark.parametrize("address", ["10.8.0.6", None])
def test_every_recorded_report_is_judged_the_same_redacted(path, address):
    original = load(path.stem)
    if address is not None:
        _with_vpn(original, address)
    shared = redact_report(copy.deepcopy(original), IDENTITY)
    assert _judged(run(shared)) == _judged(run(original))


def test_an_ipv4_resolver_on_an_ipv6_only_network_is_off_the_path_redacted_too():
    # A user in China whose configured resolver is also a server the check samples (114 DNS):
    # its address in the target becomes a placeholder, which must still read as IPv4.
    report = load("healthy-check")
    edit(report, "local.route", metrics={"ipv4": [], "gateway": None})
    edit(report, "local.resolvers", metrics={"servers": ["192.0.2.131"]})
    for m in report["measurements"]:
        if m["kind"] in ("dns_server", "dns_sample", "dns_injection") and m["group"] != "local":
            edit(report, m["id"], code="unreachable")
    shared = redact_report(copy.deepcopy(report), IDENTITY)
    assert find(shared, "china.dns-114.dns_sample")["target"] == "[your DNS server, public IPv4]:53/udp"
    assert _judged(run(shared)) == _judged(run(report))


def test_a_report_saved_redacted_before_addresses_kept_their_kind_is_judged_as_before(capsys, tmp_path):
    old = _with_vpn(load("china-drop"), "10.8.0.6")
    old = redact_report(old, IDENTITY)
    for i in find(old, "local.interfaces")["metrics"]["interfaces"]:
        i["ipv4"] = [a.split(",")[0] + "]" if a.startswith("[") else a for a in i["ipv4"]]
    assert "vpn_in_use" not in run(old).notes  # its placeholders never said what the address was
    for argv in ([], ["--no-redact"]):
        code, out, err = _command(capsys, tmp_path, old, "--reanalyse", "--format", "json", *argv)
        assert code == 0 and err == ""  # no warning: nothing personal is kept
        assert json.loads(out) == reanalyse(old)


def test_keeping_personal_data_still_warns_and_judges_the_same(capsys, tmp_path):
    original = _with_vpn(load("china-drop"), "10.8.0.6")
    code, out, err = _command(capsys, tmp_path, original, "--reanalyse", "--format", "json", "--no-redact")
    assert code == 0 and "personal data" in err
    printed = json.loads(out)
    assert printed["context"]["redacted"] is False and "10.8.0.6" in out
    assert printed["verdict"] == reanalyse(original)["verdict"]


def test_names_that_are_words_of_a_placeholder_leave_it_whole():
    report = _with_vpn(load("china-drop"), "198.18.0.1")
    shared = redact_report(report, {"computer": "private", "user": "public", "home": "/home/public"})
    vpn = find(shared, "local.interfaces")["metrics"]["interfaces"][-1]
    assert vpn["ipv4"] == ["[your local address 4, fake-ip IPv4]"]
    assert "vpn_in_use" in run(shared).notes


# --- every kind of address survives redaction ---------------------------------------------------------

KIND_OF = {
    # (an IPv4-mapped IPv6 address is the kind of its IPv4 address: ::ffff:e000:0 is multicast)
    "public": st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).filter(
        lambda ip: ip.is_global and not ip.is_multicast
        and not (ip.version == 6 and ip.ipv4_mapped and not (ip.ipv4_mapped.is_global
                                                             and not ip.ipv4_mapped.is_multicast))).map(str),
    "private": st.one_of(*(st.ip_addresses(network=n) for n in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))).map(str),
    "shared": st.ip_addresses(network="100.64.0.0/10").map(str),
    "fake-ip": st.ip_addresses(network="198.18.0.0/15").map(str),
    "link-local": st.one_of(*(st.ip_addresses(network=n) for n in ("169.254.0.0/16", "fe80::/10"))).map(str),
}
PLACES = ("interface", "router", "resolver", "seen by a voice server")


def _plant(report: dict, address: str, place: str) -> dict:
    if place == "interface":
        return _with_vpn(report, address)
    family = "ipv6" if ":" in address else "ipv4"
    if place == "router":
        find(report, "local.route")["metrics"][family] = [{"interface": "eth0", "gateway": address, "metric": "0"}]
    elif place == "resolver":
        find(report, "local.resolvers")["metrics"]["servers"] = [address]
    else:
        seen = f"[{address}]:40000" if family == "ipv6" else f"{address}:40000"
        find(report, "world.google-stun.stun")["metrics"]["mapped_address"] = seen
    return report


BASE = load("china-drop")


@settings(max_examples=60, deadline=None)
@given(data=st.data(), kind=st.sampled_from(sorted(KIND_OF)), place=st.sampled_from(PLACES))
def test_every_kind_of_address_survives_redaction(data, kind, place):
    address = data.draw(KIND_OF[kind])
    assert addresses.kind(address).name == kind  # the strategies draw what they say
    version = ipaddress.ip_address(address).version
    report = _plant(copy.deepcopy(BASE), address, place)
    shared = redact_report(copy.deepcopy(report), IDENTITY)
    text = json.dumps(shared)
    assert address not in text and ipaddress.ip_address(address).exploded not in text
    shown = Redactor.for_report(report, IDENTITY).placeholders[address]
    assert shown in text and addresses.kind(shown) == addresses.Kind(kind, version)
    if place == "interface":
        before = find(report, "local.interfaces")["metrics"]["interfaces"]
        after = find(shared, "local.interfaces")["metrics"]["interfaces"]
        assert bool(tunnels.in_use(after)) == bool(tunnels.in_use(before)) == (kind != "link-local")
        assert any(tunnels.proxy_tool(i) for i in after) == (kind == "fake-ip")


@pytest.mark.parametrize("value,kind", [
    ("8.8.8.8", "public IPv4"), ("2606:4700::1111", "public IPv6"), ("203.0.113.5", "public IPv4"),
    ("10.1.2.3", "private IPv4"), ("172.31.0.1", "private IPv4"), ("192.168.1.1", "private IPv4"),
    ("fd00::1", "private IPv6"), ("100.64.0.1", "shared IPv4"), ("198.19.255.254", "fake-ip IPv4"),
    ("169.254.1.1", "link-local IPv4"), ("fe80::1%eth0", "link-local IPv6"), ("127.0.0.1", "loopback IPv4"),
    ("::1", "loopback IPv6"), ("0.0.0.0", "unspecified IPv4"), ("224.0.0.251", "other IPv4"),
    ("::ffff:10.0.0.1", "private IPv6"),
    ("[your router, private IPv4]", "private IPv4"), ("[your local address 12, fake-ip IPv4]", "fake-ip IPv4"),
])
def test_the_kind_of_an_address_and_of_its_placeholder(value, kind):
    assert str(addresses.kind(value)) == kind


@pytest.mark.parametrize("value", ["[your router]", "[your computer]", "eth0", "", "[your router, blue IPv4]",
                                   "x [your router, private IPv4]"])
def test_what_is_no_address_has_no_kind(value):
    assert addresses.kind(value) is None and not addresses.routable(value)


@pytest.mark.parametrize("target,host", [
    ("192.0.2.131:53/udp", "192.0.2.131"), ("[2001:db8::1]:443", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"),
    ("stun.l.google.com:19302/udp", "stun.l.google.com"), ("192.0.2.131:53 www.baidu.com", "192.0.2.131"),
    ("[your DNS server, public IPv4]:53/udp", "[your DNS server, public IPv4]"), ("", ""),
])
def test_the_host_of_a_target(target, host):
    assert addresses.host_of(target) == host
