"""The phone leg: what the user's answers about the called phone add to a verdict.

A call to a Chinese phone number leaves the app through its phone gateway and is handed to a
Chinese carrier; nothing about that leg can be measured from the user's computer. When every
measured part works (``beyond_reach``), what the user knows about the call is the only evidence
left, so CallPath asks a few questions (``QUESTIONS``) and these rules read the answers
(docs/design.md, "The phone leg"):

- Asked only about calls to phone numbers, and only when the measured verdict is
  ``beyond_reach``: a cause on the user's side or at the app's servers comes first, whatever
  the answers (fix that, then ask again).
- Their line takes no calls from abroad at all (``other_abroad`` = no) →
  ``line_refuses_international``: its switch for receiving international calls is off.
- It takes other calls from abroad, yet the app's calls never rang (``other_abroad`` = yes,
  ``rang`` = no) → ``calls_filtered``: the carrier's filter against internet calls or the
  phone's own blocking turns them away; from here the two cannot be told apart.
- It rang (``rang`` = yes) → still ``beyond_reach``, variant ``phone_rang``: the call reaches the
  phone; what is left is answering it (a 境外来电 warning, an unknown number).
- App-to-app calls fail as well (``app_calls_work`` = no) → a note: the relative's own
  connection is common to both.
- An answer of "not sure" counts as no answer. Answers are the user's word, not a measurement:
  a verdict they decide is ``medium`` at most, and they are kept in the report
  (``context.followups``).
"""

from __future__ import annotations

import dataclasses

from .evidence import Evidence
from .finding import Finding
from .i18n import N_

REPLIES = ("yes", "no", "unsure")


@dataclasses.dataclass(frozen=True)
class Question:
    id: str
    text: str  # N_(): shown in the user's language; {service} is the app's name


QUESTIONS = (
    Question("rang", N_("Did their phone ring at all?")),
    Question("shown_abroad", N_("Did their phone show the call as coming from abroad (境外来电)?")),
    Question("other_abroad", N_("Can they receive other calls from abroad, for example from an "
                                "ordinary mobile phone?")),
    Question("app_calls_work", N_("Do calls from app to app with them work (on WeChat or {service})?")),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)


def asked(symptom: str, cause: str) -> bool:
    """Whether the questions apply to a run with this complaint and (measured or answered)
    cause: phone calls failing with everything measurable working."""
    return symptom == "phone_calls" and cause in ("beyond_reach", *DECIDED)


def parse(pairs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Answers as given (``{"rang": "no"}``), checked: a ValueError names what is wrong."""
    out = []
    for qid, reply in pairs.items():
        if qid not in QUESTION_IDS:
            raise ValueError(f"unknown question {qid!r}: the questions are {', '.join(QUESTION_IDS)}")
        if reply not in REPLIES:
            raise ValueError(f"the answer to {qid!r} must be one of {', '.join(REPLIES)}, not {reply!r}")
        out.append((qid, reply))
    return tuple(sorted(out, key=lambda p: QUESTION_IDS.index(p[0])))


def refine(finding: Finding, ev: Evidence) -> Finding:
    """The finding with the user's answers about the called phone applied."""
    replies = {q: r for q, r in ev.answers.followups if r != "unsure"}
    if not replies or ev.answers.symptom != "phone_calls" or finding.cause != "beyond_reach":
        return finding
    decided = None
    if replies.get("other_abroad") == "no":
        decided = "line_refuses_international"
    elif replies.get("other_abroad") == "yes" and replies.get("rang") == "no":
        decided = "calls_filtered"
    if decided is not None:
        finding = Finding("upstream", decided, "medium", list(finding.evidence),
                          {k: v for k, v in finding.facts.items() if k != "variant"}, list(finding.notes))
    elif replies.get("rang") == "yes":
        finding.facts["variant"] = "phone_rang"
    if replies.get("rang") == "yes" and replies.get("shown_abroad") == "yes":
        finding.notes.append("shown_abroad")
    if replies.get("app_calls_work") == "no":
        finding.notes.append("app_calls_fail_too")
    finding.cap("medium")
    return finding


# The causes only the answers decide.
DECIDED = ("line_refuses_international", "calls_filtered")
