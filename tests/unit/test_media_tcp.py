"""The media-over-TCP fallback check (core/kinds/media_tcp.py, its probe core/probes/media_tcp.py):
the probe against loopback relays that answer, stay silent, reset or speak something else; the
catalog field; and what its answer adds to a verdict, on recorded lab runs."""

import dataclasses
import json

import pytest
from aioice import stun as codec

from callpath.core import api, kinds
from callpath.core.analysis.judge import Answers, Evidence
from callpath.core.base.budget import Budget
from callpath.core.base.measurement import from_json
from callpath.core.engine import catalog, plan
from callpath.core.engine.runner import Options
from callpath.core.probes import media_tcp as media_probe
from tests import servers
from tests.replay import add, edit, load, run


class TcpRelay(servers.Server):
    """A TURN server over TCP on loopback: each Allocate gets a 401 (or, ``grants``, a success),
    written in two pieces (a stream has no message boundaries; the reader must frame by the
    header's length)."""

    def __init__(self, grants: bool = False):
        super().__init__()
        self.grants = grants
        self._listen()

    def _accepted(self, conn):
        self._sockets.append(conn)
        conn.settimeout(2)
        try:
            request = codec.parse_message(conn.recv(2048))
            if self.grants:
                message = codec.Message(codec.Method.ALLOCATE, codec.Class.RESPONSE, request.transaction_id)
            else:
                message = codec.Message(codec.Method.ALLOCATE, codec.Class.ERROR, request.transaction_id,
                                        {"ERROR-CODE": (401, "Unauthorized"), "REALM": "lab"})
            answer = bytes(message)
            conn.sendall(answer[:7])
            conn.sendall(answer[7:])
        except (OSError, ValueError):
            pass


class Talker(servers.Server):
    """Says its piece as soon as a client connects, and hangs up (a web server on port 443
    answering bytes it cannot read)."""

    def __init__(self, says: bytes):
        super().__init__()
        self.says = says
        self._listen()

    def _accepted(self, conn):
        try:
            conn.settimeout(2)
            conn.recv(2048)  # read first: closing with the request unread would reset
            conn.sendall(self.says)
        except OSError:
            pass
        conn.close()


def probe(port: int):
    return media_probe.allocate_over_tcp(Budget(10), servers.LOOPBACK, port)


def test_a_relay_answering_over_tcp_is_a_fallback():
    with TcpRelay() as relay:
        metrics, failure = probe(relay.port)
    assert failure is None
    assert metrics["answered"] is True and metrics["error_code"] == 401 and metrics["rtt_ms"] >= 0


def test_a_relay_granting_the_allocation_is_a_fallback_too():
    with TcpRelay(grants=True) as relay:
        metrics, failure = probe(relay.port)
    assert failure is None and metrics["answered"] is True and "error_code" not in metrics


@pytest.mark.parametrize("server,code", [
    (lambda: servers.ResettingServer(), {"reset", "connection_closed"}),
    (lambda: Talker(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), {"unexpected_answer"}),
    (lambda: Talker(b"\x01\x13\x00"), {"connection_closed"}),  # cut off inside the header
])
def test_a_port_that_is_not_a_relay_is_no_fallback(server, code):
    with server() as s:
        metrics, failure = probe(s.port)
    assert failure is not None and failure.code in code
    assert metrics["answered"] is False


def test_a_silent_port_is_no_fallback_and_ends_in_time(monkeypatch):
    monkeypatch.setattr(media_probe, "ANSWER_TIMEOUT_S", 0.5)
    with servers.SilentServer() as s:
        metrics, failure = probe(s.port)
    assert failure is not None and failure.code == "no_response"
    assert "connect_ms" in metrics  # it connected: the relay's port is open, only mute


def test_nothing_listening_is_the_connection_failure():
    metrics, failure = probe(servers.free_port())
    assert failure is not None and failure.code == "refused"


# --- the catalog field and the plan --------------------------------------------------------------

def _with_relay_field(value):
    data = catalog.to_json(catalog.load())
    relay = next(e for e in data["endpoints"] if e["id"] == "teams-relay")
    relay["media_tcp"] = value
    return data


def test_the_kind_is_registered_and_its_field_round_trips():
    assert "media_tcp" in kinds.fields()
    cat = catalog.parse(_with_relay_field(443))
    relay = next(e for e in cat.endpoints if e.id == "teams-relay")
    assert relay.option("media_tcp") == 443
    assert catalog.parse(json.loads(catalog.dump(cat))) == cat


