"""Whole diagnoses against a loopback 'internet': every probe real, every socket real."""

import threading
import time

from callpath.core.analysis.judge import Answers
from callpath.core.api import Diagnosis
from callpath.core.base import timeouts
from callpath.core.base.budget import Budget
from callpath.core.base.errors import CODES
from callpath.core.base.measurement import Planned
from callpath.core.engine import catalog, plan
from callpath.core.engine.runner import Options, Run, Task, run_tasks
from callpath.core.records.report import validate


def diagnosis(n, deadline=20.0, service="skype", symptom="check"):
    return Diagnosis(Answers(symptom, "abroad", service), n.catalog, deadline_s=deadline,
                     nameservers=n.nameservers, dns_port=n.dns_port)


def test_healthy_loopback_internet_measures_everything(net):
    progress = []
    d = diagnosis(net)
    report = d.run(on_progress=lambda done, total, what: progress.append((done, total, what)))
    validate(report)
    ms = report["measurements"]
    ids = [m["id"] for m in ms]
    assert len(ids) == len(set(ids))
    remote = [m for m in ms if m["group"] != "local"]
    failed = [(m["id"], m["error"]) for m in remote if not m["ok"]]
    assert failed == []
    kinds = {m["kind"] for m in ms}
    assert {"dns", "dns_trusted", "tcp", "tls", "http", "stun", "dns_server", "dns_sample", "doh",
            "dns_injection", "interfaces", "route", "resolvers", "proxy", "vpn", "ipv6"} <= kinds
    assert {m["group"] for m in ms} == {"local", "world", "service", "china"}
    stun = next(m for m in ms if m["id"] == "service.teams-relay.stun")
    assert stun["metrics"]["answered_by"] == "binding" and stun["metrics"]["loss_pct"] == 0.0
    # Call quality is the analysis' figure for a part of the way, not a probe's.
    assert report["verdict"]["parts"]["groups"]["service"]["voice"]["mos"] > 4
    # progress: one call per task, ending at total
    assert progress[-1][0] == progress[-1][1] == len(progress)
    assert report["verdict"]["cause"] == "healthy"
    assert report["context"]["ended_by"] == "complete"
    assert d.join(2.0)


def test_teams_plan_differs_from_skype(net):
    report = diagnosis(net, service="teams").run()
    ids = {m["id"] for m in report["measurements"]}
    assert "service.teams-web.tls" in ids and "service.skype-login.tls" not in ids


def test_blackholed_internet_costs_about_one_timeout(dark):
    t0 = time.monotonic()
    report = diagnosis(dark).run()
    took = time.monotonic() - t0
    assert took < 6.0  # TCP connect timeout (4 s) plus slack, not a sum of timeouts
    tcp = [m for m in report["measurements"] if m["kind"] == "tcp"]
    assert tcp and all(m["error"]["code"] == "timeout" for m in tcp)
    stun = [m for m in report["measurements"] if m["kind"] == "stun"]
    assert all(m["error"]["code"] == "no_response" for m in stun)
    tls = [m for m in report["measurements"] if m["kind"] == "tls"]
    assert all(m["error"]["code"] == "skipped" for m in tls)


def test_deadline_ends_the_run_and_marks_what_is_missing(dark):
    t0 = time.monotonic()
    report = diagnosis(dark, deadline=1.5).run()
    took = time.monotonic() - t0
    assert 1.4 <= took < 2.2
    codes = {m["error"]["code"] for m in report["measurements"] if m["error"]}
    assert "deadline" in codes
    assert report["context"]["ended_by"] == "deadline"


