"""Probe kinds as plugins: each module in this package declares one kind whole, in a ``KIND``
object — the catalog field that asks for it, the measurements it plans and how it runs, what
its measurements add to a finding, and the words for that. The catalog's validator, the planner,
the analysis and the texts loop over :func:`registry`; a new kind is one module here, its field
on catalog entries, and its test.

The kinds every diagnosis rests on (TCP, TLS, HTTP, STUN, DNS) are typed fields of
:class:`~callpath.core.catalog.Endpoint` and their steps live in :mod:`~callpath.core.plan`,
because many rules read them; a kind that one rule reads belongs here.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..catalog import Endpoint
    from ..evidence import Evidence
    from ..finding import Finding
    from ..runner import Planned, Run, Task


def _no_change(finding: Finding, ev: Evidence) -> None:
    return None


@dataclasses.dataclass(frozen=True)
class Kind:
    field: str  # the catalog field that asks for it; also its measurements' kind
    # The field's value checked and returned; a ValueError's message says what it must be
    # ("must be a port number (1-65535)") and is shown after the entry's and field's names.
    parse: Callable[[Any], Any]
    planned: Callable[[Endpoint, str], list[Planned]]  # (endpoint, measurement id prefix)
    # (task, run, endpoint, id prefix, the endpoint's address or None when its lookup failed)
    run: Callable[[Task, Run, Endpoint, str, str | None], None]
    shape: Callable[[Finding, Evidence], None] = _no_change  # adds notes/evidence in place
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


def shape(finding: Finding, ev: Evidence) -> None:
    for kind in registry():
        kind.shape(finding, ev)
