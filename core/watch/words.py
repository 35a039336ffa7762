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
from .hours import MIN_HOURS, AppsWatch, Suggestion, apps_watch, by_hour, runs, suggestion

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
    # A watch of every app (hours.apps_watch): each app's way against its own usual, never the
    # apps ranked against each other. {apps}/{others}: names joined by "apps_join"; {hours}:
    # runs of hours ("19:00–23:00, 1:00–2:00") joined by "apps_join".
    "apps_table": N_("Your hour   each app's way against its own usual (of 5; ▼ worse than usual)"),
    "apps_few": N_("Not enough yet to compare the apps' ways: {hours} watched with every app. Keep "
                   "watching for at least {need} different hours."),
    "apps_steady": N_("The way to the servers of {apps} held steady at every hour watched: no app's got "
                      "worse than its own usual."),
    "apps_worse_held": N_("At {hours} (your time) the way to the servers of {app} got worse than its own "
                          "usual, while the way to those of {others} held: if calls on {app} break up "
                          "then, try {others}."),
    "apps_worse": N_("At {hours} (your time) the way to the servers of {app} got worse than its own usual."),
    "apps_all_worse": N_("At {hours} (your time) the way to every app's servers got worse: it is not one "
                         "app's."),
    "apps_join": N_(", "),
    "apps_limit": N_("This compares each app's way with itself over the day, not the apps with each other "
                     "(their servers are in different places), and times only the way from this computer "
                     "to each app's servers: how those servers reach China is not measured."),
    "apps_silent": N_("No answer during the whole watch from the servers of {apps}. Some servers never "
                      "answer such samples, which need not mean calls fail, so they are left out."),
    "apps_gaps": N_("The servers of {app} did not answer {n} of {rounds} samples; those are left out (a "
                    "server may stop answering such requests, as well as the way dropping everything)."),
    "apps_none": N_("No app's servers answered the watch's samples: this network may block the voice of "
                    "calls (UDP). Run a check to see."),
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
    watch of every app, then each app's way by hour against its own usual (:func:`apps_table`,
    :func:`apps_summary`)."""
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
    watch = apps_watch(points)
    if watch is not None and watch.enough and location != "china":
        lines += ["", *apps_table(watch, name_of, lang)]
    said = apps_said(watch, name_of, lang, location)
    if said:
        lines += ["", said]
    return "\n".join(lines)


def app_namer(lang: str, watched: str = "") -> Callable[[str], str]:
    """An app's name in ``lang`` from its id, as the built-in catalog names it (a closed app's
    successor's: whose servers a watch samples); ``watched``'s for samples that name no app
    (kept before watches named it)."""
    from ..engine.builtin import resolve_app

    return lambda app: resolve_app(app or watched).checked.name(lang)


def apps_table(watch: AppsWatch, name_of: Callable[[str], str], lang: str = "en") -> list[str]:
    """A watch of every app, as lines: a heading, the apps' names, then each hour watched with
    each app's way against its own usual, the hours worse than usual marked ▼."""
    ways = [(w, dict(w.quality)) for w in watch.apps if w.quality]
    lines = [translator(lang).gettext(WATCH_TEXTS["apps_table"]),
             "  " + " " * 8 + "".join(f"{name_of(w.app):>14}" for w, _ in ways)]
    for h in sorted({h for _, quality in ways for h in quality}):
        cells = [f"{quality[h]:.1f}{'▼' if h in w.worse else ' '}" if h in quality else "– "
                 for w, quality in ways]
        lines.append(f"  {h:02d}:00   " + "".join(f"{c:>14}" for c in cells))
    return lines


def apps_words(watch: AppsWatch, name_of: Callable[[str], str], lang: str = "en") -> list[str]:
    """Each app's way in words: not enough yet; the hours an app's got worse than its own usual
    (and whether the others' held then, the one advice: try another app if calls break up);
    the hours every app's got worse (not one app's); or every app's steady."""
    tr = translator(lang)
    translate = tr.gettext
    join = translate(WATCH_TEXTS["apps_join"])
    ways = [w for w in watch.apps if w.quality]
    if not watch.enough:
        hours = plural(tr, COUNTS["for_hours"], watch.hours).format(n=watch.hours)
        return [translate(WATCH_TEXTS["apps_few"]).format(hours=hours, need=MIN_HOURS)]
    every = set.intersection(*(set(w.worse) for w in ways))

    def said_hours(hours: Iterable[int]) -> str:
        return join.join(_span((run[0], (run[-1] + 1) % 24)) for run in runs(hours))

    said = []
    if every:
        said.append(translate(WATCH_TEXTS["apps_all_worse"]).format(hours=said_hours(every)))
    for w in ways:
        own = [h for h in w.worse if h not in every]
        if not own:
            continue
        held = [o for o in ways if o is not w and all(h in dict(o.quality) and h not in o.worse for h in own)]
        if held:
            others = join.join(name_of(o.app) for o in held)
            said.append(translate(WATCH_TEXTS["apps_worse_held"]).format(
                hours=said_hours(own), app=name_of(w.app), others=others))
        else:
            said.append(translate(WATCH_TEXTS["apps_worse"]).format(hours=said_hours(own), app=name_of(w.app)))
    if not said:
        said.append(translate(WATCH_TEXTS["apps_steady"]).format(apps=join.join(name_of(w.app) for w in ways)))
    return said


def apps_summary(points: Iterable[Point], name_of: Callable[[str], str], lang: str = "en",
                 location: str = "abroad") -> str:
    """:func:`apps_said` of the samples, read (hours.apps_watch)."""
    return apps_said(apps_watch(points), name_of, lang, location)


def apps_said(watch: AppsWatch | None, name_of: Callable[[str], str], lang: str = "en",
              location: str = "abroad") -> str:
    """A watch of every app in words (:func:`apps_words`), with the rounds each app's servers
    did not answer, then what it cannot tell; "" for a watch of one app (None), and from inside
    mainland China (the watch times the way into China from abroad: words.words says so)."""
    if watch is None or location == "china":
        return ""
    translate = translator(lang).gettext
    join = translate(WATCH_TEXTS["apps_join"])
    if not any(w.quality for w in watch.apps):
        return translate(WATCH_TEXTS["apps_none"])
    said = apps_words(watch, name_of, lang) if sum(bool(w.quality) for w in watch.apps) >= 2 else []
    never = [w.app for w in watch.apps if not w.quality]
    if never:
        said.append(translate(WATCH_TEXTS["apps_silent"]).format(apps=join.join(name_of(a) for a in never)))
    said += [translate(WATCH_TEXTS["apps_gaps"]).format(app=name_of(w.app), n=w.silent, rounds=w.rounds)
             for w in watch.apps if w.quality and w.silent]
    return sentence_gap(lang).join([*said, translate(WATCH_TEXTS["apps_limit"])])

