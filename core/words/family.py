"""A short message for the relative in China, always in Simplified Chinese (whatever the
interface language: it is written for them), which the user copies and sends by WeChat before
calling (several provinces block SMS from abroad by default, so never by text message).

The relative has been told by the police that unexpected calls from abroad are almost all
fraud, and fraud rings pose as family. So every message teaches one rule she can apply on her
own (``RULE``): every call is announced on WeChat first; not my voice, or money comes up →
hang up. A message about phone calls also says what a call from 96110 (the police's anti-fraud
line, which may call after a call from abroad) means, and changes with the verdict
(``phone_variant``): a line that refuses calls from abroad → how to turn that on first; the
phone rang → no hotline step; calls filtered → her phone's block list first; cut before her
line → nothing for her to change. What each carrier calls the switch, and how to find her
carrier, follow docs/sources.md: the switch is turned back on by the carrier's hotline (the
public SMS codes turn it *off*). Only offered where the trouble may be on the relative's side or
on the way to them — never for a cause on the user's own side, nor for a user inside China.
"""

from __future__ import annotations

from typing import Any

from ..analysis import causes
from ..analysis.apps import Chosen
from ..base.reportdata import Context, Report, Verdict
from . import explain
from .summary import app_of

DEFAULT_GREETING = "你好"
GREETING_MAX = 20

# The check-before-answer rule, in every message (a test holds each variant to it). Tied to a
# fresh message each time, not to this one (which itself announces calls from abroad); a
# voice, even a face on video, can be faked and an account stolen, so only a question only the
# family can answer settles who it is; and the asks
# scammers posing as family make before any money (a code, "verify my WeChat", a new number,
# sharing the screen) end the call as money does.
RULE = ("每次打之前，我都会先在微信上发一句“我现在打给你”。只有收到这句话以后几分钟内打来的电话才接；"
        "别的电话，就算说是我、是警察、是快递，都不要接。\n"
        "接起来以后，就算声音像我，只要说到钱、转账、借钱、验证码、帮忙验证微信、加新微信、换新号码、"
        "共享屏幕，都马上挂掉。挂掉以后跟我微信视频，问一件只有咱们家里人知道的事，对上了才是我"
        "（视频里的脸和声音也能假冒）。")
# What a call from the police's anti-fraud line after a call from abroad means (genuine ones
# show 96110, or an area code and 96110, never a + or 00 in front), and the warning SMS from
# 12381 that can follow: never a link or a number to call back. Said without vouching for a
# whole call: the police never ask for money, card passwords or codes either.
_POLICE = ("我打过以后，如果有 96110 打来（只显示 96110，或者区号加 96110，比如 010-96110），"
           "那是公安的反诈专线在问情况，要接，告诉他们刚才是在国外的家里人打的。"
           "号码前面带 + 或 00 的是假冒的，不要接。真警察不会让你转账，也不会要银行卡密码和验证码。\n"
           "如果收到 12381 发来的反诈提醒短信，那是国家发的提醒；真的提醒短信里没有链接，"
           "也不会让你回电话，带链接的不要点。")
# Not "网络电话": police campaigns name that as the scammers' tool; nor an app's name, which the
# relative does not see (the phone shows a number).
_SHOWN = ("我会从国外用软件打你的手机号（不是微信电话）。来电会显示“境外来电”，号码陌生，"
          "显示的国家或地区也可能不是我住的地方，有时还会标“疑似诈骗”。")
_CARRIER = ("先看你用的是哪家的卡：平时给你发话费短信的号码，10086 是移动，10010 是联通，"
            "10000 或 10001 是电信，10099 是广电。")
_HOTLINE = ("自己拨这个号码找人工客服（不要回拨别人给你的号码），说：“请帮我开通接听国际及港澳台来电。”"
            "客服要是问为什么，就说孩子在国外，要打电话回家。"
            "（移动叫“国际及港澳台来话接听”，联通叫“境外语音接听”，广电叫“境外来电业务”，电信直接说这句话就行。）")
