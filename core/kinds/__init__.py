"""Kinds of check, each declared whole in one :class:`Kind` record: the catalog fields that ask
for it, how such a field's value is checked, the measurements it plans — each kind of
measurement with its words and whether raw sockets take it — how it runs, what its
measurements add to a finding, and the words for that. The catalog's validator, the planner,
the analysis and the texts loop over :func:`registry`; nothing else lists a kind's fields,
words or raw flag.

The kinds every diagnosis rests on (a connection: TCP, TLS, HTTP; STUN; a DNS server asked or
sampled; DoH; the forged-answer check) are in ``_builtin.py``: their fields are typed fields of
:class:`~callpath.core.engine.catalog.Endpoint`, checked by the catalog, because many rules read
them. Any other kind is a plugin, one module here with a ``KIND`` whose one field, its name, its
own ``parse`` checks (kept in ``Endpoint.options``): a new kind is that module, its probe in
``probes/`` and its test, plus the translations of its words. The measurements the engine takes
around the kinds (this computer's settings, its timing, each name's lookup) are declared here
too (:data:`ENGINE_MEASURES`), so that every measurement kind's words are in this package.

May import: ``base``, and a kind's own probes where its check runs (inside the step, so that
the analysis, which reads the raw flags and shapes findings with the kinds, loads no socket
code; for the same reason the kinds' modules are found by name, not imported here). What a kind
is handed (the endpoint, the run, the finding, the evidence) it sees through the small
protocols below, never by importing the parts that call it.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from ..base.i18n import N_
from ..base.measurement import Failure, Measurement, Planned

# What a kind is handed, by what it may use of it: the catalog's endpoint, the runner's run and
# task, the analysis' finding and evidence all fit these (mypy checks that they do where they
# are passed), so a kind imports none of the parts that call it.


class HttpCheckView(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def expect_status(self) -> tuple[int, ...]: ...
    @property
    def expect_body(self) -> str | None: ...


class EndpointView(Protocol):
    @property
    def host(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def is_ip_literal(self) -> bool: ...
    # The built-in kinds' typed fields (catalog.Endpoint says what each is).
    @property
    def tcp(self) -> tuple[int, ...]: ...
    @property
    def tls(self) -> int | None: ...
    @property
    def http(self) -> HttpCheckView | None: ...
    @property
    def stun(self) -> int | None: ...
    @property
    def resolver_query(self) -> str | None: ...
    @property
    def resolver_sample(self) -> bool: ...
    @property
    def doh(self) -> str | None: ...
    @property
    def injection_names(self) -> tuple[str, ...]: ...
    @property
    def dns_port(self) -> int: ...
    def option(self, field: str) -> Any: ...  # a plugin kind's field, as its parse returned it


class OptionsView(Protocol):
    @property
    def sample_s(self) -> float: ...
    @property
    def sample_pps(self) -> float: ...
    @property
    def sensitive_probes(self) -> bool: ...


class CatalogView(Protocol):
    @property
    def tls_control_name(self) -> str: ...
    @property
    def dns_control_name(self) -> str: ...


class TaskView(Protocol):
    def planned_by_id(self, mid: str) -> Planned: ...


class RunView(Protocol):
    @property
    def budget(self) -> Any: ...  # base.budget.Budget
    @property
    def session(self) -> Any: ...  # probes.http.ProbeSession: the system's proxy, web requests
    @property
    def catalog(self) -> CatalogView: ...
    @property
    def options(self) -> OptionsView: ...
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
class Measures:
    """A kind of measurement (``Measurement.kind``), as one check yields it."""
    kind: str
    label: str  # N_(): what the check is, in words (the app's details table)
    # Taken with raw sockets: off the user's path where only a proxy leads out (evidence.py);
    # a web request goes through the system's proxy and is not.
    raw: bool
    # The faults on the user's side whose mechanism stops it (the cause table's ``explains``):
    # "voice", a network blocking calls' voice; "secure", a wrong clock or a product that
    # re-signs secure connections. Its failure under such a verdict is accounted for.
    broken_by: frozenset[str] = frozenset()
    # A sample of the path, lasting the run's sample time: its task is among the run's longest,
    # started first (engine/runner.py).
    sampled: bool = False


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of check on a catalog entry: one step of the entry's task, run side by side with
    the entry's other steps once its name has an address."""
    name: str  # the step's name; a plugin kind's is also its catalog field
    fields: tuple[str, ...]  # the catalog fields that ask for it
    measures: tuple[Measures, ...]  # the kinds of measurement it plans
    planned: Callable[[EndpointView, str], list[Planned]]  # (endpoint, measurement id prefix)
    # (task, run, endpoint, id prefix, the endpoint's address or None when its lookup failed)
    run: Callable[[TaskView, RunView, EndpointView, str, str | None], None]
    # A plugin's field value checked and returned; a ValueError's message says what it must be
    # ("must be a port number (1-65535)") and is shown after the entry's and field's names.
    # None: a built-in kind, whose fields the catalog checks.
    parse: Callable[[Any], Any] | None = None
    # Whether an entry asks for it; None: a plugin kind, asked for by its field.
    wanted: Callable[[EndpointView, OptionsView], bool] | None = None
    shape: Callable[[FindingView, EvidenceView], None] = _no_change  # adds notes/evidence in place
    notes: Mapping[str, str] = dataclasses.field(default_factory=dict)  # key -> N_() text

    def asked(self, ep: EndpointView, options: OptionsView) -> bool:
        if self.wanted is not None:
            return self.wanted(ep, options)
        return ep.option(self.name) is not None


