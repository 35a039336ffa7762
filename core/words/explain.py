"""The verdict in words people can act on, in English, Simplified and Traditional Chinese:
a finding rendered with the texts of :mod:`texts`, in the language asked for (:mod:`i18n`).
"""

from __future__ import annotations

import collections
import gettext
from typing import TYPE_CHECKING, Any

from .. import kinds
from ..analysis import causes, phonerules
from ..analysis.apps import Chosen
from ..base.i18n import LANGS, N_, Text, plural, sentence_gap, translator
from ..base.reportdata import Verdict
from ..engine.builtin import resolve_app
from .phrases import (
    BUSY_DIRECTIONS,
    BUSY_WHY,
    LABELS,
    LOCUS_TEXTS,
    NOTES,
    RESULT_TEXTS,
    SYMPTOM_TEXTS,
)
from .summary import loss_text as _loss  # figures written as the group lines write them
from .summary import num_text as _num
from .texts import (
    ACTIONS,
    CLOCK_CHANGE,
    COUNTS,
    EXPLANATIONS,
    HEADLINES,
    IN_CHINA,
    TIME_ACTION,
    TIME_ACTION_CHINA,
    TIME_WATCHED,
)

if TYPE_CHECKING:  # the app's first window needs the texts, not the analysis
    from ..analysis.judge import Finding

__all__ = ["LANGS", "all_texts", "label", "verdict"]


def label(key: str, lang: str = "en") -> str:
    """A word around the verdict; an unknown key (a damaged report) is shown as it is."""
    return translator(lang).gettext(LABELS[key]) if key in LABELS else str(key)


def _pick(table: dict, cause: str, variant: str | None):
    if variant and f"{cause}/{variant}" in table:
        return table[f"{cause}/{variant}"]
    if cause in table:
        return table[cause]
    # No text for this variant (a damaged report's odd answer): the cause's first variant.
    return next(v for k, v in table.items() if k.startswith(cause + "/"))


def _variant(f: Finding) -> str | None:
    """The texts' variant: carried in the finding (``facts["variant"]``); reports made before
    it was carried are read the old way."""
    cause, facts = f.cause, f.facts
    if facts.get("variant"):
        return str(facts["variant"])
    if cause == "beyond_reach":
        return facts.get("symptom")
    if cause == "udp_blocked":
        return f.locus
    if cause == "local_dns":
        return facts.get("kind")
    if cause == "inconclusive":
        return facts.get("missing")
    return None


def _app(facts: dict[str, Any]) -> Chosen:
    """The finding's app as the analysis resolved it (apprules); one the catalog's apps did not
    shape (analysed without them, an app they lack) as the built-in catalog resolves its id."""
    app = facts.get("app")
    return app if isinstance(app, Chosen) else resolve_app(str(facts.get("service") or ""))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _date(iso: str, lang: str) -> str:
    """A date as people write it: "5 May 2025", 2025年5月5日 (an odd one as it stands)."""
    try:
        year, month, day = (int(x) for x in iso.split("-"))
        name = _MONTHS[month - 1]
    except (ValueError, IndexError):
        return iso
    return f"{year}年{month}月{day}日" if lang.startswith("zh") else f"{day} {name} {year}"


def _counted(t: gettext.NullTranslations, text: tuple[str, str], n: Any, **values: Any) -> str:
    """A count in the form for its number ("1 day", "3 days"); "?" for a number a damaged or
    older report lacks, in the form for many."""
    whole = n if isinstance(n, int) and not isinstance(n, bool) else None
    return plural(t, text, 2 if whole is None else whole).format(n="?" if whole is None else whole, **values)


def _said(t: gettext.NullTranslations, text: Text, values: dict[str, Any]) -> str:
    """A text filled in; one with plural forms (NP_: a note or an explanation that counts the
    failures left unexplained) in the form for that count."""
    if isinstance(text, tuple):
        count = values["unexplained"]
        return plural(t, text, count if isinstance(count, int) else 2).format(**values)
    return t.gettext(text).format(**values)


