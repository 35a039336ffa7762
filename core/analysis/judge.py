"""From measurements to a finding: where the trouble is and what it is. A pure function — no
I/O, no clock, no network — so a saved report can be analysed again (``callpath report
--reanalyse``) and every rule is tested from recorded measurements.

Each rule detects one mechanism, and knows the other real-world situations that leave the same
evidence (docs/design.md has the table). Where they cannot be told apart, the rule lowers its
confidence or says "not sure"; it never picks a side. The steps, in order (a local fault
explains everything above it and wins):

1. local health (:mod:`localrules`) — interface and route, the resolver, captive portal,
   proxy, clock, TLS interception, the user's own link, UDP on the user's side;
2. the controls — does the rest of the internet answer?
3. the calling service and China — DNS, resets, reachability, path quality, the relay;
4. the verdict — an upstream cause needs healthy local and control evidence; when nothing
   else is found, a fault on the user's side that stops nothing (:mod:`localrules`,
   ``WHERE_NOTHING_ELSE``), else calls that still fail lie beyond reach. Every failed check is either
   explained by the verdict or named as not explained; then the chosen app's own facts
   (:mod:`apprules`: a closed app, an app blocked in China).

The wording lives in :mod:`explain`; here only codes, facts and evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import kinds
from ..base.measurement import SAMPLE_KINDS, Measurement
from ..base.reportdata import GroupData, Parts, Voice
from . import apprules, busyline, causes, pathquality, pathrules, phonerules, picture
from .answers import LOCATIONS, SYMPTOMS, Answers  # noqa: F401 - the analysis' inputs, also from here
from .apps import App
from .dnscheck import DnsCheck, dns_consistency  # noqa: F401 - also from here
from .evidence import CUT_SHORT, SILENT_CODES, Evidence, ids, share
from .finding import CONFIDENCE, Finding  # noqa: F401 - also from here
from .localrules import CUT_CODES, LOCAL_STEPS, WHERE_NOTHING_ELSE, port_of, silent

# --- step 2: the controls -------------------------------------------------------------------------------

def _world_ok(ev: Evidence) -> tuple[bool | None, list[Measurement]]:
    """Does the rest of the internet answer? None when nothing was measured there."""
    reach = ev.select(["tcp", "http"], "world")
    if not reach:
        return None, []
    failed = [m for m in reach if not m.ok]
    return share(failed, reach) < 0.5, failed


# A refusal sooner than this share of the fastest answer from the same place came from nearer.
NEARBY_SHARE = 0.5
# Below this, near and far cannot be told apart by timing (a server next door).
NEARBY_MIN_RTT_MS = 20.0
# The nearest server anywhere at least this far: a refusal in half of it came from the LAN.
NEARBY_MIN_ANY_MS = 4.0

# --- step 3: the service and China -------------------------------------------------------------------

def _counted(ev: Evidence, kinds, group: str) -> list[Measurement]:
    """Measurements that speak of a live service: a retired host's silence is expected (its
    forged answers or cut connections are still evidence, and are judged elsewhere)."""
    return [m for m in ev.select(kinds, group) if not m.metrics.get("retired")]


def _tampering(ev: Evidence, group: str) -> Finding | None:
    checks = [dns_consistency(ev, m) for m in ev.select("dns", group)]
    forged = [c for c in checks if c.verdict == "forged"]
    astray = [c for c in checks if c.verdict == "astray"]
    if not forged and astray:
        # The service answers at the trusted resolver's address: not down, led astray.
        return Finding("upstream", "dns_tampering", "medium", [i for c in astray for i in c.ids],
                       {"group": group, "names": [c.name for c in astray], "variant": "astray"})
    if not forged:
        return None
    strong = [c for c in forged if c.why in ("pool", "bogon")]
    # One name is one target: at most "medium".
    confidence = "high" if len(strong) >= 2 else "medium"
    return Finding("upstream", "dns_tampering", confidence, [i for c in forged for i in c.ids],
                   {"group": group, "names": [c.name for c in forged],
                    "variant": "pool" if any(c.why == "pool" for c in forged) else None})


def _resets(ev: Evidence, group: str) -> Finding | None:
    """Connections cut by name (a harmless name's handshake at the same address answered) or
    cut without that control. A handshake that times out is weaker evidence than one that is
    cut: loss times handshakes out too, so where the way to this group measurably loses
    packets, silence is explained by the loss and is no sign of filtering at all."""
    tls = ev.select("tls", group)
    cut = [m for m in tls if Evidence.code(m) in CUT_CODES]
    silent_tls = [m for m in tls if Evidence.code(m) == "timeout"]
    if pathrules.losing(pathrules.path_of(ev), group):
        silent_tls = []
    by_name = [m for m in cut + silent_tls
               if (m.metrics.get("control") or {}).get("outcome") == "handshake_answered"]
    near = [m for m in by_name if m in cut and _cut_nearby(ev, m)]
    if near and len(near) == len([m for m in by_name if m in cut]):
        return Finding("local", "connection_reset", "medium", ids(near),
                       {"group": group, "names": [m.metrics.get("sni") for m in near], "variant": "nearby"})
    if by_name:
        names = [m.metrics.get("sni") for m in by_name]
        cut_names = {m.metrics.get("sni") for m in by_name if m in cut}
        # "High" needs two names cut outright; a timeout beside a control that answered once
        # is also what a flaky server does.
        return Finding("upstream", "connection_reset", "high" if len(cut_names) >= 2 else "medium",
                       ids(by_name), {"group": group, "names": names, "variant": "by_name"})
    tcp_resets = [m for m in ev.select("tcp", group) if Evidence.code(m) == "reset"]
    # A web request cut after its connection was made (the Host header read on the way).
    http_cuts = [m for m in ev.select("http", group) if Evidence.code(m) in CUT_CODES
                 and not m.metrics.get("proxy")]
    if cut or tcp_resets or http_cuts:
        # Without the control handshake (turned off, or itself cut) the name is not proven.
        return Finding("upstream", "connection_reset", "medium", ids(cut + tcp_resets + http_cuts),
                       {"group": group, "names": [m.metrics.get("sni") for m in cut]})
    return None


def _cut_nearby(ev: Evidence, m: Measurement) -> bool:
    """A handshake cut sooner than the server could have answered it (half the connection's
    own round trip): an office's or school's name filter, security software or the provider
    cut it, nearer than the server. Not inside China, where the border is nearer than every
    foreign server and cuts by name itself."""
    if ev.inside_china:
        return False
    cut_ms = m.metrics.get("handshake_ms")
    tcp = [t for t in ev.select("tcp", m.group) if t.ok and ev.endpoint(t) == ev.endpoint(m)]
    connect = _connect_ms(tcp[0]) if tcp else None
    return (isinstance(cut_ms, (int, float)) and connect is not None and connect >= NEARBY_MIN_ANY_MS
            and cut_ms < NEARBY_SHARE * connect)


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
        nearby = _refused_nearby(ev, group, failed)
        if nearby is not None:
            return nearby
        udp = [m for m in ev.select(list(SAMPLE_KINDS), group) if not m.ok]
        endpoints = {ev.endpoint(m) for m in failed}
        firm = share(failed, tcp) >= 0.8 and len(endpoints) >= 2
        finding = Finding("upstream", cause, "high" if firm else "medium", ids(failed[:6] + udp[:2]),
                          {"group": group, "failed": len(failed), "tried": len(tcp)})
        # (not where the answer verified, nor where the trusted answer, tried, did no better)
        if any((c := dns_consistency(ev, d)).verdict == "different" and c.why not in ("verified", "refuted")
               for d in ev.select("dns", group) if ev.endpoint(d) in endpoints):
            # Answers unlike the trusted resolver's compete with "down": the user's DNS may be
            # sending the connections astray. Not sure enough for "high".
            finding.notes.append("dns_different")
            finding.cap("medium")
        return finding
    return None


def _connect_ms(m: Measurement) -> float | None:
    ms = m.metrics.get("connect_ms")
    ms = ms if isinstance(ms, (int, float)) and not isinstance(ms, bool) else m.duration_ms
    return float(ms) if ms and ms > 0 else None


def _nearby_floor(ev: Evidence, group: str) -> float | None:
    """The round trip a refusal must beat to have come from nearer than the servers: the
    group's fastest answer (when far enough to tell), else the fastest answer from anywhere
    (nothing remote answers sooner than the nearest server measured)."""
    floor = ev.floor_rtt(group)
    if floor is not None and floor >= NEARBY_MIN_RTT_MS:
        return floor
    anywhere = [t for g in ("world", "service", "china") if (t := ev.floor_rtt(g)) is not None]
    return min(anywhere) if anywhere and min(anywhere) >= NEARBY_MIN_ANY_MS else None


def _refused_nearby(ev: Evidence, group: str, failed: list[Measurement]) -> Finding | None:
    """Connections refused sooner than anything in ``group`` ever answered: the refusal came
    from something nearer than the servers — a router's or an office's geo-blocking, security
    software, or the provider — not from the far end. Needs a far end far enough away to
    tell (a path into China takes well over a hundred milliseconds from abroad)."""
    refused = [m for m in failed if Evidence.code(m) == "refused"]
    if not refused or len(refused) < 0.8 * len(failed) or (ev.inside_china and group != "china"):
        # From inside China the border is nearer than any foreign server, and it forges
        # refusals itself (every TCP 443 SYN reset, 2025-08-20): not "near you".
        return None
    floor = _nearby_floor(ev, group)
    times = [_connect_ms(m) for m in refused]
    if floor is None or any(t is None or t >= NEARBY_SHARE * floor for t in times):
        return None
    cause = "china_unreachable" if group == "china" else "service_unreachable"
    return Finding("local", cause, "medium", ids(refused[:6]),
                   {"group": group, "failed": len(failed), "tried": len(ev.select("tcp", group)),
                    "variant": "refused_nearby", "refused_ms": round(max(t or 0.0 for t in times), 1),
                    "floor_ms": round(floor, 1)})


def _relay_udp(ev: Evidence) -> Finding | None:
    """The relay silent on UDP. A silent server is evidence about that server: it says
    something of the path only when a control on the same port answers alongside."""
    relays = [m for m in ev.select("stun", "service") if silent(m)]
    if not relays:
        return None
    answered = [m for m in ev.select("stun", ["world", "china"]) if m.ok]
    same_port = [m for m in answered if port_of(m) in {port_of(r) for r in relays}]
    silent_endpoints = {ev.endpoint(m) for m in relays}
    relay_tcp_ok = [m for m in ev.select("tcp", "service") if m.ok and ev.endpoint(m) in silent_endpoints]
    finding = Finding("upstream", "udp_blocked", "medium" if same_port and relay_tcp_ok else "low",
                      ids(relays + (same_port or answered)[:2] + relay_tcp_ok), {"group": "service"})
    # A relay may simply ignore requests without credentials: never proof of blocking alone.
    finding.notes.append("relay_may_ignore")
    foreign_silent = [m for m in ev.select("stun", "world") if silent(m)]
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


def _explained(ev: Evidence, finding: Finding, m: Measurement) -> bool:
    if m.id in finding.evidence:
        return True
    if m.kind == "dns_injection":
        return True  # forged answers for blocked names: a note of its own
    if m.id == busyline.MID:
        return True  # the busy-line test: judged on its own, its notes say what it did not measure
    if m.metrics.get("retired"):
        return True  # a closed service's host: a note of its own
    if _blocked_in_china(ev, m):
        return True  # Google's STUN, Cloudflare's DoH: blocked there by design (a note says so)
    if finding.locus == "local":
        # What the local fault cannot account for, the second cause named beside it may.
        return _local_explains(ev, finding, m) or m.group == finding.facts.get("also_group")
    group = finding.facts.get("group")
    return group is not None and m.group == group


# A line losing this much loses whole handshakes, to any place.
HEAVY_LOSS_PCT = 20.0


def _stops_all(finding: Finding) -> bool:
    """A fault on the user's side that stops everything beyond it (no network, no DNS, a login
    page, a broken proxy; only the proxy leads out): nothing after it is evidence."""
    return causes.of(finding.cause).explains == "everything" or finding.facts.get("variant") == "proxy_only"


def _local_explains(ev: Evidence, finding: Finding, m: Measurement) -> bool:
    """Whether a fault on the user's side accounts for a failed (or lossy) check, by what its
    mechanism does: UDP blocked stops UDP, not TCP; a wrong clock or an inspecting product
    breaks secure connections, not a connection's handshake; a lossy line loses packets on
    every path and now and then a handshake, not every connection to one place while others
    to it pass. What it cannot account for is evidence of something else."""
    how = causes.of(finding.cause).explains  # the mechanism, by the cause table
    if _stops_all(finding) or m.group == "local":
        return True
    if finding.facts.get("group"):
        # Refused or cut nearby, for one part of the way: that part's checks, not the others'.
        return bool(m.group == finding.facts["group"])
    if how != "loss":
        # The kinds of measurement it stops, declared by the kinds or named by the table (a
        # mechanism not declared accounts for nothing: a test holds the table); found on one
        # port, only that port's checks.
        stopped = kinds.broken_by(how) | ({how} & kinds.measures().keys()) if how else frozenset()
        return m.kind in stopped and finding.facts.get("port") in (None, port_of(m))
    if m.ok:
        return True  # a lossy voice sample: the line's loss shows on every path
    if _loss_at_least(finding, HEAVY_LOSS_PCT):
        return Evidence.code(m) in SILENT_CODES
    alike = [x for x in ev.select(m.kind, m.group) if x.measured]
    return Evidence.code(m) in SILENT_CODES and share([x for x in alike if ev.failed(x)], alike) < 0.5


def _rival(ev: Evidence, finding: Finding) -> Finding | None:
    """A firm cause beyond the user's side that accounts for what a fault on it cannot: two
    troubles, both real — fixing the user's side may not be enough."""
    if _stops_all(finding):
        return None
    if finding.facts.get("also_seen") == "china_degraded":
        # The user's line loses, and the way across the border loses clearly more on top (out
        # of China, for a user there).
        return Finding("upstream", "china_degraded", "medium", [], {"group": pathrules.path_of(ev).far_group})
    if _world_ok(ev)[0] is False:
        return None  # the rest of the internet failing too: no firm ground beyond this side
    found, _ = _upstream(ev)
    for f in found:
        if f.confidence == "low" or f.locus != "upstream":
            continue
        if causes.of(f.cause).quality:
            return f  # judged by what its part adds beyond the nearer one: not the user's line
        # (the other causes' evidence is failed checks, and the controls that passed)
        if any(ev.failed(m) and not _local_explains(ev, finding, m) for m in ev.all if m.id in f.evidence):
            return f
    return None


