"""Pins of the DNS-answer check (core/analysis/dnscheck.py): each early return of dns_consistency, each
address range counted as a bogon, and when a different answer "leads nowhere"."""

from __future__ import annotations

import pytest

from callpath.core.analysis.dnscheck import dns_consistency
from callpath.core.analysis.evidence import Evidence
from callpath.core.analysis.judge import Answers
from callpath.core.base.measurement import Failure, Measurement

NAME = "login.example.com"
TRUSTED = ["192.0.2.66"]


def m(suffix: str, code: str | None = None, endpoint: str = "service.login", **metrics) -> Measurement:
    kind = "tcp" if suffix.startswith("tcp") else suffix   # service.login.tcp443 is a tcp check
    return Measurement(f"{endpoint}.{suffix}", kind, endpoint.split(".")[0], NAME, ok=code is None,
                       error=None if code is None else Failure(code, "test"), metrics=metrics)


def check(system: list[str], *others: Measurement, system_ok: bool = True, v6: list[str] | None = None,
          trusted: Measurement | None | str = "default", **dns_metrics):
    dns = m("dns", None if system_ok else "timeout", addresses=system, addresses_v6=v6 or [], **dns_metrics)
    if trusted == "default":
        trusted = m("dns_trusted", addresses=TRUSTED, addresses_v6=[])
    ms = [dns] + ([trusted] if trusted is not None else []) + list(others)
    return dns_consistency(Evidence(ms, Answers()), dns)


def test_same_answer_is_consistent():
    got = check(["192.0.2.66", "192.0.2.67"])
    assert (got.verdict, got.name, got.ids) == ("consistent", NAME, ["service.login.dns", "service.login.dns_trusted"])


def test_without_a_trusted_answer_nothing_can_be_said():
    assert check(["192.0.2.99"], trusted=None).verdict == "unknown"
    assert check(["192.0.2.99"], trusted=None).ids == ["service.login.dns"]
    assert check(["192.0.2.99"], trusted=m("dns_trusted", "timeout")).verdict == "unknown"
    assert check(["192.0.2.99"], system_ok=False).verdict == "unknown"


def test_an_empty_answer_on_either_side_is_no_disagreement():
    assert check([]).verdict == "consistent"
    assert check(["192.0.2.99"], trusted=m("dns_trusted", addresses=[], addresses_v6=[])).verdict == "consistent"
    # IPv6 answers count with the IPv4 ones.
    assert check([], v6=["2001:db8::66"], trusted=m("dns_trusted", addresses=[], addresses_v6=["2001:db8::66"])
                 ).verdict == "consistent"
    assert check([], v6=["2001:db8::99"]).verdict == "different"


def test_fake_ip_answers_of_a_proxy_tool():
    assert check(["198.18.0.7"]).verdict == "fake_ip"
    # The user's own address reads as its redacted placeholder, with its kind.
    assert check(["[your address, fake-ip IPv4]"]).verdict == "fake_ip"
    assert check(["[your address, public IPv4]"]).verdict == "different"


def test_private_answers_are_local_unless_the_address_is_in_the_forged_pool():
    assert check(["192.168.1.9"], private_answers=["192.168.1.9"]).verdict == "local_answer"
    got = check(["192.168.1.9"], private_answers=["192.168.1.9"], in_forged_pool=["192.168.1.9"])
    assert (got.verdict, got.why) == ("forged", "pool")


def test_a_verified_handshake_at_the_answer_makes_it_genuine_even_in_the_pool():
    tls = m("tls", address="192.0.2.99")
    got = check(["192.0.2.99"], tls, in_forged_pool=["192.0.2.99"])
    assert (got.verdict, got.why) == ("different", "verified")
    assert got.ids[-1] == "service.login.tls"
    # A handshake at another address, or one that failed, verifies nothing.
    assert check(["192.0.2.99"], m("tls", address="192.0.2.5"), in_forged_pool=["192.0.2.99"]).verdict == "forged"
    assert check(["192.0.2.99"], m("tls", "timeout", address="192.0.2.99"),
                 in_forged_pool=["192.0.2.99"]).verdict == "forged"


