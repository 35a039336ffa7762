"""Step 1 of the analysis (core/analysis/localrules.py), pinned rule by rule: each threshold just under
and just over, each member of each code set, each early return. The rules are called on
hand-made measurements, so every test says exactly which evidence decides."""

import pytest

from callpath.core.analysis import judge as analysis
from callpath.core.analysis import localrules
from callpath.core.analysis.answers import Answers
from callpath.core.analysis.evidence import Evidence
from callpath.core.base.measurement import Failure, Measurement
from tests.replay import edit_all, load, run


def m(mid: str, kind: str, code: str | None = None, target: str = "", **metrics) -> Measurement:
    """A measurement ``<group>.<endpoint>.<kind>``; ``code`` None is a success."""
    group = mid.split(".", 1)[0]
    return Measurement(mid, kind, group, target or mid, code is None,
                       None if code is None else Failure(code, "test"), metrics)


def ev(*ms: Measurement, symptom: str = "phone_calls", location: str = "abroad") -> Evidence:
    return Evidence(list(ms), Answers(symptom, location, "teams"))


# --- no network ---------------------------------------------------------------------------

def test_interfaces_without_a_network_are_no_network_on_their_own():
    f = localrules._no_network(ev(m("local.interfaces", "interfaces", "no_network"),
                                  m("world.a.tcp", "tcp")))
    assert (f.cause, f.confidence, f.evidence) == ("no_network", "high", ["local.interfaces"])


def test_a_route_without_a_network_and_nothing_reached_quotes_the_route_and_three_remotes():
    remote = [m(f"world.s{i}.tcp", "tcp", "refused") for i in range(5)]
    f = localrules._no_network(ev(m("local.route", "route", "no_network"), *remote))
    # high (not the silent-share rule's medium: "refused" is not silence) with 3 remotes quoted
    assert (f.cause, f.confidence) == ("no_network", "high")
    assert f.evidence == ["local.route", "world.s0.tcp", "world.s1.tcp", "world.s2.tcp"]


def test_a_route_reading_other_than_no_network_is_no_verdict():
    remote = [m(f"world.s{i}.tcp", "tcp", "refused") for i in range(3)]
    assert localrules._no_network(ev(m("local.route", "route", "other"), *remote)) is None
    assert localrules._no_network(ev(*remote)) is None   # no route reading at all


@pytest.mark.parametrize("kind", ["tcp", "stun", "dns_sample", "dns_server", "http"])
@pytest.mark.parametrize("group", ["world", "service", "china"])
def test_anything_remote_that_answered_refutes_the_route(kind, group):
    # The route says no network, but one remote step of each kind/group got an answer.
    e = ev(m("local.route", "route", "no_network"), m(f"{group}.a.{kind}", kind))
    assert localrules._no_network(e) is None


def test_silence_from_four_of_five_remotes_is_no_network():
    # share(failing, remote) >= 0.8: 4 silent of 5, none reached
    ms = [m(f"world.s{i}.tcp", "tcp", "timeout") for i in range(4)] + [m("world.x.tcp", "tcp", "refused")]
    f = localrules._no_network(ev(*ms))
    assert (f.cause, f.confidence) == ("no_network", "medium")
    assert f.evidence == [f"world.s{i}.tcp" for i in range(4)]


def test_silence_from_seven_of_ten_remotes_is_no_verdict():
    # 0.7 < 0.8
    ms = [m(f"world.s{i}.tcp", "tcp", "timeout") for i in range(7)] + \
         [m(f"world.x{i}.tcp", "tcp", "refused") for i in range(3)]
    assert localrules._no_network(ev(*ms)) is None


def test_no_network_quotes_at_most_five_silent_remotes():
    ms = [m(f"world.s{i}.tcp", "tcp", "no_network") for i in range(7)]
    f = localrules._no_network(ev(*ms))
    assert f.evidence == [f"world.s{i}.tcp" for i in range(5)]


@pytest.mark.parametrize("code", ["timeout", "unreachable", "no_response", "no_network"])
def test_each_silent_code_counts_as_no_network(code):
    ms = [m(f"world.s{i}.stun", "stun", code) for i in range(3)]
    assert localrules._no_network(ev(*ms)).cause == "no_network"


# --- the user's resolver ------------------------------------------------------------------

