"""The one door into the core: the app (gui/) takes every name it uses of the core from here;
the command line takes the diagnosis and the judging again. What it offers, by what a face does
with it:

- **ask** — the questions: ``Answers``, ``SYMPTOMS`` and their words ``SYMPTOM_TEXTS``; what
  the busy-line test takes, said where it is offered and while it runs (``BUSY_LINE_EXPECTED_S``,
  ``BUSY_LINE_LOAD_S``, ``BUSY_LINE_MB``); the
  calling apps (``App``; ``read_apps()`` reads the bundled catalog's alone; ``ALL_APPS``, every
  app judged in one check, ``ALL_APPS_NAME``; the app a run is about, ``Chosen``, from a catalog's apps
  ``resolve_among()``, from the built-in catalog ``resolve_app()``, from a verdict
  ``chosen_from_json()``); where the user probably is,
  ``location_guess()``; the languages (``LANGS``, ``N_``, ``lang_of``, ``translator``).
- **run** — ``Diagnosis`` (below) with its catalog (``load_catalog()``, ``Catalog``,
  ``CatalogError``) and ``Budget``; the groups a run reports by (``GROUPS``,
  ``ENDPOINT_GROUPS``); ``prepare()`` loads the measuring core ahead of a run;
  the window's thread first (base/priority.py): ``window_first()`` on it, ``give_way()`` on a
  worker that measures nothing; the files (``resource_path``, ``log_file``, ``start_log()``).
- **result** — the report and verdict (``Report``, ``Verdict``, ``Voice``, ``MeasurementData``);
  the verdict judged again (``explain_report``, ``with_followups``, ``reanalyse``,
  ``time_facts``); in words (``said_verdict``, ``group_line``, ``group_voice``,
  ``group_label()``, ``voice_words``, ``figure_words``, ``target_words``, ``technical``,
  ``kind_label``, ``result_label``, ``short_headline``, ``app_of``, ``compared_apps`` (an
  all-apps check's apps, each with its verdict), ``LOCUS_TEXTS``,
  ``LOCUS_COLOURS``); the picture of the way (``PATH_PARTS``, ``PATH_LABELS``, ``PATH_MARKS``,
  ``path_states``); the phone leg's questions (``PHONE_QUESTIONS``, ``PHONE_REPLIES``,
  ``PHONE_REPLY_TEXTS``, ``phone_questions_asked``); the family's message
  (``family_message()``, ``family_message_kind()``, ``FAMILY_GREETING_MAX``,
  ``FAMILY_DEFAULT_GREETING``).
- **records** — redaction (``redact_report``); rendering and export (``render_report``,
  ``write_output``, ``OutputError``); the history (``History``, ``HistoryError``,
  ``HistoryEntry``, ``HISTORY_KEPT``, ``keep_in_history``, ``compare_reports``).
- **watch** — its plan and samples (``WatchPlan``, ``WatchPoint``, ``WATCH_KEPT_S``); sampling
  (``watch_sample()``); the schedule (``WatchClock``, ``WatchStopped``, ``carry_out_watch``,
  ``WATCH_EVERY_MIN``, ``watch_gaps``, ``offline_spans``, ``offline_hours``, ``gap_hours``,
  ``watch_points_json``); the hours (``Hour``, ``Suggestion``, ``by_hour``, ``suggestion``,
  ``kept_windows()``, ``GOOD_MOS``, ``beijing_clock``, ``clock_change``); in words
  (``watch_words``, ``gap_words``, ``offline_words``, ``round_figures``, ``part_figures``); a
  watch of every app (``watch_apps()``, ``watch_apps_words``, ``app_namer``).

    diagnosis = Diagnosis(answers, catalog=load_catalog(), deadline_s=20)
    report = diagnosis.run(on_progress=print)      # blocks; call cancel() from elsewhere

The app imports this module before its first paint, which must load no probe, DNS, HTTP, ICE
or process library, nor the catalog's validator (tests/gui/test_first_paint.py): only the
questions' modules are imported here at once; every other name is imported when first asked
for (``__getattr__``, PEP 562), and the measuring core where a diagnosis is made or by
``prepare()``.
"""

