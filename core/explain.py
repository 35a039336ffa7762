"""The verdict in words people can act on: short, kind, concrete — in English, Simplified and
Traditional Chinese.

Texts are written here in English and marked with ``N_`` where they are written; translations
are gettext catalogues (``resources/locale/<lang>/LC_MESSAGES/callpath.po``), compiled to
``.mo`` at build time, with a silent fallback to English. Technical evidence stays in the
report's ``evidence`` and measurements, never in the headline.
"""

from __future__ import annotations

import functools
import gettext
import locale
import os
from typing import TYPE_CHECKING, Any

from .paths import resource_path

if TYPE_CHECKING:  # the app's first window needs the texts, not the analysis
    from .analysis import Finding

DOMAIN = "callpath"
LANGS = ("en", "zh_CN", "zh_TW")


def N_(text: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a text for translation where it is written; translated when rendered."""
    return text


# --- the texts ----------------------------------------------------------------------------------------

HEADLINES = {
    "healthy": N_("Your connection looks healthy"),
    "healthy/partly": N_("The checks that matter for calls passed"),
    "beyond_reach": N_("Your side works: the problem is beyond what this computer can see"),
    "no_network": N_("Your computer is not connected to the internet"),
    "local_dns": N_("Your network's address book (DNS) is not answering"),
    "local_dns/local_answer": N_("Something on your computer is redirecting internet names"),
    "captive_portal": N_("A login page is blocking your internet connection"),
    "proxy": N_("Your proxy setting is breaking connections"),
    "clock_skew": N_("Your computer's clock is wrong"),
    "tls_interception": N_("Something is intercepting your secure connections"),
    "tls_interception/product": N_("{product} is opening your secure connections"),
    "weak_link": N_("Your own connection is losing or delaying data"),
    "weak_link/home": N_("The link between this computer and your router is struggling"),
    "weak_link/provider": N_("Your internet connection is losing or delaying data"),
    "udp_blocked/local": N_("Your network blocks the voice channel"),
    "udp_blocked/upstream": N_("{service}'s voice relay did not answer"),
    "udp_blocked/proxy_only": N_("Your network lets connections out only through a proxy"),
    "service_unreachable": N_("{service} cannot be reached from your network"),
    "china_unreachable": N_("Places in China cannot be reached from your network"),
    "china_degraded": N_("The path into China is congested"),
    "china_degraded/from_china": N_("The path out of China is congested"),
    "service_degraded": N_("The way to {service}'s voice relay loses or delays data"),
    "dns_tampering": N_("Answers for internet names are being forged"),
    "connection_reset": N_("Connections are being cut on the way"),
    "app_blocked_in_china": N_("{service} is blocked in mainland China"),
    "app_blocked_in_china/from_china": N_("{service} is blocked where you are, in mainland China"),
    "inconclusive": N_("CallPath could not reach a verdict"),
    "inconclusive/busy": N_("This computer was too busy to time the voice tests"),
    "inconclusive/unplaced": N_("Calls would sound poor, but no single part of the way is to blame"),
}

EXPLANATIONS = {
    "healthy": N_("Everything CallPath tested works: your network, {service}, the wider internet "
                  "and the way into China. Voice would travel well."),
    "healthy/partly": N_("Your network, {service} and the way into China passed the checks a call "
                         "needs. Some other checks failed ({unexplained} in all); they are listed "
                         "in the details, and none of them points to a cause on its own."),
    "beyond_reach/phone_calls": N_(
        "Everything CallPath can test works: your network, {service} and its voice path. A call to "
        "a Chinese phone number leaves {service} through its phone gateway and is handed to a "
        "Chinese phone company; what happens there cannot be seen from here. The most common "
        "cause is a setting on the called line that blocks international calls, which some "
        "provinces turn on by default."),
    "beyond_reach/app_calls": N_(
        "Everything CallPath can test works: your network, {service}, its voice path and the way "
        "into China. A call to a contact in China also depends on their network and their app, "
        "which this computer cannot test."),
    "beyond_reach/quality": N_(
        "From here, voice travels well: your network, {service} and the way into China all "
        "passed. Poor sound then most likely comes from the other person's network or device, "
        "which this computer cannot test."),
    "beyond_reach/sign_in": N_(
        "{service}'s sign-in servers answer normally from here, and your network works. The "
        "trouble is most likely with the account or the app itself."),
    "no_network": N_("Nothing beyond your own computer or router answered: there is no working "
                     "internet connection right now."),
    "local_dns": N_("Your computer turns names like login.skype.com into addresses with a DNS "
                    "server chosen by your router or provider. That server did not answer, "
                    "although the internet itself can be reached, so nothing that needs a name "
                    "can work."),
    "local_dns/none_configured": N_("Your computer has no DNS server set, so it cannot turn "
                                    "names like login.skype.com into addresses."),
    "local_dns/local_answer": N_("Some names are answered with addresses on your own computer or "
                                 "home network instead of their real ones. This usually comes "
                                 "from an ad-blocker, security software or a changed 'hosts' "
                                 "file."),
    "captive_portal": N_("Your network sends web requests to a login or welcome page, as hotels, "
                         "cafés, airports and some offices do. Until you log in or accept its "
                         "terms, calls cannot connect."),
    "proxy": N_("Your computer is set to send web traffic through a proxy server, and that proxy "
                "is not working, although direct connections do."),
    "clock_skew": N_("Secure connections check certificates against today's date. Your "
                     "computer's date is wrong, so secure connections fail, sign-in included."),
    "clock_skew/days": N_("Secure connections check certificates against today's date. Your "
                          "computer's clock is about {days} days off, so secure connections fail, "
                          "sign-in included."),
    "tls_interception": N_("Secure connections to several unrelated sites came back with "
                           "certificates your computer does not trust. This happens when "
                           "antivirus software, a company network or a router inspects encrypted "
                           "traffic, and it can break {service}."),
    "weak_link": N_("Voice tests to every destination suffered alike (about {loss_pct}% of "
                    "packets lost, {rtt_ms} ms round trip), so the trouble starts on your side: "
                    "the Wi-Fi, the router or your internet provider."),
    "weak_link/home": N_("Even the short hop from this computer to your router loses or delays "
                         "data (about {loss_pct}% of packets lost, {rtt_ms} ms round trip, where a "
                         "few milliseconds is normal). Every call has to cross it: the Wi-Fi "
                         "signal, the cable or the router itself is the trouble."),
    "weak_link/provider": N_("Your router answers well, but voice tests to every destination "
                             "beyond it suffered alike (about {loss_pct}% of packets lost, "
                             "{rtt_ms} ms round trip). The trouble lies between your router and "
                             "the wider internet: most likely your internet provider."),
    "udp_blocked/local": N_("Calls carry voice over a fast channel (UDP). From here no voice "
                            "server answered on it, neither {service}'s relay nor an independent "
                            "test server, although normal web connections work. A firewall on "
                            "this computer or the router, or a company, school or hotel network, "
                            "is blocking it."),
    "udp_blocked/proxy_only": N_("Web pages work here only through the proxy your computer is "
                                 "set to use; nothing goes out directly. Calls need a direct "
                                 "channel for voice (UDP), which such networks (companies, "
                                 "schools, some hotels) do not allow, so calls fail or sound "
                                 "poor."),
    "udp_blocked/upstream": N_("Your network passes voice traffic, but {service}'s voice relay did "
                               "not answer voice requests, although it accepted a normal "
                               "connection."),
    "service_unreachable": N_("The rest of the internet works, but {service}'s servers did not "
                              "answer ({failed} of {tried} connections failed). The service may "
                              "be down, or something between you and it is blocking it."),
    "china_unreachable": N_("The rest of the internet and {service} work, but sites and servers in "
                            "mainland China did not answer ({failed} of {tried} connections "
                            "failed). The path into China is cut or blocked somewhere past your "
                            "internet provider, not on your side."),
    "china_degraded": N_("Connections into China lose or delay too much for good calls (about "
                         "{loss_pct}% of packets lost, {rtt_ms} ms round trip, call quality "
                         "{mos} out of 5), while other destinations are fine. The links into "
                         "China are often crowded, most of all in China's evening."),
    "china_degraded/from_china": N_(
        "Connections from China to the rest of the world lose or delay too much for good calls "
        "(about {loss_pct}% of packets lost, {rtt_ms} ms round trip, call quality {mos} out of "
        "5), while places inside China answer well. The links out of China are often crowded, "
        "most of all in China's evening."),
    "service_degraded": N_(
        "The way to {service}'s voice relay loses or delays data (about {loss_pct}% of packets "
        "lost, {rtt_ms} ms round trip), while other destinations are fine. The relay may also "
        "slow down test requests that are not part of a real call, so this is not certain."),
    "dns_tampering/pool": N_("When your computer asked for the address of {names}, it got "
                             "answers that differ from a trusted secure resolver's, and that "
                             "China's firewall is known to forge. Connections then go nowhere."),
    "dns_tampering": N_("When your computer asked for the address of {names}, it got answers that "
                        "differ from a trusted secure resolver's, and connecting to them failed. "
                        "The answers were most likely forged on the way."),
    "tls_interception/product": N_(
        "Secure connections to {hosts} sites were opened and signed again by {product}, which "
        "your computer trusts. Security software and company networks do this to inspect "
        "traffic; it can slow down or break {service}."),
    "connection_reset/by_name": N_("Secure connections to {names} were cut as soon as they named "
                                   "the site, while the same server accepted a connection for a "
                                   "harmless name. This is how filtering by name works, as "
                                   "China's firewall does."),
    "connection_reset": N_("Connections to {names} were cut on the way (reset). This is often "
                           "filtering, though a failing server can do the same."),
    "app_blocked_in_china": N_("Your side works, and {service} works from here. But {service} has "
                               "been blocked inside mainland China since 2017: a call to someone "
                               "there cannot connect unless their phone uses a VPN. This is no "
                               "fault of your network or theirs."),
    "app_blocked_in_china/from_china": N_("{service} has been blocked inside mainland China since "
                                          "2017: from there it works only through a VPN. This is "
                                          "no fault of your network."),
    "inconclusive/everything": N_("No test could run, so there is nothing to judge."),
    "inconclusive/most": N_("Too many tests could not run (the time ran out, or the run was "
                            "cancelled), so CallPath cannot say where the problem is."),
    "inconclusive/some": N_("Some tests could not run, and what did run does not point to a "
                            "clear cause."),
    "inconclusive/busy": N_("While the voice tests ran, this computer itself delayed its own "
                            "test packets, so the delays it measured on the way cannot be "
                            "trusted. Another program was probably using the processor."),
    "inconclusive/unplaced": N_("A call into China would sound poor from here (call quality {mos} "
                                "out of 5, {rtt_ms} ms round trip), but no single part of the way "
                                "adds enough to be blamed: the delay adds up along the whole way."),
}

ACTIONS = {
    "healthy": (
        N_("If calls still fail, run CallPath again while the problem happens, and say what goes "
           "wrong."),
    ),
    "beyond_reach/phone_calls": (
        N_("Ask your relative to check their phone company's block on international calls. China "
           "Mobile app: 高频骚扰电话防护 → 国际及港澳台号段拦截 (turn it off)."),
        N_("China Telecom: 天翼防骚扰 → 国际长途. China Unicom has the same setting in its app."),
        N_("Calls from abroad show a number starting with 00 in China: ask them to answer such "
           "calls, or to save your number."),
        N_("Check that your {service} calling credit or subscription is active: unused credit "
           "lapses after 180 days."),
    ),
    "beyond_reach/app_calls": (
        N_("Ask your relative to run the same check on their side, or to switch between Wi-Fi and "
           "mobile data."),
        N_("Make sure both of you have the latest version of {service}."),
        N_("Try calling at another time of day: the links into China are most crowded in China's "
           "evening."),
    ),
    "beyond_reach/quality": (
        N_("Ask your relative to move closer to their Wi-Fi router, or to switch to mobile data."),
        N_("Turn off video and use voice only."),
        N_("Try calling at another time of day: the links into China are most crowded in China's "
           "evening."),
    ),
    "beyond_reach/sign_in": (
        N_("Sign out of {service} and sign in again; check the password on the website."),
        N_("Update {service}, or remove it and install it again."),
        N_("Check {service}'s service status page for an outage."),
    ),
    "no_network": (
        N_("Check that Wi-Fi is on and connected, or that the network cable is plugged in."),
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If other devices at home are offline too, call your internet provider."),
    ),
    "local_dns": (
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If that does not help, set the DNS server on your computer or router to a public one, "
           "such as 1.1.1.1 or 8.8.8.8."),
        N_("If a VPN or security software changes your DNS, turn it off and try again."),
    ),
    "local_dns/local_answer": (
        N_("Turn off ad-blockers or security software for a moment and try again."),
        N_("Ask someone who knows computers to check the 'hosts' file."),
    ),
    "captive_portal": (
        N_("Open a web browser and visit any website: the login page should appear. Log in or "
           "accept the terms."),
        N_("Then run CallPath again."),
    ),
    "proxy": (
        N_("Turn off the proxy in your computer's network settings, or ask whoever set it up."),
        N_("If you need a proxy at work or school, ask its administrator whether it is down."),
    ),
    "clock_skew": (
        N_("Set the date, time and time zone correctly, and turn on 'Set time automatically'."),
        N_("Then restart {service}."),
    ),
    "tls_interception": (
        N_("If you use antivirus or security software, turn off its 'HTTPS scanning' or 'web "
           "shield' feature and try again."),
        N_("On a work or school network, ask its administrator."),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "weak_link": (
        N_("Move closer to the Wi-Fi router, or use a network cable."),
        N_("Stop large downloads, uploads and video streaming during calls."),
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If it stays bad, call your internet provider."),
    ),
    "udp_blocked/local": (
        N_("If you use a firewall or security app, allow {service} through it."),
        N_("On a work, school or hotel network, try another one (your phone's hotspot) to "
           "compare."),
        N_("Restart your router; in its settings, turn off options that block UDP or 'SIP ALG'."),
    ),
    "udp_blocked/proxy_only": (
        N_("Try the call on another network, such as your phone's hotspot or your home Wi-Fi."),
        N_("At work or school, ask the network's administrator whether calls with {service} are "
           "allowed."),
    ),
    "udp_blocked/upstream": (
        N_("Try a call: {service} may fall back to a slower connection that works."),
        N_("If calls fail, check {service}'s service status page for an outage."),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "service_unreachable": (
        N_("Check {service}'s service status page for an outage."),
        N_("Wait a while and try again."),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "china_unreachable": (
        N_("Wait and try again later: such cuts are often temporary."),
        N_("Try another network, such as mobile data: another provider may take another route "
           "into China."),
        N_("Ask your relative whether their internet works at all right now."),
    ),
    "china_degraded": (
        N_("Call at a quieter time: mornings in China are usually better than evenings."),
        N_("Turn off video and use voice only."),
        N_("Try another network, such as mobile data: another provider may take a better route."),
    ),
    "service_degraded": (
        N_("Try a call: if it sounds poor, turn off video and use voice only."),
        N_("Run CallPath again in a while: if the relay's path stays poor, check {service}'s "
           "service status page."),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "dns_tampering": (
        N_("Turn on secure DNS (DNS over HTTPS) in your system or browser settings, if you can."),
        N_("A VPN, where it is legal for you, avoids forged answers."),
        N_("If you are not in China, tell your internet provider that its DNS gives wrong "
           "answers."),
    ),
    "connection_reset": (
        N_("Wait a few minutes before trying again: after a cut, the same connection can stay "
           "blocked for a few minutes."),
        N_("A VPN, where it is legal for you, usually avoids such filtering."),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "app_blocked_in_china": (
        N_("Call them on WeChat instead: most families use it between China and abroad, and it "
           "works both ways."),
    ),
    "app_blocked_in_china/from_china": (
        N_("Use WeChat to call from mainland China: it works both ways."),
    ),
    "inconclusive/busy": (
        N_("Close other programs (large downloads, games, video) and run CallPath again."),
    ),
    "inconclusive/unplaced": (
        N_("Use a network cable or sit closer to the Wi-Fi router, and run CallPath again."),
        N_("Call at a quieter time: mornings in China are usually better than evenings."),
        N_("Turn off video and use voice only."),
    ),
    "inconclusive": (
        N_("Run CallPath again and let it finish."),
        N_("If it happens again, save the report and share it with someone who can read the "
           "details."),
    ),
}

NOTES = {
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
    "unexplained": N_("{unexplained} other checks failed and are not explained by this verdict; "
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
    "relay_may_limit": N_("Relays may slow down test requests that are not part of a real call."),
    "dns_different": N_("Your DNS gave other addresses for these servers than a trusted resolver "
                        "did. Big services do that by place, so this is not proof of forgery."),
    "proxy_in_use": N_("A proxy is set on this computer: web tests went through it."),
    "control_failed": N_("Some international test sites did not answer either, so this verdict "
                         "is less certain."),
    "control_blocked_in_china": N_("Inside mainland China the independent voice test server is "
                                   "blocked, so this check is less certain."),
    "relay_may_ignore": N_("Relays may ignore test requests that do not come from a real call, "
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
    "also_seen": N_("CallPath also saw trouble on the way into China from here ({also}), which "
                    "does not explain this problem directly."),
}

# Short names of causes, for "also saw ..." sentences.
CAUSE_PHRASES = {
    "china_unreachable": N_("places in China did not answer"),
    "china_degraded": N_("the path into China is congested"),
    "dns_tampering": N_("forged answers for internet names"),
    "connection_reset": N_("connections cut on the way"),
    "app_blocked_in_china": N_("the app is blocked in mainland China"),
    "udp_blocked": N_("the voice relay did not answer"),
    "service_degraded": N_("the way to the voice relay loses or delays data"),
    "weak_link": N_("your own connection loses or delays data"),
    "service_unreachable": N_("the service did not answer"),
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

# Names for reports made before the catalog named its apps.
SERVICE_NAMES = {"skype": "Skype", "teams": "Teams"}

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


# --- rendering ----------------------------------------------------------------------------------------------

def lang_of(name: str) -> str:
    """Our language for a locale name such as "zh_CN.UTF-8", "zh-Hant-TW" or "en_US"."""
    name = (name or "").replace("-", "_")
    if name.startswith("zh"):
        return "zh_TW" if any(t in name for t in ("TW", "HK", "MO", "Hant")) else "zh_CN"
    return "en"


def system_lang() -> str:
    """The user's language among ours, as gettext looks for it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES and LANG that is set (a desktop sets them even where that locale is not
    installed), else the locale Python runs in. The app asks Qt instead (gui/i18n.py)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            first = value.split(":")[0]
            return "en" if first in ("C", "POSIX") or first.startswith("C.") else lang_of(first)
    return lang_of(locale.getlocale()[0] or "")


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(resource_path("locale")), languages=[lang],
                               fallback=True)