def test_cancel_returns_within_a_second_and_threads_end(net):
    d = diagnosis(net)
    threading.Timer(1.0, d.cancel).start()
    t0 = time.monotonic()
    report = d.run()
    took = time.monotonic() - t0
    assert took < 1.0 + 1.0
    assert report["context"]["ended_by"] == "cancelled"
    # What did not run is not evidence: no verdict from half a run.
    assert report["verdict"]["cause"] == "inconclusive"
    cancelled = [m for m in report["measurements"] if m["error"] and m["error"]["code"] == "cancelled"]
    assert cancelled, "the STUN samples (5 s) cannot have finished"
    for m in report["measurements"]:
        assert m["ok"] or m["error"]["code"] in CODES, m
    assert not any(m["error"]["code"] == "internal" for m in report["measurements"] if m["error"])
    t1 = time.monotonic()
    assert d.join(2.0), "probe threads still running after cancel"
    assert time.monotonic() - t1 < 1.0


def test_quality_symptom_samples_longer(net):
    d = diagnosis(net, symptom="quality")
    assert d.options.sample_s > 5.0


def test_auto_location_is_resolved_and_explained(net):
    d = Diagnosis(Answers("check", "auto", "skype"), net.catalog)
    assert d.answers.location in ("abroad", "china")
    assert d.location_reason


def _one_endpoint_catalog(host, port):
    from callpath.core.engine.catalog import Catalog, Endpoint
    ep = Endpoint(id="filtered", group="service", host=host, label="filtered site", source="test",
                  services=("skype",), tcp=(port,), tls=port)
    return Catalog("test", "www.example.com", "www.example.com", (ep,))


def test_reset_on_name_is_checked_with_a_control_name(tmp_path, monkeypatch):
    import trustme

    from tests import servers
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    cert = ca.issue_cert("blocked.test")
    with servers.DNSServer({"blocked.test": ["127.0.0.1"]}) as resolver, \
            servers.SNIFilter(cert, blocked="blocked.test") as srv:
        cat = _one_endpoint_catalog("blocked.test", srv.port)
        report = Diagnosis(Answers("check", "abroad", "skype"), cat, deadline_s=10,
                           nameservers=("127.0.0.1",), dns_port=resolver.port).run()
        tls = next(m for m in report["measurements"] if m["id"] == "service.filtered.tls")
        assert tls["error"]["code"] == "reset"
        # The same server completes a handshake for a harmless name (its certificate is for
        # another name, which proves the server answered).
        assert tls["metrics"]["control"] == {"sni": "www.example.com", "outcome": "handshake_answered"}

        quiet = Diagnosis(Answers("check", "abroad", "skype"), cat, deadline_s=10, sensitive_probes=False,
                          nameservers=("127.0.0.1",), dns_port=resolver.port).run()
        tls = next(m for m in quiet["measurements"] if m["id"] == "service.filtered.tls")
        assert tls["error"]["code"] == "reset" and "control" not in tls["metrics"]


class _Resolved:
    """A run whose system resolver answered ``system`` (the one thing the check asks of it)."""

    def __init__(self, system):
        from callpath.core.base.budget import Budget
        self.system, self.budget = system, Budget(5.0)

    def address_of(self, host):
        return self.system


def test_the_trusted_answer_is_tried_only_where_the_resolvers_disagree():
    import dataclasses
    import socket

    from callpath.core.engine import catalog
    from callpath.core.engine.plan import _try_trusted_answer

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    ep = next(e for e in catalog.load().endpoints if e.tls)
    try:
        # The system's answer differs from the trusted one's: one connect, to the trusted address.
        tried = _try_trusted_answer(_Resolved("127.0.0.2"), dataclasses.replace(ep, tls=port),
                                    {"addresses": ["127.0.0.1"]})
        assert tried is not None and tried["ok"] and (tried["address"], tried["port"]) == ("127.0.0.1", port)
        refused = _try_trusted_answer(_Resolved("127.0.0.2"), dataclasses.replace(ep, tls=closed_port),
                                      {"addresses": ["127.0.0.1"]})
        assert refused is not None and not refused["ok"] and refused["code"] == "refused"
        # They agree, or nothing to connect to: nothing sent.
        assert _try_trusted_answer(_Resolved("127.0.0.1"), ep, {"addresses": ["127.0.0.1"]}) is None
        assert _try_trusted_answer(_Resolved(None), ep, {"addresses": ["127.0.0.1"]}) is None
        assert _try_trusted_answer(_Resolved("::2"), ep, {"addresses": ["127.0.0.1"]}) is None
    finally:
        listener.close()


