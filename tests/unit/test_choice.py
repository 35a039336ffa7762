"""Every app judged in one check (``--service all``, core/analysis/choice.py): each app on its
share of the measurements, by the one analysis, and the suggestion their verdicts support."""

import copy
import json
from pathlib import Path

import pytest

from callpath.core.analysis import choice
from callpath.core.analysis.answers import Answers
from callpath.core.analysis.finding import Finding
from callpath.core.analysis.judge import analyse
from callpath.core.base.measurement import from_json
from callpath.core.engine.builtin import builtin
from callpath.core.records.render import render
from callpath.core.records.report import ReportError, validate
from callpath.core.words import rejudge

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def finding(locus: str, cause: str, confidence: str = "high", **facts) -> Finding:
    return Finding(locus, cause, confidence, facts=dict(facts))


# --- the suggestion from the verdicts -------------------------------------------------------------

def test_one_app_clear_and_another_in_trouble_suggests_the_clear_one():
    got = choice.suggest({"teams": finding("upstream", "service_degraded", "medium"),
                          "wechat": finding("none", "healthy")}, "quality")
    assert (got.kind, got.apps, got.main) == ("use", ("wechat",), "wechat")
    assert got.confidence == "medium"  # as sure as the finding that sets them apart


def test_every_app_clear_is_a_tie_led_by_the_catalogs_default():
    got = choice.suggest({"wechat": finding("none", "healthy"), "teams": finding("none", "healthy")},
                         "check", default="teams")
    assert (got.kind, got.apps, got.main, got.confidence) == ("tie", ("wechat", "teams"), "teams", "high")


def test_trouble_on_this_side_for_every_app_is_one_local_verdict():
    got = choice.suggest({"teams": finding("local", "captive_portal"), "wechat": finding("local", "captive_portal"),
                          "whatsapp": finding("local", "captive_portal")}, "check")
    assert (got.kind, got.apps, got.shared) == ("local", (), "captive_portal")


def test_an_app_blocked_in_china_is_never_suggested_and_never_breaks_a_tie():
    blocked = finding("upstream", "app_blocked_in_china")
    noted = finding("none", "healthy")
    noted.notes.append("app_blocked_in_china")  # a check: the block is said beside
    for whatsapp in (blocked, noted):
        got = choice.suggest({"teams": finding("none", "healthy"), "wechat": finding("none", "healthy"),
                              "whatsapp": whatsapp}, "app_calls")
        assert (got.kind, got.apps) == ("tie", ("teams", "wechat"))
        assert got.standings["whatsapp"] == "blocked"


def test_one_app_blocked_here_by_this_sides_firewall_and_another_clear_suggests_the_clear_one():
    # UDP blocked here on the relay's port only: a local verdict for that app, not for all.
    got = choice.suggest({"teams": finding("local", "udp_blocked", "medium"),
                          "wechat": finding("upstream", "beyond_reach", "medium")}, "app_calls")
    assert (got.kind, got.apps) == ("use", ("wechat",))


def test_a_shared_trouble_beyond_this_side_makes_no_app_better():
    got = choice.suggest({"teams": finding("upstream", "china_degraded", "high"),
                          "wechat": finding("upstream", "china_degraded", "medium")}, "quality")
    assert (got.kind, got.shared, got.confidence) == ("none", "china_degraded", "medium")


def test_too_little_measured_for_any_app_is_unsure():
    got = choice.suggest({"teams": finding("unknown", "inconclusive", "low"),
                          "wechat": finding("unknown", "inconclusive", "low")}, "check")
    assert (got.kind, got.confidence) == ("unsure", "low")


def test_weak_sources_and_unexplained_failures_make_a_suggestion_at_most_fairly_sure():
    got = choice.suggest({"teams": finding("upstream", "service_unreachable"), "wechat": finding("none", "healthy")},
                         "app_calls", weak={"wechat"})
    assert (got.kind, got.confidence, got.notes) == ("use", "medium", [("choice_weak_source", "wechat")])
    # Signing in needs no voice server: where they are does not matter then.
    got = choice.suggest({"teams": finding("upstream", "service_unreachable"), "wechat": finding("none", "healthy")},
                         "sign_in", weak={"wechat"})
    assert (got.confidence, got.notes) == ("high", [])
    got = choice.suggest({"teams": finding("upstream", "service_unreachable"),
                          "wechat": finding("none", "healthy", variant="partly")}, "check")
    assert (got.kind, got.confidence, got.notes) == ("use", "medium", [("choice_partly", "wechat")])


