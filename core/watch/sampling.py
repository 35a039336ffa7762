"""Taking a round of a watch: the diagnosis' own voice probes to the calling service's relay
and to resolvers in China, summarised per part of the way (:class:`Point`). A round taken while
this computer had no usable network (Wi-Fi off, cable out, a laptop on a train) is marked
offline, to be kept and said as such, never counted as the line's quality (:func:`no_network`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..analysis.apps import ALL, Compared
from ..base.measurement import SAMPLE_KINDS, Measurement
from ..engine.catalog import Catalog
from ..records.watched import SAMPLE_S, Point
from .schedule import Clock, Stopped

WATCHED_GROUPS = ("china", "service")  # what a watch samples: the way into China, and the relay
# A watch runs for a day or more, so its cost is per hour: at most 100 KB on the wire. What
# tells the hours of the day apart is the packets an hour gathers (about 290 to China's three
# servers a day: 4 rounds of 3 samples of 24), spread over enough rounds that one moment's
# trouble is one of several points of its hour. 3 s at 8 a second every 15 minutes costs about
# 51 KiB an hour against loopback servers (bench/watch_day.py), half the budget: real servers'
# answers are larger (a CNAME chain, a STUN server's SOFTWARE and address attributes), up to
# about twice the bytes of an exchange by our estimate. The earlier 3 s at 20 a second every
# 10 minutes cost 177 KiB. Not shorter than 3 s: a relay that answers only TURN Allocates is
# asked so after 1.5 s (timeouts.SAMPLE_FALLBACK_S). A low rate also keeps an all-day watch
# gentle with the public servers it asks (docs/design.md, "How many packets a voice sample
# sends").
SAMPLE_PPS = 8.0               # its requests a second (a diagnosis sends 100): 24 a sample
# How a sample fails when there is no way out at all (no route, the network down), as opposed
# to silence (a timeout), which is the line's own quality and counts.
NO_PATH_CODES = frozenset({"unreachable", "no_network"})


def watched_apps(catalog: Catalog, app_id: str) -> tuple[Compared, ...]:
    """The apps a watch samples the servers of, each with its servers' entries: the one asked
    for; or for ``all`` every app that can carry a call (as an all-apps check judges them, the
    complaint being the calls themselves) and has a voice server to sample, but not an app
    blocked in mainland China (WhatsApp: no hour of it can be suggested)."""
    if app_id != ALL:
        own = tuple(e.id for e in catalog.for_app(app_id) if e.group == "service")
        return (Compared(app_id, own),)
    voice = {e.id for e in catalog.endpoints if e.group == "service" and e.stun is not None}
    return tuple(c for c in catalog.compared("app_calls")
                 if voice & set(c.endpoints) and not getattr(catalog.app(c.app), "blocked_in_china", True))


def sample(catalog: Catalog, app_id: str, clock: Clock, sample_s: float = SAMPLE_S,
           nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
           sample_pps: float = SAMPLE_PPS) -> list[Point]:
    """One round of the diagnosis' voice probes to the app's relay (each app's, for ``all``)
    and to China's resolvers (nothing else goes out), summarised per part of the way and per
    app, and marked offline when this computer had no network then (:func:`measure_round`,
    :func:`points_of`)."""
    at, offset = clock.now(), clock.utc_offset_min()
    apps = watched_apps(catalog, app_id)
    return points_of(measure_round(catalog, app_id, clock, sample_s, nameservers, dns_port, sample_pps, apps),
                     at, offset, apps)


def measure_round(catalog: Catalog, app_id: str, clock: Clock, sample_s: float = SAMPLE_S,
                  nameservers: tuple[str, ...] | None = None, dns_port: int = 53,
                  sample_pps: float = SAMPLE_PPS, apps: tuple[Compared, ...] | None = None) -> list[Measurement]:
    """A round's measurements: the voice samples (with the name lookups they need) and, when
    no sample answered, this computer's interfaces and default route, read by the diagnosis'
    own local probes from the operating system (nothing is sent). Read only then: a round that
    got an answer had a network, and the probes run system commands on some systems.
    ``apps``: the apps whose servers are sampled (:func:`watched_apps`, by default)."""
    from ..engine.plan import plan
    from ..engine.runner import Options, Planned, Run, Task, measure, run_tasks
    from ..probes import local

    apps = watched_apps(catalog, app_id) if apps is None else apps
    if not apps:
        raise ValueError("no app of the catalog has a voice server to watch")
    # Their voice samples alone: not the TCP connection and TURN-over-TCP checks a diagnosis
    # also makes of a relay (a round is a voice sample; those would add traffic every round).
    # One app's as a diagnosis of it would take them (a closed app's: its successor's too).
    chosen = catalog.for_apps(c.app for c in apps) if app_id == ALL else catalog.for_app(app_id)
    endpoints = tuple(dataclasses.replace(e, tcp=(), options=()) for e in chosen if e.group in WATCHED_GROUPS
                      and (e.stun is not None or (e.resolver_query and e.resolver_sample)))
    options = Options(app=app_id, apps=tuple(c.app for c in apps) if app_id == ALL else (),
                      sample_s=sample_s, sample_pps=sample_pps, sensitive_probes=False,
                      nameservers=nameservers, dns_port=dns_port)
    watched = {e.id for e in endpoints}
    tasks = [t for t in plan(dataclasses.replace(catalog, endpoints=endpoints), options) if t.name in watched]
    budget = clock.budget(sample_s + 10.0)
    run = Run(catalog, options, budget, None, None)
    try:
        measurements = run_tasks(tasks, run)
    finally:
        run.session.close()
    if budget.reason == "cancelled":  # stopped while sampling: a cut sample is not a sample
        raise Stopped
    if not _answered(measurements):
        checks = {"interfaces": local.interfaces, "route": local.default_routes}
        task = Task("local", "this computer", [Planned(f"local.{k}", k, "local", "this computer")
                                               for k in checks], lambda _task, _run: None)
        measurements += [measure(task, run, f"local.{k}", probe) for k, probe in checks.items()]
    return measurements


def points_of(measurements: list[Measurement], at: float, utc_offset_min: int,
              apps: Iterable[Compared] = ()) -> list[Point]:
    """A round's measurements summarised per part of the way: the way into China, then each of
    ``apps``' servers (its own entries' samples; with none named, every service sample, of no
    app named), all marked offline when the round found no network on this computer
    (:func:`no_network`)."""
    offline = no_network(measurements)
    out = [Point(at, utc_offset_min, "china", *part_quality(measurements, "china"), offline)]
    apps = tuple(apps)
    if not apps:
        return out + [Point(at, utc_offset_min, "service", *part_quality(measurements, "service"), offline)]
    return out + [Point(at, utc_offset_min, "service", *part_quality(measurements, "service", c.endpoints),
                        offline, c.app) for c in apps]


def part_quality(measurements: Iterable[Measurement], group: str,
                 endpoints: Iterable[str] | None = None) -> tuple[float | None, float | None, float | None]:
    """(round trip, loss, call quality) of one part of the way in a round: its answered samples
    pooled as the analysis pools a part's (pathquality.Part: the packets of every sample, the
    cleanest round trip and jitter), so a watch's sample and a diagnosis' figures for the same
    servers agree; the call quality computed here, the one place a watch does, from those raw
    figures (probes record none). ``endpoints``: only the samples of those catalog entries (an
    app's servers). (None, None, None) when nothing answered."""
    from ..analysis import pathquality
    from ..analysis.choice import endpoint_of
    from ..analysis.quality import mos

    own = None if endpoints is None else set(endpoints)
    samples = [pathquality.Sample.of(m.id, m.group, m.metrics) for m in _samples(measurements)
               if m.ok and m.group == group and (own is None or endpoint_of(m.id) in own)]
    part = pathquality.part(group, [s for s in samples if s is not None])
    if not part.measured:
        return None, None, None
    return (round(part.rtt_median, 1), part.loss_pct,
            round(mos(part.rtt_median, part.jitter, part.loss_pct), 2))


def _samples(measurements: Iterable[Measurement]) -> list[Measurement]:
    return [m for m in measurements if m.kind in SAMPLE_KINDS and m.group in WATCHED_GROUPS]


def _answered(measurements: Iterable[Measurement]) -> bool:
    return any(m.ok for m in _samples(measurements))


def no_network(measurements: Iterable[Measurement]) -> bool:
    """Whether a round was taken while this computer had no usable network, read from the
    round's own measurements (or a diagnosis'): never when a voice sample answered; else when
    the local probes found no interface up with an address or no default route
    (local.interfaces, local.route: no_network), or when every voice sample sent failed for
    want of a way out (no route, the network down). Silence is not that: a way into China that
    drops everything is the line's quality, and counts as its worst."""
    measurements = list(measurements)
    if _answered(measurements):
        return False
    if any(m.id in ("local.interfaces", "local.route") and m.error is not None
           and m.error.code == "no_network" for m in measurements):
        return True
    sent = [m for m in _samples(measurements) if m.measured]  # not the ones skipped for want of a name
    return bool(sent) and all(m.error is not None and m.error.code in NO_PATH_CODES for m in sent)
