"""The user's line when it is busy (the opt-in busy-line test, engine/busyline.py): how much
longer a voice-like packet waits while the line is loaded each way, read as a state of the
user's own line.

The wait a load adds is the 95th percentile of the round trips sampled under load over the
idle line's: a single stream's congestion control backs off at each drop, so a deep buffer is
full only part of the time (the lab's 300 ms queue: a median of about 30 ms, a 95th percentile
of the full 300), and a call meets those peaks. The idle line's own 95th percentile is taken
off, so a Wi-Fi that is jumpy when idle is not blamed on the load. Graded in the bands people
know from speed tests (DSLReports' bufferbloat grades, dslreports.com/faq/17930).

What else leaves the same evidence, and how it is told apart or said:
- the computer itself too busy to time its packets (the run's own timing check): "busy", no
  verdict;
- a VPN: the load and the packets cross it, and the queue may be at its server: not sure;
- a user in mainland China: the load servers are abroad, so the waits would be the border's:
  not judged (the test does not run there);
- a load server or a voice server that cannot be reached, a metered connection, too few
  answers under load: not measured — never a clean line.
Pure, as the rest of the analysis.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..base.measurement import Measurement
from . import pathrules
from .evidence import Evidence
from .finding import Finding

MID = "local.busy_line"
DIRECTIONS = ("upload", "download")
# A call breaks up from here (grade D and worse: 200 ms more is as much again as a call across
# the world takes, and a call's voice waits behind it in one direction or both).
BLOATED_MS = 200.0
# Worth saying from here (grade C), not a verdict: calls lag, they do not break up.
SOME_MS = 60.0
# Fewer answers than this under load say nothing of the wait.
MIN_ANSWERS = 10
GRADES = ((5.0, "A+"), (30.0, "A"), (60.0, "B"), (200.0, "C"), (400.0, "D"))


class Direction(NamedTuple):
    direction: str
    extra_ms: float
    loss_pct: float
    mbps: float


class Reading(NamedTuple):
    state: str                      # "bloated", "some", "clean", "not_measured"
    ids: list[str]
    directions: tuple[Direction, ...]  # those judged, worst first
    why: str = ""                   # for "not_measured": its code


def grade(extra_ms: float) -> str:
    return next((g for limit, g in GRADES if extra_ms < limit), "F")


def _p95(figures: Any) -> float | None:
    rtt = figures.get("rtt_ms") if isinstance(figures, dict) else None
    value = rtt.get("p95") if isinstance(rtt, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _direction(metrics: dict[str, Any], direction: str, idle_p95: float) -> Direction | None:
    loaded = metrics.get(direction)
    if not isinstance(loaded, dict) or loaded.get("error"):
        return None
    samples = loaded.get("samples")
    p95 = _p95(samples)
    if p95 is None or not isinstance(samples, dict) or _number(samples.get("received")) < MIN_ANSWERS:
        return None
    seconds = _number(loaded.get("seconds"))
    mbps = 8 * _number(loaded.get("bytes")) / seconds / 1e6 if seconds > 0 else 0.0
    return Direction(direction, round(max(0.0, p95 - idle_p95), 1), _number(samples.get("loss_pct")),
                     round(mbps, 1))


def read(ev: Evidence) -> Reading | None:
    """The test's reading; None when it was not asked for."""
    m = ev.get(MID)
    if m is None:
        return None
    if ev.inside_china:
        return Reading("not_measured", [m.id], (), "from_china")
    if not m.ok:
        return Reading("not_measured", [m.id], (), m.error.code if m.error else "failed")
    if pathrules.path_of(ev).busy:
        # This computer delayed its own packets: waits under load may be its own.
        return Reading("not_measured", [m.id], (), "busy_computer")
    judged = directions(m.metrics)
    if not judged:
        # A fast line moves the whole allowance in a moment: too short a load to time.
        fast = any(isinstance(d, dict) and d.get("ended") == "cap" for d in map(m.metrics.get, DIRECTIONS))
        return Reading("not_measured", [m.id], (), "fast_line" if fast else "few_answers")
    worst = judged[0].extra_ms
    state = "bloated" if worst >= BLOATED_MS else "some" if worst >= SOME_MS else "clean"
    return Reading(state, [m.id], judged)


def directions(metrics: dict[str, Any]) -> tuple[Direction, ...]:
    """Each direction the test's figures judge (enough answers under load, an idle line to
    compare with), the worst first."""
    idle_p95 = _p95(metrics.get("idle"))
    judged = [d for name in DIRECTIONS if idle_p95 is not None
              and (d := _direction(metrics, name, idle_p95)) is not None]
    return tuple(sorted(judged, key=lambda d: -d.extra_ms))


def facts(reading: Reading) -> dict[str, Any]:
    """What the words quote: the state, the worst direction's wait and grade, each direction's."""
    out: dict[str, Any] = {"state": reading.state}
    if reading.why:
        out["why"] = reading.why
    if reading.directions:
        worst = reading.directions[0]
        out.update(direction=worst.direction, extra_ms=worst.extra_ms, grade=grade(worst.extra_ms),
                   mbps=worst.mbps, tested=[d.direction for d in reading.directions],
                   directions={d.direction: {"extra_ms": d.extra_ms, "grade": grade(d.extra_ms),
                                             "loss_pct": d.loss_pct, "mbps": d.mbps} for d in reading.directions})
    return out


def rule(ev: Evidence) -> Finding | None:
    """A line that makes a call's voice wait 200 ms or more when it is busy: a fault on the
    user's side that stops nothing (asked only where nothing else is found). At most medium:
    the test shows what a busy line does, not that the line was busy during the calls
    complained of; low with a VPN (the queue may be at its server) or a computer too busy to
    time its own packets."""
    reading = read(ev)
    if reading is None or reading.state != "bloated":
        return None
    finding = Finding("local", "busy_line", "medium", list(reading.ids), {"busy_line": facts(reading)})
    if ev.tunnels():
        finding.cap("low")
    return finding


def aside(m: Measurement) -> bool:
    """A busy-line test that did not measure the line: it says nothing about this side's
    checks (a load server turned it away, a metered connection)."""
    return m.id == MID and not m.ok


def notes(ev: Evidence, finding: Finding) -> None:
    """What the test adds beside a verdict that is not its own: a clean line under load (the
    trouble is beyond this side's line, as far as a busy line goes), a line that lags when
    busy, one that chokes though something else is the verdict, or a test that did not
    measure the line (and why)."""
    reading = read(ev)
    if reading is None or finding.cause == "busy_line":
        return
    finding.facts["busy_line"] = facts(reading)
    finding.notes.append({"bloated": "busy_line_also", "some": "busy_line_some", "clean": "busy_line_clean",
                          "not_measured": "busy_line_not_measured"}[reading.state])
