"""In the lab, each condition gives exactly its (locus, cause), end to end through
``callpath diagnose --format json`` (the table of the verdict issue)."""

import json

import pytest

from callpath.core.analysis import judge as analysis
from callpath.core.analysis.answers import Answers
from callpath.core.base.measurement import from_json
from callpath.core.engine.builtin import builtin

from . import lab

SERVICE_NAMES = ("login.skype.com,login.live.com,api.skype.com,edge.skype.com,a.config.skype.com,"
                 "worldaz.tr.teams.microsoft.com,teams.microsoft.com,teams.live.com")

SCENARIOS = [
    # id, fault, parameters, symptom, expected (locus, cause)
    ("healthy-check", None, {}, "check", ("none", "healthy")),
    ("healthy-phone", None, {}, "phone_calls", ("upstream", "beyond_reach")),
    ("no-route", "no-route", {}, "check", ("local", "no_network")),
    ("resolver-silent", "resolver-silent", {}, "check", ("local", "local_dns")),
    ("captive-portal", "captive-portal", {}, "check", ("local", "captive_portal")),
    ("udp-blocked", "udp-blocked", {}, "app_calls", ("local", "udp_blocked")),
    ("tls-intercept", "tls-intercept", {}, "sign_in", ("local", "tls_interception")),
    ("service-drop", "service-drop", {}, "sign_in", ("upstream", "service_unreachable")),
    ("china-drop", "china-drop", {}, "app_calls", ("upstream", "china_unreachable")),
    ("china-degraded", "china-degraded", {"loss": 10, "delay_ms": 150, "jitter_ms": 30}, "quality",
     ("upstream", "china_degraded")),
    ("forged-dns", "forged-dns", {"names": SERVICE_NAMES}, "sign_in", ("upstream", "dns_tampering")),
    ("reset-on-name", "reset-on-name", {"names": SERVICE_NAMES}, "sign_in", ("upstream", "connection_reset")),
    ("clock-skew", "clock-skew", {"offset": "+365d"}, "sign_in", ("local", "clock_skew")),
    ("dead-proxy", "dead-proxy", {}, "sign_in", ("local", "proxy")),
    # Beyond the table: the same rules, other conditions.
    ("home-degraded", "home-degraded", {"loss": 10, "delay_ms": 150, "jitter_ms": 20}, "quality",
     ("local", "weak_link")),
    ("relay-udp-drop", "relay-udp-drop", {}, "app_calls", ("upstream", "udp_blocked")),
    ("clock-behind", "clock-skew", {"offset": "-365d"}, "check", ("local", "clock_skew")),
    ("china-reset", "reset-on-name", {"names": "www.baidu.com,www.qq.com"}, "app_calls",
     ("upstream", "connection_reset")),
]


