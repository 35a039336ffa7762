"""What analysis concludes, before it is put into words."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..base.reportdata import Parts

CONFIDENCE = ("low", "medium", "high")


@dataclasses.dataclass
class Finding:
    """What analysis concluded, before it is put into words.

    ``facts`` carries the figures and names the texts may quote (``variant`` picks the texts);
    ``notes`` are extra sentences (by key) that change what the verdict means.
    """
    locus: str
    cause: str
    confidence: str
    evidence: list[str] = dataclasses.field(default_factory=list)
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Each part of the way as the analysis judged it (analysis.judge_parts): what every
    # picture, row and report line shows, so that none judges the measurements again. None
    # until judged.
    parts: Parts | None = None

    def lower_confidence(self) -> None:
        self.confidence = {"high": "medium", "medium": "low", "low": "low"}[self.confidence]

    def cap(self, level: str) -> None:
        if CONFIDENCE.index(self.confidence) > CONFIDENCE.index(level):
            self.confidence = level