def lookups(failing: int, ok: int, code: str = "timeout", groups=("world", "service")):
    out = [m(f"{groups[i % len(groups)]}.f{i}.dns", "dns", code) for i in range(failing)]
    return out + [m(f"world.ok{i}.dns", "dns") for i in range(ok)]


def test_no_resolver_configured():
    f = localrules._local_dns(ev(m("local.resolvers", "resolvers", "no_resolver")))
    assert (f.confidence, f.facts) == ("high", {"variant": "none_configured"})


@pytest.mark.parametrize("code", ["timeout", "servfail", "dns_refused", "no_resolver", "malformed"])
def test_each_dns_failure_code_counts(code):
    f = localrules._local_dns(ev(*lookups(3, 2, code)))
    assert f.facts == {"variant": "silent", "failed": 3, "asked": 5}


def test_three_of_five_lookups_failing_in_two_groups_is_the_users_dns():
    # >= 3 failing, share >= 0.6 (3/5 exactly), >= 2 groups
    f = localrules._local_dns(ev(*lookups(3, 2)))
    assert (f.cause, f.confidence) == ("local_dns", "medium")   # no direct resolver answered


def test_half_the_lookups_failing_is_not_the_users_dns():
    assert localrules._local_dns(ev(*lookups(3, 3))) is None     # 0.5 < 0.6


def test_two_failing_lookups_are_too_few():
    assert localrules._local_dns(ev(*lookups(2, 0))) is None     # 2 < 3, though all failed


def test_failing_lookups_in_one_group_are_that_group():
    assert localrules._local_dns(ev(*lookups(4, 0, groups=("world",)))) is None


def test_a_lookup_failing_for_the_trusted_resolver_too_is_down_for_everyone():
    ms = lookups(3, 0)
    trusted_failed = m("world.f0.dns_trusted", "dns_trusted", "timeout")
    assert localrules._local_dns(ev(*ms, trusted_failed)) is None      # 2 left
    for trusted in (m("world.f0.dns_trusted", "dns_trusted"),                 # trusted did better
                    m("world.f0.dns_trusted", "dns_trusted", "skipped")):     # not asked
        assert localrules._local_dns(ev(*ms, trusted)).facts["failed"] == 3


@pytest.mark.parametrize("kind", ["dns_server", "dns_sample"])
def test_a_resolver_answering_directly_makes_it_high(kind):
    ms = lookups(7, 0)
    f = localrules._local_dns(ev(*ms, m(f"world.r.{kind}", kind), m(f"service.r2.{kind}", kind)))
    assert f.confidence == "high"
    assert f.evidence == [x.id for x in ms[:5]] + [f"world.r.{kind}"]


def test_only_the_routers_resolver_answering_is_no_direct_answer():
    ms = lookups(3, 0)
    f = localrules._local_dns(ev(*ms, m("local.home.dns_sample", "dns_sample"),
                                 m("world.r.dns_server", "dns_server", "timeout")))
    assert f.confidence == "medium"
    assert f.evidence == [x.id for x in ms]


# --- captive portal -----------------------------------------------------------------------

def web(i: int, code: str | None = None, **metrics) -> Measurement:
    return m(f"world.w{i}.http", "http", code, **metrics)


@pytest.mark.parametrize("code", ["http_status", "bad_body"])
def test_two_of_four_odd_pages_are_a_portal(code):
    # >= 2 odd and share >= 0.5 (2/4 exactly)
    f = localrules._captive_portal(ev(web(0, code), web(1, code, location="http://login"), web(2), web(3)))
    assert (f.cause, f.facts) == ("captive_portal", {"redirect": "http://login"})


def test_two_of_five_odd_pages_are_no_portal():
    assert localrules._captive_portal(ev(web(0, "http_status"), web(1, "bad_body"), web(2), web(3), web(4))) is None


def test_one_odd_page_alone_is_no_portal():
    assert localrules._captive_portal(ev(web(0, "http_status"))) is None   # share 1.0 but 1 < 2


def test_two_odd_pages_alone_are_a_portal():
    f = localrules._captive_portal(ev(web(0, "http_status", redirect="http://a"), web(1, "http_status")))
    assert f.facts == {"redirect": "http://a"}


