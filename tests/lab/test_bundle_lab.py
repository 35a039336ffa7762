"""The frozen app (the release archive, unpacked) diagnoses the lab's healthy network as healthy."""

import sys

import pytest

from . import lab

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux archive")


def test_frozen_app_finds_a_healthy_network_healthy(fault, frozen_app):
    report, run = lab.diagnose("--symptom", "check", program=[str(frozen_app / "CallPath")])
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == ("none", "healthy"), verdict["headline"]
    assert report["context"]["app_version"] and "Traceback" not in run.stderr
    assert len(report["measurements"]) >= 20
