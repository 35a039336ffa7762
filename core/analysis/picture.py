"""The way a call travels, as a person thinks of it — this computer → home network → the
internet → the app's servers → China → their phone — with each part's state as the verdict
judged it: the part the verdict blames, the parts that passed, the parts that could not be told.
The app draws it (gui/pathview.py), the reports write it (render.py); the analysis decides the
states (analysis.judge_parts, with the part the cause table draws each cause at), and nothing
here judges the measurements again.

A part is ``ok`` only when it was measured and nothing in it failed or suffered; a part with
failures that the verdict does not blame (the internet's checks cut by a hotel's login page) is
``mixed``, not ticked and not blamed; their phone is never measured, so it is ``unknown`` unless
the verdict (or the user's replies about the call) points there.
"""

from __future__ import annotations

from ..base.i18n import N_
from ..base.reportdata import Verdict
from . import causes

PARTS = ("computer", "home", "internet", "service", "china", "phone")
LABELS = {
    "computer": N_("This computer"),
    "home": N_("Home network"),
    "internet": N_("The internet"),
    "service": N_("{service} servers"),
    "china": N_("China"),
    "phone": N_("Their phone"),
}
# The report's group of checks behind each part (the home network's are the local checks named
# "local.home.*"; their phone has none).
GROUP_OF = {"computer": "local", "home": "local", "internet": "world", "service": "service", "china": "china"}
# States, and the mark each is drawn with.
MARKS = {"ok": "✓", "trouble": "✗", "suspect": "?", "mixed": "–", "unknown": "?", "waiting": "·"}

# "Beyond what this computer can see": a suspicion, drawn as such, not a finding.
SUSPECTED = {"phone_calls": "phone", "app_calls": "phone", "quality": "phone", "sign_in": "service"}


def place(cause: str, locus: str, symptom: str) -> tuple[str | None, str]:
    """(the part a verdict points at or None, "trouble" or "suspect"): where the cause table
    draws the cause at its place; a cause that blames no part (healthy, inconclusive) gives None."""
    if cause == "beyond_reach":
        return SUSPECTED.get(symptom, "phone"), "suspect"
    return causes.of(cause).loci.get(locus), "trouble"


def states(verdict: Verdict) -> list[tuple[str, str]]:
    """(part, state) for each part of the way, in order, as the verdict judged them
    (``verdict["parts"]``, analysis.judge_parts); a part it did not judge is ``unknown``. A
    report saved before verdicts carried their parts is judged again first (rejudge.judged)."""
    judged = (verdict.get("parts") or {}).get("picture") or {}
    return [(part, str(judged[part]) if judged.get(part) in MARKS else "unknown") for part in PARTS]