def test_a_proxy_refusing_is_not_a_portal():
    ms = [web(i, "http_status", proxy="proxy:8080", status=407) for i in range(3)]
    assert localrules._captive_portal(ev(*ms)) is None


# --- the proxy ----------------------------------------------------------------------------

def proxy_setting(in_use: bool = True) -> Measurement:
    return m("local.proxy", "proxy", in_use=in_use)


@pytest.mark.parametrize("status", [403, 407, 502, 503, 504])
def test_each_refusal_code_is_the_proxy_failing(status):
    # 403 forbidden, 407 auth required, 502/503/504 the proxy's own failure (RFC 9110)
    f = localrules._proxy(ev(proxy_setting(), web(0, "http_status", proxy="p:1", status=status)))
    assert (f.cause, f.facts) == ("proxy", {"proxy": "p:1"})


def test_a_proxied_not_found_is_not_the_proxy_failing():
    assert localrules._proxy(ev(proxy_setting(), web(0, "http_status", proxy="p:1", status=404))) is None


def test_a_proxy_not_in_use_is_never_blamed():
    broken = [web(i, "proxy_error", proxy="p:1") for i in range(3)]
    assert localrules._proxy(ev(proxy_setting(False), *broken)) is None
    assert localrules._proxy(ev(*broken)) is None


def test_half_the_proxied_fetches_failing_is_the_proxy():
    f = localrules._proxy(ev(proxy_setting(), web(0, "proxy_error", proxy="p:1"), web(1, proxy="p:1")))
    assert f.cause == "proxy"


def test_two_of_five_proxied_fetches_failing_is_not_the_proxy():
    ms = [web(i, "proxy_error", proxy="p:1") for i in range(2)] + [web(i, proxy="p:1") for i in range(2, 5)]
    assert localrules._proxy(ev(proxy_setting(), *ms)) is None


def test_the_proxy_verdict_quotes_four_failures_and_one_direct_connection():
    broken = [web(i, "proxy_error", proxy=f"p{i}:1") for i in range(5)]
    direct = [m("world.t0.tcp", "tcp"), m("world.t1.tcp", "tcp")]
    f = localrules._proxy(ev(proxy_setting(), *broken, *direct))
    assert f.confidence == "high"     # direct connections work: only the proxy fails
    assert f.evidence == ["local.proxy"] + [x.id for x in broken[:4]] + ["world.t0.tcp"]
    assert f.facts == {"proxy": "p0:1"}   # the first failing fetch's proxy
    f = localrules._proxy(ev(proxy_setting(), *broken))
    assert f.confidence == "medium"


# --- only the proxy leads out -------------------------------------------------------------

def proxy_only_network():
    return [proxy_setting(), web(0, "http_status", proxy="p:1", status=404)] + \
        [web(i, proxy="p:1") for i in range(1, 4)] + [web(9)] + \
        [m(f"world.t{i}.tcp", "tcp", "timeout") for i in range(4)]


def test_only_the_proxy_leading_out_blocks_voice():
    e = ev(*proxy_only_network())
    assert e.proxy_only
    f = localrules._proxy_only(e)
    assert (f.cause, f.facts) == ("udp_blocked", {"variant": "proxy_only"})
    # the working proxied fetches (2), then the direct steps that could not take the way (3)
    assert f.evidence == ["local.proxy", "world.w1.http", "world.w2.http",
                          "world.t0.tcp", "world.t1.tcp", "world.t2.tcp"]


def test_only_the_proxy_leading_out_says_nothing_of_a_sign_in():
    assert localrules._proxy_only(ev(*proxy_only_network(), symptom="sign_in")) is None
    assert localrules._proxy_only(ev(*proxy_only_network(), symptom="app_calls")) is not None


# --- the clock ----------------------------------------------------------------------------

def clock(n: int, groups=("world", "service"), code: str = "cert_expired", kind: str = "tls"):
    return [m(f"{groups[i % len(groups)]}.c{i}.{kind}", kind, code) for i in range(n)]


def skewed(*skews: float):
    return [m(f"world.k{i}.http", "http", clock_skew_s=s) for i, s in enumerate(skews)]


