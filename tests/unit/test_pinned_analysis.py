"""The analysis's decision points pinned at their boundaries: each threshold just met and just
missed, each member of a set that changes the answer, each early return — so that moving a
threshold or flipping a comparison fails a test (tools/mutate.py measures it). Every test says
the mechanism the boundary stands for."""

import pytest

from callpath.core.analysis import judge as analysis
from callpath.core.analysis.judge import Answers, Evidence
from callpath.core.base.measurement import from_json
from tests.replay import add, drop, edit, edit_all, find, geo, in_china, load, run, voice

CHINA_TCP = ["china.miui-check.tcp80", "china.huawei-check.tcp80", "china.vivo-check.tcp80",
             "china.baidu.tcp443", "china.qq.tcp443", "china.alidns-doh.tcp443"]


@pytest.fixture
def healthy():
    return load("healthy-check")


def evidence(report, **answers):
    return Evidence([from_json(m) for m in report["measurements"]], Answers(**answers))


# --- the controls: does the rest of the internet answer? -------------------------------------------------

def _world(report, fail):
    for mid in fail:
        edit(report, mid, code="timeout")
    return analysis._world_ok(evidence(report))[0]


def test_the_world_answers_while_fewer_than_half_of_its_connections_fail(healthy):
    drop(healthy, "world.apple-check.http")  # six connections and fetches: half is three
    assert _world(healthy, ["world.msft-ncsi.tcp80", "world.android-check.tcp80"]) is True
    assert _world(healthy, ["world.apple-check.tcp80"]) is False  # exactly half: not answering


def test_the_world_is_judged_on_its_connections_and_its_web_fetches_alike(healthy):
    # Every fetch failing and one connection: most of what was tried failed.
    assert _world(healthy, ["world.msft-ncsi.http", "world.android-check.http", "world.apple-check.http",
                            "world.msft-ncsi.tcp80"]) is False
    other = load("healthy-check")
    assert _world(other, ["world.msft-ncsi.tcp80", "world.android-check.tcp80", "world.apple-check.tcp80",
                          "world.cloudflare-doh.tcp443"]) is False
    assert analysis._world_ok(evidence(drop(drop(load("healthy-check"), "world.msft-ncsi.tcp80"),
                                            "world.msft-ncsi.http")))[0] is True


# --- forged answers -----------------------------------------------------------------------------------------

def _forge(report, names, how):
    for name in names:
        address = {"pool": "103.200.30.143", "bogon": "0.0.0.7"}[how]
        edit(report, f"service.{name}.dns", metrics={"addresses": [address], "addresses_v6": [],
                                                      "in_forged_pool": [address] if how == "pool" else []})
    return analysis._tampering(evidence(report), "service")


def test_one_forged_name_is_medium_two_are_high(healthy):
    one = _forge(healthy, ["live-login"], "pool")
    assert (one.cause, one.confidence, one.facts["variant"]) == ("dns_tampering", "medium", "pool")
    two = _forge(load("healthy-check"), ["live-login", "skype-edge"], "pool")
    assert (two.confidence, two.facts["names"]) == ("high", ["login.live.com", "edge.skype.com"])
    three = _forge(load("healthy-check"), ["live-login", "skype-edge", "skype-login"], "pool")
    assert three.confidence == "high"


def test_bogon_answers_are_strong_evidence_but_not_the_pool(healthy):
    bogons = _forge(healthy, ["live-login", "skype-edge"], "bogon")
    assert (bogons.confidence, bogons.facts["variant"]) == ("high", None)


# --- connections cut ----------------------------------------------------------------------------------------

def _cut(report, names, code="reset"):
    for name in names:
        edit(report, f"china.{name}.tls", code=code,
             metrics={"control": {"sni": "www.example.com", "outcome": "handshake_answered"}})
    return analysis._resets(evidence(report), "china")


def test_two_names_cut_outright_are_high_one_is_medium(healthy):
    assert _cut(healthy, ["baidu"]).confidence == "medium"
    assert _cut(load("healthy-check"), ["baidu", "qq"]).confidence == "high"
    assert _cut(load("healthy-check"), ["baidu", "qq", "alidns-doh"]).confidence == "high"


# --- unreachable ----------------------------------------------------------------------------------------------

def _china_down(report, fail):
    for mid in fail:
        edit(report, mid, code="timeout")
    return analysis._unreachable(evidence(report), "china", "china_unreachable")


