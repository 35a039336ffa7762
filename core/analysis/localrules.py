"""Step 1 of the analysis: the user's own side — interface and route, the resolver, a captive
portal, the proxy, the clock, TLS interception, the user's own link (:mod:`pathrules`), and UDP
blocked on this side. A local fault explains everything above it and wins; one that stops
nothing is asked for only where nothing else is found (``WHERE_NOTHING_ELSE``). Pure, like the
rest of the analysis. Each rule says what else leaves the same evidence in its docstring (the
first ones' side by side: docs/design.md's rule table).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from ..base.measurement import Measurement
from . import busyline, interception, pathrules
from .dnscheck import dns_consistency
from .evidence import SILENT_CODES, Evidence, groups_of, ids, share
from .finding import Finding

# A clock this far off breaks certificate checks and is worth a verdict on its own.
CLOCK_SKEW_S = 24 * 3600
DNS_FAILURE_CODES = {"timeout", "servfail", "dns_refused", "no_resolver", "malformed"}
TIME_CODES = {"cert_expired", "cert_not_yet_valid"}
TRUST_CODES = {"cert_untrusted", "cert_name_mismatch"}
CUT_CODES = {"reset", "connection_closed"}
SECURE_KINDS = {"tls", "doh", "dns_trusted"}
# A proxy answering with these refuses or fails the request itself (RFC 9110): the proxy, not
# a login page.
PROXY_REFUSALS = {403, 407, 502, 503, 504}


def _no_network(ev: Evidence) -> Finding | None:
    interfaces, route = ev.get("local.interfaces"), ev.get("local.route")
    remote = ev.select(["tcp", "stun", "dns_sample", "dns_server", "http"], ["world", "service", "china"])
    reached = [m for m in remote if m.ok]
    if interfaces is not None and Evidence.code(interfaces) == "no_network":
        return Finding("local", "no_network", "high", [interfaces.id])
    if route is not None and Evidence.code(route) == "no_network" and not reached:
        return Finding("local", "no_network", "high", [route.id] + ids(remote[:3]))
    failing = [m for m in remote if Evidence.code(m) in SILENT_CODES | {"no_network"}]
    if remote and not reached and share(failing, remote) >= 0.8:
        return Finding("local", "no_network", "medium", ids(failing[:5]))
    return None


def _local_dns(ev: Evidence) -> Finding | None:
    resolvers = ev.get("local.resolvers")
    if resolvers is not None and Evidence.code(resolvers) == "no_resolver":
        return Finding("local", "local_dns", "high", [resolvers.id], {"variant": "none_configured"})
    lookups = ev.select("dns")
    failing = []
    for m in lookups:
        if Evidence.code(m) not in DNS_FAILURE_CODES:
            continue
        trusted = ev.sibling(m, "dns_trusted")
        # Down for everyone is not the user's DNS: the trusted resolver must have done better,
        # or not have been reachable to ask (its own name needs the system resolver).
        if trusted is None or trusted.ok or not trusted.measured:
            failing.append(m)
    if len(failing) >= 3 and share(failing, lookups) >= 0.6 and len(groups_of(failing)) >= 2:
        direct = [m for m in ev.select(["dns_server", "dns_sample"]) if m.ok and m.group != "local"]
        return Finding("local", "local_dns", "high" if direct else "medium", ids(failing[:5]) + ids(direct[:1]),
                       {"variant": "silent", "failed": len(failing), "asked": len(lookups)})
    checks = [dns_consistency(ev, m) for m in lookups]
    local_answers = [c for c in checks if c.verdict == "local_answer"]
    if local_answers:
        return Finding("local", "local_dns", "medium", [i for c in local_answers for i in c.ids],
                       {"variant": "local_answer", "names": [c.name for c in local_answers]})
    return None


def _proxy_answer(m: Measurement) -> bool:
    return bool(m.metrics.get("proxy")) and m.metrics.get("status") in PROXY_REFUSALS


def _captive_portal(ev: Evidence) -> Finding | None:
    checks = ev.select("http", "world")
    odd = [m for m in checks if Evidence.code(m) in ("http_status", "bad_body") and not _proxy_answer(m)]
    if len(odd) >= 2 and share(odd, checks) >= 0.5:
        # ("location" in reports made before it was called "redirect")
        redirect = next((m.metrics.get("redirect") or m.metrics.get("location") for m in odd
                         if m.metrics.get("redirect") or m.metrics.get("location")), None)
        return Finding("local", "captive_portal", "high", ids(odd), {"redirect": redirect})
    return None


def _proxy(ev: Evidence) -> Finding | None:
    setting = ev.get("local.proxy")
    if setting is None or not setting.metrics.get("in_use"):
        return None
    fetches = [m for m in ev.select("http") if m.metrics.get("proxy")]
    broken = [m for m in fetches if Evidence.code(m) == "proxy_error" or _proxy_answer(m)]
    if fetches and share(broken, fetches) >= 0.5:
        direct_ok = [m for m in ev.select("tcp") if m.ok]
        return Finding("local", "proxy", "high" if direct_ok else "medium",
                       [setting.id] + ids(broken[:4]) + ids(direct_ok[:1]),
                       {"proxy": broken[0].metrics.get("proxy")})
    return None


def _proxy_only(ev: Evidence) -> Finding | None:
    """Only the proxy leads out: web works, but a call's voice (UDP) cannot go directly. The
    user's network, not anything upstream, decides that."""
    if not ev.proxy_only or ev.answers.symptom == "sign_in":
        return None
    via = [m for m in ev.select("http") if m.ok and m.metrics.get("proxy")]
    return Finding("local", "udp_blocked", "medium", ["local.proxy"] + ids(via[:2]) + ids(ev.off_path[:3]),
                   {"variant": "proxy_only"})


