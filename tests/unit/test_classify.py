"""Error classification against real loopback servers: each misbehaviour gives its code."""

import datetime
import time

import pytest
import trustme

from callpath.core.base.budget import Budget
from callpath.core.base.errors import classify, scrub
from callpath.core.probes import net
from callpath.core.probes.http import ProbeSession
from tests import servers


@pytest.fixture
def budget():
    return Budget(30)


@pytest.fixture
def session():
    s = ProbeSession()
    yield s
    s.close()


@pytest.fixture
def ca(tmp_path):
    return trustme.CA()


def test_blackholed_port_times_out_after_its_timeout(budget):
    with servers.Blackhole() as hole:
        t0 = time.monotonic()
        sock, failure, _ = net.connect_tcp(budget, servers.LOOPBACK, hole.port, timeout=1.0)
        took = time.monotonic() - t0
    assert sock is None
    assert failure.code == "timeout"
    assert 0.9 <= took < 1.5


def test_refusing_port(budget):
    port = servers.free_port()
    sock, failure, _ = net.connect_tcp(budget, servers.LOOPBACK, port)
    assert sock is None and failure.code == "refused"


def test_tls_reset_after_client_hello(budget):
    with servers.ResettingServer() as srv:
        sock, failure, _ = net.connect_tcp(budget, servers.LOOPBACK, srv.port)
        assert failure is None
        metrics, failure = net.tls_handshake(budget, sock, "login.skype.com")
    assert failure.code == "reset"
    assert metrics["sni"] == "login.skype.com"


def test_http_reset_after_request(budget, session):
    with servers.ResettingServer() as srv:
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/")
    assert failure.code == "reset", failure


def test_http_server_that_never_answers(budget, session):
    with servers.SilentServer() as srv:
        t0 = time.monotonic()
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/", total=1.5)
        took = time.monotonic() - t0
    assert failure.code == "timeout"
    assert took < 2.5


def test_http_server_that_trickles_is_cut_at_the_total_timeout(budget, session):
    # A byte a second never trips the read timeout; the total cap must still end it.
    with servers.SilentServer(trickle=b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 60) as srv:
        t0 = time.monotonic()
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/", total=2.5)
        took = time.monotonic() - t0
    assert failure.code == "timeout"
    assert took < 3.5


def test_https_server_that_trickles_inside_tls_is_cut_at_the_total_timeout(budget, ca, monkeypatch,
                                                                         tmp_path):
    # Inside TLS the connection reads through another socket object than the one first made:
    # the step's end must still reach it.
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    cert = ca.issue_cert("localhost", "127.0.0.1")
    session = ProbeSession()  # trusts the CA named above
    with servers.SilentServer(trickle=b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 60, tls_cert=cert) as srv:
        t0 = time.monotonic()
        metrics, failure = session.fetch(budget, f"https://localhost:{srv.port}/", total=2.5,
                                         address="127.0.0.1")
        took = time.monotonic() - t0
    session.close()
    assert failure.code == "timeout", failure
    assert took < 3.5


def test_self_signed_server_is_untrusted_then_trusted_through_env(budget, session, ca, tmp_path, monkeypatch):
    for var in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    cert = ca.issue_cert("localhost", "127.0.0.1")
    with servers.HTTPServer({"/": (200, {}, b"hello")}, tls_cert=cert) as srv:
        sock, _, _ = net.connect_tcp(budget, "127.0.0.1", srv.port)
        _, failure = net.tls_handshake(budget, sock, "localhost")
        assert failure.code == "cert_untrusted"
        _, failure = session.fetch(budget, f"https://localhost:{srv.port}/", address="127.0.0.1")
        assert failure.code == "cert_untrusted"

        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        sock, _, _ = net.connect_tcp(budget, "127.0.0.1", srv.port)
        metrics, failure = net.tls_handshake(budget, sock, "localhost")
        assert failure is None
        assert "trustme" in metrics["issuer"]
        monkeypatch.delenv("SSL_CERT_FILE")
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        fresh = ProbeSession()
        try:
            metrics, failure = fresh.fetch(budget, f"https://localhost:{srv.port}/", address="127.0.0.1",
                                           expect_status=(200,), expect_body="hello")
        finally:
            fresh.close()
        assert failure is None, failure
        assert metrics["status"] == 200 and metrics["body_match"] is True


def test_certificate_for_another_name_and_expired(budget, ca, tmp_path, monkeypatch):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    with servers.HTTPServer({}, tls_cert=ca.issue_cert("other.example")) as srv:
        sock, _, _ = net.connect_tcp(budget, "127.0.0.1", srv.port)
        _, failure = net.tls_handshake(budget, sock, "localhost")
    assert failure.code == "cert_name_mismatch"
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    expired = ca.issue_cert("localhost", not_before=past, not_after=past + datetime.timedelta(days=1))
    with servers.HTTPServer({}, tls_cert=expired) as srv:
        sock, _, _ = net.connect_tcp(budget, "127.0.0.1", srv.port)
        _, failure = net.tls_handshake(budget, sock, "localhost")
    assert failure.code == "cert_expired"


def test_garbage_instead_of_tls(budget):
    with servers.SilentServer(trickle=b"HTTP/1.1 400 Bad\r\n\r\n") as srv:
        sock, _, _ = net.connect_tcp(budget, "127.0.0.1", srv.port)
        _, failure = net.tls_handshake(budget, sock, "localhost", timeout=4.0)
    assert failure.code in ("bad_response", "tls_error", "timeout")


def test_http_status_and_body_expectations(budget, session):
    routes = {"/generate_204": (200, {}, b"<html>login</html>"),
              "/moved": (302, {"Location": "http://portal.example/login"}, b"")}
    with servers.HTTPServer(routes) as srv:
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/generate_204",
                                         expect_status=(204,))
        assert failure.code == "http_status" and metrics["status"] == 200
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/moved",
                                         expect_status=(204,))
        assert failure.code == "http_status"
        assert metrics["redirect"] == "http://portal.example/login"  # recorded, not followed
        metrics, failure = session.fetch(budget, f"http://127.0.0.1:{srv.port}/generate_204",
                                         expect_status=(200,), expect_body="Success")
        assert failure.code == "bad_body"
        assert "clock_skew_s" in metrics and abs(metrics["clock_skew_s"]) < 5


def test_dead_proxy_is_a_proxy_error(budget, monkeypatch):
    port = servers.free_port()
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret@127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    s = ProbeSession()
    try:
        metrics, failure = s.fetch(budget, "http://127.0.0.2:9/")
    finally:
        s.close()
    assert failure.code == "proxy_error"
    assert metrics["proxy"] == f"http://127.0.0.1:{port}"  # no credentials recorded


def test_scrub_removes_addresses():
    text = scrub("Connection to 192.0.2.10 and [2001:db8::1]:443 and fe80::1%eth0 failed")
    assert "192.0.2.10" not in text and "2001:db8::1" not in text and "fe80::1" not in text


def test_classify_never_fails_on_odd_exceptions():
    assert classify(RuntimeError("boom")).code == "internal"
    assert classify(TimeoutError()).code == "timeout"
    assert classify(ConnectionResetError()).code == "reset"
    assert classify(OSError(101, "Network is unreachable")).code == "unreachable"
