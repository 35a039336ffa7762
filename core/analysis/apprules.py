"""What the chosen calling app's own facts add to a finding: the name to use, a closed app's
successor, an app blocked inside mainland China. Pure, like the rest of the analysis.

Rules and mechanisms (docs/design.md):
- A closed app (Skype) is never judged itself: its users sign in to its successor (Teams), whose
  servers were checked; the texts name the successor and a note says where the users went.
- An app blocked inside mainland China (WhatsApp) cannot carry a call to someone there, whatever
  the network: a policy, documented since 2017, not a measurement. It is the verdict for calls
  into China when nothing on the user's side or at the app's servers is the nearer cause; it
  stays a note beside a local cause (fix that first) or the app's servers failing from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import causes
from .apps import App, resolve
from .evidence import Evidence, ids
from .finding import Finding

# Complaints about calls into China, which the block decides.
_CALL_SYMPTOMS = {"app_calls", "quality"}


def shape(finding: Finding, ev: Evidence, apps: Iterable[App]) -> Finding:
    """The finding with the chosen app's facts applied (a new finding where the app decides
    it). ``apps``: the catalog's; an app it does not know (an old report) adds nothing."""
    by_id = {a.id: a for a in apps}
    chosen = resolve(by_id.values(), ev.answers.app)
    app = by_id.get(chosen.id)
    if app is None:
        return finding
    if chosen.closed_on:
        # Said once: where the app's users went covers its own servers' silence too.
        finding.notes = [n for n in finding.notes if n != "service_retired"] + ["app_closed"]
    if app.blocked_in_china:
        finding = _blocked(finding, ev)
    # The app as resolved, for the verdict to carry (explain puts it into words and the
    # verdict): the faces show it, none looks it up again.
    finding.facts.update(service=chosen.checked.id, app=chosen)
    shown = by_id[chosen.checked.id]
    if shown.status_url:
        finding.facts["status_url"] = shown.status_url  # only a real page is ever suggested
    return finding


def _blocked(finding: Finding, ev: Evidence) -> Finding:
    connections = ev.select(["tcp", "tls"], "service")
    reached = [m for m in connections if m.ok]
    if finding.locus == "local":
        finding.notes.append("app_blocked_in_china")  # this side first: it breaks every call
        return finding
    if ev.inside_china:
        decided = Finding("upstream", "app_blocked_in_china", "high",
                          ids(m for m in connections if not m.ok)[:5],
                          {"variant": "from_china"})
    elif ev.answers.symptom in _CALL_SYMPTOMS and causes.of(finding.cause).yields_to_blocked_app and reached:
        decided = Finding("upstream", "app_blocked_in_china", "high", ids(reached[:3]))
    else:
        finding.notes.append("app_blocked_in_china")
        return finding
    if finding.cause not in ("healthy", "beyond_reach", "inconclusive"):
        decided.facts["also_seen"] = finding.cause
        decided.notes.append("also_seen")
    decided.notes += [n for n in finding.notes if n in _KEPT_NOTES]
    decided.facts.update({k: v for k, v in finding.facts.items() if k in _CONTEXT_FACTS})
    if "location_answered" in finding.facts:
        decided.cap("medium")  # where the user is came from the evidence, against their answer
    return decided


# What the run's context says, kept when the app's facts decide the verdict.
_KEPT_NOTES = ("vpn_in_use", "proxy_in_use", "proxy_tool", "location_abroad_by_evidence",
               "location_china_by_evidence")
_CONTEXT_FACTS = ("symptom", "location", "location_answered", "utc_offset_min")