def test_china_is_unreachable_from_half_of_its_connections(healthy):
    assert _china_down(healthy, CHINA_TCP[:2]) is None
    f = _china_down(load("healthy-check"), CHINA_TCP[:3])
    assert (f.cause, f.confidence, f.facts["failed"], f.facts["tried"]) == ("china_unreachable", "medium", 3, 6)


def test_high_needs_four_in_five_connections_failing_on_two_endpoints(healthy):
    assert _china_down(healthy, CHINA_TCP[:4]).confidence == "medium"  # 4 of 6
    assert _china_down(load("healthy-check"), CHINA_TCP[:5]).confidence == "high"  # 5 of 6
    five = drop(load("healthy-check"), "china.alidns-doh.tcp443")
    assert _china_down(five, CHINA_TCP[:4]).confidence == "high"  # exactly 4 of 5


def test_a_server_that_connects_then_never_answers_did_not_answer(healthy):
    # The fetch on a connection that was made timed out: one more silent endpoint.
    edit(healthy, "china.miui-check.http", code="timeout")
    f = _china_down(healthy, CHINA_TCP[1:3])
    assert f is not None and "china.miui-check.http" in f.evidence


def test_the_evidence_names_six_connections_and_two_voice_samples(healthy):
    edit_all(healthy, kinds={"stun", "dns_sample"}, groups={"china"}, code="no_response")
    f = _china_down(healthy, CHINA_TCP)
    assert f.evidence == CHINA_TCP + ["china.miwifi-stun.stun", "china.dns-114.dns_sample"]


# --- refused nearby -----------------------------------------------------------------------------------------

def _refuse(report, mids, ms):
    for mid in mids:
        edit(report, mid, code="refused", metrics={"connect_ms": ms}, duration_ms=ms)
    return report


def test_refusals_must_be_nearly_all_of_the_failures_to_be_placed():
    # Four refusals and one timeout of five failures: the refusals speak for the failures.
    report = _refuse(geo(load("healthy-check")), CHINA_TCP[:4], 2.0)
    edit(report, CHINA_TCP[4], code="timeout")
    f = analysis._unreachable(evidence(report), "china", "china_unreachable")
    assert f.facts["variant"] == "refused_nearby"
    # Three of five: a mix the refusals cannot explain alone.
    edit(report, CHINA_TCP[3], code="timeout")
    assert analysis._unreachable(evidence(report), "china", "china_unreachable").locus == "upstream"


def test_a_refusal_in_exactly_half_the_fastest_answer_is_not_nearby():
    report = geo(load("healthy-check"))
    floor = evidence(report).floor_rtt("china")
    _refuse(report, CHINA_TCP, floor / 2)
    assert analysis._unreachable(evidence(report), "china", "china_unreachable").locus == "upstream"
    _refuse(report, CHINA_TCP, floor / 2 - 0.5)
    f = analysis._unreachable(evidence(report), "china", "china_unreachable")
    assert (f.locus, f.facts["refused_ms"], f.facts["floor_ms"]) == ("local", round(floor / 2 - 0.5, 1),
                                                                      round(floor, 1))


def test_a_group_twenty_ms_away_is_far_enough_to_time_refusals_against(healthy):
    for m in healthy["measurements"]:
        if m["group"] == "china" and m["kind"] in ("stun", "dns_sample"):
            m["metrics"].update(voice(rtt=20.0, queue=0.0))
        elif m["group"] == "china" and m["kind"] == "tcp":
            m["metrics"]["connect_ms"] = 20.0
    for m in healthy["measurements"]:
        if m["group"] in ("world", "service") and m["kind"] in ("stun", "dns_sample", "tcp"):
            edit(healthy, m["id"], code="timeout")  # nothing else answered to compare with
    assert analysis._nearby_floor(evidence(healthy), "china") == 20.0


def test_the_nearest_server_anywhere_must_be_four_ms_away():
    report = geo(load("healthy-check"))
    for m in report["measurements"]:
        if m["group"] == "china" and m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(rtt=10.0, queue=0.0))
        elif m["group"] == "china" and m["kind"] == "tcp":
            m["metrics"]["connect_ms"] = 10.0
        elif m["group"] in ("world", "service") and m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(rtt=4.0, queue=0.0))
        elif m["group"] in ("world", "service") and m["kind"] == "tcp" and m["ok"]:
            m["metrics"]["connect_ms"] = 4.0
    assert analysis._nearby_floor(evidence(report), "china") == 4.0
    for m in report["measurements"]:
        if m["group"] in ("world", "service") and m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(rtt=3.9, queue=0.0))
        elif m["group"] in ("world", "service") and m["kind"] == "tcp" and m["ok"]:
            m["metrics"]["connect_ms"] = 3.9
    assert analysis._nearby_floor(evidence(report), "china") is None


