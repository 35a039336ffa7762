"""A short message for the relative in China, always in Simplified Chinese (whatever the
interface language: it is written for them), which the user copies and sends before calling.

What it says follows ../shared/FACTS.md ("The phone-network leg"): calls from abroad show as
境外来电, often from an unknown number, and people in China are told not to answer those, so a
word beforehand is the most effective fix; the one step that works for every carrier and
province is calling the carrier's hotline. It is only offered where the trouble may be on the
relative's side or on the way to them — never for a cause on the user's own side.
"""

from __future__ import annotations

from . import builtin, phonerules

DEFAULT_GREETING = "你好"
GREETING_MAX = 20

_PHONE = (
    "我会用网络电话打你的手机。来电会显示“境外来电”，号码可能很陌生——那是我，请放心接。\n"
    "如果一直接不到我的电话，请帮我做两件事：\n"
    "1. 打你的手机运营商客服电话（中国移动 10086、中国联通 10010、中国电信 10000、中国广电 10099），"
    "说：“请帮我开通国际及港澳台来电接听，并取消国际来电拦截。”\n"
    "2. 如果手机里开了骚扰拦截，请不要拦截境外来电。\n"
    "实在打不通，我们就用微信语音或视频通话。"
)
_APP = (
    "我用{app}给你打电话时，如果打不通或者声音断断续续，请试试：\n"
    "1. 换一个网络再接：用着 Wi-Fi 就换成手机流量，用着流量就连上 Wi-Fi。\n"
    "2. 把{app}更新到最新版本。\n"
    "晚上网络最挤，我们可以改在你那边的上午通话。"
)
_BLOCKED = (
    "{app}在中国大陆用不了，不是你的手机或网络出了问题。以后我们用微信语音或视频通话吧。"
)

# Causes where the trouble may lie on the relative's side or on the way to them.
_PHONE_CAUSES = {"beyond_reach", *phonerules.DECIDED}
_APP_CAUSES = {"beyond_reach", "healthy", "china_degraded", "china_unreachable"}


def kind(symptom: str, cause: str, location: str = "abroad", locus: str = "upstream") -> str | None:
    """Which message fits a verdict: ``phone``, ``app``, ``blocked``, or None (none does).
    Written for a relative in China called from abroad: none for a user inside China, and none
    where the verdict places the trouble on the user's own side (a refusal from their own
    router is not something the relative can fix)."""
    if location == "china" or locus == "local":
        return None
    if cause == "app_blocked_in_china":
        return "blocked"
    if symptom == "phone_calls" and cause in _PHONE_CAUSES:
        return "phone"
    if symptom in ("app_calls", "quality") and cause in _APP_CAUSES:
        return "app"
    return None


def clean_greeting(text: str | None) -> str:
    """What the user typed as a greeting (妈, 爸, a name), on one short line; empty: the default."""
    line = " ".join((text or "").split())[:GREETING_MAX].rstrip("：:，,")
    return line or DEFAULT_GREETING


def message(symptom: str, cause: str, service: str, greeting: str | None = None,
            location: str = "abroad", locus: str = "upstream") -> str | None:
    """The message for the family, or None where no message fits the verdict."""
    which = kind(symptom, cause, location, locus)
    if which is None:
        return None
    body = {"phone": _PHONE, "app": _APP, "blocked": _BLOCKED}[which]
    # What its users call with now (a closed app's successor), named as the relative knows
    # it: "Teams", not the edition ("Teams（免费版）").
    name = builtin.checked_name(service, "zh_CN").split("（")[0].strip()
    return f"{clean_greeting(greeting)}：\n" + body.format(app=name)


def for_report(report: dict, greeting: str | None = None) -> str | None:
    """The message for a saved report's verdict (None where none fits)."""
    ctx, verdict = report.get("context", {}), report.get("verdict", {})
    return message(str(ctx.get("symptom", "")), str(verdict.get("cause", "")),
                   str(ctx.get("service", "teams")), greeting, str(ctx.get("location", "abroad")),
                   str(verdict.get("locus", "upstream")))