# Menu names as the sources give them (docs/sources.md); only the rule that stops unknown or
# foreign numbers is turned off, never the fraud filter or the anti-fraud app.
_PHONE_BLOCKS = ("看看手机的“骚扰拦截”记录里有没有我打的电话（华为、小米、OPPO 等手机在“电话”的菜单里，"
                 "别的手机在设置里找）；有的话，把拦截规则里拦“陌生号码”的那一项关掉，"
                 "“疑似诈骗”的拦截和国家反诈中心 App 不用动。"
                 "苹果手机：在设置里找到“电话”，如果“将陌生来电静音”（有的叫“静音未知来电”）开着，就关掉。")
_CARRIER_FILTERS = ("如果你在“中国移动高频骚扰电话防护”“天翼防骚扰”“联通助理”这些微信公众号里"
                    "设过拦截，把国际及港澳台号码的拦截关掉。")
_WECHAT = "实在打不通，我们就用微信语音或视频通话。"
# A change to her own settings asked for by a message is what a scammer on a stolen account
# would send too: she confirms it is me first.
_CONFIRM = "改设置之前，先跟我微信视频，问一件只有咱们家里人知道的事，确认是我本人让你改的。"


def _steps(*steps: str) -> str:
    return "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))


_PHONE = {
    # Nothing decided yet: what to check, the line's switch first.
    "unknown": "\n".join([_SHOWN, RULE, _POLICE, "如果一直接不到我的电话，请这样做。" + _CONFIRM,
                          _steps(_CARRIER, _HOTLINE, _PHONE_BLOCKS), _WECHAT]),
    # Their line may refuse calls from abroad (judged from the user's replies): that first.
    "line": "\n".join(["你的手机号可能不接国外打来的电话（有的地方默认关了，也可能以前有人帮你关了）。"
                       "要接我的电话，可以这样打开。" + _CONFIRM, _steps(_CARRIER, _HOTLINE),
                       _SHOWN, RULE, _POLICE, _WECHAT]),
    # It rang: the call reaches her phone; what is left is knowing it is me.
    "rang": "\n".join([_SHOWN, "我的电话能打到你的手机上，你什么设置都不用改。", RULE, _POLICE]),
    # Filtered: her own blocks first, her phone's block list before all.
    "filtered": "\n".join(["别人从国外打给你能接到，我的电话却被拦住了。请这样看看。" + _CONFIRM,
                           _steps(_PHONE_BLOCKS, _CARRIER_FILTERS),
                           "要是都没有，就是运营商那边拦的，你不用再改什么。",
                           _SHOWN, RULE, _POLICE, _WECHAT]),
    # Cut between the service's phone gateway and her carrier: nothing for her to change.
    "cut": "\n".join(["我从国外打你的手机，电话在半路就断了，不是你手机的问题，你什么设置都不用改。"
                      "我们先用微信语音或视频通话。", RULE, _POLICE]),
}
_APP = "\n".join([
    "我用{app}给你打电话时，如果打不通或者声音断断续续，请试试：",
    # Asked to "update", older people get steered to fake apps by links: the phone's own store.
    _steps("换一个网络再接：用着 Wi-Fi 就换成手机流量，用着流量就连上 Wi-Fi。",
           "在手机自带的应用商店里把{app}更新到最新版本，不要点别人发来的链接下载。"),
    "{when}",
    RULE,
])
# When to call: the one fixed claim is that China's evening is usually worst (docs/sources.md,
# "cross-border congestion"); better hours only from the user's own watch of the line, in
# Beijing time, which is the relative's.
_EVENING = "晚上网络通常最挤，可以换个时间再试。"
_WATCHED = "我这边测过，北京时间{start}到{end}通话最顺，我们尽量在这个时间通话。"
_BLOCKED = "\n".join([
    "{app}在中国大陆用不了，不是你的手机或网络出了问题。以后我们用微信语音或视频通话吧。",
    RULE,
])


