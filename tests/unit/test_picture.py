"""The picture of the way a call travels: which part each verdict blames, which parts passed,
and that every cause is placed (core/analysis/picture.py). The states are the analysis' (verdict's
"parts"); a report saved without them is judged again (rejudge.judged)."""

import pytest

from callpath.core import api
from callpath.core.analysis import causes, picture
from callpath.core.records import render
from callpath.core.words import rejudge
from tests.replay import load


def states(report) -> dict[str, str]:
    return dict(picture.states(rejudge.judged(report)))


@pytest.mark.parametrize("name,blamed,state", [
    ("captive-portal", "home", "trouble"),
    ("udp-blocked", "home", "trouble"),
    ("home-degraded", "home", "trouble"),
    ("relay-udp-drop", "service", "trouble"),
    ("forged-dns", "internet", "trouble"),
    ("china-drop", "china", "trouble"),
    ("china-degraded", "china", "trouble"),
    ("healthy-phone", "phone", "suspect"),   # beyond reach: a suspicion, not a finding
])
def test_the_verdict_marks_its_part(name, blamed, state):
    s = states(load(name))
    assert s[blamed] == state
    assert [p for p, v in s.items() if v in ("trouble", "suspect")] == [blamed]


def test_parts_with_failures_the_verdict_does_not_blame_are_neither_ticked_nor_blamed():
    s = states(load("captive-portal"))  # the portal cut the internet's checks
    assert s["internet"] == "mixed" and s["computer"] == "ok" and s["phone"] == "unknown"


def test_everything_passed_ticks_every_part_but_their_phone():
    s = states(load("healthy-check"))
    assert [s[p] for p in picture.PARTS] == ["ok"] * 5 + ["unknown"]


def test_the_replies_about_the_call_move_the_mark_to_their_phone():
    report = api.with_followups(load("healthy-phone"), {"rang": "no", "other_abroad": "yes"})
    assert states(report)["phone"] == "trouble"


def test_every_cause_is_placed_or_blames_no_part():
    unplaced = {"healthy", "inconclusive", "beyond_reach"}
    for cause, entry in causes.CAUSES.items():
        if cause in unplaced:
            continue
        for locus in entry.loci:
            assert picture.place(cause, locus, "app_calls")[0] in picture.PARTS, (cause, locus)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reports_draw_the_way(fmt):
    out = render.render(load("china-drop"), fmt, "en")
    assert "This computer" in out and "Their phone" in out and "Teams (free) servers" in out
    assert "✗" in out


def test_the_picture_shows_the_verdicts_parts_and_judges_nothing_itself():
    verdict = api.explain_report(load("captive-portal"), "en")
    assert dict(picture.states(verdict)) == verdict["parts"]["picture"]
    # What the verdict did not judge is unknown, whatever the measurements say.
    assert {s for _p, s in picture.states({})} == {"unknown"}
    edited = {**verdict, "parts": {"picture": {**verdict["parts"]["picture"], "china": "trouble"}}}
    assert dict(picture.states(edited))["china"] == "trouble"


def test_a_report_saved_without_parts_is_judged_again_words_and_picture_alike():
    report = load("forged-dns")
    assert "parts" not in report["verdict"]
    again = api.explain_report(report, "en")
    out = render.render_text(report, "en")
    assert again["headline"] in out and report["verdict"]["headline"] not in out
