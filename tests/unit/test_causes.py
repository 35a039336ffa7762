"""The one cause table (core/analysis/causes.py): each column holds values its readers know, so
a new cause's row is checked where it is written. Its texts in every language are held to it by
tests/unit/test_explain.py; every recorded verdict's cause and place by the same file."""

import pytest

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
        assert row.voice_only, cause  # call quality spoils the voice, not a sign-in's handshakes


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
        assert row.explains in {"everything", "part", "voice", "secure", "loss"}, cause
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