@pytest.mark.parametrize("code", ["cert_expired", "cert_not_yet_valid"])
@pytest.mark.parametrize("kind", ["tls", "doh", "dns_trusted", "http"])
def test_certificates_out_of_date_on_three_destinations_in_two_groups_are_the_clock(code, kind):
    # ">= 3 destinations in >= 2 groups"
    f = localrules._clock_skew(ev(*clock(3, code=code, kind=kind)))
    assert (f.cause, f.confidence, f.facts) == ("clock_skew", "high", {"skew_s": None, "variant": None})


def test_two_failures_or_one_group_are_not_the_clock():
    assert localrules._clock_skew(ev(*clock(2))) is None                       # 2 < 3
    assert localrules._clock_skew(ev(*clock(4, groups=("world",)))) is None    # 1 group < 2


def test_the_clock_verdict_quotes_five_failures():
    f = localrules._clock_skew(ev(*clock(7), *skewed(90000, 90000)))
    assert f.evidence == [f"{'world' if i % 2 == 0 else 'service'}.c{i}.tls" for i in range(5)]
    assert (f.confidence, f.facts) == ("high", {"skew_s": 90000, "variant": "days"})


def test_a_clock_a_day_off_with_one_failure_is_the_clock():
    # a skew of exactly a day (>= 24 h) is the "days" variant, and with it one failure suffices
    f = localrules._clock_skew(ev(*clock(1), *skewed(86400, 86400)))
    assert (f.confidence, f.facts) == ("medium", {"skew_s": 86400, "variant": "days"})
    f = localrules._clock_skew(ev(*clock(1), *skewed(-86400, -86400)))
    assert f.facts == {"skew_s": -86400, "variant": "days"}


def test_a_clock_just_under_a_day_off_is_not_the_days_variant():
    assert localrules._clock_skew(ev(*clock(1), *skewed(86399, 86399))) is None
    assert localrules._clock_skew(ev(*clock(1), *skewed(82900, 82900))) is None   # 23 h and a bit


def test_one_skew_reading_is_no_median():
    # len(skews) >= 2: a single page's date is not trusted alone
    assert localrules._clock_skew(ev(*clock(1), *skewed(200000))) is None


def test_the_medium_clock_verdict_quotes_five_failures():
    f = localrules._clock_skew(ev(*clock(7, groups=("world",)), *skewed(1e6, 1e6)))
    assert f.confidence == "medium"
    assert f.evidence == [f"world.c{i}.tls" for i in range(5)]


def test_days_off_without_any_failure_is_no_verdict():
    assert localrules._clock_skew(ev(*skewed(1e6, 1e6))) is None


# --- TLS interception ---------------------------------------------------------------------

def signed(mid: str, issuer: str) -> Measurement:
    return m(mid, "tls", issuer=issuer)


def test_one_host_signed_by_a_product_is_not_enough():
    assert localrules._tls_interception(ev(signed("world.a.tls", "ESET SSL Filter CA"))) is None


def test_two_hosts_in_two_groups_signed_by_a_product_is_high():
    f = localrules._tls_interception(ev(signed("world.a.tls", "ESET SSL Filter CA"),
                                        signed("service.b.tls", "Kaspersky Anti-Virus Personal Root")))
    assert (f.cause, f.confidence) == ("tls_interception", "high")
    assert f.facts == {"variant": "product", "product": "ESET", "hosts": 2}   # the first product named


def test_two_hosts_in_one_group_signed_by_a_product_is_medium():
    f = localrules._tls_interception(ev(signed("world.a.tls", "ESET SSL Filter CA"),
                                        signed("world.b.tls", "ESET SSL Filter CA")))
    assert f.confidence == "medium"


def test_the_product_verdict_quotes_six_handshakes():
    ms = [signed(f"world.h{i}.tls", "Zscaler Root CA") for i in range(8)]
    f = localrules._tls_interception(ev(*ms))
    assert f.evidence == [x.id for x in ms[:6]]
    assert f.facts["hosts"] == 8


def untrusted(n: int, groups=("world", "service"), code: str = "cert_untrusted"):
    return [m(f"{groups[i % len(groups)]}.u{i}.tls", "tls", code) for i in range(n)]


@pytest.mark.parametrize("code", ["cert_untrusted", "cert_name_mismatch"])
def test_untrusted_certificates_on_three_hosts_in_two_groups_are_interception(code):
    f = localrules._tls_interception(ev(*untrusted(3, code=code)))
    assert (f.cause, f.confidence, f.facts) == ("tls_interception", "high", {"hosts": 3})


