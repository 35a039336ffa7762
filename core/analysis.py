"""From measurements to a finding: where the trouble is and what it is. A pure function — no
I/O, no clock, no network — so a saved report can be analysed again (``callpath report
--reanalyse``) and every rule is tested from recorded measurements.

Each rule detects one mechanism, and knows the other real-world situations that leave the same
evidence (docs/design.md has the table). Where they cannot be told apart, the rule lowers its
confidence or says "not sure"; it never picks a side. The steps, in order (a local fault
explains everything above it and wins):

1. local health — interface and route, the resolver, captive portal, proxy, clock, TLS
   interception, the user's own link, UDP on the user's side;
2. the controls — does the rest of the internet answer?
3. the calling service and China — DNS, resets, reachability, path quality, the relay;
4. the verdict — an upstream cause needs healthy local and control evidence; when everything
   testable is healthy, calls that still fail lie beyond reach. Every failed check is either
   explained by the verdict or named as not explained.

The wording lives in :mod:`explain`; here only codes, facts and evidence.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from . import apprules, interception, pathrules, tunnels
from .answers import LOCATIONS, SYMPTOMS, Answers  # noqa: F401 - the analysis' inputs, also from here
from .apps import App
from .dnscheck import DnsCheck, dns_consistency, injection_seen  # noqa: F401 - also from here
from .evidence import CUT_SHORT, SILENT_CODES, Evidence, groups_of, ids, share
from .finding import CONFIDENCE, Finding  # noqa: F401 - also from here
from .measurement import SAMPLE_KINDS, Measurement

CALL_SYMPTOMS = ("phone_calls", "app_calls", "quality", "sign_in")

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


# --- step 1: local health ------------------------------------------------------------------------------

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


def _silent(m: Measurement) -> bool:
    return Evidence.code(m) in SILENT_CODES | {"refused"}


def _port(m: Measurement) -> str:
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
    ports: dict[str, list[Measurement]] = {"all": stun}
    for m in stun:
        ports.setdefault(_port(m), []).append(m)
    for port, ms in ports.items():
        if not all(_silent(m) for m in ms) or not any(m.group == "service" for m in ms):
            continue
        witnesses = [m for m in ms if not (ev.inside_china and m.group == "world")]
        if len({ev.endpoint(m) for m in witnesses}) < 2 or len(groups_of(witnesses)) < 2:
            continue  # the relay alone, or servers in one place: about them, not this side
        silent_all = [m for m in stun if _silent(m)]
        everywhere = len(silent_all) == len(stun)
        operators = {ev.endpoint(m) for m in silent_all if not (ev.inside_china and m.group == "world")}
        finding = Finding("local", "udp_blocked", "high" if everywhere and len(operators) >= 3 else "medium",
                          ids(silent_all if everywhere else ms) + ids(tcp_ok[:2]),
                          {"variant": "local", "port": None if everywhere else port})
        if ev.inside_china:
            finding.notes.append("control_blocked_in_china")
        return finding
    return None


LOCAL_STEPS = (_no_network, _local_dns, _captive_portal, _proxy, _proxy_only, _clock_skew,
               _tls_interception, pathrules.weak_link, _udp_blocked_here)


# --- step 2: the controls -------------------------------------------------------------------------------

def _world_ok(ev: Evidence) -> tuple[bool | None, list[Measurement]]:
    """Does the rest of the internet answer? None when nothing was measured there."""
    reach = ev.select(["tcp", "http"], "world")
    if not reach:
        return None, []
    failed = [m for m in reach if not m.ok]
    return share(failed, reach) < 0.5, failed


# --- step 3: the service and China -------------------------------------------------------------------

def _counted(ev: Evidence, kinds, group: str) -> list[Measurement]:
    """Measurements that speak of a live service: a retired host's silence is expected (its
    forged answers or cut connections are still evidence, and are judged elsewhere)."""
    return [m for m in ev.select(kinds, group) if not m.metrics.get("retired")]


def _tampering(ev: Evidence, group: str) -> Finding | None:
    checks = [dns_consistency(ev, m) for m in ev.select("dns", group)]
    forged = [c for c in checks if c.verdict == "forged"]
    if not forged:
        return None
    strong = [c for c in forged if c.why in ("pool", "bogon")]
    # One name is one target: at most "medium".
    confidence = "high" if len(strong) >= 2 else "medium"
    return Finding("upstream", "dns_tampering", confidence, [i for c in forged for i in c.ids],
                   {"group": group, "names": [c.name for c in forged],
                    "variant": "pool" if any(c.why == "pool" for c in forged) else None})


def _resets(ev: Evidence, group: str) -> Finding | None:
    # A closed service's host going silent is expected; being cut by name is not.
    cut = [m for m in ev.select("tls", group) if Evidence.code(m) in CUT_CODES | {"timeout"}]
    by_name = [m for m in cut if (m.metrics.get("control") or {}).get("outcome") == "handshake_answered"]
    resets = [m for m in cut if Evidence.code(m) in CUT_CODES]
    if by_name:
        names = [m.metrics.get("sni") for m in by_name]
        return Finding("upstream", "connection_reset", "high" if len(set(names)) >= 2 else "medium",
                       ids(by_name), {"group": group, "names": names, "variant": "by_name"})
    tcp_resets = [m for m in ev.select("tcp", group) if Evidence.code(m) == "reset"]
    if resets or tcp_resets:
        # Without the control handshake (turned off, or itself cut) the name is not proven.
        return Finding("upstream", "connection_reset", "medium", ids(resets + tcp_resets),
                       {"group": group, "names": [m.metrics.get("sni") for m in resets]})
    return None


def _unreachable(ev: Evidence, group: str, cause: str) -> Finding | None:
    # A name that fails at the user's resolver and the trusted one alike is down for everyone:
    # the service (its DNS) does not answer, whatever the user's network.
    dead = [m for m in _counted(ev, "dns", group) if ev.failed(m)
            and (t := ev.sibling(m, "dns_trusted")) is not None and ev.failed(t)]
    tcp = _counted(ev, "tcp", group) + dead
    failed = [m for m in tcp if Evidence.code(m) in SILENT_CODES | {"refused"} or m in dead]
    # A server that takes the connection and then never answers (the secure handshake or the
    # request times out) did not answer either: one more failed connection for its endpoint.
    connected = {ev.endpoint(m) for m in tcp if m.ok} - {ev.endpoint(m) for m in failed}
    mute = {ev.endpoint(m): m for m in _counted(ev, ["tls", "http"], group)
            if ev.endpoint(m) in connected and Evidence.code(m) in SILENT_CODES}
    failed += list(mute.values())
    if tcp and share(failed, tcp) >= 0.5:
        udp = [m for m in ev.select(list(SAMPLE_KINDS), group) if not m.ok]
        endpoints = {ev.endpoint(m) for m in failed}
        firm = share(failed, tcp) >= 0.8 and len(endpoints) >= 2
        finding = Finding("upstream", cause, "high" if firm else "medium", ids(failed[:6] + udp[:2]),
                          {"group": group, "failed": len(failed), "tried": len(tcp)})
        if any(dns_consistency(ev, d).verdict == "different" for d in ev.select("dns", group)
               if ev.endpoint(d) in endpoints):
            finding.notes.append("dns_different")
        return finding
    return None


def _relay_udp(ev: Evidence) -> Finding | None:
    """The relay silent on UDP. A silent server is evidence about that server: it says
    something of the path only when a control on the same port answers alongside."""
    relays = [m for m in ev.select("stun", "service") if _silent(m)]
    if not relays:
        return None
    answered = [m for m in ev.select("stun", ["world", "china"]) if m.ok]
    same_port = [m for m in answered if _port(m) in {_port(r) for r in relays}]
    silent_endpoints = {ev.endpoint(m) for m in relays}
    relay_tcp_ok = [m for m in ev.select("tcp", "service") if m.ok and ev.endpoint(m) in silent_endpoints]
    finding = Finding("upstream", "udp_blocked", "medium" if same_port and relay_tcp_ok else "low",
                      ids(relays + (same_port or answered)[:2] + relay_tcp_ok), {"group": "service"})
    # A relay may simply ignore requests without credentials: never proof of blocking alone.
    finding.notes.append("relay_may_ignore")
    foreign_silent = [m for m in ev.select("stun", "world") if _silent(m)]
    if ev.inside_china and foreign_silent:
        finding.notes.append("control_blocked_in_china")
    return finding


def _background_censorship(ev: Evidence) -> list[str]:
    """Signs of censorship on the way into China that do not, by themselves, break calls."""
    notes = []
    for m in ev.select("dns_injection"):
        if Evidence.code(m) == "unexpected_answer":
            notes.append("dns_intercepted" if m.metrics.get("control_answered") else "injection_seen")
    return notes


# --- step 4: the verdict -----------------------------------------------------------------------------------

def _not_measured_share(ev: Evidence) -> float:
    """How much could not run at all (out of time, cancelled, a fault of ours). A step skipped
    because the one before it failed is not missing: that failure is the evidence."""
    remote = [m for m in ev.all if m.group != "local"]
    missing = [m for m in remote if m.error is not None and m.error.code in CUT_SHORT]
    return share(missing, remote)


def _tunnels(ev: Evidence) -> list[str]:
    """Tunnels up and able to carry traffic, judged again from the interfaces (so an old
    report re-analysed gets today's rule), else as the report recorded them."""
    interfaces = ev.get("local.interfaces")
    listed = interfaces.metrics.get("interfaces") if interfaces is not None else None
    if isinstance(listed, list):
        return tunnels.in_use(listed)
    vpn = ev.get("local.vpn")
    return list(vpn.metrics.get("tunnels") or []) if vpn is not None and vpn.metrics.get("in_use") else []


def _explained(ev: Evidence, finding: Finding, m: Measurement) -> bool:
    if m.id in finding.evidence or finding.locus == "local":
        return True  # a local fault explains everything after it
    if m.kind == "dns_injection":
        return True  # forged answers for blocked names: a note of its own
    if m.metrics.get("retired"):
        return True  # a closed service's host: a note of its own
    if _blocked_in_china(ev, m):
        return True  # Google's STUN, Cloudflare's DoH: blocked there by design (a note says so)
    group = finding.facts.get("group")
    return group is not None and m.group == group


def _blocked_in_china(ev: Evidence, m: Measurement) -> bool:
    """A host the catalog marks unreachable from inside mainland China (Google's STUN,
    Cloudflare's DoH and every lookup through it), for a user there. Any other foreign host's
    failure still counts."""
    return ev.inside_china and bool(m.metrics.get("blocked_in_china"))


def _context_notes(ev: Evidence, finding: Finding) -> None:
    found = _tunnels(ev)
    proxy = ev.get("local.proxy")
    if found:
        finding.notes.append("vpn_in_use")
        finding.facts.setdefault("tunnels", found)
        if finding.locus == "upstream":
            finding.lower_confidence()
    checks = [dns_consistency(ev, m) for m in ev.select("dns")]
    if any(c.verdict == "fake_ip" for c in checks):
        finding.notes.append("proxy_tool")
    if proxy is not None and proxy.metrics.get("in_use") and finding.cause != "proxy":
        finding.notes.append("proxy_in_use")
    if proxy is not None and proxy.metrics.get("pac"):
        finding.notes.append("pac_not_evaluated")
    if ev.no_ipv4 and ev.off_path:
        finding.notes.append("ipv6_only")
    if any(m.metrics.get("retired") and not m.ok and m.measured for m in ev.all):
        finding.notes.append("service_retired")
    if not ev.sensitive_probes:
        finding.notes.append("sensitive_skipped")
    if any(ev.failed(m) and _blocked_in_china(ev, m) for m in ev.all):
        finding.notes.append("control_blocked_in_china")
    lossy = pathrules.lossy_samples(ev)
    unexplained = [m for m in ev.all if (ev.failed(m) or m in lossy) and not _explained(ev, finding, m)]
    if unexplained:
        finding.facts["unexplained"] = ids(unexplained)
        finding.facts["unexplained_count"] = len(unexplained)
        finding.notes.append("unexplained")
        if finding.cause in ("healthy", "beyond_reach"):
            # "Everything works" only when nothing failed.
            finding.facts["variant"] = "partly" if finding.cause == "healthy" else finding.facts.get("variant")
            finding.cap("medium")


def analyse(measurements: Iterable[Measurement], answers: Answers, sensitive_probes: bool = True,
            apps: Iterable[App] = ()) -> Finding:
    """The finding for one run. Pure: the same measurements (and the catalog's apps, whose
    facts shape it) always give the same finding."""
    ev = Evidence(measurements, answers, sensitive_probes)
    finding = _decide(ev)
    finding.facts.setdefault("service", answers.service)
    finding.facts.setdefault("symptom", answers.symptom)
    finding.facts.setdefault("location", answers.location)
    if finding.cause != "inconclusive":
        _context_notes(ev, finding)
    finding = apprules.shape(finding, ev, apps)
    finding.notes = list(dict.fromkeys(finding.notes))
    finding.evidence = list(dict.fromkeys(finding.evidence))  # unique, in order
    return finding


def _loss_explains_silence(ev: Evidence, found: list[Finding]) -> list[Finding]:
    """Some hosts across a border that loses packets heavily did not answer: the loss, measured,
    explains them (a handshake's packets lost), so the congested path comes first — unless
    every host was silent, which loss alone does not do."""
    degraded = next((f for f in found if f.cause == "china_degraded"), None)
    if degraded is None:
        return found
    across = {degraded.facts.get("group")} | ({"service"} if ev.inside_china else set())
    partial = [f for f in found if f.cause.endswith("_unreachable") and f.confidence != "high"
               and f.facts.get("group") in across]
    if not partial:
        return found
    return [degraded] + [f for f in found if f is not degraded]


def _decide(ev: Evidence) -> Finding:
    if not ev.all:
        return Finding("unknown", "inconclusive", "low", [], {"variant": "everything"})
    missing = _not_measured_share(ev)
    if missing > 0.5:
        return Finding("unknown", "inconclusive", "low", [], {"variant": "most", "share": round(missing, 2)})

    for step in LOCAL_STEPS:
        finding = step(ev)
        if finding is not None:
            return finding

    world_ok, world_failed = _world_ok(ev)
    notes = _background_censorship(ev)
    if world_ok is False:
        service_ok = [m for m in ev.select("tcp", "service") if m.ok]
        china_ok = [m for m in ev.select("tcp", "china") if m.ok]
        if not service_ok and not china_ok:
            return Finding("local", "no_network", "medium", ids(world_failed[:5]))
        # The control failed alone (a resolver blocked inside China, say): go on, less sure.
        notes.append("control_failed")

    found = [f for f in (
        _tampering(ev, "service"),
        _resets(ev, "service"),
        _unreachable(ev, "service", "service_unreachable"),
        _tampering(ev, "china"),
        _resets(ev, "china"),
        _unreachable(ev, "china", "china_unreachable"),
        *pathrules.path_degraded(ev),
        _relay_udp(ev),
    ) if f is not None]
    relevant = _RELEVANT_GROUPS.get(ev.answers.symptom, {"service", "china", "world"})
    beside = [f for f in found if f.facts["group"] not in relevant]
    found = [f for f in found if f.facts["group"] in relevant]
    found = _loss_explains_silence(ev, found)
    p = pathrules.path_of(ev)
    notes += pathrules.quality_notes(ev, p)
    if pathrules.unplaced(p, found):
        notes.append("quality_unplaced")
    if beside:
        # Trouble the complaint does not depend on (the path into China, for a phone call that
        # leaves from the service's gateway): worth saying, not the verdict.
        notes.append("also_seen")
    if found:
        # The list is in layer order: the first broken layer wins, if the evidence is firm.
        finding = next((f for f in found if f.confidence != "low"), found[0])
        finding.notes.extend(notes)
        others = [f for f in found + beside if f is not finding]
        if others:
            finding.facts.setdefault("also_seen", others[0].cause)
            if "also_seen" not in finding.notes:
                finding.notes.append("also_seen")
        if "control_failed" in notes or world_ok is None:
            finding.lower_confidence()
        return finding

    if missing > 0:
        # "Nothing wrong" needs everything: a test cut short may be the one that would fail.
        return Finding("unknown", "inconclusive", "low", [], {"variant": "some", "share": round(missing, 2)},
                       notes)
    if ev.answers.symptom == "quality" and ("busy_computer" in notes or "quality_unplaced" in notes):
        # The complaint is the sound, and the samples cannot say where it suffers.
        variant = "busy" if "busy_computer" in notes else "unplaced"
        return Finding("unknown", "inconclusive", "low", [s.id for s in p.far.samples + p.service.samples],
                       {"variant": variant, **p.far.figures()}, notes)
    facts: dict[str, Any] = {"also_seen": beside[0].cause} if beside else {}
    if ev.answers.symptom == "check":
        finding = Finding("none", "healthy", "high", [], facts, notes)
    else:
        finding = Finding("upstream", "beyond_reach", "medium", [], facts, notes)
    if "control_failed" in notes:
        finding.lower_confidence()
    if {"quality_unplaced", "busy_computer", "control_path_poor"} & set(notes):
        finding.cap("medium")
    lossy = pathrules.lossy_samples(ev)
    finding.evidence = ids(m for m in ev.select(list(SAMPLE_KINDS)) if m.ok and m not in lossy)
    finding.evidence += [i for f in beside for i in f.evidence]
    return finding


# The parts of the path a complaint depends on. A call to a Chinese phone number leaves from
# the service's phone gateway, and sign-in only needs the service: for them, China's side of
# the internet is context, not cause.
_RELEVANT_GROUPS = {"sign_in": {"service"}, "phone_calls": {"service"}}
