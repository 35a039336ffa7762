"""The phone leg: the user's replies about the called phone judge a recorded run again exactly
as core/analysis/phonerules.py (and docs/design.md, "The phone leg") says — and change nothing else."""

import pytest

from callpath.core import api
from callpath.core.analysis import causes, phonerules
from callpath.core.analysis.judge import Answers, analyse
from callpath.core.base.measurement import from_json
from callpath.core.base.redact import redact_report
from callpath.core.words import explain, texts
from tests.replay import load, run

# The causes only the replies decide, as the cause table marks them.
DECIDED = [c for c, row in causes.CAUSES.items() if row.by_replies]


def finding(name: str, **replies):
    report = load(name)
    ctx = report["context"]
    answers = Answers(ctx["symptom"], ctx["location"], ctx["service"], phonerules.parse(replies))
    return analyse([from_json(m) for m in report["measurements"]], answers)


def test_the_recorded_run_is_beyond_reach_without_replies():
    f = run(load("healthy-phone"))
    assert (f.locus, f.cause, f.confidence) == ("upstream", "beyond_reach", "medium")


# (replies, cause, variant or None, notes that must be there) — the rule table of docs/design.md
RULES = [
    ({"other_abroad": "no"}, "line_refuses_international", None, []),
    ({"other_abroad": "no", "rang": "no"}, "line_refuses_international", None, []),
    ({"other_abroad": "no", "app_calls_work": "no"}, "line_refuses_international", None, ["app_calls_fail_too"]),
    ({"other_abroad": "yes", "rang": "no"}, "calls_filtered", None, []),
    ({"rang": "no"}, "beyond_reach", "phone_calls", []),          # alone, it cannot place the block
    ({"other_abroad": "yes"}, "beyond_reach", "phone_calls", []),
    ({"rang": "yes"}, "beyond_reach", "phone_rang", []),
    ({"rang": "yes", "shown_abroad": "yes"}, "beyond_reach", "phone_rang", ["shown_abroad"]),
    ({"shown_abroad": "yes"}, "beyond_reach", "phone_calls", []),   # seen without ringing: no sense
    ({"app_calls_work": "no"}, "beyond_reach", "phone_calls", ["app_calls_fail_too"]),
    ({"other_abroad": "yes", "rang": "no", "app_calls_work": "no"}, "calls_filtered", None,
     ["app_calls_fail_too"]),
    ({"other_abroad": "unsure", "rang": "unsure"}, "beyond_reach", "phone_calls", []),  # no answer
    ({"other_abroad": "yes", "rang": "unsure"}, "beyond_reach", "phone_calls", []),
    # What the caller heard, apart from what their phone showed.
    ({"heard": "rang_then_dropped", "rang": "no"}, "cut_before_their_line", None, []),   # the seed
    ({"heard": "rang_then_dropped", "rang": "no", "other_abroad": "yes"}, "cut_before_their_line", None, []),
    ({"heard": "rang_then_dropped", "rang": "no", "other_abroad": "no"}, "line_refuses_international", None, []),
    ({"heard": "rang_then_dropped"}, "beyond_reach", "phone_calls", ["ringing_is_the_network"]),
    ({"heard": "rang_out"}, "beyond_reach", "phone_calls", ["ringing_is_the_network"]),
    ({"heard": "rang_then_dropped", "rang": "yes"}, "beyond_reach", "phone_rang", []),
    ({"heard": "rang_out", "rang": "no", "other_abroad": "yes"}, "calls_filtered", None, []),
    ({"heard": "said_restricted"}, "line_refuses_international", None, []),
    ({"heard": "said_no_such_number"}, "beyond_reach", "no_such_number", []),
    ({"heard": "said_no_such_number", "rang": "yes"}, "beyond_reach", "phone_rang", []),
    ({"heard": "busy"}, "beyond_reach", "phone_calls", ["busy_or_off"]),
    ({"heard": "said_switched_off", "rang": "no"}, "beyond_reach", "phone_calls", ["busy_or_off"]),
    ({"heard": "silence", "rang": "no"}, "beyond_reach", "phone_calls", []),
    ({"heard": "unsure", "rang": "no"}, "beyond_reach", "phone_calls", []),
]


@pytest.mark.parametrize("replies,cause,variant,notes", RULES, ids=[str(r[0]) for r in RULES])
def test_replies_decide_as_the_rules_say(replies, cause, variant, notes):
    f = finding("healthy-phone", **replies)
    assert (f.locus, f.cause) == ("upstream", cause)
    assert f.confidence == "medium"  # the user's word, never high
    assert explain._variant(f) == variant
    assert set(notes) <= set(f.notes)
    v = explain.verdict(f, "en")
    assert v["headline"] and v["actions"]


@pytest.mark.parametrize("name", ["captive-portal", "udp-blocked", "service-drop-phone"])
def test_replies_never_change_a_verdict_on_the_users_side_or_at_the_service(name):
    before = run(load(name), symptom="phone_calls")
    report = load(name)
    report["context"]["symptom"] = "phone_calls"
    after = api.with_followups(report, {"other_abroad": "yes", "rang": "no"})["verdict"]
    assert (after["locus"], after["cause"]) == (before.locus, before.cause)