# A lab as messy as the world (the verdict issue): each a named fault, with the answer a person
# in that situation would call right, and the confidence the evidence allows.
MESSY = [
    # id, fault, parameters, command-line arguments, expected (locus, cause), confidences allowed
    ("world-path-lossy", "world-degraded", {"loss": 15}, ["--symptom", "check"], ("none", "healthy"), {"medium"}),
    ("relay-path-lossy", "relay-degraded", {"loss": 20}, ["--symptom", "quality"],
     ("upstream", "service_degraded"), {"medium"}),
    ("cdn-answers", "cdn-dns", {}, ["--symptom", "check"], ("none", "healthy"), {"high"}),
    # Changed (issue 23): the trusted resolver's address is tried too, and it connects: the
    # service is up, the user's DNS sends the connections where nothing answers (not "down").
    ("cdn-answers-then-silence", "cdn-dns", {"broken": 1, "names": SERVICE_NAMES}, ["--symptom", "sign_in"],
     ("upstream", "dns_tampering"), {"medium"}),
    ("relay-ignores-unauthenticated", "relay-ignores", {}, ["--symptom", "app_calls"],
     ("upstream", "udp_blocked"), {"medium"}),
    ("udp-3478-blocked-here", "udp-port-blocked", {"port": 3478}, ["--symptom", "app_calls"],
     ("local", "udp_blocked"), {"medium"}),
    ("proxy-only-egress", "proxy-only", {}, ["--symptom", "app_calls"], ("local", "udp_blocked"), {"medium"}),
    ("proxy-only-sign-in", "proxy-only", {}, ["--symptom", "sign_in"], ("upstream", "beyond_reach"), {"medium"}),
    ("tls-inspected-trusted-root", "tls-inspect", {}, ["--symptom", "sign_in"],
     ("local", "tls_interception"), {"high"}),
    ("in-china-healthy", "in-china", {}, ["--symptom", "app_calls", "--location", "china"],
     ("upstream", "beyond_reach"), {"medium"}),
    ("in-china-border-lossy", "in-china", {"loss": 25}, ["--symptom", "quality", "--location", "china"],
     ("upstream", "china_degraded"), {"high", "medium"}),
    ("busy-computer", "cpu-load", {"workers": 4}, ["--symptom", "check"], ("none", "healthy"), {"high", "medium"}),
    ("provider-line-lossy", "uplink-degraded", {"loss": 10, "delay_ms": 0}, ["--symptom", "quality"],
     ("local", "weak_link"), {"high", "medium"}),
]


def _why(report: dict) -> str:
    """What a failed scenario's verdict rested on, for whoever reads CI's log: the words, the
    notes, each part's judged voice and the voice samples as measured."""
    verdict = report["verdict"]
    samples = [(m["id"], (m.get("error") or {}).get("code"), *((m.get("metrics") or {}).get(k)
                                                               for k in ("sent", "received", "loss_pct")))
               for m in report["measurements"] if m["kind"] in ("stun", "dns_sample", "echo")]
    return "\n".join([verdict["headline"], verdict["explanation"], f"notes: {verdict.get('notes')}",
                      f"parts: {json.dumps(verdict.get('parts'), sort_keys=True)}", f"samples: {samples}"])


@pytest.mark.parametrize("name,fault_name,params,args,expected,confidence", MESSY, ids=[s[0] for s in MESSY])
def test_messy_world(fault, name, fault_name, params, args, expected, confidence):
    fault(fault_name, **params)
    report, _ = lab.diagnose(*args)
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == expected, _why(report)
    assert verdict["confidence"] in confidence, _why(report)
    assert set(verdict["evidence"]) <= {m["id"] for m in report["measurements"]}

    variant = VARIANT_WORDS.get(name)
    if variant:  # the texts' variant: which part of the user's side
        assert variant in verdict["headline"], verdict["headline"]
    if "china" in args:  # from inside China the probe's question never crosses the border
        inj = next(m for m in report["measurements"] if m["kind"] == "dns_injection")
        assert inj["ok"], inj


VARIANT_WORDS = {"provider-line-lossy": "internet connection", "home-degraded": "router"}


def test_one_burst_of_loss_is_never_a_confident_verdict(fault):
    # One burst of total loss towards China in every five-second sample: a moment of
    # congestion. Either it shows (upstream, at most medium) or it missed the samples.
    fault("loss-burst", every_s=5.5, burst_s=0.6)
    verdict = lab.diagnose("--symptom", "app_calls")[0]["verdict"]
    assert (verdict["locus"], verdict["cause"], verdict["confidence"]) in {
        ("upstream", "china_degraded", "medium"), ("upstream", "beyond_reach", "medium")}, verdict


