"""Two troubles at once: a fault on the user's side explains only what its mechanism does, and a
firm cause beyond it that accounts for the rest is named beside the verdict, which is then at
most "medium" (fixing the user's side may not be enough).

Each situation is two recorded lab reports spliced: the user's side from one run, China's (or the
service's) checks from another run recorded while that part failed — both real recordings."""

from __future__ import annotations

import copy

import pytest

from callpath.core.analysis import judge as analysis
from callpath.core.analysis.judge import Answers, Evidence
from callpath.core.base.measurement import from_json
from callpath.core.words import explain
from tests.replay import edit, edit_all, find, geo, in_china, load, run, voice


def splice(base: str, donor: str, group: str, kinds: tuple[str, ...] = ()) -> dict:
    """``base`` with its ``group`` checks (of these kinds, or all) replaced by ``donor``'s,
    recorded while that part failed."""
    def taken(m: dict) -> bool:
        return m["group"] == group and (not kinds or m["kind"] in kinds)
    report = load(base)
    theirs = [copy.deepcopy(m) for m in load(donor)["measurements"] if taken(m)]
    report["measurements"] = [m for m in report["measurements"] if not taken(m)] + theirs
    return report


def _words(f) -> str:
    return explain.verdict(f, "en")["explanation"]


def test_a_lossy_home_link_with_china_silent_names_both_and_is_not_sure():
    # The Wi-Fi loses packets (recorded), and every place in China was silent (recorded when
    # China's hosts dropped everything): a few percent of loss cannot silence every connection
    # to one place while the others pass.
    f = run(splice("home-degraded", "china-drop", "china"))
    assert (f.locus, f.cause, f.confidence) == ("local", "weak_link", "medium")
    assert f.facts["also_seen"] == "china_unreachable" and f.facts["also_group"] == "china"
    assert "second_cause" in f.notes and "unexplained" not in f.notes
    assert "may not be enough" in _words(f) and "places in China did not answer" in _words(f)
    # The picture shows the China part as troubled beside the blamed home network.
    assert f.parts["groups"]["china"]["failed"] and not f.parts["groups"]["china"]["unexplained"]


def test_a_lossy_line_with_one_place_in_china_timing_out_is_the_line_alone():
    # Loss now and then costs a handshake: one timeout among answers is what the line predicts.
    report = load("provider-line-lossy")
    tcp = [m["id"] for m in report["measurements"] if m["group"] == "china" and m["kind"] == "tcp"]
    assert len(tcp) >= 3
    edit(report, tcp[0], code="timeout")
    f = run(report)
    assert (f.locus, f.cause, f.confidence) == ("local", "weak_link", "high")
    assert "second_cause" not in f.notes and "unexplained" not in f.notes


def test_a_line_losing_heavily_explains_every_silence():
    # A fifth of the packets lost: whole handshakes go, to anywhere.
    report = splice("home-degraded", "china-drop", "china")
    for m in report["measurements"]:
        if m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(sent=500, lost=150, rtt=m["metrics"]["rtt_ms"]["median"]))
    f = run(report)
    assert (f.locus, f.cause) == ("local", "weak_link")
    assert f.facts["loss_range"][0] >= 20
    assert "second_cause" not in f.notes and "unexplained" not in f.notes


def test_udp_blocked_here_with_connections_into_china_cut_by_name_names_both():
    # Voice cannot leave this network, and China's sites are cut by name on the way: blocking
    # UDP does not reset TCP connections.
    # (China's voice checks stay this network's: silent, as UDP is blocked here.)
    f = run(splice("udp-blocked", "china-reset", "china", ("dns", "tcp", "tls", "http")))
    assert (f.locus, f.cause, f.confidence) == ("local", "udp_blocked", "medium")
    assert f.facts["also_seen"] == "connection_reset" and "second_cause" in f.notes


def test_udp_blocked_here_explains_the_relay_silent_over_udp():
    f = run(load("udp-blocked"))
    assert (f.locus, f.cause, f.confidence) == ("local", "udp_blocked", "high")
    assert "second_cause" not in f.notes and "unexplained" not in f.notes


def test_one_port_blocked_here_does_not_explain_silence_on_another():
    report = load("udp-3478-blocked-here")
    assert run(report).facts["port"] == "3478"
    # A resolver in China silent over UDP on its own port (53).
    other = [m for m in report["measurements"] if m["group"] == "china" and m["kind"] == "dns_sample"]
    edit(report, other[0]["id"], code="no_response")
    f = run(report)
    assert f.cause == "udp_blocked" and other[0]["id"] in f.facts["unexplained"]


def test_a_wrong_clock_with_china_silent_names_both():
    f = run(splice("clock-skew", "china-drop", "china"), symptom="app_calls")
    assert (f.locus, f.cause, f.confidence) == ("local", "clock_skew", "medium")
    assert f.facts["also_seen"] == "china_unreachable"


def test_a_wrong_clock_explains_its_own_certificate_failures_only():
    f = run(load("clock-skew"))
    assert (f.locus, f.cause, f.confidence) == ("local", "clock_skew", "high")
    assert "second_cause" not in f.notes


def test_an_inspecting_product_with_china_silent_names_both():
    f = run(splice("tls-intercept", "china-drop", "china"), symptom="app_calls")
    assert (f.locus, f.cause, f.confidence) == ("local", "tls_interception", "medium")
    assert f.facts["also_seen"] == "china_unreachable"