from __future__ import annotations

import importlib
import logging
import time
from typing import TYPE_CHECKING, Any

from . import __version__
from .analysis.answers import SYMPTOMS, Answers
from .analysis.apps import ALL as ALL_APPS
from .analysis.apps import ALL_NAME as ALL_APPS_NAME
from .analysis.apps import App, Chosen
from .analysis.apps import from_json as chosen_from_json
from .analysis.apps import resolve as resolve_among
from .base import timeouts
from .base.i18n import LANGS, N_, lang_of, translator
from .base.paths import log_file, resource_path
from .base.timeouts import BUSY_LINE_EXPECTED_S, BUSY_LINE_LOAD_S, BUSY_LINE_MB
from .engine.catalog_apps import read as read_apps
from .words.phrases import LOCUS_TEXTS, SYMPTOM_TEXTS

if TYPE_CHECKING:  # what __getattr__ brings, for the type checker
    from .analysis.apps import Compared
    from .analysis.phonerules import QUESTIONS as PHONE_QUESTIONS
    from .analysis.phonerules import REPLIES as PHONE_REPLIES
    from .analysis.phonerules import REPLY_TEXTS as PHONE_REPLY_TEXTS
    from .analysis.phonerules import asked as phone_questions_asked
    from .analysis.picture import LABELS as PATH_LABELS
    from .analysis.picture import MARKS as PATH_MARKS
    from .analysis.picture import PARTS as PATH_PARTS
    from .analysis.picture import states as path_states
    from .analysis.quality import GOOD_MOS
    from .base.budget import Budget
    from .base.logs import setup as start_log
    from .base.measurement import ENDPOINT_GROUPS, GROUPS, Measurement
    from .base.priority import give_way, window_first
    from .base.redact import redact_report
    from .base.reportdata import Context, MeasurementData, Report, TimeContext, Verdict, Voice, Watched
    from .engine.builtin import resolve_app
    from .engine.catalog import Catalog, CatalogError
    from .engine.catalog import load as load_catalog
    from .engine.locale_hint import clock_change
    from .engine.runner import MeasurementCallback, ProgressCallback, Run
    from .records.history import RETENTION as HISTORY_KEPT
    from .records.history import WATCH_RETENTION_S as WATCH_KEPT_S
    from .records.history import Entry as HistoryEntry
    from .records.history import History, HistoryError
    from .records.history import compare as compare_reports
    from .records.history import keep_redacted as keep_in_history
    from .records.render import LOCUS_COLOURS
    from .records.render import render as render_report
    from .records.report import OutputError, write_output
    from .records.watched import Plan as WatchPlan
    from .records.watched import Point as WatchPoint
    from .watch.hours import Hour, Suggestion, by_hour, suggestion
    from .watch.report import to_json as watch_points_json
    from .watch.schedule import EVERY_MIN as WATCH_EVERY_MIN
    from .watch.schedule import Clock as WatchClock
    from .watch.schedule import Stopped as WatchStopped
    from .watch.schedule import carry_out as carry_out_watch
    from .watch.schedule import gap_hours, offline_hours, offline_spans
    from .watch.schedule import gaps as watch_gaps
    from .watch.words import app_namer, gap_words, offline_words, part_figures, round_figures
    from .watch.words import apps_summary as watch_apps_words
    from .watch.words import words as watch_words
    from .words.explain import beijing_clock, kind_label, result_label, short_headline
    from .words.family import DEFAULT_GREETING as FAMILY_DEFAULT_GREETING
    from .words.family import GREETING_MAX as FAMILY_GREETING_MAX
    from .words.rejudge import explain_report, reanalyse, time_facts, with_followups
    from .words.summary import (
        app_of,
        compared_apps,
        figure_words,
        group_line,
        group_voice,
        said_verdict,
        target_words,
        technical,
        voice_words,
    )