def _values(f: Finding, t: gettext.NullTranslations, lang: str) -> dict[str, Any]:
    facts = f.facts
    names = [n for n in facts.get("names") or [] if n]
    also = causes.of(str(facts.get("also_seen") or "")).phrase  # the other cause's short name, if any
    app = _app(facts)
    return {
        "service": app.checked.name(lang),  # a closed app's successor: what its users sign in to
        "closed": app.name(lang) if app.closed_on else "",
        "closed_on": _date(app.closed_on or "", lang),
        "names": ", ".join(names[:3]) + ("…" if len(names) > 3 else ""),
        "connections": _counted(t, COUNTS["connections"], facts.get("tried"), failed=facts.get("failed", "?")),
        "loss_pct": _loss(facts),
        # Under a millisecond reads as "0 ms", which looks like a fault: said as "<1".
        "rtt_ms": "<1" if isinstance(facts.get("rtt_ms"), (int, float)) and facts["rtt_ms"] < 1
        else _num(facts.get("rtt_ms"), 0),
        "mos": _num(facts.get("mos")),
        "days": _counted(t, COUNTS["days"], round(abs(facts["skew_s"]) / 86400)
                         if isinstance(facts.get("skew_s"), (int, float)) else None),
        "also": t.gettext(also) if also else "",
        "product": str(facts.get("product") or ""),
        "hosts": facts.get("hosts", "?"),
        "refused_ms": "<1" if isinstance(facts.get("refused_ms"), (int, float)) and facts["refused_ms"] < 1
        else _num(facts.get("refused_ms"), 0),
        "floor_ms": _num(facts.get("floor_ms"), 0),
        "unexplained": facts.get("unexplained_count", "?"),
        "tunnels": ", ".join(str(n) for n in (facts.get("tunnels") or [])[:3]),
        # Public resolvers that work where the user is: Google's is blocked inside mainland
        # China and Cloudflare's secure DNS is cut there (docs/sources.md, "The way into China").
        "resolvers": t.gettext(N_("223.5.5.5 (AliDNS) or 119.29.29.29 (DNSPod)")) if facts.get("location") == "china"
        else t.gettext(N_("1.1.1.1 or 8.8.8.8")),
        "china_evening": _china_hours(CHINA_EVENING, _offset(facts.get("utc_offset_min")), t),
        "status_url": str(facts.get("status_url") or ""),
        **_busy_values(facts.get("busy_line"), t),
    }


def _busy_values(busy: Any, t: gettext.NullTranslations) -> dict[str, str]:
    """The busy-line test's figures as its texts quote them (analysis/busyline.py's facts)."""
    busy = busy if isinstance(busy, dict) else {}
    tested = busy.get("tested") if isinstance(busy.get("tested"), list) else []
    way = "both" if len(tested) > 1 else str(busy.get("direction") or "")
    why = str(busy.get("why") or "")
    return {
        # (at least 1: "about 0 ms longer" reads as a fault of the test)
        "busy_ms": _num(max(busy["extra_ms"], 1.0), 0) if isinstance(busy.get("extra_ms"), (int, float))
        else _num(None, 0),
        "busy_grade": str(busy.get("grade") or "?"),
        "busy_direction": t.gettext(BUSY_DIRECTIONS[str(busy.get("direction"))])
        if busy.get("direction") in BUSY_DIRECTIONS else "?",
        "busy_tested": t.gettext(BUSY_DIRECTIONS[way]) if way in BUSY_DIRECTIONS else "?",
        "busy_why": t.gettext(BUSY_WHY.get(why, BUSY_WHY["other"])),
        "busy_loss": _num(busy.get("loss_pct"), 0),
    }


# The daily crowding into China follows China's evening (docs/sources.md, "cross-border congestion");
# the hours are approximate, said as "about". In minutes of Beijing's day.
CHINA_EVENING = (19 * 60, 23 * 60)
BEIJING_OFFSET_MIN = 8 * 60  # China keeps UTC+8 all year: it never changes its clocks


def beijing_shift_min(offset_min: int) -> int:
    """Minutes to add to the user's clock to read Beijing's (150 in India, 90 in Adelaide's
    winter, 135 in Nepal): to the minute, as half-hour and quarter-hour zones need."""
    return BEIJING_OFFSET_MIN - offset_min


def beijing_clock(local_hour: int, offset_min: int) -> str:
    """Beijing's clock at the start of the user's ``local_hour``: "11:30" for 9:00 in India."""
    return clock(local_hour * 60 + beijing_shift_min(offset_min))


