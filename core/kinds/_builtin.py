"""The kinds every diagnosis rests on, in the order their measurements appear in a report: a
connection (TCP on each port, TLS, a web page), STUN, a DNS server asked a name, a DNS server
sampled for the path's quality, DNS over HTTPS, and the forged-answer check.

Their catalog fields are typed fields of the catalog's ``Endpoint``, checked there (their values
depend on each other: a resolver's and an injection check's port, an IP address as host), since
many rules read them; so these kinds have no ``parse``. Each step runs once the entry's name has
an address (None: the lookup failed, and a step skips what needs one). The probes are imported
inside the steps, so the analysis, which reads these kinds' raw flags, loads no socket code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..base.i18n import N_
from ..base.measurement import Failure, Planned
from . import EndpointView, Kind, Measures, OptionsView, RunView, TaskView

TCP = Measures("tcp", N_("connection"), raw=True)
TLS = Measures("tls", N_("secure connection"), raw=True, broken_by=frozenset({"secure"}))
# Through the system's proxy, if one is set: not raw.
HTTP = Measures("http", N_("web page"), raw=False, broken_by=frozenset({"secure"}))
STUN = Measures("stun", N_("voice channel (UDP)"), raw=True, broken_by=frozenset({"voice"}), sampled=True)
DNS_SERVER = Measures("dns_server", N_("DNS server"), raw=True, broken_by=frozenset({"voice"}))
# Also the home router's sample, which the engine takes (engine/plan.py).
DNS_SAMPLE = Measures("dns_sample", N_("voice test through DNS"), raw=True, broken_by=frozenset({"voice"}),
                      sampled=True)
DOH = Measures("doh", N_("secure DNS"), raw=False, broken_by=frozenset({"secure"}))  # a web request: the proxy's too
DNS_INJECTION = Measures("dns_injection", N_("forged-answer check"), raw=True)


def _one(kind: str, target: Callable[[EndpointView], str]) -> Callable[[EndpointView, str], list[Planned]]:
    """The planner of a step that owes one measurement, of its kind, on ``target(ep)``."""
    def planned(ep: EndpointView, pre: str) -> list[Planned]:
        return [Planned(f"{pre}.{kind}", kind, ep.group, target(ep))]
    return planned


# --- a connection: TCP, TLS, HTTP --------------------------------------------------------------

def _connection_wanted(ep: EndpointView, options: OptionsView) -> bool:
    return bool(ep.tcp or ep.tls is not None or ep.http)


def _connection_planned(ep: EndpointView, pre: str) -> list[Planned]:
    g, h = ep.group, ep.host
    out = [Planned(f"{pre}.tcp{port}", "tcp", g, f"{h}:{port}") for port in ep.tcp]
    if ep.tls is not None:
        out.append(Planned(f"{pre}.tls", "tls", g, f"{h}:{ep.tls}"))
    if ep.http:
        out.append(Planned(f"{pre}.http", "http", g, ep.http.url))
    return out


def _connection_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    """TCP on each port, then TLS on the TLS port's connection, then HTTP."""
    from ..probes import net

    tcp_ok: dict[int, bool] = {}
    kept = None  # the connection on the TLS port, handed to the handshake
    try:
        for port in ep.tcp:
            mid = f"{pre}.tcp{port}"
            if address is None:
                run.skip(task, mid, f"{pre}.dns failed")
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
            tcp_ok[port] = run.measure(task, mid, probe, ep).ok

        tls_ok = None
        if ep.tls is not None:
            mid = f"{pre}.tls"
            if address is None:
                run.skip(task, mid, f"{pre}.dns failed")
                tls_ok = False
            elif not tcp_ok.get(ep.tls, True):
                run.skip(task, mid, f"{pre}.tcp{ep.tls} failed")
                tls_ok = False
            else:
                sock, kept = kept, None
                tls_ok = run.measure(task, mid, lambda: _tls(run, ep, address, sock), ep).ok

        check = ep.http
        if check is not None:
            mid = f"{pre}.http"
            proxy = run.session.proxy_for(check.url)
            url = urlsplit(check.url)
            port = url.port or (443 if url.scheme == "https" else 80)
            if proxy is None and address is None:
                run.skip(task, mid, f"{pre}.dns failed")
            elif proxy is None and not tcp_ok.get(port, True):
                run.skip(task, mid, f"{pre}.tcp{port} failed")
            elif proxy is None and tls_ok is False and port == 443:
                run.skip(task, mid, f"{pre}.tls failed")
            else:
                pin = address if url.hostname == ep.host else None
                run.measure(task, mid, lambda: run.session.fetch(
                    run.budget, check.url, check.expect_status, check.expect_body, address=pin), ep)
    finally:
        if kept is not None:
            kept.close()


