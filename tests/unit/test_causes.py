"""The one cause table (core/analysis/causes.py): each column holds values its readers know, so
a new cause's row is checked where it is written. Its texts in every language are held to it by
tests/unit/test_explain.py; every recorded verdict's cause and place by the same file."""

import pytest

from callpath.core import kinds
from callpath.core.analysis import causes, phonerules, picture
from callpath.core.analysis.answers import SYMPTOMS
from callpath.core.base import i18n
from callpath.core.words import family

ROWS = sorted(causes.CAUSES.items())
BLAME_NOTHING = {"healthy", "beyond_reach", "inconclusive"}


@pytest.mark.parametrize("cause,row", ROWS)
def test_each_place_of_a_cause_is_drawn_on_a_part_of_the_way(cause, row):
    assert row.loci and set(row.loci) <= {"local", "upstream", "none", "unknown"}
    for locus, part in row.loci.items():
        if cause in BLAME_NOTHING:
            assert part is None, (cause, locus)
        else:
            assert part in picture.PARTS, (cause, locus)
        # A cause on the user's own side is drawn there, never beyond it.
        if locus == "local":
            assert part in ("computer", "home"), cause
    assert row.step


@pytest.mark.parametrize("cause,row", ROWS)
def test_a_quality_cause_blames_a_group_of_the_report(cause, row):
    if row.quality is not None:
        assert row.quality in picture.GROUP_OF.values(), cause
        # Its group is the part it is drawn on (the home network's checks are the local group).
        part = next(iter(row.loci.values()))
        assert picture.GROUP_OF[part] == row.quality, cause
        # Call quality spoils the voice, not a sign-in's handshakes.
        assert row.complaints is not None and "sign_in" not in row.complaints, cause


@pytest.mark.parametrize("cause,row", ROWS)
def test_the_complaints_a_cause_may_answer_are_complaints_and_not_all_of_them(cause, row):
    # None stands for every complaint: a set naming them all would say it twice.
    if row.complaints is not None:
        assert row.complaints and row.complaints < set(SYMPTOMS), cause


@pytest.mark.parametrize("cause,row", ROWS)
def test_the_family_messages_of_a_cause_are_written(cause, row):
    assert set(row.family) <= {"phone", "app", "blocked"}, cause
    if row.family_variant is not None:
        assert "phone" in row.family and f"phone/{row.family_variant}" in family.variants(), cause
    if row.by_replies:
        assert row.family_variant and tuple(row.loci) == ("upstream",), cause


@pytest.mark.parametrize("cause,row", ROWS)
def test_a_cause_with_a_short_name_has_it_in_every_language(cause, row):
    if row.phrase is None:
        return
    for lang in i18n.LANGS[1:]:
        assert i18n.translator(lang).gettext(row.phrase) != row.phrase, (cause, lang)


def test_the_table_says_what_the_rules_and_the_words_do_with_a_cause():
    """The columns read by the analysis and the words, against what those modules answer."""
    for cause, row in ROWS:
        for symptom in SYMPTOMS:
            which = family.kind(symptom, cause)
            assert (which is not None) == (
                "blocked" in row.family or (symptom == "phone_calls" and "phone" in row.family)
                or (symptom in ("app_calls", "quality") and "app" in row.family)), (cause, symptom)
        assert phonerules.asked("phone_calls", cause) == (cause == "beyond_reach" or row.by_replies)
        if row.family_variant:
            assert family.phone_variant(cause) == row.family_variant


def test_a_cause_this_version_does_not_know_blames_nothing_and_has_no_message():
    assert causes.of("from_a_newer_version") is causes.UNKNOWN
    assert picture.place("from_a_newer_version", "upstream", "app_calls") == (None, "trouble")
    assert family.kind("app_calls", "from_a_newer_version") is None
    assert family.phone_variant("from_a_newer_version") == "unknown"
    assert not phonerules.asked("phone_calls", "from_a_newer_version")


@pytest.mark.parametrize("cause,row", ROWS)
def test_every_cause_that_may_be_on_the_users_side_says_what_its_mechanism_accounts_for(cause, row):
    # judge._local_explains: without a mechanism a local fault would account for nothing it
    # really does, and everything beyond it would be named as a second trouble.
    if "local" in row.loci:
        declared = {m for ms in kinds.measures().values() for m in ms.broken_by}
        assert row.explains in {"everything", "part", "loss"} | declared | kinds.measures().keys(), cause
    else:
        assert row.explains is None, cause