@pytest.mark.parametrize("name,fault_name,params,symptom,expected", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_verdict(fault, name, fault_name, params, symptom, expected):
    if fault_name:
        fault(fault_name, **params)
    report, _ = lab.diagnose("--symptom", symptom)
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == expected, (verdict["headline"], verdict["evidence"])
    assert verdict["headline"] and verdict["explanation"] and verdict["actions"]
    ids = {m["id"] for m in report["measurements"]}
    assert set(verdict["evidence"]) <= ids
    if name in VARIANT_WORDS:
        assert VARIANT_WORDS[name] in verdict["headline"], verdict["headline"]


def test_verdict_in_chinese(fault):
    fault("captive-portal")
    report, _ = lab.diagnose("--lang", "zh_CN")
    assert report["verdict"]["cause"] == "captive_portal"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in report["verdict"]["headline"])


# Each calling app in the lab: the verdict a user of that app, in that situation, would call
# right. id, fault, parameters, command-line arguments, expected (locus, cause).
APPS = [
    ("teams-is-the-default", None, {}, ["--symptom", "check"], ("none", "healthy")),
    ("skype-checks-teams", None, {}, ["--service", "skype", "--symptom", "sign_in"], ("upstream", "beyond_reach")),
    ("wechat-healthy", None, {}, ["--service", "wechat", "--symptom", "app_calls"], ("upstream", "beyond_reach")),
    ("wechat-udp-blocked", "udp-blocked", {}, ["--service", "wechat", "--symptom", "app_calls"],
     ("local", "udp_blocked")),
    ("wechat-china-congested", "china-degraded", {"loss": 15, "delay_ms": 200, "jitter_ms": 40},
     ["--service", "wechat", "--symptom", "quality"], ("upstream", "china_degraded")),
    ("wechat-servers-dropped", "service-drop", {}, ["--service", "wechat", "--symptom", "sign_in"],
     ("upstream", "service_unreachable")),
    ("whatsapp-to-china", None, {}, ["--service", "whatsapp", "--symptom", "app_calls"],
     ("upstream", "app_blocked_in_china")),
    ("whatsapp-behind-a-portal", "captive-portal", {}, ["--service", "whatsapp", "--symptom", "app_calls"],
     ("local", "captive_portal")),
    ("whatsapp-in-china", "in-china", {}, ["--service", "whatsapp", "--symptom", "app_calls", "--location", "china"],
     ("upstream", "app_blocked_in_china")),
]


@pytest.mark.parametrize("name,fault_name,params,args,expected", APPS, ids=[a[0] for a in APPS])
def test_each_app(fault, name, fault_name, params, args, expected):
    if fault_name:
        fault(fault_name, **params)
    report, _ = lab.diagnose(*args)
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == expected, (verdict["headline"], verdict["explanation"])
    service = args[args.index("--service") + 1] if "--service" in args else "teams"
    assert report["context"]["service"] == service
    planned = {m["id"].split(".")[1] for m in report["measurements"] if m["group"] == "service"}
    if service == "skype":  # closed: what its users sign in to now is checked, and said
        assert {"teams-web", "teams-free"} <= planned and "Teams (free)" in verdict["explanation"]
    elif service in ("wechat", "whatsapp"):
        assert all(p.startswith(service) for p in planned), planned


def test_a_blocked_voice_channel_says_calls_can_fall_back_when_the_relay_answers_over_tcp(fault):
    """UDP blocked on the user's side, web connections fine: the relay's TURN answer over TCP
    443 (coturn) tells the user that calls may still connect, worse."""
    fault("udp-blocked")
    report, _ = lab.diagnose("--symptom", "app_calls")
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == ("local", "udp_blocked"), verdict["headline"]
    fallback = next(m for m in report["measurements"] if m["id"] == "service.teams-relay.media_tcp")
    assert fallback["ok"] and fallback["metrics"]["error_code"] == 401
    assert "service.teams-relay.media_tcp" in verdict["evidence"]
    assert "port 443" in verdict["explanation"]