def test_fully_clear_apps_come_before_partly_clear_ones():
    got = choice.suggest({"teams": finding("none", "healthy", variant="partly"), "wechat": finding("none", "healthy"),
                          "whatsapp": finding("upstream", "service_unreachable")}, "check")
    assert (got.kind, got.apps) == ("use", ("wechat",))


def test_no_app_that_can_reach_china_is_unsure_and_no_app_at_all_is_refused():
    got = choice.suggest({"whatsapp": finding("upstream", "app_blocked_in_china")}, "app_calls")
    assert (got.kind, got.apps, got.main, got.confidence) == ("unsure", (), "whatsapp", "low")
    with pytest.raises(ValueError, match="at least one app"):
        choice.judge_apps([], Answers("check", "abroad", "all"), True, builtin().apps, [])


def test_one_app_able_alone_is_never_a_tie():
    got = choice.suggest({"teams": finding("none", "healthy"), "whatsapp": finding("upstream", "app_blocked_in_china")},
                         "check")
    assert (got.kind, got.apps) == ("use", ("teams",))


def test_an_app_whose_trouble_the_analysis_doubts_is_not_judged():
    # A silent relay may answer only real calls: no proof against its app.
    doubted = finding("upstream", "udp_blocked", "low")
    doubted.notes.append("relay_may_ignore")
    got = choice.suggest({"teams": doubted, "wechat": finding("upstream", "beyond_reach", "medium")}, "app_calls")
    assert got.standings["teams"] == "unknown"
    assert (got.kind, got.apps, got.confidence) == ("use", ("wechat",), "medium")


def test_failures_nothing_explains_make_an_app_only_partly_clear_whatever_the_complaint():
    partly = finding("upstream", "beyond_reach", "medium", unexplained=["service.teams-web.tcp443"])
    got = choice.suggest({"teams": partly, "wechat": finding("upstream", "beyond_reach", "medium")}, "app_calls")
    assert (got.kind, got.apps, got.standings["teams"]) == ("use", ("wechat",), "partly")


def test_one_cause_in_two_places_is_not_shared_and_the_fault_on_this_side_leads():
    # Refusals proven nearby for one app's far servers, not for the other's near ones.
    got = choice.suggest({"teams": finding("upstream", "service_unreachable", "medium"),
                          "wechat": finding("local", "service_unreachable", "medium")}, "sign_in", default="teams")
    assert (got.kind, got.shared, got.main) == ("none", None, "wechat")


def test_an_app_not_reached_at_all_is_not_clear():
    got = choice.suggest({"teams": finding("upstream", "service_unreachable"), "wechat": finding("none", "healthy")},
                         "sign_in", covered={"wechat": choice.Coverage(reached=False)})
    assert (got.standings["wechat"], got.kind) == ("unknown", "unsure")


# --- which apps, and their share of the measurements ------------------------------------------------

def test_the_apps_compared_are_those_still_running_that_can_carry_the_complaint():
    cat = builtin()
    assert [a.id for a in choice.carrying(cat.apps, "check")] == ["teams", "wechat", "whatsapp"]
    assert [a.id for a in choice.carrying(cat.apps, "phone_calls")] == ["teams"]  # WeChat calls no phone
    compared = {c.app: c for c in cat.compared("app_calls")}
    assert "teams-relay" in compared["teams"].endpoints and "wechat-stun" in compared["wechat"].endpoints
    assert not set(compared["teams"].endpoints) & set(compared["wechat"].endpoints)
    # WeChat's voice servers are not published: its only voice server is sourced weakly.
    assert (compared["teams"].weak, compared["wechat"].weak, compared["whatsapp"].weak) == (False, True, True)


def test_an_apps_share_is_everything_but_the_other_apps_servers():
    report = json.loads((FIXTURES / "relay-path-lossy.json").read_text())
    ms = [from_json(m) for m in report["measurements"]]
    own = choice.only_for(ms, ["teams-relay"])
    assert {m.id.split(".")[1] for m in own if m.group == "service"} == {"teams-relay"}
    assert [m for m in own if m.group != "service"] == [m for m in ms if m.group != "service"]


def _recorded(name: str) -> dict:
    """A lab run of every app (tests/fixtures/all-apps), without its 'expected'."""
    report = json.loads((FIXTURES.parent / "all-apps" / f"{name}.json").read_text("utf-8"))
    report.pop("expected")
    return report


