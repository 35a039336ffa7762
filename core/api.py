"""The one door into the core, used by the CLI and the GUI alike.

    diagnosis = Diagnosis(answers, catalog=load_catalog(), deadline_s=20)
    report = diagnosis.run(on_progress=print)      # blocks; call cancel() from elsewhere
"""

from __future__ import annotations

import logging
import platform
import time
from typing import Any

from . import __version__, explain, phonerules, timeouts, watch
from .analysis import SYMPTOMS, Answers, analyse
from .budget import Budget
from .builtin import builtin
from .catalog import Catalog
from .catalog import load as load_catalog  # noqa: F401 - part of the facade (see above)
from .locale_hint import clock_change, guess_location, utc_offset_min
from .measurement import from_json, utc_now_iso
from .plan import plan
from .report import SCHEMA
from .runner import MeasurementCallback, Options, ProgressCallback, Run, run_tasks

log = logging.getLogger(__name__)


class Diagnosis:
    """One diagnosis run. ``run()`` blocks until done, cancelled or out of time, and returns
    the report as a JSON-ready dict; ``cancel()`` may be called from any thread."""

    def __init__(self, answers: Answers, catalog: Catalog, deadline_s: float = timeouts.DEFAULT_DEADLINE_S,
                 lang: str = "en", sensitive_probes: bool = True,
                 nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
                 sample_s: float | None = None):
        location = answers.location
        self.location_reason = "chosen by the user"
        if location == "auto":
            location, self.location_reason = guess_location()
        offset = answers.utc_offset_min if answers.utc_offset_min is not None else utc_offset_min()
        self.answers = Answers(answers.symptom, location, answers.service, answers.followups, offset)
        # When to call: the hours the user's own watch found (kept in the history), and the next
        # change of this computer's clocks, which China's never make (said only for this
        # computer's own zone, not for an offset given from elsewhere).
        self.time_context: dict[str, Any] = {}
        windows = watch.kept_windows(time.time())
        if windows is not None:
            self.time_context["watched"] = windows
        change = clock_change() if answers.utc_offset_min is None else None
        if change is not None:
            self.time_context["clock_change"] = {"on": change[0], "utc_offset_min": change[1]}
        self.catalog = catalog
        self.deadline_s = deadline_s
        self.lang = lang
        self.options = Options(
            service=answers.service,
            # sample_s: tests and benches only (shorter voice samples)
            sample_s=sample_s if sample_s is not None
            else timeouts.SAMPLE_QUALITY_S if answers.symptom == "quality" else timeouts.SAMPLE_S,
            sensitive_probes=sensitive_probes,
            nameservers=nameservers,
            dns_port=dns_port,
        )
        self.budget = Budget(deadline_s)
        self._run: Run | None = None
        self._tasks = plan(self.catalog, self.options)

    def planned_groups(self) -> dict[str, int]:
        """How many measurements each group will get: for showing progress by group."""
        counts: dict[str, int] = {}
        for task in self._tasks:
            for p in task.planned:
                counts[p.group] = counts.get(p.group, 0) + 1
        return counts

    def cancel(self) -> None:
        self.budget.cancel("cancelled")

    @property
    def cancelled(self) -> bool:
        return self.budget.reason == "cancelled"

    def join(self, timeout: float = 2.0) -> bool:
        """Wait for probe threads still ending after a cancel; True if all ended."""
        if self._run is None:
            return True
        end = time.monotonic() + timeout
        for t in self._run.threads:
            t.join(max(0.0, end - time.monotonic()))
        return self._ended()

    def _ended(self) -> bool:
        """True if every probe thread has ended; then no connection of the run is left open.
        (Closing the session while a thread still uses it could orphan that connection.)"""
        if self._run is None:
            return True
        if any(t.is_alive() for t in self._run.threads):
            return False
        self._run.session.close()
        self.budget.close_sockets()
        return True

    def run(self, on_progress: ProgressCallback | None = None,
            on_measurement: MeasurementCallback | None = None) -> dict:
        started = utc_now_iso()
        t0 = time.monotonic()
        tasks = self._tasks
        self._run = Run(self.catalog, self.options, self.budget, on_progress, on_measurement)
        log.info("diagnosis started: %s, %d tasks, deadline %.0f s", self.answers, len(tasks),
                 self.deadline_s)
        measurements = run_tasks(tasks, self._run)
        self._ended()  # a run cut short closes its sockets in join(), once its threads end
        finding = analyse(measurements, self.answers, self.options.sensitive_probes, self.catalog.apps)
        finding.facts.update(time_facts(self.time_context))
        verdict = explain.render(finding, self.lang)
        duration = time.monotonic() - t0
        log.info("diagnosis ended after %.1f s (%s): %s/%s (%s)", duration,
                 self.budget.reason or "complete", finding.locus, finding.cause, finding.confidence)
        return {
            "schema": SCHEMA,
            "context": {
                "app_version": __version__,
                "os": f"{platform.system()} {platform.release()}",
                "symptom": self.answers.symptom,
                "location": self.answers.location,
                "location_reason": self.location_reason,
                "service": self.answers.service,
                "lang": self.lang,
                "started_at": started,
                "finished_at": utc_now_iso(),
                "duration_s": round(duration, 2),
                "deadline_s": self.deadline_s,
                "ended_by": self.budget.reason or "complete",
                "sensitive_probes": self.options.sensitive_probes,
                "redacted": False,
                **({"followups": dict(self.answers.followups)} if self.answers.followups else {}),
                **({"utc_offset_min": self.answers.utc_offset_min}
                   if self.answers.utc_offset_min is not None else {}),
                **self.time_context,
            },
            "verdict": verdict,
            "measurements": [m.to_json() for m in measurements],
        }