log = logging.getLogger(__name__)

# The names imported when first asked for: facade name -> (module, its name there).
_LATER = {
    # run
    "load_catalog": (".engine.catalog", "load"), "Catalog": (".engine.catalog", "Catalog"),
    "CatalogError": (".engine.catalog", "CatalogError"), "Budget": (".base.budget", "Budget"),
    "GROUPS": (".base.measurement", "GROUPS"), "ENDPOINT_GROUPS": (".base.measurement", "ENDPOINT_GROUPS"),
    "start_log": (".base.logs", "setup"), "give_way": (".base.priority", "give_way"),
    "window_first": (".base.priority", "window_first"),
    "resolve_app": (".engine.builtin", "resolve_app"), "Compared": (".analysis.apps", "Compared"),
    # the report's types (TypedDicts, 14 classes to define: not for the first page)
    **{name: (".base.reportdata", name) for name in ("MeasurementData", "Report", "Verdict", "Voice")},
    # result
    "explain_report": (".words.rejudge", "explain_report"),
    "with_followups": (".words.rejudge", "with_followups"),
    "reanalyse": (".words.rejudge", "reanalyse"), "time_facts": (".words.rejudge", "time_facts"),
    **{name: (".words.summary", name) for name in (
        "said_verdict", "group_line", "group_voice", "voice_words", "figure_words", "target_words",
        "technical", "app_of", "compared_apps")},
    **{name: (".words.explain", name) for name in (
        "kind_label", "result_label", "short_headline", "beijing_clock")},
    "LOCUS_COLOURS": (".records.render", "LOCUS_COLOURS"),
    "PATH_PARTS": (".analysis.picture", "PARTS"), "PATH_LABELS": (".analysis.picture", "LABELS"),
    "PATH_MARKS": (".analysis.picture", "MARKS"), "path_states": (".analysis.picture", "states"),
    "PHONE_QUESTIONS": (".analysis.phonerules", "QUESTIONS"),
    "PHONE_REPLIES": (".analysis.phonerules", "REPLIES"),
    "PHONE_REPLY_TEXTS": (".analysis.phonerules", "REPLY_TEXTS"),
    "phone_questions_asked": (".analysis.phonerules", "asked"),
    "FAMILY_GREETING_MAX": (".words.family", "GREETING_MAX"),
    "FAMILY_DEFAULT_GREETING": (".words.family", "DEFAULT_GREETING"),
    # records
    "redact_report": (".base.redact", "redact_report"),
    "render_report": (".records.render", "render"),
    "write_output": (".records.report", "write_output"), "OutputError": (".records.report", "OutputError"),
    "History": (".records.history", "History"), "HistoryError": (".records.history", "HistoryError"),
    "HistoryEntry": (".records.history", "Entry"), "HISTORY_KEPT": (".records.history", "RETENTION"),
    "keep_in_history": (".records.history", "keep_redacted"),
    "compare_reports": (".records.history", "compare"),
    # watch
    "WatchPlan": (".records.watched", "Plan"), "WatchPoint": (".records.watched", "Point"),
    "WATCH_KEPT_S": (".records.history", "WATCH_RETENTION_S"),
    "WatchClock": (".watch.schedule", "Clock"), "WatchStopped": (".watch.schedule", "Stopped"),
    "carry_out_watch": (".watch.schedule", "carry_out"), "WATCH_EVERY_MIN": (".watch.schedule", "EVERY_MIN"),
    "watch_gaps": (".watch.schedule", "gaps"), "offline_spans": (".watch.schedule", "offline_spans"),
    "offline_hours": (".watch.schedule", "offline_hours"), "gap_hours": (".watch.schedule", "gap_hours"),
    "watch_points_json": (".watch.report", "to_json"),
    "Hour": (".watch.hours", "Hour"), "Suggestion": (".watch.hours", "Suggestion"),
    "by_hour": (".watch.hours", "by_hour"), "suggestion": (".watch.hours", "suggestion"),
    "GOOD_MOS": (".analysis.quality", "GOOD_MOS"), "clock_change": (".engine.locale_hint", "clock_change"),
    "watch_words": (".watch.words", "words"), "gap_words": (".watch.words", "gap_words"),
    "offline_words": (".watch.words", "offline_words"), "round_figures": (".watch.words", "round_figures"),
    "part_figures": (".watch.words", "part_figures"),
    "watch_apps_words": (".watch.words", "apps_summary"), "app_namer": (".watch.words", "app_namer"),
}