def kind(symptom: str, cause: str, location: str = "abroad", locus: str = "upstream") -> str | None:
    """Which message fits a verdict: ``phone``, ``app``, ``blocked``, or None (none does).
    Written for a relative in China called from abroad: none for a user inside China, and none
    where the verdict places the trouble on the user's own side (a refusal from their own
    router is not something the relative can fix)."""
    if location == "china" or locus == "local":
        return None
    # The messages the cause table gives the cause: where the trouble may lie on the
    # relative's side or on the way to them.
    fitting = causes.of(cause).family
    if "blocked" in fitting:
        return "blocked"
    if symptom == "phone_calls" and "phone" in fitting:
        return "phone"
    if symptom in ("app_calls", "quality") and "app" in fitting:
        return "app"
    return None


def phone_variant(cause: str, followups: Any = None) -> str:
    """Which phone message fits: ``line``, ``filtered``, ``cut`` (the causes the replies
    decide), ``rang`` (their phone rang), or ``unknown``."""
    decided = causes.of(cause).family_variant
    if decided:
        return decided
    rang = followups.get("rang") if isinstance(followups, dict) else None
    return "rang" if rang == "yes" else "unknown"


def clean_greeting(text: str | None) -> str:
    """What the user typed as a greeting (妈, 爸, a name), on one short line; empty: the default."""
    line = " ".join((text or "").split())[:GREETING_MAX].rstrip("：:，,")
    return line or DEFAULT_GREETING


def _when(watched: Any) -> str:
    """When to call, for the app message: the watch's best hours if one ran, else only that
    evenings are usually worst."""
    windows = explain.watched_windows(watched)
    if windows is None:
        return _EVENING
    start, end = windows[0]
    return _WATCHED.format(start=_hour(start), end=_hour(end))


def _hour(minutes: int) -> str:
    """A time of Beijing's day as an older reader says it: 9点, 9点半, 9点15分."""
    h, m = divmod(minutes % (24 * 60), 60)
    return f"{h}点" + ("" if m == 0 else "半" if m == 30 else f"{m}分")


def message(symptom: str, cause: str, app: Chosen, greeting: str | None = None,
            location: str = "abroad", locus: str = "upstream", followups: Any = None,
            watched: Any = None) -> str | None:
    """The message for the family, or None where no message fits the verdict. ``watched``:
    the best and worst hours of the user's watch (a report's ``context.watched``), if any;
    ``app``: the app the verdict is about, as it carries it (summary.app_of)."""
    which = kind(symptom, cause, location, locus)
    if which is None:
        return None
    body = _PHONE[phone_variant(cause, followups)] if which == "phone" else \
        {"app": _APP, "blocked": _BLOCKED}[which]
    # What its users call with now (a closed app's successor), named as the relative knows
    # it: "Teams", not the edition ("Teams（免费版）").
    name = app.checked.name("zh_CN").split("（")[0].strip()
    return f"{clean_greeting(greeting)}：\n" + body.format(app=name, when=_when(watched))


def variants() -> dict[str, str]:
    """Every message body by name (``phone/<variant>``, ``app``, ``blocked``), unformatted."""
    return {**{f"phone/{k}": v for k, v in _PHONE.items()}, "app": _APP, "blocked": _BLOCKED}


def for_report(report: Report, greeting: str | None = None) -> str | None:
    """The message for a saved report's verdict (None where none fits)."""
    ctx, verdict = report.get("context", {}), report.get("verdict", {})
    return message(str(ctx.get("symptom", "")), str(verdict.get("cause", "")),
                   app_of(report, verdict), greeting, _where(ctx, verdict),
                   str(verdict.get("locus", "upstream")), ctx.get("followups"), ctx.get("watched"))


def _where(ctx: Context, verdict: Verdict) -> str:
    """Where the user is, as the verdict judged it: the evidence where it contradicted the
    answer (a user set to China whose blocked-in-China servers answered is abroad)."""
    judged = verdict.get("location")
    return judged if isinstance(judged, str) else str(ctx.get("location", "abroad"))
