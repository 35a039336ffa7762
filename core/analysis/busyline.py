"""The user's line when it is busy (the opt-in busy-line test, engine/busyline.py): how much
longer a voice-like packet waits while the line is loaded each way, read as a state of the
user's own line.

The wait a load adds is the 95th percentile of the round trips sampled under load over the
idle line's: a single stream's congestion control backs off at each drop, so a deep buffer is
full only part of the time (the lab's 300 ms queue: a median of about 30 ms, a 95th percentile
of the full 300), and a call meets those peaks. The idle line's own 95th percentile is taken
off, so a Wi-Fi that is jumpy when idle is not blamed on the load. Graded in the bands people
know from speed tests (DSLReports' bufferbloat grades, dslreports.com/faq/17930).

What else leaves the same evidence, and how it is told apart or said (docs/design.md, the
rule table, has them all):
- the computer itself too busy to time its packets (the run's own timing check): not judged;
- one stall (a Wi-Fi scan) holding every answer for half a second: its answers arrive at once,
  a queue's one by one (``_held``): said as a lag, not the verdict;
- another device already loading the line as the test began: the idle line's round trip had
  risen from the same server's earlier in the run: not judged;
- a VPN, a proxy tool or a proxy: the queue may be at its server: not sure;
- a user in mainland China: the load servers are abroad, so the waits would be the border's:
  not judged (the test does not run there);
- a load that never held the line (a server that took almost nothing, a connection closed
  early, a line so fast the allowance went by at once; a download, which M-Lab paces to keep
  buffers nearly empty), a load server or a voice server that cannot be reached, a metered
  connection, too few answers under load: not measured — never a clean line.
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
# A long wait counts as the line's when it came again and again: this many answers, arriving
# over this long (a stall releases its held answers at once; a queue one every 50 ms).
HELD_ANSWERS = 3
HELD_S = 0.25
# A load that held the line: to its time, or to its cap after this long, at this pace at least
# (a server that barely took or sent anything loaded nothing).
MIN_CAP_S = 1.0
MIN_MBPS = 0.5
# Voice lost under load beyond what the idle line lost: worth saying from here.
LOSSY_PCT = 5.0
# Too few answers to time, yet so much lost (of this many sent) that the line dropped voice.
LOSSY_SENT = 30
LOSSY_LOST_PCT = 50.0
# The idle line already loaded: its round trip this much above the same server's earlier.
ALREADY_MEDIAN_MS = 30.0
ALREADY_P95_MS = 60.0


class Direction(NamedTuple):
    direction: str
    extra_ms: float     # the 95th percentile under load over the idle line's
    loss_pct: float     # voice lost under load beyond what was lost idle
    mbps: float
    loaded: bool        # the load held the line: for its time (or to its cap after a second), moving data
    held: bool          # the long waits came again and again, over a second or more: a queue, not one stall


class Reading(NamedTuple):
    state: str                      # "bloated", "lossy", "some", "clean", "not_measured"
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


def _held(series: Any, idle_p95: float) -> bool:
    """Whether the waits of a busy line's worst grades were a queue's: at least
    ``HELD_ANSWERS`` answers ``BLOATED_MS`` over the idle line, arriving one after another over
    ``HELD_S`` or more. A stall (a Wi-Fi scan, a roam) holds every answer and releases them
    together: they arrive at once, whenever they were sent. A queue lets them out one by one.
    (Not their send times: a load's first second, its slow start overshooting the buffer, is
    often all the queue there is, and it is the queue a call meets.) A record without its
    series is taken as held: its 95th percentile is all there is."""
    if not isinstance(series, list):
        return True
    pairs = [x for x in series if isinstance(x, list) and len(x) == 2
             and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in x)]
    arrived = [float(x[0]) + float(x[1]) / 1000.0 for x in pairs if x[1] - idle_p95 >= BLOATED_MS]
    return len(arrived) >= HELD_ANSWERS and max(arrived) - min(arrived) >= HELD_S


def _direction(metrics: dict[str, Any], direction: str, idle_p95: float, idle_loss: float) -> Direction | None:
    loaded = metrics.get(direction)
    if not isinstance(loaded, dict) or loaded.get("error"):
        return None
    samples = loaded.get("samples")
    if not isinstance(samples, dict):
        return None
    seconds = _number(loaded.get("seconds"))
    mbps = 8 * _number(loaded.get("bytes")) / seconds / 1e6 if seconds > 0 else 0.0
    ended = loaded.get("ended")
    full = ended in ("time", "clear") or (ended == "cap" and seconds >= MIN_CAP_S)
    fed = full and mbps >= MIN_MBPS
    loss = max(0.0, _number(samples.get("loss_pct")) - idle_loss)
    p95 = _p95(samples)
    if p95 is None or _number(samples.get("received")) < MIN_ANSWERS:
        # Few answers: nothing to time, unless the idle line lost nearly nothing and the
        # loaded one lost most of what it sent (a line that drops voice when busy).
        if fed and _number(samples.get("sent")) >= LOSSY_SENT and loss >= LOSSY_LOST_PCT:
            return Direction(direction, 0.0, round(loss, 1), round(mbps, 1), True, False)
        return None
    return Direction(direction, round(max(0.0, p95 - idle_p95), 1), round(loss, 1), round(mbps, 1), fed,
                     _held(samples.get("series"), idle_p95))


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
    if _already_busy(m.metrics):
        return Reading("not_measured", [m.id], (), "already_busy")
    judged = directions(m.metrics)
    bloated = [d for d in judged if d.extra_ms >= BLOATED_MS and d.held]  # (a lone stall: "some")
    if bloated:
        return Reading("bloated", [m.id], tuple(bloated) + tuple(d for d in judged if d not in bloated))
    if any(d.loss_pct >= LOSSY_PCT for d in judged):
        return Reading("lossy", [m.id], tuple(sorted(judged, key=lambda d: -d.loss_pct)))
    if any(d.extra_ms >= SOME_MS for d in judged):
        return Reading("some", [m.id], judged)
    upload = next((d for d in judged if d.direction == "upload"), None)
    if upload is not None and upload.loaded:
        # Clean only where the upload held the line (a download from M-Lab is paced by BBR,
        # which keeps a deep buffer nearly empty: a clean download alone proves little).
        return Reading("clean", [m.id], tuple(d for d in judged if d.loaded))
    return Reading("not_measured", [m.id], (), _why_not(m.metrics))


def _why_not(metrics: dict[str, Any]) -> str:
    """Why the upload, the one that can show a line coping, was not judged."""
    upload = metrics.get("upload")
    if not isinstance(upload, dict) or upload.get("error"):
        return "other"
    if upload.get("ended") == "cap":
        return "fast_line"  # the whole allowance went by in a moment: too short a load to time
    return "few_answers" if upload.get("ended") in ("time", "clear") else "cut_short"


def _already_busy(metrics: dict[str, Any]) -> bool:
    """The idle line was already loaded when the test began (another device uploading or
    streaming): its round trip rose from the same server's earlier in the run. Taking that as
    the idle line would hide the very wait the test looks for."""
    before, idle = metrics.get("before"), metrics.get("idle")
    if not isinstance(before, dict) or not isinstance(idle, dict) or not isinstance(idle.get("rtt_ms"), dict):
        return False
    rose = {key: _number(idle["rtt_ms"].get(key)) - _number(before.get(key)) for key in ("median", "p95")}
    return bool(before.get("median")) and (rose["median"] >= ALREADY_MEDIAN_MS or rose["p95"] >= ALREADY_P95_MS)


def directions(metrics: dict[str, Any]) -> tuple[Direction, ...]:
    """Each direction the test's figures judge (enough answers under load, an idle line to
    compare with), the worst first."""
    idle_p95 = _p95(metrics.get("idle"))
    if idle_p95 is None:
        return ()
    idle_loss = _number(metrics["idle"].get("loss_pct"))
    judged = [d for name in DIRECTIONS if (d := _direction(metrics, name, idle_p95, idle_loss)) is not None]
    return tuple(sorted(judged, key=lambda d: -d.extra_ms))


def facts(reading: Reading) -> dict[str, Any]:
    """What the words quote: the state, the worst direction's wait and grade, each direction's."""
    out: dict[str, Any] = {"state": reading.state}
    if reading.why:
        out["why"] = reading.why
    if reading.directions:
        worst = reading.directions[0]
        out.update(direction=worst.direction, extra_ms=worst.extra_ms, grade=grade(worst.extra_ms),
                   loss_pct=worst.loss_pct, mbps=worst.mbps, tested=[d.direction for d in reading.directions],
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
    if ev.tunnelled():
        finding.cap("low")  # a VPN, a proxy tool or a proxy: the queue may be at its server
    if ev.answers.symptom == "app_calls":
        finding.cap("low")  # a busy line spoils and drops calls; it does not stop them connecting
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
    finding.notes.append({"bloated": "busy_line_also", "lossy": "busy_line_lossy", "some": "busy_line_some",
                          "clean": "busy_line_clean", "not_measured": "busy_line_not_measured"}[reading.state])
