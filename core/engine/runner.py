"""The engine: run planned tasks concurrently under one deadline, and collect every
measurement — including placeholders for what did not run. What to run is planned in
:mod:`plan`. Nothing is judged here (STYLE: record first, analyse afterwards).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..base import timeouts
from ..base.budget import Budget, Cancelled, current_budget
from ..base.errors import classify
from ..base.measurement import Failure, Measurement, Planned, Recorder, not_measured
from ..probes import dns as dnsprobe
from ..probes.http import ProbeSession
from .catalog import Catalog, Endpoint, is_ip

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
MeasurementCallback = Callable[[Measurement], None]


@dataclasses.dataclass(frozen=True)
class Options:
    app: str = ""  # the calling app's id in the catalog ("": its default, analysis.apps.resolve)
    # An all-apps run (analysis.choice): the apps whose servers are checked, instead of app's.
    apps: tuple[str, ...] = ()
    sample_s: float = timeouts.SAMPLE_S  # each UDP path-quality sample (STUN, DNS)
    sample_pps: float = timeouts.SAMPLE_RATE_PPS  # its requests a second (a watch sends fewer)
    sensitive_probes: bool = True   # DNS injection and reset-on-name checks
    # The system's resolvers unless given (tests point these at loopback servers).
    nameservers: tuple[str, ...] | None = None
    dns_port: int = 53


class Task:
    """One unit of concurrent work: it knows, before running, which measurements it owes."""

    def __init__(self, name: str, label: str, planned: list[Planned],
                 body: Callable[[Task, Run], None]):
        self.name = name
        self.label = label
        self.planned = planned
        self.body = body
        self._lock = threading.Lock()
        self._results: dict[str, Measurement] = {}
        self._closed = False
        self.done = threading.Event()
        self.crashed = False  # the body raised: what it still owed is an internal fault
        self.lasts = False  # it samples a path for the run's sample time: started first

    def planned_by_id(self, mid: str) -> Planned:
        return next(p for p in self.planned if p.id == mid)

    def emit(self, m: Measurement, run: Run) -> None:
        with self._lock:
            if self._closed:
                return  # the run already ended; a late result is dropped
            self._results[m.id] = m
        log.debug("%s", m.describe())
        run.measurement_done(m)

    def close(self, reason: str) -> list[Measurement]:
        """Stop accepting results; everything planned but missing becomes 'not measured'."""
        with self._lock:
            self._closed = True
            results = dict(self._results)
        if self.crashed:
            reason = "internal"
        out = []
        for p in self.planned:
            m = results.get(p.id)
            if m is None:
                m = not_measured(p.id, p.kind, p.group, p.target, reason, _NOT_MEASURED[reason])
            out.append(m)
        return out


_NOT_MEASURED = {
    "cancelled": "the run was cancelled before this was measured",
    "deadline": "the run's time ran out before this was measured",
    "internal": "not measured: a fault inside CallPath (see the log)",
}


class Run:
    """Shared state of one diagnosis run."""

    def __init__(self, catalog: Catalog, options: Options, budget: Budget,
                 on_progress: ProgressCallback | None, on_measurement: MeasurementCallback | None):
        self.catalog = catalog
        self.options = options
        self.budget = budget
        self.session = ProbeSession()
        self.nameservers = (list(options.nameservers) if options.nameservers is not None
                            else dnsprobe.system_nameservers())
        self._on_progress = on_progress
        self._on_measurement = on_measurement
        self._lock = threading.Lock()
        self._done = 0
        self.total = 0
        self.threads: list[threading.Thread] = []
        self._addresses: dict[str, tuple[threading.Event, list[str | None]]] = {}

    def measure(self, task: Task, mid: str, fn: Callable[[], tuple[dict[str, Any], Failure | None]],
                ep: Endpoint | None = None) -> Measurement:
        """:func:`measure` for a plugin kind's step, which gets the run and not this module."""
        return measure(task, self, mid, fn, ep)

    def skip(self, task: Task, mid: str, because: str) -> None:
        """:func:`skip` for a plugin kind's step."""
        skip(task, self, mid, because)

    def address_of(self, host: str) -> str | None:
        """An address for ``host`` through the system's resolvers, looked up once per run and
        shared (the DoH resolvers' own names, which many steps need)."""
        if is_ip(host):
            return host
        with self._lock:
            known = self._addresses.get(host)
            owner = known is None
            slot_of: list[str | None] = [None]
            entry = known if known is not None else (threading.Event(), slot_of)
            self._addresses[host] = entry
        event, slot = entry
        if owner:
            try:
                metrics, failure = dnsprobe.resolve(self.budget, self.nameservers, host,
                                                    port=self.options.dns_port)
                if failure is None:
                    found = metrics.get("addresses") or metrics.get("addresses_v6") or [None]
                    slot[0] = found[0]
            finally:
                event.set()
        else:
            while not event.wait(0.1):
                self.budget.check()
        return slot[0]

    def measurement_done(self, m: Measurement) -> None:
        if self._on_measurement:
            _safely(self._on_measurement, m)

    def task_done(self, task: Task) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        if self._on_progress:
            _safely(self._on_progress, done, self.total, task.label)


