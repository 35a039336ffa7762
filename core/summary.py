"""A report summarised for people: the one figure per measurement, and each group's outcome,
voice samples, trouble and key figures — shared by the renderers, the app and the history."""

from __future__ import annotations

from typing import Any

from .measurement import NOT_MEASURED, SAMPLE_KINDS


def figure(m: dict[str, Any]) -> str:
    """The one number that best describes a measurement."""
    metrics = m.get("metrics") or {}
    kind = m.get("kind")
    if kind in SAMPLE_KINDS and isinstance(metrics.get("rtt_ms"), dict):
        return (f"rtt {metrics['rtt_ms'].get('median')} ms, jitter {metrics.get('jitter_ms')} ms, "
                f"loss {metrics.get('loss_pct')} %, MOS {metrics.get('mos')}")
    if kind == "http" and "status" in metrics:
        return f"HTTP {metrics['status']}, {metrics.get('elapsed_ms')} ms"
    if kind == "tcp" and "connect_ms" in metrics:
        return f"{metrics['connect_ms']} ms"
    if kind == "tls" and "handshake_ms" in metrics:
        issuer = metrics.get("issuer")
        return f"{metrics.get('version') or ''} {metrics['handshake_ms']} ms" + (
            f", issued by {issuer}" if issuer else "")
    if kind in ("dns", "dns_trusted", "dns_server") and "addresses" in metrics:
        return ", ".join(metrics["addresses"][:3]) or "no address"
    return ""


def group_outcome(report: dict[str, Any], group: str) -> tuple[list[dict], list[dict]]:
    """(measured, failed) measurements of one group; what was not measured is left out."""
    ms = [m for m in report.get("measurements", []) if m.get("group") == group]
    measured = [m for m in ms if m.get("ok") or (m.get("error") or {}).get("code") not in NOT_MEASURED]
    return measured, [m for m in measured if not m.get("ok")]


def group_samples(report: dict[str, Any], group: str) -> list[dict]:
    """The group's successful voice-like samples (STUN, DNS), which carry RTT, loss and MOS."""
    return [m for m in report.get("measurements", []) if m.get("group") == group and m.get("ok")
            and m.get("kind") in SAMPLE_KINDS and isinstance((m.get("metrics") or {}).get("rtt_ms"), dict)]


# Verdicts about how the voice path behaves, rather than about what failed to connect.
QUALITY_CAUSES = ("weak_link", "china_degraded", "service_degraded")


def group_voice_trouble(report: dict[str, Any], group: str) -> dict[str, float] | None:
    """Worst round trip and loss of the group's voice samples when they are trouble: lost
    packets beyond doubt (the low end of the loss's 95 % interval over the analysis'
    threshold), or cited by a verdict about the voice path — so a line per part of the path
    never says "all passed" beside a verdict that blames it."""
    from . import pathquality as pq

    verdict = report.get("verdict") or {}
    cited = set(verdict.get("evidence") or []) if verdict.get("cause") in QUALITY_CAUSES else set()
    trouble = []
    for m in group_samples(report, group):
        s = pq.Sample.of(m.get("id", ""), group, m["metrics"])
        if s is None:
            continue
        # Cited samples include the clean controls a verdict compares with: only those not
        # clean themselves are trouble.
        unclean = (s.loss_range[1] >= pq.LOSS_PCT or s.jitter >= pq.JITTER_MS or s.queue_ms >= pq.QUEUE_MS
                   or (group == "local" and s.rtt_median >= pq.HOME_RTT_MS))
        if s.lossy or (m.get("id") in cited and unclean):
            trouble.append(m["metrics"])
    if not trouble:
        return None
    return {"rtt_ms": max(t["rtt_ms"].get("median") or 0.0 for t in trouble),
            "loss_pct": max(t.get("loss_pct") or 0.0 for t in trouble)}


def group_figures(report: dict[str, Any], group: str) -> dict[str, float | None]:
    """A group's key figures: median round trip, worst loss and worst MOS of its samples."""
    samples = [m["metrics"] for m in group_samples(report, group)]
    if not samples:
        return {"rtt_ms": None, "loss_pct": None, "mos": None}
    import statistics  # here, not at the top: the app's first window has no use for it

    return {"rtt_ms": statistics.median(s["rtt_ms"]["median"] for s in samples),
            "loss_pct": max(s.get("loss_pct") or 0.0 for s in samples),
            "mos": min(s.get("mos") or 0.0 for s in samples)}


def group_quality(report: dict[str, Any], group: str) -> tuple[float | None, float | None]:
    """(round trip in ms, loss in %) for a group: from its voice-like samples when there are
    any (they measure what a call would feel), else from TCP connect times."""
    figures = group_figures(report, group)
    if figures["rtt_ms"] is not None:
        return figures["rtt_ms"], figures["loss_pct"]
    ms = [m for m in report.get("measurements", []) if m.get("group") == group and m.get("ok")]
    connects = [m["metrics"]["connect_ms"] for m in ms if m.get("kind") == "tcp"
                and isinstance(m["metrics"].get("connect_ms"), (int, float))]
    import statistics  # here, not at the top: the app's first window has no use for it

    return (statistics.median(connects) if connects else None), None
