"""The chosen app's facts (core/analysis/apprules.py) and the called phone's answers (core/analysis/phonerules.py),
pinned: every branch, every cause and note set, every answer's effect — called directly on
hand-made findings, so each test names the one fact that decides."""

import dataclasses

import pytest

from callpath.core.analysis import apprules, phonerules
from callpath.core.analysis.answers import Answers
from callpath.core.analysis.apps import App, Chosen, from_json, resolve
from callpath.core.analysis.evidence import Evidence
from callpath.core.analysis.finding import Finding
from callpath.core.base.measurement import Failure, Measurement

TEAMS = App("teams", (("en", "Teams"), ("zh", "Teams 中文")), "src", ("app_calls",))
SKYPE = App("skype", (("en", "Skype"),), "src", ("app_calls",), retired="2025-05-05", successor="teams")
WHATSAPP = App("whatsapp", (("en", "WhatsApp"),), "src", ("app_calls",), blocked_in_china=True)
APPS = (TEAMS, SKYPE, WHATSAPP)


def m(mid: str, kind: str, code: str | None = None) -> Measurement:
    return Measurement(mid, kind, mid.split(".", 1)[0], mid, code is None,
                       None if code is None else Failure(code, "test"))


def ev(*ms: Measurement, service: str = "whatsapp", symptom: str = "app_calls", location: str = "abroad",
       followups=()) -> Evidence:
    return Evidence(list(ms), Answers(symptom, location, service, tuple(followups)))


def finding(cause: str = "healthy", locus: str = "none", confidence: str = "high", **facts) -> Finding:
    return Finding(locus, cause, confidence, ["world.x.tcp"], dict(facts), [])


# --- any app ------------------------------------------------------------------------------

def test_an_app_the_catalog_does_not_know_adds_nothing():
    f = finding()
    assert apprules.shape(f, ev(service="old-app"), APPS) is f
    assert f.facts == {} and f.notes == []


def test_an_app_is_named_by_its_names():
    f = apprules.shape(finding(), ev(service="teams"), APPS)
    assert f.facts == {"service": "teams", "app": Chosen("teams", (("en", "Teams"), ("zh", "Teams 中文")))}
    assert f.notes == []


def test_a_closed_app_is_named_by_its_successor_and_says_where_its_users_went():
    f = finding()
    f.notes = ["service_retired", "vpn_in_use"]
    f = apprules.shape(f, ev(service="skype"), APPS)
    assert f.notes == ["vpn_in_use", "app_closed"]   # said once
    assert f.facts == {"service": "teams",
                       "app": Chosen("skype", (("en", "Skype"),), "2025-05-05", Chosen("teams", TEAMS.names))}


def test_a_closed_app_whose_successor_is_not_in_the_catalog_is_named_itself():
    f = apprules.shape(finding(), ev(service="skype"), (SKYPE,))
    assert f.facts["service"] == "skype" and "app_closed" in f.notes


def test_an_app_with_a_successor_but_still_open_is_named_itself():
    open_app = SKYPE._replace(retired=None)
    f = apprules.shape(finding(), ev(service="skype"), (TEAMS, open_app))
    assert f.facts == {"service": "skype", "app": Chosen("skype", (("en", "Skype"),))} and f.notes == []


# --- the chosen app, resolved once (apps.resolve) and carried in the verdict -----------------

DEFAULT = TEAMS._replace(default=True)


@pytest.mark.parametrize("service", [None, ""])
def test_no_app_named_is_the_catalogs_default(service):
    assert resolve((SKYPE, DEFAULT, WHATSAPP), service) == Chosen("teams", TEAMS.names)
    assert resolve((), service) == Chosen("", (("en", ""), ("zh_CN", ""), ("zh_TW", "")))  # no catalog


def test_an_app_the_catalog_does_not_know_is_named_by_its_id_in_every_language():
    app = resolve(APPS, "old-app")
    assert (app.id, app.name("zh_TW"), app.closed_on, app.checked) == ("old-app", "old-app", None, app)


def test_a_closed_app_is_checked_and_named_by_its_successor():
    app = resolve(APPS, "skype")
    assert (app.name(), app.closed_on, app.checked.id, app.checked.name("zh")) == \
        ("Skype", "2025-05-05", "teams", "Teams 中文")
    assert resolve((SKYPE,), "skype").checked.id == "skype"  # its successor not in the catalog
    assert resolve((TEAMS, SKYPE._replace(retired=None)), "skype").checked.id == "skype"  # open


def test_a_name_in_a_language_the_catalog_lacks_is_the_english_one_else_the_id():
    assert resolve(APPS, "teams").name("zh_CN") == "Teams"
    assert Chosen("x", ()).name("en") == "x"


