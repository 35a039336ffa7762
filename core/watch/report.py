"""A watch's samples as a report: text (the hour table), Markdown (a compact table for a forum
post), a self-contained HTML page (an inline SVG bar per hour, Beijing time under the user's)
and JSON (every sample and the suggestion). Rendered from the samples, like every report."""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Callable, Iterable
from typing import Any

from ..base.i18n import N_, sentence_gap, translator
from ..records.watched import Point
from ..words.explain import beijing_clock
from .hours import apps_watch, by_hour, suggestion
from .words import app_namer, apps_said, missed_words, summary, words

SCHEMA = "callpath.watch/1"
FORMATS = ("text", "markdown", "html", "json")
WATCH_REPORT_TEXTS = {
    "title": N_("When calls to China go best"),
    "hour": N_("Your hour"),
    "beijing": N_("Beijing time"),
    "samples": N_("Samples"),
    "quality": N_("Call quality (of 5)"),
    "lost": N_("Lost (%)"),
}


def watch_report(points: list[Point], fmt: str, utc_offset_min: int, lang: str = "en",
                 gaps: list[tuple[float, float]] | None = None, location: str = "abroad",
                 offline: list[tuple[float, float]] | None = None,
                 clock_change: tuple[str, int] | None = None,
                 name_of: Callable[[str], str] | None = None) -> str:
    """``gaps``: the last watch's stretches without samples (schedule.gaps), said after the answer;
    ``location``: where the user is (from inside China no hours are suggested); ``offline``:
    the last watch's stretches with no network on this computer (schedule.offline_spans), said
    after the gaps (their samples are kept, marked, and not counted in the hours);
    ``clock_change``: the next change of the user's clocks (locale_hint.clock_change);
    ``name_of``: an app's name from its id, for a watch of every app (by default the built-in
    catalog's, words.app_namer)."""
    gaps, offline = gaps or [], offline or []
    name_of = name_of or app_namer(lang)
    missed = missed_words(gaps, offline, utc_offset_min, lang)
    if fmt == "text":
        return (summary(points, utc_offset_min, lang, location, clock_change, name_of)
                + (f"\n{missed}" if missed else "") + "\n")
    watched = apps_watch(points)
    said_apps = apps_said(watched, name_of, lang, location)
    if fmt == "json":
        apps_json = None if watched is None else {
            "hours": watched.hours, "enough": watched.enough, "words": said_apps,
            "apps": [{**dataclasses.asdict(w), "quality": {str(h): q for h, q in w.quality}}
                     for w in watched.apps]}
        return json.dumps({"schema": SCHEMA, "utc_offset_min": utc_offset_min, "location": location,
                           "suggestion": dataclasses.asdict(suggestion(points)),
                           "apps": apps_json,
                           "gaps": [list(g) for g in gaps],
                           "offline": [list(o) for o in offline],
                           "missed": missed,
                           "points": to_json(points)}, indent=2, ensure_ascii=False) + "\n"
    t = translator(lang).gettext
    hours = by_hour(points)
    answer = words(suggestion(points), utc_offset_min, lang, location, clock_change)
    if missed:
        answer += sentence_gap(lang) + missed
    # Beijing's clock beside the user's, to the minute (India's 9:00 is Beijing's 11:30).
    rows = [(h, beijing_clock(h, utc_offset_min), hours.get(h)) for h in range(24)]
    # Each app's way by hour against its own usual, the hours worse than usual in bold, once
    # enough hours have been watched with every app (and not from inside China, words.apps_said).
    ways = [w for w in watched.apps if w.quality] if watched and watched.enough and location != "china" else []
    apps = [w.app for w in ways]
    quality = [(w, dict(w.quality)) for w in ways]
    app_rows = [(h, beijing_clock(h, utc_offset_min), [(q.get(h), h in w.worse) for w, q in quality])
                for h in sorted({h for _, q in quality for h in q})]
    if fmt == "markdown":
        heads = [t(WATCH_REPORT_TEXTS[k]) for k in ("hour", "beijing", "samples", "quality", "lost")]
        out = [f"**{t(WATCH_REPORT_TEXTS['title'])}**", "", answer, "",
               "| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
        out += [f"| {h}:00 | {b} | {s.samples} | {(s.mos or 1.0):.1f} | {s.loss_pct or 0:.0f} |"
                for h, b, s in rows if s is not None]
        if said_apps:
            out += ["", said_apps]
        if app_rows:
            out += ["", "| " + " | ".join([t(WATCH_REPORT_TEXTS["hour"]), t(WATCH_REPORT_TEXTS["beijing"]),
                                           *(name_of(a) for a in apps)]) + " |",
                    "|" + "---|" * (2 + len(apps))]
            out += [f"| {h}:00 | {b} | " + " | ".join(_cell(m, worse, "**{}**") for m, worse in cells) + " |"
                    for h, b, cells in app_rows]
        return "\n".join(out) + "\n"
    return _html(rows, answer, t, lang, (said_apps, [name_of(a) for a in apps], app_rows))


def _cell(quality: float | None, worse: bool, marked: str) -> str:
    if quality is None:
        return "–"
    return marked.format(f"{quality:.1f}") if worse else f"{quality:.1f}"


def to_json(points: Iterable[Point]) -> list[dict[str, Any]]:
    """The samples as JSON-ready dicts, as the report's JSON lists them."""
    return [dataclasses.asdict(p) for p in points]


def _html(rows: list[tuple[int, str, Any]], answer: str, t, lang: str,
          apps: tuple[str, list[str], list[tuple[int, str, list[tuple[float | None, bool]]]]]) -> str:
    e = html.escape
    said_apps, names, app_rows = apps
    by_app = f"<p>{e(said_apps)}</p>" if said_apps else ""
    if app_rows:
        head = "".join(f"<th>{e(x)}</th>" for x in (t(WATCH_REPORT_TEXTS["hour"]),
                                                     t(WATCH_REPORT_TEXTS["beijing"]), *names))
        body = "".join(f"<tr><td>{h}:00</td><td>{e(b)}</td>"
                       + "".join(f"<td>{_cell(m, worse, '<strong>{}</strong>')}</td>" for m, worse in cells)
                       + "</tr>" for h, b, cells in app_rows)
        by_app += (f"<table style=\"border-collapse:collapse\" cellpadding=\"4\">"
                   f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    title = e(t(WATCH_REPORT_TEXTS["title"]))
    bars = []
    for i, (h, b, s) in enumerate(rows):
        mos = s.mos if s is not None and s.mos is not None else None
        height = 4 if mos is None else max(4, round((mos - 1.0) / 3.5 * 120))
        colour = "#c8c8c8" if mos is None else "#2e9e5b" if mos >= 4.0 else "#d9822b" if mos >= 3.6 else "#c0392b"
        x = 30 + i * 26
        label = f"{h}:00 ({b} {t(WATCH_REPORT_TEXTS['beijing'])})" + (f": {mos:.1f}" if mos is not None else "")
        bars.append(f'<rect x="{x}" y="{130 - height}" width="22" height="{height}" fill="{colour}">'
                    f"<title>{e(label)}</title></rect>")
        if h % 3 == 0:
            bars.append(f'<text x="{x + 11}" y="146" text-anchor="middle">{h}:00</text>'
                        f'<text x="{x + 11}" y="162" text-anchor="middle" fill="#666">{b}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 170" role="img" '
           f'aria-label="{title}" style="max-width:100%;font:11px sans-serif">'
           + "".join(bars) + "</svg>")
    return (f'<!DOCTYPE html>\n<html lang="{e(lang.replace("_", "-"))}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>'
            f'<body style="font-family:system-ui,sans-serif;max-width:760px;margin:2em auto">'
            f"<h1>{title}</h1><p>{e(answer)}</p>{svg}{by_app}</body></html>\n")
