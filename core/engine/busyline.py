"""The busy-line test in a diagnosis (opt-in: ``Diagnosis(busy_line=True)``, ``callpath
diagnose --busy-line``): the line loaded each way for a few seconds while voice-like packets
time the nearest voice server that answered in the run (probes/busyline.py).

It runs after every other check, alone: its load would spoil their samples. Its load servers
are M-Lab's (the catalog's ``busy_line.locate`` names their directory; M-Lab invites other
programs to run its tests and publishes every one). It never runs on a connection the system
marks as metered, nor for a user in mainland China: the load servers are all abroad, so the
load would cross the border and its waits would be the border's, not the line's. What did not
run is recorded with why, never as a clean line.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import __version__
from ..analysis.busyline import MID
from ..base import timeouts
from ..base.measurement import Failure, Measurement, Planned, not_measured
from .runner import Run, Task, measure

KIND = "busy_line"
# The whole test: the directory, the idle sample, both loads and their tails.
DEADLINE_S = 30.0


def target(measurements: Iterable[Measurement]) -> Measurement | None:
    """The voice server to time: of the controls' STUN servers that answered in the run, the
    nearest (the user's line is what is loaded, so the shortest way past it times it best; an
    app's own server may be far, or across China's border, where the way's own swings would
    read as the line's); None when none answered. Its sample in the run is the idle line's
    reference: one already loaded by another device shows as a rise from it."""
    answered = [m for m in measurements if m.kind == "stun" and m.ok and m.group == "world"
                and isinstance(m.metrics.get("address"), str) and isinstance(m.metrics.get("rtt_ms"), dict)]
    return min(answered, key=lambda m: m.metrics["rtt_ms"].get("median", 1e9), default=None)


def _aim(m: Measurement) -> tuple[str, int]:
    return m.metrics["address"], int(m.target.split("/")[0].rsplit(":", 1)[1])


def task(locate_url: str, measurements: list[Measurement], in_china: bool) -> Task:
    """The test as the run's one task: what it owes (one measurement) and its step.
    ``in_china``: where the run's own evidence puts the user, as the analysis will judge it —
    not only the answer given, which a traveller may not have changed."""
    planned = [Planned(MID, KIND, "local", "M-Lab")]

    def body(task: Task, run: Run) -> None:
        if in_china:
            task.emit(_not_run("from_china", "not from inside mainland China: the load servers are abroad"), run)
            return
        from ..probes.metered import metered

        is_metered, how = metered()
        if is_metered:
            task.emit(_not_run("metered", f"the connection is marked as metered ({how}): not loaded"), run)
            return
        aim = target(measurements)
        if aim is None:
            task.emit(_not_run("no_target", "no control voice server answered in this run: nothing to time"), run)
            return
        measure(task, run, MID, lambda: _measure(run, locate_url, aim))

    return Task("busy_line", "your line when busy", planned, body)


def _measure(run: Run, locate_url: str, reference: Measurement) -> tuple[dict, Failure | None]:
    from ..probes import busyline

    aim = _aim(reference)
    offered, failure = busyline.locate(run.budget, run.session, locate_url)
    rtt = reference.metrics["rtt_ms"]
    metrics: dict = {"operator": "M-Lab", "timed": f"{aim[0]}:{aim[1]}/udp",
                     # The same server's round trip earlier in the run: the idle line's reference.
                     "before": {"median": rtt.get("median"), "p95": rtt.get("p95"),
                                "loss_pct": reference.metrics.get("loss_pct")}}
    if failure is not None:
        return {**metrics, "located": False}, failure
    out = busyline.measure(run.budget, offered, aim, timeouts.BUSY_LINE_S, timeouts.BUSY_LINE_BYTES,
                           f"CallPath/{__version__} (connection diagnosis)")
    metrics.update(out)
    metrics["servers"] = [name for name, _ in offered]
    if out.get("idle_error"):
        return metrics, Failure("no_target", "the voice server timed did not answer before the load")
    loaded = [out[d] for d in busyline.DIRECTIONS if isinstance(out.get(d), dict)]
    if not any(d.get("error") is None for d in loaded):
        first = next((d["error"] for d in loaded if d.get("error")), {"code": "unreachable", "detail": ""})
        return metrics, Failure(first["code"], f"no load server took the test: {first['detail']}")
    metrics["seconds_loaded"] = round(sum(d.get("seconds", 0.0) for d in loaded), 2)
    metrics["bytes"] = sum(d.get("bytes", 0) for d in loaded)
    return metrics, None


def _not_run(code: str, detail: str) -> Measurement:
    return not_measured(MID, KIND, "local", "M-Lab", code, detail)
