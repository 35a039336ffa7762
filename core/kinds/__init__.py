"""Probe kinds as plugins: each module in this package declares one kind whole, in a ``KIND``
object — the catalog field that asks for it, the measurements it plans and how it runs, what
its measurements add to a finding, and the words for that. The catalog's validator, the planner,
the analysis and the texts loop over :func:`registry`; a new kind is one module here, its probe
in ``probes/``, its field on catalog entries, and its test.

The kinds every diagnosis rests on (TCP, TLS, HTTP, STUN, DNS) are typed fields of
:class:`~callpath.core.engine.catalog.Endpoint` and their steps live in :mod:`~callpath.core.engine.plan`,
because many rules read them; a kind that one rule reads belongs here.

May import: ``base``, and its own probe where its check runs (inside the step, so that the
analysis, which shapes findings with the kinds, loads no socket code). What a kind is handed
(the endpoint, the run, the finding, the evidence) it sees through the small protocols below,
never by importing the parts that call it.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from ..base.measurement import Failure, Measurement, Planned

# What a kind is handed, by what it may use of it: the catalog's endpoint, the runner's run and
# task, the analysis' finding and evidence all fit these (mypy checks that they do where they
# are passed), so a kind imports none of the parts that call it.


class EndpointView(Protocol):
    @property
    def host(self) -> str: ...
    @property
    def group(self) -> str: ...
    def option(self, field: str) -> Any: ...


class TaskView(Protocol):
    def planned_by_id(self, mid: str) -> Planned: ...


class RunView(Protocol):
    @property
    def budget(self) -> Any: ...  # base.budget.Budget
    def measure(self, task: Any, mid: str, fn: Callable[[], tuple[dict[str, Any], Failure | None]],
                ep: Any = None) -> Measurement: ...
    def skip(self, task: Any, mid: str, because: str) -> None: ...


class FindingView(Protocol):
    cause: str
    facts: dict[str, Any]
    notes: list[str]
    evidence: list[str]


class EvidenceView(Protocol):
    def select(self, kinds: Iterable[str] | str | None = None, groups: Iterable[str] | str | None = None,
               measured: bool = True) -> list[Measurement]: ...


def _no_change(finding: FindingView, ev: EvidenceView) -> None:
    return None


@dataclasses.dataclass(frozen=True)
class Kind:
    field: str  # the catalog field that asks for it; also its measurements' kind
    # The field's value checked and returned; a ValueError's message says what it must be
    # ("must be a port number (1-65535)") and is shown after the entry's and field's names.
    parse: Callable[[Any], Any]
    planned: Callable[[EndpointView, str], list[Planned]]  # (endpoint, measurement id prefix)
    # (task, run, endpoint, id prefix, the endpoint's address or None when its lookup failed)
    run: Callable[[TaskView, RunView, EndpointView, str, str | None], None]
    shape: Callable[[FindingView, EvidenceView], None] = _no_change  # adds notes/evidence in place
    notes: Mapping[str, str] = dataclasses.field(default_factory=dict)  # key -> N_() text
    label: str = ""  # N_(): what the check is, in words (the app's details table)
    # Measured with raw sockets: off the user's path where only a proxy leads out (evidence.py).
    raw: bool = True


@functools.cache
def registry() -> tuple[Kind, ...]:
    """Every kind in this package, in module-name order (the order of their measurements)."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{name}").KIND for name in names)


def fields() -> set[str]:
    return {k.field for k in registry()}


def raw_kinds() -> set[str]:
    return {k.field for k in registry() if k.raw}


def notes() -> dict[str, str]:
    return {key: text for k in registry() for key, text in k.notes.items()}


def labels() -> dict[str, str]:
    return {k.field: k.label for k in registry() if k.label}


def shape(finding: FindingView, ev: EvidenceView) -> None:
    for kind in registry():
        kind.shape(finding, ev)