@pytest.mark.parametrize("metrics,duration,expected", [
    ({"connect_ms": 12.5}, 99.0, 12.5),
    ({"connect_ms": True}, 7.0, 7.0),     # damaged: the measurement's own duration instead
    ({}, 7.0, 7.0),
    ({"connect_ms": 0}, 0.0, None),       # nothing timed
    ({"connect_ms": -3.0}, 0.0, None),
])
def test_a_connections_time_comes_from_its_figure_or_its_duration(metrics, duration, expected):
    m = from_json({"id": "china.x.tcp80", "kind": "tcp", "group": "china", "target": "x:80", "ok": False,
                   "error": {"code": "refused"}, "metrics": metrics, "duration_ms": duration})
    assert analysis._connect_ms(m) == expected


# --- the relay's voice channel ---------------------------------------------------------------------------

def test_a_silent_relay_is_medium_only_beside_an_answering_control_on_its_port_and_its_own_tcp(healthy):
    edit(healthy, "service.teams-relay.stun", code="no_response")
    f = analysis._relay_udp(evidence(healthy))
    assert f.confidence == "medium" and "world.nextcloud-stun.stun" in f.evidence
    assert "service.teams-relay.tcp443" in f.evidence and f.notes == ["relay_may_ignore"]
    edit(healthy, "service.teams-relay.tcp443", code="timeout")
    assert analysis._relay_udp(evidence(healthy)).confidence == "low"
    other = load("healthy-check")
    edit(other, "service.teams-relay.stun", code="no_response")
    for mid in ("world.nextcloud-stun.stun", "china.miwifi-stun.stun"):  # the port 3478 controls
        edit(other, mid, code="no_response")
    low = analysis._relay_udp(evidence(other))
    assert low.confidence == "low" and "world.google-stun.stun" in low.evidence


def test_inside_china_a_silent_relay_notes_the_blocked_foreign_control(healthy):
    in_china(healthy)
    edit(healthy, "service.teams-relay.stun", code="no_response")
    f = analysis._relay_udp(evidence(healthy, location="china"))
    assert "control_blocked_in_china" in f.notes
    assert "control_blocked_in_china" not in analysis._relay_udp(evidence(healthy, location="abroad")).notes


# --- the verdict's notes ------------------------------------------------------------------------------------

def test_a_proxy_tools_fake_addresses_are_named(healthy):
    edit(healthy, "service.live-login.dns", metrics={"addresses": ["198.18.0.23"], "addresses_v6": []})
    assert "proxy_tool" in run(healthy).notes
    assert "proxy_tool" not in run(load("healthy-check")).notes


def test_a_proxy_in_use_is_named_unless_it_is_the_verdict(healthy):
    edit(healthy, "local.proxy", metrics={"in_use": True, "proxies": {"http": "http://proxy:3128"}})
    assert "proxy_in_use" in run(healthy).notes
    for m in healthy["measurements"]:
        if m["kind"] == "http":
            edit(healthy, m["id"], code="proxy_error", metrics={"proxy": "http://proxy:3128"})
    f = run(healthy)
    assert f.cause == "proxy" and "proxy_in_use" not in f.notes


def test_an_unevaluated_proxy_script_is_named_only_when_there_is_one(healthy):
    assert "pac_not_evaluated" not in run(healthy).notes
    edit(healthy, "local.proxy", metrics={"pac": "configured"})
    assert "pac_not_evaluated" in run(healthy).notes


def test_ipv6_only_is_said_only_when_ipv4_literals_could_not_be_reached(healthy):
    edit(healthy, "local.route", metrics={"ipv4": [], "gateway": None})
    assert "ipv6_only" not in run(healthy).notes  # nothing had to be set aside
    edit(healthy, "china.dns-114.dns_sample", code="unreachable")
    assert "ipv6_only" in run(healthy).notes


def test_a_closed_services_host_is_named_only_when_it_failed(healthy):
    assert "service_retired" not in run(healthy).notes
    edit(healthy, "service.skype-login.tcp443", code="refused")
    assert "service_retired" in run(healthy).notes