def __getattr__(name: str) -> Any:
    """A name of :data:`_LATER`, imported now and kept (so asked once)."""
    try:
        module, attr = _LATER[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __package__), attr)
    globals()[name] = value
    return value


# --- ask ------------------------------------------------------------------------------------------

def location_guess() -> tuple[str, str]:
    """Where the user probably is ("china" or "abroad") and the system's time zone it was read
    from ("" when the language decided). Reads the zone (tzlocal): after the first paint."""
    from .engine.locale_hint import guess_location, system_zone

    return guess_location()[0], system_zone()


# --- run ------------------------------------------------------------------------------------------

def prepare() -> None:
    """Load the measuring core (the plan, the runner, the probes, the analysis, the words) and
    what its libraries load on first use, so that the first diagnosis does not wait for it: the
    app calls this on a thread once its window has painted. An import on a probe's thread holds
    the interpreter while the module's code runs, and the window waits for the interpreter
    (bench/gui_start_and_stall.py: the first diagnosis stalled the window 60-75 ms, the later
    ones 10-20); tests/unit/test_api_door.py holds that a diagnosis after this imports nothing."""
    import codecs
    import pkgutil
    for module in _CORE:
        importlib.import_module(module, __package__)
    from . import kinds, probes

    kinds.registry()  # the built-in kinds and the plugins, found by name when a plan is made

    # A kind's step imports its probe when it runs (kinds/_builtin.py: the analysis, which
    # reads the kinds, stays free of socket code).
    for found in pkgutil.iter_modules(probes.__path__, f"{probes.__name__}."):
        importlib.import_module(found.name)
    # What the libraries import on first use: dnspython the class of each record type it
    # parses (A, AAAA, CNAME), requests the reader of ~/.netrc on every request, a reply's
    # bytes read as ASCII.
    import netrc  # noqa: F401

    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype

    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA, dns.rdatatype.CNAME):
        dns.rdata.get_rdata_class(dns.rdataclass.IN, rdtype)
    codecs.lookup("ascii")


# What a Diagnosis imports where it is made and where it runs (and prepare() ahead of it): the
# history too (the user's watch, read where a run starts).
_CORE = (".engine.catalog", ".engine.locale_hint", ".engine.plan", ".engine.runner", ".analysis.judge",
         ".words.explain", ".words.rejudge", ".records.report", ".records.history", ".watch.hours")


def kept_windows(now: float) -> Watched | None:
    """The best and worst hours to call that the user's own watch found, kept in the history
    (watch/hours.py); None when none ran or the history cannot be read."""
    from .watch.hours import kept_windows as kept

    return kept(now)


def watch_sample(catalog: Catalog, app_id: str, clock: WatchClock) -> list[WatchPoint]:
    """One round of a watch's samples (watch/sampling.py), taken now."""
    from .watch import sampling

    return sampling.sample(catalog, app_id, clock)


def watch_apps(catalog: Catalog, app_id: str) -> tuple[str, ...]:
    """The apps whose servers a watch of ``app_id`` ("all": every app) samples (watch/sampling.py):
    none when the catalog has no voice server to watch for them."""
    from .watch import sampling

    return tuple(c.app for c in sampling.watched_apps(catalog, app_id))


# --- result ---------------------------------------------------------------------------------------

def group_label(group: str, lang: str) -> str:
    """A group's name in the verdict's words (the app's own servers are named by the app: see
    the app's labels)."""
    from .words.explain import label

    return label(f"group/{group}", lang)


