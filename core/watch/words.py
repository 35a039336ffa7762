"""A watch in words, in the user's language: the line it starts with, each round's figures,
the hours by the user's clock with the suggestion (:func:`summary`), and what it leaves out
(its gaps and its stretches with no network, :func:`missed_words`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone

from ..base.i18n import N_, NP_, plural, sentence_gap, translator
from ..records.watched import Point
from ..words.explain import beijing_shift_min, clock, clock_change_line
from .hours import (
    MIN_HOURS,
    AppsHour,
    Suggestion,
    apps_by_hour,
    apps_sampled,
    by_hour,
    silent_apps,
    suggestion,
)

PART_NAMES = {"china": N_("China"), "service": N_("{service} servers")}

COUNTS = {"samples": NP_("{n} sample", "{n} samples"),
          "hours": NP_("{n} hour of the day", "{n} hours of the day"),
          "for_hours": NP_("{n} hour", "{n} hours"),
          "minutes": NP_("{n} minute", "{n} minutes")}
WATCH_TEXTS = {
    # {hours} and {every}: COUNTS["for_hours"] and COUNTS["minutes"] (start_line).
    "start": N_("Watching the line to China for {hours}, a sample every {every}. Ctrl-C stops; "
                "what was sampled is kept."),
    "figures": N_("{rtt} ms, {loss}% lost, quality {mos} of 5"),
    "silent": N_("no answer"),
    "table": N_("Your hour   samples   call quality into China (of 5)"),
    "best": N_("Calls to China went best at {best} your time ({best_beijing} Beijing time), "
               "and worst at {worst} ({worst_beijing} Beijing time)."),
    "flat": N_("Calls to China went about as well at every hour watched: no time of day is better."),
    # {samples} and {hours}: COUNTS, each in the form for its number ("1 sample", "3 samples").
    "few": N_("Not enough yet: {samples} over {hours}. Keep watching for at least {need} different "
              "hours."),
    "based": N_("Based on {samples} over {hours}."),
    "nearby": N_("The way to the app's nearby servers was worse at those hours too, so part of the "
                  "trouble may be on your side then (a busy home network), not only on the way into China."),
    "inside": N_("You are inside mainland China: a watch times the way into China from abroad, so it "
                  "cannot say which hours are better for your calls abroad. The hours above are what was "
                  "measured."),
    "gap": N_("No samples from {start} to {end}: the computer was asleep or CallPath was closed."),
    "offline": N_("No network on this computer from {start} to {end}: those samples are not counted."),
    "offline_once": N_("No network on this computer at {start}: that sample is not counted."),
    "offline_sample": N_("no network on this computer, not counted"),
    # A watch of every app (hours.apps_by_hour). {apps}: the apps' names, joined by "apps_join".
    "apps_table": N_("Your hour   call quality to each app's servers (of 5; * the best)"),
    "apps_same": N_("{apps}: their servers answered about as well from here at every hour watched."),
    "apps_one": N_("{app}'s servers answered best from here at every hour watched."),
    # {list}: "apps_at" items joined by "apps_items" ("WeChat at 19:00–23:00; Teams at 8:00–9:00"),
    # each item's {hours} joined by "apps_join" ("19:00–23:00, 1:00–2:00").
    "apps_best": N_("Whose servers answered best from here: {list}; about the same at the other hours watched."),
    "apps_at": N_("{app} at {hours}"),
    "apps_join": N_(", "),
    "apps_items": N_("; "),
    "apps_limit": N_("This times the way from this computer to each app's servers only: how each app's "
                     "servers reach China is not measured."),
    # {apps}: the apps' names, joined by "apps_join".
    "apps_silent": N_("{apps}: its servers never answered the watch's samples, and some servers do not "
                      "answer them at all, so no hour is compared for it."),
}


def start_line(hours: float, every_min: float, lang: str = "en") -> str:
    """What a watch says as it starts: for how long (to three figures: "0.5", "24"), how often,
    each count in the form for the number shown ("1 hour", "1.5 hours", "every 1 minute")."""
    tr = translator(lang)
    shown_hours, shown_every = f"{hours:.3g}", f"{every_min:g}"
    return tr.gettext(WATCH_TEXTS["start"]).format(
        hours=plural(tr, COUNTS["for_hours"], float(shown_hours)).format(n=shown_hours),
        every=plural(tr, COUNTS["minutes"], float(shown_every)).format(n=shown_every))


def _span(window: tuple[int, int], shift_min: int = 0) -> str:
    """Hours of the user's day, on their clock or (``shift_min``) another's, to the minute."""
    return f"{clock(window[0] * 60 + shift_min)}–{clock(window[1] * 60 + shift_min)}"


def words(s: Suggestion, utc_offset_min: int, lang: str = "en", location: str = "abroad",
          clock_change: tuple[str, int] | None = None) -> str:
    """The suggestion as a person would say it, in ``lang``. From inside China the samples time
    the wrong way (China's resolvers are then next door), so no hours are suggested.
    ``clock_change``: the next change of the user's clocks (locale_hint.clock_change): the best
    hours are then said on the new clock too, China's never changing."""
    translate = translator(lang).gettext
    sep = sentence_gap(lang)
    if location == "china":
        return translate(WATCH_TEXTS["inside"])
    tr = translator(lang)
    counted = {"samples": plural(tr, COUNTS["samples"], s.samples).format(n=s.samples),
               "hours": plural(tr, COUNTS["hours"], s.hours).format(n=s.hours)}
    if not s.enough:
        return translate(WATCH_TEXTS["few"]).format(**counted, need=MIN_HOURS)
    based = translate(WATCH_TEXTS["based"]).format(**counted)
    if s.best is None or s.worst is None:
        return translate(WATCH_TEXTS["flat"]) + sep + based
    to_beijing = beijing_shift_min(utc_offset_min)
    said = translate(WATCH_TEXTS["best"]).format(
        best=_span(s.best), best_beijing=_span(s.best, to_beijing),
        worst=_span(s.worst), worst_beijing=_span(s.worst, to_beijing))
    if s.local_too:
        said += sep + translate(WATCH_TEXTS["nearby"])
    said += sep + based
    if clock_change is not None and clock_change[1] != utc_offset_min:
        beijing = ((s.best[0] * 60 + to_beijing) % (24 * 60), (s.best[1] * 60 + to_beijing) % (24 * 60))
        said += sep + clock_change_line(beijing, clock_change, lang)
    return said


def gap_words(spans: list[tuple[float, float]], utc_offset_min: int, lang: str = "en", most: int = 3) -> str:
    """The latest gaps of a watch, in the user's time (the date too when a gap spans days)."""
    translate = translator(lang).gettext
    return sentence_gap(lang).join(translate(WATCH_TEXTS["gap"]).format(**_times(a, b, utc_offset_min))
                                   for a, b in spans[-most:])


def offline_words(spans: list[tuple[float, float]], utc_offset_min: int, lang: str = "en", most: int = 3) -> str:
    """The latest stretches of a watch with no network on this computer (:func:`offline_spans`),
    in the user's time, said apart from the gaps: the computer was on, its samples not counted."""
    translate = translator(lang).gettext
    return sentence_gap(lang).join(
        translate(WATCH_TEXTS["offline" if b > a else "offline_once"]).format(**_times(a, b, utc_offset_min))
        for a, b in spans[-most:])


def missed_words(gap_spans: list[tuple[float, float]], offline: list[tuple[float, float]],
                 utc_offset_min: int, lang: str = "en") -> str:
    """What a watch's answer leaves out: its gaps, then its stretches with no network."""
    said = (gap_words(gap_spans, utc_offset_min, lang), offline_words(offline, utc_offset_min, lang))
    return sentence_gap(lang).join(s for s in said if s)


def _times(a: float, b: float, utc_offset_min: int) -> dict[str, str]:
    zone = timezone(timedelta(minutes=utc_offset_min))
    start, end = datetime.fromtimestamp(a, zone), datetime.fromtimestamp(b, zone)
    fmt = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
    return {"start": start.strftime(fmt), "end": end.strftime(fmt)}



def part_figures(p: Point, name_of: Callable[[str], str], translate: Callable[[str], str]) -> str:
    """One part of a sample as the watch shows it: "China: 180 ms, 1% lost, quality 4.1 of 5";
    an app's servers named by ``name_of(p.app)`` ("" in samples that name no app); a sample
    taken with no network on this computer says so, of no part in particular."""
    if p.offline:
        return translate(WATCH_TEXTS["offline_sample"])
    return f"{translate(PART_NAMES[p.group]).format(service=name_of(p.app))}: {figures(p, translate)}"


def round_figures(points: Iterable[Point], name_of: Callable[[str], str], translate: Callable[[str], str],
                  sep: str) -> str:
    """A round as the watch shows it, its parts joined by ``sep``; a round with no network on
    this computer said once."""
    return sep.join(dict.fromkeys(part_figures(p, name_of, translate) for p in points))


def figures(p: Point, translate: Callable[[str], str]) -> str:
    if p.mos is None or p.rtt_ms is None:
        return translate(WATCH_TEXTS["silent"])
    return translate(WATCH_TEXTS["figures"]).format(rtt=f"{p.rtt_ms:.0f}", loss=f"{p.loss_pct or 0:.0f}",
                                              mos=f"{p.mos:.1f}")


def summary(points: list[Point], utc_offset_min: int, lang: str = "en", location: str = "abroad",
            clock_change: tuple[str, int] | None = None, name_of: Callable[[str], str] | None = None) -> str:
    """The kept samples by hour of the user's day (a bar per hour), then the suggestion; for a
    watch of every app, then each app's servers by hour and which answered best
    (:func:`apps_table`, :func:`apps_words`)."""
    translate = translator(lang).gettext
    hours = by_hour(points)
    lines = [translate(WATCH_TEXTS["table"])]
    for h in range(24):
        stat = hours.get(h)
        if stat is None:
            lines.append(f"  {h:02d}:00        –")
            continue
        mos = stat.mos or 1.0
        lines.append(f"  {h:02d}:00   {stat.samples:5d}     {mos:.1f} " + "█" * round(mos * 4))
    lines += ["", words(suggestion(points), utc_offset_min, lang, location, clock_change)]
    name_of = name_of or app_namer(lang)
    by_app = apps_by_hour(points)
    if by_app:
        lines += ["", *apps_table(by_app, apps_sampled(points), name_of, lang)]
    said = apps_summary(points, name_of, lang)
    if said:
        lines += ["", said]
    return "\n".join(lines)


def app_namer(lang: str, watched: str = "") -> Callable[[str], str]:
    """An app's name in ``lang`` from its id, as the built-in catalog names it (a closed app's
    successor's: whose servers a watch samples); ``watched``'s for samples that name no app
    (kept before watches named it)."""
    from ..engine.builtin import resolve_app

    return lambda app: resolve_app(app or watched).checked.name(lang)


def apps_table(by_app: dict[int, AppsHour], apps: Iterable[str], name_of: Callable[[str], str],
               lang: str = "en") -> list[str]:
    """A watch of every app, as lines: a heading, the apps' names, then each hour watched with
    each app's servers' quality, the best marked with a star."""
    apps = list(apps)
    lines = [translator(lang).gettext(WATCH_TEXTS["apps_table"]),
             "  " + " " * 8 + "".join(f"{name_of(a):>12}" for a in apps)]
    for h, row in sorted(by_app.items()):
        quality = dict(row.mos)
        cells = [f"{quality[a]:.1f}{'*' if a == row.best else ' '}" if a in quality else "–" for a in apps]
        lines.append(f"  {h:02d}:00   " + "".join(f"{c:>12}" for c in cells))
    return lines


def apps_words(by_app: dict[int, AppsHour], name_of: Callable[[str], str], lang: str = "en") -> str:
    """Whose servers answered best, in words: the same at every hour; one app's best wherever
    there was a difference; or each app's hours."""
    translate = translator(lang).gettext
    join = translate(WATCH_TEXTS["apps_join"])
    apps = list(dict.fromkeys(a for row in by_app.values() for a, _ in row.mos))
    best = {h: row.best for h, row in by_app.items() if row.best is not None}
    if not best:
        return translate(WATCH_TEXTS["apps_same"]).format(apps=join.join(name_of(a) for a in apps))
    if len(best) == len(by_app) and len(set(best.values())) == 1:
        return translate(WATCH_TEXTS["apps_one"]).format(app=name_of(next(iter(best.values()))))
    items = [translate(WATCH_TEXTS["apps_at"]).format(
             app=name_of(app), hours=join.join(_span(span) for span in spans_of(
                 [h for h, a in best.items() if a == app])))
             for app in dict.fromkeys(best[h] for h in sorted(best))]
    return translate(WATCH_TEXTS["apps_best"]).format(list=translate(WATCH_TEXTS["apps_items"]).join(items))


def apps_summary(points: Iterable[Point], name_of: Callable[[str], str], lang: str = "en") -> str:
    """A watch of every app in words: whose servers answered best (:func:`apps_words`), the
    apps whose servers never answered (hours.silent_apps), then what the watch cannot tell; ""
    for a watch of one app."""
    points = list(points)
    if len(apps_sampled(points)) < 2:
        return ""
    translate = translator(lang).gettext
    by_app, silent = apps_by_hour(points), silent_apps(points)
    said = [apps_words(by_app, name_of, lang)] if by_app else []
    if silent:
        said.append(translate(WATCH_TEXTS["apps_silent"]).format(
            apps=translate(WATCH_TEXTS["apps_join"]).join(name_of(a) for a in silent)))
    if not said:  # every sample taken with no network: nothing of the apps to say
        return ""
    return sentence_gap(lang).join([*said, translate(WATCH_TEXTS["apps_limit"])])


def spans_of(hours: Iterable[int]) -> list[tuple[int, int]]:
    """Hours of the day as runs: (first hour, hour after the last), a run over midnight one."""
    hours = sorted(set(hours))
    spans: list[tuple[int, int]] = []
    for h in hours:
        if spans and spans[-1][1] == h:
            spans[-1] = (spans[-1][0], h + 1)
        else:
            spans.append((h, h + 1))
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == 24:
        spans = [(spans[-1][0], spans[0][1]), *spans[1:-1]]
    return [(a, b % 24) for a, b in spans]
