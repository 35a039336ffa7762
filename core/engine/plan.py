"""What a diagnosis measures: the tasks planned from the catalog and the user's answers, and
the registry of probe kinds an endpoint can ask for (``STEPS``). The engine that runs them is
:mod:`runner`.
"""

from __future__ import annotations

import dataclasses
import functools
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .. import kinds
from ..base.measurement import Failure
from ..probes import dns as dnsprobe
from ..probes import echo, net, stun
from ..probes import local as localprobe
from .catalog import Catalog, Endpoint
from .runner import Options, Planned, Run, Task, in_parallel, measure, skip


def plan(catalog: Catalog, options: Options) -> list[Task]:
    tasks = [_local_task(), _echo_task(), _home_task(catalog)]
    trusted = catalog.trusted_doh
    for ep in catalog.for_app(options.app):
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
        measure(task, run, "local.echo", lambda: echo.sample(run.budget, duration=run.options.sample_s,
                                                             rate=run.options.sample_pps))

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
            duration=run.options.sample_s, rate=run.options.sample_pps))

    return Task("home", "Your computer and network", planned, body)


def _trusted_dns_task(ep: Endpoint, trusted: Endpoint) -> Task:
    mid = f"{ep.group}.{ep.id}.dns_trusted"
    planned = [Planned(mid, "dns_trusted", ep.group, ep.host)]

    def body(task: Task, run: Run) -> None:
        address = run.address_of(trusted.host)
        if address is None:
            skip(task, run, mid, f"the trusted resolver's name {trusted.host} did not resolve")
            return

        def probe() -> tuple[dict[str, Any], Failure | None]:
            metrics, failure = dnsprobe.doh_query(run.session, run.budget, trusted.doh or "", ep.host,
                                                  address=address)
            metrics["trusted_resolver"] = trusted.id
            if trusted.blocked_in_china:  # every answer comes through it
                metrics["blocked_in_china"] = True
            if failure is None:
                tried = _try_trusted_answer(run, ep, metrics)
                if tried is not None:
                    metrics["trusted_answer_connect"] = tried
            return metrics, failure
        measure(task, run, mid, probe)

    return Task(f"{ep.id}:dns_trusted", ep.label, planned, body)


def _try_trusted_answer(run: Run, ep: Endpoint, metrics: dict[str, Any]) -> dict[str, Any] | None:
    """Where the system's resolver and the trusted one disagree, connect to the trusted answer
    too: a service that answers there is not down, and a system answer that then leads nowhere
    is the better explanation for the failures (forged or astray, whatever pool its address is
    in). One TCP connect, only when they disagree; None when not needed or not possible."""
    port = ep.tls or (ep.tcp[0] if ep.tcp else None)
    system = run.address_of(ep.host) if port is not None else None
    if port is None or system is None:
        return None
    family = "addresses_v6" if ":" in system else "addresses"
    answers = [a for a in metrics.get(family) or [] if isinstance(a, str)]
    if not answers or system in answers:
        return None
    sock, failure, ms = net.connect_tcp(run.budget, answers[0], port)
    if sock is not None:
        sock.close()
    return {"address": answers[0], "port": port, "ok": failure is None, "connect_ms": round(ms, 1),
            "code": failure.code if failure is not None else None}


# --- the probe registry --------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Step:
    """One kind of probe on a catalog endpoint: whether the entry asks for it, the
    measurements it owes (known before it runs), and how it runs once the endpoint's name has
    an address (None: the lookup failed; a step skips what needs one)."""
    name: str
    wanted: Callable[[Endpoint, Options], bool]
    planned: Callable[[Endpoint, str], list[Planned]]
    run: Callable[[Task, Run, Endpoint, str, str | None], None]


def _connection_planned(ep: Endpoint, pre: str) -> list[Planned]:
    g, h = ep.group, ep.host
    out = [Planned(f"{pre}.tcp{port}", "tcp", g, f"{h}:{port}") for port in ep.tcp]
    if ep.tls is not None:
        out.append(Planned(f"{pre}.tls", "tls", g, f"{h}:{ep.tls}"))
    if ep.http:
        out.append(Planned(f"{pre}.http", "http", g, ep.http.url))
    return out


def _one(kind: str, target: Callable[[Endpoint], str]) -> Callable[[Endpoint, str], list[Planned]]:
    return lambda ep, pre: [Planned(f"{pre}.{kind}", kind, ep.group, target(ep))]


def _dns_server_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    query = ep.resolver_query or run.catalog.dns_control_name
    measure(task, run, f"{pre}.dns_server", lambda: dnsprobe.query_server(
        run.budget, ep.host, query, port=ep.dns_port))


def _dns_sample_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    query = ep.resolver_query or run.catalog.dns_control_name
    measure(task, run, f"{pre}.dns_sample", lambda: dnsprobe.sample_server(
        run.budget, ep.host, query, port=ep.dns_port, duration=run.options.sample_s,
        rate=run.options.sample_pps))


def _injection_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    measure(task, run, f"{pre}.dns_injection", lambda: dnsprobe.probe_injection(
        run.budget, ep.host, list(ep.injection_names), run.catalog.dns_control_name, port=ep.dns_port))


