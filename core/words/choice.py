"""An all-apps check in words (``--service all``): the report's verdict is the verdict of the
app the suggestion leads to, and it carries every compared app's verdict (``apps``, in the
catalog's order) and the suggestion (``suggestion``), each put into words here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..analysis import causes
from ..analysis.apps import from_json as chosen_from_json
from ..analysis.apps import resolve
from ..base.i18n import N_, NP_, plural, sentence_gap, translator
from ..base.reportdata import SuggestionData, Verdict
from . import explain

if TYPE_CHECKING:
    from ..analysis.choice import Choice

# {apps}: the clear apps' names, joined with "or".
USE: tuple[str, str] = NP_("Call on {apps} now: nothing wrong was found on its way",
                           "Call on {apps} now: nothing wrong was found on their ways")
HEADLINES: dict[str, str] = {
    # {apps}: every app that can reach China, joined with "and".
    "tie": N_("{apps} checked clear alike: no app is better now"),
    # Alike as far as can be tested: the trouble complained of lies beyond (beyond_reach),
    # where the apps' ways may differ.
    "tie/beyond": N_("Nothing CallPath can test tells {apps} apart now"),
    "local": N_("The trouble is on your side, whichever app you use"),
    "none": N_("No app gets through well now"),
    # {cause}: the cause every app's verdict names (its short name in the cause table).
    "none/shared": N_("No app gets through well now: {cause}"),
    "unsure": N_("CallPath cannot tell which app is better now"),
}

EXPLANATIONS: dict[str, str] = {
    "use": N_("The other apps' checks found trouble on their way or cannot reach China; each "
              "app's verdict is below."),
    "use/unchecked": N_("Some of the other apps could not be fully checked or came out less clear; "
                        "each app's verdict is below."),
    "tie": N_("Call on the one your relative uses and answers; each app's verdict is below."),
    "local": N_("It affects calls whichever app you use: fix it first, as the verdict below says."),
    "none": N_("Each app's verdict is below, with what can still be done."),
    "unsure": N_("Too little could be measured to compare the apps; each app's verdict is below."),
}

NOTES: dict[str, str] = {
    "choice_weak_source": N_("{app} does not publish where its voice servers are: CallPath timed a "
                             "server of the same company instead, so this is less sure."),
    "choice_partly": N_("Some checks of {app} failed with no explanation: it looks like the better "
                        "way, not a sure one."),
}

# Between names: "WeChat or Teams (free)", "WeChat, Teams (free) and WhatsApp".
_JOINS = {"or": (N_(", "), N_(" or ")), "and": (N_(", "), N_(" and "))}


def joined(names: list[str], how: str, lang: str) -> str:
    """Names joined as a sentence lists them: "A, B or C" (in Chinese "A、B或C")."""
    t = translator(lang)
    comma, last = (t.gettext(x) for x in _JOINS[how])
    if len(names) < 2:
        return "".join(names)
    return comma.join(names[:-1]) + last + names[-1]


def verdict(choice: Choice, lang: str, facts: Mapping[str, Any] | None = None) -> Verdict:
    """The report's verdict for an all-apps check: the main app's, carrying every app's verdict
    and the suggestion. ``facts``: the run's time facts (rejudge.time_facts), every app's."""
    verdicts: dict[str, Verdict] = {}
    for app, finding in choice.findings.items():
        finding.facts.update(facts or {})
        verdicts[app] = explain.verdict(finding, lang)
    main: Verdict = dict(verdicts[choice.main])  # type: ignore[assignment]  # a copy, then more
    main["apps"] = list(verdicts.values())
    main["suggestion"] = suggestion(choice, verdicts, lang)
    return main


def suggestion(choice: Choice, verdicts: Mapping[str, Verdict], lang: str) -> SuggestionData:
    """The suggestion in words (headline, explanation with its notes)."""
    t = translator(lang)
    names = {app: (chosen_from_json(v.get("app")) or resolve((), app)).name(lang) for app, v in verdicts.items()}
    kind = choice.kind
    if kind == "use":
        headline = plural(t, USE, len(choice.apps)).format(
            apps=joined([names[a] for a in choice.apps], "or", lang))
    elif kind == "tie":
        beyond = any(verdicts[a]["cause"] == "beyond_reach" for a in choice.apps)
        headline = t.gettext(HEADLINES["tie/beyond" if beyond else "tie"]).format(
            apps=joined([names[a] for a in choice.apps], "and", lang))
    elif kind == "none" and choice.shared and (phrase := causes.of(choice.shared).phrase):
        headline = t.gettext(HEADLINES["none/shared"]).format(cause=t.gettext(phrase))
    else:
        headline = t.gettext(HEADLINES[kind])
    apart = all(choice.standings.get(a) in ("trouble", "blocked", "local") for a in names if a not in choice.apps)
    sentences = [t.gettext(EXPLANATIONS["use/unchecked" if kind == "use" and not apart else kind])]
    sentences += [t.gettext(NOTES[n]).format(app=names[app]) for n, app in choice.notes]
    return {"kind": kind, "apps": list(choice.apps), "main": choice.main, "confidence": choice.confidence,
            "standings": choice.standings, "shared": choice.shared or "",
            "headline": headline, "explanation": sentence_gap(lang).join(sentences)}
