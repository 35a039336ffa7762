"""The rules about call quality: which part of the path loses or delays a call's packets —
the user's own link, the way across China's border, or the way to the service's relay.

Each part is judged on its own, by what it adds, with the thresholds of :mod:`pathquality`;
a part is blamed only where the parts nearer the user are not (docs/design.md has the table).
Pure, like the rest of the analysis.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..base.measurement import SAMPLE_KINDS, Measurement
from . import pathquality
from .evidence import Evidence
from .finding import Finding
from .pathquality import Part, Sample

# Paths beyond the router carry at least (about) the router hop's own round trip.
HOP_SHARE = 0.8


@dataclasses.dataclass
class Path:
    """Voice samples by part of the path, with the roles following where the user is: the
    near control is the user's own country's side (the world for a user abroad, China for a
    user in China), the far side is across China's border."""
    home: Part
    near: Part
    service: Part
    far: Part
    near_group: str
    far_group: str
    busy: bool
    intercepted: bool


def sample_of(m: Measurement) -> Sample | None:
    return Sample.of(m.id, m.group, m.metrics) if m.ok else None


def path_of(ev: Evidence) -> Path:
    # DNS answered by an interceptor on the way measures the interceptor, not the far side.
    intercepted = any(Evidence.code(m) == "unexpected_answer" and m.metrics.get("control_answered")
                      for m in ev.select("dns_injection"))

    def samples(group: str) -> list[Sample]:
        found = []
        for m in ev.select(list(SAMPLE_KINDS), group):
            if intercepted and m.kind == "dns_sample" and group != "local":
                continue
            s = sample_of(m)
            if s is not None:
                found.append(s)
        return found

    near, far = ("china", "world") if ev.inside_china else ("world", "china")
    echo = ev.get("local.echo")
    noise = sample_of(echo) if echo is not None else None
    # From inside China the service's relays lie across the border: part of the far side.
    far_samples = samples(far) + (samples("service") if ev.inside_china else [])
    return Path(pathquality.part("home", samples("local")), pathquality.part(near, samples(near)),
                pathquality.part("service", samples("service")), pathquality.part(far, far_samples),
                near, far, pathquality.busy(noise), intercepted)


def _trouble(p: Path, part: Part, reference: Part | None) -> tuple[bool, bool]:
    """(loses packets beyond doubt, delay that varies or is too long) for one part, by what it
    adds beyond ``reference``. Delay is not judged when the computer itself was too busy to time
    packets, and counts only where a call over the part would sound poor (the E-model weighs
    loss and delay together); a part that loses some and delays much sounds poor though
    neither figure alone is beyond doubt."""
    delay = not p.busy and _felt(p, part) and (
        part.shaky_beyond(reference) or part.added_delay_bad(reference) or part.adds_poor(reference))
    return part.lossy, delay


def _felt(p: Path, part: Part) -> bool:
    """A call would feel this part's delay: a call over it sounds poor — or, for the user's
    own side (the near control, short as its own path is), a call beyond it does, since every
    call into China crosses it (a standing queue at home is felt on the long way, not the
    short one)."""
    if part.sounds_poor:
        return True
    return part is p.near and any(x.measured and x.sounds_poor for x in (p.service, p.far))


def bad(p: Path, part: Part, reference: Part | None) -> bool:
    """The part loses packets beyond doubt, or delays them in a way calls feel, beyond what
    ``reference`` (the nearer part) already does."""
    return any(_trouble(p, part, reference))


_bad = bad


def _quality_finding(locus: str, cause: str, part: Part, others: list[Part], p: Path,
                     facts: dict[str, Any] | None = None, witnesses: tuple[Part, ...] = ()) -> Finding:
    """``witnesses``: parts whose trouble nothing but the blamed part explains (the near
    control, for the user's own side: it shares nothing else with the calls). Only their
    samples and the part's own can make the trouble "repeated"; the far side's or the relay's
    trouble may have causes of their own, so it corroborates nothing."""
    lossy, _ = _trouble(p, part, None)
    own = part.samples + [s for w in witnesses if _bad(p, w, p.home) for s in w.samples]
    repeats = pathquality.repeats(own, lossy) and all(o.measured for o in others)
    return Finding(locus, cause, "high" if repeats else "medium",
                   [s.id for s in part.samples] + [s.id for o in others for s in o.samples],
                   {**part.figures(), **(facts or {})})


