"""The phone leg: what the user's answers about the call add to a verdict.

A call to a Chinese phone number leaves the app through its phone gateway and is handed to a
Chinese carrier; nothing about that leg can be measured from the user's computer. When every
measured part works (``beyond_reach``), what the user knows about the call is the only evidence
left, so CallPath asks (``QUESTIONS``) what the caller heard, then what the relative saw, and
these rules read the answers (docs/design.md, "The phone leg", with its sources):

- Asked only about calls to phone numbers, and only when the measured verdict is
  ``beyond_reach``: a cause on the user's side or at the app's servers comes first, whatever
  the answers (fix that, then ask again).
- The ringing a caller hears is made by the network while it tries to reach the phone; it is
  no proof that the relative's phone rang. So the two are asked apart: ``heard`` (the caller:
  ringing then a drop with the app's message, ringing until they hung up, silence, a busy
  tone, a recorded announcement) and ``rang`` (the relative: did their phone ring or show the
  call at all).
- Their line takes no calls from abroad at all (``other_abroad`` = no), or the announcement
  says their line restricts calls → ``line_refuses_international``.
- It rang, then dropped with a message, and their phone showed nothing (``heard`` =
  ``rang_then_dropped``, ``rang`` = no) → ``cut_before_their_line``: the call was cut between
  the service's phone gateway and their carrier (the hand-over, or the carrier's own filtering
  of internet calls) — not on their phone, not on the user's side. This is what the families
  described in May 2023 ("it rings twice and drops: 'your connection is too weak'").
- It takes other calls from abroad, yet the app's calls never showed (``other_abroad`` = yes,
  ``rang`` = no) → ``calls_filtered``: a block on their line or phone, or the carrier's filter.
- An announcement that the number does not exist → variant ``no_such_number`` (check the number
  first; a block can play it too).
- It rang (``rang`` = yes) → still ``beyond_reach``, variant ``phone_rang``: the call reaches the
  phone; what is left is answering it.
- Notes: the caller heard ringing but the relative was not asked (``ringing_is_the_network``);
  a busy tone or "switched off" (``busy_or_off``: some phones' block lists answer so); app
  calls fail too (``app_calls_fail_too``); it rang and showed 境外来电 (``shown_abroad``).
- An answer of "not sure" counts as no answer. Answers are the user's word, not a measurement:
  a verdict they decide is ``medium`` at most, and they are kept in the report
  (``context.followups``).
"""

from __future__ import annotations

import dataclasses

from ..base.i18n import N_
from . import causes
from .evidence import Evidence
from .finding import Finding

REPLIES = ("yes", "no", "unsure")
# What the caller heard: each its own reply, "unsure" last (no answer).
HEARD = ("rang_then_dropped", "rang_out", "silence", "busy", "said_no_such_number",
         "said_switched_off", "said_restricted", "unsure")


@dataclasses.dataclass(frozen=True)
class Question:
    id: str
    text: str  # N_(): shown in the user's language; {service} is the app's name
    side: str  # "caller" (what the user heard and saw) or "called" (what the relative saw)
    replies: tuple[str, ...] = REPLIES


QUESTIONS = (
    Question("heard", N_("When you called with {service}, what did you hear?"), "caller", HEARD),
    Question("rang", N_("Did their phone ring, or show your call at all (a missed call, a blocked "
                        "call)?"), "called"),
    Question("shown_abroad", N_("Did their phone show the call as coming from abroad (境外来电)?"),
             "called"),
    Question("other_abroad", N_("Can they receive other calls from abroad, for example from an "
                                "ordinary mobile phone?"), "called"),
    Question("app_calls_work", N_("Do calls from app to app with them work (on WeChat or "
                                  "{service})?"), "called"),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)
_BY_ID = {q.id: q for q in QUESTIONS}

