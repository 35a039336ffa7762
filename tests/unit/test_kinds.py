"""The kinds of check, declared once (core/kinds): each measurement kind's words and raw flag
in one place, the catalog's fields read from the kinds, and the built-in kinds' steps on a run
whose probes are stood in for, down each way a step can go (a name that did not resolve, a
connection that failed, a handshake cut on its name, a run cancelled mid-step)."""

import dataclasses

import pytest

from callpath.core import kinds
from callpath.core.base.budget import Budget, Cancelled
from callpath.core.base.measurement import SAMPLE_KINDS, Failure
from callpath.core.engine import catalog, plan
from callpath.core.engine.runner import Options, Run, Task
from callpath.core.probes import dns, net, stun
from tests.unit.test_plan_kinds import every_kind_catalog

BY_NAME = {k.name: k for k in kinds.registry()}


# --- one record per kind -------------------------------------------------------------------------

def test_each_kind_of_measurement_is_declared_once():
    declared = [m.kind for m in kinds.ENGINE_MEASURES] + [m.kind for k in kinds.registry() for m in k.measures]
    assert len(declared) == len(set(declared)) == len(kinds.labels())


def test_the_samples_that_start_a_run_are_the_path_samples_and_the_echo():
    # Measures.sampled orders a run's starts (engine/runner.py); SAMPLE_KINDS is what the watch
    # keeps and the words summarise: one set of path samples, said twice, held together here.
    assert {m.kind for m in kinds.measures().values() if m.sampled} == set(SAMPLE_KINDS) | {"echo"}


def test_the_raw_checks_are_those_taken_with_raw_sockets():
    assert kinds.raw_kinds() == {"tcp", "tls", "stun", "dns_sample", "dns_server", "dns_injection", "media_tcp",
                                 "busy_line"}


def test_every_planned_measurement_is_of_a_kind_its_check_declares():
    cat = every_kind_catalog()
    declared = {m.kind for m in kinds.ENGINE_MEASURES}
    for ep in cat.endpoints:
        for kind in kinds.registry():
            if kind.asked(ep, Options()):
                assert {p.kind for p in kind.planned(ep, "x")} <= {m.kind for m in kind.measures}, kind.name
    for task in plan.plan(cat, Options()):
        for p in task.planned:
            assert p.kind in declared or any(p.kind in {m.kind for m in k.measures} for k in kinds.registry())


def test_built_in_kinds_are_typed_fields_and_plugins_one_field_of_their_own():
    for kind in kinds.registry():
        if kind.parse is None:
            assert kind.wanted is not None and kind.fields, kind.name
        else:
            assert kind.fields == (kind.name,) and kind.wanted is None, kind.name
    assert list(BY_NAME)[:6] == ["connection", "stun", "dns_server", "dns_sample", "doh", "dns_injection"]


def test_the_catalog_knows_the_fields_from_the_kinds(monkeypatch):
    data = catalog.to_json(catalog.load())
    entry = next(e for e in data["endpoints"] if e["id"] == "google-stun")
    assert "stun" in kinds.fields()
    monkeypatch.setattr(kinds, "fields", lambda: {"tcp", "tls", "http", "resolver", "doh", "injection"})
    with pytest.raises(catalog.CatalogError, match="'google-stun': unknown field \"stun\""):
        catalog.parse(data)
    entry["colour"] = "red"
    monkeypatch.undo()
    with pytest.raises(catalog.CatalogError, match="'google-stun': unknown field \"colour\""):
        catalog.parse(data)


# --- the built-in steps, their probes stood in for ------------------------------------------------

class Sock:
    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True


class Session:
    def __init__(self, proxy=None):
        self.proxy = proxy
        self.fetched = []

    def proxy_for(self, url):
        return self.proxy

    def fetch(self, budget, url, expect_status, expect_body, address=None):
        self.fetched.append((url, address))
        return {"status": 200}, None


def endpoint(**fields):
    base = catalog.Endpoint(id="e", group="world", host="e.example", label="e", source="test")
    return dataclasses.replace(base, **fields)


def step(name, ep, address, proxy=None, options=Options(nameservers=())):
    """The kind's step run once on ``ep`` (its name's address given), its measurements by id."""
    kind = BY_NAME[name]
    cat = catalog.load()
    run = Run(cat, options, Budget(10), None, None)
    run.session = Session(proxy)
    task = Task("e", "e", kind.planned(ep, "world.e"), lambda task, run: None)
    kind.run(task, run, ep, "world.e", address)
    return {m.id.removeprefix("world.e."): m for m in task.close("deadline")}, run


