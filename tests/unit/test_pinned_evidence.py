"""The evidence (core/analysis/evidence.py), pinned: which failures are not on the user's path (only a
proxy out, connections through a proxy, no IPv4 route), where the measurements say the user
is, and the answer times those judgements rest on. Each code and kind of each set is tried."""

import pytest

from callpath.core.analysis import judge as analysis
from callpath.core.analysis.answers import Answers
from callpath.core.analysis.evidence import OFF_PATH, Evidence, groups_of, ids, share
from callpath.core.base.measurement import Failure, Measurement
from tests.replay import voice


def m(mid: str, kind: str, code: str | None = None, target: str = "", **metrics) -> Measurement:
    group = mid.split(".", 1)[0]
    return Measurement(mid, kind, group, target or mid, code is None,
                       None if code is None else Failure(code, "test"), metrics)


def ev(*ms: Measurement, location: str = "abroad", symptom: str = "check") -> Evidence:
    return Evidence(list(ms), Answers(symptom, location, "teams"))


def off(e: Evidence, mid: str) -> bool:
    return e.get(mid).error is not None and e.get(mid).error.code == OFF_PATH


# --- only the proxy leads out -------------------------------------------------------------

PROXY = m("local.proxy", "proxy", in_use=True)
VIA_PROXY = m("world.w.http", "http", proxy="p:8080")


@pytest.mark.parametrize("kind", ["tcp", "tls", "stun", "dns_sample", "dns_server"])
def test_each_raw_kind_failing_directly_is_off_the_path_when_only_the_proxy_leads_out(kind):
    e = ev(PROXY, VIA_PROXY, m(f"world.a.{kind}", kind, "timeout"))
    assert e.proxy_only and not e.proxy_for_tcp
    assert off(e, f"world.a.{kind}")
    assert e.off_path == [e.get(f"world.a.{kind}")]
    # not measured, never failed (and never a success): no rule counts it
    assert not e.get(f"world.a.{kind}").ok and not e.failed(e.get(f"world.a.{kind}"))


def test_the_injection_probe_is_off_the_path_when_only_the_proxy_leads_out():
    # its success is silence, which proves nothing when nothing direct gets out
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.i.dns_injection", "dns_injection"))
    assert e.proxy_only and off(e, "world.i.dns_injection")
    assert not off(e, "world.w.http")   # the proxied web request took the user's way


def test_the_injection_probe_alone_makes_no_proxy_only_network():
    # it is no way out: its success is silence
    e = ev(PROXY, VIA_PROXY, m("world.i.dns_injection", "dns_injection"))
    assert not e.proxy_only and not off(e, "world.i.dns_injection")


def test_a_proxy_refusing_with_a_status_still_leads_out():
    # a status from the proxy (any number) shows the way through it works
    e = ev(PROXY, m("world.w.http", "http", "http_status", proxy="p:1", status=404),
           m("world.a.tcp", "tcp", "timeout"))
    assert e.proxy_only
    e = ev(PROXY, m("world.w.http", "http", "proxy_error", proxy="p:1"), m("world.a.tcp", "tcp", "timeout"))
    assert not e.proxy_only   # no answer through the proxy either


def test_a_direct_web_request_is_not_the_proxy():
    e = ev(PROXY, m("world.w.http", "http"), m("world.a.tcp", "tcp", "timeout"))
    assert not e.proxy_only and not off(e, "world.a.tcp")


def test_a_proxy_not_in_use_is_no_way_out():
    setting = m("local.proxy", "proxy", in_use=False)
    e = ev(setting, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"))
    assert not e.proxy_only and not off(e, "world.a.tcp")
    e = ev(VIA_PROXY, m("world.a.tcp", "tcp", "timeout"))
    assert not e.proxy_only


def test_something_direct_getting_out_is_no_proxy_only_network():
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.b.tls", "tls"))
    assert not e.proxy_only and not off(e, "world.a.tcp")


@pytest.mark.parametrize("kind", ["dns_sample", "dns_server"])
def test_resolvers_answering_over_udp_are_no_way_out(kind):
    # offices often let DNS out alone
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m(f"world.r.{kind}", kind))
    assert e.proxy_only and off(e, "world.a.tcp") and not off(e, f"world.r.{kind}")