def label(key: str, lang: str = "en") -> str:
    """A word around the verdict; an unknown key (a damaged report) is shown as it is."""
    return translator(lang).gettext(LABELS[key]) if key in LABELS else str(key)


def _pick(table: dict, cause: str, variant: str | None):
    if variant and f"{cause}/{variant}" in table:
        return table[f"{cause}/{variant}"]
    if cause in table:
        return table[cause]
    # No text for this variant (a damaged report's odd answer): the cause's first variant.
    return next(v for k, v in table.items() if k.startswith(cause + "/"))


def _variant(f: Finding) -> str | None:
    """The texts' variant: carried in the finding (``facts["variant"]``); reports made before
    it was carried are read the old way."""
    cause, facts = f.cause, f.facts
    if facts.get("variant"):
        return str(facts["variant"])
    if cause == "beyond_reach":
        return facts.get("symptom")
    if cause == "udp_blocked":
        return f.locus
    if cause == "local_dns":
        return facts.get("kind")
    if cause == "inconclusive":
        return facts.get("missing")
    return None


def _app_name(names: Any, fallback: str, lang: str) -> str:
    """An app's name in ``lang``, from the names the catalog gives it."""
    if isinstance(names, dict):
        return str(names.get(lang) or names.get("en") or fallback)
    return SERVICE_NAMES.get(fallback, fallback)