def skipped(m):
    return m.error.code if m.error.code != "skipped" else "skipped: " + m.error.detail


WEB = catalog.HttpCheck("https://e.example/")


def test_a_name_that_did_not_resolve_skips_every_step_that_needs_its_address():
    got, _ = step("connection", endpoint(tcp=(443,), tls=443, http=WEB), None)
    assert {k: skipped(m) for k, m in got.items()} == {
        "tcp443": "skipped: world.e.dns failed", "tls": "skipped: world.e.dns failed",
        "http": "skipped: world.e.dns failed"}
    stun_got, _ = step("stun", endpoint(stun=3478), None)
    doh_got, _ = step("doh", endpoint(doh="https://e.example/q"), None)
    assert skipped(stun_got["stun"]) == skipped(doh_got["doh"]) == "skipped: world.e.dns failed"


def test_the_web_page_goes_through_a_proxy_even_when_the_name_did_not_resolve():
    got, run = step("connection", endpoint(http=WEB), None, proxy="http://proxy:8080")
    assert got["http"].ok and run.session.fetched == [("https://e.example/", None)]


def test_a_failed_connection_skips_what_would_ride_on_it(monkeypatch):
    monkeypatch.setattr(net, "connect_tcp", lambda budget, address, port: (None, Failure("timeout", "t"), 3.0))
    got, _ = step("connection", endpoint(tcp=(443,), tls=443, http=WEB), "192.0.2.1")
    assert got["tcp443"].error.code == "timeout"
    assert skipped(got["tls"]) == "skipped: world.e.tcp443 failed"
    assert skipped(got["http"]) == "skipped: world.e.tcp443 failed"


def test_a_failed_handshake_skips_the_web_page_and_a_cut_one_is_tried_with_a_harmless_name(monkeypatch):
    socks = []

    def connect(budget, address, port):
        socks.append(Sock())
        return socks[-1], None, 2.0
    names = []

    def handshake(budget, sock, name):
        names.append(name)
        return {}, Failure("reset", "cut") if name == "e.example" else None
    monkeypatch.setattr(net, "connect_tcp", connect)
    monkeypatch.setattr(net, "tls_handshake", handshake)
    got, run = step("connection", endpoint(tcp=(443,), tls=443, http=WEB), "192.0.2.1")
    assert got["tcp443"].ok and got["tls"].error.code == "reset"
    assert got["tls"].metrics["control"] == {"sni": run.catalog.tls_control_name, "outcome": "handshake_answered"}
    assert names == ["e.example", run.catalog.tls_control_name]
    assert len(socks) == 2  # the handshake used the TCP check's own connection, the control a new one
    assert skipped(got["http"]) == "skipped: world.e.tls failed"


@pytest.mark.parametrize("control,outcome", [
    ((None, Failure("refused", "r")), "refused"),
    ((None, None), "failed"),
    ((Sock(), Failure("cert_untrusted", "c")), "handshake_answered"),
    ((Sock(), Failure("timeout", "t")), "timeout"),
])
def test_the_harmless_name_s_outcome(monkeypatch, control, outcome):
    """The control's connection (socket, failure) and, when it connects, its handshake's failure."""
    calls = []

    def connect(budget, address, port):
        calls.append(port)
        if len(calls) == 1:
            return Sock(), None, 1.0
        sock, failure = control
        return (sock, None, 1.0) if sock is not None else (None, failure, 1.0)

    def handshake(budget, sock, name):
        if name == "e.example":
            return {}, Failure("connection_closed", "cut")
        return {}, control[1]
    monkeypatch.setattr(net, "connect_tcp", connect)
    monkeypatch.setattr(net, "tls_handshake", handshake)
    got, _ = step("connection", endpoint(tls=8443), "192.0.2.1")  # no TCP check: TLS connects itself
    assert calls == [8443, 8443]
    assert got["tls"].metrics["control"]["outcome"] == outcome


def test_no_harmless_name_is_tried_when_censorship_checks_are_off(monkeypatch):
    monkeypatch.setattr(net, "connect_tcp", lambda budget, address, port: (Sock(), None, 1.0))
    monkeypatch.setattr(net, "tls_handshake", lambda budget, sock, name: ({}, Failure("reset", "cut")))
    got, _ = step("connection", endpoint(tls=443), "192.0.2.1",
                  options=Options(nameservers=(), sensitive_probes=False))
    assert got["tls"].error.code == "reset" and "control" not in got["tls"].metrics


