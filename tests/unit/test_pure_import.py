"""The analysis is pure by import: judging a saved report again (as the app does for a report
from the history, and `callpath report --reanalyse`) loads no probe, no runner and no network
library — measured in a fresh interpreter, where nothing else has loaded them."""

import json
import subprocess
import sys

from tests.replay import REPORTS

NETWORK = ("requests", "urllib3", "dns", "aioice", "psutil", "truststore")
ENGINE = ("callpath.core.probes", "callpath.core.engine.plan", "callpath.core.engine.runner")

PROGRAM = """
import json, sys
from callpath.core.words.rejudge import explain_report
report = json.load(open(sys.argv[1], encoding="utf-8"))
verdict = explain_report(report, "zh_CN")
print(json.dumps({"cause": verdict["cause"], "modules": sorted(sys.modules)}))
"""


def test_judging_a_saved_report_loads_no_probe_runner_or_network_library():
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(REPORTS / "udp-blocked.json")],
                          capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(done.stdout)
    assert seen["cause"] == "udp_blocked"
    loaded = [m for m in seen["modules"] if m.split(".")[0] in NETWORK or m.startswith(ENGINE)]
    assert loaded == []
    assert "callpath.core.kinds.media_tcp" in seen["modules"]  # its shaping ran, without its probe