def test_nothing_direct_measured_is_no_proxy_only_network():
    # a direct step skipped, or one of the user's own side, proves nothing
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "skipped"), m("local.home.dns_sample", "dns_sample", "timeout"))
    assert not e.proxy_only


def test_a_local_or_not_measured_failure_stays_as_it_is():
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.s.stun", "stun", "skipped"),
           m("local.home.dns_sample", "dns_sample", "timeout"), m("world.d.dns", "dns", "timeout"))
    assert e.proxy_only
    assert e.get("world.s.stun").error.code == "skipped"
    assert e.get("local.home.dns_sample").error.code == "timeout"
    assert e.get("world.d.dns").error.code == "timeout"   # a lookup goes through the system resolver


# --- connections through the proxy, voice directly ----------------------------------------

def office(*extra: Measurement) -> Evidence:
    return ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.b.tls", "tls", "timeout"),
              m("world.s.stun", "stun"), *extra)


def test_connections_through_the_proxy_and_voice_directly():
    e = office()
    assert e.proxy_for_tcp and not e.proxy_only
    assert off(e, "world.a.tcp") and off(e, "world.b.tls")


def test_without_voice_answering_directly_the_failed_connections_count():
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.s.stun", "stun", "timeout"))
    assert not e.proxy_for_tcp
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("local.s.stun", "stun"))
    assert not e.proxy_for_tcp   # the voice server must be remote
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "timeout"), m("world.r.dns_sample", "dns_sample"))
    assert not e.proxy_for_tcp   # a resolver is no voice server


def test_a_direct_connection_that_works_is_no_proxy_for_tcp():
    e = office(m("world.c.tcp", "tcp"))
    assert not e.proxy_for_tcp and not off(e, "world.a.tcp")


def test_a_proxied_request_that_failed_is_no_proof_of_the_proxy():
    e = ev(PROXY, m("world.w.http", "http", "http_status", proxy="p:1", status=502),
           m("world.a.tcp", "tcp", "timeout"), m("world.s.stun", "stun"))
    assert not e.proxy_for_tcp
    e = ev(PROXY, m("world.w.http", "http"), m("world.a.tcp", "tcp", "timeout"), m("world.s.stun", "stun"))
    assert not e.proxy_for_tcp   # a direct web request


def test_no_direct_connection_measured_is_no_proxy_for_tcp():
    e = ev(PROXY, VIA_PROXY, m("world.a.tcp", "tcp", "skipped"), m("world.s.stun", "stun"))
    assert not e.proxy_for_tcp
    e = ev(m("local.proxy", "proxy", in_use=False), VIA_PROXY, m("world.a.tcp", "tcp", "timeout"),
           m("world.s.stun", "stun"))
    assert not e.proxy_for_tcp


def test_proxy_for_tcp_sets_only_connections_apart():
    e = office(m("world.x.stun", "stun", "timeout"))
    assert e.proxy_for_tcp and not off(e, "world.x.stun")


# --- no IPv4 route ------------------------------------------------------------------------

def v6_only(*extra: Measurement, **route) -> Evidence:
    return ev(m("local.route", "route", **(route or {"ipv4": False, "ipv6": True})), *extra)


@pytest.mark.parametrize("code", ["unreachable", "no_network"])
def test_an_ipv4_address_unreachable_on_an_ipv6_only_network_is_off_the_path(code):
    e = v6_only(m("world.a.tcp", "tcp", code, target="192.0.2.1:443"))
    assert e.no_ipv4 and off(e, "world.a.tcp")


def test_only_no_route_codes_are_off_the_path_on_an_ipv6_only_network():
    e = v6_only(m("world.a.tcp", "tcp", "timeout", target="192.0.2.1:443"))
    assert not off(e, "world.a.tcp")


def test_an_ipv6_or_named_target_is_on_the_path():
    e = v6_only(m("world.a.tcp", "tcp", "unreachable", target="[2001:db8::1]:443"),
                m("world.b.tcp", "tcp", "unreachable", target="example.com:443"))
    assert not off(e, "world.a.tcp") and not off(e, "world.b.tcp")


