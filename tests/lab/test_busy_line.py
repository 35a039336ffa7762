"""The busy-line test through the lab's home router: a slow upload with a deep buffer (the
router's queue holding up to 300 ms) is idle-clean and, loaded, makes the voice-like packets
wait up to that queue; the download, not limited, shows no such wait; a clean line shows
neither; a load server that cannot be reached leaves the line not measured. First the probe
alone, then whole diagnoses (``callpath diagnose --busy-line``), whose directory is the lab's
load server too (lab.lab_catalog): a choking upload or download is a local verdict naming the
busy line; a clean line (a short queue) leaves the verdict where the idle checks put it; a line
too fast for the test's allowance is not measured, never clean.

One TCP stream for 4 s keeps the queue full only part of the time (its congestion control
backs off at the first drops and grows back slowly: the median wait was about 30 ms, the 95th
percentile the full 300; four streams, about 110 ms at the median): the waits a busy line
causes are read from the high percentile of the samples taken under load."""

import json
import statistics
import subprocess

import pytest

from . import lab

LOAD_SERVER = lab.NDT7
TARGET = f"{lab.RELAY[0]}:3478"


def start_load_server() -> None:
    lab.spawn("ndt7", "world", [lab.sys.executable, str(lab.HERE / "ndt7.py"), "--listen",
                                f"{LOAD_SERVER[0]}:{LOAD_SERVER[1]}"], ready="ready")


@pytest.fixture(scope="module")
def load_server(the_lab):
    start_load_server()
    yield
    lab.stop("ndt7")


def busy(server: str = f"{LOAD_SERVER[0]}:{LOAD_SERVER[1]}") -> dict:
    cmd, env = lab.client_command([lab.sys.executable, str(lab.HERE / "busy_driver.py"), "--server", server,
                                   "--target", TARGET, "--seconds", "4", "--cap-mb", "25"])
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=90,
                         cwd=str(lab.HERE.parent.parent))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def extra_ms(result: dict, direction: str) -> float:
    """The wait the load added: the 95th percentile under load over the idle median."""
    return result[direction]["samples"]["rtt_ms"]["p95"] - result["idle"]["rtt_ms"]["median"]


def test_a_deep_upload_buffer_is_measured_within_a_fifth_of_its_queue(load_server, fault):
    """The queue the router holds, 300 ms, within a fifth."""
    fault("busy-line", direction="up", rate_kbit=4000, queue_ms=300)
    result = busy()
    assert result["idle"]["rtt_ms"]["median"] < 50, result["idle"]  # idle: nothing of it shows
    assert result["upload"]["error"] is None and result["upload"]["bytes"] > 0
    assert 240 <= extra_ms(result, "upload") <= 360, result["upload"]["samples"]
    assert extra_ms(result, "download") < 60, result["download"]["samples"]


def test_a_clean_line_waits_for_nothing(load_server):
    result = busy()
    assert statistics.fmean([extra_ms(result, d) for d in ("upload", "download")]) < 60, result


def test_a_load_server_not_reached_is_not_measured(load_server):
    result = busy(f"{LOAD_SERVER[0]}:8071")  # nothing listens there
    for direction in ("upload", "download"):
        assert result[direction]["error"] is not None and "samples" not in result[direction]


# --- whole diagnoses ------------------------------------------------------------------------------

def busy_diagnosis(symptom: str = "quality") -> dict:
    report, _ = lab.diagnose("--symptom", symptom, "--service", "teams", "--busy-line", timeout=120)
    return report


def busy_record(report: dict) -> dict:
    return next(m for m in report["measurements"] if m["id"] == "local.busy_line")


@pytest.mark.parametrize("direction, way", [("up", "upload"), ("down", "download")])
def test_a_line_that_chokes_when_busy_is_a_local_verdict_naming_it(load_server, fault, direction, way):
    fault("busy-line", direction=direction, rate_kbit=4000, queue_ms=300)
    report = busy_diagnosis()
    verdict = report["verdict"]
    assert (verdict["locus"], verdict["cause"]) == ("local", "busy_line"), verdict
    assert "local.busy_line" in verdict["evidence"]
    busy = busy_record(report)
    assert busy["ok"] and busy["metrics"]["operator"] == "M-Lab"
    # The wait the load added, as the analysis reads it, within a fifth of the queue set.
    idle_p95 = busy["metrics"]["idle"]["rtt_ms"]["p95"]
    extra = busy["metrics"][way]["samples"]["rtt_ms"]["p95"] - idle_p95
    assert 240 <= extra <= 360, busy["metrics"][way]["samples"]
    assert f"up to about {round(extra)} ms longer" in verdict["explanation"]
    assert verdict["parts"]["picture"]["home"] == "trouble"


def test_a_clean_line_leaves_the_verdict_where_the_idle_checks_put_it(load_server, fault):
    """A slow upload whose router keeps a short queue (as a router's smart queue does): the
    load fills the line, and the voice waits little behind it."""
    fault("busy-line", direction="up", rate_kbit=4000, queue_ms=40)
    idle, _ = lab.diagnose("--symptom", "quality", "--service", "teams")
    report = busy_diagnosis()
    assert (report["verdict"]["locus"], report["verdict"]["cause"]) == \
        (idle["verdict"]["locus"], idle["verdict"]["cause"])
    assert busy_record(report)["ok"] and "No long wait was seen" in report["verdict"]["explanation"]


def test_a_line_too_fast_for_the_allowance_is_not_called_clean(load_server):
    """The lab's own line, unshaped, moves the whole allowance in a moment: not measured."""
    report = busy_diagnosis()
    assert "not tested while busy" in report["verdict"]["explanation"]
    assert "No long wait" not in report["verdict"]["explanation"]


def test_a_load_server_that_cannot_be_reached_is_said_not_clean(load_server):
    lab.stop("ndt7")
    try:
        report = busy_diagnosis()
    finally:
        start_load_server()
    busy = busy_record(report)
    assert not busy["ok"] and busy["error"]["code"] in ("refused", "timeout", "unreachable")
    assert report["verdict"]["cause"] != "busy_line"
    assert "not tested while busy" in report["verdict"]["explanation"]
    assert "No long wait" not in report["verdict"]["explanation"]
