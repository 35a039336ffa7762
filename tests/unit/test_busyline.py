"""The busy-line probe (core/probes/busyline.py) against a loopback ndt7 server: each direction
loads the line for its time or up to its byte cap while the voice-like samples run beside it;
a stop ends it at once; a load server that cannot be reached is that direction's failure,
never a clean line."""

import time

import pytest
import trustme

from callpath.core.base.budget import Budget
from callpath.core.probes import busyline
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


def urls(port: int) -> dict[str, str]:
    return {d: f"wss://127.0.0.1:{port}/ndt/v7/{d}?client_name=callpath" for d in busyline.DIRECTIONS}


def test_each_direction_is_loaded_while_the_samples_run(ndt7):
    server, relay = ndt7
    out = busyline.measure(Budget(30), urls(server.port), ("127.0.0.1", relay.port), seconds=1.5,
                           byte_cap=200 * 2**20, user_agent="CallPath-test", idle_s=0.5)
    assert out["idle"]["received"] > 0 and out["idle_error"] is None
    for direction in busyline.DIRECTIONS:
        moved = out[direction]
        assert moved["error"] is None and moved["bytes"] > 0 and moved["ended"] in ("time", "cap", "closed")
        assert moved["samples"]["received"] > 0 and moved["samples_error"] is None
        assert 0 < moved["seconds"] <= 2.5
    assert server.received > 0


def test_the_byte_cap_ends_a_direction(ndt7):
    server, _ = ndt7
    moved, failure = busyline.load(Budget(30), urls(server.port)["upload"], "upload", 10.0, 2**20, "CallPath-test")
    assert failure is None and moved["ended"] == "cap" and 2**20 <= moved["bytes"] < 2 * 2**20


def test_a_stop_ends_the_load_at_once(ndt7):
    server, _ = ndt7
    budget = Budget(30)
    stopper = __import__("threading").Timer(0.5, budget.cancel)
    stopper.start()
    began = time.monotonic()
    moved, failure = busyline.load(budget, urls(server.port)["download"], "download", 10.0, 10**12, "CallPath-test")
    assert failure is None and moved["ended"] == "stopped" and time.monotonic() - began < 2.0


def test_a_load_server_not_reached_is_not_measured(ndt7):
    _, relay = ndt7
    port = servers.free_port()
    out = busyline.measure(Budget(30), urls(port), ("127.0.0.1", relay.port), seconds=1.0,
                           byte_cap=2**20, user_agent="CallPath-test", idle_s=0.3)
    for direction in busyline.DIRECTIONS:
        assert out[direction]["error"]["code"] == "refused" and out[direction]["bytes"] == 0
        assert "samples" not in out[direction]  # nothing timed against a load that never ran
    with servers.NDT7Server(refuse=True) as refusing:
        moved, failure = busyline.load(Budget(10), f"ws://127.0.0.1:{refusing.port}/ndt/v7/upload", "upload",
                                       1.0, 2**20, "CallPath-test")
    assert failure is not None and moved["bytes"] == 0