def test_the_verdicts_app_reads_back_as_it_was_written():
    for service in ("teams", "skype", "old-app"):
        app = resolve(APPS, service)
        assert from_json(app.to_json()) == app
    assert resolve(APPS, "skype").to_json() == {"id": "skype", "names": {"en": "Skype"}, "closed_on": "2025-05-05",
                                                "successor": {"id": "teams", "names": TEAMS.name_map}}


@pytest.mark.parametrize("damaged", [
    None, "teams", {"names": {"en": "Teams"}}, {"id": 7, "names": {"en": "Teams"}}, {"id": "teams"},
    {"id": "teams", "names": {}}, {"id": "teams", "names": ["Teams"]}, {"id": "teams", "names": {"en": 7}},
    {"id": "skype", "names": {"en": "Skype"}, "closed_on": 2025},
    {"id": "skype", "names": {"en": "Skype"}, "successor": "teams"},
    {"id": "a", "names": {"en": "A"}, "successor": {"id": "b", "names": {"en": "B"},
                                                     "successor": {"id": "c", "names": {"en": "C"}}}},
])
def test_a_damaged_app_in_a_saved_verdict_is_none_so_the_face_resolves_it_again(damaged):
    assert from_json(damaged) is None


# --- an app blocked inside mainland China -------------------------------------------------

def test_a_local_cause_comes_first_with_the_block_beside_it():
    for location in ("abroad", "china"):
        f = finding("proxy", locus="local")
        out = apprules.shape(f, ev(location=location), APPS)
        assert (out.cause, out.notes) == ("proxy", ["app_blocked_in_china"])


@pytest.mark.parametrize("kind", ["tcp", "tls"])
def test_from_china_the_block_is_the_verdict_with_the_failed_connections(kind):
    ms = [m(f"service.s{i}.{kind}", kind, "reset") for i in range(7)] + [m("service.ok.tcp", "tcp")]
    f = apprules.shape(finding("healthy"), ev(*ms, location="china"), APPS)
    assert (f.locus, f.cause, f.confidence) == ("upstream", "app_blocked_in_china", "high")
    assert f.evidence == [f"service.s{i}.{kind}" for i in range(5)]   # at most five, never one that worked
    assert f.facts["variant"] == "from_china"


def test_from_china_connections_of_other_groups_are_no_evidence():
    f = apprules.shape(finding("healthy"), ev(m("world.a.tcp", "tcp", "reset"), location="china"), APPS)
    assert f.evidence == []


@pytest.mark.parametrize("cause", ["healthy", "beyond_reach", "china_degraded", "china_unreachable",
                                   "inconclusive"])
@pytest.mark.parametrize("symptom", ["app_calls", "quality"])
def test_calls_into_china_with_the_apps_servers_reached_are_the_block(cause, symptom):
    ms = [m(f"service.s{i}.tls", "tls") for i in range(4)] + [m("service.bad.tcp", "tcp", "timeout")]
    f = apprules.shape(finding(cause), ev(*ms, symptom=symptom), APPS)
    assert (f.cause, f.confidence) == ("app_blocked_in_china", "high")
    assert f.evidence == ["service.s0.tls", "service.s1.tls", "service.s2.tls"]


@pytest.mark.parametrize("kind", ["tcp", "tls"])
def test_either_connection_kind_reaching_the_app_counts(kind):
    f = apprules.shape(finding("healthy"), ev(m(f"service.s.{kind}", kind)), APPS)
    assert f.cause == "app_blocked_in_china"


@pytest.mark.parametrize("symptom", ["sign_in", "phone_calls", "check"])
def test_other_complaints_keep_the_verdict_with_a_note(symptom):
    f = apprules.shape(finding("healthy"), ev(m("service.s.tls", "tls"), symptom=symptom), APPS)
    assert (f.cause, f.notes) == ("healthy", ["app_blocked_in_china"])


def test_the_apps_servers_failing_from_here_stay_the_verdict():
    f = apprules.shape(finding("service_unreachable", locus="upstream"), ev(m("service.s.tls", "tls")), APPS)
    assert (f.cause, f.notes) == ("service_unreachable", ["app_blocked_in_china"])
    f = apprules.shape(finding("healthy"), ev(m("service.s.tls", "tls", "timeout")), APPS)   # none reached
    assert (f.cause, f.notes) == ("healthy", ["app_blocked_in_china"])


@pytest.mark.parametrize("cause", ["healthy", "beyond_reach", "inconclusive"])
def test_a_verdict_that_blames_nothing_is_not_also_seen(cause):
    f = apprules.shape(finding(cause), ev(m("service.s.tls", "tls")), APPS)
    assert "also_seen" not in f.facts and f.notes == []


