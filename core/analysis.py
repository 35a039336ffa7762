"""From measurements to a finding: where the trouble is and what it is. A pure function — no
I/O, no clock, no network — so a saved report can be analysed again and every rule is tested
from recorded measurements.

The steps, in order (a local fault explains everything above it and wins):

1. local health — interface and route, the resolver, captive portal, proxy, clock, TLS
   interception, the user's own link quality, UDP on the user's side;
2. the controls — does the rest of the internet (the ``world`` group) answer?
3. the calling service — DNS, TCP, TLS and the media relay;
4. China — DNS consistency, resets, reachability, path quality;
5. the verdict — an upstream cause needs healthy local and control evidence; when everything
   testable is healthy, calls that still fail lie beyond reach.

Guards against false "you are blocked" verdicts follow OONI's analysis (DESIGN 2.4): a failure
in both the system and the trusted resolver is no tampering; a different answer that verifies
over TLS is genuine; the first broken layer is blamed; one server's bad certificate is that
server's problem; a control that fails alone lowers confidence, and says so.

The wording lives in :mod:`explain`; here only codes, facts and evidence.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Iterable
from typing import Any

from .answers import LOCATIONS, SYMPTOMS, Answers  # noqa: F401 - the analysis' inputs, also from here
from .measurement import Measurement
from .quality import GOOD_MOS

CALL_SYMPTOMS = ("phone_calls", "app_calls", "quality", "sign_in")

AFFECTED_LOSS_PCT = 2.0
# A clock this far off breaks certificate checks and is worth a verdict on its own.
CLOCK_SKEW_S = 24 * 3600
DNS_FAILURE_CODES = {"timeout", "servfail", "dns_refused", "no_resolver", "malformed"}
TIME_CODES = {"cert_expired", "cert_not_yet_valid"}
TRUST_CODES = {"cert_untrusted", "cert_name_mismatch"}
SILENT_CODES = {"timeout", "unreachable", "no_response"}
CUT_CODES = {"reset", "connection_closed"}
SECURE_KINDS = {"tls", "doh", "dns_trusted"}
CUT_SHORT = {"cancelled", "deadline", "internal"}


@dataclasses.dataclass
class Finding:
    """What analysis concluded, before it is put into words.

    ``facts`` carries the figures and names the texts may quote; ``notes`` are extra sentences
    (by key) that change what the verdict means: a VPN in use, a control that failed alone.
    """
    locus: str
    cause: str
    confidence: str
    evidence: list[str] = dataclasses.field(default_factory=list)
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)

    def lower_confidence(self) -> None:
        self.confidence = {"high": "medium", "medium": "low", "low": "low"}[self.confidence]


# --- looking at measurements -------------------------------------------------------------------------

class Evidence:
    """The measurements of one run, indexed, with the questions analysis keeps asking."""

    def __init__(self, measurements: Iterable[Measurement], answers: Answers,
                 sensitive_probes: bool = True):
        self.all = list(measurements)
        self.answers = answers
        self.sensitive_probes = sensitive_probes
        self.by_id = {m.id: m for m in self.all}

    def get(self, mid: str) -> Measurement | None:
        return self.by_id.get(mid)

    def select(self, kinds: Iterable[str] | str | None = None, groups: Iterable[str] | str | None = None,
               measured: bool = True) -> list[Measurement]:
        kinds = {kinds} if isinstance(kinds, str) else set(kinds) if kinds else None
        groups = {groups} if isinstance(groups, str) else set(groups) if groups else None
        return [m for m in self.all
                if (kinds is None or m.kind in kinds) and (groups is None or m.group in groups)
                and (m.measured or not measured)]

    def sibling(self, m: Measurement, kind: str) -> Measurement | None:
        """The measurement of another kind on the same endpoint (``service.x.tls`` → ``service.x.dns``)."""
        prefix = m.id.rsplit(".", 1)[0]
        return self.get(f"{prefix}.{kind}")

    def endpoint(self, m: Measurement) -> str:
        return m.id.rsplit(".", 1)[0]

    @staticmethod
    def code(m: Measurement) -> str | None:
        return None if m.ok else (m.error.code if m.error else "failed")


def _share(part: list, whole: list) -> float:
    return len(part) / len(whole) if whole else 0.0


def _ids(ms: Iterable[Measurement]) -> list[str]:
    return [m.id for m in ms]


def _groups(ms: Iterable[Measurement]) -> set[str]:
    return {m.group for m in ms}


def _mos(m: Measurement) -> float | None:
    value = m.metrics.get("mos") if m.ok else None
    return value if isinstance(value, (int, float)) else None


def _sample_facts(m: Measurement) -> dict[str, Any]:
    rtt = m.metrics.get("rtt_ms") or {}
    return {"rtt_ms": rtt.get("median"), "loss_pct": m.metrics.get("loss_pct"),
            "jitter_ms": m.metrics.get("jitter_ms"), "mos": m.metrics.get("mos")}


# --- DNS consistency ------------------------------------------------------------------------------------

@dataclasses.dataclass
class DnsCheck:
    name: str
    ids: list[str]
    verdict: str            # "consistent", "forged", "different", "local_answer", "unknown"
    in_pool: bool = False


def dns_consistency(ev: Evidence, dns: Measurement) -> DnsCheck:
    """Compare the system resolver's answer for a name with the trusted resolver's.

    Forged: different, and either in China's known forged pool or followed by a TLS handshake
    that failed. Different but verified over TLS: genuine (CDNs answer by place). Loopback or
    private answers: a hosts file or an ad-blocker, on this computer.
    """
    trusted = ev.sibling(dns, "dns_trusted")
    ids = [dns.id] + ([trusted.id] if trusted else [])
    if not dns.ok or trusted is None or not trusted.ok:
        return DnsCheck(dns.target, ids, "unknown")
    system = set(dns.metrics.get("addresses", []) + dns.metrics.get("addresses_v6", []))
    good = set(trusted.metrics.get("addresses", []) + trusted.metrics.get("addresses_v6", []))
    if not system or not good or system & good:
        return DnsCheck(dns.target, ids, "consistent")
    if dns.metrics.get("private_answers") and not dns.metrics.get("in_forged_pool"):
        return DnsCheck(dns.target, ids, "local_answer")
    if dns.metrics.get("in_forged_pool"):
        return DnsCheck(dns.target, ids, "forged", in_pool=True)
    tls = ev.sibling(dns, "tls")
    if tls is not None and tls.measured:
        ids.append(tls.id)
        return DnsCheck(dns.target, ids, "different" if tls.ok else "forged")
    # No handshake to judge by: a different answer that leads nowhere is forged (blame the
    # first broken layer), one that connects is most likely a CDN answering by place.
    tcp = [m for m in ev.select("tcp", dns.group) if ev.endpoint(m) == ev.endpoint(dns)]
    if tcp and all(Evidence.code(m) in SILENT_CODES for m in tcp):
        return DnsCheck(dns.target, ids + _ids(tcp), "forged")
    return DnsCheck(dns.target, ids, "different")


# --- step 1: local health ------------------------------------------------------------------------------

def _no_network(ev: Evidence) -> Finding | None:
    interfaces, route = ev.get("local.interfaces"), ev.get("local.route")
    remote = ev.select(["tcp", "stun", "dns_sample", "dns_server", "http"], ["world", "service", "china"])
    reached = [m for m in remote if m.ok]
    if interfaces is not None and Evidence.code(interfaces) == "no_network":
        return Finding("local", "no_network", "high", [interfaces.id])
    if route is not None and Evidence.code(route) == "no_network" and not reached:
        return Finding("local", "no_network", "high", [route.id] + _ids(remote[:3]))
    failing = [m for m in remote if Evidence.code(m) in SILENT_CODES | {"no_network"}]
    if remote and not reached and _share(failing, remote) >= 0.8:
        return Finding("local", "no_network", "medium", _ids(failing[:5]))
    return None


def _local_dns(ev: Evidence) -> Finding | None:
    resolvers = ev.get("local.resolvers")
    if resolvers is not None and Evidence.code(resolvers) == "no_resolver":
        return Finding("local", "local_dns", "high", [resolvers.id], {"kind": "none_configured"})
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
    if len(failing) >= 3 and _share(failing, lookups) >= 0.6 and len(_groups(failing)) >= 2:
        direct = [m for m in ev.select(["dns_server", "dns_sample"]) if m.ok]
        confidence = "high" if direct else "medium"
        return Finding("local", "local_dns", confidence, _ids(failing[:5]) + _ids(direct[:1]),
                       {"kind": "silent", "failed": len(failing), "asked": len(lookups)})
    local_answers = [c for c in (dns_consistency(ev, m) for m in lookups) if c.verdict == "local_answer"]
    if local_answers:
        return Finding("local", "local_dns", "medium", [i for c in local_answers for i in c.ids],
                       {"kind": "local_answer", "names": [c.name for c in local_answers]})
    return None


def _captive_portal(ev: Evidence) -> Finding | None:
    checks = ev.select("http", "world")
    odd = [m for m in checks if Evidence.code(m) in ("http_status", "bad_body")]
    if len(odd) >= 2 and _share(odd, checks) >= 0.5:
        redirect = next((m.metrics.get("location") for m in odd if m.metrics.get("location")), None)
        return Finding("local", "captive_portal", "high", _ids(odd), {"redirect": redirect})
    return None


def _proxy(ev: Evidence) -> Finding | None:
    setting = ev.get("local.proxy")
    if setting is None or not setting.metrics.get("in_use"):
        return None
    fetches = [m for m in ev.select("http") if m.metrics.get("proxy")]
    broken = [m for m in fetches if Evidence.code(m) == "proxy_error"]
    if fetches and _share(broken, fetches) >= 0.5:
        direct_ok = [m for m in ev.select("tcp") if m.ok]
        return Finding("local", "proxy", "high" if direct_ok else "medium",
                       [setting.id] + _ids(broken[:4]) + _ids(direct_ok[:1]),
                       {"proxy": broken[0].metrics.get("proxy")})
    return None


def _secure_failures(ev: Evidence, codes: set[str]) -> list[Measurement]:
    return [m for m in ev.select(SECURE_KINDS | {"http"}) if Evidence.code(m) in codes]


def _clock_skew(ev: Evidence) -> Finding | None:
    failures = _secure_failures(ev, TIME_CODES)
    skews = [m.metrics["clock_skew_s"] for m in ev.select("http")
             if isinstance(m.metrics.get("clock_skew_s"), (int, float))]
    skew = statistics.median(skews) if len(skews) >= 2 else None
    # "Clock skew shows on every secure destination": several, in more than one group.
    if len(failures) >= 3 and len(_groups(failures)) >= 2:
        return Finding("local", "clock_skew", "high", _ids(failures[:5]), {"skew_s": skew})
    if skew is not None and abs(skew) >= CLOCK_SKEW_S and failures:
        return Finding("local", "clock_skew", "medium", _ids(failures[:5]), {"skew_s": skew})
    return None


def _tls_interception(ev: Evidence) -> Finding | None:
    failures = []
    for m in _secure_failures(ev, TRUST_CODES):
        dns = ev.sibling(m, "dns")
        # A forged answer that leads to a foreign certificate is tampering, not interception.
        if dns is not None and dns_consistency(ev, dns).verdict == "forged":
            continue
        failures.append(m)
    hosts = {ev.endpoint(m) for m in failures}
    if len(hosts) >= 3 and len(_groups(failures)) >= 2:
        verified = [m for m in ev.select("tls") if m.ok]
        confidence = "high" if not verified else "medium"
        return Finding("local", "tls_interception", confidence, _ids(failures[:6]),
                       {"hosts": len(hosts)})
    return None


def _samples(ev: Evidence, groups) -> list[Measurement]:
    return [m for m in ev.select(["stun", "dns_sample"], groups) if _mos(m) is not None]


def _affected(m: Measurement) -> bool:
    """A sample that shows trouble: poor call quality, or loss a healthy path does not have
    (Teams asks for under 1 %). Loss shows even in a sample whose MOS was lucky."""
    return _mos(m) < GOOD_MOS or (m.metrics.get("loss_pct") or 0.0) >= AFFECTED_LOSS_PCT


def _weak_link(ev: Evidence) -> Finding | None:
    world = _samples(ev, "world")
    others = _samples(ev, ["service", "china"])
    if not world or not others:
        return None
    bad_world = [m for m in world if _affected(m)]
    bad_others = [m for m in others if _affected(m)]
    # Loss or delay towards the international control and most other destinations alike
    # starts on the user's own link.
    if bad_world and len(bad_others) * 2 >= len(others):
        worst = min(bad_world + bad_others, key=_mos)
        return Finding("local", "weak_link", "medium" if len(others) == 1 else "high",
                       _ids(bad_world + bad_others), _sample_facts(worst))
    return None


def _udp_blocked_here(ev: Evidence) -> Finding | None:
    stun = ev.select("stun")
    silent = [m for m in stun if Evidence.code(m) in SILENT_CODES | {"refused"}]
    world_silent = [m for m in silent if m.group == "world"]
    service_silent = [m for m in silent if m.group == "service"]
    tcp_ok = [m for m in ev.select("tcp", ["service", "world"]) if m.ok]
    if world_silent and service_silent and len(silent) == len(stun) and tcp_ok:
        finding = Finding("local", "udp_blocked", "high", _ids(silent) + _ids(tcp_ok[:2]))
        if ev.answers.location == "china":
            # Google's STUN server is blocked inside China: the control proves less there.
            finding.lower_confidence()
            finding.notes.append("control_blocked_in_china")
        return finding
    return None


LOCAL_STEPS = (_no_network, _local_dns, _captive_portal, _proxy, _clock_skew, _tls_interception,
               _weak_link, _udp_blocked_here)


# --- step 2: the controls -------------------------------------------------------------------------------

def _world_ok(ev: Evidence) -> tuple[bool | None, list[Measurement]]:
    """Does the rest of the internet answer? None when nothing was measured there."""
    reach = ev.select(["tcp", "http"], "world")
    if not reach:
        return None, []
    failed = [m for m in reach if not m.ok]
    return _share(failed, reach) < 0.5, failed


# --- steps 3 and 4: the service and China ----------------------------------------------------------------

def _tampering(ev: Evidence, group: str) -> Finding | None:
    checks = [dns_consistency(ev, m) for m in ev.select("dns", group)]
    forged = [c for c in checks if c.verdict == "forged"]
    if not forged:
        return None
    confidence = "high" if any(c.in_pool for c in forged) else "medium"
    return Finding("upstream", "dns_tampering", confidence, [i for c in forged for i in c.ids],
                   {"group": group, "names": [c.name for c in forged]})


def _resets(ev: Evidence, group: str) -> Finding | None:
    cut = [m for m in ev.select("tls", group) if Evidence.code(m) in CUT_CODES | {"timeout"}]
    by_name = [m for m in cut if (m.metrics.get("control") or {}).get("outcome") == "handshake_answered"]
    resets = [m for m in cut if Evidence.code(m) in CUT_CODES]
    if by_name:
        return Finding("upstream", "connection_reset", "high", _ids(by_name),
                       {"group": group, "names": [m.metrics.get("sni") for m in by_name]})
    tcp_resets = [m for m in ev.select("tcp", group) if Evidence.code(m) == "reset"]
    if resets or tcp_resets:
        # Without the control handshake (turned off, or itself cut) the name is not proven.
        return Finding("upstream", "connection_reset", "medium", _ids(resets + tcp_resets),
                       {"group": group, "names": [m.metrics.get("sni") for m in resets]})
    return None


def _unreachable(ev: Evidence, group: str, cause: str) -> Finding | None:
    tcp = ev.select("tcp", group)
    failed = [m for m in tcp if Evidence.code(m) in SILENT_CODES | {"refused"}]
    # A server that takes the connection and then never answers (the secure handshake or the
    # request times out) did not answer either: one more failed connection for its endpoint.
    connected = {ev.endpoint(m) for m in tcp if m.ok} - {ev.endpoint(m) for m in failed}
    mute = {ev.endpoint(m): m for m in ev.select(["tls", "http"], group)
            if ev.endpoint(m) in connected and Evidence.code(m) in SILENT_CODES}
    failed += list(mute.values())
    if tcp and _share(failed, tcp) >= 0.5:
        udp = [m for m in ev.select(["stun", "dns_sample"], group) if not m.ok]
        return Finding("upstream", cause, "high" if _share(failed, tcp) >= 0.8 else "medium",
                       _ids(failed[:6] + udp[:2]), {"group": group, "failed": len(failed), "tried": len(tcp)})
    return None


def _relay_udp(ev: Evidence) -> Finding | None:
    relays = ev.select("stun", "service")
    silent = [m for m in relays if Evidence.code(m) in SILENT_CODES | {"refused"}]
    if not silent:
        return None
    control_ok = [m for m in ev.select("stun", "world") if m.ok]
    silent_endpoints = {ev.endpoint(m) for m in silent}
    relay_tcp_ok = [m for m in ev.select("tcp", "service") if m.ok and ev.endpoint(m) in silent_endpoints]
    finding = Finding("upstream", "udp_blocked", "low", _ids(silent + control_ok + relay_tcp_ok),
                      {"group": "service"})
    # A relay may simply ignore requests without credentials: never proof of blocking alone.
    finding.notes.append("relay_may_ignore")
    if control_ok and relay_tcp_ok:
        finding.confidence = "medium"
    return finding


def _china_degraded(ev: Evidence) -> Finding | None:
    china = _samples(ev, "china")
    bad = [m for m in china if _mos(m) < GOOD_MOS]
    if not china or len(bad) * 2 < len(china) or not bad:
        return None
    world = _samples(ev, "world")
    if any(_affected(m) for m in world + _samples(ev, "service")):
        return None  # other destinations suffer too: not the path into China (see _weak_link)
    worst = min(bad, key=_mos)
    finding = Finding("upstream", "china_degraded", "high" if world else "medium",
                      _ids(bad + world), {"group": "china", **_sample_facts(worst)})
    if not world:
        finding.notes.append("no_quality_control")
    return finding


def _background_censorship(ev: Evidence) -> list[str]:
    """Signs of censorship on the way into China that do not, by themselves, break calls."""
    notes = []
    for m in ev.select("dns_injection"):
        if Evidence.code(m) == "unexpected_answer":
            notes.append("injection_seen" if not m.metrics.get("control_answered") else "dns_intercepted")
    return notes


# --- step 5: the verdict -----------------------------------------------------------------------------------

def _not_measured_share(ev: Evidence) -> float:
    """How much could not run at all (out of time, cancelled, a fault of ours). A step skipped
    because the one before it failed is not missing: that failure is the evidence."""
    remote = [m for m in ev.all if m.group != "local"]
    missing = [m for m in remote if m.error is not None and m.error.code in CUT_SHORT]
    return _share(missing, remote)


def _context_notes(ev: Evidence, finding: Finding) -> None:
    vpn, proxy = ev.get("local.vpn"), ev.get("local.proxy")
    if vpn is not None and vpn.metrics.get("in_use"):
        finding.notes.append("vpn_in_use")
        finding.facts.setdefault("tunnels", vpn.metrics.get("tunnels"))
        if finding.locus == "upstream":
            finding.lower_confidence()
    if proxy is not None and proxy.metrics.get("in_use") and finding.cause != "proxy":
        finding.notes.append("proxy_in_use")
    if not ev.sensitive_probes:
        finding.notes.append("sensitive_skipped")


def analyse(measurements: Iterable[Measurement], answers: Answers, sensitive_probes: bool = True) -> Finding:
    """The finding for one run. Pure: the same measurements always give the same finding."""
    ev = Evidence(measurements, answers, sensitive_probes)
    finding = _decide(ev)
    finding.facts.setdefault("service", answers.service)
    finding.facts.setdefault("symptom", answers.symptom)
    finding.facts.setdefault("location", answers.location)
    _context_notes(ev, finding)
    finding.evidence = list(dict.fromkeys(finding.evidence))  # unique, in order
    return finding


def _decide(ev: Evidence) -> Finding:
    if not ev.all:
        return Finding("unknown", "inconclusive", "low", [], {"missing": "everything"})
    missing = _not_measured_share(ev)
    if missing > 0.5:
        return Finding("unknown", "inconclusive", "low", [], {"missing": "most", "share": round(missing, 2)})

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
            return Finding("local", "no_network", "medium", _ids(world_failed[:5]))
        # The control failed alone (a resolver blocked inside China, say): go on, less sure.
        notes.append("control_failed")

    upstream = [
        _tampering(ev, "service"),
        _resets(ev, "service"),
        _unreachable(ev, "service", "service_unreachable"),
        _tampering(ev, "china"),
        _resets(ev, "china"),
        _unreachable(ev, "china", "china_unreachable"),
        _china_degraded(ev),
        _relay_udp(ev),
    ]
    found = [f for f in upstream if f is not None]
    relevant = _RELEVANT_GROUPS.get(ev.answers.symptom, {"service", "china"})
    beside = [f for f in found if f.facts["group"] not in relevant]
    found = [f for f in found if f.facts["group"] in relevant]
    if beside:
        # Trouble the complaint does not depend on (the path into China, for a phone call that
        # leaves from the service's gateway): worth saying, not the verdict.
        notes.append("also_seen")
    if found:
        # The list is in layer order: the first broken layer wins, if the evidence is firm.
        finding = next((f for f in found if f.confidence != "low"), found[0])
        finding.notes.extend(notes)
        if beside:
            finding.facts["also_seen"] = beside[0].cause
        if "control_failed" in notes or world_ok is None:
            finding.lower_confidence()
        return finding

    if missing > 0:
        # "Nothing wrong" needs everything: a test cut short may be the one that would fail.
        return Finding("unknown", "inconclusive", "low", [], {"missing": "some", "share": round(missing, 2)},
                       notes)
    facts = {"also_seen": beside[0].cause} if beside else {}
    if ev.answers.symptom == "check":
        finding = Finding("none", "healthy", "high", [], facts, notes)
    else:
        finding = Finding("upstream", "beyond_reach", "medium", [], facts, notes)
    if "control_failed" in notes:
        finding.lower_confidence()
    finding.evidence = _ids(m for m in ev.select(["stun", "dns_sample"]) if m.ok)
    finding.evidence += [i for f in beside for i in f.evidence]
    return finding


# The parts of the path a complaint depends on. A call to a Chinese phone number leaves from
# the service's phone gateway, and sign-in only needs the service: for them, China's side of
# the internet is context, not cause.
_RELEVANT_GROUPS = {"sign_in": {"service"}, "phone_calls": {"service"}}
