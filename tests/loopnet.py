"""A whole 'internet' on loopback for unit tests and benches: every catalog name resolves (via
a loopback DNS server) to 127.0.0.1, where real HTTP, HTTPS, DoH and STUN servers answer —
or, in black-hole mode, where every port swallows packets and never answers.

It rewrites the default catalog's ports onto those servers and keeps everything else, so the
real plan runs, with the real probes, against real sockets.
"""

from __future__ import annotations

import dataclasses
import os
from contextlib import ExitStack

import trustme

from callpath.core.engine import catalog as catalog_mod
from tests import servers

NCSI_BODY = b"Microsoft Connect Test"


def _doh(dns_server: servers.DNSServer):
    def handle(body: bytes):
        return 200, "application/dns-message", dns_server.answer(body) or b""
    return handle


@dataclasses.dataclass
class LoopNet:
    catalog: catalog_mod.Catalog
    nameservers: tuple[str, ...]
    dns_port: int
    ca_file: str


def start(stack: ExitStack, tmp_path, blackhole: bool = False, literal: bool = False) -> LoopNet:
    """Start the servers; return the catalog to diagnose with. ``literal``: every host is
    127.0.0.1 itself, so no DNS is needed (for the CLI, which asks the system's resolvers)."""
    base = catalog_mod.load()
    names = sorted({e.host for e in base.endpoints if not e.is_ip_literal}
                   | {base.dns_control_name, base.tls_control_name})
    records = {n: ["127.0.0.1"] for n in names}
    records.update({e.host: list(e.expect_addresses) for e in base.endpoints if e.expect_addresses})
    dns_server = stack.enter_context(servers.DNSServer(records))

    ca = trustme.CA()
    cert = ca.issue_cert(*names, "127.0.0.1")
    ca_file = str(tmp_path / "loopnet-ca.pem")
    ca.cert_pem.write_to_path(ca_file)

    hole = stack.enter_context(servers.Blackhole())  # also the address that runs no resolver
    if blackhole:
        http_port = https_port = stun_port = udp_dns_port = hole.port
        # Names still resolve (the resolver is local and fine); every target is silent.
    else:
        routes = {
            "/connecttest.txt": (200, {"Content-Type": "text/plain"}, NCSI_BODY),
            "/generate_204": (204, {}, b""),
            "/hotspot-detect.html": (200, {}, b"<HTML><BODY>Success</BODY></HTML>"),
        }
        plain = stack.enter_context(servers.HTTPServer(routes))
        tls_routes = {"/": (200, {}, b"ok"), "/login": (200, {}, b"ok"),
                      ("POST", "/dns-query"): _doh(dns_server)}
        secure = stack.enter_context(servers.HTTPServer(tls_routes, tls_cert=cert))
        relay = stack.enter_context(servers.STUNServer())
        http_port, https_port, stun_port = plain.port, secure.port, relay.port
        udp_dns_port = dns_server.port

    def move(url: str, port: int) -> str:
        scheme, rest = url.split("://", 1)
        host, _, path = rest.partition("/")
        return f"{scheme}://{'127.0.0.1' if literal else host}:{port}/{path}"

    endpoints = []
    for e in base.endpoints:
        if literal and e.expect_addresses and not (e.tcp or e.stun or e.http or e.doh):
            continue  # a DNS-only check has nothing to do without names
        tcp = tuple(http_port if p == 80 else https_port for p in e.tcp)
        http = None
        if e.http:
            http = dataclasses.replace(e.http, url=move(
                e.http.url, https_port if e.http.url.startswith("https") else http_port))
        endpoints.append(dataclasses.replace(
            e,
            host="127.0.0.1" if e.is_ip_literal or literal else e.host,
            expect_addresses=() if literal else e.expect_addresses,
            tcp=tcp,
            tls=https_port if e.tls else None,
            http=http,
            stun=stun_port if e.stun else None,
            doh=move(e.doh, https_port) if e.doh else None,
            dns_port=udp_dns_port if e.resolver_query else hole.port,
            # No loopback server stands in for the plugin kinds (core/kinds): each has its own
            # tests, and the lab runs them against real servers.
            options=(),
        ))
    # No busy-line test unless a test starts its own load server (the real one is M-Lab's).
    cat = dataclasses.replace(base, endpoints=tuple(endpoints), busy_line=None)
    return LoopNet(cat, ("127.0.0.1",), dns_server.port, ca_file)


def trust(monkeypatch_or_env, ca_file: str) -> None:
    """Trust the loopback CA the standard way (SSL_CERT_FILE / REQUESTS_CA_BUNDLE)."""
    for var in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        if hasattr(monkeypatch_or_env, "setenv"):
            monkeypatch_or_env.setenv(var, ca_file)
        else:
            os.environ[var] = ca_file