def _blocked_in_china(ev: Evidence, m: Measurement) -> bool:
    """A host the catalog marks unreachable from inside mainland China (Google's STUN,
    Cloudflare's DoH and every lookup through it), for a user there. Any other foreign host's
    failure still counts."""
    return ev.inside_china and bool(m.metrics.get("blocked_in_china"))


def _context_notes(ev: Evidence, finding: Finding) -> None:
    found = ev.tunnels()
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
    finding.facts.setdefault("service", answers.app)
    finding.facts.setdefault("symptom", answers.symptom)
    finding.facts.setdefault("location", "china" if ev.inside_china else "abroad")
    if ev.location_evidence is not None and finding.cause != "inconclusive":
        # The answer and the evidence disagree: judged by the evidence, said, and less sure.
        finding.facts["location_answered"] = answers.location
        finding.notes.append(f"location_{ev.location_evidence}_by_evidence")
        finding.cap("medium")
    if answers.utc_offset_min is not None:
        finding.facts.setdefault("utc_offset_min", answers.utc_offset_min)
    if finding.cause != "inconclusive":
        _context_notes(ev, finding)
        kinds.shape(finding, ev)
    busyline.notes(ev, finding)
    finding = phonerules.refine(finding, ev)
    finding = apprules.shape(finding, ev, apps)
    finding.notes = list(dict.fromkeys(finding.notes))
    finding.evidence = list(dict.fromkeys(finding.evidence))  # unique, in order
    finding.parts = judge_parts(ev, finding)
    return finding


