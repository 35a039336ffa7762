"""The calling apps' own facts in the verdict: a closed app is never judged itself, an app blocked
inside mainland China decides calls into China, and every app is named in each language."""

import pytest

from callpath.core.engine import catalog
from callpath.core.words import explain
from tests.replay import edit, edit_all, in_china, load, voice
from tests.replay import run as replay_run

APPS = catalog.load().apps


def run(report, **answers):
    from callpath.core.analysis.judge import Answers, analyse
    from callpath.core.base.measurement import from_json

    ctx = report["context"]
    a = Answers(answers.get("symptom", ctx["symptom"]), answers.get("location", ctx["location"]),
                answers.get("service", ctx["service"]))
    return analyse([from_json(m) for m in report["measurements"]], a, True, APPS)


@pytest.fixture
def healthy():
    return load("healthy-check")


def test_skype_chosen_names_teams_and_says_where_its_users_went(healthy):
    f = run(healthy, service="skype")
    assert (f.cause, f.facts["service"]) == ("healthy", "teams") and "app_closed" in f.notes
    v = explain.verdict(f, "en")
    assert "Skype closed on 5 May 2025" in v["explanation"] and "Teams (free)" in v["explanation"]
    assert "Skype 已于2025年5月5日停止服务" in explain.verdict(f, "zh_CN")["explanation"]
    assert "Skype" not in v["headline"]


def test_skype_chosen_with_its_own_hosts_silent_is_no_network_verdict(healthy):
    for name in ("skype-login", "skype-api", "skype-config"):
        edit(healthy, f"service.{name}.tls", code="timeout")
        edit(healthy, f"service.{name}.http", code="skipped")
    f = run(healthy, service="skype", symptom="sign_in")
    assert f.cause == "beyond_reach" and f.locus == "upstream"
    # Said once: where Skype's users went covers its servers' silence.
    assert "app_closed" in f.notes and "service_retired" not in f.notes


def test_whatsapp_call_into_china_is_the_block_not_the_network(healthy):
    f = run(healthy, service="whatsapp", symptom="app_calls")
    assert (f.locus, f.cause, f.confidence) == ("upstream", "app_blocked_in_china", "high")
    v = explain.verdict(f, "zh_CN")
    assert "WhatsApp" in v["headline"] and "VPN" in v["explanation"] and "微信" in v["actions"][0]


def test_whatsapp_on_a_congested_path_is_still_the_block_with_the_congestion_beside(healthy):
    edit_all(healthy, kinds={"dns_sample", "stun"}, groups={"china"},
             metrics=voice(lost=25, rtt=260.0, jitter=35.0, queue=60.0))
    assert run(healthy, symptom="quality").cause == "china_degraded"
    f = run(healthy, service="whatsapp", symptom="quality")
    assert (f.cause, f.facts["also_seen"]) == ("app_blocked_in_china", "china_degraded")


def test_whatsapp_with_trouble_on_this_side_fixes_this_side_first(healthy):
    f = run(load("captive-portal"), service="whatsapp", symptom="app_calls")
    assert (f.locus, f.cause) == ("local", "captive_portal") and "app_blocked_in_china" in f.notes


def test_whatsapp_servers_unreachable_from_here_are_said_first(healthy):
    f = run(load("service-drop"), service="whatsapp", symptom="app_calls")
    assert f.cause == "service_unreachable" and "app_blocked_in_china" in f.notes


def test_whatsapp_for_a_user_in_china_is_blocked_there(healthy):
    in_china(healthy)
    f = run(healthy, service="whatsapp", symptom="sign_in", location="china")
    assert (f.cause, f.facts["variant"]) == ("app_blocked_in_china", "from_china")
    assert "where you are" in explain.verdict(f, "en")["headline"]


def test_a_whatsapp_check_is_healthy_with_the_block_said(healthy):
    f = run(healthy, service="whatsapp", symptom="check")
    assert f.cause == "healthy" and "app_blocked_in_china" in f.notes


def test_whatsapp_beside_a_verdict_about_the_way_into_china_names_it(healthy):
    f = run(load("china-drop-teams"), service="whatsapp", symptom="app_calls")
    assert (f.cause, f.facts["also_seen"]) == ("app_blocked_in_china", "china_unreachable")
    assert "also_seen" in f.notes