def family_message(report: Report, greeting: str | None = None) -> str | None:
    """The message for the family in China about a report's verdict (None where none fits)."""
    from .words import family

    return family.for_report(report, greeting)


def family_message_kind(report: Report) -> str | None:
    """Which message a report gets: "phone", "app", "blocked", or None."""
    from .words import family

    ctx, verdict = report.get("context", {}), report.get("verdict", {})
    return family.kind(str(ctx.get("symptom", "")), str(verdict.get("cause", "")),
                       str(ctx.get("location", "abroad")), str(verdict.get("locus", "upstream")))


def _system() -> str:
    """This computer's system and its release, for the report (``platform``: loaded here, not
    before the first paint)."""
    import platform

    return f"{platform.system()} {platform.release()}"


class Diagnosis:
    """One diagnosis run. ``run()`` blocks until done, cancelled or out of time, and returns
    the report as a JSON-ready dict; ``cancel()`` may be called from any thread."""

    def __init__(self, answers: Answers, catalog: Catalog, deadline_s: float = timeouts.DEFAULT_DEADLINE_S,
                 lang: str = "en", sensitive_probes: bool = True,
                 nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
                 sample_s: float | None = None, busy_line: bool = False):
        from .base.budget import Budget
        from .engine.locale_hint import guess_location, utc_offset_min
        from .engine.plan import plan
        from .engine.runner import Options

        location = answers.location
        self.location_reason = "chosen by the user"
        if location == "auto":
            location, self.location_reason = guess_location()
        offset = answers.utc_offset_min if answers.utc_offset_min is not None else utc_offset_min()
        # The app as the catalog resolves it: its default where none was named. Or every app
        # that can carry the complaint, each judged on its share of one run (analysis.choice).
        self.compared: tuple[Compared, ...] = ()
        if answers.app == ALL_APPS:
            app = ALL_APPS
            self.compared = catalog.compared(answers.symptom)
            if not self.compared:
                raise ValueError(f"no calling app of the catalog can carry the complaint '{answers.symptom}'")
            if len(self.compared) == 1:  # one app can (phone numbers: Teams' dial pad): its own check
                app, self.compared = self.compared[0].app, ()
        else:
            app = resolve_among(catalog.apps, answers.app).id
        self.answers = Answers(answers.symptom, location, app, answers.followups, offset)
        self._own_zone = answers.utc_offset_min is None
        self.catalog = catalog
        self.deadline_s = deadline_s
        self.lang = lang
        self.options = Options(
            app=app,
            apps=tuple(c.app for c in self.compared),
            # sample_s: tests and benches only (shorter voice samples)
            sample_s=sample_s if sample_s is not None
            else timeouts.SAMPLE_QUALITY_S if answers.symptom == "quality" else timeouts.SAMPLE_S,
            sensitive_probes=sensitive_probes,
            nameservers=nameservers,
            dns_port=dns_port,
        )
        self.budget = Budget(deadline_s)
        self._runs: list[Run] = []
        self._tasks = plan(self.catalog, self.options)
        # The busy-line test (engine/busyline.py): asked for, and offered by the catalog.
        if busy_line and catalog.busy_line is None:
            raise ValueError("this catalog names no load server for the busy-line test")
        self.busy_line = busy_line
        self._busy_budget: Budget | None = None

    def planned_groups(self) -> dict[str, int]:
        """How many measurements each group will get: for showing progress by group."""
        counts: dict[str, int] = {}
        for task in self._tasks:
            for p in task.planned:
                counts[p.group] = counts.get(p.group, 0) + 1
        if self.busy_line:
            counts["local"] = counts.get("local", 0) + 1
        return counts

    @property
    def expected_s(self) -> float:
        """How long a run usually takes: its voice samples and the checks around them, and
        the busy-line test when asked for (the app's progress bar moves with it)."""
        return self.options.sample_s + 1.5 + (timeouts.BUSY_LINE_EXPECTED_S if self.busy_line else 0.0)

    def cancel(self) -> None:
        self.budget.cancel("cancelled")
        busy = self._busy_budget
        if busy is not None:
            busy.cancel("cancelled")

    @property
    def cancelled(self) -> bool:
        return self.budget.reason == "cancelled"

    def join(self, timeout: float = 2.0) -> bool:
        """Wait for probe threads still ending after a cancel; True if all ended."""
        end = time.monotonic() + timeout
        for run in list(self._runs):
            for t in run.threads:
                t.join(max(0.0, end - time.monotonic()))
        return self._ended()

    def _ended(self) -> bool:
        """True if every probe thread has ended; then no connection of the run is left open.
        (Closing the session while a thread still uses it could orphan that connection.)"""
        runs = list(self._runs)
        if any(t.is_alive() for run in runs for t in run.threads):
            return False
        for run in runs:
            run.session.close()
            run.budget.close_sockets()
        return True

    def run(self, on_progress: ProgressCallback | None = None,
            on_measurement: MeasurementCallback | None = None) -> Report:
        from .analysis.choice import judge_apps
        from .analysis.judge import analyse
        from .base.measurement import utc_now_iso
        from .engine.locale_hint import clock_change
        from .engine.runner import Run, run_tasks
        from .records.report import SCHEMA
        from .words import choice as choice_words
        from .words import explain
        from .words.rejudge import time_facts

        started = utc_now_iso()
        # When to call: the hours the user's own watch found (kept in the history), and the next
        # change of this computer's clocks, which China's never make (said only for this
        # computer's own zone, not for an offset given from elsewhere). Read here, on the run's
        # thread: the history is a file, and the app makes a Diagnosis on its GUI thread.
        time_context: TimeContext = {}
        windows = kept_windows(time.time())
        if windows is not None:
            time_context["watched"] = windows
        change = clock_change() if self._own_zone else None
        if change is not None:
            time_context["clock_change"] = {"on": change[0], "utc_offset_min": change[1]}
        t0 = time.monotonic()
        tasks = self._tasks
        extra = 1 if self.busy_line else 0  # the busy-line test: one task more, after the others

        def progressed(done: int, total: int, what: str) -> None:
            if on_progress is not None:
                on_progress(done, total + extra, what)

        self._runs.append(Run(self.catalog, self.options, self.budget, progressed, on_measurement))
        log.info("diagnosis started: %s, %d tasks, deadline %.0f s", self.answers, len(tasks),
                 self.deadline_s)
        measurements = run_tasks(tasks, self._runs[0])
        if self.busy_line:
            measurements.append(self._busy_line(measurements, len(tasks), on_progress, on_measurement))
        self._ended()  # a run cut short closes its sockets in join(), once its threads end
        if self.compared:
            choice = judge_apps(measurements, self.answers, self.options.sensitive_probes,
                                self.catalog.apps, self.compared)
            finding = choice.finding
            verdict = choice_words.verdict(choice, self.lang, time_facts(time_context))
        else:
            finding = analyse(measurements, self.answers, self.options.sensitive_probes, self.catalog.apps)
            finding.facts.update(time_facts(time_context))
            verdict = explain.verdict(finding, self.lang)
        duration = time.monotonic() - t0
        log.info("diagnosis ended after %.1f s (%s): %s/%s (%s)", duration,
                 self.budget.reason or "complete", finding.locus, finding.cause, finding.confidence)
        context: Context = {
            "app_version": __version__,
            "os": _system(),
            "symptom": self.answers.symptom,
            "location": self.answers.location,
            "location_reason": self.location_reason,
            "service": self.answers.app,
            "lang": self.lang,
            "started_at": started,
            "finished_at": utc_now_iso(),
            "duration_s": round(duration, 2),
            "deadline_s": self.deadline_s,
            "ended_by": self.budget.reason or "complete",
            "sensitive_probes": self.options.sensitive_probes,
            "redacted": False,
        }
        # What only some runs have, in the order the report has always written it.
        if self.answers.followups:
            context["followups"] = dict(self.answers.followups)
        if self.answers.utc_offset_min is not None:
            context["utc_offset_min"] = self.answers.utc_offset_min
        context.update(time_context)
        if self.compared:
            context["compared"] = [{"app": c.app, "endpoints": list(c.endpoints), "weak": c.weak}
                                   for c in self.compared]
        return {
            "schema": SCHEMA,
            "context": context,
            "verdict": verdict,
            "measurements": [m.to_json() for m in measurements],
        }

    def _busy_line(self, measurements: list[Measurement], before: int, on_progress: ProgressCallback | None,
                   on_measurement: MeasurementCallback | None) -> Measurement:
        """The busy-line test, after every other check (its load would spoil their samples),
        under its own time: the run's deadline is the other checks'."""
        from .base.budget import Budget
        from .engine import busyline
        from .engine.runner import Run, run_tasks

        budget = self._busy_budget = Budget(busyline.DEADLINE_S)
        if self.budget.reason == "cancelled":
            budget.cancel("cancelled")  # (cancel() may have come before this budget was made)

        def progressed(done: int, total: int, what: str) -> None:
            if on_progress is not None:
                on_progress(before + done, before + total, what)

        assert self.catalog.busy_line is not None  # checked where the run was made
        from .analysis.evidence import Evidence

        # Where the run's evidence puts the user (the analysis judges so), not only the answer.
        in_china = Evidence(measurements, self.answers, self.options.sensitive_probes).inside_china
        task = busyline.task(self.catalog.busy_line.locate, measurements, in_china)
        run = Run(self.catalog, self.options, budget, progressed, on_measurement)
        self._runs.append(run)
        return run_tasks([task], run)[0]


