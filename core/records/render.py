"""Reports for people, rendered from the JSON report (the source of truth): plain text,
Markdown for forum posts, a self-contained HTML page, and JSON.

A report can carry a second language beside the user's (``also``), so a Chinese-language user
can post on an English forum, and the reverse. Every string that came from the network is
escaped in HTML and kept out of Markdown's table syntax.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ..analysis import phonerules, picture
from ..analysis.apps import ALL
from ..analysis.choice import endpoint_of
from ..base.i18n import N_, NP_, plural, sentence_gap, translator
from ..base.measurement import GROUPS, NOT_MEASURED
from ..base.reportdata import MeasurementData, Report, Verdict
from ..engine.builtin import resolve_app
from ..words import family
from ..words.explain import kind_label, label, result_label
from ..words.phrases import LOCUS_TEXTS, SYMPTOM_TEXTS
from ..words.rejudge import judged
from ..words.summary import (
    app_of,
    compared_apps,
    figure_words,
    group_line,
    group_outcome,
    group_samples,
    said_verdict,
    target_words,
    technical,
)
from ..words.wrapping import pad, width, wrap

FORMATS = ("text", "markdown", "html", "json")
# One voice sample as recorded (the group's line above quotes the analysis' pooled figures), in
# the form for the packets sent.
SAMPLE = NP_("voice sample: {lost} of {sent} packet lost, {rtt} ms round trip",
             "voice sample: {lost} of {sent} packets lost, {rtt} ms round trip")
# Forum software cuts long posts (Discourse: 32,000 characters); stay well under.
MARKDOWN_ROWS_PER_GROUP = 8

TEXTS = {
    "where": N_("Where"),
    "evidence": N_("What CallPath measured"),
    "more": N_("… and {n} more (see the full report)"),
    "footer": N_("Report made by CallPath {version} on {date}."),
    "redacted": N_("Personal data (addresses, computer and user names) was removed."),
    "not_redacted": N_("Warning: this report still contains personal data (your addresses, "
                       "computer and user names)."),
    "col_check": N_("Check"),
    "col_target": N_("Target"),
    "col_result": N_("Result"),
    "col_figures": N_("Figures"),
    # Check ids, result codes and the errors' own text, untranslated: for whoever helps.
    "col_technical": N_("Technical detail"),
    "technical": N_("Technical details (as recorded, untranslated, for whoever helps)"),
    "verdict_code": N_("verdict"),
    # An all-apps check (--service all): the suggestion's heading, and the app it was about.
    "which_app": N_("Which app to call on"),
    "verdict_for": N_("Verdict for {app}"),
    "duration": N_("{s} s"),
    "symptom": N_("Problem"),
    "service": N_("App"),
    "family": N_("A message for your family in China (in Chinese: copy it and send it on WeChat before you call)"),
    "followups": N_("What you said about the call"),
    "reply/yes": N_("yes"),
    "reply/no": N_("no"),
    "reply/unsure": N_("don't know"),
}


def _t(lang: str):
    """``t(key, **values)``: the text ``TEXTS[key]`` in ``lang``, filled in."""
    tr = translator(lang)
    return lambda key, **kw: tr.gettext(TEXTS[key]).format(**kw)


def _verdicts(report: Report, lang: str, also: str | None) -> list[tuple[str, Verdict]]:
    """The verdict in the report's language, then in ``also`` (re-analysed: analysis is pure).
    A verdict saved without its parts is judged again too (rejudge.judged), so the picture and
    the group lines below are the judgement of the verdict they sit under. A redacted report's
    placeholders in them are said in each verdict's language."""
    out = [(lang, said_verdict(judged(report, lang), translator(lang)))]
    if also and also != lang:
        out.append((also, said_verdict(judged(report, also), translator(also))))
    return out


def _group_line(verdict: Verdict, group: str, lang: str) -> str:
    """A group's line as the verdict judged it (summary.group_line)."""
    return group_line(verdict.get("parts") or {}, group, translator(lang))[1]


def _sample(m: MeasurementData, tr) -> str:
    metrics = m["metrics"]
    rtt = metrics["rtt_ms"].get("median") or 0.0
    sent, received = metrics.get("sent"), metrics.get("received")
    if not (isinstance(sent, int) and isinstance(received, int)):
        return figure_words(m, tr)
    return plural(tr, SAMPLE, sent).format(lost=sent - received, sent=sent, rtt="<1" if rtt < 1 else f"{rtt:.0f}")