# --- what every part of the way shows --------------------------------------------------------------

def judge_parts(ev: Evidence, finding: Finding) -> Parts:
    """Each group of checks and each part of the picture as this verdict sees them — the one
    judgement the app, the reports and the picture display.

    A group: how many checks were measured, failed, and failed unexplained by the verdict; its
    voice figures (pooled, with the loss's interval and the call quality computed here once)
    and their state: ``poor`` (the part loses or delays, or the verdict blames its voice),
    ``mixed`` (one of its servers' own stretch lost packets), ``ok``. Its state: ``trouble`` or
    ``suspect`` where the verdict points, ``mixed`` where something failed or suffered that the
    verdict does not blame there, ``ok``, or ``unknown`` (nothing measured)."""
    p = pathrules.path_of(ev)
    voice_parts = {"local": (p.home, None), p.near_group: (p.near, p.home),
                   "service": (p.far, p.near) if ev.inside_china else (p.service, p.home),
                   p.far_group: (p.far, p.near)}
    blamed, how = picture.place(finding.cause, finding.locus, ev.answers.symptom)
    if finding.cause == "no_network" and "local.interfaces" in finding.evidence:
        blamed = "computer"  # no interface up: this computer, not the home network
    if finding.cause == "china_degraded" and finding.facts.get("variant") == "from_china":
        blamed = "internet"  # from inside China: the way out to the rest of the world
    quality = causes.of(finding.cause).quality
    quality_blamed = {finding.facts.get("group") or quality} if quality else set()
    # A lossy voice sample is a check that did not pass, as the verdict's words count it.
    lossy = set(ids(pathrules.lossy_samples(ev)))
    listed = finding.facts.get("unexplained")
    groups: dict[str, GroupData] = {}
    for group in ("local", "world", "service", "china"):
        measured = [m for m in ev.all if m.group == group and m.measured and not busyline.aside(m)]
        failed = [m for m in measured if not m.ok or m.id in lossy]
        unexplained = [m for m in failed if m.id in listed] if isinstance(listed, list) else \
            [m for m in failed if not _explained(ev, finding, m)]
        groups[group] = {"checks": len(measured), "failed": len(failed), "unexplained": len(unexplained),
                         "voice": _voice(p, group, voice_parts[group], finding, group in quality_blamed)}
    home = [m for m in ev.all if m.id.startswith("local.home.") and m.measured]
    pictured = {}
    for name in picture.PARTS:
        of = picture.GROUP_OF.get(name)
        info = groups.get(of) if of else None
        if name == blamed:
            state = how
        elif name == "phone":
            state = "unknown"
        elif name == "home" and not home:
            carried = any(m.ok for m in ev.all if m.group != "local")
            state = "ok" if carried else "unknown"
        elif info is None or not info["checks"]:
            state = "unknown"
        elif info["failed"] or (info["voice"] is not None and info["voice"]["state"] in ("poor", "mixed")):
            state = "mixed"
        else:
            state = "ok"
        pictured[name] = state
    return {"groups": groups, "picture": pictured, "off_path": ids(ev.off_path)}


