"""The message for the family in China: which verdicts get one, always in Simplified Chinese,
the greeting, and where it shows (reports, `diagnose --family-message`, `report --answer`)."""

import json

import pytest

from callpath.core import api
from callpath.core.analysis import phonerules
from callpath.core.base.i18n import translator
from callpath.core.cli.main import main
from callpath.core.engine.builtin import resolve_app
from callpath.core.records import render
from callpath.core.words import family
from tests.replay import geo, in_china, load

TRADITIONAL_ONLY = set("話國來網號碼請歡")  # characters that only Traditional Chinese writes so


def simplified(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not set(text) & TRADITIONAL_ONLY


@pytest.mark.parametrize("symptom,cause,kind", [
    ("phone_calls", "beyond_reach", "phone"),
    ("phone_calls", "calls_filtered", "phone"),
    ("app_calls", "beyond_reach", "app"),
    ("quality", "china_degraded", "app"),
    ("app_calls", "app_blocked_in_china", "blocked"),
    ("phone_calls", "captive_portal", None),     # the user's own side: nothing to ask of them
    ("app_calls", "udp_blocked", None),
    ("check", "healthy", None),
    ("sign_in", "beyond_reach", None),
])
def test_which_verdicts_get_a_message(symptom, cause, kind):
    assert family.kind(symptom, cause) == kind
    text = family.message(symptom, cause, resolve_app("teams"), "妈")
    assert (text is None) == (kind is None)
    if text:
        assert text.startswith("妈：\n") and simplified(text)


# Every message, every variant: the relative has been told that calls from abroad are fraud,
# and fraud rings pose as family, so each one gives her the rule to check who is calling.
@pytest.mark.parametrize("name,body", sorted(family.variants().items()))
def test_every_message_teaches_the_check_before_answer_rule(name, body):
    assert family.RULE in body
    # Each call announced by a fresh message (this one announces calls from abroad itself);
    # a voice proves nothing; money and the asks that come before it end the call; a video
    # call or a family question settles who it is.
    for part in ("先在微信上发一句", "几分钟内", "就算说是我、是警察", "就算声音像我", "钱", "验证码",
                 "验证微信", "换新号码", "共享屏幕", "挂掉", "微信视频", "只有咱们家里人知道"):
        assert part in family.RULE
    # Never promised what nobody can do, never sent by text message, no fixed good hours, not
    # the word police campaigns use for the scammers' tool.
    assert "互联网" not in body and "取消国际来电拦截" not in body and "网络电话" not in body
    assert "短信发" not in body and "发短信" not in body and "上午" not in body
    if name.startswith("phone/"):
        # 96110 told apart from its fakes, and never vouching for a whole call.
        assert "96110" in body and "家里人" in body and "假冒" in body and "不是骗子" not in body
        assert "带链接的不要点" in body  # the 12381 warning SMS
    if "关掉" in body or "开通" in body:
        assert family._CONFIRM in body  # a change to her settings confirmed by video first
    if name == "app":
        assert "应用商店" in body and "不要点别人发来的链接" in body


VERDICTS = [  # (cause, replies, variant)
    ("beyond_reach", None, "unknown"),
    ("beyond_reach", {"rang": "no"}, "unknown"),
    ("beyond_reach", {"rang": "yes"}, "rang"),
    ("line_refuses_international", {"rang": "yes"}, "line"),
    ("calls_filtered", {}, "filtered"),
    ("cut_before_their_line", {"rang": "no"}, "cut"),
]


@pytest.mark.parametrize("cause,replies,variant", VERDICTS)
def test_the_phone_message_changes_with_the_verdict(cause, replies, variant):
    assert family.phone_variant(cause, replies) == variant
    text = family.message("phone_calls", cause, resolve_app("teams"), "妈", followups=replies)
    assert text == "妈：\n" + family.variants()[f"phone/{variant}"]


def test_the_phone_message_says_what_the_facts_say():
    text = family.message("phone_calls", "beyond_reach", resolve_app("teams"))
    assert text.startswith(family.DEFAULT_GREETING + "：")
    # How to find her carrier, whom to call, what to ask for by each carrier's name for it.
    for needed in ("境外来电", "疑似诈骗", "话费短信", "10086", "10010", "10000", "10099",
                   "开通接听国际及港澳台来电", "国际及港澳台来话接听", "境外语音接听", "境外来电业务",
                   "骚扰拦截", "将陌生来电静音", "微信"):
        assert needed in text, needed
    # The public SMS codes turn reception OFF (docs/sources.md): never in a message.
    for code in ("QXGJLH", "GBGJLH", "QXGLLJ"):
        assert code not in text


def test_the_line_comes_first_when_it_refuses_calls_from_abroad():
    text = family.message("phone_calls", "line_refuses_international", resolve_app("teams"))
    assert text.index("开通接听国际及港澳台来电") < text.index(family.RULE)


def test_no_hotline_step_when_their_phone_rang():
    text = family.message("phone_calls", "beyond_reach", resolve_app("teams"), followups={"rang": "yes"})
    assert "10086" not in text and "不用改" in text


def test_filtered_calls_send_her_to_the_block_list_first():
    text = family.message("phone_calls", "calls_filtered", resolve_app("teams"))
    assert text.index("骚扰拦截") < text.index("公众号") and "10086" not in text.split("公众号")[0]


def test_a_call_cut_before_her_line_asks_her_to_change_nothing():
    text = family.message("phone_calls", "cut_before_their_line", resolve_app("teams"))
    assert "不是你手机的问题" in text and "10086" not in text and "骚扰拦截" not in text


def test_the_app_message_claims_no_good_hours():
    text = family.message("quality", "china_degraded", resolve_app("teams"))
    assert "晚上网络通常最挤" in text and "上午" not in text


@pytest.mark.parametrize("watched,said", [
    ({"best": [540, 720], "worst": [1140, 1380]}, "北京时间9点到12点通话最顺"),
    ({"best": [1410, 75], "worst": [600, 780]}, "北京时间23点半到1点15分通话最顺"),
])
def test_the_app_message_gives_the_hours_the_users_own_watch_found(watched, said):
    report = {"context": {"symptom": "quality", "service": "teams", "location": "abroad", "watched": watched},
              "verdict": {"cause": "china_degraded", "locus": "upstream"}}
    text = family.for_report(report)
    assert said in text and "晚上网络通常最挤" not in text and family.RULE in text


def test_a_damaged_watch_in_a_report_is_no_hours():
    text = family.message("quality", "china_degraded", resolve_app("teams"), watched={"best": "x"})
    assert "晚上网络通常最挤" in text and "北京时间" not in text


def test_a_closed_app_is_named_by_what_its_users_call_with_now():
    text = family.message("app_calls", "beyond_reach", resolve_app("skype"))
    assert "Teams" in text and "Skype" not in text
    assert "WhatsApp在中国大陆用不了" in family.message("app_calls", "app_blocked_in_china", resolve_app("whatsapp"))


@pytest.mark.parametrize("typed,greeting", [
    ("  妈 ", "妈"), ("爸：", "爸"), ("", family.DEFAULT_GREETING), (None, family.DEFAULT_GREETING),
    ("小\n明", "小 明"), ("x" * 50, "x" * family.GREETING_MAX),
])
def test_the_greeting_is_one_short_line(typed, greeting):
    assert family.clean_greeting(typed) == greeting


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_reports_carry_the_message_and_the_replies(fmt, lang):
    report = api.with_followups(load("healthy-phone"), {"rang": "no", "other_abroad": "yes"})
    out = render.render(report, fmt, lang)
    assert "境外来电" in out and "骚扰拦截" in out  # the message, in Simplified, whatever the language
    question = translator(lang).gettext(phonerules.QUESTIONS[1].text)
    assert question in out and (lang == "en") == (question.startswith("Did their phone ring"))


def test_reports_without_a_fitting_verdict_have_no_message():
    out = render.render(load("captive-portal"), "text", "en")
    assert "message for your family" not in out and "境外来电" not in out


def test_report_answer_judges_a_saved_report_again(capsys, tmp_path):
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps(load("healthy-phone")), "utf-8")
    code = main(["report", str(saved), "--answer", "rang=no", "--answer", "other_abroad=yes",
                 "--format", "json"])
    out, _ = capsys.readouterr()
    judged = json.loads(out)
    assert code == 0 and judged["verdict"]["cause"] == "calls_filtered"
    assert judged["context"]["followups"] == {"rang": "no", "other_abroad": "yes"}