def test_the_address_metric_decides_over_the_target():
    e = v6_only(m("world.a.tcp", "tcp", "unreachable", target="example.com:443", address="192.0.2.7"),
                m("world.b.tcp", "tcp", "unreachable", target="192.0.2.8:443", address="2001:db8::8"))
    assert off(e, "world.a.tcp") and not off(e, "world.b.tcp")


def test_a_redacted_address_keeps_its_version():
    e = v6_only(m("world.a.tcp", "tcp", "unreachable", target="[server 1, public IPv4]:443"),
                m("world.b.tcp", "tcp", "unreachable", target="[server 2, public IPv6]:443"))
    assert off(e, "world.a.tcp") and not off(e, "world.b.tcp")


def test_an_ipv4_route_or_no_ipv6_route_is_not_ipv6_only():
    assert not v6_only(ipv4=True, ipv6=True).no_ipv4
    assert not v6_only(ipv4=False, ipv6=False).no_ipv4
    assert not ev(m("local.route", "route", "skipped", ipv4=False, ipv6=True)).no_ipv4
    assert not ev().no_ipv4


# --- where the user is --------------------------------------------------------------------

def blocked(mid: str, kind: str, code: str | None = None) -> Measurement:
    return m(mid, kind, code, blocked_in_china=True)


@pytest.mark.parametrize("kind", ["tls", "stun", "doh"])
def test_a_server_blocked_in_china_answering_says_abroad(kind):
    e = ev(blocked(f"world.g.{kind}", kind), location="china")
    assert (e.location_evidence, e.inside_china) == ("abroad", False)


def test_a_blocked_server_answering_counts_only_directly_and_in_the_world_group():
    assert ev(blocked("world.g.tcp", "tcp"), location="china").location_evidence is None
    assert ev(blocked("service.g.tls", "tls"), location="china").location_evidence is None
    assert ev(blocked("world.g.tls", "tls", "reset"), location="china").location_evidence is None
    assert ev(m("world.g.tls", "tls"), location="china").location_evidence is None   # not blocked there


def test_a_vpn_or_proxy_makes_the_place_undecidable():
    proxy = ev(PROXY, blocked("world.g.tls", "tls"), location="china")
    assert (proxy.location_evidence, proxy.inside_china) == (None, True)
    vpn = m("local.vpn", "vpn", in_use=True, tunnels=["wg0"])
    assert ev(vpn, blocked("world.g.tls", "tls"), location="china").location_evidence is None
    assert ev(m("local.vpn", "vpn", in_use=False, tunnels=["wg0"]), blocked("world.g.tls", "tls"),
              location="china").location_evidence == "abroad"


def test_tunnels_are_judged_again_from_the_interfaces():
    up = {"name": "wg0", "up": True, "tunnel": True, "ipv4": ["10.8.0.2"]}
    down = {"name": "wg1", "up": False, "tunnel": True, "ipv4": ["10.9.0.2"]}
    e = ev(m("local.interfaces", "interfaces", interfaces=[up, down]),
           m("local.vpn", "vpn", in_use=True, tunnels=["old"]))
    assert e.tunnels() == ["wg0"]
    assert ev(m("local.vpn", "vpn", in_use=True, tunnels=["old"])).tunnels() == ["old"]
    assert ev(m("local.vpn", "vpn", in_use=True)).tunnels() == []
    assert ev().tunnels() == []


def china_user(china_rtt: float = 40.0, *extra: Measurement) -> list[Measurement]:
    """A user whose answer said abroad: two blocked servers silent, another foreign server
    answering in 100 ms, two places in China answering in ``china_rtt``."""
    return [blocked("world.g.stun", "stun", "no_response"), blocked("world.cf.doh", "doh", "timeout"),
            m("world.o.tls", "tls"), m("world.o.tcp", "tcp", connect_ms=100.0),
            m("china.a.tcp", "tcp", connect_ms=china_rtt),
            m("china.b.stun", "stun", **voice(rtt=china_rtt + 1, queue=1)),
            *extra]


