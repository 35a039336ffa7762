"""DNS probes against real loopback DNS servers."""

import socket
import time

import dns.message
import dns.rrset

from callpath.core.base import timeouts
from callpath.core.base.budget import Budget
from callpath.core.probes import dns as dnsprobe
from callpath.core.probes.http import ProbeSession
from tests import servers


def test_resolve_answers_and_records_which_server():
    with servers.DNSServer({"login.skype.com": ["127.0.0.9", "::1"]}) as srv:
        metrics, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "login.skype.com", port=srv.port)
    assert failure is None
    assert metrics["addresses"] == ["127.0.0.9"]
    assert metrics["addresses_v6"] == ["::1"]
    assert metrics["answered_by"] == "127.0.0.1"
    assert metrics["rcode"] == "NOERROR"
    assert metrics["private_answers"] == ["127.0.0.9", "::1"]  # loopback: a hosts file, not the internet


def test_nxdomain_servfail_and_silence():
    with servers.DNSServer({}) as srv:
        _, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "nosuch.example", port=srv.port)
    assert failure.code == "nxdomain"
    with servers.DNSServer({}, mode="servfail") as srv:
        _, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "a.example", port=srv.port)
    assert failure.code == "servfail"
    with servers.DNSServer({}, mode="silent") as srv:
        t0 = time.monotonic()
        _, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "a.example", port=srv.port, timeout=1.0)
        assert time.monotonic() - t0 < 1.5
    assert failure.code == "timeout"


def test_no_configured_resolver():
    _, failure = dnsprobe.resolve(Budget(10), [], "a.example")
    assert failure.code == "no_resolver"


def test_forged_pool_addresses_are_flagged():
    forged = sorted(dnsprobe.forged_pools())[0]
    assert len(dnsprobe.forged_pools()) > 600
    with servers.DNSServer({"www.google.com": [forged]}) as srv:
        metrics, _ = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "www.google.com", port=srv.port)
    assert metrics["in_forged_pool"] == [forged]


def test_injection_probe_sees_nothing_from_a_silent_address():
    with servers.Blackhole() as hole:
        metrics, failure = dnsprobe.probe_injection(Budget(10), "127.0.0.1", ["www.google.com"],
                                                    "www.example.com", port=hole.port, window=0.5)
    assert failure is None
    assert metrics["names"]["www.google.com"]["packets"] == 0
    assert metrics["control_answered"] is False


def test_injection_probe_records_every_forged_answer():
    # An 'injector' on the path: answers the sensitive name twice, ignores the control.
    forged = sorted(dnsprobe.forged_pools())[:2]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    port = sock.getsockname()[1]
    import threading
    stop = threading.Event()

    def inject():
        while not stop.is_set():
            try:
                data, src = sock.recvfrom(2048)
            except TimeoutError:
                continue
            q = dns.message.from_wire(data)
            if q.question[0].name.to_text() != "www.google.com.":
                continue
            for addr in forged:
                r = dns.message.make_response(q)
                r.answer.append(dns.rrset.from_text(q.question[0].name, 60, "IN", "A", addr))
                sock.sendto(r.to_wire(), src)

    t = threading.Thread(target=inject, daemon=True)
    t.start()
    try:
        metrics, failure = dnsprobe.probe_injection(Budget(10), "127.0.0.1", ["www.google.com"],
                                                    "www.example.com", port=port, window=0.5)
    finally:
        stop.set()
        t.join()
        sock.close()
    assert failure.code == "unexpected_answer"
    got = metrics["names"]["www.google.com"]
    assert got["packets"] == 2
    assert got["in_forged_pool"] == forged
    assert metrics["control_answered"] is False


