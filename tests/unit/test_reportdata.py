"""The report's typed shape (core/base/reportdata.py) holds to the report as it is written and
read: mypy checks the code against the types, these tests the types against the JSON — the
schema check's fields, every recorded report, a verdict judged now and a run made now."""

import json
from pathlib import Path

import pytest

from callpath.core.analysis.judge import Answers
from callpath.core.api import Diagnosis
from callpath.core.base.reportdata import (
    AppData,
    Context,
    GroupData,
    MeasurementData,
    Parts,
    Report,
    Verdict,
    Voice,
)
from callpath.core.records.report import CONTEXT_TYPES, VERDICT_LISTS, VERDICT_TEXTS
from callpath.core.words.rejudge import reanalyse
from tests.replay import REPORTS

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
# A verdict's list an older CallPath wrote beside its explanation; the schema check still holds
# it to its type, nothing reads it.
OLD_VERDICT_KEYS = {"notes"}
# What the recorded reports carry for the tests alone: the verdict they must replay to.
TEST_KEYS = {"expected"}


def keys(td) -> set[str]:
    return set(td.__required_keys__ | td.__optional_keys__)


def recorded() -> list[Path]:
    found = sorted(REPORTS.glob("*.json")) + sorted(GOLDEN.glob("*.json"))
    return [p for p in found if "context" in json.loads(p.read_text("utf-8"))]


def fits(data: dict, td) -> None:
    """Every key of ``data`` is one ``td`` declares, and every key it requires is there."""
    assert set(data) <= keys(td), f"{td.__name__} lacks {set(data) - keys(td)}"
    assert td.__required_keys__ <= set(data), f"missing {td.__required_keys__ - set(data)}"


def test_the_types_name_the_fields_the_schema_check_knows():
    assert set(CONTEXT_TYPES) == keys(Context)
    # parts, app, apps and suggestion: structures, checked by their own readers and validate()
    structures = {"parts", "app", "apps", "suggestion"}
    assert set(VERDICT_TEXTS + VERDICT_LISTS) - OLD_VERDICT_KEYS == keys(Verdict) - structures
    assert keys(Report) == {"schema", "context", "verdict", "measurements"}


def test_a_measurement_carries_exactly_its_typed_keys():
    assert keys(MeasurementData) == {"id", "kind", "group", "target", "ok", "error", "metrics",
                                     "started_at", "duration_ms"}
    assert MeasurementData.__required_keys__ == keys(MeasurementData)


@pytest.mark.parametrize("path", recorded(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_recorded_report_fits_the_types(path):
    report = json.loads(path.read_text("utf-8"))
    assert set(report) - TEST_KEYS == keys(Report)
    fits(report["context"], Context)
    assert set(report["verdict"]) <= keys(Verdict) | OLD_VERDICT_KEYS
    assert Verdict.__required_keys__ <= set(report["verdict"])
    for m in report["measurements"]:
        fits(m, MeasurementData)


def _judged_fits(verdict: dict) -> None:
    fits(verdict, Verdict)
    fits(verdict["parts"], Parts)
    assert Parts.__required_keys__ == set() and set(verdict["parts"]) == keys(Parts)  # all written
    assert set(verdict["parts"]["groups"]) == {"local", "world", "service", "china"}
    voices = 0
    for group in verdict["parts"]["groups"].values():
        fits(group, GroupData)
        if group["voice"] is not None:
            fits(group["voice"], Voice)
            voices += 1
    assert voices  # each recorded run sampled the voice of some part
    fits(verdict["app"], AppData)
    if "successor" in verdict["app"]:
        fits(verdict["app"]["successor"], AppData)


@pytest.mark.parametrize("name", ["udp-blocked", "china-degraded", "home-degraded"])
def test_a_verdict_judged_now_fits_the_types(name):
    saved = json.loads((REPORTS / f"{name}.json").read_text("utf-8"))
    report = reanalyse(saved, "zh_TW")
    fits(report["context"], Context)
    assert report["context"]["reanalysed_by"]
    _judged_fits(report["verdict"])


def test_a_run_made_now_fits_the_types(net):
    answers = Answers("check", "abroad", "skype", utc_offset_min=60)
    report = Diagnosis(answers, net.catalog, deadline_s=20, nameservers=net.nameservers,
                       dns_port=net.dns_port).run()
    assert set(report) == keys(Report)
    fits(report["context"], Context)
    assert report["context"]["utc_offset_min"] == 60
    _judged_fits(report["verdict"])
    for m in report["measurements"]:
        fits(m, MeasurementData)