@pytest.mark.parametrize("bogon", ["0.0.0.7", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.254"])
def test_ipv4_bogons_are_forged(bogon):
    got = check([bogon])
    assert (got.verdict, got.why) == ("forged", "bogon")


@pytest.mark.parametrize("bogon", ["ff02::1", "::"])
def test_ipv6_bogons_are_forged(bogon):
    got = check([], v6=[bogon])
    assert (got.verdict, got.why) == ("forged", "bogon")


@pytest.mark.parametrize("address", ["1.0.0.7", "223.255.255.1", "192.0.2.99"])
def test_ordinary_addresses_next_to_the_bogons_are_merely_different(address):
    assert check([address]).verdict == "different"


def test_an_ipv6_address_is_never_judged_against_an_ipv4_range():
    # 2001:db8::5's low 32 bits read as 0.0.0.5 — inside 0.0.0.0/8 were the families not kept apart.
    assert check([], v6=["2001:db8::5"]).verdict == "different"
    # A name or garbage in the answer is skipped, not a crash.
    assert check(["not-an-address", "192.0.2.99"]).verdict == "different"


def connects(ok=True):
    return m("dns_trusted", addresses=TRUSTED, addresses_v6=[],
             trusted_answer_connect={"ok": ok, "address": TRUSTED[0]})


def test_astray_when_the_trusted_answer_connects_and_the_systems_handshake_is_silent():
    tls = m("tls", "timeout", address="192.0.2.99")
    got = check(["192.0.2.99"], tls, trusted=connects())
    assert got.verdict == "astray"
    assert got.ids == ["service.login.dns", "service.login.dns_trusted", "service.login.tls"]
    # The trusted answer not connecting (or not tried): the service may be down: only different.
    assert check(["192.0.2.99"], tls, trusted=connects(False)).verdict == "different"
    assert check(["192.0.2.99"], tls, trusted=connects("yes")).verdict == "different"
    assert check(["192.0.2.99"], tls).verdict == "different"


def test_a_handshake_cut_or_refused_reached_something_so_it_is_not_astray():
    for code in ("reset", "cert_invalid"):
        assert check(["192.0.2.99"], m("tls", code, address="192.0.2.99"), trusted=connects()).verdict == "different"
    for code in ("timeout", "unreachable", "no_response"):
        assert check(["192.0.2.99"], m("tls", code, address="192.0.2.99"), trusted=connects()).verdict == "astray"


def test_without_a_handshake_every_connection_to_the_answer_must_be_silent_or_refused():
    silent, refused, took = m("tcp443", "timeout"), m("tcp443", "refused"), m("tcp443")
    assert check(["192.0.2.99"], silent, trusted=connects()).verdict == "astray"
    assert check(["192.0.2.99"], refused, trusted=connects()).verdict == "astray"
    assert check(["192.0.2.99"], took, trusted=connects()).verdict == "different"
    # Mixed: one connection took; not nowhere.
    assert check(["192.0.2.99"], silent, m("tcp80", code=None), trusted=connects()).verdict == "different"
    # No connection at all: nothing shows it leads nowhere.
    assert check(["192.0.2.99"], trusted=connects()).verdict == "different"
    # A silent connection to another endpoint says nothing of this answer.
    other = m("tcp443", "timeout", endpoint="service.other")
    assert check(["192.0.2.99"], other, trusted=connects()).verdict == "different"


def test_a_handshake_not_measured_falls_back_to_the_connections():
    skipped = m("tls", "skipped", address="192.0.2.99")
    assert not skipped.measured
    assert check(["192.0.2.99"], skipped, m("tcp443", "timeout"), trusted=connects()).verdict == "astray"
    assert check(["192.0.2.99"], skipped, m("tcp443"), trusted=connects()).verdict == "different"
