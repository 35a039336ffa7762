"""In the lab, each condition gives exactly its (locus, cause), end to end through
``callpath diagnose --format json`` (the table of the verdict issue)."""

import pytest

from . import lab

SERVICE_NAMES = ("login.skype.com,login.live.com,api.skype.com,edge.skype.com,a.config.skype.com,"
                 "worldaz.tr.teams.microsoft.com")

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


def test_verdict_in_chinese(fault):
    fault("captive-portal")
    report, _ = lab.diagnose("--lang", "zh_CN")
    assert report["verdict"]["cause"] == "captive_portal"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in report["verdict"]["headline"])
