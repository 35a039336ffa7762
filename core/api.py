"""The one door into the core, used by the CLI and the GUI alike.

    diagnosis = Diagnosis(answers, catalog=load_catalog(), deadline_s=20)
    report = diagnosis.run(on_progress=print)      # blocks; call cancel() from elsewhere
"""

from __future__ import annotations

import logging
import platform
import time

from . import __version__
from .analysis.apps import resolve
from .analysis.judge import Answers, analyse
from .base import timeouts
from .base.budget import Budget
from .base.measurement import utc_now_iso
from .base.reportdata import Context, Report, TimeContext
from .engine.catalog import Catalog
from .engine.catalog import load as load_catalog  # noqa: F401 - part of the facade (see above)
from .engine.locale_hint import clock_change, guess_location, utc_offset_min
from .engine.plan import plan
from .engine.runner import MeasurementCallback, Options, ProgressCallback, Run, run_tasks
from .records.report import SCHEMA
from .watch.hours import kept_windows
from .words import explain
from .words.rejudge import explain_report, reanalyse, time_facts, with_followups  # noqa: F401 - the facade

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
        # The app as the catalog resolves it: its default where none was named.
        app = resolve(catalog.apps, answers.app).id
        self.answers = Answers(answers.symptom, location, app, answers.followups, offset)
        self._own_zone = answers.utc_offset_min is None
        self.catalog = catalog
        self.deadline_s = deadline_s
        self.lang = lang
        self.options = Options(
            app=app,
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
            on_measurement: MeasurementCallback | None = None) -> Report:
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
        self._run = Run(self.catalog, self.options, self.budget, on_progress, on_measurement)
        log.info("diagnosis started: %s, %d tasks, deadline %.0f s", self.answers, len(tasks),
                 self.deadline_s)
        measurements = run_tasks(tasks, self._run)
        self._ended()  # a run cut short closes its sockets in join(), once its threads end
        finding = analyse(measurements, self.answers, self.options.sensitive_probes, self.catalog.apps)
        finding.facts.update(time_facts(time_context))
        verdict = explain.verdict(finding, self.lang)
        duration = time.monotonic() - t0
        log.info("diagnosis ended after %.1f s (%s): %s/%s (%s)", duration,
                 self.budget.reason or "complete", finding.locus, finding.cause, finding.confidence)
        context: Context = {
            "app_version": __version__,
            "os": f"{platform.system()} {platform.release()}",
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
        return {
            "schema": SCHEMA,
            "context": context,
            "verdict": verdict,
            "measurements": [m.to_json() for m in measurements],
        }