@pytest.mark.parametrize("cause", ["china_degraded", "china_unreachable"])
def test_a_verdict_about_the_way_into_china_is_also_seen(cause):
    f = apprules.shape(finding(cause), ev(m("service.s.tls", "tls")), APPS)
    assert (f.facts["also_seen"], f.notes) == (cause, ["also_seen"])


def test_the_runs_context_is_kept_and_nothing_else():
    f = finding("healthy", symptom="app_calls", location="abroad", utc_offset_min=480, group="world",
                variant="x")
    f.notes = ["vpn_in_use", "proxy_in_use", "proxy_tool", "location_abroad_by_evidence",
               "location_china_by_evidence", "unexplained"]
    out = apprules.shape(f, ev(m("service.s.tls", "tls")), APPS)
    assert out.notes == ["vpn_in_use", "proxy_in_use", "proxy_tool", "location_abroad_by_evidence",
                         "location_china_by_evidence"]
    assert out.facts == {"symptom": "app_calls", "location": "abroad", "utc_offset_min": 480,
                         "service": "whatsapp", "app": Chosen("whatsapp", (("en", "WhatsApp"),))}
    assert out.confidence == "high"


def test_a_place_found_by_the_evidence_makes_the_block_medium():
    out = apprules.shape(finding("healthy", location_answered="abroad"), ev(m("service.s.tls", "tls")), APPS)
    assert (out.confidence, out.facts["location_answered"]) == ("medium", "abroad")


# --- the called phone ---------------------------------------------------------------------

def phone(cause: str = "beyond_reach", **replies) -> Finding:
    f = Finding("upstream", cause, "high", ["a"], {"variant": "phone_calls", "group": "china"}, ["n"])
    return phonerules.refine(f, ev(service="teams", symptom="phone_calls", followups=phonerules.parse(replies)))


def test_only_not_sure_answers_are_no_answers():
    f = phone(rang="unsure", other_abroad="unsure")
    assert (f.cause, f.confidence, f.facts["variant"]) == ("beyond_reach", "high", "phone_calls")


def test_any_answer_makes_the_verdict_the_users_word():
    assert phone(app_calls_work="yes").confidence == "medium"


def test_a_decided_verdict_drops_the_variant_and_keeps_the_rest():
    f = phone(other_abroad="no")
    assert (f.cause, f.confidence) == ("line_refuses_international", "medium")
    assert (f.evidence, f.facts, f.notes) == (["a"], {"group": "china"}, ["n"])


def test_shown_abroad_counts_only_when_it_rang():
    assert "shown_abroad" not in phone(shown_abroad="yes").notes
    assert "shown_abroad" not in phone(rang="no", shown_abroad="yes").notes
    assert "shown_abroad" in phone(rang="yes", shown_abroad="yes").notes


def test_answers_change_nothing_but_beyond_reach_of_phone_calls():
    assert phone("healthy", other_abroad="no").cause == "healthy"
    f = Finding("upstream", "beyond_reach", "high", [], {}, [])
    out = phonerules.refine(f, ev(symptom="app_calls", followups=(("other_abroad", "no"),)))
    assert (out.cause, out.confidence) == ("beyond_reach", "high")


@pytest.mark.parametrize("cause", ["beyond_reach", "line_refuses_international", "calls_filtered"])
def test_the_questions_are_asked_again_of_a_verdict_they_decided(cause):
    assert phonerules.asked("phone_calls", cause)
    assert not phonerules.asked("app_calls", cause)


def test_the_questions_are_not_asked_of_a_measured_cause():
    assert not phonerules.asked("phone_calls", "healthy")


def test_the_questions_are_constants():
    # frozen: a caller cannot edit the table every run asks from (and a question can key a dict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        phonerules.QUESTIONS[0].id = "x"
    replies = {q: r for q, r in zip(phonerules.QUESTIONS, ("busy", "yes", "no", "unsure", "yes"), strict=True)}
    assert phonerules.parse({q.id: r for q, r in replies.items()}) == (
        ("heard", "busy"), ("rang", "yes"), ("shown_abroad", "no"), ("other_abroad", "unsure"),
        ("app_calls_work", "yes"))


@pytest.mark.parametrize("reply", ["yes", "no", "unsure"])
def test_each_reply_is_accepted_and_answers_come_in_the_questions_order(reply):
    assert phonerules.parse({"app_calls_work": reply, "rang": "no"}) == (("rang", "no"), ("app_calls_work", reply))


def test_an_unknown_question_or_reply_is_refused():
    with pytest.raises(ValueError, match="unknown question 'colour'"):
        phonerules.parse({"colour": "yes"})
    with pytest.raises(ValueError, match="must be one of yes, no, unsure"):
        phonerules.parse({"rang": "maybe"})