def test_china_answering_in_under_half_the_worlds_time_says_china():
    e = ev(*china_user(49.0))
    assert (e.location_evidence, e.inside_china) == ("china", True)


def test_china_answering_in_half_the_worlds_time_is_not_nearer():
    # NEARER_SHARE 0.5: 50 ms against 100 ms is not "sooner than half"
    assert ev(*china_user(50.0)).location_evidence is None


def test_one_place_in_china_nearer_is_a_mirror_next_door():
    ms = [x for x in china_user(20.0) if x.id != "china.b.stun"]
    assert ev(*ms).location_evidence is None


def test_one_blocked_server_silent_is_not_enough():
    ms = [x for x in china_user(20.0) if x.id != "world.cf.doh"]
    assert ev(*ms).location_evidence is None


def test_a_blocked_server_answering_abroad_is_no_sign_of_china():
    ms = [x for x in china_user(20.0) if x.id != "world.cf.doh"] + [blocked("world.cf.doh", "doh")]
    assert ev(*ms).location_evidence is None


def test_without_another_foreign_server_answering_it_could_be_no_internet():
    ms = [x for x in china_user(20.0) if x.id != "world.o.tls"] + [m("world.o.tls", "tls", "timeout")]
    assert ev(*ms).location_evidence is None


def test_the_blocked_servers_must_have_been_measured():
    ms = [x for x in china_user(20.0) if x.id != "world.cf.doh"] + [blocked("world.cf.doh", "doh", "skipped")]
    assert ev(*ms).location_evidence is None


def test_a_world_answer_faster_than_china_is_not_china():
    e = ev(*china_user(20.0, m("world.n.tcp", "tcp", connect_ms=30.0)))
    assert e.location_evidence is None
    # a blocked server's own fast answer is not the world's time (it is blocked=False there)
    e = ev(*china_user(20.0, m("world.n.tcp", "tcp", connect_ms=30.0, blocked_in_china=True)))
    assert e.location_evidence == "china"


# --- answer times -------------------------------------------------------------------------

def test_floor_rtt_is_the_fastest_answer_of_a_group():
    e = ev(m("world.a.tcp", "tcp", connect_ms=80.0), m("world.b.stun", "stun", **voice(rtt=60.0, queue=10.0)),
           m("world.c.dns_sample", "dns_sample", **voice(rtt=70.0, queue=5.0)), m("china.d.tcp", "tcp", connect_ms=5.0))
    assert e.floor_rtt("world") == 50.0      # the voice sample's fastest packet (60 - 10)
    assert e.floor_rtt("china") == 5.0
    assert e.floor_rtt("service") is None


@pytest.mark.parametrize("kind", ["tcp", "stun", "dns_sample"])
def test_each_kind_gives_an_answer_time(kind):
    metrics = {"connect_ms": 42.0} if kind == "tcp" else voice(rtt=43.0, queue=1.0)
    assert ev(m(f"world.a.{kind}", kind, **metrics)).floor_rtt("world") == 42.0


def test_a_connection_time_is_read_only_from_a_connection():
    # a voice sample with a connect_ms (never written, but a report may be damaged) is timed by its packets
    e = ev(m("world.b.stun", "stun", connect_ms=1.0, **voice(rtt=60.0, queue=10.0)))
    assert e.floor_rtt("world") == 50.0
    assert ev(m("world.b.tls", "tls", connect_ms=1.0)).floor_rtt("world") is None


def test_failed_anycast_and_blocked_answers_are_left_out():
    e = ev(m("world.a.tcp", "tcp", "timeout", connect_ms=1.0), m("world.b.tcp", "tcp", connect_ms=2.0, anycast=True),
           m("world.c.tcp", "tcp", connect_ms=3.0, blocked_in_china=True), m("world.d.tcp", "tcp", connect_ms=90.0))
    assert e.floor_rtt("world") == 3.0
    assert e.floor_rtt("world", blocked=False) == 90.0


@pytest.mark.parametrize("bad", [0, -5.0, True, "12", None])
def test_a_time_that_is_no_positive_number_is_left_out(bad):
    e = ev(m("world.a.tcp", "tcp", connect_ms=bad), m("world.b.tcp", "tcp", connect_ms=90.0))
    assert e.floor_rtt("world") == 90.0


