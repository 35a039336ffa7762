"""The record of one thing CallPath measured.

A probe returns a :class:`Measurement` whatever happens on the network: success, or failure
with a canonical error code. "Not measured" (``skipped``, ``cancelled``, ``deadline``) stays
distinct from "failed", so analysis never reads a missing test as a broken network.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime
from typing import Any

from .reportdata import ErrorData, MeasurementData

# The parts of the way a measurement belongs to, in the order reports show them: this computer
# and its network, then the catalog's groups (ENDPOINT_GROUPS).
GROUPS = ("local", "world", "service", "china")
ENDPOINT_GROUPS = GROUPS[1:]

# Codes meaning "this was not measured", as opposed to "this was measured and failed".
# Kinds whose measurements are voice-like samples (round trip, loss, jitter, call quality).
SAMPLE_KINDS = ("stun", "dns_sample")
# (the busy-line test's own: a metered connection, a user in China, no voice server to time)
NOT_MEASURED = frozenset({"skipped", "cancelled", "deadline", "internal", "not_on_path",
                          "metered", "from_china", "no_target"})


@dataclasses.dataclass
class Planned:
    """A measurement a task owes, known before it runs: every one appears in the report,
    measured or not (:func:`not_measured`)."""
    id: str
    kind: str
    group: str
    target: str


@dataclasses.dataclass
class Failure:
    """Why a measurement failed: a canonical ``code`` and a scrubbed human ``detail``."""

    code: str
    detail: str = ""

    def to_json(self) -> ErrorData:
        return {"code": self.code, "detail": self.detail}


@dataclasses.dataclass
class Measurement:
    id: str
    kind: str
    group: str
    target: str
    ok: bool = False
    error: Failure | None = None
    metrics: dict[str, Any] = dataclasses.field(default_factory=dict)
    started_at: str = ""
    duration_ms: float = 0.0

    @property
    def measured(self) -> bool:
        return self.error is None or self.error.code not in NOT_MEASURED

    def describe(self) -> str:
        """One line a developer can read in a log."""
        state = "ok" if self.ok else (self.error.code if self.error else "failed")
        return f"{self.id} [{self.kind} {self.target}]: {state} in {self.duration_ms:.0f} ms"

    def to_json(self) -> MeasurementData:
        return {
            "id": self.id,
            "kind": self.kind,
            "group": self.group,
            "target": self.target,
            "ok": self.ok,
            "error": self.error.to_json() if self.error else None,
            "metrics": self.metrics,
            "started_at": self.started_at,
            "duration_ms": round(self.duration_ms, 1),
        }


_NUMBER = (int, float)
_LIST_OF_TEXT = "list of text"
# The metrics the analysis and the renderers read, by the types the probes write. In a saved
# report a value of another type is damage: report.validate refuses the report.
METRIC_TYPES: dict[str, Any] = {
    "addresses": _LIST_OF_TEXT, "addresses_v6": _LIST_OF_TEXT, "in_forged_pool": _LIST_OF_TEXT,
    "private_answers": list, "tunnels": list,
    "in_use": bool, "control_answered": bool, "body_match": bool,
    "sni": str, "issuer": str, "location": str, "redirect": str, "mapped_address": str, "proxy": str, "url": str,
    "rcode": str, "content_type": str,
    "mos": _NUMBER, "loss_pct": _NUMBER, "jitter_ms": _NUMBER, "clock_skew_s": _NUMBER,
    "elapsed_ms": _NUMBER, "status": int, "rtt_ms": "round trip", "control": (str, dict),
}


def of_type(value: Any, kinds: Any) -> bool:
    """isinstance for values read from JSON, where true is not a number (nor 1 a text)."""
    if isinstance(value, bool):
        return kinds is bool or (isinstance(kinds, tuple) and bool in kinds)
    return isinstance(value, kinds)


def texts(value: Any) -> bool:
    """A JSON list of texts."""
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def metric_ok(key: str, value: Any) -> bool:
    kind = METRIC_TYPES.get(key)
    if kind is None:
        return True
    if value is None:  # "not known" is written for figures and texts, never for lists
        return kind not in (_LIST_OF_TEXT, list)
    if kind == _LIST_OF_TEXT:
        return texts(value)
    if kind == "round trip":  # one figure (TCP, DNS), or a sample's figures with their median
        figures = value.values() if isinstance(value, dict) else [value]
        return (not isinstance(value, dict) or "median" in value) and all(
            of_type(x, _NUMBER) for x in figures)
    return of_type(value, kind)


def from_json(d: MeasurementData) -> Measurement:
    """A measurement read back from a report (for analysing a saved report again)."""
    error = d.get("error")
    return Measurement(
        id=str(d["id"]), kind=str(d["kind"]), group=str(d["group"]), target=str(d["target"]),
        ok=bool(d["ok"]),
        error=Failure(str(error.get("code", "")), str(error.get("detail", ""))) if isinstance(error, dict) else None,
        metrics=metrics if isinstance(metrics := d.get("metrics"), dict) else {},
        started_at=str(d.get("started_at", "")),
        duration_ms=float(d.get("duration_ms") or 0.0),
    )


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Recorder:
    """Times one measurement: ``with Recorder(m): ...`` fills ``started_at`` and ``duration_ms``."""

    def __init__(self, measurement: Measurement):
        self.m = measurement

    def __enter__(self) -> Measurement:
        self.m.started_at = utc_now_iso()
        self._t0 = time.monotonic()
        return self.m

    def __exit__(self, *exc: object) -> None:
        self.m.duration_ms = (time.monotonic() - self._t0) * 1000.0


def not_measured(mid: str, kind: str, group: str, target: str, code: str, detail: str) -> Measurement:
    """A placeholder for a planned measurement that did not run."""
    return Measurement(
        id=mid, kind=kind, group=group, target=target, ok=False,
        error=Failure(code, detail), started_at=utc_now_iso(),
    )