def explain_report(report: dict, lang: str) -> dict:
    """The verdict of a saved report, analysed again and put into words in ``lang``.

    Analysis is pure, so this gives the same finding as when the report was made (for a report
    of this version), in any language.
    """
    ctx = report["context"]
    # A report from elsewhere may carry answers this version does not know: read them safely.
    answers = Answers(ctx.get("symptom") if ctx.get("symptom") in SYMPTOMS else "check",
                      "china" if ctx.get("location") == "china" else "abroad",
                      str(ctx.get("service", "teams")), _followups(ctx.get("followups")),
                      _offset(ctx.get("utc_offset_min")))
    measurements = [from_json(m) for m in report["measurements"]]
    known = builtin()  # the apps' facts as this version knows them
    apps = known.apps if known is not None else ()
    finding = analyse(measurements, answers, ctx.get("sensitive_probes", True), apps)
    finding.facts.update(time_facts(ctx))
    return explain.render(finding, lang)


def time_facts(ctx: dict) -> dict[str, Any]:
    """What a run's context says about when to call (the user's watch, their next change of
    clocks), as the verdict's facts; a damaged part is left out."""
    facts: dict[str, Any] = {}
    windows = explain.watched_windows(ctx.get("watched"))
    if windows is not None:
        facts["watched"] = {"best": list(windows[0]), "worst": list(windows[1])}
    change = explain.clock_change_of(ctx.get("clock_change"))
    if change is not None:
        facts["clock_change"] = {"on": change[0], "utc_offset_min": change[1]}
    return facts


def _followups(value: object) -> tuple[tuple[str, str], ...]:
    """A report's replies about the called phone; ones this version does not know are left out."""
    if not isinstance(value, dict):
        return ()
    return phonerules.parse(phonerules.known(value))


def _offset(value: object) -> int | None:
    """A report's time zone (minutes from UTC), if it is a plausible one."""
    if isinstance(value, int) and not isinstance(value, bool) and -16 * 60 <= value <= 16 * 60:
        return value
    return None


def with_followups(report: dict, replies: dict[str, str], lang: str | None = None) -> dict:
    """A copy of a report with the user's replies about the called phone (``{"rang": "no"}``;
    a ValueError says which one is wrong), its verdict judged again with them."""
    checked = phonerules.parse(replies)
    out = dict(report)
    out["context"] = {**report["context"]}
    if checked:
        out["context"]["followups"] = dict(checked)
    else:
        out["context"].pop("followups", None)
    out["verdict"] = explain_report(out, lang or report["context"].get("lang") or "en")
    return out


def reanalyse(report: dict, lang: str | None = None) -> dict:
    """A copy of a saved report judged again by this version's analysis, from its recorded
    measurements (a forum helper re-judging an old report). The context says so."""
    out = dict(report)
    lang = lang or report["context"].get("lang") or "en"
    out["verdict"] = explain_report(report, lang)
    out["context"] = {**report["context"], "lang": lang, "reanalysed_by": __version__}
    return out