def test_an_endpoint_keeps_its_fastest_answer():
    e = ev(m("china.a.tcp", "tcp", connect_ms=30.0), m("china.a.stun", "stun", **voice(rtt=21.0, queue=1.0)),
           m("china.b.tcp", "tcp", connect_ms=10.0), m("china.b.tcp2", "tcp", connect_ms=40.0))
    assert e._answer_times("china") == {"china.a": 20.0, "china.b": 10.0}


def test_dns_samples_are_no_answer_time_where_dns_is_intercepted():
    sample = m("world.r.dns_sample", "dns_sample", **voice(rtt=11.0, queue=1.0))
    assert ev(sample).floor_rtt("world") == 10.0
    e = ev(sample, m("world.i.dns_injection", "dns_injection", "unexpected_answer", control_answered=True))
    assert e.intercepted and e.floor_rtt("world") is None
    e = ev(sample, m("world.i.dns_injection", "dns_injection", "unexpected_answer", control_answered=False))
    assert not e.intercepted and e.floor_rtt("world") == 10.0
    e = ev(sample, m("world.i.dns_server", "dns_server", "unexpected_answer", control_answered=True))
    assert not e.intercepted   # only the injection probe's control tells


# --- questions ----------------------------------------------------------------------------

def test_select_sibling_code_and_failed():
    a, b, s = m("world.a.tcp", "tcp"), m("world.a.tls", "tls", "reset"), m("world.b.tls", "tls", "skipped")
    e = ev(a, b, s)
    assert e.select("tls") == [b] and e.select("tls", measured=False) == [b, s]
    assert e.select(["tcp", "tls"], "world") == [a, b] and e.select(groups=["china"]) == []
    assert e.sibling(b, "tcp") is a and e.sibling(a, "dns") is None
    assert (Evidence.code(a), Evidence.code(b)) == (None, "reset")
    assert Evidence.code(Measurement("x.y.tcp", "tcp", "world", "t", False)) == "failed"
    assert e.failed(b) and not e.failed(a) and not e.failed(s)


def test_share_ids_and_groups():
    a, b = m("world.a.tcp", "tcp"), m("china.b.tcp", "tcp")
    assert share([a], [a, b]) == 0.5 and share([], []) == 0.0
    assert ids([a, b]) == ["world.a.tcp", "china.b.tcp"] and groups_of([a, b, a]) == {"world", "china"}


@pytest.mark.parametrize("code", ["cancelled", "deadline", "internal"])
def test_each_cut_short_code_counts_as_not_measured(code):
    e = ev(m("world.a.tcp", "tcp", code), m("world.b.tcp", "tcp"), m("local.c.x", "x", code))
    assert analysis._not_measured_share(e) == 0.5   # of the remote steps; the local one is not counted


def test_answer_times_count_blocked_servers_unless_told_not_to():
    e = ev(m("world.c.tcp", "tcp", connect_ms=3.0, blocked_in_china=True), m("world.d.tcp", "tcp", connect_ms=90.0))
    assert e._answer_times("world") == {"world.c": 3.0, "world.d": 90.0}
    assert e._answer_times("world", blocked=False) == {"world.d": 90.0}


def test_evidence_built_without_saying_assumes_the_sensitive_probes_ran():
    assert Evidence([], Answers()).sensitive_probes is True
    assert Evidence([], Answers(), False).sensitive_probes is False


def test_a_sub_millisecond_answer_is_an_answer():
    # "> 0", not ">= 1": a server next door connects in well under a millisecond
    e = ev(m("world.a.tcp", "tcp", connect_ms=0.4), m("world.b.tcp", "tcp", connect_ms=90.0))
    assert e.floor_rtt("world") == 0.4


def test_the_relays_tcp_fallback_failing_directly_is_off_the_path_behind_a_proxy():
    # a TURN allocation over TCP is a direct connection too: the apps take the proxy instead
    e = office(m("service.relay.media_tcp", "media_tcp", "timeout"))
    assert e.proxy_for_tcp and off(e, "service.relay.media_tcp")
