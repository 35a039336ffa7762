"""What a diagnosis measures: the tasks planned from the catalog and the user's answers — this
computer's own checks, and for each catalog entry a task of the kinds of check it asks for
(:func:`callpath.core.kinds.registry`, which declares each kind whole). The engine that runs
them is :mod:`runner`.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import kinds
from ..base.measurement import Failure
from ..probes import dns as dnsprobe
from ..probes import echo, net
from ..probes import local as localprobe
from .catalog import Catalog, Endpoint
from .runner import Options, Planned, Run, Task, in_parallel, measure, skip


def plan(catalog: Catalog, options: Options) -> list[Task]:
    tasks = [_local_task(), _echo_task(), _home_task(catalog)]
    trusted = catalog.trusted_doh
    for ep in catalog.for_apps(options.apps) if options.apps else catalog.for_app(options.app):
        tasks.append(_endpoint_task(ep, catalog, options))
        if trusted is not None and not ep.is_ip_literal and ep.host != trusted.host:
            tasks.append(_trusted_dns_task(ep, trusted))
    sampled = {m.kind for m in kinds.measures().values() if m.sampled}
    for task in tasks:
        task.lasts = any(p.kind in sampled for p in task.planned)
    return tasks


def _local_task() -> Task:
    checks = ["interfaces", "route", "resolvers", "proxy", "vpn", "ipv6"]
    planned = [Planned(f"local.{k}", k, "local", "this computer") for k in checks]

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


def _endpoint_task(ep: Endpoint, catalog: Catalog, options: Options) -> Task:
    """The endpoint's name looked up first (its answer is shared), then every step it asks for
    side by side, so a black-holed target costs one timeout, not a sum."""
    pre = f"{ep.group}.{ep.id}"
    steps = [k for k in kinds.registry() if k.asked(ep, options)]
    planned = [] if ep.is_ip_literal else [Planned(f"{pre}.dns", "dns", ep.group, ep.host)]
    planned += [p for k in steps for p in k.planned(ep, pre)]

    def body(task: Task, run: Run) -> None:
        address = ep.host if ep.is_ip_literal else _lookup(task, run, ep, pre)
        in_parallel(run, [functools.partial(k.run, task, run, ep, pre, address) for k in steps])

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
