"""From measurements to a verdict. A pure function: no I/O, no clock, no network.

This version does not judge yet: it returns an honest 'inconclusive' that says what was
measured. The rules (local health → controls → service → China) replace it in a later version.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .measurement import Measurement

LOCI = ("local", "upstream", "none", "unknown")
CONFIDENCE = ("high", "medium", "low")


@dataclasses.dataclass(frozen=True)
class Answers:
    """What the user told us."""
    symptom: str = "check"      # check, phone_calls, app_calls, quality, sign_in
    location: str = "abroad"    # abroad or china (already resolved from 'auto')
    service: str = "skype"      # skype or teams


SYMPTOMS = ("check", "phone_calls", "app_calls", "quality", "sign_in")
LOCATIONS = ("auto", "abroad", "china")


@dataclasses.dataclass(frozen=True)
class Verdict:
    locus: str
    cause: str
    confidence: str
    headline: str
    explanation: str
    actions: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["actions"] = list(self.actions)
        d["evidence"] = list(self.evidence)
        return d


def analyse(measurements: list[Measurement], answers: Answers) -> Verdict:
    measured = [m for m in measurements if m.measured]
    failed = [m for m in measured if not m.ok]
    not_run = len(measurements) - len(measured)
    summary = (
        f"CallPath made {len(measured)} measurements: {len(measured) - len(failed)} succeeded "
        f"and {len(failed)} failed"
        + (f"; {not_run} could not be made" if not_run else "")
        + ". This version records measurements but does not yet judge them, so it cannot say "
        "whether the problem is on your side or upstream. The details below show what each "
        "test saw."
    )
    return Verdict(
        locus="unknown",
        cause="inconclusive",
        confidence="low",
        headline="Measurements recorded; no verdict yet",
        explanation=summary,
        actions=("Save this report and share it with someone who can read the details.",),
        evidence=tuple(m.id for m in failed),
    )