# The measurements the engine takes around the kinds (engine/plan.py): this computer's settings
# and timing, each entry's name looked up, and looked up again by a trusted resolver. (The home
# router's sample is a DNS sample, the dns_sample kind's measurement.)
ENGINE_MEASURES: tuple[Measures, ...] = (
    Measures("interfaces", N_("network adapters"), raw=False),
    Measures("route", N_("route to the internet"), raw=False),
    Measures("resolvers", N_("DNS settings"), raw=False),
    Measures("proxy", N_("proxy settings"), raw=False),
    Measures("vpn", N_("VPN"), raw=False),
    Measures("ipv6", N_("IPv6"), raw=False),
    Measures("echo", N_("this computer's own timing"), raw=False, sampled=True),
    # Through the system's resolvers, which the user's apps use too: on their path.
    Measures("dns", N_("name lookup (DNS)"), raw=False),
    Measures("dns_trusted", N_("lookup by a trusted DNS"), raw=False, broken_by=frozenset({"secure"})),
    # The opt-in busy-line test (engine/busyline.py): its load and its voice-like packets go
    # out directly, not through a proxy.
    Measures("busy_line", N_("your line when busy"), raw=True),
)


@functools.cache
def registry() -> tuple[Kind, ...]:
    """Every kind, in the order of their measurements: the built-in ones, then the plugins in
    module-name order."""
    builtin: tuple[Kind, ...] = importlib.import_module(f"{__name__}._builtin").KINDS
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return builtin + tuple(importlib.import_module(f"{__name__}.{name}").KIND for name in names)


@functools.cache
def measures() -> dict[str, Measures]:
    """Every kind of measurement, by its name: the engine's own and every kind's."""
    return {m.kind: m for m in ENGINE_MEASURES + tuple(m for k in registry() for m in k.measures)}


def fields() -> set[str]:
    """Every catalog field that asks for a check."""
    return {f for k in registry() for f in k.fields}


def port(value: Any) -> int:
    """A plugin field's value that names a port (``"media_tcp": 443``), checked."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        raise ValueError("must be a port number (1-65535)")
    return value


@functools.cache
def broken_by(mechanism: str) -> frozenset[str]:
    """The kinds of measurement a fault on the user's side with this mechanism stops (asked
    for every failed check while a verdict is weighed: computed once)."""
    return frozenset(m.kind for m in measures().values() if mechanism in m.broken_by)


def raw_kinds() -> set[str]:
    return {m.kind for m in measures().values() if m.raw}


def labels() -> dict[str, str]:
    return {m.kind: m.label for m in measures().values()}


def notes() -> dict[str, str]:
    return {key: text for k in registry() for key, text in k.notes.items()}


def shape(finding: FindingView, ev: EvidenceView) -> None:
    for kind in registry():
        kind.shape(finding, ev)
