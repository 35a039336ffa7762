"""``callpath watch``: the command line of a watch (core/watch/)."""

from __future__ import annotations

import sys
from datetime import datetime

from ..analysis.apps import ALL, resolve
from ..base.i18n import LANGS, system_lang, translator
from ..engine import catalog
from ..records import history
from ..records.report import OutputError, check_output, write_output
from ..records.watched import Plan, Point
from ..watch import sampling, schedule
from ..watch.report import FORMATS, watch_report
from ..watch.words import app_namer, round_figures, start_line
from .usage import UsageError, printable


def add_parser(sub, bounded) -> None:
    w = sub.add_parser("watch", help="watch the line to China for hours and say when calls go best",
                       description="Take a short voice sample to the app's relay and to China every few "
                                   "minutes, keep each in the history, and say which hours of your day "
                                   "calls to China go best. Ctrl-C stops it; what was sampled is kept.")
    w.add_argument("--hours", type=bounded(0.01, 168.0, "hours"), default=24.0,
                   help="how long to watch, fractions allowed (default: 24, at most 168)")
    w.add_argument("--every", type=bounded(0.5, 240.0, "minutes"), default=schedule.EVERY_MIN, metavar="MINUTES",
                   help=f"minutes between samples, fractions allowed (default: {schedule.EVERY_MIN:g})")
    w.add_argument("--service", metavar="APP",
                   help="the app you call with (default: the catalog's default), or 'all': every app's "
                        "servers, to say at which hours an app's way got worse than its own usual")
    w.add_argument("--catalog", metavar="FILE", help="use this endpoint catalog instead of the built-in one")
    w.add_argument("--lang", choices=LANGS, help="language of what is said (default: the system's)")
    w.add_argument("--location", choices=("auto", "abroad", "china"), default="auto",
                   help="where you are; auto (default) guesses from the time zone. From inside "
                        "mainland China no hours are suggested: the samples time the way in from abroad")
    w.add_argument("--resume", action="store_true",
                   help="go on with a watch that was cut short (the terminal closed, the computer "
                        "restarted) until the end it was given, with its own app and interval")
    w.add_argument("--show", action="store_true",
                   help="take no samples: show what the kept ones say, by hour of your day")
    w.add_argument("--format", choices=FORMATS, default="text",
                   help="how the hours are shown at the end: text (default), markdown (a table for a "
                        "forum post), html (a page with a bar per hour) or json (every sample)")
    w.add_argument("--output", metavar="FILE", help="write that to FILE instead of printing it")


def cmd_watch(args) -> int:
    from ..engine.locale_hint import clock_change, guess_location  # tzlocal: only when a watch runs

    lang = args.lang or system_lang()
    location = args.location if args.location != "auto" else guess_location()[0]
    tr = translator(lang).gettext
    clock = schedule.Clock()
    try:
        store = history.History.open_default()
    except history.HistoryError as e:
        raise UsageError(str(e)) from None
    if store.notice:
        print(f"callpath: {store.notice}", file=sys.stderr)
    if args.output is not None:
        try:
            check_output(args.output)
        except OutputError as e:
            raise UsageError(str(e)) from None

    def finish(points: list[Point]) -> None:
        last, now = store.plan(), clock.now()
        spans = schedule.gaps(points, last, now) if last is not None else []
        offline = schedule.offline_spans(points, last, now) if last is not None else []
        text = watch_report(points, args.format, clock.utc_offset_min(), lang, spans, location, offline,
                            clock_change(), app_namer(lang))
        try:
            write_output("-" if args.output is None else args.output, text)
        except OutputError as e:
            raise UsageError(str(e)) from None

    since = clock.now() - history.WATCH_RETENTION_S
    kept: list[Point] = []  # samples the history could not take (a full disk)
    if args.resume or not args.show:
        cat = catalog.load(args.catalog)
        plan = _plan(args, cat, store, clock)
        name_of = app_namer(lang, plan.app)

        def unkept(points: list[Point], e: Exception) -> None:
            if not kept:  # said once
                print(f"callpath: {printable(str(e))}; the samples are kept until the watch ends",
                      file=sys.stderr)
            kept.extend(points)

        def show(points: list[Point]) -> None:
            when = datetime.fromtimestamp(points[0].at).strftime("%H:%M") if points else ""
            print(f"{when}  " + round_figures(points, name_of, tr, "  |  "), flush=True)

        print(start_line(plan.hours_left(clock.now()), plan.every_min, lang), flush=True)
        try:
            schedule.carry_out(plan, store, lambda: sampling.sample(cat, plan.app, clock), clock, show, unkept)
        except KeyboardInterrupt:
            finish(store.points(since) + kept)
            print("callpath: watch stopped; the samples are kept", file=sys.stderr)
            return 130
    finish(store.points(since) + kept)
    store.close()
    return 0


def _plan(args, cat: catalog.Catalog, store: history.History, clock: schedule.Clock) -> Plan:
    """The watch to run: the one cut short (--resume), or a new one, kept in the history."""

    now = clock.now()
    if args.resume:
        plan = store.plan()
        if plan is None or not plan.unfinished(now):
            raise UsageError("there is no unfinished watch to resume")
        if not plan.orphaned(now):
            raise UsageError("that watch is still running (its last sample was at "
                             f"{datetime.fromtimestamp(plan.beat):%H:%M}); if its terminal was closed, "
                             f"it can be resumed from {datetime.fromtimestamp(plan.beat + plan.silence_s):%H:%M}")
        known = sampling.watched_apps(cat, ALL) if plan.app == ALL else cat.app(plan.app)
        if not known:
            raise UsageError(f"the watch was of app {plan.app!r}, which this catalog does not have")
        return plan
    if args.service == ALL:
        if not sampling.watched_apps(cat, ALL):
            raise UsageError("no app of this catalog has a voice server to watch; name one with --service")
        app = ALL
    else:
        chosen = resolve(cat.apps, args.service)  # none named: the catalog's default
        if cat.app(chosen.id) is None:
            raise UsageError(f"unknown app {args.service!r}: the catalog's apps are "
                             + ", ".join(a.id for a in cat.apps))
        app = chosen.checked.id  # a closed app's successor: what its users call with now
    plan = Plan(now, now + args.hours * 3600, args.every, app, "terminal", now)
    try:
        store.set_plan(plan)
    except history.HistoryError as e:  # a full disk: watch anyway, it cannot be resumed
        print(f"callpath: {e}", file=sys.stderr)
    return plan