def _result(m: MeasurementData, lang: str) -> str:
    """A measurement's result in words ("ok" as the app says it)."""
    if m.get("ok"):
        return translator(lang).gettext(N_("ok"))
    return result_label(str((m.get("error") or {}).get("code", "")), lang)


def _colon(lang: str) -> str:
    """What follows a label: a full-width colon in Chinese, a colon and a space in English."""
    return "：" if lang.startswith("zh") else ": "


def _aside(text: str, lang: str) -> str:
    """``text`` in brackets after what it explains: full-width ones in Chinese."""
    return f"（{text}）" if lang.startswith("zh") else f" ({text})"


def _row(m: MeasurementData, lang: str) -> tuple[str, str, str, str, str]:
    """(class, check, target, result, figures) of one measurement in ``lang``'s words; the
    class is ok, bad or skip (not measured)."""
    tr = translator(lang)
    code = (m.get("error") or {}).get("code")
    cls = "ok" if m.get("ok") else ("skip" if code in NOT_MEASURED else "bad")
    return (cls, kind_label(str(m.get("kind", "")), lang), target_words(m, tr), _result(m, lang),
            figure_words(m, tr))


def _technical(report: Report, verdict: Verdict, t) -> list[str]:
    """The technical section's lines: the verdict's code, then every measurement that has
    more to say than its words (a failure's code and text, a certificate's issuer)."""
    lines = [f"{t('verdict_code')}: {verdict.get('locus')}/{verdict.get('cause')}"]
    lines += [technical(m) for m in report.get("measurements", [])
              if m.get("error") or m.get("kind") == "tls"]
    return lines


def summary_line(report: Report, lang: str, verdict: Verdict | None = None) -> str:
    """One line fit for a forum thread's title (``verdict``: the one already judged for ``lang``);
    for an all-apps check, the suggestion."""
    ctx, v = report["context"], verdict or said_verdict(judged(report, lang), translator(lang))
    headline, service = v["headline"], _app_name(report, v, lang)
    if v.get("suggestion"):
        headline = v["suggestion"]["headline"]
    comma = "，" if lang.startswith("zh") else ", "
    return f"CallPath{_colon(lang)}{headline}{_aside(service + comma + ctx.get('started_at', '')[:10], lang)}"


def _verdict_label(report: Report, verdict: Verdict, lang: str) -> str:
    """"Verdict", or for an all-apps check "Verdict for WeChat" (the app the suggestion leads to)."""
    if verdict.get("apps"):
        return _t(lang)("verdict_for", app=app_of(report, verdict).name(lang))
    return label("verdict", lang)


def _app_name(report: Report, verdict: Verdict, lang: str) -> str:
    """The app a report is about, or "All my apps" for an all-apps check."""
    return resolve_app(ALL).name(lang) if verdict.get("apps") else app_of(report, verdict).name(lang)


def _sections(report: Report, verdict: Verdict, lang: str) -> list[tuple[str, str, str, list[MeasurementData]]]:
    """The measurements by group as a report lists them: (group, heading, the group's line as
    the verdict judged it, its measurements). An all-apps check lists each app's servers under
    the app's name, with the line its own verdict judged them by."""
    out = []
    per_app = {a.id: a for a in compared_apps(verdict, lang)}
    for group in GROUPS:
        ms = [m for m in report.get("measurements", []) if m.get("group") == group]
        if group == "service" and per_app:
            for item in report["context"].get("compared") or []:
                app = per_app.get(item.get("app", ""))
                own = [m for m in ms if endpoint_of(str(m.get("id", ""))) in set(item.get("endpoints") or [])]
                if app is not None and own:
                    out.append((group, app.name, _group_line(app.verdict, group, lang), own))
            continue
        if ms:
            out.append((group, label("group/" + group, lang), _group_line(verdict, group, lang), ms))
    return out


def _choice(report: Report, verdict: Verdict, lang: str) -> tuple[str, str, list[tuple[str, str, str]]] | None:
    """An all-apps check's suggestion: its headline, its explanation with how sure it is, and
    a row per app (name with its standing, its verdict's headline or nothing where the standing
    says it all, its way as a line); None for a verdict about one app."""
    said = verdict.get("suggestion")
    if not said:
        return None
    colon = _colon(lang)
    sure = f"{label('confidence', lang)}{colon}{label(said.get('confidence', 'low'), lang)}"
    explanation = said.get("explanation", "") + sentence_gap(lang) + sure + ("。" if lang.startswith("zh") else ".")
    rows = []
    for app in compared_apps(verdict, lang):
        rows.append((f"{app.name}{_aside(app.said, lang)}", app.headline, _way_line(report, app.verdict, lang)))
    return said.get("headline", ""), explanation, rows


