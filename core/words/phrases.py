"""The words around a verdict, marked for translation: the notes that qualify it, the labels
reports and the app show, the user's answers and the verdict's place. (The causes' short names
are in the cause table, ``analysis/causes.py``.)"""

from __future__ import annotations

from ..base.i18n import N_, NP_, Text, translator

NOTES: dict[str, Text] = {
    "busy_line_clean": N_("No long wait was seen while one test stream kept your line busy "
                          "({busy_tested}): a call's voice waited at most about {busy_ms} ms longer "
                          "(grade {busy_grade}). A heavier load may still show one."),
    "busy_line_lossy": N_("When your line is busy ({busy_direction}), about {busy_loss}% more of a "
                          "call's voice is lost: calls may break up then. Pausing big uploads and "
                          "downloads during calls helps."),
    "busy_line_some": N_("When your line is busy ({busy_direction}), a call's voice waits about "
                         "{busy_ms} ms longer (grade {busy_grade}): calls may lag then, though they "
                         "should not break up. Pausing big uploads and downloads during calls "
                         "helps."),
    "busy_line_also": N_("Besides, when your line is busy ({busy_direction}), a call's voice waits "
                         "about {busy_ms} ms longer (grade {busy_grade}): pause big uploads and "
                         "downloads during calls, or turn on your router's 'Smart Queue' (SQM) or "
                         "'QoS' setting."),
    "busy_line_not_measured": N_("Your line was not tested while busy: {busy_why}."),
    "vpn_in_use": N_("A VPN or tunnel is on ({tunnels}): if it carries your traffic, these tests "
                     "describe its path, not your own provider's."),
    "proxy_tool": N_("Some names were answered with placeholder addresses that proxy tools "
                     "(such as Clash) hand out: such a tool is running on this computer and its "
                     "path is what was tested."),
    "pac_not_evaluated": N_("Your computer chooses its proxy with a configuration script, which "
                            "CallPath cannot run: web tests went directly, which may not be the "
                            "way your apps go."),
    "ipv6_only": N_("This network has no IPv4 route (IPv6 only): tests of IPv4 addresses could "
                    "not take your apps' way and were left out."),
    "service_retired": N_("Skype closed on 5 May 2025: its own servers not answering is expected "
                          "and says nothing about your network. Skype accounts now sign in to "
                          "Teams (free)."),
    "app_closed": N_("{closed} closed on {closed_on}: its accounts now sign in to {service}, so "
                     "CallPath checked what {service} needs."),
    "app_blocked_in_china": N_("{service} is blocked inside mainland China: a call to someone "
                               "there fails unless their side uses a VPN, whatever this check "
                               "finds."),
    # In the form for its number (NP_, gettext's ngettext): the failures left unexplained.
    "unexplained": NP_("{unexplained} other check failed and is not explained by this verdict; it "
                       "is listed in the details.",
                       "{unexplained} other checks failed and are not explained by this verdict; "
                       "they are listed in the details."),
    "busy_computer": N_("This computer was busy during the test and delayed its own test packets, "
                        "so delays were not used to judge the way."),
    "samples_intercepted": N_("Something on the way answers DNS questions itself, so the DNS voice "
                              "tests into China measured it, not China, and were left out."),
    "control_path_poor": N_("The way to the independent test server lost or delayed data on its "
                            "own; that does not affect calls to China."),
    "quality_unplaced": N_("Calls into China may sound poor from here: the delay adds up along "
                           "the whole way, with no single part to blame."),
    "router_forwards": N_("Your router passed CallPath's questions on instead of answering them "
                          "itself, so its slow or lost answers describe the way beyond it, not "
                          "the link to it."),
    # The one place this caveat is said (the explanation of service_degraded said it too).
    "relay_may_limit": N_("Voice servers may slow down tests that are not part of a real call, so "
                          "this is not certain."),
    "dns_different": N_("Your DNS gave other addresses for these servers than a trusted resolver "
                        "did. Big services do that by place, so this is not proof of forgery."),
    "proxy_in_use": N_("A proxy is set on this computer: web tests went through it."),
    "control_failed": N_("Some international test sites did not answer either, so this verdict "
                         "is less certain."),
    "control_blocked_in_china": N_("Inside mainland China the independent voice test server is "
                                   "blocked, so this check is less certain."),
    "relay_may_ignore": N_("Voice servers may ignore tests that do not come from a real call, "
                           "so this alone does not prove that voice is blocked."),
    "no_quality_control": N_("No voice test to another destination succeeded for comparison, so "
                             "this is less certain."),
    "injection_seen": N_("CallPath also saw China's firewall forging answers for blocked sites on "
                         "the way into China. That is normal there and does not affect calls by "
                         "itself."),
    "dns_intercepted": N_("Something on the way answers DNS questions sent to any address, which "
                          "can mislead some tests."),
    "sensitive_skipped": N_("Checks for censorship (forged answers, connections cut by name) were "
                            "turned off, so such interference would not show here."),
    "shown_abroad": N_("You say their phone showed a call from abroad: it was seen, so what "
                       "is left is that they answer it."),
    "app_calls_fail_too": N_("You say calls from app to app with them fail too: their own internet "
                             "connection (Wi-Fi or mobile data) is common to both, so ask them to "
                             "try the other one."),
    "second_cause": N_("Something beyond your side is wrong as well ({also}), which your side "
                       "does not explain: fixing your side may not be enough for calls to work."),
    "also_seen": N_("CallPath also saw other trouble ({also}), which does not explain this "
                    "problem directly."),
    "location_abroad_by_evidence": N_(
        "CallPath was set to judge as if you were in mainland China, but servers that are blocked "
        "there (Google's, Cloudflare's) answered directly, so the checks were judged as from "
        "outside China. If you are in China, say so again and run CallPath once more."),
    "location_china_by_evidence": N_(
        "CallPath was set to judge as if you were outside mainland China, but servers that are "
        "blocked there did not answer while servers in China answered sooner than the rest of the "
        "world, so the checks were judged as from inside China. If you are outside China, say so "
        "again and run CallPath once more."),
}

