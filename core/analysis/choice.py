"""Which app will carry the call now (``--service all``): every app that can carry the
complaint judged from one run, each by the one analysis (:func:`judge.analyse`) on what its
call relies on — this computer, the home network, the controls and China, which the apps share,
and its own servers — and the suggestion their verdicts support. Pure, like the analysis.

The suggestion follows the verdicts and adds no judgement of its own:
- An app whose verdict blames nothing on the way (everything works, or the fault lies past what
  can be tested) is clear — if the run reached its own servers and, for a complaint about the
  call, sampled its own voice server: less tested is not clearer. Failures nothing explains make
  it only partly clear. An app blocked inside mainland China is never suggested (a call to
  someone there needs a VPN on their side: a policy, not a measurement). Trouble that rests on
  evidence the analysis itself doubts (a silent relay, which may ignore requests that are not a
  real call) is not held against an app: it is not judged ("unknown"), nor is an inconclusive one.
- Trouble on the user's side for every app is said once ("local"), as sure as the least sure of
  them: fixing it is the answer whatever app they use.
- Some apps clear and others not: call on the clear ones ("use"). Two or more apps clear alike:
  no app is better ("tie"); the voice figures of two different relays are not ranked (each
  relay's sample measures a different way, one of them across China's border perhaps, so a
  small difference says nothing a call would hear). Every app judged and none clear: no app
  gets through well ("none"), led by a fault on this side where one app has it, with the cause
  they share when they share one in one place (a congested border is every app's way in).
  Otherwise "unsure".
- The suggestion is as sure as the verdicts it rests on, and at most "medium" where another app
  could not be judged, where a suggested app is clear only in part, or, for a complaint about
  the call, where an app's voice servers are not published (WeChat's: CallPath samples a Tencent
  STUN server in their place).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence

from ..base.measurement import Measurement
from .answers import Answers
from .apps import ALL, App, Compared, carrying  # noqa: F401 - what an all-apps check is
from .finding import CONFIDENCE, Finding
from .judge import analyse

# Complaints about the call's sound or connection, where the voice servers' source matters.
_VOICE_COMPLAINTS = {"check", "app_calls", "quality"}
_CLEAR = ("healthy", "beyond_reach")


@dataclasses.dataclass
class Choice:
    """Every compared app's finding (in the run's order) and the suggestion."""
    findings: dict[str, Finding]
    kind: str                   # use, tie, local, none or unsure (the module's docstring)
    apps: tuple[str, ...]       # "use": the apps to call on; "tie": the apps that tie
    main: str                   # the app whose verdict is the report's verdict
    confidence: str
    shared: str | None = None   # the cause every app's verdict names, where they all name one
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (note, the app it is about)
    standings: dict[str, str] = dataclasses.field(default_factory=dict)  # each app's (standing)

    @property
    def finding(self) -> Finding:
        return self.findings[self.main]


def endpoint_of(measurement_id: str) -> str:
    """The catalog entry a measurement was taken of (``service.<entry>.<kind>``)."""
    parts = measurement_id.split(".")
    return parts[1] if len(parts) > 2 else ""


def only_for(measurements: Iterable[Measurement], endpoints: Iterable[str]) -> list[Measurement]:
    """What an app's call relies on: every measurement but other apps' servers'."""
    own = set(endpoints)
    return [m for m in measurements if m.group != "service" or endpoint_of(m.id) in own]


@dataclasses.dataclass(frozen=True)
class Coverage:
    """What a run measured of an app's own servers: whether one of its connections answered,
    and whether its own voice server was sampled (answered or not)."""
    reached: bool = True
    voice: bool = True


def coverage(share: Iterable[Measurement]) -> Coverage:
    """An app's coverage from its share of a run (only_for)."""
    own = [m for m in share if m.group == "service" and m.measured]
    return Coverage(any(m.ok and m.kind in _CONNECTIONS for m in own), any(m.kind in _VOICE for m in own))


def standing(f: Finding, cover: Coverage = Coverage(), symptom: str = "check") -> str:
    """How an app's verdict stands for the suggestion: ``local``, ``blocked``, ``clear``,
    ``partly`` (clear, with failures nothing explains), ``trouble`` or ``unknown`` — which is
    also a verdict that blames nothing where the app's own servers were not reached (or, for a
    complaint about the call, its voice server not sampled: less tested is not clearer), and
    trouble that rests on evidence the analysis itself doubts (a silent relay, which may ignore
    requests that are not a real call)."""
    if f.locus == "local":
        return "local"
    if f.cause == "app_blocked_in_china" or "app_blocked_in_china" in f.notes:
        return "blocked"
    if f.cause in _CLEAR:
        if not cover.reached or (symptom in _VOICE_COMPLAINTS and not cover.voice):
            return "unknown"
        return "partly" if f.facts.get("variant") == "partly" or f.facts.get("unexplained") else "clear"
    if f.cause == "inconclusive" or f.locus == "unknown" or any(n in f.notes for n in _DOUBTED):
        return "unknown"
    return "trouble"