def clock(minutes: int) -> str:
    """A time of day from minutes after midnight (any number: taken round the clock)."""
    minutes %= 24 * 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _span(span: tuple[int, int], shift_min: int = 0) -> str:
    return "–".join(clock(m + shift_min) for m in span)


def _offset(value: Any) -> int | None:
    """A finding's time zone, if it is one (a damaged report's is left out)."""
    if isinstance(value, int) and not isinstance(value, bool) and -16 * 60 <= value <= 16 * 60:
        return value
    return None


def _china_hours(span: tuple[int, int], offset_min: int | None, t: gettext.NullTranslations) -> str:
    """Hours of China's day, in Beijing time and, for a user elsewhere, in their own."""
    beijing = _span(span)
    if offset_min is None or offset_min == BEIJING_OFFSET_MIN:
        return t.gettext(N_("about {hours} Beijing time")).format(hours=beijing)
    local = _span(span, -beijing_shift_min(offset_min))
    return t.gettext(N_("about {hours} Beijing time, {local} your time")).format(hours=beijing, local=local)


def _watched_hours(span: tuple[int, int], offset_min: int | None, t: gettext.NullTranslations) -> str:
    """A window a watch measured (minutes of Beijing's day), in the user's time first."""
    if offset_min is None or offset_min == BEIJING_OFFSET_MIN:
        return t.gettext(N_("{hours} Beijing time")).format(hours=_span(span))
    return t.gettext(N_("{local} your time ({hours} Beijing time)")).format(
        hours=_span(span), local=_span(span, -beijing_shift_min(offset_min)))


def _minutes_span(value: Any) -> tuple[int, int] | None:
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(m, int) and not isinstance(m, bool) and 0 <= m < 24 * 60 for m in value)):
        return value[0], value[1]
    return None


