"""Recorded lab reports, edited the way the world differs from the lab, and re-analysed.

Analysis is pure, so a recorded report with one measurement changed shows what the rules make
of a situation the lab did not produce. The edits keep a measurement coherent (a voice sample's
sent/received, loss, round trips and per-second windows agree), as a real probe would write it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from callpath.core.analysis.judge import Answers, analyse
from callpath.core.base.measurement import from_json

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"


def load(name: str) -> dict:
    return json.loads((REPORTS / f"{name}.json").read_text("utf-8"))


def run(report: dict, symptom: str | None = None, location: str | None = None, sensitive: bool = True,
        service: str | None = None, apps: tuple = ()):
    """The finding for ``report`` with these answers (and, where given, the catalog's apps,
    whose facts shape it)."""
    ctx = report["context"]
    answers = Answers(symptom or ctx["symptom"], location or ctx["location"], service or ctx["service"])
    return analyse([from_json(m) for m in report["measurements"]], answers, sensitive, apps)


def find(report: dict, mid: str) -> dict:
    for m in report["measurements"]:
        if m["id"] == mid:
            return m
    raise KeyError(mid)


def edit(report: dict, mid: str, **changes) -> dict:
    """Change one measurement of ``report``: ok, error code, metrics."""
    m = find(report, mid)
    if "code" in changes:
        code = changes.pop("code")
        m["ok"] = code is None
        m["error"] = None if code is None else {"code": code, "detail": "test"}
    m["metrics"].update(changes.pop("metrics", {}))
    m.update(changes)
    return report


def edit_all(report: dict, kinds=None, groups=None, **changes) -> dict:
    for m in report["measurements"]:
        if (kinds is None or m["kind"] in kinds) and (groups is None or m["group"] in groups):
            edit(report, m["id"], **copy.deepcopy(changes))
    return report


def voice(sent: int = 100, lost: int = 0, rtt: float = 20.0, jitter: float = 1.0, queue: float = 1.0,
          lossy_windows: int | None = None, windows: int = 5) -> dict:
    """A voice sample's metrics as the sampler writes them (raw figures: call quality is the
    analysis'). ``lost`` packets are spread over ``lossy_windows`` one-second windows (all of
    them unless said)."""
    received = sent - lost
    per = sent // windows
    spread = windows if lossy_windows is None else lossy_windows
    win = [[per, per] for _ in range(windows)]
    left = lost
    for i in range(spread):
        take = left // (spread - i)
        win[i][1] = per - min(per, take)
        left -= min(per, take)
    loss = 100.0 * lost / sent
    return {"sent": sent, "received": received, "loss_pct": round(loss, 1),
            "rtt_ms": {"min": round(max(0.0, rtt - queue), 1), "median": rtt, "mean": rtt, "p95": rtt + jitter,
                       "max": rtt + 2 * jitter},
            "jitter_ms": jitter, "windows": win}


def add(report: dict, template_id: str, new_id: str, **changes) -> dict:
    """Add a measurement modelled on another (a probe this older report did not have yet)."""
    if any(x["id"] == new_id for x in report["measurements"]):
        raise ValueError(f"{new_id} is already in the report: edit it instead")
    m = copy.deepcopy(find(report, template_id))
    m["id"] = new_id
    report["measurements"].append(m)
    return edit(report, new_id, **changes)


def drop(report: dict, *mids: str) -> dict:
    """Leave measurements out (a probe an older version did not have)."""
    report["measurements"] = [m for m in report["measurements"] if m["id"] not in mids]
    return report


def geo(report: dict, where: str = "abroad") -> dict:
    """Give a lab report (where everything is next door) the round trips of the real world: from
    abroad the world and the service about 15 ms away and China about 185; from inside China,
    China about 15 ms and the rest 170-180; the router hop 1 ms."""
    rtts = {"world": 15.0, "service": 15.0, "china": 185.0} if where == "abroad" else \
        {"world": 180.0, "service": 170.0, "china": 15.0}
    for m in report["measurements"]:
        if m["id"] == "local.home.dns_sample" and m["ok"]:
            m["metrics"].update(voice(rtt=1.0, queue=0.2))
        if m["group"] == "local":
            continue
        if m["kind"] in ("stun", "dns_sample") and m["ok"]:
            m["metrics"].update(voice(rtt=rtts[m["group"]] + 2.0, queue=2.0))
        elif m["kind"] == "tcp" and m["ok"]:
            m["metrics"]["connect_ms"] = m["duration_ms"] = rtts[m["group"]] + 1.0
    return report


def in_china(report: dict) -> dict:
    """Make a report recorded abroad coherent for a user inside mainland China: the servers
    blocked there (Google's STUN, Cloudflare's secure DNS, and every lookup through it) fail as
    they do there. Without this the evidence itself says the user is abroad."""
    for m in report["measurements"]:
        if not m["metrics"].get("blocked_in_china"):
            continue
        if m["kind"] == "stun":
            edit(report, m["id"], code="no_response")
        elif m["kind"] == "tls":
            edit(report, m["id"], code="reset")
        elif m["kind"] in ("doh", "dns_trusted"):
            edit(report, m["id"], code="skipped")
    return report