def home_trouble(p: Path) -> bool:
    """The router sample loses, or delays in a way calls feel (delay only judged on a computer
    not too busy). A steady, lossless delay at the hop (a phone's hotspot, a router that
    forwards) matters only where the calls beyond it sound poor."""
    if not p.home.measured:
        return False
    if p.home.lossy:
        return True
    beyond = [part for part in (p.service, p.far) if part.measured]
    hurts = not beyond or any(part.sounds_poor for part in beyond)
    return not p.busy and hurts and (pathquality.home_slow(p.home) or p.home.shaky)


def home_consistent(p: Path) -> bool:
    """Every call crosses the home hop, so its loss or delay shows on every other part too.
    Where another part has less, the router sample measured something else (a router that
    passes each question on to its provider's resolver): not the hop's trouble."""
    others = [part for part in (p.near, p.service, p.far) if part.measured]
    # Any sample clean beyond doubt crossed the hop too, and clears it.
    if p.home.lossy and not any(s.loss_clean for part in others for s in part.samples):
        return True
    return all(part.rtt_median >= HOP_SHARE * p.home.rtt_median for part in others) and (
        not p.busy and (pathquality.home_slow(p.home) or p.home.shaky))


def weak_link(ev: Evidence) -> Finding | None:
    """Loss or delay on the user's own link: the hop to the router, or the near control and
    another part alike (they share only the user's link and provider)."""
    p = path_of(ev)
    others = [part for part in (p.near, p.service, p.far) if part.measured]
    if home_trouble(p) and home_consistent(p):
        # The other parts showing the same trouble is what the hop predicts: they corroborate.
        return _quality_finding("local", "weak_link", p.home, [o for o in others if _bad(p, o, None)], p,
                                {"variant": "home"}, witnesses=(p.near,))
    if not _bad(p, p.near, p.home):
        return _shared_loss(p)
    shared = [part for part in (p.service, p.far) if _bad(p, part, p.home)]
    if not shared:
        return None
    near_lossy, _ = _trouble(p, p.near, p.home)
    if near_lossy and any(s.loss_clean for part in (p.service, p.far) for s in part.samples):
        return None  # a clean sample crossed the same line: the loss is not on it
    finding = _quality_finding("local", "weak_link", p.near, shared, p)
    if p.home.measured and not _bad(p, p.home, None):
        finding.facts["variant"] = "provider"  # the home hop is clean: past the router
    if p.far in shared and p.far.worse_than(p.near):
        finding.facts["also_seen"] = "china_degraded"  # more loss on the far side on top
    return finding


def _shared_loss(p: Path) -> Finding | None:
    """Loss too small for the near control's sample alone to prove, shown alike on every
    part: the parts share only the user's line, so pooled they can prove it. Not where any
    part is clean (the loss is then not on what they share), where one loses clearly more
    than the near control (that part adds its own), or where the computer was too busy to
    keep its packets (its own echo says so)."""
    others = [part for part in (p.service, p.far) if part.measured]
    if p.busy or not (p.near.measured and others) or p.near.loss_clean:
        return None
    if any(o.loss_clean or o.worse_than(p.near) for o in others):
        return None
    pooled = pathquality.part("shared", p.near.samples + [s for o in others for s in o.samples])
    if not pooled.lossy:
        return None
    finding = Finding("local", "weak_link", "medium", [s.id for s in pooled.samples], {**pooled.figures()})
    if p.home.measured and not _bad(p, p.home, None):
        finding.facts["variant"] = "provider"
    return finding


