"""Every word of a verdict, in English, marked for translation: each cause's headline,
explanation and actions (by variant where the finding carries one), the notes, and the words
around them, keyed by cause (the table of causes is the analysis', ``analysis/causes.py``; a
test holds these texts to it in every language).

Written to be short, kind and concrete; technical evidence stays in the report's evidence and
measurements, never in the headline.
"""

from __future__ import annotations

from ..base.i18n import N_, NP_, Text

HEADLINES = {
    "healthy": N_("Your connection looks healthy"),
    "healthy/partly": N_("The checks that matter for calls passed"),
    "beyond_reach": N_("Your side works: the problem is beyond what this computer can see"),
    "beyond_reach/phone_rang": N_("Your calls reach their phone: they need to know it is you"),
    "beyond_reach/no_such_number": N_("The announcement says the number does not exist: check the "
                                      "number first"),
    "beyond_reach/quality": N_("Nothing wrong was seen from here in a short test"),
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
    "busy_line": N_("Your line makes calls wait when it is busy"),
    "udp_blocked/local": N_("Your network blocks the voice channel"),
    "udp_blocked/upstream": N_("The voice servers of {service} did not answer"),
    "udp_blocked/proxy_only": N_("Your network lets connections out only through a proxy"),
    "service_unreachable": N_("{service} cannot be reached from your network"),
    "china_unreachable": N_("Places in China cannot be reached from your network"),
    "china_unreachable/refused_nearby": N_("Something near you refuses connections to China"),
    "service_unreachable/refused_nearby": N_("Something near you refuses connections to {service}"),
    "china_degraded": N_("The path into China is congested"),
    "china_degraded/from_china": N_("The path out of China is congested"),
    "service_degraded": N_("The way to the voice servers of {service} loses or delays data"),
    "dns_tampering": N_("Your computer is given false addresses for some services"),
    "dns_tampering/astray": N_("Your DNS sends some connections to addresses that do not answer"),
    "connection_reset": N_("Connections are being cut on the way"),
    "connection_reset/nearby": N_("Something near you cuts secure connections by name"),
    "app_blocked_in_china": N_("{service} is blocked in mainland China"),
    "app_blocked_in_china/from_china": N_("{service} is blocked where you are, in mainland China"),
    "line_refuses_international": N_("Their phone line does not take calls from abroad"),
    "cut_before_their_line": N_("Your calls are cut on the way into China's phone network"),
    "calls_filtered": N_("Your calls are blocked before their phone rings"),
    "inconclusive": N_("CallPath could not reach a verdict"),
    "inconclusive/busy": N_("This computer was too busy to time the voice tests"),
    "inconclusive/unplaced": N_("Calls would sound poor, but no single part of the way is to blame"),
}

# Counts said inside a text, each in the form for its number (gettext's ngettext).
COUNTS = {"days": NP_("{n} day", "{n} days"),
          "connections": NP_("{failed} of {n} connection failed", "{failed} of {n} connections failed")}