def test_untrusted_certificates_on_two_hosts_or_in_one_group_are_not():
    assert localrules._tls_interception(ev(*untrusted(2))) is None
    assert localrules._tls_interception(ev(*untrusted(4, groups=("world",)))) is None


def test_a_verified_handshake_beside_untrusted_ones_makes_it_medium():
    ms = untrusted(8)
    f = localrules._tls_interception(ev(*ms, m("world.ok.tls", "tls")))
    assert f.confidence == "medium"
    assert f.evidence == [x.id for x in ms[:6]]


# --- connections cut (CUT_CODES, used by the analysis' reset rule) ------------------------

@pytest.mark.parametrize("code", ["reset", "connection_closed"])
def test_each_cut_code_is_a_cut_handshake(code):
    f = analysis._resets(ev(m("world.a.tls", "tls", code, sni="a.example")), "world")
    assert (f.cause, f.evidence) == ("connection_reset", ["world.a.tls"])


@pytest.mark.parametrize("code", ["reset", "connection_closed"])
def test_each_cut_code_is_a_cut_web_request(code):
    f = analysis._resets(ev(m("world.a.http", "http", code)), "world")
    assert (f.cause, f.evidence) == ("connection_reset", ["world.a.http"])


# --- UDP blocked on this side -------------------------------------------------------------

def stun(mid: str, port: int, code: str | None = "no_response") -> Measurement:
    return m(mid, "stun", code, target=f"{mid.split('.')[1]}.example:{port}/udp")


TCP_OK = [m("service.x.tcp", "tcp"), m("world.y.tcp", "tcp"), m("china.z.tcp", "tcp")]


def test_every_voice_server_silent_while_tcp_works_is_udp_blocked_here():
    # the relay and two other operators, in three places, silent: high, on every port
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 19302), stun("china.c.stun", 3478)]
    f = localrules._udp_blocked_here(ev(*ms, *TCP_OK))
    assert (f.cause, f.confidence, f.facts) == ("udp_blocked", "high", {"variant": "local", "port": None})
    assert f.evidence == [x.id for x in ms] + ["service.x.tcp", "world.y.tcp"]
    assert f.notes == []


@pytest.mark.parametrize("tcp", TCP_OK, ids=lambda t: t.group)
def test_tcp_working_in_any_remote_group_is_enough(tcp):
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 19302), stun("china.c.stun", 3478)]
    assert localrules._udp_blocked_here(ev(*ms, tcp)).cause == "udp_blocked"


def test_without_tcp_working_udp_is_not_judged():
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 19302), stun("china.c.stun", 3478)]
    assert localrules._udp_blocked_here(ev(*ms, m("world.y.tcp", "tcp", "timeout"))) is None


def test_two_operators_silent_everywhere_is_medium():
    # "high" needs >= 3 operators silent
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 19302)]
    f = localrules._udp_blocked_here(ev(*ms, *TCP_OK))
    assert (f.confidence, f.facts["port"]) == ("medium", None)


def test_one_port_silent_while_another_answers_is_that_port():
    ms = [stun("service.relay.stun", 3478), stun("china.c.stun", 3478), stun("world.g.stun", 19302, None)]
    f = localrules._udp_blocked_here(ev(*ms, *TCP_OK))
    assert (f.confidence, f.facts) == ("medium", {"variant": "local", "port": "3478"})
    assert f.evidence == ["service.relay.stun", "china.c.stun", "service.x.tcp", "world.y.tcp"]


@pytest.mark.parametrize("code", ["timeout", "unreachable", "no_response", "refused"])
def test_each_silent_code_is_a_silent_voice_server(code):
    ms = [stun("service.relay.stun", 3478, code), stun("world.g.stun", 19302, code)]
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK)) is not None


def test_a_voice_server_answering_on_every_port_is_no_block():
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 3478, None)]
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK)) is None


def test_without_the_services_own_server_silent_it_is_about_the_others():
    # port 3478 silent in two places, but the service's own server (on 3479) answers
    ms = [stun("world.g.stun", 3478), stun("china.c.stun", 3478), stun("service.relay.stun", 3479, None)]
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK)) is None