@pytest.mark.parametrize("argv,message", [
    (["--answer", "rang"], "--answer takes QUESTION=REPLY"),
    (["--answer", "rang=perhaps"], "must be one of yes, no, unsure"),
    (["--answer", "ringtone=no"], "unknown question 'ringtone'"),
])
def test_bad_answers_are_one_line_and_exit_2(capsys, tmp_path, argv, message):
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps(load("healthy-phone")), "utf-8")
    for command in (["diagnose", "--symptom", "phone_calls"], ["report", str(saved)]):
        code = main(command + argv)
        _, err = capsys.readouterr()
        assert code == 2 and message in err and "Traceback" not in err and err.count("\n") == 1


def test_answers_belong_to_phone_calls(capsys, tmp_path):
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps(load("captive-portal")), "utf-8")
    assert main(["diagnose", "--symptom", "app_calls", "--answer", "rang=no"]) == 2
    assert main(["report", str(saved), "--answer", "rang=no"]) == 2
    assert "calls to phone numbers" in capsys.readouterr().err


def test_a_user_inside_china_gets_no_message_written_for_a_call_into_china():
    assert family.kind("phone_calls", "beyond_reach", "china") is None
    report = load("in-china-healthy")
    report["context"]["symptom"] = "app_calls"
    assert family.for_report(report) is None


def test_the_questions_in_a_report_name_the_app_as_the_app_asked_them():
    report = api.with_followups(load("healthy-phone"), {"app_calls_work": "no"})  # a Skype run
    out = render.render(report, "text", "en")
    assert "(on WeChat or Teams (free))" in out and "(on WeChat or Skype)" not in out


def test_no_message_for_the_family_when_the_trouble_is_on_the_users_side():
    # A refusal from the user's own router or office is nothing the relative can fix.
    assert family.kind("app_calls", "china_unreachable", "abroad", "local") is None
    assert family.message("app_calls", "china_unreachable", resolve_app("teams"), locus="local") is None
    assert family.kind("app_calls", "china_unreachable", "abroad", "upstream") == "app"
    report = {"context": {"symptom": "app_calls", "service": "teams", "location": "abroad"},
              "verdict": {"cause": "china_unreachable", "locus": "local"}}
    assert family.for_report(report) is None


def test_the_message_follows_where_the_evidence_puts_the_user():
    # Set to China, but the servers blocked there answered directly: judged from abroad, so
    # the relative in China gets the message for a call into China.
    report = load("china-drop")
    report["context"]["location"] = "china"
    judged = api.reanalyse(report)
    assert judged["verdict"]["location"] == "abroad"
    assert family.for_report(judged) is not None
    # Set abroad, but measured from inside China: no message written for a call into China.
    report = in_china(geo(load("healthy-check"), "china"))
    report["context"].update(location="abroad", symptom="app_calls")
    judged = api.reanalyse(report)
    assert judged["verdict"]["location"] == "china"
    assert family.for_report(judged) is None