def path_degraded(ev: Evidence) -> list[Finding]:
    """The far side of the border, or the way to the service's relay, loses or delays packets
    while the near control does not. Judged by what each part adds, on its intervals."""
    p = path_of(ev)
    found = []
    if p.far.measured and _bad(p, p.far, p.near) and not _bad(p, p.near, p.home):
        lossy, delay = _trouble(p, p.far, p.near)
        if not p.near.measured:
            finding = _quality_finding("upstream", "china_degraded", p.far, [p.near], p)
            finding.cap("medium")
            finding.notes.append("no_quality_control")
        elif (lossy and p.far.worse_than(p.near)) or (delay and not p.near.shaky):
            finding = _quality_finding("upstream", "china_degraded", p.far, [p.near], p)
        else:
            finding = None  # the near side loses nearly as much: not clearly the far side
        if finding is not None:
            finding.facts.update(group=p.far_group, variant="from_china" if ev.inside_china else None)
            found.append(finding)
    elif _likely_far(p):
        # Most likely the far side (only it adds, and calls over it most likely sound poor),
        # though the sample cannot prove it: said, and not sure.
        finding = _quality_finding("upstream", "china_degraded", p.far, [p.near], p)
        finding.cap("low")
        finding.facts.update(group=p.far_group, variant="from_china" if ev.inside_china else None)
        found.append(finding)
    if p.service.measured and _bad(p, p.service, p.home) and not _bad(p, p.near, p.home):
        lossy, delay = _trouble(p, p.service, p.home)
        # As for the far side: the relay's way is blamed only for what it adds beyond the
        # near control — loss clearly over the control's, or delay the control does not show.
        clearly = (lossy and p.service.worse_than(p.near)) or (delay and not p.near.shaky) \
            or not p.near.measured
        if not ev.inside_china and clearly:  # from China the relay is part of the far side
            finding = _quality_finding("upstream", "service_degraded", p.service, [p.near], p,
                                       {"group": "service"})
            # One relay, which may also slow down requests that are not a real call.
            finding.cap("medium")
            finding.notes.append("relay_may_limit")
            found.insert(0, finding)
    return found


def losing(p: Path, group: str) -> bool:
    """The way to ``group`` loses enough packets that a connection's handshake timing out is
    no surprise (a handshake is a few packets each way; one lost waits a second or more to be
    sent again, doubling each time)."""
    part = {p.far_group: p.far, "service": p.far if p.far_group == "world" else p.service,
            p.near_group: p.near}.get(group)
    return part is not None and part.measured and part.loss_pct >= pathquality.HANDSHAKE_LOSS_PCT


def lossy_samples(ev: Evidence) -> list[Measurement]:
    """Voice samples that lost packets beyond doubt: failed checks too, though they "worked"."""
    return [m for m in ev.select(list(SAMPLE_KINDS)) if m.ok and (s := sample_of(m)) is not None and s.lossy]


def quality_notes(ev: Evidence, p: Path) -> list[str]:
    notes = []
    if p.busy and any(part.measured for part in (p.home, p.near, p.service, p.far)):
        notes.append("busy_computer")
    if p.intercepted:
        notes.append("samples_intercepted")
    if p.near.measured and _bad(p, p.near, p.home):
        notes.append("control_path_poor")  # the control alone suffers: not the user's calls
    if home_trouble(p) and not home_consistent(p):
        notes.append("router_forwards")  # the router sample timed more than the hop
    return notes


def _likely_far(p: Path) -> bool:
    """The far side alone adds what most likely makes calls poor: the near side clean of loss
    and not poor itself, the far side's most likely loss with its added delay poor."""
    return (p.far.measured and p.near.measured and not p.busy and p.near.loss_clean
            and not _bad(p, p.near, p.home) and p.far.likely_poor and p.far.adds_poor(p.near, likely=True))


def unplaced(p: Path, found: list[Finding]) -> bool:
    """A call would most likely sound poor, yet no part of the way can be blamed for it: the
    delay adds up along the way, or the near side loses nearly as much as the far one. Judged on
    each part's shared way (its cleanest sample): one server's own loss sounds in no call."""
    if any(f.cause in ("china_degraded", "service_degraded") for f in found):
        return False
    return any(part.likely_poor for part in (p.far, p.service))