EXPLANATIONS: dict[str, Text] = {
    "healthy": N_("Everything CallPath tested works: your network, {service}, the wider internet "
                  "and the way into China. Voice would travel well."),
    # In the form for its number (NP_): the failures left unexplained.
    "healthy/partly": NP_("Your network, {service} and the way into China passed the checks a call "
                          "needs. {unexplained} other check failed; it is listed in the details, and "
                          "it points to no cause on its own.",
                          "Your network, {service} and the way into China passed the checks a call "
                          "needs. Some other checks failed ({unexplained} in all); they are listed "
                          "in the details, and none of them points to a cause on its own."),
    "beyond_reach/phone_calls": N_(
        "Everything CallPath can test works: your network, {service} and its voice path. A call to "
        "a Chinese phone number leaves {service} through its phone gateway and is handed to a "
        "Chinese phone company; what happens there cannot be seen from here. Often today the call "
        "is blocked as a call from abroad: by a block they (or someone helping them) turned on, "
        "as police campaigns urge; by a default some provinces set; or by the phone company's own "
        "filtering of calls from internet services. They can lift only the blocks on their own "
        "line and phone; nobody can switch off the phone company's filtering. Often, too, nobody "
        "answers a call shown as coming from abroad (境外来电)."),
    "beyond_reach/phone_rang": N_(
        "Everything CallPath can test works, and you say their phone rang: the call crosses into "
        "China and reaches the phone. There it shows as coming from abroad (境外来电), often from "
        "an unknown number, sometimes with another country's name (where the phone gateway of "
        "{service} is) or a 疑似诈骗 (suspected fraud) label, and people there are told not to "
        "answer such calls. If a call drops as soon as it is answered, it is cut on the way, not "
        "by their phone: a phone's blocking acts before it rings."),
    "beyond_reach/no_such_number": N_(
        "Everything CallPath can test works, and the announcement you heard says the number does "
        "not exist (空号). Most often a digit or a prefix is wrong: a Chinese mobile number is +86 "
        "and 11 digits starting with 1; a landline is +86, the area code without its first 0, and "
        "the number. If the number is right, a block on their line may play the same "
        "announcement."),
    "beyond_reach/app_calls": N_(
        "Everything CallPath can test works: your network, {service}, its voice path and the way "
        "into China. A call to a contact in China also depends on their network and their app, "
        "which this computer cannot test."),
    "beyond_reach/quality": N_(
        "Short voice tests from here to {service} and into China went well. A few seconds of "
        "small test packets cannot see everything: a line that chokes only when a call's video "
        "fills it, someone else at home uploading, a connection that breaks after half a minute, "
        "or the other person's network. The tests below tell these apart."),
    "beyond_reach/sign_in": N_(
        "The sign-in servers of {service} answer normally from here, and your network works. The "
        "trouble is most likely with the account or the app itself."),
    "line_refuses_international": N_(
        "Everything on your side and at {service} works, but their line does not take calls from "
        "abroad. Each phone company can turn receiving calls from abroad and from Hong Kong, Macau "
        "and Taiwan on or off for a line (China Mobile calls it 国际及港澳台来话接听, China Unicom "
        "境外语音接听, China Broadnet 境外来电业务). Some provinces turned it off by default, police "
        "campaigns urge people without family abroad to turn it off, and some older people had "
        "relatives or community police do it for them. It is their own line's setting: a call to "
        "their phone company turns it back on."),
    "cut_before_their_line": N_(
        "Everything on your side and at {service} works. You heard ringing, then the call ended "
        "with a message, while their phone showed nothing. That ringing is made by the network, "
        "not by their phone: the call was cut between the phone gateway of {service} (its way "
        "into the phone network) and their phone company, in the hand-over or in the phone company's "
        "own filtering of calls from internet services. It is not their phone and not your side. "
        "In May 2023 calls from Skype to Chinese phones failed this way for weeks; Microsoft "
        "blamed changes made by the Chinese phone companies."),
    "calls_filtered": N_(
        "Everything on your side and at {service} works, and their line takes other calls from "
        "abroad, yet your calls never showed on their phone. Something turns these calls away "
        "before the phone rings: a block they (or someone helping them) turned on, in their phone "
        "(骚扰拦截, silencing unknown callers) or in their phone company's call filter; or the "
        "phone company's own filtering of calls from internet services (by the number shown, and "
        "by many short or repeated calls). They can lift their own blocks; nobody can switch off "
        "the phone company's filtering."),
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
    # {days}: COUNTS["days"], in the form for its number ("1 day", "3 days").
    "clock_skew/days": N_("Secure connections check certificates against today's date. Your "
                          "computer's clock is about {days} off, so secure connections fail, "
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
    "busy_line": N_("Every check on your idle line passed. But while CallPath kept your line busy "
                    "for a few seconds ({busy_direction}), as a video call, a phone backing up "
                    "photos or a download does, a call's voice waited again and again up to about "
                    "{busy_ms} ms longer (grade {busy_grade}, on an A-to-F scale like the one speed "
                    "tests use). Calls then lag, break up or drop with \"your connection is too "
                    "weak\". The wait builds up on your own connection (your router or modem, or "
                    "your provider's equipment at the other end of your line), not on the way to "
                    "China."),
    "udp_blocked/local": N_("A call's sound travels on a fast channel of its own. From here no "
                            "voice server answered on that channel, neither those of {service} nor an "
                            "independent test server, although web pages open. A firewall on "
                            "this computer or the router, or a company, school or hotel network, "
                            "is blocking it."),
    "udp_blocked/proxy_only": N_("Web pages work here only through the proxy your computer is "
                                 "set to use; nothing goes out directly. A call's sound needs a "
                                 "direct channel of its own, which such networks (companies, "
                                 "schools, some hotels) do not allow, so calls fail or sound "
                                 "poor."),
    "udp_blocked/upstream": N_("Your network lets a call's sound through, but the voice servers "
                               "of {service} did not answer the voice test, although they accepted an "
                               "ordinary connection."),
    # {connections}: COUNTS["connections"] ("1 of 1 connection failed", "3 of 4 connections failed").
    "service_unreachable": N_("The rest of the internet works, but the servers of {service} did "
                              "not answer ({connections}). The service may be down, or something "
                              "between you and it is blocking it."),
    "china_unreachable": N_("The rest of the internet and {service} work, but sites and servers in "
                            "mainland China did not answer ({connections}). The path into China is "
                            "cut or blocked somewhere past your internet provider, not on your side."),
    "china_unreachable/refused_nearby": N_(
        "Connections to China were refused in {refused_ms} ms, sooner than anything in China has "
        "ever answered from here (at least {floor_ms} ms). The refusal came from something near "
        "you: your router's or office network's filter, security software on this computer, or "
        "your internet provider."),
    "service_unreachable/refused_nearby": N_(
        "Connections to {service} were refused in {refused_ms} ms, sooner than the servers "
        "of {service} have ever answered from here (at least {floor_ms} ms). The refusal came from "
        "something near you: your router's or office network's filter, security software on this "
        "computer, or your internet provider."),
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
        "The way to the voice servers of {service} loses or delays data (about {loss_pct}% of packets "
        "lost, {rtt_ms} ms round trip), while other destinations are fine."),
    "dns_tampering/pool": N_("When your computer asked for the address of {names}, it got "
                             "answers that differ from a trusted secure resolver's, and that "
                             "China's firewall is known to forge. Connections then go nowhere."),
    "dns_tampering/astray": N_(
        "For {names}, your DNS (your router's or your internet provider's) gave other addresses "
        "than a trusted secure resolver did. Connections to your DNS's addresses failed, while the "
        "trusted resolver's address answered at once: the service is up, and your DNS is sending "
        "you where it does not answer. Big services answer by place, so this alone does not "
        "prove the answers were forged."),
    "dns_tampering": N_("When your computer asked for the address of {names}, it got answers that "
                        "differ from a trusted secure resolver's, and connecting to them failed. "
                        "The answers were most likely forged on the way."),
    # {hosts}: two or more, always (localrules: one site's certificate is no pattern).
    "tls_interception/product": N_(
        "Secure connections to {hosts} sites were opened and signed again by {product}, which "
        "your computer trusts. Security software and company networks do this to inspect "
        "traffic; it can slow down or break {service}."),
    "connection_reset/nearby": N_(
        "Secure connections to {names} were cut as soon as they named the site, sooner than the "
        "server could have answered, while the same server accepted a connection for another "
        "name. The cut came from something near you: an office or school network's filter, "
        "security software on this computer, or your internet provider."),
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

# The one fixed claim about the time of day (docs/sources.md, "cross-border congestion": about 12 hours
# a day slower on ordinary networks, evenings usually worst, no fixed good window). Better hours
# come only from the user's own watch: explain puts them in its place when one ran.
TIME_ACTION = N_("Call at a quieter time: calls between China and abroad usually go worst in "
                 "China's evening ({china_evening}). To find the better hours for you, let "
                 "CallPath watch the line to China for a day.")
# From inside mainland China a watch times the wrong way (watch.words): no watch suggested.
TIME_ACTION_CHINA = N_("Call at a quieter time: calls between China and abroad usually go worst in "
                       "China's evening ({china_evening}).")
TIME_WATCHED = N_("Call at the hours your watch of the line to China found best: {best}. Calls "
                  "went worst at {worst}.")
CLOCK_CHANGE = N_("China never changes its clocks, but yours change on {date}: from then, {hours} "
                  "Beijing time is {local} your time.")
# Only with a link: an action naming a fact the finding lacks ({status_url} for an app with no
# public status page) is left out (explain).
STATUS_ACTION = N_("Look for an outage on the status page of {service}: {status_url}")

# What a user inside mainland China is told instead (None: nothing): foreign secure DNS is
# blocked or reset there (docs/sources.md, "Where the user is"), and the advice for providers abroad
# does not apply.
IN_CHINA = {
    TIME_ACTION: TIME_ACTION_CHINA,
    N_("Turn on secure DNS (DNS over HTTPS) in your system or browser settings, if you can, "
       "or set a public DNS server such as {resolvers}."):
        N_("Set the DNS server on your computer or router to a public one in China, such as "
           "{resolvers}."),
    N_("Turn on secure DNS (DNS over HTTPS) in your system or browser settings, if you can."): None,
    N_("Tell your internet provider that its DNS gives wrong answers."): None,
}

ACTIONS = {
    "healthy": (
        N_("If calls still fail, run CallPath again while the problem happens, and say what goes "
           "wrong."),
    ),
    "beyond_reach/phone_calls": (
        N_("Call once and let it ring; if it fails, write to them on WeChat before you try again. "
           "Many short or repeated calls to one number are likely to be taken for nuisance calls by "
           "the phone companies' fraud filters."),
        N_("Call them on WeChat instead, app to app: it does not go through the phone network."),
        N_("Ask them to call their phone company and ask for calls from abroad to be let through: "
           "China Mobile 10086 (国际及港澳台来话接听), China Unicom 10010 (境外语音接听), China "
           "Telecom 10000, China Broadnet 10099 (境外来电业务). It lifts only blocks on their own "
           "line; the message below says how to ask."),
        N_("Ask them to look in their phone's blocked calls for yours (骚扰拦截: in the Phone app's "
           "menu on Huawei, Xiaomi and OPPO phones, in the settings on others; on an iPhone, "
           "Settings → Phone → Silence Unknown Callers), and in their phone company's call filter "
           "if they use one (China Mobile 高频骚扰电话防护, China Telecom 天翼防骚扰, China "
           "Unicom 联通助理 — WeChat official accounts)."),
        N_("Before each call, tell them on WeChat that it will show as a call from abroad "
           "(境外来电), maybe from an unknown number or another country. The message below says it "
           "for you, with how to check it is you, and how to tell a real call from the police's "
           "anti-fraud line 96110, or a real warning text from 12381, from a fake."),
        N_("The Skype Dial Pad in {service} works only while Skype Credit remains: new credit can "
           "no longer be bought, and credit unused for 180 days goes inactive. Inactive credit can be "
           "reactivated on Skype's web page: https://secure.skype.com/portal/settings/credit/reactivate"),
    ),
    "beyond_reach/phone_rang": (
        N_("Before each call, tell them on WeChat that it will show as a call from abroad "
           "(境外来电), maybe from an unknown number or another country. The message below says it "
           "for you, with how to check it is you, and how to tell a real call from the police's "
           "anti-fraud line 96110, or a real warning text from 12381, from a fake."),
        N_("If the call drops as soon as they answer, it is cut on the way, not by their phone: "
           "write to them on WeChat and try once more later, or call on WeChat."),
        N_("Call them on WeChat instead, app to app: it does not go through the phone network."),
    ),
    "beyond_reach/no_such_number": (
        N_("Check the number: +86, then the 11-digit mobile number (it starts with 1); for a "
           "landline, +86, the area code without its first 0, then the number (Beijing 010 "
           "1234 5678 is +86 10 1234 5678)."),
        N_("If the number is right, ask them on WeChat whether calls from abroad are blocked on "
           "their line: the message below says how to check."),
        N_("Call them on WeChat instead, app to app: it does not go through the phone network."),
    ),
    "line_refuses_international": (
        N_("Ask them to call their phone company and ask for calls from abroad to be let through: "
           "China Mobile 10086 (国际及港澳台来话接听), China Unicom 10010 (境外语音接听), China "
           "Telecom 10000, China Broadnet 10099 (境外来电业务). It lifts only blocks on their own "
           "line; the message below says how to ask."),
        N_("Until then, call them on WeChat, app to app: it does not need that switch."),
        N_("Before each call, tell them on WeChat that it will show as a call from abroad "
           "(境外来电), maybe from an unknown number or another country. The message below says it "
           "for you, with how to check it is you, and how to tell a real call from the police's "
           "anti-fraud line 96110, or a real warning text from 12381, from a fake."),
    ),
    "cut_before_their_line": (
        N_("Call once and let it ring; if it fails, write to them on WeChat before you try again. "
           "Many short or repeated calls to one number are likely to be taken for nuisance calls by "
           "the phone companies' fraud filters."),
        N_("Call them on WeChat instead, app to app: it does not go through the phone network."),
        N_("A call from an ordinary mobile phone abroad, with your real number, may get through "
           "when {service} cannot."),
        N_("Nothing on their phone or on your side needs changing: the message below tells them "
           "so."),
    ),
    "calls_filtered": (
        N_("Ask them to look in their phone's blocked calls for yours (骚扰拦截: in the Phone app's "
           "menu on Huawei, Xiaomi and OPPO phones, in the settings on others; on an iPhone, "
           "Settings → Phone → Silence Unknown Callers), and in their phone company's call filter "
           "if they use one (China Mobile 高频骚扰电话防护, China Telecom 天翼防骚扰, China "
           "Unicom 联通助理 — WeChat official accounts)."),
        N_("Call once and let it ring; if it fails, write to them on WeChat before you try again. "
           "Many short or repeated calls to one number are likely to be taken for nuisance calls by "
           "the phone companies' fraud filters."),
        N_("Call them on WeChat instead, app to app: it does not go through the phone network."),
        N_("If nothing is blocked on their side, the phone company's own filtering is turning the "
           "calls away, and nobody can switch it off: call on WeChat."),
    ),
    "beyond_reach/app_calls": (
        N_("Ask them to switch their phone between Wi-Fi and mobile data and take the call again: "
           "the message below asks it for you."),
        N_("Make sure both of you have the latest version of {service}."),
        TIME_ACTION,
    ),
    "beyond_reach/quality": (
        N_("Try the call with video off: if it sounds better, a line (yours or theirs) chokes "
           "when the call fills it."),
        N_("Make sure nobody else at home is uploading or streaming during the call (photo "
           "backup, large files, video)."),
        N_("Ask them to switch their phone between Wi-Fi and mobile data and take the call "
           "again: if it sounds better, their network was the trouble."),
        TIME_ACTION,
    ),
    "beyond_reach/sign_in": (
        N_("Sign out of {service} and sign in again; check the password on the website."),
        N_("Update {service}, or remove it and install it again."),
        STATUS_ACTION,
    ),
    "no_network": (
        N_("Check that Wi-Fi is on and connected, or that the network cable is plugged in."),
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If other devices at home are offline too, call your internet provider."),
    ),
    "local_dns": (
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If that does not help, set the DNS server on your computer or router to a public one, "
           "such as {resolvers}."),
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
        N_("A test anyone can do: turn off your security software's web protection for a minute "
           "and run CallPath again. If this verdict goes away, that software was the cause."),
        N_("If it was: in that software's settings, turn off 'HTTPS scanning' (or 'web shield') "
           "for good, or add {service} as an exception."),
        N_("On a work or school network, ask its administrator."),
    ),
    "weak_link": (
        N_("Move closer to the Wi-Fi router, or use a network cable."),
        N_("Stop large downloads, uploads and video streaming during calls."),
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("If it stays bad, call your internet provider."),
    ),
    "busy_line": (
        N_("During calls, pause what fills your line: phones or computers backing up photos or "
           "syncing to the cloud, big downloads and updates, video streaming, games."),
        N_("If your router has a setting called 'Smart Queue' (SQM), 'QoS' or 'bandwidth "
           "control', turn it on; where it asks for your line's speed, give a little less than "
           "its real speed."),
        N_("If that does not help, ask your internet provider whether your modem or your plan's "
           "upload speed can be improved."),
    ),
    "udp_blocked/local": (
        N_("A test anyone can do: connect this computer to your phone's hotspot and call again. "
           "If the call works there, your router, firewall or this network is the cause."),
        N_("If you use a firewall or security app, allow {service} through it."),
        N_("Restart your router; in its settings, turn off options that block UDP or 'SIP ALG'."),
    ),
    "udp_blocked/proxy_only": (
        N_("Try the call on another network, such as your phone's hotspot or your home Wi-Fi."),
        N_("At work or school, ask the network's administrator whether calls with {service} are "
           "allowed."),
    ),
    "udp_blocked/upstream": (
        N_("Try a call: {service} may fall back to a slower connection that works."),
        N_("If calls fail, look for an outage on the status page of {service}: {status_url}"),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "service_unreachable": (
        STATUS_ACTION,
        N_("Wait a while and try again."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If {service} answers "
           "there, something on your own network or provider blocks it."),
    ),
    "china_unreachable": (
        N_("Wait and try again later: such cuts are often temporary."),
        N_("Try another network, such as mobile data: another provider may take another route "
           "into China."),
        N_("Ask your relative whether their internet works at all right now."),
    ),
    "china_unreachable/refused_nearby": (
        N_("If you are at work or school, ask the network's administrator whether connections to "
           "China are blocked."),
        N_("Look in your router's and your security software's settings for a country or "
           "region filter, and allow China."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If China answers "
           "there, the block is on your own network."),
    ),
    "service_unreachable/refused_nearby": (
        N_("If you are at work or school, ask the network's administrator whether {service} is "
           "blocked."),
        N_("Look in your security software's settings for a rule that blocks {service}."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If {service} "
           "answers there, the block is on your own network."),
    ),
    "china_degraded": (
        TIME_ACTION,
        N_("Turn off video and use voice only."),
        N_("Try another network, such as mobile data: another provider may take a better route."),
    ),
    "service_degraded": (
        N_("Try a call: if it sounds poor, turn off video and use voice only."),
        N_("Run CallPath again in a while: if the way to the voice servers stays poor, look for an "
           "outage on the status page of {service}: {status_url}"),
        N_("Try another network, such as your phone's hotspot, to compare."),
    ),
    "dns_tampering/astray": (
        N_("Turn on secure DNS (DNS over HTTPS) in your system or browser settings, if you can, "
           "or set a public DNS server such as {resolvers}."),
        N_("Restart your router: unplug it for 30 seconds, then wait two minutes."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If the answers are "
           "right there, your own network's DNS is the one giving wrong ones."),
    ),
    "dns_tampering": (
        N_("Turn on secure DNS (DNS over HTTPS) in your system or browser settings, if you can."),
        N_("A VPN, where it is legal for you, avoids forged answers."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If the answers are "
           "right there, your own network's DNS is the one giving false ones."),
        N_("Tell your internet provider that its DNS gives wrong answers."),
    ),
    "connection_reset/nearby": (
        N_("If you are at work or school, ask the network's administrator whether {service} is "
           "blocked."),
        N_("Look in your security software's settings for a rule that blocks {service}."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If {service} "
           "answers there, the block is on your own network."),
    ),
    "connection_reset": (
        N_("Wait a few minutes before trying again: after a cut, the same connection can stay "
           "blocked for a few minutes."),
        N_("A VPN, where it is legal for you, usually avoids such filtering."),
        N_("A test anyone can do: run CallPath again on your phone's hotspot. If the cuts are gone "
           "there, they happen on your own internet provider's way."),
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
        TIME_ACTION,
        N_("Turn off video and use voice only."),
    ),
    "inconclusive": (
        N_("Run CallPath again and let it finish."),
        N_("If it happens again, save the report and share it with someone who can read the "
           "details."),
    ),
}