def _tls(run: RunView, ep: EndpointView, address: str, sock: Any) -> tuple[dict[str, Any], Failure | None]:
    from ..probes import net

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


# --- STUN ----------------------------------------------------------------------------------------

def _stun_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    from ..probes import stun

    port = ep.stun
    if address is None or port is None:
        run.skip(task, f"{pre}.stun", f"{pre}.dns failed")
        return

    def probe() -> tuple[dict[str, Any], Failure | None]:
        metrics, failure = stun.sample(run.budget, address, port, duration=run.options.sample_s,
                                       rate=run.options.sample_pps)
        metrics["address"] = address
        return metrics, failure
    run.measure(task, f"{pre}.stun", probe, ep)


# --- DNS servers, DoH, forged answers ------------------------------------------------------------

def _dns_server_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    from ..probes import dns

    query = ep.resolver_query or run.catalog.dns_control_name
    run.measure(task, f"{pre}.dns_server", lambda: dns.query_server(
        run.budget, ep.host, query, port=ep.dns_port))


def _dns_sample_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    from ..probes import dns

    query = ep.resolver_query or run.catalog.dns_control_name
    run.measure(task, f"{pre}.dns_sample", lambda: dns.sample_server(
        run.budget, ep.host, query, port=ep.dns_port, duration=run.options.sample_s,
        rate=run.options.sample_pps))


def _doh_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    """Is this DoH resolver usable? Resolve the harmless control name through it."""
    from ..probes import dns

    mid = f"{pre}.doh"
    if address is None and not ep.is_ip_literal:
        run.skip(task, mid, f"{pre}.dns failed")
        return
    url = ep.doh or ""
    run.measure(task, mid, lambda: dns.doh_query(
        run.session, run.budget, url, run.catalog.dns_control_name, address=address))


def _injection_run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    from ..probes import dns

    run.measure(task, f"{pre}.dns_injection", lambda: dns.probe_injection(
        run.budget, ep.host, list(ep.injection_names), run.catalog.dns_control_name, port=ep.dns_port))


KINDS: tuple[Kind, ...] = (
    Kind("connection", fields=("tcp", "tls", "http"), measures=(TCP, TLS, HTTP),
         wanted=_connection_wanted, planned=_connection_planned, run=_connection_run),
    Kind("stun", fields=("stun",), measures=(STUN,),
         wanted=lambda ep, o: ep.stun is not None,
         planned=_one("stun", lambda ep: f"{ep.host}:{ep.stun}/udp"), run=_stun_run),
    Kind("dns_server", fields=("resolver",), measures=(DNS_SERVER,),
         wanted=lambda ep, o: bool(ep.resolver_query),
         planned=_one("dns_server", lambda ep: f"{ep.host}:{ep.dns_port} {ep.resolver_query}"),
         run=_dns_server_run),
    Kind("dns_sample", fields=("resolver",), measures=(DNS_SAMPLE,),
         wanted=lambda ep, o: bool(ep.resolver_query and ep.resolver_sample),
         planned=_one("dns_sample", lambda ep: f"{ep.host}:{ep.dns_port}/udp"), run=_dns_sample_run),
    Kind("doh", fields=("doh",), measures=(DOH,),
         wanted=lambda ep, o: bool(ep.doh),
         planned=_one("doh", lambda ep: ep.doh or ""), run=_doh_run),
    Kind("dns_injection", fields=("injection",), measures=(DNS_INJECTION,),
         wanted=lambda ep, o: bool(ep.injection_names) and o.sensitive_probes,
         planned=_one("dns_injection", lambda ep: f"{ep.host}:{ep.dns_port}"), run=_injection_run),
)