def test_replies_change_nothing_for_other_complaints():
    report = load("healthy-phone")
    report["context"]["symptom"] = "app_calls"
    plain = api.explain_report(report, "en")
    report["context"]["followups"] = {"other_abroad": "yes", "rang": "no"}
    assert api.explain_report(report, "en")["cause"] == plain["cause"] == "beyond_reach"


def test_the_replies_are_kept_in_the_report_and_survive_redaction():
    report = api.with_followups(load("healthy-phone"), {"rang": "no", "other_abroad": "yes"})
    assert report["context"]["followups"] == {"rang": "no", "other_abroad": "yes"}
    shared = redact_report(report)
    assert shared["context"]["followups"] == {"rang": "no", "other_abroad": "yes"}
    assert api.explain_report(shared, "en")["cause"] == "calls_filtered"  # judged again the same


def test_clearing_the_replies_restores_the_measured_verdict():
    report = api.with_followups(load("healthy-phone"), {"rang": "no", "other_abroad": "yes"})
    cleared = api.with_followups(report, {})
    assert "followups" not in cleared["context"] and cleared["verdict"]["cause"] == "beyond_reach"


def test_a_report_with_replies_this_version_does_not_know_reads_the_known_ones():
    report = load("healthy-phone")
    report["context"]["followups"] = {"rang": "no", "other_abroad": "yes", "colour": "red", "x": 1}
    assert api.explain_report(report, "en")["cause"] == "calls_filtered"
    report["context"]["followups"] = "garbage"
    assert api.explain_report(report, "en")["cause"] == "beyond_reach"


@pytest.mark.parametrize("replies,message", [
    ({"ringing": "no"}, "unknown question 'ringing'"),
    ({"rang": "maybe"}, "must be one of yes, no, unsure"),
])
def test_bad_replies_are_refused_by_name(replies, message):
    with pytest.raises(ValueError, match=message):
        phonerules.parse(replies)


def test_questions_apply_only_where_the_rules_read_them():
    assert phonerules.asked("phone_calls", "beyond_reach")
    assert all(phonerules.asked("phone_calls", c) for c in DECIDED)
    assert not phonerules.asked("app_calls", "beyond_reach")
    assert not phonerules.asked("phone_calls", "captive_portal")


def test_every_decided_cause_is_in_the_cause_table_with_its_texts():
    assert DECIDED == ["line_refuses_international", "cut_before_their_line", "calls_filtered"]
    for cause in DECIDED:
        assert tuple(causes.CAUSES[cause].loci) == ("upstream",)
        assert cause in texts.HEADLINES and cause in texts.EXPLANATIONS and cause in texts.ACTIONS


def test_the_seeds_symptom_is_a_cut_between_the_gateway_and_their_carrier():
    """"It rings twice and drops: 'your connection is too weak'", and their phone showed
    nothing: the network's ringing is no proof their phone rang; the call was cut between the
    service's phone gateway and their carrier — not their phone, not this side."""
    f = finding("healthy-phone", heard="rang_then_dropped", rang="no")
    assert (f.locus, f.cause, f.confidence) == ("upstream", "cut_before_their_line", "medium")
    v = explain.verdict(f, "en")
    assert v["headline"] == "Your calls are cut on the way into China's phone network"
    assert "phone gateway" in v["explanation"] and "not their phone and not your side" in v["explanation"]
    assert not any("骚扰拦截" in a for a in v["actions"])  # nothing to change on their phone
    assert api.with_followups(load("healthy-phone"), {"heard": "rang_then_dropped", "rang": "no"})[
        "verdict"]["cause"] == "cut_before_their_line"


def test_the_ringing_heard_is_not_taken_for_their_phone_ringing():
    f = finding("healthy-phone", heard="rang_then_dropped")
    assert f.cause == "beyond_reach" and explain._variant(f) == "phone_calls"  # not "phone_rang"
    assert "ringing_is_the_network" in f.notes
    assert "does not prove that their phone rang" in explain.verdict(f, "en")["explanation"]


def test_a_busy_tone_from_a_phone_that_rang_adds_no_note():
    assert "busy_or_off" not in finding("healthy-phone", heard="busy", rang="yes").notes
    assert "busy_or_off" not in finding("healthy-phone", heard="busy", other_abroad="no").notes


def test_every_reply_has_its_words():
    for q in phonerules.QUESTIONS:
        assert q.side in ("caller", "called") and q.replies[-1] == "unsure"
        assert set(q.replies) <= set(phonerules.REPLY_TEXTS)
    assert phonerules.QUESTIONS[0].side == "caller"  # what the caller heard is asked first
    with pytest.raises(ValueError, match="must be one of rang_then_dropped"):
        phonerules.parse({"heard": "yes"})
