"""A call's fallback when UDP is blocked: voice over TCP to the media relay, on port 443.

Mechanism: a network that drops UDP but lets web connections out still carries Teams calls,
over the relay's TCP 443 — slower to recover from loss, so they may sound worse, but they
connect. Microsoft documents TCP 443 beside UDP 3478 for the relay's test host and says media
falls back to it (docs/sources.md, "Calling apps' media"); what exactly the relay speaks there is not
documented (weak). So the check sends the same unauthenticated TURN Allocate as the UDP test,
over TCP (RFC 8656 §6.2: STUN messages framed by their own length): any STUN answer — a 401
asking for credentials is the usual one — proves a relay that takes calls answers this way.

What else leaves this evidence: a TCP answer says nothing about UDP, and silence over TCP is
not proof that calls cannot fall back (a relay may want TLS on that port). So the answer only
qualifies a "voice channel blocked" verdict — calls can still connect — and silence adds nothing.
Catalog field: ``"media_tcp": <port>`` on the relay's entry.
"""

from __future__ import annotations

from ..base.i18n import N_
from ..base.measurement import Planned
from . import EndpointView, EvidenceView, FindingView, Kind, Measures, RunView, TaskView, port

# The probe (sockets, aioice) is imported where a check runs, not here: the catalog's validator
# imports every kind for its field and parser, the analysis for what a kind adds to a finding,
# and neither the app's first paint nor the re-judging of a saved report loads socket code.

def _planned(ep: EndpointView, pre: str) -> list[Planned]:
    return [Planned(f"{pre}.media_tcp", "media_tcp", ep.group, f"{ep.host}:{ep.option('media_tcp')}/tcp")]


def _run(task: TaskView, run: RunView, ep: EndpointView, pre: str, address: str | None) -> None:
    from ..probes.media_tcp import allocate_over_tcp

    mid = f"{pre}.media_tcp"
    if address is None:
        run.skip(task, mid, f"{pre}.dns failed")
        return
    run.measure(task, mid, lambda: allocate_over_tcp(run.budget, address, ep.option("media_tcp")), ep)


def _shape(finding: FindingView, ev: EvidenceView) -> None:
    """A blocked voice channel with the relay answering over TCP: calls can still connect."""
    if finding.cause != "udp_blocked" or finding.facts.get("variant") == "proxy_only":
        return
    answered = [m for m in ev.select("media_tcp", "service") if m.ok]
    if answered:
        finding.notes.append("media_tcp_fallback")
        finding.evidence += [m.id for m in answered]


KIND = Kind(
    name="media_tcp",
    fields=("media_tcp",),
    # A network that blocks voice often inspects the relay's voice over TCP too, and relays
    # ignore a test that is not a call's: its silence is the voice block's.
    measures=(Measures("media_tcp", N_("voice over a web connection"), raw=True, broken_by=frozenset({"voice"})),),
    parse=port,
    planned=_planned,
    run=_run,
    shape=_shape,
    notes={
        "media_tcp_fallback": N_("The voice servers of {service} did answer over an ordinary web connection "
                                 "(port 443), which {service} uses when the fast channel is blocked: "
                                 "calls may still connect here, but sound worse and drop more easily."),
    },
)
