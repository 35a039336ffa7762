"""The busy-line probe (core/probes/busyline.py) against a loopback ndt7 server: each direction
loads the line for its time or up to its byte cap while the voice-like samples run beside it,
and the samples stop with the load; a stop ends it at once; a load server that cannot be
reached or turns the test away is that direction's failure (the next one offered is tried),
never a clean line; the directory's answer, damaged or hostile, offers nothing and never
raises. And the test in a whole diagnosis on loopback (api.Diagnosis(busy_line=True))."""

import dataclasses
import json
import socket
import threading
import time

import pytest
import trustme

from callpath.core.analysis.judge import Answers
from callpath.core.api import Diagnosis
from callpath.core.base.budget import Budget
from callpath.core.engine import busyline as engine_busyline
from callpath.core.engine.catalog import BusyLine
from callpath.core.probes import busyline
from callpath.core.probes.http import ProbeSession
from callpath.core.records.report import validate
from tests import servers


@pytest.fixture
def ndt7(monkeypatch, tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    with servers.NDT7Server(tls_cert=cert) as server, servers.STUNServer() as relay:
        yield server, relay


def urls(port: int, scheme: str = "wss") -> dict[str, str]:
    return {d: f"{scheme}://127.0.0.1:{port}/ndt/v7/{d}?client_name=callpath" for d in busyline.DIRECTIONS}


def offered(port: int, scheme: str = "wss") -> list:
    return [("lab", urls(port, scheme))]


def test_each_direction_is_loaded_while_the_samples_run(ndt7):
    server, relay = ndt7
    out = busyline.measure(Budget(30), offered(server.port), ("127.0.0.1", relay.port), seconds=1.5,
                           byte_cap=200 * 2**20, user_agent="CallPath-test", idle_s=0.5)
    assert out["idle"]["received"] > 0 and out["idle_error"] is None
    for direction in busyline.DIRECTIONS:
        moved = out[direction]
        assert moved["error"] is None and moved["bytes"] > 0 and moved["ended"] in ("time", "cap", "closed")
        assert moved["samples"]["received"] > 0 and moved["samples_error"] is None
        assert 0 < moved["seconds"] <= 2.5 and moved["server"] == "lab"
    assert server.received > 0


def test_the_samples_stop_when_the_load_stops_at_its_cap(ndt7):
    """A fast line reaches the cap in a moment: the samples after it would time an idle line."""
    server, relay = ndt7
    out = busyline.measure(Budget(30), offered(server.port), ("127.0.0.1", relay.port), seconds=4.0,
                           byte_cap=2**20, user_agent="CallPath-test", idle_s=0.3)
    upload = out["upload"]
    assert upload["ended"] == "cap" and upload["seconds"] < 1.0
    assert upload["samples"]["duration_s"] < 2.5  # not the 4.5 s it was given


def test_a_clear_answer_ends_the_load_early(ndt7):
    server, _ = ndt7
    clear = threading.Event()
    threading.Timer(0.4, clear.set).start()
    moved, failure = busyline.load(Budget(30), urls(server.port)["download"], "download", 10.0, 10**12,
                                   "CallPath-test", clear=clear)
    assert failure is None and moved["ended"] == "clear" and moved["seconds"] < 2.0


def test_a_server_that_turns_the_test_away_hands_it_to_the_next(ndt7):
    server, relay = ndt7
    with servers.NDT7Server(refuse=True) as full:
        out = busyline.measure(Budget(30), [("full", urls(full.port, "ws")), ("lab", urls(server.port))],
                               ("127.0.0.1", relay.port), seconds=0.5, byte_cap=2**20,
                               user_agent="CallPath-test", idle_s=0.3)
    assert [out[d]["server"] for d in busyline.DIRECTIONS] == ["lab", "lab"]
    assert all(out[d]["error"] is None for d in busyline.DIRECTIONS)


def test_a_silent_voice_server_loads_nothing(ndt7):
    """Nothing to compare with: the line is not loaded at all."""
    server, _ = ndt7
    out = busyline.measure(Budget(30), offered(server.port), ("127.0.0.1", servers.free_port(socket.SOCK_DGRAM)),
                           seconds=1.0, byte_cap=2**20, user_agent="CallPath-test", idle_s=0.3)
    assert out["idle_error"] is not None and "upload" not in out and server.received == 0


# --- the directory (M-Lab's locate service) ---------------------------------------------------------

def test_the_directory_names_the_servers_nearest_first():
    answer = {"results": [
        {"machine": "mlab1-abc01", "urls": {f"{s}:///ndt/v7/{d}": f"{s}://ndt-mlab1-abc01/ndt/v7/{d}?access_token=t"
                                            for s in ("ws", "wss") for d in ("upload", "download")}},
        {"urls": {"ws:///ndt/v7/upload": "ws://second/ndt/v7/upload", "ws:///ndt/v7/download": "ws://second/ndt/v7/download"}},
    ]}
    found = busyline.servers(answer)
    assert [name for name, _ in found] == ["mlab1-abc01", "second"]
    assert found[0][1]["upload"].startswith("wss://")  # the secure one where offered
    assert found[1][1]["download"] == "ws://second/ndt/v7/download"


@pytest.mark.parametrize("answer", [
    None, [], "results", {"results": None}, {"results": [None, 3, "x"]},
    {"results": [{"machine": "m", "urls": {"wss:///ndt/v7/upload": "wss://m/ndt/v7/upload"}}]},  # one way only
    {"results": [{"machine": "m", "urls": {f"wss:///ndt/v7/{d}": f"file:///etc/{d}" for d in ("upload", "download")}}]},
    {"results": [{"machine": "m", "urls": {f"wss:///ndt/v7/{d}": 7 for d in ("upload", "download")}}]},
    {"results": [{"machine": "m", "urls": {f"ws:///ndt/v7/{d}": f"wss://m/{d}" for d in ("upload", "download")}}]},
], ids=["null", "list", "string", "no-results", "junk", "one-way", "file-urls", "numbers", "scheme-mismatch"])
def test_a_damaged_or_hostile_directory_offers_nothing(answer):
    assert busyline.servers(answer) == []


def test_the_directory_offers_four_at_most():
    entry = {"urls": {f"ws:///ndt/v7/{d}": f"ws://h/ndt/v7/{d}" for d in ("upload", "download")}}
    assert len(busyline.servers({"results": [entry] * 9})) == busyline.MAX_SERVERS


@pytest.mark.parametrize("body, code", [("<html>busy</html>", "malformed"), ('{"results": []}', "malformed"),
                                        ("[" * 100000, "malformed")])
def test_a_directory_that_names_no_server_is_a_failure(body, code):
    session = ProbeSession()
    with servers.NDT7Server(directory=body) as server:
        found, failure = busyline.locate(Budget(10), session, f"http://127.0.0.1:{server.port}/v2/nearest/ndt/ndt7")
    session.close()
    assert found == [] and failure is not None and failure.code == code


def test_a_directory_that_answers_an_error_or_not_at_all_is_a_failure():
    session = ProbeSession()
    with servers.NDT7Server() as server:
        found, failure = busyline.locate(Budget(10), session, f"http://127.0.0.1:{server.port}/elsewhere")
    assert found == [] and failure.code == "http_status" and "400" in failure.detail
    found, failure = busyline.locate(Budget(10), session, f"http://127.0.0.1:{servers.free_port()}/v2")
    session.close()
    assert found == [] and failure.code == "refused"


# --- in a whole diagnosis ---------------------------------------------------------------------------------

@pytest.fixture
def not_metered(monkeypatch):
    from callpath.core.base import timeouts
    from callpath.core.probes import metered
    monkeypatch.setattr(metered, "metered", lambda: (False, ""))
    # Loopback moves any allowance in a moment: loaded by time instead, and briefly.
    monkeypatch.setattr(timeouts, "BUSY_LINE_S", 1.5)
    monkeypatch.setattr(timeouts, "BUSY_LINE_BYTES", 10**12)


def busy_diagnosis(net, port: int, symptom: str = "quality", location: str = "abroad") -> Diagnosis:
    cat = dataclasses.replace(net.catalog, busy_line=BusyLine(f"http://127.0.0.1:{port}/v2/nearest/ndt/ndt7", "test"))
    return Diagnosis(Answers(symptom, location, "teams"), cat, nameservers=net.nameservers, dns_port=net.dns_port,
                     sample_s=1.0, busy_line=True)


def test_a_diagnosis_with_the_busy_line_loads_it_after_the_other_checks(net, not_metered):
    progress = []
    with servers.NDT7Server(seconds=10.0) as server:
        d = busy_diagnosis(net, server.port)
        report = d.run(on_progress=lambda done, total, what: progress.append((done, total, what)))
    validate(report)
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert busy["ok"] and busy["metrics"]["operator"] == "M-Lab" and server.located == 1
    assert busy["metrics"]["bytes"] > 0 and busy["metrics"]["servers"] == ["mlab1-lab01.example.org"]
    assert "secret" not in json.dumps(report)  # the directory's tokens are never recorded
    # After every other check: its load would spoil their samples.
    others = [m["started_at"] for m in report["measurements"] if m["id"] != "local.busy_line"]
    assert busy["started_at"] >= max(others)
    assert progress[-1][:2] == (progress[-1][1], len(progress)) and progress[-1][2] == "your line when busy"
    assert d.planned_groups()["local"] == sum(1 for m in report["measurements"] if m["group"] == "local")
    # Loopback does not choke: the verdict stays where the other checks put it, and says so.
    assert report["verdict"]["cause"] == "beyond_reach"
    assert "No long wait was seen" in report["verdict"]["explanation"]
    # The idle line's reference: the same server's sample earlier in the run.
    assert busy["metrics"]["before"]["median"] is not None
    assert len(busy["metrics"]["upload"]["samples"]["series"]) == busy["metrics"]["upload"]["samples"]["received"]
    assert d.join(2.0)


def test_a_metered_connection_is_never_loaded(net, monkeypatch):
    from callpath.core.probes import metered
    monkeypatch.setattr(metered, "metered", lambda: (True, "windows_cost"))
    with servers.NDT7Server() as server:
        report = busy_diagnosis(net, server.port).run()
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert busy["error"]["code"] == "metered" and server.located == 0 and server.received == 0
    assert "marked as metered" in report["verdict"]["explanation"]


def test_from_inside_china_the_line_is_not_loaded(net, not_metered):
    """Where the run's evidence puts the user in China (the analysis judges so), nothing is
    loaded: the load servers are abroad, across the border."""
    from callpath.core.engine.runner import Options, Run, run_tasks

    with servers.NDT7Server() as server:
        task = engine_busyline.task(f"http://127.0.0.1:{server.port}/v2/nearest/ndt/ndt7", [], in_china=True)
        [busy] = run_tasks([task], Run(net.catalog, Options(), Budget(10), None, None))
    assert busy.error.code == "from_china" and not busy.measured and server.located == 0


def test_where_the_evidence_puts_the_user_abroad_the_answer_china_does_not_stop_it(net, not_metered):
    """A traveller back from China who left the answer: the evidence (servers blocked in China
    answered) says abroad, and the analysis judges so; the test runs."""
    with servers.NDT7Server(seconds=10.0) as server:
        report = busy_diagnosis(net, server.port, location="china").run()
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert busy["ok"] and server.located == 1


def test_the_load_goes_directly_as_its_samples_do_not_through_a_proxy(net, not_metered, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{servers.free_port()}")  # a proxy that is not there
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    with servers.NDT7Server(seconds=10.0) as server:
        report = busy_diagnosis(net, server.port).run()
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert busy["ok"] and server.located == 1 and server.received > 0


def test_a_load_server_not_reached_leaves_the_line_not_measured(net, not_metered):
    report = busy_diagnosis(net, servers.free_port()).run()
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert not busy["ok"] and busy["error"]["code"] == "refused"
    assert report["verdict"]["cause"] == "beyond_reach"
    assert "not tested while busy" in report["verdict"]["explanation"]
    # Not a failure of this side's checks.
    assert report["verdict"]["parts"]["groups"]["local"]["failed"] == 0


def test_a_cancel_during_the_busy_line_ends_it(net, not_metered):
    with servers.NDT7Server(seconds=30.0) as server:
        d = busy_diagnosis(net, server.port)
        began = []

        def cancel_when_loading(done, total, what):
            if done == total - 1 and not began:
                began.append(time.monotonic())
                threading.Timer(1.5, d.cancel).start()
        report = d.run(on_progress=cancel_when_loading)
        ended = time.monotonic()
    busy = next(m for m in report["measurements"] if m["id"] == "local.busy_line")
    assert busy["error"]["code"] == "cancelled" and ended - began[0] < 3.5
    assert d.join(3.0)


def test_the_busy_line_needs_a_catalog_that_names_its_servers(net):
    with pytest.raises(ValueError, match="no load server"):
        Diagnosis(Answers("quality", "abroad", "teams"), net.catalog, busy_line=True)


def test_the_nearest_control_voice_server_that_answered_is_timed():
    """A control's, never an app's own (far, or across China's border): its swings would read
    as the line's."""
    from callpath.core.base.measurement import Failure, Measurement

    def stun(mid, group, median, ok=True):
        return Measurement(mid, "stun", group, f"{mid}.example:3478/udp", ok=ok,
                           error=None if ok else Failure("no_response", ""),
                           metrics={"address": f"192.0.2.{median:.0f}", "rtt_ms": {"median": median}} if ok else {})
    ms = [stun("a", "service", 5), stun("b", "world", 40), stun("c", "world", 12), stun("d", "world", 1, ok=False)]
    assert engine_busyline.target(ms).id == "c"
    assert engine_busyline.target(ms[:1]) is None and engine_busyline.target(ms[3:]) is None