def _voice(p: pathrules.Path, group: str, parts: tuple[pathquality.Part, pathquality.Part | None],
           finding: Finding, blamed: bool) -> Voice | None:
    """A group's voice as the verdict judges it. The part the verdict blames shows the figures
    the verdict quotes (the user's line is judged on the near control's samples, not on the
    router hop's); the router hop is poor only as the hop rule judges it (a router that
    forwards DNS to a far resolver times more than the hop: mixed)."""
    part, reference = parts
    if not part.measured:
        return None
    figures = part.figures()
    if blamed:
        quoted = finding.facts  # the figures the verdict quotes, where it quotes them
        return {"state": "poor", "loss_pct": quoted.get("loss_pct", figures["loss_pct"]),
                "loss_range": quoted.get("loss_range", figures["loss_range"]),
                "rtt_ms": quoted.get("rtt_ms", figures["rtt_ms"]),
                "jitter_ms": quoted.get("jitter_ms", figures["jitter_ms"]), "mos": quoted.get("mos", figures["mos"])}
    own = [s for s in part.samples if s.group == group]
    if group == "local":
        trouble = pathrules.home_trouble(p)
        state = "poor" if trouble and pathrules.home_consistent(p) else "mixed" if trouble else "ok"
    else:
        bad = (pathrules.bad(p, part, reference) and not p.busy) or part.lossy
        state = "poor" if bad else "mixed" if any(s.lossy for s in own) else "ok"
    return {"state": state, **figures}


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