def _footer(report: Report, t) -> list[str]:
    ctx = report["context"]
    date = ctx.get("started_at", "")[:16].replace("T", " ") + " UTC"
    return [t("footer", version=ctx.get("app_version", "?"), date=date),
            t("redacted") if ctx.get("redacted") else t("not_redacted")]


def _way(report: Report, verdict: Verdict, lang: str) -> list[tuple[str, str, str]]:
    """(state, mark, name) for each part of the way a call travels, as the verdict judged them
    (core/analysis/picture.py)."""
    tr = translator(lang)
    service = app_of(report, verdict).checked.name(lang)
    return [(state, picture.MARKS[state], tr.gettext(picture.LABELS[part]).format(service=service))
            for part, state in picture.states(verdict)]


def _way_line(report: Report, verdict: Verdict, lang: str) -> str:
    return " → ".join(f"{name} {mark}" for _state, mark, name in _way(report, verdict, lang))


def _followups(report: Report, verdict: Verdict, lang: str) -> list[str]:
    """The user's replies about the called phone, as "question: reply" lines in ``lang``."""
    replies = report["context"].get("followups")
    if not isinstance(replies, dict):
        return []
    tr, t = translator(lang), _t(lang)
    service = app_of(report, verdict).checked.name(lang)  # as the app asks it
    known = phonerules.known(replies)
    return [f"{tr.gettext(q.text).format(service=service)} {_reply(known[q.id], t, tr)}"
            for q in phonerules.QUESTIONS if q.id in known]


def _reply(reply: str, t, tr) -> str:
    """A reply as a report writes it: yes/no in lower case after the question, what the caller
    heard as the words it was chosen by."""
    return t("reply/" + reply) if reply in phonerules.REPLIES else tr.gettext(phonerules.REPLY_TEXTS[reply])


# --- text -------------------------------------------------------------------------------------------------