def test_a_handshake_whose_own_connection_fails_says_why(monkeypatch):
    monkeypatch.setattr(net, "connect_tcp", lambda budget, address, port: (None, Failure("refused", "r"), 1.0))
    got, _ = step("connection", endpoint(tls=443), "192.0.2.1")
    assert got["tls"].error.code == "refused" and got["tls"].metrics == {"address": "192.0.2.1"}


def test_a_run_cancelled_mid_step_closes_the_connection_kept_for_the_handshake(monkeypatch):
    kept = Sock()

    def connect(budget, address, port):
        if port == 80:
            raise Cancelled("cancelled")
        return kept, None, 1.0
    monkeypatch.setattr(net, "connect_tcp", connect)
    with pytest.raises(Cancelled):
        step("connection", endpoint(tcp=(443, 80), tls=443), "192.0.2.1")
    assert kept.closed


def test_the_web_page_is_asked_of_the_address_found_for_its_own_host_only(monkeypatch):
    monkeypatch.setattr(net, "connect_tcp", lambda budget, address, port: (Sock(), None, 1.0))
    _, run = step("connection", endpoint(tcp=(80,), http=catalog.HttpCheck("http://e.example/")), "192.0.2.1")
    _, other = step("connection", endpoint(http=catalog.HttpCheck("http://other.example/")), "192.0.2.1")
    assert run.session.fetched == [("http://e.example/", "192.0.2.1")]
    assert other.session.fetched == [("http://other.example/", None)]


def test_the_voice_and_dns_steps_ask_their_probes_what_the_entry_says(monkeypatch):
    asked = []
    monkeypatch.setattr(stun, "sample", lambda budget, address, port, duration, rate: (
        asked.append(("stun", address, port, duration)) or ({}, None)))
    monkeypatch.setattr(dns, "query_server", lambda budget, server, name, port: (
        asked.append(("server", server, name, port)) or ({}, None)))
    monkeypatch.setattr(dns, "sample_server", lambda budget, server, name, port, duration, rate: (
        asked.append(("sample", server, name, port, duration)) or ({}, None)))
    monkeypatch.setattr(dns, "probe_injection", lambda budget, server, names, control, port: (
        asked.append(("injection", server, tuple(names), control, port)) or ({}, None)))
    monkeypatch.setattr(dns, "doh_query", lambda session, budget, url, name, address: (
        asked.append(("doh", url, name, address)) or ({}, None)))
    options = Options(nameservers=(), sample_s=0.5)
    resolver = endpoint(host="192.0.2.53", resolver_query="www.example.cn", resolver_sample=True, dns_port=5353)
    got = {}
    for name, ep, address in [
        ("stun", endpoint(stun=3478), "192.0.2.7"),
        ("dns_server", resolver, "192.0.2.53"),
        ("dns_sample", resolver, "192.0.2.53"),
        ("dns_injection", endpoint(host="192.0.2.55", injection_names=("blocked.example",)), "192.0.2.55"),
        ("doh", endpoint(doh="https://e.example/q"), "192.0.2.9"),
    ]:
        measured, run = step(name, ep, address, options=options)
        got.update(measured)
    control = run.catalog.dns_control_name
    assert asked == [
        ("stun", "192.0.2.7", 3478, 0.5),
        ("server", "192.0.2.53", "www.example.cn", 5353),
        ("sample", "192.0.2.53", "www.example.cn", 5353, 0.5),
        ("injection", "192.0.2.55", ("blocked.example",), control, 53),
        ("doh", "https://e.example/q", control, "192.0.2.9"),
    ]
    assert all(m.ok for m in got.values()) and got["stun"].metrics == {"address": "192.0.2.7"}


def test_what_a_fault_on_the_users_side_stops_is_declared_by_the_kinds():
    # judge._local_explains reads these: a blocked voice channel accounts for the voice checks'
    # silence, a wrong clock or an inspecting product for the secure connections' failures.
    assert {"stun", "dns_sample", "dns_server", "media_tcp"} <= kinds.broken_by("voice")
    assert {"tls", "doh", "dns_trusted", "http"} <= kinds.broken_by("secure")
    assert not kinds.broken_by("voice") & {"tcp", "dns", "http", "tls"}
    from callpath.core.analysis import causes
    mechanisms = {c.explains for c in causes.CAUSES.values()}
    assert {m for ms in kinds.measures().values() for m in ms.broken_by} <= mechanisms


@pytest.mark.parametrize("value", [0, 65536, "443", True, None, 44.3])
def test_a_port_field_is_a_port_number(value):
    with pytest.raises(ValueError, match="port number"):
        kinds.port(value)
    assert kinds.port(443) == 443
