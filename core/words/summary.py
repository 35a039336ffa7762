"""A report summarised for people: the one figure per measurement, and each group's line as
the analysis judged it — shared by the renderers, the app and the history.

Nothing here judges the measurements: a group's state and figures are the verdict's own
(``verdict["parts"]``, analysis.judge_parts), so a line never says "all passed" beside a
verdict that blames its part (docs/design.md, "the analysis is the only judge"). A report saved
before verdicts carried their parts is judged again (:func:`~callpath.core.words.rejudge.judged`),
never re-derived here.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..analysis import apps, busyline
from ..base.i18n import N_, NP_, plural
from ..base.measurement import NOT_MEASURED, SAMPLE_KINDS
from ..base.redact import said
from ..base.reportdata import MeasurementData, Parts, Report, Verdict, Voice
from ..engine.builtin import resolve_app
from .phrases import BUSY_DIRECTIONS, standing_words


def app_of(report: Report, verdict: Verdict | None = None) -> apps.Chosen:
    """The app a report is about, as its verdict (``verdict``, else the report's own) carries
    it; for a verdict saved before it carried its app, or a damaged one, as the built-in catalog
    resolves the report's ``context.service``."""
    carried = apps.from_json((verdict if verdict is not None else report.get("verdict") or {}).get("app"))
    if carried is not None:
        return carried
    return resolve_app(str((report.get("context") or {}).get("service") or ""))


def figure(m: MeasurementData) -> str:
    """The one number that best describes a measurement, as recorded. A voice sample's call
    quality is not one: it is the analysis' figure for a part of the way, not a sample's
    (older reports' probes wrote one; it is not shown)."""
    metrics = m.get("metrics") or {}
    kind = m.get("kind")
    if kind in SAMPLE_KINDS and isinstance(metrics.get("rtt_ms"), dict):
        return (f"rtt {metrics['rtt_ms'].get('median')} ms, jitter {metrics.get('jitter_ms')} ms, "
                f"loss {metrics.get('loss_pct')} %")
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
    if kind == "busy_line":
        return ", ".join(f"{d.direction} +{d.extra_ms:g} ms ({busyline.grade(d.extra_ms)})"
                         for d in busyline.directions(metrics))
    return ""


# A measurement's figures said for people, in their language: the reports' and the details'
# "Figures" column. The raw ones (figure(), the TLS issuer, the error's own text) stand only in
# the column or section labelled technical (technical()).
FIGURE_TEXTS = {
    "sample": N_("round trip {rtt} ms, jitter {jitter} ms, {loss}% lost"),
    "http": N_("web answer {status} in {ms} ms"),
    "ms": N_("{ms} ms"),
    "no_address": N_("no IP address"),
    "busy": N_("{direction}: {ms} ms longer (grade {grade})"),
}
# Why a step was not measured (its result says "not checked"), in words.
NOT_MEASURED_TEXTS = {
    "skipped": N_("a step it depends on failed"),
    "cancelled": N_("the check was cancelled"),
    "deadline": N_("the check ran out of time"),
    "internal": N_("an error inside CallPath (see the log)"),
    "not_on_path": N_("your apps go another way"),
    "metered": N_("a metered connection: no data used"),
    "from_china": N_("not from inside mainland China"),
    "no_target": N_("no voice server answered to time it"),
}
# The targets of checks on this side, planned in English (core/engine/plan.py): shown in words.
LOCAL_TARGETS = {"this computer": N_("this computer"), "the home router": N_("the home router")}


def figure_words(m: MeasurementData, tr: gettext.NullTranslations) -> str:
    """A measurement's figures in the reader's words ("往返 3 毫秒…"), or why it was not
    measured; "" when it has none to say. Addresses stay as they are (no language has other
    words for them), a redacted report's placeholders for them said in the reader's words."""
    translate = tr.gettext
    metrics = m.get("metrics") or {}
    kind = m.get("kind")
    code = (m.get("error") or {}).get("code")
    if not m.get("ok") and code in NOT_MEASURED_TEXTS:
        return translate(NOT_MEASURED_TEXTS[code])
    if kind in SAMPLE_KINDS and isinstance(metrics.get("rtt_ms"), dict):
        return translate(FIGURE_TEXTS["sample"]).format(
            rtt=num_text(metrics["rtt_ms"].get("median")), jitter=num_text(metrics.get("jitter_ms")),
            loss=num_text(metrics.get("loss_pct")))
    if kind == "http" and "status" in metrics:
        return translate(FIGURE_TEXTS["http"]).format(status=metrics["status"],
                                                      ms=num_text(metrics.get("elapsed_ms"), 0))
    for key in ("connect_ms", "handshake_ms"):
        if kind in ("tcp", "tls") and key in metrics:
            return translate(FIGURE_TEXTS["ms"]).format(ms=num_text(metrics[key], 0))
    if kind in ("dns", "dns_trusted", "dns_server") and "addresses" in metrics:
        return said(", ".join(metrics["addresses"][:3]), tr) or translate(FIGURE_TEXTS["no_address"])
    if kind == "busy_line":
        return "; ".join(translate(FIGURE_TEXTS["busy"]).format(
            direction=translate(BUSY_DIRECTIONS[d.direction]), ms=num_text(d.extra_ms, 0),
            grade=busyline.grade(d.extra_ms)) for d in busyline.directions(metrics))
    return ""


def target_words(m: MeasurementData, tr: gettext.NullTranslations) -> str:
    """Where a check went: a name or an address as it stands (a redacted one's placeholder in
    the reader's words), this side's places in words."""
    target = str(m.get("target", ""))
    return tr.gettext(LOCAL_TARGETS[target]) if target in LOCAL_TARGETS else said(target, tr)


def said_verdict(verdict: Verdict, tr: gettext.NullTranslations) -> Verdict:
    """The verdict as a view shows it: a redacted report's placeholders in its headline,
    explanation and actions (a VPN's name in its note, say) in ``tr``'s language."""
    out: Verdict = {**verdict, "headline": said(str(verdict.get("headline", "")), tr),
                    "explanation": said(str(verdict.get("explanation", "")), tr),
                    "actions": [said(str(a), tr) for a in verdict.get("actions") or []]}
    if isinstance(verdict.get("apps"), list):  # an all-apps check: every app's verdict too
        out["apps"] = [said_verdict(v, tr) for v in verdict["apps"]]
    return out


class ComparedApp(NamedTuple):
    """One app of an all-apps check, as a view lists it."""
    id: str
    name: str          # in the view's language
    standing: str      # analysis.choice.standing: clear, partly, local, blocked, trouble, unknown
    said: str          # the standing in words
    # Its verdict's headline for its row; "" where the standing says all there is: a blocked
    # app (its verdict is about the way it was tested), or the same trouble on this side for
    # every app (one verdict, said once, under the rows).
    headline: str
    verdict: Verdict


def compared_apps(verdict: Verdict, lang: str) -> list[ComparedApp]:
    """An all-apps check's apps as a view lists them, in the catalog's order; [] for a verdict
    about one app (or an app's verdict that cannot be read)."""
    suggestion = verdict.get("suggestion")
    standings = suggestion.get("standings", {}) if suggestion is not None else {}
    said_once = suggestion is not None and suggestion.get("kind") == "local" and bool(suggestion.get("shared"))
    out = []
    for v in verdict.get("apps") or []:
        chosen = apps.from_json(v.get("app"))
        if chosen is None:
            continue
        standing = str(standings.get(chosen.id, ""))
        headline = "" if standing == "blocked" or said_once else str(v.get("headline", ""))
        out.append(ComparedApp(chosen.id, chosen.name(lang), standing, standing_words(standing, lang),
                               headline, v))
    return out


def technical(m: MeasurementData) -> str:
    """A measurement as a helper reads it, untranslated: the check's id and kind, the error's
    code and its own text, the raw figures (TLS version and issuer). Only for a column or
    section labelled technical."""
    error = m.get("error") or {}
    parts = [f"{m.get('id', '')} ({m.get('kind', '')})"]
    if error:
        parts.append(f"[{error.get('code', '')}] {error.get('detail', '')}".strip())
    if m.get("kind") == "tls" and figure(m):
        parts.append(figure(m))
    return "; ".join(parts)


def group_outcome(report: Report, group: str) -> tuple[list[MeasurementData], list[MeasurementData]]:
    """(measured, failed) measurements of one group, to list them; what was not measured is
    left out. The same selection as the analysis' count (Measurement.measured)."""
    ms = [m for m in report.get("measurements", []) if m.get("group") == group]
    measured = [m for m in ms if m.get("ok") or (m.get("error") or {}).get("code") not in NOT_MEASURED]
    return measured, [m for m in measured if not m.get("ok")]


def group_samples(report: Report, group: str) -> list[MeasurementData]:
    """The group's successful voice-like samples (STUN, DNS), which carry RTT and loss."""
    return [m for m in report.get("measurements", []) if m.get("group") == group and m.get("ok")
            and m.get("kind") in SAMPLE_KINDS and isinstance((m.get("metrics") or {}).get("rtt_ms"), dict)]


# --- the verdict's own judgement of each part ---------------------------------------------------

# The groups of checks behind each part of the picture (core/analysis/picture.py, GROUP_OF).
GROUP_PARTS = {"local": ("computer", "home"), "world": ("internet",), "service": ("service",), "china": ("china",)}
# A group made of several parts shows the gravest of their states.
_GRAVITY = ("trouble", "suspect", "mixed", "ok", "unknown")


def group_state(parts: Parts, group: str) -> str:
    """A group's state as the picture shows its parts: ``trouble``/``suspect`` where the
    verdict points, ``mixed``, ``ok``, ``unknown``."""
    picture = parts.get("picture") or {}
    states = [picture.get(p, "unknown") for p in GROUP_PARTS.get(group, ())]
    return min(states, key=_GRAVITY.index, default="unknown")


def group_voice(parts: Parts, group: str) -> Voice | None:
    """A group's voice figures as the analysis pooled them (state, loss with its interval,
    round trip, jitter, call quality), or None when it had no voice sample."""
    judged = (parts.get("groups") or {}).get(group)
    voice = judged.get("voice") if judged else None
    return voice if isinstance(voice, dict) else None


def num_text(value: Any, digits: int = 1) -> str:
    """A figure as the verdict and the rows write it: "3.4", "146"; "?" when not a number."""
    if not isinstance(value, (int, float)):
        return "?"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def loss_text(figures: Mapping[str, Any]) -> str:
    """Loss as what the sample can prove: its 95 % interval ("10–18") where one was computed —
    a hundred packets cannot tell 8 % from 12 % — else the figure recorded."""
    low_high = figures.get("loss_range")
    if (isinstance(low_high, list) and len(low_high) == 2
            and all(isinstance(v, (int, float)) for v in low_high) and low_high[1] - low_high[0] >= 1):
        return f"{low_high[0]:.0f}–{low_high[1]:.0f}"
    return num_text(figures.get("loss_pct"))


def voice_words(voice: Voice) -> dict[str, str]:
    """A part's voice figures as the verdict quotes them (explain.py writes its own with these
    same functions): loss as its interval, the round trip, the call quality."""
    rtt = voice.get("rtt_ms")
    return {"loss": loss_text(voice),
            "rtt": "<1" if isinstance(rtt, (int, float)) and rtt < 1 else num_text(rtt, 0),
            "mos": num_text(voice.get("mos"))}


LINES = {
    "not_checked": N_("not checked"),
    "voice_poor": N_("voice suffered: about {loss}% lost, {rtt} ms round trip, quality {mos} of 5"),
    "voice_mixed": N_("one server's own way lost packets (not counted against this part)"),
    "and": N_("{checks}; {voice}"),
}
# The lines that count checks, in the form for their number (gettext's ngettext).
COUNTED = {
    "all_passed": NP_("its {n} check passed", "all {n} checks passed"),
    "answered": NP_("its {n} check answered", "all {n} checks answered"),
    "points_here": NP_("its {n} check answered; the verdict points here",
                       "all {n} checks answered; the verdict points here"),
    "failed": NP_("{failed} of {n} check failed", "{failed} of {n} checks failed"),
    "explained": NP_("{failed} of {n} check failed, explained by the verdict",
                     "{failed} of {n} checks failed, all explained by the verdict"),
    "unexplained": NP_("{failed} of {n} check failed, {unexplained} not explained by the verdict",
                       "{failed} of {n} checks failed, {unexplained} not explained by the verdict"),
}


def group_line(parts: Parts, group: str, tr: gettext.NullTranslations) -> tuple[str, str]:
    """(state, line) for a group, in ``tr``'s language: the state the verdict gave its part(s)
    and a line that agrees with it — never "passed" where the verdict points, failures said as
    explained by the verdict or not, the voice figures the analysis quoted."""
    translate = tr.gettext
    state = group_state(parts, group)
    info: Mapping[str, Any] = (parts.get("groups") or {}).get(group) or {}
    n, failed, unexplained = (int(info.get(k) or 0) for k in ("checks", "failed", "unexplained"))
    if not n:
        return state, translate(LINES["not_checked"])
    blamed = state in ("trouble", "suspect")
    voice = group_voice(parts, group)
    said = voice.get("state") if voice else None
    if failed and unexplained:
        checks = plural(tr, COUNTED["unexplained"], n).format(failed=failed, n=n, unexplained=unexplained)
    elif failed:
        checks = plural(tr, COUNTED["failed" if blamed else "explained"], n).format(failed=failed, n=n)
    elif said in ("poor", "mixed"):
        checks = plural(tr, COUNTED["answered"], n).format(n=n)
    elif blamed:
        return state, plural(tr, COUNTED["points_here"], n).format(n=n)
    else:
        checks = plural(tr, COUNTED["all_passed"], n).format(n=n)
    if voice and said == "poor":
        return state, translate(LINES["and"]).format(
            checks=checks, voice=translate(LINES["voice_poor"]).format(**voice_words(voice)))
    if voice and said == "mixed":
        return state, translate(LINES["and"]).format(checks=checks, voice=translate(LINES["voice_mixed"]))
    return state, checks


def group_figures(parts: Parts, group: str) -> dict[str, float | None]:
    """A group's key figures as the analysis pooled them (round trip, loss, call quality); None
    where it had no voice sample. What the history keeps per run."""
    voice = group_voice(parts, group)
    if voice is None:
        return {"rtt_ms": None, "loss_pct": None, "mos": None}
    return {"rtt_ms": voice.get("rtt_ms"), "loss_pct": voice.get("loss_pct"), "mos": voice.get("mos")}
