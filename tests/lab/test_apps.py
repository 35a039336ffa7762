"""In the lab, ``callpath diagnose --service all``: every app judged in one check, a verdict per
app, and the app to call on — the one whose way is clean in each scenario, or one verdict when
the trouble is on the user's side for all of them (issue 27). Each app's servers have addresses
of their own in the lab (lab.APP_ADDRESSES), so one app's way can fail while another's is clean."""

import pytest

from callpath.core.records.render import render

from . import lab

# id, faults [(name, parameters)], complaint, the suggestion's kind, the apps it suggests, the
# standing each app must have (analysis.choice.standing), the cause every app shares (or None).
SCENARIOS = [
    # One app's voice server loses a fifth of its packets, the other's way is clean.
    ("teams-relay-congested", [("relay-degraded", {"app": "teams", "loss": 20})], "quality",
     "use", ["wechat"], {"teams": "trouble", "wechat": "clear", "whatsapp": "blocked"}, None),
    ("wechat-voice-congested", [("relay-degraded", {"app": "wechat", "loss": 20})], "quality",
     "use", ["teams"], {"teams": "clear", "wechat": "trouble", "whatsapp": "blocked"}, None),
    # Every app's servers down but one.
    ("all-down-but-wechat", [("apps-down", {"keep": "wechat"})], "app_calls",
     "use", ["wechat"], {"teams": "trouble", "wechat": "clear", "whatsapp": "blocked"}, None),
    ("all-down-but-teams", [("apps-down", {"keep": "teams"})], "check",
     "use", ["teams"], {"teams": "clear", "wechat": "trouble"}, None),
    # The trouble on this side, for every app: one local verdict.
    # (WhatsApp has no voice server of its own to find silent: its block in China decides its
    # calls there, and it is left out of the suggestion either way.)
    ("udp-blocked-here", [("udp-blocked", {})], "app_calls",
     "local", [], {"teams": "local", "wechat": "local", "whatsapp": "blocked"}, "udp_blocked"),
    ("captive-portal-every-app", [("captive-portal", {})], "check",
     "local", [], {"teams": "local", "wechat": "local", "whatsapp": "local"}, "captive_portal"),
    # Every app's way clear: no app is better.
    ("all-clear", [], "check", "tie", ["teams", "wechat"], {"whatsapp": "blocked"}, None),
    # The way into China congested: every app's, so no app is better.
    ("china-congested", [("china-degraded", {"loss": 15, "delay_ms": 200, "jitter_ms": 40})], "quality",
     "none", [], {"teams": "trouble", "wechat": "trouble"}, "china_degraded"),
]


@pytest.mark.parametrize("name,faults,symptom,kind,suggested,standings,shared", SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_every_app_in_one_check(fault, name, faults, symptom, kind, suggested, standings, shared):
    for fault_name, params in faults:
        fault(fault_name, **params)
    report, _ = lab.diagnose("--service", "all", "--symptom", symptom)
    verdict, said = report["verdict"], report["verdict"]["suggestion"]
    why = (said, [(v["app"]["id"], v["cause"], v["confidence"], v["headline"]) for v in verdict["apps"]])
    assert report["context"]["service"] == "all"
    assert [c["app"] for c in report["context"]["compared"]] == [v["app"]["id"] for v in verdict["apps"]]
    assert (said["kind"], said["apps"]) == (kind, suggested), why
    assert {a: said["standings"][a] for a in standings} == standings, why
    if shared:
        assert {v["cause"] for v in verdict["apps"] if said["standings"][v["app"]["id"]] != "blocked"} == {shared}, why
        assert verdict["cause"] == shared
    if kind == "use":  # the report's verdict is the suggested app's
        assert verdict["app"]["id"] == suggested[0] and said["main"] == suggested[0]
    # One check: every check once, the shared ones and each app's servers.
    ids = [m["id"] for m in report["measurements"]]
    assert len(ids) == len(set(ids))
    text = render(report, "text")
    if kind == "local":  # said once, not once per app
        assert text.count(verdict["headline"]) == 1, text
    for v in verdict["apps"]:
        assert v["app"]["names"]["en"] in text