def _secure_failures(ev: Evidence, codes: set[str]) -> list[Measurement]:
    return [m for m in ev.select(SECURE_KINDS | {"http"}) if Evidence.code(m) in codes]


def _clock_skew(ev: Evidence) -> Finding | None:
    failures = _secure_failures(ev, TIME_CODES)
    skews = [m.metrics["clock_skew_s"] for m in ev.select("http")
             if isinstance(m.metrics.get("clock_skew_s"), (int, float))]
    skew = statistics.median(skews) if len(skews) >= 2 else None
    variant = "days" if skew is not None and abs(skew) >= CLOCK_SKEW_S else None
    # "Clock skew shows on every secure destination": several, in more than one group.
    if len(failures) >= 3 and len(groups_of(failures)) >= 2:
        return Finding("local", "clock_skew", "high", ids(failures[:5]), {"skew_s": skew, "variant": variant})
    if variant and failures:
        return Finding("local", "clock_skew", "medium", ids(failures[:5]), {"skew_s": skew, "variant": variant})
    return None


def _tls_interception(ev: Evidence) -> Finding | None:
    # A handshake that verifies but was signed by an inspecting product: its root is trusted.
    named = [(m, interception.product(m.metrics.get("issuer"))) for m in ev.select("tls") if m.ok]
    named = [(m, p) for m, p in named if p]
    if len({ev.endpoint(m) for m, _ in named}) >= 2:
        found = [m for m, _ in named]
        return Finding("local", "tls_interception", "high" if len(groups_of(found)) >= 2 else "medium",
                       ids(found[:6]), {"variant": "product", "product": named[0][1],
                                        "hosts": len({ev.endpoint(m) for m in found})})
    failures = []
    for m in _secure_failures(ev, TRUST_CODES):
        dns = ev.sibling(m, "dns")
        # A forged answer that leads to a foreign certificate is tampering, not interception.
        if dns is not None and dns_consistency(ev, dns).verdict == "forged":
            continue
        failures.append(m)
    hosts = {ev.endpoint(m) for m in failures}
    if len(hosts) >= 3 and len(groups_of(failures)) >= 2:
        verified = [m for m in ev.select("tls") if m.ok]
        return Finding("local", "tls_interception", "medium" if verified else "high", ids(failures[:6]),
                       {"hosts": len(hosts)})
    return None


def silent(m: Measurement) -> bool:
    return Evidence.code(m) in SILENT_CODES | {"refused"}


def port_of(m: Measurement) -> str:
    return m.target.rsplit(":", 1)[-1].split("/")[0]


def _udp_blocked_here(ev: Evidence) -> Finding | None:
    """Every voice server on a port silent — the relay and other operators' servers, in
    different places — while TCP works: the user's side blocks UDP (on that port, or on all).
    Inside China, foreign servers are blocked by design and prove nothing; a domestic server
    answering on the port clears the user's side."""
    stun = ev.select("stun")
    tcp_ok = [m for m in ev.select("tcp", ["service", "world", "china"]) if m.ok]
    if not tcp_ok:
        return None
    # Silent on every port, or on every server of one port (the relay's, say) — a firewall
    # rule against one port is as common as a block of all UDP.
    resolvers = ev.select(["dns_sample", "dns_server"], ["world", "service", "china"])
    # Every port: the voice servers and the resolvers asked over UDP alike (one resolver
    # answering means not every port is blocked).
    ports: dict[str, list[Measurement]] = {"all": stun + resolvers}
    for m in stun:
        ports.setdefault(port_of(m), []).append(m)
    for port, ms in ports.items():
        if not all(silent(m) for m in ms) or not any(m.group == "service" for m in ms):
            continue
        # Inside China the foreign servers and the relay lie across the border, where they are
        # blocked or filtered by design: only domestic servers can speak of this side.
        witnesses = [m for m in ms if not (ev.inside_china and m.group in ("world", "service"))]
        # Two operators in two places (abroad); inside China, two domestic operators.
        if len({ev.endpoint(m) for m in witnesses}) < 2 or (len(groups_of(witnesses)) < 2 and not ev.inside_china):
            continue  # the relay alone, or servers in one place: about them, not this side
        silent_all = [m for m in stun if silent(m)]
        everywhere = len(silent_all) == len(stun)
        operators = {ev.endpoint(m) for m in silent_all if not (ev.inside_china and m.group in ("world", "service"))}
        finding = Finding("local", "udp_blocked", "high" if everywhere and len(operators) >= 3 else "medium",
                          ids(silent_all if everywhere else ms) + ids(tcp_ok[:2]),
                          {"variant": "local", "port": None if everywhere else port})
        if ev.inside_china:
            finding.notes.append("control_blocked_in_china")
        return finding
    return None


LOCAL_STEPS = (_no_network, _local_dns, _captive_portal, _proxy, _proxy_only, _clock_skew,
               _tls_interception, pathrules.weak_link, _udp_blocked_here)
# Faults on the user's side that stop nothing (every check passes, only later than it should):
# the judge asks them only where nothing else is found, in this order, and the first one found
# is the verdict for the complaints its row may answer, else named beside it (judge._decide).
WHERE_NOTHING_ELSE: tuple[Callable[[Evidence], Finding | None], ...] = (busyline.rule,)