# A border as real as the world's (issue 23, item 7): each scenario runs over the lab's everyday
# background (background.py: the border forging answers for censored names, the user's resolver
# answering a CDN name by place, one world control slower and a little lossy of its own), with
# the verdict a person in that situation would call right.
# id, faults [(name, parameters)], arguments, (locus, cause) allowed, confidences allowed,
# facts the finding must carry, notes it must carry.
BORDER = [
    # One resolver in China loses 40 % on its own while China's STUN server and the other
    # resolver are clean: that server's own stretch, not the way into China nor the user's line.
    # (40 %, not 30 %: pooled with the two clean samples, 30 % sits at the very edge of "sounds
    # poor" (10 % pooled, MOS 3.6) and the verdict flips from run to run.)
    ("one-china-resolver-lossy", [("server-lossy", {"address": lab.LITERALS["114.114.114.114"], "loss": 40})],
     ["--symptom", "quality"], {("upstream", "beyond_reach")}, {"medium"}, {}, set()),
    ("one-china-resolver-lossy-check", [("server-lossy", {"address": lab.LITERALS["114.114.114.114"], "loss": 40})],
     ["--symptom", "check"], {("none", "healthy")}, {"medium"}, {}, set()),
    # The home router refuses (TCP reset) every connection to China's addresses, while China
    # itself is far away (150 ms): refusals far sooner than anything there answers came from nearby.
    ("geo-blocking-router", [("china-degraded", {"loss": 0, "delay_ms": 150, "jitter_ms": 5}),
                             ("geo-block", {"group": "china"})],
     ["--symptom", "app_calls"], {("local", "china_unreachable")}, {"medium"},
     {"variant": "refused_nearby"}, set()),
    # An office that sends the web through its proxy (on the router) and lets UDP out directly:
    # direct TCP failing is not on the user's path, so never "no network".
    ("office-proxy-voice-direct", [("office-proxy", {})], ["--symptom", "app_calls"],
     {("upstream", "beyond_reach")}, {"medium"}, {}, {"proxy_in_use"}),
    ("office-proxy-check", [("office-proxy", {})], ["--symptom", "check"],
     {("none", "healthy"), ("upstream", "beyond_reach")}, {"high", "medium"}, {}, {"proxy_in_use"}),
    # UDP blocked at home while every sign-in server answers: signing in needs no voice channel,
    # so it is said beside the verdict (the same block for app calls is the verdict: the
    # "udp-blocked" scenario above, local udp_blocked).
    ("udp-blocked-sign-in", [("udp-blocked", {})], ["--symptom", "sign_in"],
     {("upstream", "beyond_reach")}, {"medium"}, {"also_seen": "udp_blocked"}, set()),
    # A steady 60 ms at the router hop (a phone's hotspot, a router that forwards slowly), no
    # loss, China 150 ms further: calls beyond it still sound good, so not the user's link.
    ("router-hop-steady-delay", [("home-degraded", {"loss": 0, "delay_ms": 60, "jitter_ms": 0}),
                                 ("china-degraded", {"loss": 0, "delay_ms": 150, "jitter_ms": 5})],
     ["--symptom", "quality"], {("upstream", "beyond_reach")}, {"medium", "high"}, {}, set()),
    # Loss and delay both moderate into China (4 %, 300 ms): neither alone beyond doubt, together
    # a call sounds poor, and only that part of the way shows them. Exactly one packet in 25 per
    # server ("nth"): at random, a sample now and then loses 2.5 % and the case turns into the
    # next one.
    ("china-moderate-loss-and-delay",
     [("china-degraded", {"loss": 4, "delay_ms": 300, "jitter_ms": 10, "mode": "nth"})],
     ["--symptom", "quality"], {("upstream", "china_degraded")}, {"medium"}, {}, set()),
    # Lighter loss (2.5 %) with the same 300 ms: a call over that part still sounds fair (MOS 3.5
    # at the measured loss), and still only that part shows anything.
    ("china-light-loss-and-delay",
     [("china-degraded", {"loss": 2.5, "delay_ms": 300, "jitter_ms": 10, "mode": "nth"})],
     # 2.5 % in 500 packets cannot be proven over the threshold: most likely China, not sure.
     ["--symptom", "quality"], {("upstream", "china_degraded")}, {"low", "medium"}, {}, set()),
    # Two troubles at once: the Wi-Fi loses 10 % and delays, and every place in China is silent.
    # That much loss cannot silence every connection to one place while others pass: the user's
    # side first (they can fix it), China named beside it, and not sure it is enough. (Loss
    # alone, 8 % at random, left the line unproven now and then: with China silent only the
    # world's and the relay's samples cross it, and one of them can come out light.)
    ("lossy-wifi-and-china-dropped", [("home-degraded", {"loss": 10, "delay_ms": 150, "jitter_ms": 20}),
                                      ("china-drop", {})],
     ["--symptom", "app_calls"], {("local", "weak_link")}, {"medium"},
     {"also_seen": "china_unreachable"}, {"second_cause"}),
    # UDP blocked at home, and China's sites cut by name on the way: blocking UDP resets nothing.
    ("udp-blocked-and-china-reset", [("udp-blocked", {}), ("reset-on-name", {"names": "www.baidu.com,www.qq.com"})],
     ["--symptom", "app_calls"], {("local", "udp_blocked")}, {"medium"},
     {"also_seen": "connection_reset"}, {"second_cause"}),
]