def test_a_complaint_with_something_unexplained_is_at_most_medium(healthy):
    edit(healthy, "china.baidu.tls", code="cert_name_mismatch")
    f = run(healthy, symptom="app_calls")
    assert (f.cause, f.confidence, f.facts["unexplained"]) == ("beyond_reach", "medium", ["china.baidu.tls"])
    assert f.facts.get("variant") is None


def test_the_time_zone_is_kept_only_when_known(healthy):
    f = analysis.analyse([from_json(m) for m in healthy["measurements"]], Answers(utc_offset_min=60))
    assert f.facts["utc_offset_min"] == 60
    assert "utc_offset_min" not in run(healthy).facts


def test_an_inconclusive_run_gets_no_context_notes(healthy):
    edit(healthy, "local.proxy", metrics={"pac": "configured"})
    edit_all(healthy, groups={"world", "service", "china"}, code="deadline")
    f = run(healthy)
    assert (f.cause, f.facts["variant"]) == ("inconclusive", "most") and "pac_not_evaluated" not in f.notes


# --- what could not be measured -------------------------------------------------------------------------

def _cut_short(report, share):
    remote = [m for m in report["measurements"] if m["group"] != "local"]
    for m in remote[:round(share * len(remote))]:
        edit(report, m["id"], code="deadline")
    return run(report)


def test_more_than_half_not_measured_is_no_verdict_half_is_a_cautious_one(healthy):
    remote = [m for m in healthy["measurements"] if m["group"] != "local"]
    assert len(remote) % 2 == 0
    f = _cut_short(healthy, 0.5)
    assert (f.cause, f.facts["variant"]) == ("inconclusive", "some")
    assert f.facts["share"] == 0.5
    f = _cut_short(load("healthy-check"), 0.5 + 1.0 / len(remote))
    assert (f.cause, f.facts["variant"]) == ("inconclusive", "most")


def test_healthy_is_at_most_medium_beside_a_poor_control_path(healthy):
    edit_all(healthy, kinds={"stun"}, groups={"world"}, metrics=voice(lost=10))
    f = run(healthy)
    assert (f.cause, f.confidence) == ("healthy", "medium") and "control_path_poor" in f.notes


# --- the complaint decides ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cause", ["udp_blocked", "weak_link", "service_degraded", "china_degraded"])
def test_signing_in_does_not_hinge_on_the_voice_path(cause):
    finding = analysis.Finding("upstream", cause, "high", [], {"loss_range": [1.0, 4.0]})
    assert not analysis._bears_on(finding, "sign_in")
    assert analysis._bears_on(finding, "app_calls")


def test_a_line_losing_enough_to_time_handshakes_out_bears_on_signing_in():
    at = analysis.Finding("local", "weak_link", "high", [], {"loss_range": [3.0, 9.0]})
    under = analysis.Finding("local", "weak_link", "high", [], {"loss_range": [2.9, 9.0]})
    china = analysis.Finding("upstream", "china_degraded", "high", [], {"loss_range": [30.0, 40.0]})
    assert analysis._bears_on(at, "sign_in") and not analysis._bears_on(under, "sign_in")
    assert not analysis._bears_on(china, "sign_in")


# --- the parts shown ------------------------------------------------------------------------------------------

def test_each_part_shown_follows_what_was_measured_there(healthy):
    parts = run(healthy).parts
    assert parts["picture"] == {"computer": "ok", "home": "ok", "internet": "ok", "service": "ok",
                                "china": "ok", "phone": "unknown"}
    local = parts["groups"]["local"]
    assert local["checks"] == len([m for m in healthy["measurements"] if m["group"] == "local"])
    assert parts["groups"]["china"]["voice"]["state"] == "ok"


def test_a_home_network_not_timed_on_its_own_is_ok_when_answers_came_through_it(healthy):
    drop(healthy, "local.home.dns_sample")
    assert run(healthy).parts["picture"]["home"] == "ok"
    dark = drop(load("healthy-check"), "local.home.dns_sample")
    edit_all(dark, groups={"world", "service", "china"}, code="timeout")
    assert run(dark).parts["picture"]["home"] != "ok"


def test_a_part_with_a_failure_the_verdict_does_not_blame_is_mixed(healthy):
    edit(healthy, "china.baidu.tls", code="cert_name_mismatch")
    parts = run(healthy).parts
    assert parts["picture"]["china"] == "mixed" and parts["groups"]["china"]["unexplained"] == 1
    assert parts["picture"]["internet"] == "ok"