def test_garbage_packets_are_malformed_not_answers():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    import threading

    def reply():
        sock.settimeout(2)
        try:
            _, src = sock.recvfrom(2048)
            sock.sendto(b"\x00\x01garbage", src)
        except OSError:
            pass

    t = threading.Thread(target=reply, daemon=True)
    t.start()
    try:
        metrics, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "a.example", port=port, timeout=0.8)
    finally:
        t.join()
        sock.close()
    assert failure.code == "malformed"
    assert metrics["malformed_packets"] >= 1


def test_doh_against_a_loopback_doh_server(tmp_path, monkeypatch):
    import trustme

    from tests.loopnet import _doh
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    with servers.DNSServer({"login.skype.com": ["127.0.0.5"]}) as resolver:
        routes = {("POST", "/dns-query"): _doh(resolver)}
        with servers.HTTPServer(routes, tls_cert=ca.issue_cert("doh.test")) as srv:
            session = ProbeSession()
            try:
                metrics, failure = dnsprobe.doh_query(session, Budget(10), f"https://doh.test:{srv.port}/dns-query",
                                                      "login.skype.com", address="127.0.0.1")
                bad, bad_failure = dnsprobe.doh_query(session, Budget(10), f"https://doh.test:{srv.port}/nope",
                                                      "login.skype.com", address="127.0.0.1")
            finally:
                session.close()
    assert failure is None, failure
    assert metrics["addresses"] == ["127.0.0.5"]
    assert bad_failure.code == "http_status" and bad["http_status"] == 404


def test_dns_sample_measures_the_path_to_a_resolver():
    with servers.DNSServer({"www.baidu.com": ["127.0.0.1"]}) as srv:
        metrics, failure = dnsprobe.sample_server(Budget(10), "127.0.0.1", "www.baidu.com",
                                                  port=srv.port, duration=1.0)
    assert failure is None, failure
    assert metrics["protocol"] == "DNS" and metrics["answered_by"] == "query"
    assert abs(metrics["sent"] - timeouts.SAMPLE_RATE_PPS) <= 2 and metrics["loss_pct"] == 0.0
    assert metrics["rcode"] == "NOERROR" and "mos" not in metrics


def test_dns_sample_of_a_silent_resolver():
    with servers.Blackhole() as hole:
        t0 = time.monotonic()
        metrics, failure = dnsprobe.sample_server(Budget(10), "127.0.0.1", "www.baidu.com",
                                                  port=hole.port, duration=5.0)
        assert time.monotonic() - t0 < 3.6
    assert failure.code == "no_response"


def test_a_lost_query_is_asked_again():
    with servers.DNSServer({"login.skype.com": ["127.0.0.9"]}, mode="lossy") as srv:
        t0 = time.monotonic()
        metrics, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "login.skype.com", port=srv.port)
        took = time.monotonic() - t0
    assert failure is None and metrics["addresses"] == ["127.0.0.9"]
    assert 0.9 < took < 2.0


def test_a_query_lost_twice_is_asked_a_third_time():
    # A path losing a quarter of its packets loses two copies in a row often enough to fail a
    # lookup that asks only twice; stub resolvers keep asking.
    with servers.DNSServer({"login.skype.com": ["127.0.0.9"]}, mode="lossy", lose=2) as srv:
        metrics, failure = dnsprobe.resolve(Budget(10), ["127.0.0.1"], "login.skype.com", port=srv.port)
    assert failure is None and metrics["addresses"] == ["127.0.0.9"]
    assert srv.queries == 6  # A and AAAA, three times each


def test_a_stop_during_a_doh_lookup_is_a_stop_not_a_failed_lookup():
    # Before: Cancelled was an ordinary exception and the DoH step turned it into a failure code.
    import pytest

    from callpath.core.base.budget import Cancelled
    from callpath.core.probes.http import ProbeSession

    budget = Budget(10)
    budget.cancel("deadline")
    session = ProbeSession()
    try:
        with pytest.raises(Cancelled):
            dnsprobe.doh_query(session, budget, "https://127.0.0.1:9/dns-query", "www.example.com",
                               address="127.0.0.1")
    finally:
        session.close()
