"""Plan the probes from the catalog and the user's answers, run them concurrently under one
deadline, and collect every measurement — including placeholders for what did not run.

Per endpoint: DNS first (its answer is shared), then independent branches in parallel —
TCP → TLS → HTTP, STUN, direct resolver, DoH, injection — so a black-holed target costs one
timeout, not a sum. Nothing is judged here (STYLE: record first, analyse afterwards).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from . import timeouts
from .budget import Budget, Cancelled, current_budget
from .catalog import Catalog, Endpoint, is_ip
from .errors import classify
from .measurement import Failure, Measurement, Recorder, not_measured
from .probes import dns as dnsprobe
from .probes import echo, net, stun
from .probes import local as localprobe
from .probes.http import ProbeSession

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
MeasurementCallback = Callable[[Measurement], None]


@dataclasses.dataclass(frozen=True)
class Options:
    service: str = "teams"
    sample_s: float = timeouts.SAMPLE_S  # each UDP path-quality sample (STUN, DNS)
    sensitive_probes: bool = True   # DNS injection and reset-on-name checks
    # The system's resolvers unless given (tests point these at loopback servers).
    nameservers: tuple[str, ...] | None = None
    dns_port: int = 53


@dataclasses.dataclass
class Planned:
    id: str
    kind: str
    group: str
    target: str


class Task:
    """One unit of concurrent work: it knows, before running, which measurements it owes."""

    def __init__(self, name: str, label: str, planned: list[Planned],
                 body: Callable[[Task, Run], None]):
        self.name = name
        self.label = label
        self.planned = planned
        self.body = body
        self._lock = threading.Lock()
        self._results: dict[str, Measurement] = {}
        self._closed = False
        self.done = threading.Event()
        self.crashed = False  # the body raised: what it still owed is an internal fault

    def planned_by_id(self, mid: str) -> Planned:
        return next(p for p in self.planned if p.id == mid)

    def emit(self, m: Measurement, run: Run) -> None:
        with self._lock:
            if self._closed:
                return  # the run already ended; a late result is dropped
            self._results[m.id] = m
        log.debug("%s", m.describe())
        run.measurement_done(m)

    def close(self, reason: str) -> list[Measurement]:
        """Stop accepting results; everything planned but missing becomes 'not measured'."""
        with self._lock:
            self._closed = True
            results = dict(self._results)
        if self.crashed:
            reason = "internal"
        out = []
        for p in self.planned:
            m = results.get(p.id)
            if m is None:
                m = not_measured(p.id, p.kind, p.group, p.target, reason, _NOT_MEASURED[reason])
            out.append(m)
        return out


_NOT_MEASURED = {
    "cancelled": "the run was cancelled before this was measured",
    "deadline": "the run's time ran out before this was measured",
    "internal": "not measured: a fault inside CallPath (see the log)",
}


class Run:
    """Shared state of one diagnosis run."""

    def __init__(self, catalog: Catalog, options: Options, budget: Budget,
                 on_progress: ProgressCallback | None, on_measurement: MeasurementCallback | None):
        self.catalog = catalog
        self.options = options
        self.budget = budget
        self.session = ProbeSession()
        self.nameservers = (list(options.nameservers) if options.nameservers is not None
                            else dnsprobe.system_nameservers())
        self._on_progress = on_progress
        self._on_measurement = on_measurement
        self._lock = threading.Lock()
        self._done = 0
        self.total = 0
        self.threads: list[threading.Thread] = []
        self._addresses: dict[str, tuple[threading.Event, list[str | None]]] = {}

    def address_of(self, host: str) -> str | None:
        """An address for ``host`` through the system's resolvers, looked up once per run and
        shared (the DoH resolvers' own names, which many steps need)."""
        if is_ip(host):
            return host
        with self._lock:
            entry = self._addresses.get(host)
            owner = entry is None
            if owner:
                entry = self._addresses[host] = (threading.Event(), [None])
        event, slot = entry
        if owner:
            try:
                metrics, failure = dnsprobe.resolve(self.budget, self.nameservers, host,
                                                    port=self.options.dns_port)
                if failure is None:
                    found = metrics.get("addresses") or metrics.get("addresses_v6") or [None]
                    slot[0] = found[0]
            finally:
                event.set()
        else:
            while not event.wait(0.1):
                self.budget.check()
        return slot[0]

    def measurement_done(self, m: Measurement) -> None:
        if self._on_measurement:
            _safely(self._on_measurement, m)

    def task_done(self, task: Task) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        if self._on_progress:
            _safely(self._on_progress, done, self.total, task.label)


def _safely(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:  # a callback's bug must not kill a probe thread
        log.exception("progress callback failed")


# --- measuring helpers ---------------------------------------------------------------------------

def measure(task: Task, run: Run, mid: str, fn: Callable[[], tuple[dict, Failure | None]],
            ep: Endpoint | None = None) -> Measurement:
    """Run one probe step, time it, and record its measurement (marked when its endpoint's
    service has closed, or it is unreachable from inside China, so the analysis expects
    silence there)."""
    p = task.planned_by_id(mid)
    m = Measurement(id=p.id, kind=p.kind, group=p.group, target=p.target)
    with Recorder(m):
        try:
            metrics, failure = fn()
        except Cancelled:
            raise
        except Exception as e:  # a probe bug: recorded as 'internal', logged with traceback
            log.exception("probe %s failed unexpectedly", mid)
            metrics, failure = {}, Failure("internal", classify(e).detail)
    m.metrics = metrics
    if ep is not None and ep.retired:
        m.metrics["retired"] = ep.retired
    if ep is not None and ep.blocked_in_china:
        m.metrics["blocked_in_china"] = True
    m.error = failure
    m.ok = failure is None
    task.emit(m, run)
    return m


def skip(task: Task, run: Run, mid: str, because: str) -> None:
    p = task.planned_by_id(mid)
    task.emit(not_measured(p.id, p.kind, p.group, p.target, "skipped", because), run)


def in_parallel(run: Run, fns: Iterable[Callable[[], None]]) -> None:
    """Run branches of one endpoint side by side and wait for all of them."""
    fns = list(fns)
    if len(fns) == 1:
        fns[0]()
        return
    errors: list[BaseException] = []

    def wrap(fn):
        def inner():
            current_budget.set(None)
            try:
                fn()
            except Cancelled:
                pass
            except BaseException as e:
                errors.append(e)
        return inner

    threads = [threading.Thread(target=wrap(fn), daemon=True, name="callpath-branch") for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.budget.check()
    if errors:
        raise errors[0]


# --- planning ---------------------------------------------------------------------------------------

def plan(catalog: Catalog, options: Options) -> list[Task]:
    tasks = [_local_task(), _echo_task(), _home_task(catalog)]
    trusted = catalog.trusted_doh
    for ep in catalog.for_service(options.service):
        tasks.append(_endpoint_task(ep, catalog, options))
        if trusted is not None and not ep.is_ip_literal and ep.host != trusted.host:
            tasks.append(_trusted_dns_task(ep, trusted))
    return tasks


def _local_task() -> Task:
    kinds = ["interfaces", "route", "resolvers", "proxy", "vpn", "ipv6"]
    planned = [Planned(f"local.{k}", k, "local", "this computer") for k in kinds]

    def body(task: Task, run: Run) -> None:
        ifs = measure(task, run, "local.interfaces", localprobe.interfaces)
        routes = measure(task, run, "local.route", localprobe.default_routes)
        measure(task, run, "local.resolvers", lambda: localprobe.resolvers(run.nameservers))
        measure(task, run, "local.proxy", localprobe.proxies)
        measure(task, run, "local.vpn", lambda: localprobe.vpn(ifs.metrics))
        measure(task, run, "local.ipv6", lambda: localprobe.ipv6(ifs.metrics, routes.metrics))

    return Task("local", "Your computer and network", planned, body)


def _echo_task() -> Task:
    """This computer's own timing noise, sampled alongside the paths (probes/echo.py)."""
    planned = [Planned("local.echo", "echo", "local", "this computer")]

    def body(task: Task, run: Run) -> None:
        measure(task, run, "local.echo", lambda: echo.sample(run.budget, duration=run.options.sample_s))

    return Task("echo", "Your computer and network", planned, body)


def _home_task(catalog: Catalog) -> Task:
    """The hop to the home router, sampled like the other paths: when the router is also the
    DNS server (as most home routers are), DNS questions to it time that hop alone."""
    mid = "local.home.dns_sample"
    planned = [Planned(mid, "dns_sample", "local", "the home router")]

    def body(task: Task, run: Run) -> None:
        routes, _ = localprobe.default_routes()
        gateways = {r.get("gateway") for r in routes.get("ipv4", []) + routes.get("ipv6", [])}
        router = next((s for s in run.nameservers if s in gateways), None)
        if router is None:
            skip(task, run, mid, "the DNS server is not the home router")
            return
        measure(task, run, mid, lambda: dnsprobe.sample_server(
            run.budget, router, catalog.dns_control_name, port=run.options.dns_port,
            duration=run.options.sample_s))

    return Task("home", "Your computer and network", planned, body)


def _trusted_dns_task(ep: Endpoint, trusted: Endpoint) -> Task:
    mid = f"{ep.group}.{ep.id}.dns_trusted"
    planned = [Planned(mid, "dns_trusted", ep.group, ep.host)]

    def body(task: Task, run: Run) -> None:
        address = run.address_of(trusted.host)
        if address is None:
            skip(task, run, mid, f"the trusted resolver's name {trusted.host} did not resolve")
            return

        def probe():
            metrics, failure = dnsprobe.doh_query(run.session, run.budget, trusted.doh, ep.host,
                                                  address=address)
            metrics["trusted_resolver"] = trusted.id
            if trusted.blocked_in_china:  # every answer comes through it
                metrics["blocked_in_china"] = True
            return metrics, failure
        measure(task, run, mid, probe)

    return Task(f"{ep.id}:dns_trusted", ep.label, planned, body)


def _endpoint_task(ep: Endpoint, catalog: Catalog, options: Options) -> Task:
    g, h = ep.group, ep.host
    pre = f"{g}.{ep.id}"
    planned: list[Planned] = []
    if not ep.is_ip_literal:
        planned.append(Planned(f"{pre}.dns", "dns", g, h))
    for port in ep.tcp:
        planned.append(Planned(f"{pre}.tcp{port}", "tcp", g, f"{h}:{port}"))
    if ep.tls is not None:
        planned.append(Planned(f"{pre}.tls", "tls", g, f"{h}:{ep.tls}"))
    if ep.http:
        planned.append(Planned(f"{pre}.http", "http", g, ep.http.url))
    if ep.stun is not None:
        planned.append(Planned(f"{pre}.stun", "stun", g, f"{h}:{ep.stun}/udp"))
    if ep.resolver_query:
        planned.append(Planned(f"{pre}.dns_server", "dns_server", g, f"{h}:{ep.dns_port} {ep.resolver_query}"))
        if ep.resolver_sample:
            planned.append(Planned(f"{pre}.dns_sample", "dns_sample", g, f"{h}:{ep.dns_port}/udp"))
    if ep.doh:
        planned.append(Planned(f"{pre}.doh", "doh", g, ep.doh))
    if ep.injection_names and options.sensitive_probes:
        planned.append(Planned(f"{pre}.dns_injection", "dns_injection", g, f"{h}:{ep.dns_port}"))

    def body(task: Task, run: Run) -> None:
        address = h if ep.is_ip_literal else None
        if not ep.is_ip_literal:
            def lookup():
                metrics, failure = dnsprobe.resolve(run.budget, run.nameservers, h,
                                                    port=run.options.dns_port)
                if failure is None and ep.expect_addresses:
                    got = set(metrics.get("addresses", []) + metrics.get("addresses_v6", []))
                    metrics["expected"] = list(ep.expect_addresses)
                    if not got & set(ep.expect_addresses):
                        failure = Failure("unexpected_answer", "the answer is not the published address")
                return metrics, failure
            m = measure(task, run, f"{pre}.dns", lookup, ep)
            if m.error is None or m.error.code == "unexpected_answer":
                addrs = m.metrics.get("addresses") or m.metrics.get("addresses_v6") or []
                address = addrs[0] if addrs else None

        branches = [lambda: _connection_branch(task, run, ep, pre, address)]
        if ep.stun is not None:
            branches.append(lambda: _stun_branch(task, run, ep, pre, address))
        if ep.resolver_query:
            branches.append(lambda: measure(task, run, f"{pre}.dns_server", lambda: dnsprobe.query_server(
                run.budget, h, ep.resolver_query, port=ep.dns_port)))
        if ep.resolver_query and ep.resolver_sample:
            branches.append(lambda: measure(task, run, f"{pre}.dns_sample", lambda: dnsprobe.sample_server(
                run.budget, h, ep.resolver_query, port=ep.dns_port, duration=run.options.sample_s)))
        if ep.doh:
            branches.append(lambda: _doh_branch(task, run, ep, pre, address))
        if ep.injection_names and run.options.sensitive_probes:
            branches.append(lambda: measure(task, run, f"{pre}.dns_injection", lambda: dnsprobe.probe_injection(
                run.budget, h, list(ep.injection_names), run.catalog.dns_control_name, port=ep.dns_port)))
        in_parallel(run, branches)

    return Task(ep.id, ep.label, planned, body)


def _doh_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    """Is this DoH resolver usable? Resolve the harmless control name through it."""
    mid = f"{pre}.doh"
    if address is None and not ep.is_ip_literal:
        skip(task, run, mid, f"{pre}.dns failed")
        return
    measure(task, run, mid, lambda: dnsprobe.doh_query(
        run.session, run.budget, ep.doh, run.catalog.dns_control_name, address=address))


def _stun_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    if address is None:
        skip(task, run, f"{pre}.stun", f"{pre}.dns failed")
        return

    def probe():
        metrics, failure = stun.sample(run.budget, address, ep.stun, duration=run.options.sample_s)
        metrics["address"] = address
        return metrics, failure
    measure(task, run, f"{pre}.stun", probe, ep)


def _connection_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    """TCP on each port, then TLS on the TLS port's connection, then HTTP."""
    tcp_ok: dict[int, bool] = {}
    kept = None  # the connection on the TLS port, handed to the handshake
    try:
        for port in ep.tcp:
            mid = f"{pre}.tcp{port}"
            if address is None:
                skip(task, run, mid, f"{pre}.dns failed")
                tcp_ok[port] = False
                continue

            def probe(port=port):
                nonlocal kept
                sock, failure, ms = net.connect_tcp(run.budget, address, port)
                if sock is not None:
                    if port == ep.tls and kept is None:
                        kept = sock
                    else:
                        sock.close()
                return {"address": address, "connect_ms": round(ms, 1)}, failure
            tcp_ok[port] = measure(task, run, mid, probe, ep).ok

        tls_ok = None
        if ep.tls is not None:
            mid = f"{pre}.tls"
            if address is None:
                skip(task, run, mid, f"{pre}.dns failed")
                tls_ok = False
            elif not tcp_ok.get(ep.tls, True):
                skip(task, run, mid, f"{pre}.tcp{ep.tls} failed")
                tls_ok = False
            else:
                sock, kept = kept, None
                tls_ok = measure(task, run, mid, lambda: _tls(run, ep, address, sock), ep).ok

        if ep.http:
            mid = f"{pre}.http"
            proxy = run.session.proxy_for(ep.http.url)
            url = urlsplit(ep.http.url)
            port = url.port or (443 if url.scheme == "https" else 80)
            if proxy is None and address is None:
                skip(task, run, mid, f"{pre}.dns failed")
            elif proxy is None and not tcp_ok.get(port, True):
                skip(task, run, mid, f"{pre}.tcp{port} failed")
            elif proxy is None and tls_ok is False and port == 443:
                skip(task, run, mid, f"{pre}.tls failed")
            else:
                pin = address if url.hostname == ep.host else None
                measure(task, run, mid, lambda: run.session.fetch(
                    run.budget, ep.http.url, ep.http.expect_status, ep.http.expect_body, address=pin), ep)
    finally:
        if kept is not None:
            kept.close()


def _tls(run: Run, ep: Endpoint, address: str, sock):
    if sock is None:
        sock, failure, _ = net.connect_tcp(run.budget, address, ep.tls)
        if sock is None:
            return {"address": address}, failure
    metrics, failure = net.tls_handshake(run.budget, sock, ep.host)
    metrics["address"] = address
    if failure and failure.code in net.NAME_FILTER_SIGNS and run.options.sensitive_probes:
        # Same address, a harmless name: if that handshake gets through, the first was cut
        # because of the name it carried.
        control = run.catalog.tls_control_name
        csock, cfail, _ = net.connect_tcp(run.budget, address, ep.tls)
        if csock is None:
            outcome = cfail.code if cfail else "failed"
        else:
            _, cfail = net.tls_handshake(run.budget, csock, control)
            # Any certificate verdict means the server answered the handshake.
            outcome = "handshake_answered" if cfail is None or cfail.code.startswith("cert_") else cfail.code
        metrics["control"] = {"sni": control, "outcome": outcome}
    return metrics, failure


# --- running -------------------------------------------------------------------------------------------

def run_tasks(tasks: list[Task], run: Run) -> list[Measurement]:
    """Run every task concurrently until all finish, the deadline passes or the run is cancelled.

    Returns within about one slice of a cancel. Probe threads notice the cancel themselves
    (sockets shut down, slices checked) and end shortly after; ``run.threads`` lets a caller
    join them.
    """
    run.total = len(tasks)
    remaining = set(range(len(tasks)))
    cond = threading.Condition()

    def worker(i: int, task: Task) -> None:
        current_budget.set(None)
        try:
            task.body(task, run)
        except Cancelled:
            pass
        except Exception:
            task.crashed = True
            log.exception("task %s failed", task.name)
        finally:
            task.done.set()
            run.task_done(task)
            with cond:
                remaining.discard(i)
                cond.notify_all()

    for i, task in enumerate(tasks):
        t = threading.Thread(target=worker, args=(i, task), daemon=True, name=f"callpath-{task.name}")
        run.threads.append(t)
        t.start()

    with cond:
        while remaining and not run.budget.stopped:
            cond.wait(timeout=min(0.1, max(run.budget.remaining(), 0.01)))
    if remaining and not run.budget.reason:
        run.budget.cancel("deadline")
    reason = run.budget.reason or "deadline"
    if remaining:
        run.budget.cancel(reason)  # wake everything still blocked
    results: list[Measurement] = []
    for task in tasks:
        results.extend(task.close(reason))
    return results  # the session is closed once the threads have ended (api.Diagnosis.join)
