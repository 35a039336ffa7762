"""A watch through the lab's network over a simulated day: the way into China congested in
China's evening (real loss and delay on the border), clear otherwise; the watch must find the
good window and the bad one, in the user's own time."""

import json
import subprocess

from . import faults, lab

EVENING = range(19, 23)  # Beijing time: congested


def test_a_watch_finds_the_good_window_of_a_simulated_day(fault):
    cmd, env = lab.client_command([lab.sys.executable, str(lab.HERE / "watch_driver.py"),
                                   "--catalog", str(lab.STATE / "catalog.json"),
                                   "--hours", "24", "--every", "60", "--offset", "60"])
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=str(lab.HERE.parent.parent))
    congested = False
    try:
        for line in proc.stdout:
            if not line.startswith("HOUR "):
                result = json.loads(line)
                break
            want = int(line.split()[1]) in EVENING
            if want != congested:
                if want:
                    fault("china-degraded", loss=25, delay_ms=120, jitter_ms=20)
                else:
                    faults.clear("china-degraded")
                congested = want
            proc.stdin.write("go\n")
            proc.stdin.flush()
    finally:
        proc.stdin.close()
        code = proc.wait(timeout=60)
        proc.stdout.close()
    assert code == 0
    s = result["suggestion"]
    assert s["enough"] and s["samples"] == 24 and s["hours"] == 24
    # Beijing 19-23 is 12-16 for a user at UTC+1: the worst window inside it, the best outside.
    assert 12 <= s["worst"][0] <= 13, s
    assert not 10 <= s["best"][0] <= 15, s
    china = [p for p in result["points"] if p["group"] == "china"]
    assert all(p["mos"] is not None for p in china)
    assert "your time" in result["words"] and "Beijing time" in result["words"]