__all__ = [
    # ask
    "ALL_APPS", "ALL_APPS_NAME", "BUSY_LINE_EXPECTED_S", "BUSY_LINE_LOAD_S", "BUSY_LINE_MB", "LANGS", "N_", "SYMPTOMS",
    "SYMPTOM_TEXTS", "Answers", "App", "Chosen",
    "chosen_from_json", "lang_of",
    "location_guess", "read_apps", "resolve_among", "resolve_app", "translator",
    # run
    "ENDPOINT_GROUPS", "GROUPS", "give_way", "window_first",
    "Budget", "Catalog", "CatalogError", "Compared", "Diagnosis", "load_catalog",
    "log_file", "prepare", "resource_path", "start_log",
    # result
    "FAMILY_DEFAULT_GREETING", "FAMILY_GREETING_MAX", "LOCUS_COLOURS", "LOCUS_TEXTS", "PATH_LABELS",
    "PATH_MARKS", "PATH_PARTS", "PHONE_QUESTIONS", "PHONE_REPLIES", "PHONE_REPLY_TEXTS", "MeasurementData",
    "Report", "Verdict", "Voice", "app_of", "compared_apps", "explain_report", "family_message", "family_message_kind",
    "figure_words", "group_label", "group_line", "group_voice", "kind_label", "path_states",
    "phone_questions_asked", "reanalyse", "result_label", "said_verdict", "short_headline", "target_words",
    "technical", "time_facts", "voice_words", "with_followups",
    # records
    "HISTORY_KEPT", "History", "HistoryEntry", "HistoryError", "OutputError", "compare_reports",
    "keep_in_history", "redact_report", "render_report", "write_output",
    # watch
    "GOOD_MOS", "WATCH_EVERY_MIN", "WATCH_KEPT_S", "Hour", "Suggestion", "WatchClock", "WatchPlan",
    "WatchPoint", "WatchStopped", "beijing_clock", "by_hour", "carry_out_watch", "clock_change",
    "gap_hours", "gap_words", "kept_windows", "offline_hours", "offline_spans", "offline_words",
    "part_figures", "round_figures", "suggestion", "watch_gaps", "watch_points_json", "watch_sample",
    "watch_words", "watch_apps", "watch_apps_words", "app_namer",
]