def test_the_watch_kept_in_the_history_is_read_by_the_run_not_where_it_is_made(net, monkeypatch):
    # The app makes a Diagnosis on its GUI thread and runs it on another: the history is a
    # file, read where the run runs.
    from callpath.core import api

    kept = {"best": [600, 780], "worst": [1140, 1320]}
    calls = []
    monkeypatch.setattr(api, "kept_windows", lambda now: calls.append(now) or kept)
    d = diagnosis(net, deadline=10.0)
    assert calls == []
    report = d.run()
    assert len(calls) == 1 and report["context"]["watched"] == kept


def test_a_runs_probes_keep_the_priority_they_were_started_with(net):
    """A probe's figures are times: the app's probes run as the command line's do, even when
    the app lowered its other workers (core/base/priority.py)."""
    import os
    import sys

    from callpath.core.base import priority

    seen: set[int | None] = set()

    def measured(m):  # called on the probe's own thread
        seen.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) if sys.platform == "linux" else None)

    def preload():  # a worker of the app that measures nothing, lowered, beside the run
        priority.give_way()

    worker = threading.Thread(target=preload)
    worker.start()
    worker.join()
    d = diagnosis(net)
    d.run(on_measurement=measured)
    assert d.join(2.0)
    expected = os.getpriority(os.PRIO_PROCESS, os.getpid()) if sys.platform == "linux" else None
    assert seen == {expected}


def _run(names, lasting, budget, body=lambda task, run: None):
    """``names`` as tasks (``lasting`` among them), run by run_tasks: (the run, the results)."""
    tasks = []
    for name in names:
        task = Task(name, name, [Planned(f"local.{name}", "echo", "local", "this computer")], body)
        task.lasts = name in lasting
        tasks.append(task)
    run = Run(catalog.load(), Options(nameservers=()), budget, None, None)
    return run, run_tasks(tasks, run)


def test_a_runs_tasks_start_apart_the_samples_first(monkeypatch):
    # Started all at once they held the interpreter in turn: the window waited 25-45 ms, and the
    # probes' own times swelled (a TLS handshake on loopback: 37 ms instead of 1; bench/task_starts.py).
    monkeypatch.setattr(timeouts, "TASK_START_GAP_S", 0.05)
    t0 = time.monotonic()
    run, _ = _run(["a", "b", "c", "d"], {"c", "d"}, Budget(20.0))
    took = time.monotonic() - t0
    assert [t.name for t in run.threads] == ["callpath-c", "callpath-d", "callpath-a", "callpath-b"]
    assert took >= 0.9 * 3 * 0.05, took  # the last started three gaps after the first


def test_a_run_stopped_while_its_tasks_start_starts_no_more(monkeypatch):
    monkeypatch.setattr(timeouts, "TASK_START_GAP_S", 5.0)  # the stop comes long before the next start
    budget = Budget(20.0)
    t0 = time.monotonic()
    run, results = _run(["a", "b", "c"], set(), budget, body=lambda task, run: budget.cancel())
    assert time.monotonic() - t0 < 2.0  # not a gap's wait
    assert [t.name for t in run.threads] == ["callpath-a"]
    # What was not started is not measured, and said so.
    codes = {m.id: m.error.code for m in results if m.error}
    assert codes["local.b"] == codes["local.c"] == "cancelled"


def test_the_tasks_that_sample_a_path_are_the_lasting_ones(net):
    sampled = {"stun", "dns_sample", "echo"}
    tasks = plan.plan(net.catalog, Options(nameservers=tuple(net.nameservers)))
    assert any(t.lasts for t in tasks) and not all(t.lasts for t in tasks)
    for task in tasks:
        assert task.lasts == any(p.kind in sampled for p in task.planned), task.name