def _values(f: Finding, t: gettext.NullTranslations, lang: str) -> dict[str, Any]:
    facts = f.facts
    names = [n for n in facts.get("names") or [] if n]
    also = facts.get("also_seen")
    return {
        "service": _app_name(facts.get("service_names"), str(facts.get("service", "")), lang),
        "closed": _app_name(facts.get("closed"), "", lang),
        "closed_on": str(facts.get("closed_on", "")),
        "names": ", ".join(names[:3]) + ("…" if len(names) > 3 else ""),
        "failed": facts.get("failed", "?"),
        "tried": facts.get("tried", "?"),
        "loss_pct": _loss(facts),
        "rtt_ms": _num(facts.get("rtt_ms"), 0),
        "mos": _num(facts.get("mos")),
        "days": _num(abs(facts["skew_s"]) / 86400, 0) if isinstance(facts.get("skew_s"), (int, float)) else "?",
        "also": t.gettext(CAUSE_PHRASES[also]) if also in CAUSE_PHRASES else "",
        "product": str(facts.get("product") or ""),
        "hosts": facts.get("hosts", "?"),
        "unexplained": facts.get("unexplained_count", "?"),
        "tunnels": ", ".join(str(n) for n in (facts.get("tunnels") or [])[:3]),
    }


def _loss(facts: dict[str, Any]) -> str:
    """Loss as what the sample can prove: its 95 % interval ("10-18") where one was computed —
    a hundred packets cannot tell 8 % from 12 % — else the figure recorded."""
    low_high = facts.get("loss_range")
    if (isinstance(low_high, list) and len(low_high) == 2
            and all(isinstance(v, (int, float)) for v in low_high) and low_high[1] - low_high[0] >= 1):
        return f"{low_high[0]:.0f}–{low_high[1]:.0f}"
    return _num(facts.get("loss_pct"))