# Each reply in words (GUI buttons, reports). The dial pad's message is the one Skype's users
# quoted in May 2023 (docs/sources.md); Teams (free) calls phones through the same dial pad.
REPLY_TEXTS = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "unsure": N_("I don't know"),
    "rang_then_dropped": N_("It rang, then the call ended by itself with a message in the app "
                            "(for example “your connection is too weak”)"),
    "rang_out": N_("It rang until I hung up: nobody answered"),
    "silence": N_("Silence, then the call ended"),
    "busy": N_("A busy tone"),
    "said_no_such_number": N_("A recorded voice: the number does not exist (空号)"),
    "said_switched_off": N_("A recorded voice: the phone is switched off or cannot be reached "
                            "(已关机 / 暂时无法接通)"),
    "said_restricted": N_("A recorded voice: their line does not take these calls (呼入限制, "
                          "no international calls)"),
}

# The notes these rules add (explain.all_notes merges them with the analysis's).
NOTES = {
    "ringing_is_the_network": N_(
        "The ringing you hear is made by the network while it tries to reach them: it does not "
        "prove that their phone rang. Ask them whether their phone rang or showed your call."),
    "busy_or_off": N_(
        "A busy tone or “switched off” can mean what it says, but some phones answer a call "
        "they block in the same way: ask them to look in their phone's blocked calls."),
}


def asked(symptom: str, cause: str) -> bool:
    """Whether the questions apply to a run with this complaint and (measured or answered)
    cause: phone calls failing with everything measurable working."""
    return symptom == "phone_calls" and (cause == "beyond_reach" or causes.of(cause).by_replies)


def parse(pairs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Answers as given (``{"rang": "no"}``), checked: a ValueError names what is wrong."""
    out = []
    for qid, reply in pairs.items():
        if qid not in QUESTION_IDS:
            raise ValueError(f"unknown question {qid!r}: the questions are {', '.join(QUESTION_IDS)}")
        allowed = _BY_ID[qid].replies
        if reply not in allowed:
            raise ValueError(f"the answer to {qid!r} must be one of {', '.join(allowed)}, not {reply!r}")
        out.append((qid, reply))
    return tuple(sorted(out, key=lambda p: QUESTION_IDS.index(p[0])))


def known(pairs: dict) -> dict[str, str]:
    """The pairs this version knows (a report from elsewhere may carry others)."""
    return {q: r for q, r in pairs.items() if q in _BY_ID and r in _BY_ID[q].replies}


def _decided(replies: dict[str, str]) -> str | None:
    """The cause the replies decide, if any (the rules in order, docs/design.md)."""
    heard, rang = replies.get("heard"), replies.get("rang")
    if replies.get("other_abroad") == "no" or heard == "said_restricted":
        return "line_refuses_international"
    if heard == "rang_then_dropped" and rang == "no":
        return "cut_before_their_line"
    if replies.get("other_abroad") == "yes" and rang == "no":
        return "calls_filtered"
    return None


def refine(finding: Finding, ev: Evidence) -> Finding:
    """The finding with the user's answers about the call applied."""
    replies = {q: r for q, r in ev.answers.followups if r != "unsure"}
    if not replies or ev.answers.symptom != "phone_calls" or finding.cause != "beyond_reach":
        return finding
    decided = _decided(replies)
    heard, rang = replies.get("heard"), replies.get("rang")
    if decided is not None:
        finding = Finding("upstream", decided, "medium", list(finding.evidence),
                          {k: v for k, v in finding.facts.items() if k != "variant"}, list(finding.notes))
    elif rang == "yes":
        finding.facts["variant"] = "phone_rang"
    elif heard == "said_no_such_number":
        finding.facts["variant"] = "no_such_number"
    if heard in ("rang_then_dropped", "rang_out") and rang is None:
        finding.notes.append("ringing_is_the_network")
    if heard in ("busy", "said_switched_off") and decided is None and rang != "yes":
        finding.notes.append("busy_or_off")
    if rang == "yes" and replies.get("shown_abroad") == "yes":
        finding.notes.append("shown_abroad")
    if replies.get("app_calls_work") == "no":
        finding.notes.append("app_calls_fail_too")
    finding.cap("medium")
    return finding