def test_a_second_cause_the_complaint_does_not_depend_on_is_not_named():
    # Signing in needs the service only: China silent is context, not a second cause.
    f = run(splice("clock-skew", "china-drop", "china"), symptom="sign_in")
    assert (f.cause, f.confidence) == ("clock_skew", "high") and "second_cause" not in f.notes


@pytest.mark.parametrize("fixture", ["no-route", "resolver-silent", "captive-portal", "dead-proxy",
                                     "proxy-only-egress"])
def test_a_fault_that_stops_everything_explains_everything(fixture):
    report = load(fixture)
    f = run(report)
    assert f.locus == "local" and "second_cause" not in f.notes and "unexplained" not in f.notes


def test_no_ground_beyond_this_side_when_the_rest_of_the_internet_fails_too():
    report = splice("clock-skew", "china-drop", "china")
    edit_all(report, kinds=["tcp", "http"], groups=["world"], code="timeout")
    f = run(report, symptom="app_calls")
    assert (f.locus, f.cause) == ("local", "clock_skew") and "second_cause" not in f.notes


def test_a_lossy_line_with_clearly_more_loss_into_china_names_the_congestion():
    # The user's line loses a little (the control shows it); China's samples lose far more
    # on top: the way into China adds its own (the path model places it beyond the line).
    report = load("provider-line-lossy")
    for m in report["measurements"]:
        if m["group"] == "china" and m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(sent=500, lost=90, rtt=m["metrics"]["rtt_ms"]["median"]))
    f = run(report)
    assert (f.locus, f.cause, f.confidence) == ("local", "weak_link", "medium")
    assert f.facts["also_seen"] == "china_degraded" and "second_cause" in f.notes
    assert "congested" in _words(f)


def test_a_refusal_from_next_door_is_no_second_cause_beyond_this_side():
    # Refusals of China's servers sooner than any round trip there come from nearby: on this
    # side too, so they are not a cause beyond it.
    report = load("home-degraded")
    for m in report["measurements"]:
        if m["group"] == "china" and m["kind"] == "tcp":
            edit(report, m["id"], code="refused", duration_ms=0.5, metrics={"connect_ms": 0.5})
    f = run(report)
    assert (f.locus, f.cause) == ("local", "weak_link") and "second_cause" not in f.notes


def test_a_voice_server_losing_as_the_router_hop_does_is_the_hop_s_loss():
    # China's resolvers (500 packets each) lost nothing — the hop's trouble there is its delay
    # — and the voice server in China lost about what the hop loses: the part is not judged
    # bad, so the sample is not the verdict's evidence, yet the hop's loss accounts for it.
    report = load("home-degraded")
    for mid, lost in (("china.dns-114.dns_sample", 0), ("china.dns-dnspod.dns_sample", 0),
                      ("china.miwifi-stun.stun", 60)):
        rtt = find(report, mid)["metrics"]["rtt_ms"]["median"]
        edit(report, mid, metrics=voice(sent=500, lost=lost, rtt=rtt))
    f = run(report)
    assert (f.cause, f.confidence) == ("weak_link", "high")
    assert "china.miwifi-stun.stun" not in f.evidence and "unexplained" not in f.notes


def test_for_a_user_in_china_the_loss_on_top_is_on_the_way_out():
    # The user's line loses a little; the foreign servers lose far more on top: for a user
    # inside China that is the way out across the border, named beside the line.
    report = load("healthy-check")
    edit(report, "world.google-stun.stun", code="no_response")
    edit(report, "world.nextcloud-stun.stun", metrics=voice(sent=500, lost=100, rtt=180.0))
    edit(report, "service.teams-relay.stun", metrics=voice(sent=500, lost=100, rtt=180.0))
    edit(report, "china.miwifi-stun.stun", code=None, metrics=voice(sent=500, lost=40))
    edit_all(report, kinds={"dns_sample"}, groups={"china"}, metrics=voice(sent=500, lost=40))
    f = run(in_china(report), location="china", symptom="app_calls")
    assert "second_cause" in f.notes, (f.locus, f.cause, f.notes)
    assert (f.cause, f.facts["also_seen"], f.facts["also_group"]) == ("weak_link", "china_degraded", "world")


def test_a_router_refusing_china_explains_chinas_checks_and_no_others():
    # A geo-blocking router refuses every connection to China far sooner than a round trip
    # there: each of China's checks is refused by it (not "not explained"); a service failing
    # as well is not its doing.
    report = geo(load("healthy-check"))
    for m in report["measurements"]:
        if m["group"] == "china" and m["kind"] in ("tcp", "tls", "http", "doh"):
            edit(report, m["id"], code="refused", duration_ms=0.5, metrics={"connect_ms": 0.5})
    f = run(report, symptom="app_calls")
    assert (f.locus, f.cause, f.facts["variant"]) == ("local", "china_unreachable", "refused_nearby")
    assert "unexplained" not in f.notes
    edit(report, "service.skype-login.tls", code="reset")
    ev = Evidence([from_json(m) for m in report["measurements"]], Answers("app_calls", "abroad", "skype"))
    assert not analysis._local_explains(ev, f, ev.get("service.skype-login.tls"))
    assert analysis._local_explains(ev, f, ev.get("china.qq.tls"))