def _upstream(ev: Evidence) -> tuple[list[Finding], list[Finding]]:
    """The causes beyond the user's side the evidence shows, in layer order: those the
    complaint depends on, and those worth saying beside it."""
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
    symptom = ev.answers.symptom
    beside = [f for f in found if f.facts["group"] not in relevant or not _bears_on(f, symptom)]
    found = [f for f in found if f.facts["group"] in relevant and _bears_on(f, symptom)]
    return _loss_explains_silence(ev, found), beside


def _decide(ev: Evidence) -> Finding:
    if not ev.all:
        return Finding("unknown", "inconclusive", "low", [], {"variant": "everything"})
    missing = _not_measured_share(ev)
    if missing > 0.5:
        return Finding("unknown", "inconclusive", "low", [], {"variant": "most", "share": round(missing, 2)})

    local_beside = []
    for step in LOCAL_STEPS:
        finding = step(ev)
        if finding is None:
            continue
        if _bears_on(finding, ev.answers.symptom):
            rival = _rival(ev, finding)
            if rival is not None:
                finding.facts["also_seen"] = rival.cause
                finding.facts["also_group"] = rival.facts.get("group")
                finding.notes.append("second_cause")
                finding.cap("medium")
            return finding
        local_beside.append(finding)

    world_ok, world_failed = _world_ok(ev)
    notes = _background_censorship(ev)
    if world_ok is False:
        service_ok = [m for m in ev.select("tcp", "service") if m.ok]
        china_ok = [m for m in ev.select("tcp", "china") if m.ok]
        if not service_ok and not china_ok:
            return Finding("local", "no_network", "medium", ids(world_failed[:5]))
        # The control failed alone (a resolver blocked inside China, say): go on, less sure.
        notes.append("control_failed")

    found, upstream_beside = _upstream(ev)
    beside = local_beside + upstream_beside
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
    for rule in WHERE_NOTHING_ELSE:
        # A fault on the user's side that stops nothing: what the user waits on only where
        # nothing else is found, for the complaints it may answer; named beside for the others.
        found_here = rule(ev)
        if found_here is None:
            continue
        if _bears_on(found_here, ev.answers.symptom):
            found_here.notes.extend(notes)
            if beside:
                found_here.facts.setdefault("also_seen", beside[0].cause)
            return found_here
        beside.append(found_here)
        if "also_seen" not in notes:
            notes.append("also_seen")
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


