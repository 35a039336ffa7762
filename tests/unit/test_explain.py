"""The verdict's words: every text exists in all three languages, and renders."""

import itertools
import json
import locale
import sys
from pathlib import Path

import pytest

from callpath.core.analysis import causes
from callpath.core.analysis.judge import Finding
from callpath.core.base import i18n
from callpath.core.words import explain, texts
from callpath.core.words import phrases as words

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import translations  # noqa: E402


def has_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def template_texts():
    from babel.messages.pofile import read_po
    with open(translations.TEMPLATE, "rb") as f:
        return [m.id for m in read_po(f) if m.id]


def test_every_text_is_translated_in_every_language():
    # Every text of the verdict and of the app (the template holds both).
    assert translations.problems(template_texts()) == []


def test_the_template_is_current():
    # What the code marks today is what the template lists: nothing new left untranslated.
    from babel.messages.extract import extract_from_dir
    marked = set()
    for folder in ("core", "gui"):
        for _f, _l, message, _c, _ctx in extract_from_dir(
                str(ROOT / folder), method_map=[("**.py", "python")], keywords=translations.KEYWORDS):
            marked.add(message)
    labels = {e["label"] for e in json.loads((ROOT / "resources" / "catalog.json").read_text("utf-8"))["endpoints"]}
    assert marked | labels == set(template_texts()), "run: python tools/translations.py update"
    assert set(explain.all_texts()) <= marked


def test_compiled_catalogues_are_current():
    for lang in translations.LANGS:
        po = translations.po_path(lang)
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, \
            "run: python tools/translations.py compile"


# Every (cause, variant) the analysis can produce, with facts it may carry.
CASES = [
    Finding("none", "healthy", "high"),
    *[Finding("upstream", "beyond_reach", "medium", facts={"symptom": s})
      for s in ("phone_calls", "app_calls", "quality", "sign_in")],
    Finding("local", "no_network", "high"),
    Finding("local", "local_dns", "high", facts={"kind": "silent"}),
    Finding("local", "local_dns", "high", facts={"kind": "none_configured"}),
    Finding("local", "local_dns", "medium", facts={"kind": "local_answer", "names": ["a.example"]}),
    Finding("local", "captive_portal", "high", facts={"redirect": "http://x/"}),
    Finding("local", "proxy", "high", facts={"proxy": "http://p:1"}),
    Finding("local", "clock_skew", "high", facts={"skew_s": 365 * 86400.0}),
    Finding("local", "clock_skew", "high", facts={"skew_s": None}),
    Finding("local", "tls_interception", "high"),
    Finding("local", "weak_link", "high", facts={"loss_pct": 12.0, "rtt_ms": 180.0}),
    Finding("local", "udp_blocked", "high"),
    Finding("upstream", "udp_blocked", "medium", notes=["relay_may_ignore"]),
    Finding("upstream", "service_unreachable", "high", facts={"failed": 6, "tried": 6}),
    Finding("upstream", "china_unreachable", "high", facts={"failed": 5, "tried": 5}),
    Finding("upstream", "china_degraded", "high", facts={"loss_pct": 10.0, "rtt_ms": 152.3, "mos": 3.19}),
    Finding("upstream", "dns_tampering", "high", facts={"names": ["login.skype.com"]}),
    Finding("upstream", "dns_tampering", "medium", facts={"names": ["a", "b", "c", "d"]}),
    Finding("upstream", "connection_reset", "high", facts={"names": ["login.skype.com"]}),
    Finding("upstream", "connection_reset", "medium", facts={"names": []}),
    *[Finding("unknown", "inconclusive", "low", facts={"missing": m}) for m in ("everything", "most", "some")],
    Finding("upstream", "beyond_reach", "medium", facts={"symptom": "phone_calls", "variant": "phone_rang"}),
    Finding("upstream", "calls_filtered", "medium", facts={"symptom": "phone_calls"}),
    Finding("upstream", "line_refuses_international", "medium", facts={"symptom": "phone_calls"}),
    Finding("upstream", "cut_before_their_line", "medium", facts={"symptom": "phone_calls"}),
    Finding("upstream", "beyond_reach", "medium", facts={"symptom": "phone_calls", "variant": "no_such_number"}),
]
ALL_NOTES = list(explain.all_notes())