@pytest.mark.parametrize("value", [0, 70000, "443", True, None])
def test_a_bad_port_is_refused_naming_the_entry_and_field(value):
    with pytest.raises(catalog.CatalogError, match="'teams-relay': field 'media_tcp' must be a port"):
        catalog.parse(_with_relay_field(value))


def test_the_check_is_planned_for_the_relay_only():
    tasks = plan.plan(catalog.load(), Options(app="teams"))
    planned = [p for t in tasks for p in t.planned if p.kind == "media_tcp"]
    assert [(p.id, p.target) for p in planned] == [
        ("service.teams-relay.media_tcp", "worldaz.tr.teams.microsoft.com:443/tcp")]


# --- what it adds to a verdict --------------------------------------------------------------------

def _answered(report, ok=True):
    return add(report, "service.teams-relay.tcp443", "service.teams-relay.media_tcp", kind="media_tcp",
               target="worldaz.tr.teams.microsoft.com:443/tcp", code=None if ok else "no_response",
               metrics={"answered": ok})


@pytest.mark.parametrize("name", ["udp-blocked", "relay-udp-drop"])
def test_a_blocked_voice_channel_with_the_relay_answering_over_tcp_says_calls_may_connect(name):
    before = run(load(name))
    after = run(_answered(load(name)))
    assert (after.locus, after.cause, after.confidence) == (before.locus, before.cause, before.confidence)
    assert after.cause == "udp_blocked" and "media_tcp_fallback" in after.notes
    assert "service.teams-relay.media_tcp" in after.evidence


def test_silence_over_tcp_adds_nothing():
    before = run(load("udp-blocked"))
    after = run(_answered(load("udp-blocked"), ok=False))
    assert (after.cause, after.confidence, after.notes) == (before.cause, before.confidence, before.notes)


def test_a_working_voice_channel_is_not_told_about_a_fallback():
    finding = run(_answered(load("healthy-check")))
    assert "media_tcp_fallback" not in finding.notes


def test_only_a_proxy_leading_out_makes_the_direct_check_off_path():
    report = _answered(load("proxy-only-egress"), ok=False)
    edit(report, "service.teams-relay.media_tcp", code="timeout")
    finding = run(report)
    assert "media_tcp_fallback" not in finding.notes
    ev = Evidence([from_json(m) for m in report["measurements"]], Answers("app_calls", "abroad", "teams"))
    assert ev.get("service.teams-relay.media_tcp").error.code == "not_on_path"



def test_the_check_runs_in_a_diagnosis_and_is_skipped_when_the_name_does_not_resolve(net):
    """The real engine and plan, on loopback: the relay's entry asks for the check on a TCP
    relay; a second entry's name has no address, so its check is skipped, not failed."""
    with TcpRelay() as relay:
        base = next(e for e in net.catalog.endpoints if e.id == "teams-relay")
        answering = dataclasses.replace(base, options=(("media_tcp", relay.port),))
        nowhere = dataclasses.replace(base, id="nowhere-relay", host="relay.nowhere.invalid",
                                      options=(("media_tcp", relay.port),))
        endpoints = tuple(answering if e is base else e for e in net.catalog.endpoints) + (nowhere,)
        cat = dataclasses.replace(net.catalog, endpoints=endpoints)
        report = api.Diagnosis(Answers("app_calls", "abroad", "teams"), cat, deadline_s=15, sample_s=1.0,
                               nameservers=net.nameservers, dns_port=net.dns_port).run()
    by_id = {m["id"]: m for m in report["measurements"]}
    assert by_id["service.teams-relay.media_tcp"]["ok"]
    assert by_id["service.teams-relay.media_tcp"]["metrics"]["error_code"] == 401
    assert by_id["service.nowhere-relay.media_tcp"]["error"]["code"] == "skipped"


def test_a_kind_with_nothing_to_add_leaves_a_finding_as_it_is():
    plain = kinds.Kind("x", fields=("x",), measures=(), parse=int, planned=lambda ep, pre: [],
                       run=lambda *a: None)
    finding = run(load("udp-blocked"))
    before = (finding.cause, list(finding.notes), list(finding.evidence))
    plain.shape(finding, None)
    assert (finding.cause, finding.notes, finding.evidence) == before
