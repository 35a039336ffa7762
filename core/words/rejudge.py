"""A saved report judged again: in another language, with the user's replies about the called
phone, or by this version's analysis — from its recorded measurements, since the analysis is
pure. Light: no probe, no engine beyond the catalog's apps (the app shows old reports with it).
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..analysis import phonerules
from ..analysis.apps import ALL, Compared
from ..analysis.choice import judge_apps, only_for
from ..analysis.judge import SYMPTOMS, Answers, analyse
from ..base.measurement import from_json
from ..base.reportdata import Report, TimeContext, Verdict
from ..engine.builtin import builtin
from . import choice as choice_words
from . import explain


def explain_report(report: Report, lang: str) -> Verdict:
    """The verdict of a saved report, analysed again and put into words in ``lang``.

    Analysis is pure, so this gives the same finding as when the report was made (for a report
    of this version), in any language.
    """
    ctx = report["context"]
    # A report from elsewhere may carry answers this version does not know: read them safely.
    answers = Answers(ctx.get("symptom") if ctx.get("symptom") in SYMPTOMS else "check",
                      "china" if ctx.get("location") == "china" else "abroad",
                      str(ctx.get("service", "")), _followups(ctx.get("followups")),
                      _offset(ctx.get("utc_offset_min")))
    measurements = [from_json(m) for m in report["measurements"]]
    known = builtin()  # the apps' facts as this version knows them
    apps = known.apps if known is not None else ()
    compared = _compared(ctx.get("compared")) if answers.app == ALL else ()
    if answers.app == ALL and not compared:
        # Which servers were whose is lost: judged as a run about the default app, on its servers.
        answers = answers._replace(app="")
        if known is not None:
            measurements = only_for(measurements, (e.id for e in known.for_app("") if e.group == "service"))
    if compared:
        return choice_words.verdict(judge_apps(measurements, answers, ctx.get("sensitive_probes", True),
                                               apps, compared), lang, time_facts(ctx))
    finding = analyse(measurements, answers, ctx.get("sensitive_probes", True), apps)
    finding.facts.update(time_facts(ctx))
    return explain.verdict(finding, lang)


def _compared(value: object) -> tuple[Compared, ...]:
    """An all-apps report's apps as it planned them; () where missing or damaged (the report is
    then judged as one about the catalog's default app)."""
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if not (isinstance(item, dict) and isinstance(item.get("app"), str) and item["app"]
                and isinstance(item.get("endpoints"), list)
                and all(isinstance(e, str) for e in item["endpoints"])):
            return ()
        out.append(Compared(item["app"], tuple(item["endpoints"]), item.get("weak") is True))
    return tuple(out)


def time_facts(ctx: TimeContext) -> dict[str, Any]:
    """What a run's context says about when to call (the user's watch, their next change of
    clocks), as the verdict's facts; a damaged part is left out."""
    facts: dict[str, Any] = {}
    windows = explain.watched_windows(ctx.get("watched"))
    if windows is not None:
        facts["watched"] = {"best": list(windows[0]), "worst": list(windows[1])}
    change = explain.clock_change_of(ctx.get("clock_change"))
    if change is not None:
        facts["clock_change"] = {"on": change[0], "utc_offset_min": change[1]}
    return facts


def _followups(value: object) -> tuple[tuple[str, str], ...]:
    """A report's replies about the called phone; ones this version does not know are left out."""
    if not isinstance(value, dict):
        return ()
    return phonerules.parse(phonerules.known(value))


def _offset(value: object) -> int | None:
    """A report's time zone (minutes from UTC), if it is a plausible one."""
    if isinstance(value, int) and not isinstance(value, bool) and -16 * 60 <= value <= 16 * 60:
        return value
    return None


def with_followups(report: Report, replies: dict[str, str], lang: str | None = None) -> Report:
    """A copy of a report with the user's replies about the called phone (``{"rang": "no"}``;
    a ValueError says which one is wrong), its verdict judged again with them."""
    checked = phonerules.parse(replies)
    out = report.copy()
    out["context"] = report["context"].copy()
    if checked:
        out["context"]["followups"] = dict(checked)
    else:
        out["context"].pop("followups", None)
    out["verdict"] = explain_report(out, lang or report["context"].get("lang") or "en")
    return out


def reanalyse(report: Report, lang: str | None = None) -> Report:
    """A copy of a saved report judged again by this version's analysis, from its recorded
    measurements (a forum helper re-judging an old report). The context says so."""
    out = report.copy()
    lang = lang or report["context"].get("lang") or "en"
    out["verdict"] = explain_report(report, lang)
    out["context"] = {**report["context"], "lang": lang, "reanalysed_by": __version__}
    return out


def judged(report: Report, lang: str | None = None) -> Verdict:
    """The verdict to show with ``report`` in ``lang`` (the report's own by default): the
    report's own when it is in that language and carries its parts; else judged again from
    the recorded measurements (analysis is pure). A report saved before verdicts carried their
    parts is shown with the verdict its parts were judged under, so the words above and the
    rows below never come from two judgements."""
    lang = lang or (report.get("context") or {}).get("lang") or "en"
    verdict = report.get("verdict") or {}
    if "parts" in verdict and (report.get("context") or {}).get("lang", "en") == lang:
        return verdict
    return explain_report(report, lang)