def test_silent_servers_in_one_place_are_about_that_place():
    # two endpoints but one group: not this side (>= 2 endpoints AND >= 2 groups)
    ms = [stun("service.relay.stun", 3478), stun("service.relay2.stun", 3478)]
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK)) is None
    assert localrules._udp_blocked_here(ev(stun("service.relay.stun", 3478), *TCP_OK)) is None


@pytest.mark.parametrize("kind", ["dns_sample", "dns_server"])
@pytest.mark.parametrize("group", ["world", "service", "china"])
def test_a_resolver_answering_over_udp_rules_out_every_port(kind, group):
    # every voice server silent, but on different ports, and a resolver answered over UDP:
    # no single port has >= 2 places silent, and "all" is ruled out
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 19302)]
    assert localrules._udp_blocked_here(ev(*ms, m(f"{group}.r.{kind}", kind), *TCP_OK)) is None
    assert localrules._udp_blocked_here(ev(*ms, m(f"local.home.{kind}", kind), *TCP_OK)) is not None


def test_inside_china_foreign_silence_proves_nothing():
    # the relay and foreign servers lie across the border: blocked there by design; one
    # domestic server silent beside them is about that server
    ms = [stun("service.relay.stun", 3478), stun("world.g.stun", 3478), stun("china.c.stun", 3478)]
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK, location="china")) is None
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK, location="abroad")) is not None
    # two domestic operators silent on the port: inside China that is this side (both are in
    # China: "two places" cannot be asked of them)
    ms.append(stun("china.d.stun", 3478))
    assert localrules._udp_blocked_here(ev(*ms, *TCP_OK, location="china")).locus == "local"


# --- answers from the user's own network, forged answers ----------------------------------

def lookup(endpoint: str, system: str, trusted: str, **metrics) -> list[Measurement]:
    return [m(f"{endpoint}.dns", "dns", target=f"{endpoint.split('.')[1]}.example", addresses=[system], **metrics),
            m(f"{endpoint}.dns_trusted", "dns_trusted", addresses=[trusted])]


def test_a_name_answered_with_a_private_address_is_the_users_dns():
    ms = lookup("world.a", "10.0.0.5", "203.0.113.5", private_answers=["10.0.0.5"]) + \
        lookup("world.b", "203.0.113.9", "203.0.113.9")
    f = localrules._local_dns(ev(*ms))
    assert (f.cause, f.confidence) == ("local_dns", "medium")
    assert f.evidence == ["world.a.dns", "world.a.dns_trusted"]
    assert f.facts == {"variant": "local_answer", "names": ["a.example"]}


def test_answers_that_agree_are_no_verdict():
    assert localrules._local_dns(ev(*lookup("world.b", "203.0.113.9", "203.0.113.9"))) is None


def test_an_untrusted_certificate_behind_a_forged_answer_is_tampering_not_interception():
    ms = untrusted(3)
    forged = lookup("world.u0", "203.0.113.66", "198.51.100.1", in_forged_pool=["203.0.113.0/24"])
    assert localrules._tls_interception(ev(*ms, *forged)) is None          # 2 hosts left
    honest = lookup("world.u0", "198.51.100.1", "198.51.100.1")
    assert localrules._tls_interception(ev(*ms, *honest)).facts == {"hosts": 3}


@pytest.mark.parametrize("code", ["reset", "connection_closed"])
def test_each_cut_code_cuts_a_recorded_run_by_name(code):
    # the same run, each handshake cut with this code while the harmless name's answered
    report = edit_all(load("reset-on-name"), kinds=["tls"], groups=["service"], code=code)
    f = run(report)
    assert (f.locus, f.cause, f.confidence, f.facts["variant"]) == ("upstream", "connection_reset", "high", "by_name")


@pytest.mark.parametrize("code", ["reset", "connection_closed"])
def test_each_cut_code_cuts_a_recorded_web_request(code):
    # the handshakes answered; the web request after them was cut (the Host header read on the way)
    report = edit_all(load("reset-on-name"), kinds=["tls"], groups=["service"], code=None)
    report = edit_all(report, kinds=["http"], groups=["service"], code=code)
    f = run(report)
    assert (f.cause, f.confidence) == ("connection_reset", "medium")
    assert all(i.endswith(".http") for i in f.evidence)