def _case(f):
    return f.facts.get("symptom") or f.facts.get("kind") or f.facts.get("missing") or f.confidence


@pytest.mark.parametrize("finding,lang", list(itertools.product(CASES, explain.LANGS)),
                         ids=[f"{f.cause}-{_case(f)}-{lang}"
                              for f, lang in itertools.product(CASES, explain.LANGS)])
def test_every_verdict_renders(finding, lang):
    finding.facts.setdefault("service", "skype")
    finding.notes = list(finding.notes) + ALL_NOTES
    finding.facts.setdefault("also_seen", "china_degraded")
    v = explain.verdict(finding, lang)
    assert v["headline"] and v["explanation"] and v["actions"]
    text = " ".join([v["headline"], v["explanation"], *v["actions"]])
    assert "{" not in text and "}" not in text  # every placeholder filled
    if lang == "en":
        assert not has_cjk(v["headline"])
    else:
        assert has_cjk(v["headline"]) and has_cjk(v["explanation"])
        assert all(has_cjk(a) for a in v["actions"])


def test_traditional_and_simplified_differ():
    f = Finding("local", "captive_portal", "high", facts={"service": "teams"})
    cn, tw = explain.verdict(f, "zh_CN"), explain.verdict(f, "zh_TW")
    assert cn["headline"] != tw["headline"]
    assert "登录" in cn["headline"] and "登入" in tw["headline"]


def test_service_name_and_figures_are_filled_in():
    f = Finding("upstream", "china_degraded", "high",
                facts={"service": "teams", "loss_pct": 10.0, "rtt_ms": 152.26, "mos": 3.194})
    v = explain.verdict(f, "en")
    assert "10%" in v["explanation"] and "152 ms" in v["explanation"] and "3.2 out of 5" in v["explanation"]
    v = explain.verdict(Finding("upstream", "service_unreachable", "high",
                               facts={"service": "teams", "failed": 3, "tried": 4}), "zh_CN")
    assert "Teams" in v["headline"] and "4 次连接有 3 次失败" in v["explanation"]


def test_unknown_language_falls_back_to_english():
    v = explain.verdict(Finding("none", "healthy", "high", facts={"service": "skype"}), "fr")
    assert v["headline"] == "Your connection looks healthy"


def test_labels():
    assert explain.label("group/china", "zh_TW") == "中國"
    assert explain.label("what_to_do", "en") == "What to do"


@pytest.mark.parametrize("loc,expected", [("zh_CN", "zh_CN"), ("zh_TW", "zh_TW"), ("zh_HK", "zh_TW"),
                                          ("en_US", "en"), (None, "en")])
def test_system_language(monkeypatch, loc, expected):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda: (loc, "UTF-8"))
    assert i18n.system_lang() == expected