def test_a_part_with_nothing_measured_is_unknown(healthy):
    healthy["measurements"] = [m for m in healthy["measurements"] if m["group"] != "china"]
    assert run(healthy).parts["picture"]["china"] == "unknown"


def test_no_route_blames_the_home_network_not_the_computer(healthy):
    edit(healthy, "local.route", code="no_network")
    edit_all(healthy, groups={"world", "service", "china"}, code="unreachable")
    f = run(healthy)
    assert f.cause == "no_network" and f.parts["picture"]["home"] == "trouble"
    assert f.parts["picture"]["computer"] != "trouble"


def test_the_voice_the_verdict_blames_is_poor_with_its_figures(healthy):
    edit_all(healthy, kinds={"stun", "dns_sample"}, groups={"china"}, metrics=voice(lost=25, rtt=260.0))
    f = run(healthy, symptom="app_calls")
    china = f.parts["groups"]["china"]["voice"]
    assert china["state"] == "poor" and china["rtt_ms"] == f.facts["rtt_ms"]
    assert f.parts["groups"]["world"]["voice"]["state"] == "ok"


def test_a_busy_computer_shows_no_part_as_poor_for_its_delays(healthy):
    edit(healthy, "local.echo", metrics=voice(rtt=40.0, queue=39.0, jitter=25.0))
    edit_all(healthy, kinds={"stun", "dns_sample"}, groups={"world"}, metrics=voice(rtt=420.0, jitter=45.0, queue=90.0))
    assert run(healthy).parts["groups"]["world"]["voice"]["state"] == "ok"


def test_a_router_forwarding_to_a_far_resolver_is_mixed_not_poor(healthy):
    edit(healthy, "local.home.dns_sample", metrics=voice(lost=15))
    edit_all(healthy, kinds={"stun"}, groups={"world"}, metrics=voice(lost=15))
    f = run(healthy)
    assert "router_forwards" in f.notes and f.parts["groups"]["local"]["voice"]["state"] == "mixed"


def test_the_checks_counted_are_the_groups_own(healthy):
    parts = run(healthy).parts["groups"]
    for group in ("local", "world", "service", "china"):
        assert parts[group]["checks"] == len([m for m in healthy["measurements"] if m["group"] == group])
    edit(healthy, "china.baidu.tcp443", code="skipped")
    assert run(healthy).parts["groups"]["china"]["checks"] == parts["china"]["checks"] - 1
    find(healthy, "china.baidu.tcp443")


# --- more boundaries the mutation run showed unpinned ----------------------------------------------------

def test_the_world_answers_at_three_failures_of_seven_but_not_at_half(healthy):
    assert _world(healthy, ["world.msft-ncsi.tcp80", "world.android-check.tcp80", "world.apple-check.tcp80"]) is True


def test_two_failures_of_five_connections_are_not_china_unreachable():
    five = drop(load("healthy-check"), "china.alidns-doh.tcp443")
    assert _china_down(five, CHINA_TCP[:2]) is None


def test_one_endpoint_failing_alone_is_never_high(healthy):
    only = drop(drop(drop(drop(drop(healthy, "china.huawei-check.tcp80"), "china.vivo-check.tcp80"),
                          "china.baidu.tcp443"), "china.qq.tcp443"), "china.alidns-doh.tcp443")
    assert _china_down(only, ["china.miui-check.tcp80"]).confidence == "medium"


def test_the_evidence_names_at_most_six_failed_connections(healthy):
    edit(healthy, "china.miui-check.http", code="timeout")  # connected, then silent: a seventh
    for mid in CHINA_TCP[1:]:
        edit(healthy, mid, code="timeout")
    f = analysis._unreachable(evidence(healthy), "china", "china_unreachable")
    assert len([i for i in f.evidence if i.startswith("china.")]) == 6


def _floors(report, world, service, china):
    for m in report["measurements"]:
        rtt = {"world": world, "service": service, "china": china}.get(m["group"])
        if rtt is None:
            continue
        if m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(rtt=rtt, queue=0.0))
        elif m["kind"] == "tcp" and m["ok"]:
            m["metrics"]["connect_ms"] = rtt
    return evidence(report)


@pytest.mark.parametrize("world,service,china,floor", [
    (5.0, 9.0, 20.0, 20.0),    # China 20 ms away: far enough to time against on its own
    (5.0, 9.0, 18.0, 5.0),     # under 20: the nearest server anywhere (the world's)
    (9.0, 5.0, 18.0, 5.0),     # ... or the service's
    (30.0, 30.0, 18.0, 18.0),  # ... or China's own, when nearest
])
def test_the_floor_a_refusal_must_beat(healthy, world, service, china, floor):
    assert analysis._nearby_floor(_floors(healthy, world, service, china), "china") == floor


