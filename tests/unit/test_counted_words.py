"""Counts said in the form for their number (gettext's ngettext), wherever a verdict or a report
says one: "about 1 day off", "1 of 1 connection failed", "1 other check failed and is not
explained", "0 of 1 packet lost" — never "1 days", "1 connections", "1 other checks … are"."""

import json
from pathlib import Path

import pytest

from callpath.core.analysis.judge import Finding
from callpath.core.base.i18n import LANGS
from callpath.core.records import render
from callpath.core.words import explain

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def _verdict(cause, facts, notes=(), lang="en"):
    f = Finding("local" if cause == "clock_skew" else "upstream", cause, "high",
                facts={"service": "teams", **facts})
    f.notes = list(notes)
    return explain.verdict(f, lang)


@pytest.mark.parametrize("days,said", [(86400, "about 1 day off"), (-2.6 * 86400, "about 3 days off"),
                                       (1.4 * 86400, "about 1 day off")])
def test_the_clocks_days(days, said):
    assert said in _verdict("clock_skew", {"skew_s": days, "variant": "days"})["explanation"]


@pytest.mark.parametrize("cause", ["service_unreachable", "china_unreachable"])
def test_the_connections_that_failed(cause):
    assert "(1 of 1 connection failed)" in _verdict(cause, {"failed": 1, "tried": 1})["explanation"]
    assert "(3 of 4 connections failed)" in _verdict(cause, {"failed": 3, "tried": 4})["explanation"]
    assert "（4 次连接有 3 次失败）" in _verdict(cause, {"failed": 3, "tried": 4}, lang="zh_CN")["explanation"]
    # An older report without the counts: said as many, with its unknown numbers.
    assert "(? of ? connections failed)" in _verdict(cause, {})["explanation"]


def test_the_checks_left_unexplained():
    one = _verdict("healthy", {"variant": "partly", "unexplained_count": 1}, ["unexplained"])["explanation"]
    assert "1 other check failed; it is listed in the details, and it points to no cause on its own." in one
    assert "1 other check failed and is not explained by this verdict; it is listed in the details." in one
    three = _verdict("healthy", {"variant": "partly", "unexplained_count": 3}, ["unexplained"])["explanation"]
    assert "Some other checks failed (3 in all); they are listed" in three
    assert "3 other checks failed and are not explained by this verdict; they are listed" in three
    assert "另有 1 项检查没有通过" in _verdict("healthy", {"unexplained_count": 1}, ["unexplained"],
                                        lang="zh_CN")["explanation"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_counted_text_renders_for_one_and_for_many(lang):
    for count in (1, 2, "?"):
        v = _verdict("healthy", {"variant": "partly", "unexplained_count": count}, ["unexplained"], lang)
        assert "{" not in v["explanation"] and str(count) in v["explanation"]


def test_a_voice_sample_of_one_packet():
    report = json.loads((REPORTS / "udp-blocked.json").read_text("utf-8"))
    sample = next(m for m in report["measurements"] if m["ok"] and m["kind"] in ("stun", "dns_sample")
                  and m["group"] != "local")
    sample["metrics"].update(sent=1, received=1)
    assert render._sample(sample, render.translator("en")).startswith("voice sample: 0 of 1 packet lost,")
    sample["metrics"].update(sent=100, received=97)
    assert render._sample(sample, render.translator("en")).startswith("voice sample: 3 of 100 packets lost,")
    assert render._sample(sample, render.translator("zh_CN")).startswith("语音测试：100 个数据包丢失 3 个")