def judge_apps(measurements: Sequence[Measurement], answers: Answers, sensitive_probes: bool,
               apps: Iterable[App], compared: Sequence[Compared]) -> Choice:
    """Each compared app judged on its share of ``measurements``, and the suggestion."""
    known = tuple(apps)
    shares = {c.app: only_for(measurements, c.endpoints) for c in compared}
    findings = {app: analyse(share, answers._replace(app=app), sensitive_probes, known)
                for app, share in shares.items()}
    if not findings:
        raise ValueError("an all-apps check needs at least one app")
    return suggest(findings, answers.symptom, {c.app for c in compared if c.weak}, _default(known),
                   {app: coverage(share) for app, share in shares.items()})


def _default(apps: Sequence[App]) -> str | None:
    return next((a.id for a in apps if a.default), None)


def _least(levels: Iterable[str]) -> str:
    return min(levels, key=CONFIDENCE.index, default="low")


def suggest(findings: Mapping[str, Finding], symptom: str, weak: Collection[str] = frozenset(),
            default: str | None = None, covered: Mapping[str, Coverage] | None = None) -> Choice:
    """The suggestion from every compared app's finding (see the module's docstring)."""
    order = list(findings)
    stand = {a: standing(f, (covered or {}).get(a, Coverage()), symptom) for a, f in findings.items()}
    usable = [a for a in order if stand[a] != "blocked"]

    def first(candidates: Sequence[str]) -> str:
        return default if default is not None and default in candidates else candidates[0]

    def shared(among: Sequence[str]) -> str | None:
        """The cause every one names, in the same place (a refusal proven nearby for one app and
        not for another is not one cause)."""
        named = {(findings[a].locus, findings[a].cause) for a in among}
        return named.pop()[1] if len(named) == 1 else None

    def choice(kind: str, apps: Sequence[str], main: str, level: str, common: str | None = None) -> Choice:
        return Choice(dict(findings), kind, tuple(apps), main, level, common, standings=dict(stand))

    if not usable:
        return choice("unsure", (), first(order), "low")
    if all(stand[a] == "local" for a in usable):
        made = choice("local", (), first(usable), _least(findings[a].confidence for a in usable), shared(usable))
        if symptom in _VOICE_COMPLAINTS and any(a in weak and findings[a].cause == "udp_blocked" for a in usable):
            # Its voice server stands in for unpublished ones: its own ports may not be blocked.
            made.notes += [("choice_weak_source", a) for a in usable if a in weak]
            made.confidence = _least([made.confidence, "medium"])
        return made
    best = [a for a in usable if stand[a] == "clear"] or [a for a in usable if stand[a] == "partly"]
    if best:
        # Apart only where another app was measured and came out worse; a tie needs two.
        kind = "tie" if len(best) == len(usable) and len(best) > 1 else "use"
        # As sure as the verdicts that make the difference: the chosen ones', and for "use" the
        # surest of the others' (one firm finding against the others is enough to set them
        # apart); where another app could not be judged, at most "medium".
        others = [a for a in usable if a not in best]
        judged = [findings[a].confidence for a in others if stand[a] != "unknown"]
        level = _least([findings[a].confidence for a in best]
                       + ([max(judged, key=CONFIDENCE.index)] if judged else []))
        made = choice(kind, best, first(best), level)
        made.notes += [("choice_partly", a) for a in best if stand[a] == "partly"]
        if symptom in _VOICE_COMPLAINTS:
            made.notes += [("choice_weak_source", a) for a in best if a in weak]
        if made.notes or any(stand[a] == "unknown" for a in others):
            made.confidence = _least([made.confidence, "medium"])
        return made
    troubled = [a for a in usable if stand[a] in ("trouble", "local")]
    if len(troubled) == len(usable):  # every app judged, none clear
        # Led by a fault on this side where one app has it (the user can act on it), else by an
        # app in trouble; never by one that could not be judged.
        local = [a for a in troubled if stand[a] == "local"]
        return choice("none", (), first(local or troubled), _least(findings[a].confidence for a in troubled),
                      shared(usable))
    return choice("unsure", (), first(usable), "low")


# The kinds of measurement of an app's own connections, and of its voice server.
_CONNECTIONS = ("tcp", "tls", "http")
_VOICE = ("stun", "media_tcp")
# Notes by which the analysis doubts its own evidence of trouble at the app's voice server: a
# relay's silence may be its policy (it answers only real calls). Loss measured on the way to it
# stays evidence (the verdict says the relay may also slow requests that are not a call, and is
# at most "medium", as the suggestion then is).
_DOUBTED = ("relay_may_ignore",)