@pytest.mark.parametrize("env,expected", [
    ({"LANG": "zh_TW.UTF-8"}, "zh_TW"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "en_GB.UTF-8"}, "zh_CN"),   # GNU's list comes first
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_HK.UTF-8"}, "zh_TW"),
    ({"LANG": "zh-Hant-TW"}, "zh_TW"),
])
def test_system_language_from_the_environment(monkeypatch, env, expected):
    """A desktop names its language in these variables even where that locale is not installed."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(locale, "getlocale", lambda: (None, None))
    assert i18n.system_lang() == expected


# --- one cause table ------------------------------------------------------------------------------------

def _cause_of(key):
    return key.split("/", 1)[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_cause_has_its_texts_in_every_language(lang):
    t = i18n.translator(lang)
    for cause in causes.CAUSES:
        for table in (texts.HEADLINES, texts.EXPLANATIONS, texts.ACTIONS):
            keys = [k for k in table if _cause_of(k) == cause]
            assert keys, (cause, "has no text")
            for key in keys:
                if table is not texts.ACTIONS and isinstance(table[key], tuple):  # NP_: plural forms
                    singular, many = table[key]
                    assert lang == "en" or t.ngettext(singular, many, 2) != many, (lang, key, many[:40])
                    continue
                for text in (table[key] if isinstance(table[key], tuple) else (table[key],)):
                    assert lang == "en" or t.gettext(text) != text, (lang, key, text[:40])


def test_every_text_belongs_to_a_cause_of_the_table():
    for table in (texts.HEADLINES, texts.EXPLANATIONS, texts.ACTIONS):
        assert {_cause_of(k) for k in table} <= set(causes.CAUSES), set(map(_cause_of, table)) - set(causes.CAUSES)


def test_every_recorded_verdict_is_in_the_cause_table_at_its_place():
    from tests.replay import REPORTS, load, run

    for path in sorted(REPORTS.glob("*.json")):
        f = run(load(path.stem))
        assert f.cause in causes.CAUSES and f.locus in causes.CAUSES[f.cause].loci, (path.stem, f.cause, f.locus)


def test_a_variant_is_carried_by_the_finding_not_guessed_from_its_confidence():
    # A forged-DNS verdict made less sure (a VPN note, say) keeps its own words.
    sure = Finding("upstream", "dns_tampering", "high", [], {"variant": "pool", "names": ["a.example"]})
    unsure = Finding("upstream", "dns_tampering", "low", [], {"variant": "pool", "names": ["a.example"]})
    assert explain.verdict(sure)["explanation"] == explain.verdict(unsure)["explanation"]


@pytest.mark.parametrize("offset,evening", [
    (-300, "about 19:00–23:00 Beijing time, 6:00–10:00 your time"),   # New York in winter
    (60, "about 19:00–23:00 Beijing time, 12:00–16:00 your time"),    # Berlin
    (330, "about 19:00–23:00 Beijing time, 16:30–20:30 your time"),   # India
    (600, "about 19:00–23:00 Beijing time, 21:00–1:00 your time"),    # Sydney: past midnight
    (480, "about 19:00–23:00 Beijing time"),                          # in China
    (None, "about 19:00–23:00 Beijing time"),                         # an older report
])
def test_chinas_busy_hours_are_said_in_the_users_own_time(offset, evening):
    facts = {"service": "teams", "loss_pct": 10.0, "rtt_ms": 200, "mos": 3.0}
    if offset is not None:
        facts["utc_offset_min"] = offset
    v = explain.verdict(Finding("upstream", "china_degraded", "high", facts=facts), "en")
    assert f"China's evening ({evening})" in v["actions"][0]


@pytest.mark.parametrize("location,resolvers", [("abroad", "1.1.1.1 or 8.8.8.8"),
                                                ("china", "223.5.5.5 (AliDNS) or 119.29.29.29 (DNSPod)")])
def test_resolvers_suggested_are_ones_that_work_where_the_user_is(location, resolvers):
    v = explain.verdict(Finding("local", "local_dns", "high", facts={"service": "teams", "location": location}), "en")
    assert any(resolvers in a for a in v["actions"])
    assert location == "abroad" or not any("8.8.8.8" in a for a in v["actions"])  # Google: blocked there


def test_every_result_code_and_every_planned_kind_has_words():
    from callpath.core.base import errors
    from callpath.core.engine import catalog, plan
    from callpath.core.engine.runner import Options
    assert set(errors.CODES) == set(words.RESULT_TEXTS)
    kinds = {p.kind for t in plan.plan(catalog.load(), Options()) for p in t.planned}
    assert kinds >= {"tcp", "tls", "stun", "media_tcp", "interfaces"}
    for kind in kinds:
        assert explain.kind_label(kind) != kind, kind
        assert has_cjk(explain.kind_label(kind, "zh_CN")) or kind in ("vpn", "ipv6"), kind
    assert explain.kind_label("a_kind_from_the_future") == "a_kind_from_the_future"
    assert explain.result_label("timeout", "zh_TW") != "timeout"
    assert explain.result_label("a_code_from_the_future") == "a_code_from_the_future"


def test_a_round_trip_under_a_millisecond_is_not_said_as_zero():
    f = Finding("upstream", "china_degraded", "high",
                facts={"service": "teams", "loss_pct": 30.0, "rtt_ms": 0.2, "mos": 1.1, "variant": "from_china"})
    assert "<1 ms" in explain.verdict(f, "en")["explanation"]


def test_no_space_after_a_full_width_bracket_in_chinese():
    f = Finding("local", "tls_interception", "high", facts={"service": "teams"})
    v = explain.verdict(f, "zh_CN")
    assert "Teams（免费版）" in " ".join([v["explanation"], *v["actions"]])
    assert "） " not in " ".join([v["headline"], v["explanation"], *v["actions"]])
