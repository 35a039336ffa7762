"""The busy-line test in the verdict (analysis/busyline.py), on recorded lab runs with the
test's measurement added as the probe writes it: a line that chokes when busy is a fault on the
user's side that stops nothing — the verdict where nothing else is found, said beside another
verdict; a clean one is said and changes nothing; one that did not measure the line is said as
not measured, never as clean; from inside China, with a VPN or on a busy computer it is not
sure."""

import pytest

from callpath.core.analysis import busyline
from callpath.core.words.explain import verdict
from tests.replay import edit, find, in_china, load, run, voice


def busy_line(up: float | None = 290.0, down: float | None = 4.0, idle_p95: float = 6.0, answered: int = 80,
              error: dict | None = None, ended: str = "time", seconds: float = 4.5, moved: int = 2_250_000,
              loss: float = 2.0, sent: int = 90, stall: bool = False, before: float | None = None) -> dict:
    """The busy-line measurement as engine/busyline.py records it: ``up``/``down`` the wait
    added at the 95th percentile (None: that direction's load server not reached), its answers'
    series a queue that holds (every tenth answer waits that long, all through the load) or,
    with ``stall``, one half-second stall; ``before``: the same server's median earlier in the
    run (default: the idle line's)."""
    def direction(extra):
        if extra is None:
            return {"bytes": 0, "seconds": 0.0, "ended": None, "server": "mlab1",
                    "error": {"code": "refused", "detail": "connection refused"}}
        series = [[round(i * seconds / answered, 2), 8.0] for i in range(answered)]
        for i in range(0, answered, 10) if not stall else ():
            series[i][1] = idle_p95 + extra
        if stall:
            # Eight answers held and released together: sent 50 ms apart, arriving at once.
            first = seconds / 2
            for n, i in enumerate(range(answered // 2, answered // 2 + 8)):
                series[i] = [round(first + n * 0.05, 2), round(idle_p95 + extra - n * 50.0, 1)]
        return {"bytes": moved, "seconds": seconds, "ended": ended, "server": "mlab1", "error": None,
                "samples": {"rtt_ms": {"min": 3.0, "median": 10.0 + extra / 3, "p95": idle_p95 + extra,
                                       "max": idle_p95 + extra + 20}, "received": answered, "sent": sent,
                            "loss_pct": loss, "jitter_ms": 3.0, "series": series}, "samples_error": None}
    metrics = {"operator": "M-Lab", "timed": "203.0.113.9:3478/udp", "servers": ["mlab1"],
               "before": {"median": 4.0 if before is None else before,
                          "p95": idle_p95 if before is None else before + 2.0, "loss_pct": 0.0},
               "idle": {"rtt_ms": {"min": 2.0, "median": 4.0, "p95": idle_p95, "max": idle_p95 + 1}, "received": 40,
                        "loss_pct": 0.0},
               "idle_error": None, "upload": direction(up), "download": direction(down)}
    return {"id": "local.busy_line", "kind": "busy_line", "group": "local", "target": "M-Lab",
            "ok": error is None, "error": error, "metrics": metrics if error is None else {},
            "started_at": "2026-12-08T03:00:00Z", "duration_ms": 12000.0}


def with_busy(name: str, measurement: dict) -> dict:
    report = load(name)
    report["measurements"].append(measurement)
    return report


@pytest.mark.parametrize("extra, expected", [(0, "A+"), (4.9, "A+"), (5, "A"), (29, "A"), (30, "B"), (59, "B"),
                                             (60, "C"), (199, "C"), (200, "D"), (399, "D"), (400, "F"), (2000, "F")])
def test_grades_follow_the_bands_speed_tests_use(extra, expected):
    assert busyline.grade(extra) == expected


@pytest.mark.parametrize("symptom, confidence", [("quality", "medium"), ("check", "medium"),
                                                 # a busy line spoils and drops calls; it does not
                                                 # stop them connecting
                                                 ("app_calls", "low")])
def test_a_line_that_chokes_when_busy_is_the_verdict_where_nothing_else_is_found(symptom, confidence):
    f = run(with_busy("healthy-check", busy_line(up=290.0)), symptom=symptom)
    assert (f.locus, f.cause, f.confidence) == ("local", "busy_line", confidence)
    assert f.evidence == ["local.busy_line"]
    facts = f.facts["busy_line"]
    assert (facts["state"], facts["direction"], facts["extra_ms"], facts["grade"]) == ("bloated", "upload", 290.0, "D")
    assert f.parts["picture"]["home"] == "trouble"
    said = verdict(f, "en")
    assert "up to about 290 ms longer" in said["explanation"] and "grade D" in said["explanation"]
    assert "uploading" in said["explanation"]
    assert any("Smart Queue" in a for a in said["actions"])


def test_the_download_choking_is_named_as_the_download():
    f = run(with_busy("healthy-check", busy_line(up=3.0, down=520.0)), symptom="quality")
    assert f.cause == "busy_line" and f.facts["busy_line"]["direction"] == "download"
    assert f.facts["busy_line"]["grade"] == "F"


def test_the_idle_line_s_own_jumps_are_not_blamed_on_the_load():
    """A jumpy Wi-Fi: 150 ms peaks idle, 250 under load: the load added 100 ms, not 250."""
    f = run(with_busy("healthy-check", busy_line(up=100.0, down=100.0, idle_p95=150.0)), symptom="quality")
    assert f.cause == "beyond_reach" and f.facts["busy_line"]["extra_ms"] == 100.0
    assert "busy_line_some" in f.notes


def test_signing_in_does_not_wait_on_a_busy_line():
    f = run(with_busy("healthy-check", busy_line(up=290.0)), symptom="sign_in")
    assert f.cause != "busy_line" and f.facts.get("also_seen") == "busy_line"


def test_a_clean_busy_line_is_said_and_changes_nothing():
    plain = run(load("healthy-check"), symptom="quality")
    f = run(with_busy("healthy-check", busy_line(up=12.0, down=3.0)), symptom="quality")
    assert (f.locus, f.cause, f.confidence) == (plain.locus, plain.cause, plain.confidence)
    assert "busy_line_clean" in f.notes and f.facts["busy_line"]["grade"] == "A"
    said = verdict(f, "en")["explanation"]
    assert "uploading and downloading" in said and "No long wait was seen" in said


def test_a_line_that_lags_when_busy_is_said_not_blamed():
    f = run(with_busy("healthy-check", busy_line(up=120.0, down=10.0)), symptom="quality")
    assert f.cause == "beyond_reach" and "busy_line_some" in f.notes
    assert "may lag" in verdict(f, "en")["explanation"]


def test_beside_another_verdict_a_choking_line_is_still_said():
    f = run(with_busy("china-degraded", busy_line(up=300.0)))
    assert f.cause == "china_degraded" and "busy_line_also" in f.notes
    assert "300 ms longer" in verdict(f, "en")["explanation"]


@pytest.mark.parametrize("measurement, why, words", [
    (busy_line(error={"code": "refused", "detail": "no load server took the test"}), "refused", "could not be reached"),
    (busy_line(error={"code": "metered", "detail": "metered"}), "metered", "metered"),
    (busy_line(error={"code": "no_target", "detail": "nothing answered"}), "no_target", "no voice server"),
    (busy_line(error={"code": "cancelled", "detail": ""}), "cancelled", "cancelled"),
    (busy_line(up=None, down=None), "other", "could not be reached"),
    (busy_line(up=400.0, down=400.0, answered=6), "few_answers", "too few"),
    (busy_line(up=1.0, down=1.0, answered=3, ended="cap", seconds=0.2), "fast_line", "so fast"),
], ids=["unreached", "metered", "no-target", "cancelled", "no-server-either-way", "few-answers", "fast-line"])
def test_a_test_that_did_not_measure_the_line_is_never_a_clean_line(measurement, why, words):
    f = run(with_busy("healthy-check", measurement), symptom="quality")
    assert f.cause == "beyond_reach" and "busy_line_not_measured" in f.notes and "busy_line_clean" not in f.notes
    assert f.facts["busy_line"] == {"state": "not_measured", "why": why}
    assert words in verdict(f, "en")["explanation"]
    # A test that did not run is no failure of this side's checks.
    assert f.parts["groups"]["local"]["failed"] == 0 and "unexplained" not in f.notes


def test_one_direction_measured_is_judged_on_that_direction():
    f = run(with_busy("healthy-check", busy_line(up=250.0, down=None)), symptom="quality")
    assert f.cause == "busy_line" and f.facts["busy_line"]["tested"] == ["upload"]


def test_from_inside_china_the_waits_would_be_the_border_s():
    report = in_china(with_busy("healthy-check", busy_line(up=350.0)))
    f = run(report, symptom="quality", location="china")
    assert f.cause != "busy_line" and f.facts["busy_line"] == {"state": "not_measured", "why": "from_china"}


def test_through_a_vpn_the_queue_may_be_its_server_s():
    report = with_busy("healthy-check", busy_line(up=350.0))
    find(report, "local.interfaces")["metrics"]["interfaces"].append(
        {"name": "wg0", "up": True, "mtu": 1420, "ipv4": ["10.6.0.2"], "ipv6": [], "mac": None,
         "loopback": False, "tunnel": True})
    f = run(report, symptom="quality")
    assert f.cause == "busy_line" and f.confidence == "low" and "vpn_in_use" in f.notes


def test_a_computer_too_busy_to_time_its_packets_is_not_read_as_a_choking_line():
    report = with_busy("healthy-check", busy_line(up=350.0))
    edit(report, "local.echo", metrics=voice(rtt=40.0, queue=39.0, jitter=25.0))
    f = run(report, symptom="app_calls")
    assert f.cause != "busy_line" and f.facts["busy_line"] == {"state": "not_measured", "why": "busy_computer"}


def test_a_damaged_record_is_read_as_not_measured():
    m = busy_line()
    m["metrics"]["idle"] = "garbage"
    m["metrics"]["upload"]["samples"] = ["x"]
    f = run(with_busy("healthy-check", m), symptom="quality")
    assert f.facts["busy_line"]["state"] == "not_measured"


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_the_busy_line_s_words_are_translated(lang):
    f = run(with_busy("healthy-check", busy_line(up=290.0)), symptom="quality")
    said = verdict(f, lang)
    assert "290" in said["explanation"] and "D" in said["explanation"]
    assert not any(word in said["explanation"] for word in ("uploading", "busy", "line"))


def test_the_public_address_its_samples_saw_is_redacted_and_the_verdict_kept():
    """The voice server timed sees the user's public address, idle and under load: redacted
    wherever the test's figures hold it, and the redacted report judged as the original."""
    from callpath.core.base.redact import redact_report

    report = with_busy("healthy-check", busy_line(up=290.0))
    busy = find(report, "local.busy_line")["metrics"]
    for figures in (busy["idle"], busy["upload"]["samples"], busy["download"]["samples"]):
        figures["mapped_address"] = "198.51.100.77:40123"
    report["context"]["redacted"] = False
    redacted = redact_report(report)
    assert "198.51.100.77" not in str(redacted)
    assert run(redacted, symptom="quality").cause == run(report, symptom="quality").cause == "busy_line"


# --- what a busy line's evidence shares with other things (an adversarial review's cases) ---------

def test_a_call_to_a_phone_number_is_decided_by_the_replies_not_the_busy_line():
    """The user's replies about the call decide (phonerules): the busy line is said beside."""
    from callpath.core.analysis.judge import Answers, analyse
    from callpath.core.base.measurement import from_json

    report = with_busy("healthy-phone", busy_line(up=290.0))
    f = analyse([from_json(m) for m in report["measurements"]],
                Answers("phone_calls", "abroad", "teams", (("heard", "rang_then_dropped"), ("rang", "no"))))
    assert f.cause == "cut_before_their_line" and f.facts.get("also_seen") == "busy_line"


def test_one_stall_is_not_a_queue():
    """A Wi-Fi scan holds every answer for half a second once: the 95th percentile rises, but
    the long waits were all sent within that half second — said as a lag, not the verdict."""
    f = run(with_busy("healthy-check", busy_line(up=238.0, stall=True)), symptom="quality")
    assert f.cause == "beyond_reach" and "busy_line_some" in f.notes


@pytest.mark.parametrize("measurement, why", [
    (busy_line(up=3.0, down=3.0, moved=20_000), "few_answers"),      # a server that took almost nothing
    (busy_line(up=3.0, down=3.0, ended="closed", seconds=0.7), "cut_short"),  # closed early
    (busy_line(up=None, down=3.0), "other"),                         # only the download measured
], ids=["nothing-moved", "closed-early", "download-only"])
def test_a_load_that_did_not_hold_the_line_never_says_it_copes(measurement, why):
    f = run(with_busy("healthy-check", measurement), symptom="quality")
    assert "busy_line_clean" not in f.notes and f.facts["busy_line"] == {"state": "not_measured", "why": why}


def test_a_line_already_busy_before_the_test_is_not_measured():
    """Another device uploading when the test began: its 'idle' line was loaded already."""
    f = run(with_busy("healthy-check", busy_line(up=10.0, down=10.0, idle_p95=300.0, before=4.0)),
            symptom="quality")
    assert f.facts["busy_line"] == {"state": "not_measured", "why": "already_busy"}
    assert "already using your line" in verdict(f, "en")["explanation"]


def test_voice_lost_under_load_is_said_not_called_clean():
    f = run(with_busy("healthy-check", busy_line(up=10.0, down=10.0, loss=35.0)), symptom="quality")
    assert "busy_line_lossy" in f.notes and "busy_line_clean" not in f.notes
    assert "about 35% more" in verdict(f, "en")["explanation"]
    # Nearly nothing came back under load while the idle line lost nothing: the line dropped it.
    f = run(with_busy("healthy-check", busy_line(up=10.0, down=10.0, answered=4, loss=95.0)), symptom="quality")
    assert "busy_line_lossy" in f.notes


def test_through_a_proxy_the_queue_may_be_its_server_s():
    report = with_busy("working-proxy", busy_line(up=350.0))
    f = run(report, symptom="quality")
    assert f.cause == "busy_line" and f.confidence == "low"


def test_a_record_without_its_series_is_judged_on_its_figures():
    """A busy-line record written without the answers' series (another writer, a hand-edited
    report): its 95th percentile is all there is, and it stands."""
    m = busy_line(up=290.0)
    del m["metrics"]["upload"]["samples"]["series"]
    assert run(with_busy("healthy-check", m), symptom="quality").cause == "busy_line"


def test_a_direction_with_damaged_samples_is_left_out():
    m = busy_line(up=290.0, down=3.0)
    m["metrics"]["upload"]["samples"] = ["damaged"]
    f = run(with_busy("healthy-check", m), symptom="quality")
    assert f.cause == "beyond_reach" and f.facts["busy_line"]["state"] == "not_measured"