def watched_windows(value: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The best and worst windows of the user's watch ({"best": [start, end], "worst": [...]},
    minutes of Beijing's day), if a report carries them whole."""
    if not isinstance(value, dict):
        return None
    best, worst = _minutes_span(value.get("best")), _minutes_span(value.get("worst"))
    return (best, worst) if best is not None and worst is not None else None


def clock_change_of(value: Any) -> tuple[str, int] | None:
    """The user's next change of clocks ({"on": "2026-03-29", "utc_offset_min": 60}), if whole."""
    if not isinstance(value, dict) or not isinstance(value.get("on"), str):
        return None
    after = _offset(value.get("utc_offset_min"))
    return (value["on"], after) if after is not None else None


def _time_advice(action: str, facts: dict[str, Any], values: dict[str, Any], t: gettext.NullTranslations,
                 lang: str) -> str:
    """When to call: the hours the user's own watch found best when one ran (abroad: from inside
    China a watch times the wrong way); otherwise only that China's evening is usually worst.
    Then, before the user's clocks change and China's do not, the same hours on the new clock."""
    offset = _offset(facts.get("utc_offset_min"))
    watched = watched_windows(facts.get("watched"))
    if watched is not None and facts.get("location") != "china":
        said = t.gettext(TIME_WATCHED).format(best=_watched_hours(watched[0], offset, t),
                                              worst=_watched_hours(watched[1], offset, t))
        named = watched[0]
    else:
        said = t.gettext(action).format(**values)
        named = CHINA_EVENING
    change = clock_change_of(facts.get("clock_change"))
    if change is not None and offset is not None and change[1] != offset:
        said += sentence_gap(lang) + clock_change_line(named, change, lang)
    return said


def clock_change_line(span: tuple[int, int], change: tuple[str, int], lang: str = "en") -> str:
    """Hours of Beijing's day (minutes) on the user's clock once it has changed on
    ``change[0]`` to ``change[1]`` minutes from UTC, China's never changing."""
    return translator(lang).gettext(CLOCK_CHANGE).format(
        date=_date(change[0], lang), hours=_span(span), local=_span(span, -beijing_shift_min(change[1])))


def _actions(f: Finding, variant: str | None, values: dict[str, Any], t: gettext.NullTranslations,
             lang: str) -> list[str]:
    """The cause's actions as they fit the user: inside mainland China, what works there
    (texts.IN_CHINA); an action naming a fact the finding lacks (a status page's link) left out;
    the time of day from the user's own watch."""
    out = []
    for action in _pick(ACTIONS, f.cause, variant):
        if f.facts.get("location") == "china" and action in IN_CHINA:
            action = IN_CHINA[action]
            if action is None:
                continue
        if "{status_url}" in action and not values["status_url"]:
            continue
        if action in (TIME_ACTION, TIME_ACTION_CHINA):
            out.append(_time_advice(action, f.facts, values, t, lang))
        else:
            out.append(t.gettext(action).format(**values))
    return out


def verdict(f: Finding, lang: str = "en") -> Verdict:
    """The verdict (README, "The verdict") for a finding, in ``lang`` (English if no catalogue)."""
    t = translator(lang)
    values = _values(f, t, lang)
    variant = _variant(f)
    key = f"{f.cause}/{variant}" if variant and f"{f.cause}/{variant}" in HEADLINES else f.cause
    headline = t.gettext(HEADLINES[key]).format(**values)
    explanation = _said(t, _pick(EXPLANATIONS, f.cause, variant), values)
    known = all_notes()
    notes = [_said(t, known[n], values) for n in dict.fromkeys(f.notes) if n in known]
    actions = _actions(f, variant, values, t, lang)
    separator = sentence_gap(lang)
    if lang.startswith("zh"):
        # A name ending in a full-width bracket ("Teams（免费版）") needs no space after it.
        headline, explanation = _tight(headline), _tight(explanation)
        notes, actions = [_tight(n) for n in notes], [_tight(a) for a in actions]
    verdict: Verdict = {
        "locus": f.locus,
        "cause": f.cause,
        "confidence": f.confidence,
        "headline": headline,
        "explanation": separator.join([explanation, *notes]),
        "actions": actions,
        "evidence": list(f.evidence),
    }
    # Where the checks were judged from: the evidence's place where it contradicted the
    # answer (the family message follows it).
    if f.facts.get("location") in ("abroad", "china"):
        verdict["location"] = f.facts["location"]
    if f.parts:
        verdict["parts"] = f.parts
    # The app as resolved once (analysis.apps.resolve): what every face names.
    verdict["app"] = _app(f.facts).to_json()
    return verdict


def short_headline(cause: str, locus: str, app_id: str, lang: str = "en") -> str:
    """A past run's verdict in ``lang`` from what the history keeps (cause, place, app): the
    cause's headline, its place's variant where it has one; figures it would quote are left
    out. A cause this version does not know is shown as it stands."""
    if cause not in HEADLINES and not any(k.startswith(cause + "/") for k in HEADLINES):
        return cause
    text = translator(lang).gettext(_pick(HEADLINES, cause, locus))
    values = collections.defaultdict(str, service=resolve_app(app_id).name(lang))
    return text.format_map(values).strip()


def kind_label(kind: str, lang: str = "en") -> str:
    """A kind of check in words; one this version does not know, as it stands."""
    text = kinds.labels().get(kind)
    return translator(lang).gettext(text) if text else kind


def result_label(code: str, lang: str = "en") -> str:
    """A result code in words; one this version does not know, as it stands."""
    return translator(lang).gettext(RESULT_TEXTS[code]) if code in RESULT_TEXTS else code


def _tight(text: str) -> str:
    return text.replace("） ", "）")


def all_notes() -> dict[str, Text]:
    """Every note a finding may carry, by key: the analysis's and the plugin kinds'."""
    return NOTES | phonerules.NOTES | kinds.notes()


def all_texts() -> list[Text]:
    """Every text meant for people, for translation checks."""
    texts: list[Text] = list(HEADLINES.values()) + list(EXPLANATIONS.values()) + list(all_notes().values())
    texts += [c.phrase for c in causes.CAUSES.values() if c.phrase] + list(LABELS.values())
    texts += list(SYMPTOM_TEXTS.values()) + list(LOCUS_TEXTS.values())
    texts += list(kinds.labels().values()) + list(RESULT_TEXTS.values())
    texts += [a for actions in ACTIONS.values() for a in actions]
    texts += [a for a in IN_CHINA.values() if a is not None] + [TIME_WATCHED, CLOCK_CHANGE]
    texts += list(BUSY_DIRECTIONS.values()) + list(BUSY_WHY.values())
    return list(dict.fromkeys(texts))