def _safely(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:  # a callback's bug must not kill a probe thread
        log.exception("progress callback failed")


# --- measuring helpers ---------------------------------------------------------------------------

def measure(task: Task, run: Run, mid: str, fn: Callable[[], tuple[dict[str, Any], Failure | None]],
            ep: Endpoint | None = None) -> Measurement:
    """Run one probe step, time it, and record its measurement (marked when its endpoint's
    service has closed, or it is unreachable from inside China, so the analysis expects
    silence there)."""
    p = task.planned_by_id(mid)
    m = Measurement(id=p.id, kind=p.kind, group=p.group, target=p.target)
    with Recorder(m):
        try:
            metrics, failure = fn()
        except Cancelled:
            raise
        except Exception as e:  # a probe bug: recorded as 'internal', logged with traceback
            log.exception("probe %s failed unexpectedly", mid)
            metrics, failure = {}, Failure("internal", classify(e).detail)
    m.metrics = metrics
    if ep is not None and ep.retired:
        m.metrics["retired"] = ep.retired
    if ep is not None and ep.blocked_in_china:
        m.metrics["blocked_in_china"] = True
    if ep is not None and ep.anycast:
        m.metrics["anycast"] = True
    m.error = failure
    m.ok = failure is None
    task.emit(m, run)
    return m


def skip(task: Task, run: Run, mid: str, because: str) -> None:
    p = task.planned_by_id(mid)
    task.emit(not_measured(p.id, p.kind, p.group, p.target, "skipped", because), run)


def in_parallel(run: Run, fns: Iterable[Callable[[], object]]) -> None:
    """Run branches of one endpoint side by side and wait for all of them."""
    fns = list(fns)
    if len(fns) == 1:
        fns[0]()
        return
    errors: list[BaseException] = []

    def wrap(fn):
        def inner():
            current_budget.set(None)
            try:
                fn()
            except Cancelled:
                pass
            except BaseException as e:
                errors.append(e)
        return inner

    threads = [threading.Thread(target=wrap(fn), daemon=True, name="callpath-branch") for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.budget.check()
    if errors:
        raise errors[0]


# --- running -------------------------------------------------------------------------------------------

def run_tasks(tasks: list[Task], run: Run) -> list[Measurement]:
    """Run every task concurrently until all finish, the deadline passes or the run is cancelled.

    Returns within about one slice of a cancel. Probe threads notice the cancel themselves
    (sockets shut down, slices checked) and end shortly after; ``run.threads`` lets a caller
    join them.
    """
    run.total = len(tasks)
    remaining = set(range(len(tasks)))
    cond = threading.Condition()

    def worker(i: int, task: Task) -> None:
        current_budget.set(None)
        try:
            task.body(task, run)
        except Cancelled:
            pass
        except Exception:
            task.crashed = True
            log.exception("task %s failed", task.name)
        finally:
            task.done.set()
            run.task_done(task)
            with cond:
                remaining.discard(i)
                cond.notify_all()

    # A task's first moments are its busiest in the interpreter (questions built, sockets and
    # secure contexts opened). Some forty started at once held it in turn: the window's thread
    # waited 25-45 ms to draw (bench/gui_start_and_stall.py), and a probe woken by its answer
    # waited before reading its clock (on loopback a TLS handshake timed 37 ms instead of 1, a
    # TCP connect 2 ms instead of 0.1: bench/task_starts.py). Started TASK_START_GAP_S apart,
    # the samples first (the run's longest: the last task starts some 0.4 s in and ends well
    # before them), few are in that phase together. Each at its own time from the first, so a
    # coarse timer (Windows: 15.6 ms) does not add up over forty waits.
    began = time.monotonic()
    for n, i in enumerate(sorted(range(len(tasks)), key=lambda i: not tasks[i].lasts)):
        if n and run.budget.wait(began + n * timeouts.TASK_START_GAP_S - time.monotonic()):
            break  # stopped: the tasks not started are closed below as not measured
        t = threading.Thread(target=worker, args=(i, tasks[i]), daemon=True, name=f"callpath-{tasks[i].name}")
        t.start()
        run.threads.append(t)  # started: a join from another thread may come at any time

    with cond:
        while remaining and not run.budget.stopped:
            cond.wait(timeout=min(0.1, max(run.budget.remaining(), 0.01)))
    if remaining and not run.budget.reason:
        run.budget.cancel("deadline")
    reason = run.budget.reason or "deadline"
    if remaining:
        run.budget.cancel(reason)  # wake everything still blocked
    results: list[Measurement] = []
    for task in tasks:
        results.extend(task.close(reason))
    return results  # the session is closed once the threads have ended (api.Diagnosis.join)
