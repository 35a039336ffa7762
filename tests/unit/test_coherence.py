"""Every line the reports show about a part of the way agrees with the verdict it sits under:
text, Markdown and HTML, for every recorded report and a few edited ones, in three languages
(tests/coherence.py says the rules). Read from the rendered output, not from the helpers that
write it."""

import gettext
import html
import re

import pytest

from callpath.core.analysis import picture
from callpath.core.base.i18n import translator
from callpath.core.engine.builtin import resolve_app
from callpath.core.records import render
from callpath.core.words import rejudge, summary
from callpath.core.words.explain import label
from tests.coherence import cases, check_line, check_way

EN = gettext.NullTranslations()  # the texts as written

CASES = cases()
LANGS = ("en", "zh_CN", "zh_TW")
STATE_OF_MARK = {"✓": "ok", "✗": "trouble", "–": "mixed"}


def _names(report, lang) -> dict[str, str]:
    """Each part's name as the reports write it."""
    service = resolve_app(str(report["context"].get("service", ""))).checked.name(lang)
    tr = translator(lang).gettext
    return {tr(picture.LABELS[p]).format(service=service): p for p in picture.PARTS}


def _way_from_text(line: str, report, lang, unescape=lambda s: s) -> dict[str, str]:
    names = _names(report, lang)
    shown = {}
    for item in unescape(line).split(" → "):
        name, mark = item.rsplit(" ", 1)
        part = names[name]
        # "?" is drawn for both a suspicion and what cannot be told: the verdict's picture says which.
        shown[part] = STATE_OF_MARK.get(mark, "?")
    return shown


def _resolve(shown: dict[str, str], verdict) -> dict[str, str]:
    pictured = verdict["parts"]["picture"]
    out = {}
    for part, state in shown.items():
        if state == "?":
            assert pictured[part] in ("suspect", "unknown"), (part, pictured[part])
            state = pictured[part]
        out[part] = state
    return out


def _md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_report_line_agrees_with_the_verdict_above_it(name, lang):
    report = CASES[name]
    verdict = rejudge.judged(report, lang)
    assert "parts" in verdict
    if "parts" not in report["verdict"]:
        # Saved before verdicts carried their parts: judged again, the words too.
        assert verdict["headline"] in render.render_text(report, lang)

    text = render.render_text(report, lang).splitlines()
    check_way(report, verdict, _resolve(_way_from_text(text[2], report, lang), verdict), f"{name} text")
    md = render.render_markdown(report, lang).splitlines()
    check_way(report, verdict, _resolve(_way_from_text(md[2], report, lang, _md_unescape), verdict),
              f"{name} markdown")
    page = render.render_html(report, lang)
    drawn = re.findall(r'<li class="(\w+)"><span>[^<]*</span>([^<]*)</li>', page)
    names = _names(report, lang)
    assert len(drawn) == len(picture.PARTS)
    check_way(report, verdict, {names[html.unescape(n)]: s for s, n in drawn}, f"{name} html")

    for group in ("local", "world", "service", "china"):
        title = label("group/" + group, lang)
        if any(m.get("group") == group for m in report["measurements"]):
            # "title (line):", in Chinese "title（line）：" (render._aside, render._colon)
            opening, closing = render._aside("", lang)[:-1], render._aside("", lang)[-1] + render._colon(lang).strip()
            text_line = next(x for x in text if x.startswith(title + opening) and x.endswith(closing))
            check_line(report, verdict, group, text_line[len(title + opening):-len(closing)], lang, None,
                       f"{name} text")
            found = re.search(f"<h3>{re.escape(html.escape(title))}{render._colon(lang)}([^<]*)</h3>", page)
            assert found, (name, group)
            check_line(report, verdict, group, html.unescape(found.group(1)), lang, None, f"{name} html")
        md_head = f"**{render._md(title)}**{render._colon(lang)}"
        md_line = next(x for x in md if x.startswith(md_head))
        check_line(report, verdict, group, _md_unescape(md_line[len(md_head):]), lang, None,
                   f"{name} markdown")


def test_the_rules_catch_a_line_that_judges_again():
    """The checks bite: the old line for a part the verdict blames ("all 8 checks passed"
    under "ESET is opening your connections") and a figure the analysis did not quote."""
    report = CASES["tls-inspected-trusted-root"]
    verdict = rejudge.judged(report, "en")
    assert verdict["parts"]["picture"]["computer"] == "trouble"
    with pytest.raises(AssertionError):
        check_line(report, verdict, "local", "all 8 checks passed", "en", None, "old")
    with pytest.raises(AssertionError):
        check_line(report, verdict, "local", "all 8 checks answered", "en", "ok", "old badge")
    china = rejudge.judged(CASES["china-degraded"], "en")
    with pytest.raises(AssertionError):  # one sample's loss, not the part's
        check_line(CASES["china-degraded"], china, "china",
                   "all 35 checks answered, but voice suffered: 153 ms round trip, 10% lost", "en", None, "old")


def test_a_row_quotes_the_figures_the_verdict_quotes():
    verdict = rejudge.judged(CASES["china-degraded"], "en")
    state, line = summary.group_line(verdict["parts"], "china", EN)
    assert state == "trouble"
    quoted = re.search(r"about (\S+)% lost, (\S+) ms round trip, quality (\S+) of 5", line).groups()
    assert f"about {quoted[0]}% of packets lost, {quoted[1]} ms round trip, call quality {quoted[2]} out of 5" \
        in verdict["explanation"]


def test_failures_are_said_explained_by_the_verdict_or_not():
    timeout = rejudge.judged(CASES["edited/one-china-timeout"], "en")
    assert summary.group_line(timeout["parts"], "china", EN) == (
        "mixed", "1 of 35 checks failed, 1 not explained by the verdict")
    portal = rejudge.judged(CASES["captive-portal"], "en")
    assert summary.group_line(portal["parts"], "world", EN) == (
        "mixed", "3 of 24 checks failed, all explained by the verdict")
    assert summary.group_line(portal["parts"], "local", EN) == (
        "trouble", "all 8 checks answered; the verdict points here")
    lossy = rejudge.judged(CASES["edited/one-world-server-lossy"], "en")
    # A lossy sample is a check that did not pass, as the verdict's own words count it ("1 other
    # check failed and is not explained"): the row counts it the same way.
    assert summary.group_line(lossy["parts"], "world", EN) == (
        "mixed", "1 of 24 checks failed, 1 not explained by the verdict; one server's own way lost "
                 "packets (not counted against this part)")
    assert "1 other check" in lossy["explanation"] or "(1 in all)" in lossy["explanation"]