def _bears_on(finding: Finding, symptom: str) -> bool:
    """Whether a finding can be what the user complains of: the complaints its row says it may
    answer. Signing in needs secure connections, not a voice channel or a clean one: a network
    that blocks or spoils voice while every sign-in server answers is worth saying, not the
    verdict."""
    row = causes.of(finding.cause)
    if row.complaints is None or symptom in row.complaints:
        return True
    # The user's own line losing this much times out the sign-in's own handshakes too (a part
    # beyond it is judged by what it adds to the line, not by its handshakes).
    return symptom == "sign_in" and row.quality == "local" and _loss_at_least(finding, pathquality.HANDSHAKE_LOSS_PCT)


def _loss_at_least(finding: Finding, pct: float) -> bool:
    """Whether a quality finding's loss surely reaches ``pct``: the least its interval allows
    (no: where it quotes none)."""
    low = next(iter(finding.facts.get("loss_range") or ()), None)
    return isinstance(low, (int, float)) and not isinstance(low, bool) and low >= pct


# The parts of the path a complaint depends on. A call to a Chinese phone number leaves from
# the service's phone gateway, and sign-in only needs the service: for them, China's side of
# the internet is context, not cause.
_RELEVANT_GROUPS = {"sign_in": {"service"}, "phone_calls": {"service"}}