def test_an_app_the_catalog_does_not_know_adds_nothing(healthy):
    f = run(healthy, service="icq")
    assert f.facts["service"] == "icq" and "app_closed" not in f.notes
    assert replay_run(healthy).facts["service"] == "skype"  # without the apps: as recorded


@pytest.mark.parametrize("lang", explain.LANGS)
def test_every_app_has_its_name_in_every_language(lang):
    for app in APPS:
        assert app.name(lang).strip()
    wechat = next(a for a in APPS if a.id == "wechat")
    assert wechat.name("zh_CN") == "微信" and wechat.name("en") == "WeChat"


@pytest.mark.parametrize("service,lang,name", [("wechat", "zh_CN", "微信"), ("whatsapp", "en", "WhatsApp"),
                                               ("teams", "zh_TW", "Teams（免費版）"), ("icq", "en", "icq")])
def test_every_format_names_the_app_as_the_catalog_does(healthy, service, lang, name):
    from callpath.core.api import reanalyse
    from callpath.core.records import render

    healthy["context"].update(service=service, lang=lang)
    report = reanalyse(healthy, lang)
    for fmt in ("text", "markdown", "html"):
        out = render.render(report, fmt, lang)
        # The title names it: "(Teams (free), …" in English, "（微信，…" in Chinese.
        assert f"({name}, " in out or f"（{name}，" in out or f"{name}," in out, (fmt, out[:200])


def test_a_closing_date_reads_as_people_write_it():
    assert explain._date("2025-05-05", "en") == "5 May 2025"
    assert explain._date("2025-05-05", "zh_TW") == "2025年5月5日"
    assert explain._date("2025-13-01", "en") == "2025-13-01" and explain._date("soon", "zh_CN") == "soon"


# --- the app resolved once, carried in the verdict, shown by every face ---------------------------

def _reanalysed(report, service=None, lang="en"):
    from callpath.core.api import reanalyse

    if service is None:
        report["context"].pop("service", None)
    else:
        report["context"]["service"] = service
    return reanalyse(report, lang)


def test_the_verdict_carries_the_app_as_resolved(healthy):
    skype, teams = (next(a for a in APPS if a.id == i) for i in ("skype", "teams"))
    assert _reanalysed(healthy, "skype")["verdict"]["app"] == {
        "id": "skype", "names": skype.name_map, "closed_on": skype.retired,
        "successor": {"id": "teams", "names": teams.name_map}}
    # None named (a report without its app): the catalog's default, not a name written in the code.
    assert _reanalysed(healthy)["verdict"]["app"] == {"id": "teams", "names": teams.name_map}
    assert _reanalysed(healthy, "icq")["verdict"]["app"] == {"id": "icq", "names": dict.fromkeys(explain.LANGS, "icq")}


@pytest.mark.parametrize("lang", explain.LANGS)
@pytest.mark.parametrize("saved", [None, "damaged", {"id": "skype"}])
def test_a_report_saved_without_its_app_shows_as_one_with_it(healthy, lang, saved):
    from callpath.core.records import render
    from callpath.core.words import family

    report = _reanalysed(healthy, "skype", lang)
    report["context"]["symptom"] = "app_calls"  # a message for the family too
    older = {**report, "verdict": {k: v for k, v in report["verdict"].items() if k != "app"}}
    if saved is not None:
        older["verdict"]["app"] = saved
    for fmt in ("text", "markdown", "html"):
        assert render.render(older, fmt, lang) == render.render(report, fmt, lang)
    assert family.for_report(older) == family.for_report(report) and "Teams" in family.for_report(report)


def test_every_face_shows_the_app_the_verdict_carries(healthy):
    """Not looked up again from the report's context: the verdict's app is what is shown."""
    from callpath.core.records import render
    from callpath.core.words import family

    report = _reanalysed(healthy, "teams")
    report["context"]["symptom"] = "app_calls"
    whatsapp = next(a for a in APPS if a.id == "whatsapp")
    report["verdict"]["app"] = {"id": "whatsapp", "names": whatsapp.name_map}
    text = render.render(report, "text", "en")
    assert text.startswith("CallPath: ") and "(WhatsApp, " in text.splitlines()[0]
    assert "WhatsApp servers ✓" in text.splitlines()[2]  # the way: the app's servers, named after it
    assert "App: WhatsApp" in text
    assert "我用WhatsApp给你打电话" in family.for_report(report)
