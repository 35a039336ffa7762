"""The causes a finding may name, one row each, with every fact about a cause that the
analysis and the words read: where the verdict places it and the part of the way drawn for it,
the step that finds it, its short phrase, whether it is about call quality, the message for
the family, whether a blocked app or the user's replies about the call decide it, and whether
it can answer a sign-in complaint. The long texts (headline, explanation, actions) are the
words' (``words/texts.py``), keyed by cause; a test holds them to this table in every language.

Here, not in the words, because the analysis reads the table too and may not import the words;
the phrases are marked with ``N_`` and only the words translate them.

A new cause is its rule, its row here, its texts in ``words/texts.py`` (with their
translations) and its test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..base.i18n import N_


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
    # It spoils only the voice channel: no answer to "I can't sign in" (judge; a line losing
    # enough to time out handshakes excepted).
    voice_only: bool = False
    # A fault on the user's side: which failed checks its mechanism accounts for (judge.
    # _local_explains) — "everything" (nothing beyond it can be reached), "part" (refused or
    # cut nearby, for one part of the way: that part's checks), "voice" (voice checks, on its
    # port), "secure" (secure connections), "loss" (a lossy line: its loss on every path, a
    # handshake now and then). Every cause that may be placed on the user's side has one (a
    # test holds it); one without accounts for nothing, so nothing is explained by default.
    explains: str | None = None


CAUSES: dict[str, Cause] = {
    "healthy": Cause({"none": None}, "nothing failed", family=("app",), yields_to_blocked_app=True),
    # Drawn as a suspicion by the complaint (picture.SUSPECTED), not as a part's trouble.
    "beyond_reach": Cause({"upstream": None}, "nothing failed on this side; the complaint stands",
                          family=("phone", "app"), yields_to_blocked_app=True),
    "no_network": Cause({"local": "home"}, "local", explains="everything"),
    "local_dns": Cause({"local": "home"}, "local", explains="everything"),
    "captive_portal": Cause({"local": "home"}, "local", explains="everything"),
    "proxy": Cause({"local": "computer"}, "local", explains="everything"),
    "clock_skew": Cause({"local": "computer"}, "local", explains="secure"),
    "tls_interception": Cause({"local": "computer"}, "local", explains="secure"),
    "weak_link": Cause({"local": "home"}, "quality (pathrules)",
                       N_("your own connection loses or delays data"), quality="local", voice_only=True,
                       explains="loss"),
    "udp_blocked": Cause({"local": "home", "upstream": "service"}, "local; the relay",
                         N_("the voice channel did not get through"), voice_only=True, explains="voice"),
    "service_unreachable": Cause({"upstream": "service", "local": "home"}, "the service; refused nearby: local",
                                 N_("the service did not answer"), explains="part"),
    "china_unreachable": Cause({"upstream": "china", "local": "home"}, "China; refused nearby: local",
                               N_("places in China did not answer"), family=("app",),
                               yields_to_blocked_app=True, explains="part"),
    "china_degraded": Cause({"upstream": "china"}, "quality (pathrules)", N_("the path into China is congested"),
                            quality="china", family=("app",), yields_to_blocked_app=True, voice_only=True),
    "service_degraded": Cause({"upstream": "service"}, "quality (pathrules)",
                              N_("the way to the voice servers loses or delays data"), quality="service",
                              voice_only=True),
    "dns_tampering": Cause({"upstream": "internet"}, "the service; China", N_("forged answers for internet names")),
    "connection_reset": Cause({"upstream": "internet", "local": "home"}, "the service; China; cut nearby: local",
                              N_("connections cut on the way"), explains="part"),
    "app_blocked_in_china": Cause({"upstream": "china"}, "the app's facts (apprules)",
                                  N_("the app is blocked in mainland China"), family=("blocked",)),
    "line_refuses_international": Cause({"upstream": "phone"}, "the user's answers about the phone (phonerules)",
                                        family=("phone",), family_variant="line", by_replies=True),
    # Cut between the service's phone gateway and their carrier: in China, not their phone.
    "cut_before_their_line": Cause({"upstream": "china"}, "the user's answers about the call (phonerules)",
                                   family=("phone",), family_variant="cut", by_replies=True),
    "calls_filtered": Cause({"upstream": "phone"}, "the user's answers about the phone (phonerules)",
                            family=("phone",), family_variant="filtered", by_replies=True),
    "inconclusive": Cause({"unknown": None}, "too little measured", yields_to_blocked_app=True),
}

# A cause this version does not know (a report from a newer one): placed nowhere, no facts.
UNKNOWN = Cause({}, "unknown to this version")


def of(cause: str) -> Cause:
    """The row of ``cause``, or ``UNKNOWN``."""
    return CAUSES.get(cause, UNKNOWN)