def test_a_local_fault_without_a_mechanism_accounts_for_nothing_but_this_computer(monkeypatch):
    from callpath.core.analysis import judge
    from callpath.core.analysis.evidence import Evidence
    from callpath.core.analysis.finding import Finding
    from callpath.core.analysis.judge import Answers
    from callpath.core.base.measurement import from_json
    from tests.replay import load

    report = load("healthy-check")
    ev = Evidence([from_json(m) for m in report["measurements"]], Answers(symptom="check", location="abroad"))
    sample = next(m for m in ev.select("dns_sample", "china") if m.ok)
    lossy = Finding("local", "weak_link", "high")
    assert judge._local_explains(ev, lossy, sample)  # a lossy line's loss shows on every path
    monkeypatch.setitem(causes.CAUSES, "weak_link", causes.Cause({"local": "home"}, "local"))
    assert not judge._local_explains(ev, lossy, sample)
    assert judge._local_explains(ev, lossy, ev.get("local.interfaces"))


def test_a_mechanism_of_the_kinds_is_no_kind_of_measurement():
    # An ``explains`` value names one or the other (judge._local_explains reads both).
    assert not {m for ms in kinds.measures().values() for m in ms.broken_by} & kinds.measures().keys()


# --- a fault on the user's side that stops nothing: found where nothing else is -----------------------------

def _late(cause):
    """A rule finding ``cause`` from the lookups (the healthy run's first one among them)."""
    from callpath.core.analysis.finding import Finding

    def rule(ev):
        return Finding("local", cause, "medium", [ev.select("dns")[0].id], {"rtt_ms": 1400})
    return rule


@pytest.fixture
def late_rules(monkeypatch):
    """Two such causes in the table, each with its rule where nothing else is found: one that
    may answer only a check, one that answers every complaint; and a rule that finds nothing."""
    from callpath.core.analysis import judge
    monkeypatch.setitem(causes.CAUSES, "late_a", causes.Cause({"local": "home"}, "nothing else found",
                                                               complaints=frozenset({"check"}), explains="dns"))
    monkeypatch.setitem(causes.CAUSES, "late_b", causes.Cause({"local": "home"}, "nothing else found",
                                                               explains="dns"))
    monkeypatch.setattr(judge, "WHERE_NOTHING_ELSE", (lambda ev: None, _late("late_a"), _late("late_b")))


def test_a_cause_that_stops_nothing_answers_where_nothing_else_is_for_its_complaints(late_rules):
    from tests.replay import load, run
    f = run(load("healthy-check"), symptom="check")
    assert (f.locus, f.cause, f.facts["rtt_ms"]) == ("local", "late_a", 1400)
    assert "also_seen" not in f.facts and "also_seen" not in f.notes
    # For another complaint it is named beside the next one found, which answers every one.
    f = run(load("healthy-check"), symptom="app_calls")
    assert (f.cause, f.facts["also_seen"]) == ("late_b", "late_a") and "also_seen" in f.notes


def test_a_cause_that_stops_nothing_is_named_beside_a_complaint_it_does_not_answer(late_rules, monkeypatch):
    from tests.replay import load, run
    monkeypatch.setitem(causes.CAUSES, "late_b", causes.Cause({"local": "home"}, "nothing else found",
                                                               complaints=frozenset({"check"}), explains="dns"))
    f = run(load("healthy-check"), symptom="quality")
    assert (f.cause, f.facts["also_seen"]) == ("beyond_reach", "late_a")
    assert f.notes.count("also_seen") == 1


def test_a_cause_that_stops_nothing_gives_way_to_what_is_found_before_it(late_rules):
    from tests.replay import edit_all, load, run
    report = edit_all(load("healthy-check"), kinds={"tcp"}, groups={"china"}, code="timeout")
    assert run(report, symptom="check").cause == "china_unreachable"


def test_a_fault_that_accounts_for_one_kind_of_measurement_explains_its_failures_alone(late_rules):
    from tests.replay import edit, load, run
    report = load("healthy-check")
    lookup = next(m["id"] for m in report["measurements"] if m["kind"] == "dns" and m["group"] == "world")
    edit(report, lookup, code="timeout")
    f = run(report, symptom="check")
    assert f.cause == "late_a" and "unexplained" not in f.notes  # a lookup that timed out: its kind
    edit(report, "world.google-stun.stun", code="timeout")  # a voice check: not a lookup
    f = run(report, symptom="check")
    assert f.cause == "late_a" and f.facts["unexplained"] == ["world.google-stun.stun"]
