"""The record of one thing CallPath measured.

A probe returns a :class:`Measurement` whatever happens on the network: success, or failure
with a canonical error code. "Not measured" (``skipped``, ``cancelled``, ``deadline``) stays
distinct from "failed", so analysis never reads a missing test as a broken network.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timezone
from typing import Any

GROUPS = ("local", "world", "service", "china")

# Codes meaning "this was not measured", as opposed to "this was measured and failed".
NOT_MEASURED = frozenset({"skipped", "cancelled", "deadline", "internal"})


@dataclasses.dataclass
class Failure:
    """Why a measurement failed: a canonical ``code`` and a scrubbed human ``detail``."""

    code: str
    detail: str = ""

    def to_json(self) -> dict[str, str]:
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

    def to_json(self) -> dict[str, Any]:
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


def from_json(d: dict[str, Any]) -> Measurement:
    """A measurement read back from a report (for analysing a saved report again)."""
    error = d.get("error")
    return Measurement(
        id=str(d["id"]), kind=str(d["kind"]), group=str(d["group"]), target=str(d["target"]),
        ok=bool(d["ok"]),
        error=Failure(str(error.get("code", "")), str(error.get("detail", ""))) if isinstance(error, dict) else None,
        metrics=d.get("metrics") if isinstance(d.get("metrics"), dict) else {},
        started_at=str(d.get("started_at", "")),
        duration_ms=float(d.get("duration_ms") or 0.0),
    )


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