# Words that reports and the app show around the verdict.
LABELS = {
    "verdict": N_("Verdict"),
    "what_to_do": N_("What to do"),
    "confidence": N_("Confidence"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "group/local": N_("Your computer and network"),
    "group/world": N_("The internet"),
    "group/service": N_("The calling service"),
    "group/china": N_("China"),
}


# The user's answers and the verdict's place, as the app and the reports name them.
SYMPTOM_TEXTS = {
    "phone_calls": N_("Calls to Chinese phone numbers fail"),
    "app_calls": N_("Calls to contacts in China fail or drop"),
    "quality": N_("Call quality is poor"),
    "sign_in": N_("I can't sign in"),
    "check": N_("Just check my connection"),
}
LOCUS_TEXTS = {
    "local": N_("On your side"),
    "upstream": N_("Beyond your side"),
    "none": N_("All fine"),
    "unknown": N_("Not sure"),
}


# What each result code is, in words (the app's details table; the raw code stays beside it
# for helpers). A test holds them to every code of errors.CODES. (Each kind of check's words are
# its kind's, in core/kinds.)
RESULT_TEXTS = {
    "timeout": N_("no answer in time"),
    "refused": N_("refused"),
    "reset": N_("cut off"),
    "connection_closed": N_("closed early"),
    "unreachable": N_("unreachable"),
    "no_network": N_("no network"),
    "name_not_resolved": N_("name not found"),
    "nxdomain": N_("name does not exist"),
    "no_answer": N_("no IP address for that name"),
    "servfail": N_("DNS server failed"),
    "dns_refused": N_("DNS server refused"),
    "no_resolver": N_("no DNS server set"),
    "cert_untrusted": N_("untrusted certificate"),
    "cert_name_mismatch": N_("certificate for another name"),
    "cert_expired": N_("certificate expired"),
    "cert_not_yet_valid": N_("certificate not yet valid"),
    "tls_alert": N_("secure connection refused"),
    "tls_error": N_("secure connection failed"),
    "http_status": N_("unexpected web answer"),
    "bad_body": N_("unexpected web page"),
    "bad_response": N_("invalid answer"),
    "proxy_error": N_("proxy failed"),
    "too_many_redirects": N_("too many redirects"),
    "no_response": N_("no answer"),
    "malformed": N_("garbled answer"),
    "unexpected_answer": N_("unexpected answer"),
    "skipped": N_("not checked"),
    "cancelled": N_("cancelled"),
    "deadline": N_("out of time"),
    "internal": N_("CallPath fault"),
    "not_on_path": N_("not on your own way"),
}

# How each compared app stands (analysis.choice.standing), said in its row before its verdict.
STANDINGS: dict[str, Text] = {
    "clear": N_("clear now"),
    "partly": N_("mostly clear"),
    "local": N_("trouble on your side"),
    "blocked": N_("blocked in mainland China: a call there needs a VPN on your relative's side"),
    "trouble": N_("trouble on its way"),
    "unknown": N_("not sure"),
}


def standing_words(standing: str, lang: str = "en") -> str:
    """An app's standing in a comparison, in ``lang`` (as it stands where unknown)."""
    text = STANDINGS.get(standing)
    return translator(lang).gettext(text) if isinstance(text, str) else standing


# The busy-line test's words: the way it was loaded, and why it did not measure the line.
BUSY_DIRECTIONS: dict[str, str] = {
    "upload": N_("uploading"),
    "download": N_("downloading"),
    "both": N_("uploading and downloading"),
}
BUSY_WHY: dict[str, str] = {
    "metered": N_("your connection is marked as metered (a data plan), so CallPath used no data on it"),
    "from_china": N_("from inside mainland China the load servers are abroad, across the border"),
    "no_target": N_("no voice server answered to time it"),
    "few_answers": N_("too few of its voice packets came back while it was loaded"),
    "fast_line": N_("your line is so fast that the test's data allowance went by before it could be "
                    "timed"),
    "already_busy": N_("something else was already using your line when the test began, so it had no "
                       "quiet line to compare with; run the check again when nothing else is "
                       "uploading or streaming"),
    "cut_short": N_("its load ended too soon to tell"),
    "busy_computer": N_("this computer was too busy to time it"),
    "cancelled": N_("the test was cancelled"),
    "deadline": N_("the test ran out of time"),
    "other": N_("the load servers (M-Lab) could not be reached"),
}