def finding_of(report: dict):
    """The finding behind a report's verdict, with the facts and notes its words do not carry
    (the analysis is pure: the same measurements give the same finding)."""
    ctx = report["context"]
    answers = Answers(ctx["symptom"], ctx["location"], ctx["service"])
    return analysis.analyse([from_json(m) for m in report["measurements"]], answers,
                            ctx.get("sensitive_probes", True), builtin().apps)


# Scenarios (coherent: a real network looks like that) whose verdict the analysis gets wrong for
# now, reported to the analysis' owner with the recorded report: expected to fail, and failing
# once judged right, so the fix shows.
DISCREPANCIES: dict[str, str] = {}  # none known now (the three the lab found are fixed: see git log)
# Notes the finding must not carry: a part of the way is to blame, or none sounds poor.
NOT_UNPLACED = {b[0] for b in BORDER}


def judged(name: str, right: bool, why) -> None:
    """The verdict is right; for a known discrepancy, an expected failure (a failure once right)."""
    if name in DISCREPANCIES:
        assert not right, f"{name} is judged right now: take it out of DISCREPANCIES"
        pytest.xfail(DISCREPANCIES[name])
    assert right, why


@pytest.mark.parametrize("name,faults,args,expected,confidence,facts,notes", BORDER, ids=[b[0] for b in BORDER])
def test_border_as_real_as_the_world(fault, name, faults, args, expected, confidence, facts, notes):
    for fault_name, params in faults:
        fault(fault_name, **params)
    report, _ = lab.diagnose(*args)
    verdict = report["verdict"]
    # The background is there: the border forged answers for the probe's censored names only
    # (each answered from the forged pool; on a lossy line a question or its answer may be lost).
    inj = next(m for m in report["measurements"] if m["kind"] == "dns_injection")
    censored = [n for name_, n in inj["metrics"]["names"].items() if name_ != inj["metrics"]["control"]]
    answered = [n for n in censored if n["packets"]]
    assert inj["metrics"]["control_answered"] is False and answered
    assert all(n["in_forged_pool"] for n in answered)
    finding = finding_of(report)
    assert (finding.locus, finding.cause) == (verdict["locus"], verdict["cause"])
    assert set(verdict["evidence"]) <= {m["id"] for m in report["measurements"]}
    right = ((verdict["locus"], verdict["cause"]) in expected and verdict["confidence"] in confidence
             and {k: finding.facts.get(k) for k in facts} == facts and notes <= set(finding.notes)
             and not (name in NOT_UNPLACED and "quality_unplaced" in finding.notes))
    judged(name, right, (verdict["locus"], verdict["cause"], verdict["confidence"], verdict["headline"],
                         finding.facts, finding.notes))