def render_text(report: Report, lang: str | None = None, also: str | None = None) -> str:
    """Plain text: the verdict (in one or two languages), then every measurement by group in
    words, then the technical section (codes and errors as recorded). Wrapped by Unicode's
    line-breaking rules (core/words/wrapping.py), so Chinese breaks where Chinese may."""
    ctx = report.get("context", {})
    lang = lang or ctx.get("lang") or "en"
    t = _t(lang)
    colon = _colon(lang)
    verdicts = _verdicts(report, lang, also)
    shown = verdicts[0][1]  # the judgement the picture and the group lines follow
    # The title and the way stay one line each: a forum's title, and a picture in words.
    lines = [summary_line(report, lang, shown), ""]
    if not shown.get("apps"):  # an all-apps check draws each app's way in its row
        lines += [_way_line(report, shown, lang), ""]
    for vlang, v in verdicts:
        tv, vcolon = _t(vlang), _colon(vlang)
        gap = "；" if vlang.startswith("zh") else "; "
        choice = _choice(report, v, vlang)
        if choice is not None:
            headline, explanation, app_rows = choice
            lines += wrap(f"{tv('which_app')}{vcolon}{headline}", WIDTH)
            lines += wrap(explanation, WIDTH, "  ")
            for name, said_, way in app_rows:
                row = wrap(f"• {name}{vcolon if said_ else ''}{said_}", WIDTH, "    ")
                lines += ["  " + row[0].lstrip()] + row[1:] if row else []
                lines += wrap(way, WIDTH, "    ")
            lines.append("")
        lines += wrap(f"{_verdict_label(report, v, vlang)}{vcolon}{v['headline']}", WIDTH)
        where = translator(vlang).gettext(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"]))
        lines += wrap(f"{tv('where')}{vcolon}{where}{gap}{label('confidence', vlang)}{vcolon}"
                      f"{label(v['confidence'], vlang)}", WIDTH, "  ")
        lines.append("")
        lines += wrap(v["explanation"], WIDTH, "  ") or [""]
        if v.get("actions"):
            lines += ["", f"{label('what_to_do', vlang)}{vcolon}".rstrip()]
            for i, a in enumerate(v["actions"], 1):
                numbered = wrap(a, WIDTH, "     ")
                lines += [f"  {i}. " + numbered[0].lstrip()] + numbered[1:] if numbered else []
        lines.append("")
    answered = _followups(report, shown, lang)
    if answered:
        lines += [f"{t('followups')}{colon}".rstrip()]
        for a in answered:
            lines += wrap(a, WIDTH, "  ")
        lines.append("")
    message = family.for_report({**report, "verdict": shown})  # for the verdict shown
    if message:
        # Kept line for line as it is sent: the relative reads it as written.
        lines += wrap(f"{t('family')}{colon}", WIDTH) + [""] + [f"  {x}" for x in message.splitlines()] + [""]
    symptom = translator(lang).gettext(SYMPTOM_TEXTS.get(ctx.get("symptom"), ctx.get("symptom", "")))
    duration = ctx.get("duration_s")
    said = [f"{t('symptom')}{colon}{symptom}", f"{t('service')}{colon}{_app_name(report, shown, lang)}"]
    if isinstance(duration, (int, float)):
        said.append(t("duration", s=f"{duration:.0f}"))
    lines += wrap(("；" if lang.startswith("zh") else " · ").join(said), WIDTH)
    for _group, heading, line, ms in _sections(report, shown, lang):
        lines += ["", f"{heading}{_aside(line, lang)}{colon}".rstrip()]  # one line: a heading
        rows = [_row(m, lang) for m in ms]
        kind_columns = max(16, *(width(r[1]) for r in rows)) + 1
        for cls, check, target, result, fig in rows:
            outcome = fig if cls == "ok" else (result + (colon + fig if fig else ""))
            lines.append(f"  {_MARKS[cls]} {pad(check, kind_columns)}{target}" + (f"  {outcome}" if outcome else ""))
    lines += ["", f"{t('technical')}{colon}".rstrip()]
    lines += [f"  {x}" for x in _technical(report, shown, t)]
    lines += [""] + _footer(report, t) + [""]
    return "\n".join(lines)


# The text report's lines are at most this many columns (a Chinese character takes two).
WIDTH = 88
# Each measurement's mark in the text report: done, failed, not measured.
_MARKS = {"ok": "✓", "bad": "✗", "skip": "–"}


# --- Markdown ----------------------------------------------------------------------------------------------

def _md(text: Any) -> str:
    """Text safe inside Markdown (and a table cell): no markup, no raw HTML, no pipes."""
    s = str(text).replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.split())