def test_a_damaged_negative_time_is_no_time():
    m = from_json({"id": "china.x.tcp80", "kind": "tcp", "group": "china", "target": "x:80", "ok": False,
                   "error": {"code": "refused"}, "metrics": {"connect_ms": -0.5}, "duration_ms": 0.0})
    assert analysis._connect_ms(m) is None


def test_refusals_from_nearby_abroad_are_placed_for_the_service_too():
    report = _refuse(geo(load("healthy-check")), ["service.live-login.tcp443", "service.skype-edge.tcp443",
                                                  "service.teams-relay.tcp443"], 1.26)
    f = analysis._unreachable(evidence(report), "service", "service_unreachable")
    assert (f.locus, f.cause, f.facts["variant"]) == ("local", "service_unreachable", "refused_nearby")
    assert f.facts["refused_ms"] == 1.3 and f.facts["floor_ms"] == 15.0


def test_three_refusals_of_four_failures_are_not_enough_to_place_them():
    report = _refuse(geo(load("healthy-check")), CHINA_TCP[:3], 2.0)
    edit(report, CHINA_TCP[3], code="timeout")
    assert analysis._unreachable(evidence(report), "china", "china_unreachable").locus == "upstream"


def test_a_cut_is_nearby_only_against_its_own_connection_and_a_measurable_one():
    report = geo(load("healthy-check"))
    edit(report, "service.live-login.tls", code="reset", metrics={"handshake_ms": 7.9})
    ev = evidence(report)
    tls = ev.get("service.live-login.tls")
    assert analysis._cut_nearby(ev, tls)  # under half of its own 16 ms connection
    edit(report, "service.live-login.tls", metrics={"handshake_ms": 8.0})
    assert not analysis._cut_nearby(evidence(report), evidence(report).get("service.live-login.tls"))
    # Its own connection, not another endpoint's (the relay's took 4 ms here).
    edit(report, "service.live-login.tls", metrics={"handshake_ms": 1.9})
    edit(report, "service.teams-relay.tcp443", metrics={"connect_ms": 4.0})
    edit(report, "service.live-login.tcp443", metrics={"connect_ms": 3.9})
    ev = evidence(report)
    assert not analysis._cut_nearby(ev, ev.get("service.live-login.tls"))  # 3.9 ms: too near to tell
    edit(report, "service.live-login.tcp443", metrics={"connect_ms": 4.0})
    ev = evidence(report)
    assert analysis._cut_nearby(ev, ev.get("service.live-login.tls"))


def test_the_injection_probe_and_a_closed_hosts_silence_are_never_unexplained(healthy):
    edit(healthy, "china.no-resolver.dns_injection", code="unexpected_answer", metrics={"control_answered": False})
    edit(healthy, "service.skype-login.tcp443", code="refused")
    edit(healthy, "service.skype-login.tls", code="skipped")
    f = run(healthy)
    assert "unexplained" not in f.notes and {"injection_seen", "service_retired"} <= set(f.notes)


def test_failures_in_the_group_the_verdict_blames_are_explained_by_it(healthy):
    for mid in CHINA_TCP:
        edit(healthy, mid, code="timeout")
    edit(healthy, "china.baidu.tls", code="skipped")
    edit(healthy, "world.msft-ncsi.http", code="timeout")  # elsewhere: not explained by it
    f = run(healthy)
    assert f.cause == "china_unreachable" and f.facts["unexplained"] == ["world.msft-ncsi.http"]


def test_censorship_checks_are_assumed_on_unless_said(healthy):
    f = analysis.analyse([from_json(m) for m in healthy["measurements"]], Answers())
    assert "sensitive_skipped" not in f.notes


def test_healthy_is_medium_beside_a_shaky_control_or_a_busy_computer(healthy):
    edit_all(healthy, kinds={"stun"}, groups={"world"}, metrics=voice(jitter=45.0, rtt=300.0))
    f = run(healthy)
    assert (f.cause, f.confidence) == ("healthy", "medium") and "unexplained" not in f.notes
    busy = load("healthy-check")
    edit(busy, "local.echo", metrics=voice(rtt=40.0, queue=39.0, jitter=25.0))
    assert run(busy).confidence == "medium"