def _num(value: Any, digits: int = 1) -> str:
    if not isinstance(value, (int, float)):
        return "?"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def render(f: Finding, lang: str = "en") -> dict[str, Any]:
    """The verdict of DESIGN 2.2 for a finding, in ``lang`` (English if no catalogue)."""
    t = translator(lang)
    values = _values(f, t, lang)
    variant = _variant(f)
    key = f"{f.cause}/{variant}" if variant and f"{f.cause}/{variant}" in HEADLINES else f.cause
    headline = t.gettext(HEADLINES[key]).format(**values)
    explanation = t.gettext(_pick(EXPLANATIONS, f.cause, variant)).format(**values)
    notes = [t.gettext(NOTES[n]).format(**values) for n in dict.fromkeys(f.notes)]
    actions = [t.gettext(a).format(**values) for a in _pick(ACTIONS, f.cause, variant)]
    separator = "" if lang.startswith("zh") else " "
    return {
        "locus": f.locus,
        "cause": f.cause,
        "confidence": f.confidence,
        "headline": headline,
        "explanation": separator.join([explanation, *notes]),
        "actions": actions,
        "evidence": list(f.evidence),
    }


def all_texts() -> list[str]:
    """Every text meant for people, for translation checks."""
    texts = list(HEADLINES.values()) + list(EXPLANATIONS.values()) + list(NOTES.values())
    texts += list(CAUSE_PHRASES.values()) + list(LABELS.values())
    texts += list(SYMPTOM_TEXTS.values()) + list(LOCUS_TEXTS.values())
    texts += [a for actions in ACTIONS.values() for a in actions]
    return list(dict.fromkeys(texts))
