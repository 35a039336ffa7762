"""The causes a finding may name, one row each, with every fact about a cause that the
analysis and the words read: where the verdict places it and the part of the way drawn for it,
the step that finds it, its short phrase, whether it is about call quality, the message for
the family, whether a blocked app or the user's replies about the call decide it, which
complaints it may answer, and what a fault on the user's side accounts for. The comment above
each row says what the cause means: this table is the list of causes (README and
docs/design.md point here). The long texts (headline, explanation, actions) are the words'
(``words/texts.py``), keyed by cause; a test holds them to this table in every language.

Here, not in the words, because the analysis reads the table too and may not import the words;
the phrases are marked with ``N_`` and only the words translate them.

A new cause is its rule (a step of ``localrules`` — ``LOCAL_STEPS``, or ``WHERE_NOTHING_ELSE``
for a fault that stops nothing — or of the judge's upstream steps), its row here, its texts in
``words/texts.py`` (with their translations) and its test: the judge reads the rest from the row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..base.i18n import N_
from .answers import SYMPTOMS

# The complaints a cause that spoils only the voice channel may answer: not "I can't sign in",
# which needs secure connections, not a voice channel or a clean one (judge._bears_on; the
# user's own line losing enough to time out handshakes excepted).
NOT_SIGN_IN = frozenset(SYMPTOMS) - {"sign_in"}
# The complaints a line that makes calls wait when it is busy may answer: the sound, calls that
# drop, a check. Not signing in, nor a call to a phone number, which the user's replies about
# the call decide (phonerules refines only a verdict that blames nothing on this side).
BUSY_LINE_COMPLAINTS = frozenset({"quality", "app_calls", "check"})


@dataclasses.dataclass(frozen=True)
class Cause:
    # Each place the verdict may put the trouble ("local", "upstream"; "none" and "unknown"
    # for the causes that blame nothing), first the usual one, with the part of the way drawn
    # as trouble there (picture.PARTS; None: no part).
    loci: Mapping[str, str | None]
    step: str                         # the analysis step that finds it (docs/design.md, the rule table)
    phrase: str | None = None         # its short name for "also saw ..." sentences (N_), if it has one
    # A call-quality cause (pathrules): the group of checks it blames where the finding names none.
    quality: str | None = None
    # The messages for the family that fit it ("phone" for calls to phone numbers, "app" for
    # app calls and sound, "blocked"; words/family.py) and the phone message's variant.
    family: tuple[str, ...] = ()
    family_variant: str | None = None
    # The chosen app being blocked in mainland China is the better verdict for calls into China
    # (apprules): what the user sees follows from the block whatever this cause says.
    yields_to_blocked_app: bool = False
    by_replies: bool = False          # only the user's replies about the call decide it (phonerules)
    # The complaints (Answers.symptom) it may be the verdict for; None: every one. For another,
    # it is named beside the verdict ("also seen"), not the verdict (judge._bears_on).
    complaints: frozenset[str] | None = None
    # A fault on the user's side: which failed checks its mechanism accounts for (judge.
    # _local_explains) — "everything" (nothing beyond it can be reached), "part" (refused or
    # cut nearby, for one part of the way: that part's checks), "loss" (a lossy line: its loss
    # on every path, a handshake now and then), a mechanism the kinds of measurement declare
    # they are stopped by (kinds.Measures.broken_by: "voice", "secure"), or one kind of
    # measurement (its checks); the last two on the finding's port where it names one. Every
    # cause that may be placed on the user's side has one (a test holds it); one without
    # accounts for nothing, so nothing is explained by default.
    explains: str | None = None


CAUSES: dict[str, Cause] = {
    # Everything tested works, and the user only asked for a check.
    "healthy": Cause({"none": None}, "nothing failed", family=("app",), yields_to_blocked_app=True),
    # Everything this computer can test works, yet calls fail: the fault lies past it (the phone
    # gateway and the Chinese carrier, or the other person's network); the words say what the
    # person in China can check. Drawn as a suspicion by the complaint (picture.SUSPECTED), not
    # as a part's trouble.
    "beyond_reach": Cause({"upstream": None}, "nothing failed on this side; the complaint stands",
                          family=("phone", "app"), yields_to_blocked_app=True),
    # No working internet connection.
    "no_network": Cause({"local": "home"}, "local", explains="everything"),
    # The user's DNS server does not answer (or something on this computer redirects names).
    "local_dns": Cause({"local": "home"}, "local", explains="everything"),
    # A hotel's or café's login page intercepts traffic.
    "captive_portal": Cause({"local": "home"}, "local", explains="everything"),
    # The configured proxy is broken.
    "proxy": Cause({"local": "computer"}, "local", explains="everything"),
    # The computer's clock is wrong enough to break secure connections.
    "clock_skew": Cause({"local": "computer"}, "local", explains="secure"),
    # Antivirus, a company network or a router intercepts secure connections.
    "tls_interception": Cause({"local": "computer"}, "local", explains="secure"),
    # Loss or delay on the user's own link: the hop to the router, or every destination alike
    # past it.
    "weak_link": Cause({"local": "home"}, "quality (pathrules)",
                       N_("your own connection loses or delays data"), quality="local", complaints=NOT_SIGN_IN,
                       explains="loss"),
    # (The opt-in busy-line test) the user's line makes a call's voice wait 200 ms or more when
    # it is busy (a deep buffer in the router or the modem: "bufferbloat"), while every idle
    # check passes: a fault that stops nothing, the verdict only where nothing else is found.
    "busy_line": Cause({"local": "home"}, "a fault that stops nothing (the busy-line test)",
                       N_("your line delays calls when it is busy"), complaints=BUSY_LINE_COMPLAINTS,
                       explains="busy_line"),
    # Voice (UDP) cannot pass while web connections work (on the user's side: every voice
    # server silent on a port, or a network that lets connections out only through a proxy; beyond
    # it: the relay silent).
    "udp_blocked": Cause({"local": "home", "upstream": "service"}, "local; the relay",
                         N_("the voice channel did not get through"), complaints=NOT_SIGN_IN,
                         explains="voice"),
    # The calling app's servers cannot be reached while the rest of the internet can; refusals
    # sooner than any answer from there came from something near the user (a router's or an
    # office's filter, security software): local.
    "service_unreachable": Cause({"upstream": "service", "local": "home"}, "the service; refused nearby: local",
                                 N_("the service did not answer"), explains="part"),
    # Places in China cannot be reached while others can; the same timing test places a
    # geo-block on the user's side.
    "china_unreachable": Cause({"upstream": "china", "local": "home"}, "China; refused nearby: local",
                               N_("places in China did not answer"), family=("app",),
                               yields_to_blocked_app=True, explains="part"),
    # The path across China's border loses or delays too much for calls, while the user's own
    # side of it does not (judged by what it adds, so a normal long path is not "broken").
    "china_degraded": Cause({"upstream": "china"}, "quality (pathrules)", N_("the path into China is congested"),
                            quality="china", family=("app",), yields_to_blocked_app=True,
                            complaints=NOT_SIGN_IN),
    # The way to the calling service's voice relay loses or delays, while other destinations
    # are fine (never more than medium: a relay may slow down test requests).
    "service_degraded": Cause({"upstream": "service"}, "quality (pathrules)",
                              N_("the way to the voice servers loses or delays data"), quality="service",
                              complaints=NOT_SIGN_IN),
    # DNS answers are forged (in China's known forged pool, or no real service's), or the user's
    # DNS sends connections where nothing answers while the trusted resolver's address does
    # ("astray", not called forged).
    "dns_tampering": Cause({"upstream": "internet"}, "the service; China", N_("forged answers for internet names")),
    # Connections cut by name (a harmless name to the same server gets through); a cut sooner
    # than the server could answer is an office filter or security software, on the user's side.
    "connection_reset": Cause({"upstream": "internet", "local": "home"}, "the service; China; cut nearby: local",
                              N_("connections cut on the way"), explains="part"),
    # The chosen app is blocked inside mainland China (WhatsApp): a call to someone there
    # cannot connect unless their side uses a VPN, whatever the network — the verdict for calls
    # into China, and a note beside a problem on the user's side or at the app's servers.
    "app_blocked_in_china": Cause({"upstream": "china"}, "the app's facts (apprules)",
                                  N_("the app is blocked in mainland China"), family=("blocked",)),
    # (From the user's replies) their line takes no calls from abroad at all (or the
    # announcement says it restricts them): its switch for calls from abroad is off; a call to
    # their carrier turns it back on.
    "line_refuses_international": Cause({"upstream": "phone"}, "the user's answers about the phone (phonerules)",
                                        family=("phone",), family_variant="line", by_replies=True),
    # (From the user's replies) it rang, then dropped with a message ("your connection is too
    # weak"), and their phone showed nothing: cut between the app's phone gateway and their
    # carrier — in China, not their phone, not the user's side.
    "cut_before_their_line": Cause({"upstream": "china"}, "the user's answers about the call (phonerules)",
                                   family=("phone",), family_variant="cut", by_replies=True),
    # (From the user's replies) their line takes other calls from abroad, yet the user's never
    # showed: a block they turned on (their phone's block list, the carrier's filter) or the
    # carrier's own filtering of internet calls.
    "calls_filtered": Cause({"upstream": "phone"}, "the user's answers about the phone (phonerules)",
                            family=("phone",), family_variant="filtered", by_replies=True),
    # The evidence does not support a verdict; the words say what was missing.
    "inconclusive": Cause({"unknown": None}, "too little measured", yields_to_blocked_app=True),
}

# A cause this version does not know (a report from a newer one): placed nowhere, no facts.
UNKNOWN = Cause({}, "unknown to this version")


def of(cause: str) -> Cause:
    """The row of ``cause``, or ``UNKNOWN``."""
    return CAUSES.get(cause, UNKNOWN)