def test_a_firm_finding_wins_over_a_low_one_before_it_and_names_it_beside():
    report = geo(load("healthy-check"))
    edit_all(report, kinds={"stun", "dns_sample"}, groups={"china"},
             metrics=voice(sent=500, lost=13, rtt=300.0, jitter=5.0, queue=5.0))
    edit(report, "service.teams-relay.stun", code="no_response")
    f = run(report, symptom="app_calls")
    assert (f.cause, f.confidence, f.facts["also_seen"]) == ("udp_blocked", "medium", "china_degraded")
    assert "also_seen" in f.notes


def test_a_shaky_control_shows_its_part_as_mixed_though_nothing_failed(healthy):
    edit_all(healthy, kinds={"stun"}, groups={"world"}, metrics=voice(jitter=45.0, rtt=300.0))
    parts = run(healthy).parts
    assert parts["groups"]["world"]["failed"] == 0 and parts["picture"]["internet"] == "mixed"


def test_a_local_verdicts_failures_are_explained_in_the_parts():
    parts = run(load("captive-portal")).parts["groups"]["world"]
    assert parts["failed"] > 0 and parts["unexplained"] == 0


def test_from_china_the_relays_voice_is_judged_as_the_way_out():
    f = run(load("in-china-border-lossy"))
    assert f.parts["groups"]["service"]["voice"]["state"] == "poor"


def test_a_group_without_samples_has_no_voice(healthy):
    assert run(healthy).parts["groups"]["service"]["voice"] is not None
    drop(healthy, "service.teams-relay.stun")
    assert run(healthy).parts["groups"]["service"]["voice"] is None


def test_a_home_network_not_timed_is_ok_even_beside_a_local_check_failing(healthy):
    drop(healthy, "local.home.dns_sample")
    edit(healthy, "local.ipv6", code="failed")
    assert run(healthy).parts["picture"]["home"] == "ok"


