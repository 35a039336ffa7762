"""The busy-line probe through the lab's home router: a slow upload with a deep buffer (the
router's queue holding up to 300 ms) is idle-clean and, loaded, makes the voice-like packets
wait up to that queue; the download, not limited, shows no such wait; a clean line shows
neither; a load server that cannot be reached leaves the line not measured.

One TCP stream for 4 s keeps the queue full only part of the time (its congestion control
backs off at the first drops and grows back slowly: the median wait was about 30 ms, the 95th
percentile the full 300; four streams, about 110 ms at the median): the waits a busy line
causes are read from the high percentile of the samples taken under load."""

import json
import statistics
import subprocess

import pytest

from . import lab

LOAD_SERVER = (lab.HOST["world"][0], 8070)
TARGET = f"{lab.RELAY[0]}:3478"


@pytest.fixture(scope="module")
def load_server(the_lab):
    lab.spawn("ndt7", "world", [lab.sys.executable, str(lab.HERE / "ndt7.py"), "--listen",
                                f"{LOAD_SERVER[0]}:{LOAD_SERVER[1]}"], ready="ready")
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
