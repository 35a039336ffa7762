"""The way a call travels, as a person thinks of it — this computer → home network → the
internet → the app's servers → China → their phone — with each part's state in a report: the
part the verdict blames, the parts that passed, the parts that could not be told. The app draws
it (gui/pathview.py), the reports write it (render.py).

A part is ``ok`` only when it was measured and nothing in it failed; a part with failures that
the verdict does not blame (the internet's checks cut by a hotel's login page) is ``mixed``, not
ticked and not blamed; their phone is never measured, so it is ``unknown`` unless the verdict
(or the user's replies about the call) points there.
"""

from __future__ import annotations

from typing import Any

from .i18n import N_
from .summary import group_outcome

PARTS = ("computer", "home", "internet", "service", "china", "phone")
LABELS = {
    "computer": N_("This computer"),
    "home": N_("Home network"),
    "internet": N_("The internet"),
    "service": N_("{service} servers"),
    "china": N_("China"),
    "phone": N_("Their phone"),
}
# The report's group of checks behind each part (the home network's are the local checks named
# "local.home.*"; their phone has none).
GROUP_OF = {"computer": "local", "home": "local", "internet": "world", "service": "service", "china": "china"}
# States, and the mark each is drawn with.
MARKS = {"ok": "✓", "trouble": "✗", "suspect": "?", "mixed": "–", "unknown": "?", "waiting": "·"}

# Where each verdict places the trouble ("cause/locus" first, then the cause). A cause not here
# blames no part (healthy, inconclusive).
PLACES = {
    "no_network": "home", "local_dns": "home", "captive_portal": "home", "weak_link": "home",
    "udp_blocked/local": "home", "udp_blocked/upstream": "service",
    "china_unreachable/local": "home", "service_unreachable/local": "home", "connection_reset/local": "home",
    "proxy": "computer", "clock_skew": "computer", "tls_interception": "computer",
    "service_unreachable": "service", "service_degraded": "service",
    "dns_tampering": "internet", "connection_reset": "internet",
    "china_unreachable": "china", "china_degraded": "china", "app_blocked_in_china": "china",
    "line_refuses_international": "phone", "calls_filtered": "phone",
}
# "Beyond what this computer can see": a suspicion, drawn as such, not a finding.
SUSPECTED = {"phone_calls": "phone", "app_calls": "phone", "quality": "phone", "sign_in": "service"}


def place(cause: str, locus: str, symptom: str) -> tuple[str | None, str]:
    """(the part a verdict points at or None, "trouble" or "suspect")."""
    if cause == "beyond_reach":
        return SUSPECTED.get(symptom, "phone"), "suspect"
    return PLACES.get(f"{cause}/{locus}") or PLACES.get(cause), "trouble"


def _measured(report: dict[str, Any], part: str) -> tuple[list[dict], list[dict]]:
    if part in ("computer", "home"):
        measured, failed = group_outcome(report, "local")
        home = [m for m in measured if str(m.get("id", "")).startswith("local.home.")]
        chosen = home if part == "home" else [m for m in measured if m not in home]
        return chosen, [m for m in failed if m in chosen]
    group = {"internet": "world", "service": "service", "china": "china"}.get(part)
    return group_outcome(report, group) if group else ([], [])


def _carried(report: dict[str, Any]) -> bool:
    return any(m.get("ok") for m in report.get("measurements", []) if m.get("group") != "local")


def states(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(part, state) for each part of the way, in order."""
    verdict, ctx = report.get("verdict") or {}, report.get("context") or {}
    blamed, how = place(str(verdict.get("cause", "")), str(verdict.get("locus", "")),
                        str(ctx.get("symptom", "")))
    out = []
    for part in PARTS:
        measured, failed = _measured(report, part)
        if part == blamed:
            state = how
        elif not measured and part == "home" and _carried(report):
            state = "ok"  # not timed on its own, but every answer from beyond came through it
        elif not measured:
            state = "unknown"
        else:
            state = "mixed" if failed else "ok"
        out.append((part, state))
    return out
