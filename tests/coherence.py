"""What every display of a report must keep to: each line about a part of the way agrees with
the verdict it sits under (DESIGN 2.4, "the analysis is the only judge"). Shared by the
reports' test (tests/unit/test_coherence.py) and the app's (tests/gui/test_coherence.py).

The rules are read from what is shown (a report's text, the app's widgets), held to the
verdict's own judgement (``verdict["parts"]``) and to the recorded measurements:

- a part the verdict blames is never shown ok, ✓ or "all … passed";
- a part shown ✓ has no failure, explained or not, among its own measurements;
- the figures a line quotes are the analysis' figures for that part, and no others.
"""

from __future__ import annotations

import re
from typing import Any

from callpath.core.analysis import picture
from callpath.core.analysis.evidence import Evidence
from callpath.core.analysis.judge import Answers
from callpath.core.api import explain_report
from callpath.core.base.i18n import plural, translator
from callpath.core.base.measurement import from_json
from callpath.core.words import summary
from tests.replay import REPORTS, edit, load, voice

FIXTURES = sorted(p.stem for p in REPORTS.glob("*.json"))


def edited() -> dict[str, dict]:
    """Recorded reports edited the way the world differs from the lab (tests/replay.py)."""
    china = load("healthy-check")
    for mid in ("china.dns-114.dns_sample", "china.dns-dnspod.dns_sample", "china.miwifi-stun.stun"):
        edit(china, mid, metrics=voice(sent=160, lost=20, rtt=150, jitter=5))
    return {
        # One server's own way lost packets, the others clean: not the part's trouble.
        "edited/one-world-server-lossy": edit(load("healthy-check"), "world.nextcloud-stun.stun",
                                              metrics=voice(sent=160, lost=30, rtt=20)),
        # Every sample into China lost packets: congestion, with figures to quote.
        "edited/china-lossy": china,
        # One check in China timed out that nothing explains.
        "edited/one-china-timeout": edit(load("healthy-check"), "china.baidu.tcp443", code="timeout"),
        # Saved by this version: its verdict carries its parts and is shown as saved.
        "edited/saved-with-parts": {**load("home-degraded"),
                                    "verdict": explain_report(load("home-degraded"), "en")},
    }


def cases() -> dict[str, dict]:
    return {**{name: load(name) for name in FIXTURES}, **edited()}


def blamed_groups(verdict: dict[str, Any]) -> set[str]:
    """The groups whose part(s) the verdict blames or suspects."""
    pictured = (verdict.get("parts") or {}).get("picture") or {}
    return {g for g, ps in summary.GROUP_PARTS.items() if any(pictured.get(p) in ("trouble", "suspect") for p in ps)}


def own_failures(report: dict[str, Any], part: str) -> list[str]:
    """The failed measurements of a part of the way (this computer's and the home network's
    are the local group's, split by "local.home."). A check the analysis' evidence marks as
    not on the user's own way (direct connections where everything goes through a proxy) is
    not a failure of the way."""
    group = picture.GROUP_OF.get(part)
    if group is None:
        return []
    ctx = report["context"]
    ev = Evidence([from_json(m) for m in report["measurements"]],
                  Answers(ctx["symptom"], ctx["location"], ctx["service"]), ctx.get("sensitive_probes", True))
    failed = [m.id for m in ev.all if m.group == group and m.measured and not m.ok]
    if part == "home":
        failed = [m for m in failed if m.startswith("local.home.")]
    elif part == "computer":
        failed = [m for m in failed if not m.startswith("local.home.")]
    return failed


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def check_way(report: dict[str, Any], verdict: dict[str, Any], shown: dict[str, str], where: str) -> None:
    """``shown``: each part's state as drawn (its mark's meaning)."""
    parts = verdict["parts"]
    assert shown == parts["picture"], (where, shown, parts["picture"])
    cause_part, how = picture.place(verdict["cause"], verdict["locus"], str(report["context"].get("symptom")))
    for part, state in shown.items():
        if part == cause_part:
            # Where the verdict's own words put the trouble is never ticked.
            assert state != "ok", (where, part)
        if state == "ok":
            assert not own_failures(report, part), (where, part, own_failures(report, part))


def check_line(report: dict[str, Any], verdict: dict[str, Any], group: str, line: str, lang: str,
               state: str | None, where: str) -> None:
    """One group's line (and, where drawn, its badge's state) against the verdict."""
    parts = verdict["parts"]
    info = parts["groups"][group]
    all_passed = plural(translator(lang), summary.COUNTED["all_passed"], info["checks"]).format(n=info["checks"])
    judged = summary.group_state(parts, group)
    if state is not None:
        assert state == judged, (where, group, state, judged)
    if group in blamed_groups(verdict):
        assert state not in ("ok",), (where, group)
        assert all_passed.lower() not in line.lower(), (where, group, line)
        if lang == "en":
            assert "passed" not in line and " ok" not in line.lower(), (where, group, line)
    if state == "ok" or all_passed.lower() in line.lower():
        # Shown as passed: nothing failed there, explained or not, and its voice was fine.
        assert info["failed"] == info["unexplained"] == 0, (where, group, info)
        assert not [f for p in summary.GROUP_PARTS[group] for f in own_failures(report, p)], (where, group)
        assert (info["voice"] or {}).get("state", "ok") == "ok", (where, group, info["voice"])
    # The figures quoted are the analysis' for this part, and no others.
    allowed = {str(info[k]) for k in ("checks", "failed", "unexplained")}
    voice_ = info["voice"]
    if voice_ is not None:
        words = summary.voice_words(voice_)
        allowed |= _numbers(" ".join(words.values()))
        if voice_["state"] == "poor":
            assert f"{words['loss']}%" in line and words["rtt"] in line and words["mos"] in line, (where, group, line)
            if lang == "en":
                quoted = re.search(r"about (\S+)% lost, (\S+) ms round trip, quality (\S+) of 5", line)
                assert quoted and quoted.groups() == (words["loss"], words["rtt"], words["mos"]), (where, line)
    allowed.add("5")  # "of 5"
    assert _numbers(line) <= allowed, (where, group, line, allowed)
    unexplained = info["unexplained"]
    if lang == "en" and info["failed"]:
        if unexplained:
            assert f"{unexplained} not explained by the verdict" in line, (where, group, line)
        else:
            assert "not explained" not in line, (where, group, line)