def test_each_app_is_judged_by_the_one_analysis_on_its_own_servers():
    # Teams' relay loses a fifth of its packets; WeChat's voice server's way is clean.
    report = _recorded("teams-relay-congested")
    verdict = rejudge.explain_report(report, "en")
    by_app = {v["app"]["id"]: v for v in verdict["apps"]}
    assert by_app["teams"]["cause"] == "service_degraded"
    assert by_app["wechat"]["cause"] == "beyond_reach"
    assert (verdict["suggestion"]["kind"], verdict["suggestion"]["apps"]) == ("use", ["wechat"])
    assert verdict["app"]["id"] == "wechat" and verdict["cause"] == by_app["wechat"]["cause"]
    # Each the same as the one-app analysis of its share.
    ms = [from_json(m) for m in report["measurements"]]
    for item in report["context"]["compared"]:
        alone = analyse(choice.only_for(ms, item["endpoints"]), Answers("quality", "abroad", item["app"]),
                        True, builtin().apps)
        assert (alone.locus, alone.cause) == (by_app[item["app"]]["locus"], by_app[item["app"]]["cause"])


def test_an_app_with_less_tested_is_not_clearer():
    # WeChat's voice server not sampled (cut by the deadline): for a complaint about the call,
    # nothing says its way is clear, so it is not suggested over Teams' measured trouble.
    report = _recorded("teams-relay-congested")
    for m in report["measurements"]:
        if m["id"] == "service.wechat-stun.stun":
            m.update(ok=False, error={"code": "deadline", "detail": ""}, metrics={})
    said = rejudge.explain_report(report, "en")["suggestion"]
    assert said["standings"]["wechat"] == "unknown" and said["kind"] != "use", said


def test_a_saved_all_apps_report_is_judged_again_alike_in_every_language_and_renders():
    report = _recorded("teams-relay-congested")
    report["verdict"] = rejudge.explain_report(report, "en")
    validate(report)
    again = rejudge.reanalyse(report)
    assert again["verdict"]["suggestion"] == report["verdict"]["suggestion"]
    zh = rejudge.explain_report(report, "zh_CN")
    assert zh["suggestion"]["kind"] == "use"
    assert zh["suggestion"]["headline"] != report["verdict"]["suggestion"]["headline"]
    for fmt in ("text", "markdown", "html"):
        out = render(report, fmt)
        assert "Call on WeChat now" in out and "Teams (free)" in out and "WhatsApp" in out


def test_a_damaged_all_apps_report_is_refused_or_judged_as_one_about_the_default_app():
    report = _recorded("all-down-but-teams")
    report["verdict"] = rejudge.explain_report(report, "en")
    bad = copy.deepcopy(report)
    bad["verdict"]["apps"] = ["not a verdict"]
    with pytest.raises(ReportError, match="'apps'"):
        validate(bad)
    bad = copy.deepcopy(report)
    bad["verdict"]["suggestion"]["standings"] = {"teams": 3}
    with pytest.raises(ReportError, match="'suggestion'"):
        validate(bad)
    for damaged in (["teams"], [{"app": "teams", "endpoints": 5}]):
        bad = copy.deepcopy(report)
        bad["context"]["compared"] = damaged
        with pytest.raises(ReportError, match="'compared'"):
            validate(bad)
    bad = copy.deepcopy(report)
    bad["context"]["compared"] = [{"app": "teams"}]  # no endpoints: which servers were whose is lost
    verdict = rejudge.explain_report(bad, "en")
    # The default app's, on its own servers (the others' silence is not Teams').
    assert "suggestion" not in verdict and verdict["app"]["id"] == "teams"
    assert verdict["locus"] != "upstream" or verdict["cause"] != "service_unreachable", verdict


def test_an_app_cannot_take_the_name_that_asks_for_every_app():
    from callpath.core.analysis.apps import AppError, parse

    entry = {"id": "all", "names": {"en": "All", "zh_CN": "全部", "zh_TW": "全部"}, "source": "x",
             "symptoms": ["check"], "default": True}
    with pytest.raises(AppError, match="cannot be 'all'"):
        parse([entry])


def recorded_all_apps() -> list[Path]:
    return sorted((FIXTURES.parent / "all-apps").glob("*.json"))


@pytest.mark.parametrize("path", recorded_all_apps(), ids=lambda p: p.stem)
def test_every_recorded_all_apps_check_is_judged_again_to_its_suggestion(path):
    """Recorded in the lab (tests/fixtures/record.py): the analysis judges each again to the
    suggestion a person in that situation would call right, in every language alike."""
    report = json.loads(path.read_text("utf-8"))
    expected = report.pop("expected")
    validate(report)
    for lang in ("en", "zh_CN", "zh_TW"):
        said = rejudge.explain_report(report, lang)["suggestion"]
        assert (said["kind"], said["apps"]) == (expected["kind"], expected["apps"]), (lang, said)


def test_the_lab_recorded_every_all_apps_scenario():
    from tests.lab.test_apps import SCENARIOS

    assert [p.stem for p in recorded_all_apps()] == sorted(s[0] for s in SCENARIOS)