def _endpoint_task(ep: Endpoint, catalog: Catalog, options: Options) -> Task:
    """The endpoint's name looked up first (its answer is shared), then every step it asks for
    side by side, so a black-holed target costs one timeout, not a sum."""
    pre = f"{ep.group}.{ep.id}"
    steps = [s for s in all_steps() if s.wanted(ep, options)]
    planned = [] if ep.is_ip_literal else [Planned(f"{pre}.dns", "dns", ep.group, ep.host)]
    planned += [p for s in steps for p in s.planned(ep, pre)]

    def body(task: Task, run: Run) -> None:
        address = ep.host if ep.is_ip_literal else _lookup(task, run, ep, pre)
        in_parallel(run, [functools.partial(s.run, task, run, ep, pre, address) for s in steps])

    return Task(ep.id, ep.label, planned, body)


def _lookup(task: Task, run: Run, ep: Endpoint, pre: str) -> str | None:
    def lookup() -> tuple[dict[str, Any], Failure | None]:
        metrics, failure = dnsprobe.resolve(run.budget, run.nameservers, ep.host, port=run.options.dns_port)
        if failure is None and ep.expect_addresses:
            got = set(metrics.get("addresses", []) + metrics.get("addresses_v6", []))
            metrics["expected"] = list(ep.expect_addresses)
            if not got & set(ep.expect_addresses):
                failure = Failure("unexpected_answer", "the answer is not the published address")
        return metrics, failure
    m = measure(task, run, f"{pre}.dns", lookup, ep)
    if m.error is None or m.error.code == "unexpected_answer":
        addrs = m.metrics.get("addresses") or m.metrics.get("addresses_v6") or []
        return addrs[0] if addrs else None
    return None


def _doh_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    """Is this DoH resolver usable? Resolve the harmless control name through it."""
    mid = f"{pre}.doh"
    if address is None and not ep.is_ip_literal:
        skip(task, run, mid, f"{pre}.dns failed")
        return
    url = ep.doh or ""
    measure(task, run, mid, lambda: dnsprobe.doh_query(
        run.session, run.budget, url, run.catalog.dns_control_name, address=address))


def _stun_branch(task: Task, run: Run, ep: Endpoint, pre: str, address: str | None) -> None:
    port = ep.stun
    if address is None or port is None:
        skip(task, run, f"{pre}.stun", f"{pre}.dns failed")
        return

    def probe() -> tuple[dict[str, Any], Failure | None]:
        metrics, failure = stun.sample(run.budget, address, port, duration=run.options.sample_s,
                                       rate=run.options.sample_pps)
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

        check = ep.http
        if check is not None:
            mid = f"{pre}.http"
            proxy = run.session.proxy_for(check.url)
            url = urlsplit(check.url)
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
                    run.budget, check.url, check.expect_status, check.expect_body, address=pin), ep)
    finally:
        if kept is not None:
            kept.close()


def _tls(run: Run, ep: Endpoint, address: str, sock: socket.socket | None) -> tuple[dict[str, Any], Failure | None]:
    port = ep.tls or 443
    if sock is None:
        sock, failure, _ = net.connect_tcp(run.budget, address, port)
        if sock is None:
            return {"address": address}, failure
    metrics, failure = net.tls_handshake(run.budget, sock, ep.host)
    metrics["address"] = address
    if failure and failure.code in net.NAME_FILTER_SIGNS and run.options.sensitive_probes:
        # Same address, a harmless name: if that handshake gets through, the first was cut
        # because of the name it carried.
        control = run.catalog.tls_control_name
        csock, cfail, _ = net.connect_tcp(run.budget, address, port)
        if csock is None:
            outcome = cfail.code if cfail else "failed"
        else:
            _, cfail = net.tls_handshake(run.budget, csock, control)
            # Any certificate verdict means the server answered the handshake.
            outcome = "handshake_answered" if cfail is None or cfail.code.startswith("cert_") else cfail.code
        metrics["control"] = {"sni": control, "outcome": outcome}
    return metrics, failure


# In the order their measurements appear in a report; the plugin kinds (core/kinds) follow.
STEPS: tuple[Step, ...] = (
    Step("connection", lambda ep, o: bool(ep.tcp or ep.tls is not None or ep.http),
         _connection_planned, _connection_branch),
    Step("stun", lambda ep, o: ep.stun is not None,
         _one("stun", lambda ep: f"{ep.host}:{ep.stun}/udp"), _stun_branch),
    Step("dns_server", lambda ep, o: bool(ep.resolver_query),
         _one("dns_server", lambda ep: f"{ep.host}:{ep.dns_port} {ep.resolver_query}"), _dns_server_branch),
    Step("dns_sample", lambda ep, o: bool(ep.resolver_query and ep.resolver_sample),
         _one("dns_sample", lambda ep: f"{ep.host}:{ep.dns_port}/udp"), _dns_sample_branch),
    Step("doh", lambda ep, o: bool(ep.doh),
         _one("doh", lambda ep: ep.doh or ""), _doh_branch),
    Step("dns_injection", lambda ep, o: bool(ep.injection_names) and o.sensitive_probes,
         _one("dns_injection", lambda ep: f"{ep.host}:{ep.dns_port}"), _injection_branch),
)


@functools.cache
def all_steps() -> tuple[Step, ...]:
    def plugin(kind: kinds.Kind) -> Step:
        return Step(kind.field, lambda ep, o: ep.option(kind.field) is not None, kind.planned, kind.run)
    return STEPS + tuple(plugin(k) for k in kinds.registry())