def test_shares_are_said_to_two_places(healthy):
    remote = [m for m in healthy["measurements"] if m["group"] != "local"]
    for m in remote[:len(remote) // 3]:
        edit(healthy, m["id"], code="deadline")
    f = run(healthy)
    share = f.facts["share"]
    assert share == round(len(remote) // 3 / len(remote), 2) and share != round(share, 1)


# --- what a fault on the user's side explains, and a second cause beside it ---------------------------------

def _failed(report, mid, code="timeout"):
    """The evidence with ``mid`` failed (``code``), and that check as the analysis sees it."""
    edit(report, mid, code=code)
    ev = evidence(report, symptom="app_calls", location="abroad", app="skype")
    return ev, ev.get(mid)


def _local(cause, **facts):
    return analysis.Finding("local", cause, "high", [], facts)


@pytest.mark.parametrize("cause", ["no_network", "local_dns", "captive_portal", "proxy"])
def test_a_fault_that_stops_everything_explains_a_connection_into_china(healthy, cause):
    ev, m = _failed(healthy, "china.baidu.tcp443")
    assert analysis._local_explains(ev, _local(cause), m)


def test_only_the_proxy_leading_out_explains_every_failure_the_local_udp_block_does_not(healthy):
    ev, m = _failed(healthy, "china.baidu.tls", code="reset")
    assert analysis._local_explains(ev, _local("udp_blocked", variant="proxy_only"), m)
    assert not analysis._local_explains(ev, _local("udp_blocked", variant="local"), m)


def test_a_failure_on_the_users_own_side_is_always_the_local_faults(healthy):
    ev, m = _failed(healthy, "local.home.dns_sample", code="no_response")
    assert m.kind == "dns_sample" and m.group == "local"
    assert analysis._local_explains(ev, _local("clock_skew"), m)


@pytest.mark.parametrize("mid", ["world.nextcloud-stun.stun", "china.dns-114.dns_sample", "china.dns-114.dns_server"])
def test_udp_blocked_here_explains_every_voice_check(healthy, mid):
    ev, m = _failed(healthy, mid, code="no_response")
    assert analysis._local_explains(ev, _local("udp_blocked", variant="local", port=None), m)
    # blocked on one port: another port's silence is not its doing
    other = "3478" if m.kind != "stun" else "9999"
    assert not analysis._local_explains(ev, _local("udp_blocked", variant="local", port=other), m)


def test_udp_blocked_here_explains_the_relays_voice_over_tcp_but_no_connection(healthy):
    report = add(healthy, "service.teams-relay.tcp443", "service.teams-relay.media_tcp", kind="media_tcp",
                 target="worldaz.tr.teams.microsoft.com:443/tcp", code="no_response", metrics={"answered": False})
    ev, m = _failed(report, "service.teams-relay.media_tcp", code="no_response")
    assert analysis._local_explains(ev, _local("udp_blocked", variant="local", port=None), m)
    ev, m = _failed(report, "china.baidu.tcp443")
    assert not analysis._local_explains(ev, _local("udp_blocked", variant="local", port=None), m)


@pytest.mark.parametrize("cause", ["clock_skew", "tls_interception"])
@pytest.mark.parametrize("mid", ["china.baidu.tls", "world.cloudflare-doh.doh", "china.baidu.dns_trusted",
                                 "world.msft-ncsi.http"])
def test_a_wrong_clock_or_an_inspecting_product_explains_secure_connections_only(healthy, cause, mid):
    ev, m = _failed(healthy, mid, code="cert_untrusted")
    assert analysis._local_explains(ev, _local(cause), m)
    ev, m = _failed(load("healthy-check"), "china.baidu.tcp443")
    assert not analysis._local_explains(ev, _local(cause), m)


def test_a_lossy_line_explains_a_lossy_sample_and_a_timeout_among_answers(healthy):
    ev = evidence(healthy, symptom="quality", location="abroad", app="skype")
    sample = next(m for m in ev.all if m.id == "china.miwifi-stun.stun")
    assert sample.ok and analysis._local_explains(ev, _local("weak_link"), sample)
    # China's six connections: two of five failing (0.4) is "now and then"; three of six is not.
    drop(healthy, "china.alidns-doh.tcp443")
    edit(healthy, "china.miui-check.tcp80", code="timeout")
    ev, m = _failed(healthy, "china.huawei-check.tcp80")
    assert analysis._local_explains(ev, _local("weak_link", loss_range=[5.0, 9.0]), m)
    ev, m = _failed(healthy, "china.vivo-check.tcp80")
    assert not analysis._local_explains(ev, _local("weak_link", loss_range=[5.0, 9.0]), m)
    # A fifth of the packets lost, surely: every silence; a hair under, not; a refusal never.
    assert analysis._local_explains(ev, _local("weak_link", loss_range=[20.0, 30.0]), m)
    assert not analysis._local_explains(ev, _local("weak_link", loss_range=[19.9, 30.0]), m)
    assert not analysis._local_explains(ev, _local("weak_link"), m)  # no loss quoted
    ev, m = _failed(healthy, "china.qq.tcp443", code="refused")
    assert not analysis._local_explains(ev, _local("weak_link", loss_range=[25.0, 30.0]), m)


def test_no_second_cause_beside_a_fault_that_stops_everything():
    ev = evidence(load("china-drop"), symptom="app_calls", location="abroad", app="skype")
    assert analysis._rival(ev, _local("clock_skew")).cause == "china_unreachable"
    assert analysis._rival(ev, _local("captive_portal")) is None
    assert analysis._rival(ev, _local("udp_blocked", variant="proxy_only")) is None


def test_a_second_cause_must_be_firm():
    # The relay silent over UDP with no control on its port: "low" (it may ignore tests).
    ev = evidence(load("udp-3478-blocked-here"), symptom="app_calls", location="abroad", app="skype")
    assert [f.confidence for f in analysis._upstream(ev)[0]] == ["low"]
    assert analysis._rival(ev, _local("clock_skew")) is None


def test_congestion_into_china_is_a_second_cause_beside_any_local_fault_but_the_line():
    report = load("clock-skew")
    for m in report["measurements"]:
        if m["group"] == "china" and m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(sent=500, lost=90, rtt=m["metrics"]["rtt_ms"]["median"]))
    f = run(report, symptom="quality")
    assert (f.cause, f.confidence, f.facts["also_seen"]) == ("clock_skew", "medium", "china_degraded")


def test_failures_of_the_part_an_upstream_verdict_blames_are_explained_though_not_quoted():
    f = run(load("china-drop"))
    failed = [m["id"] for m in load("china-drop")["measurements"] if m["group"] == "china" and not m["ok"]
              and (m["error"] or {}).get("code") not in ("skipped", "not_on_path")]
    assert set(failed) - set(f.evidence), "the verdict quotes some of China's failures, not all"
    assert "unexplained" not in f.notes and f.parts["groups"]["china"]["unexplained"] == 0