def render_markdown(report: Report, lang: str | None = None, also: str | None = None) -> str:
    """Made for forum posts: a title-fit summary, the verdict, what to do, a compact evidence
    table per group (problems and voice quality only), the version and date."""
    ctx = report.get("context", {})
    lang = lang or ctx.get("lang") or "en"
    t = _t(lang)
    verdicts = _verdicts(report, lang, also)
    shown = verdicts[0][1]  # the judgement the picture and the group lines follow
    out = [f"**{_md(summary_line(report, lang, shown))}**", ""]
    if not shown.get("apps"):  # an all-apps check draws each app's way in its row
        out += [_md(_way_line(report, shown, lang)), ""]
    for vlang, v in verdicts:
        tv, vcolon = _t(vlang), _colon(vlang)
        where = translator(vlang).gettext(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"]))
        said = (f"{_md(tv('where'))}{vcolon}{_md(where)} · {_md(label('confidence', vlang))}{vcolon}"
                f"{_md(label(v['confidence'], vlang))}")
        choice = _choice(report, v, vlang)
        if choice is not None:
            headline, explanation, app_rows = choice
            out += [f"### {_md(tv('which_app'))}{vcolon}{_md(headline)}", "", _md(explanation), ""]
            out += [f"- **{_md(name)}**{vcolon if said_ else ''}{_md(said_)}  \n  {_md(way)}"
                    for name, said_, way in app_rows] + [""]
        # Italics are slanted Latin; Chinese has none (a browser fakes them by skewing).
        out += [f"### {_md(_verdict_label(report, v, vlang))}{vcolon}{_md(v['headline'])}", "",
                said if vlang.startswith("zh") else f"*{said}*", "", _md(v["explanation"]), ""]
        if v.get("actions"):
            out += [f"**{_md(label('what_to_do', vlang))}**", ""]
            out += [f"{i}. {_md(a)}" for i, a in enumerate(v["actions"], 1)]
            out.append("")
    answered = _followups(report, shown, lang)
    if answered:
        out += [f"**{_md(t('followups'))}**", ""] + [f"- {_md(a)}" for a in answered] + [""]
    message = family.for_report({**report, "verdict": shown})  # for the verdict shown
    if message:
        # A quote block: each line kept as it is, ready to copy.
        out += [f"**{_md(t('family'))}**", ""] + [f"> {_md(x)}  " for x in message.splitlines()] + [""]
    colon = _colon(lang)
    out += [f"### {_md(t('evidence'))}", "",
            f"{_md(t('symptom'))}{colon}{_md(translator(lang).gettext(SYMPTOM_TEXTS.get(ctx.get('symptom'), '')))} · "
            f"{_md(t('service'))}{colon}{_md(_app_name(report, shown, lang))}", ""]
    tr = translator(lang)
    for group, heading, line, ms in _sections(report, shown, lang):
        out.append(f"**{_md(heading)}**{colon}{_md(line)}")
        _measured, failed = group_outcome(report, group)
        listed = {id(m) for m in ms}
        rows = [(m, _md(figure_words(m, tr))) for m in failed if id(m) in listed]
        rows += [(m, _md(_sample(m, tr))) for m in group_samples(report, group) if id(m) in listed]
        if rows:
            out += ["", f"| {_md(t('col_check'))} | {_md(t('col_target'))} | {_md(t('col_result'))} | "
                        f"{_md(t('col_figures'))} | {_md(t('col_technical'))} |", "|---|---|---|---|---|"]
            for m, fig in rows[:MARKDOWN_ROWS_PER_GROUP]:
                _cls, check, target, result, _fig = _row(m, lang)
                tech = _md(technical(m))
                out.append(f"| {_md(check)} | {_md(target)} | {_md(result)} | {fig[:120]} | {tech[:120]} |")
            if len(rows) > MARKDOWN_ROWS_PER_GROUP:
                out.append("")
                out.append(_md(t("more", n=len(rows) - MARKDOWN_ROWS_PER_GROUP)))
        out.append("")
    out += [f"{_md(t('technical'))}{colon}"
            f"{_md(t('verdict_code'))} {_md(shown.get('locus'))}/{_md(shown.get('cause'))}", ""]
    out += ["---", " ".join(_md(x) for x in _footer(report, t)), ""]
    return "\n".join(out)


# --- HTML ----------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
max-width:820px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
.card{border:2px solid var(--c);border-radius:10px;padding:1em 1.2em;margin:1em 0;
background:color-mix(in srgb,var(--c) 12%,white)}
.where{color:#555;font-size:.95em}h1{font-size:1.3em;margin:.2em 0}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:break-word}
.wide{overflow-x:auto}td.k,td.r{white-space:nowrap}:lang(zh){line-break:strict}
.tech{font-family:ui-monospace,monospace;font-size:.85em;color:#555;overflow-wrap:anywhere;min-width:14em}
th{background:#f3f3f3}.ok{color:#2e7d32}.bad{color:#b85c00}.skip{color:#888}footer{color:#666;font-size:.85em}
.way{display:flex;list-style:none;padding:0;margin:1em 0;gap:.3em;flex-wrap:wrap}
.way li{flex:1;min-width:6em;text-align:center;font-size:.9em}.way li+li::before{content:"→";float:left;color:#888}
.way span{display:block;margin:0 auto .2em;width:1.8em;height:1.8em;line-height:1.8em;border-radius:50%;
color:#fff;background:#8a8a8a;font-weight:bold}.way .ok span{background:#2e9e5b}
.way .trouble span{background:#c0392b}.way .suspect span{background:#d9822b}
@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}
.card{background:color-mix(in srgb,var(--c) 20%,#1e1e1e)}th{background:#333}td,th{border-color:#555}.where{color:#aaa}
.tech{color:#aaa}}
"""
# By verdict locus, readable on light and dark backgrounds; the app uses the same.
LOCUS_COLOURS = {"local": "#d9822b", "upstream": "#2f6fd6", "none": "#2e9e5b", "unknown": "#8a8a8a"}


def render_html(report: Report, lang: str | None = None, also: str | None = None) -> str:
    """A self-contained page: no external assets, every string escaped."""
    ctx = report.get("context", {})
    lang = lang or ctx.get("lang") or "en"
    t = _t(lang)
    e = html.escape
    verdicts = _verdicts(report, lang, also)
    shown = verdicts[0][1]  # the judgement the picture and the group lines follow
    way = "".join(f'<li class="{state}"><span>{e(mark)}</span>{e(name)}</li>'
                  for state, mark, name in _way(report, shown, lang))
    body = [] if shown.get("apps") else [  # an all-apps check draws each app's way in its row
        f'<ol class="way" aria-label="{e(translator(lang).gettext(N_("The way a call travels")))}">{way}</ol>']
    for vlang, v in verdicts:
        tv = _t(vlang)
        where = translator(vlang).gettext(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"]))
        actions = "".join(f"<li>{e(a)}</li>" for a in v.get("actions", []))
        choice = _choice(report, v, vlang)
        if choice is not None:
            headline, explanation, app_rows = choice
            items = "".join(f"<li><b>{e(name)}</b>{e(_colon(vlang)) if said_ else ''}{e(said_)}"
                            f'<br><span class="where">{e(way)}</span></li>' for name, said_, way in app_rows)
            body.append(f'<section lang="{e(vlang.replace("_", "-"))}"><h2>{e(tv("which_app"))}'
                        f"{_colon(vlang)}{e(headline)}</h2><p>{e(explanation)}</p><ul>{items}</ul></section>")
        body.append(
            f'<section class="card" lang="{e(vlang.replace("_", "-"))}" '
            f'style="--c:{LOCUS_COLOURS.get(v["locus"], LOCUS_COLOURS["unknown"])}">'
            f'<div class="where">{e(tv("where"))}{_colon(vlang)}{e(where)} · {e(label("confidence", vlang))}'
            f'{_colon(vlang)}{e(label(v["confidence"], vlang))}</div>'
            + (f'<div class="where">{e(_verdict_label(report, v, vlang))}</div>' if v.get("apps") else "")
            + f'<h1>{e(v["headline"])}</h1><p>{e(v["explanation"])}</p>'
            + (f'<h2>{e(label("what_to_do", vlang))}</h2><ol>{actions}</ol>' if actions else "")
            + "</section>")
    answered = _followups(report, shown, lang)
    if answered:
        body.append(f"<h2>{e(t('followups'))}</h2><ul>" + "".join(f"<li>{e(a)}</li>" for a in answered) + "</ul>")
    message = family.for_report({**report, "verdict": shown})  # for the verdict shown
    if message:
        body.append(f"<h2>{e(t('family'))}</h2><blockquote lang=\"zh-CN\">"
                    + "<br>".join(e(x) for x in message.splitlines()) + "</blockquote>")
    body.append(f"<h2>{e(t('evidence'))}</h2>")
    for _group, heading, line, ms in _sections(report, shown, lang):
        rows = []
        for m in ms:
            cls, check, target, result, fig = _row(m, lang)
            rows.append(f'<tr class="{cls}"><td class="k">{e(check)}</td><td>{e(target)}</td>'
                        f'<td class="r">{e(result)}</td><td>{e(fig)}</td>'
                        f'<td class="tech" lang="en">{e(technical(m))}</td></tr>')
        # A table wider than the page scrolls: a server's name is never cut to fit a column.
        body.append(f"<h3>{e(heading)}{_colon(lang)}{e(line)}</h3><div class=\"wide\"><table><tr>"
                    f"<th>{e(t('col_check'))}</th><th>{e(t('col_target'))}</th><th>{e(t('col_result'))}</th>"
                    f"<th>{e(t('col_figures'))}</th><th>{e(t('col_technical'))}</th></tr>{''.join(rows)}</table></div>")
    body.append(f'<h2>{e(t("technical"))}</h2><p class="tech" lang="en">{e(t("verdict_code"))} '
                f'{e(str(shown.get("locus")))}/{e(str(shown.get("cause")))}</p>')
    body.append("<footer><p>" + "<br>".join(e(x) for x in _footer(report, t)) + "</p></footer>")
    return (f'<!DOCTYPE html>\n<html lang="{e(lang.replace("_", "-"))}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{e(summary_line(report, lang, shown))}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")


def render(report: Report, fmt: str, lang: str | None = None, also: str | None = None) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return {"text": render_text, "markdown": render_markdown, "html": render_html}[fmt](report, lang, also)
