"""A watch through the lab's network over a simulated day: the way into China congested in
China's evening (real loss and delay on the border), clear otherwise; the watch must find the
good window and the bad one, in the user's own time. And rounds taken while the computer had
no network (its card down) are kept marked offline, never counted as the line's quality."""

import json
import subprocess
from collections.abc import Callable

from . import faults, lab

EVENING = range(19, 23)  # Beijing time: congested


def _watch(hours: int, before_round: Callable[[int, int], None], app: str = "teams") -> dict:
    """Run the watch driver for ``hours`` rounds, an hour apart (a user at UTC+1), calling
    ``before_round(round, Beijing hour)`` before each; its result (suggestion, points, words)."""
    cmd, env = lab.client_command([lab.sys.executable, str(lab.HERE / "watch_driver.py"),
                                   "--catalog", str(lab.STATE / "catalog.json"),
                                   "--hours", str(hours), "--every", "60", "--offset", "60", "--app", app])
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=str(lab.HERE.parent.parent))
    result = None
    try:
        for number, line in enumerate(proc.stdout):
            if not line.startswith("HOUR "):
                result = json.loads(line)
                break
            before_round(number, int(line.split()[1]))
            proc.stdin.write("go\n")
            proc.stdin.flush()
    finally:
        proc.stdin.close()
        code = proc.wait(timeout=60)
        proc.stdout.close()
    assert code == 0 and result is not None
    return result


def while_(fault, name: str, on: Callable[[int, int], bool], **settings) -> Callable[[int, int], None]:
    """A ``before_round`` for :func:`_watch` that has the fault ``name`` (with ``settings``) in
    place for the rounds where ``on(round, Beijing hour)`` holds, and cleared for the others."""
    now = {"on": False}

    def before_round(number: int, hour: int) -> None:
        want = on(number, hour)
        if want != now["on"]:
            if want:
                fault(name, **settings)
            else:
                faults.clear(name)
            now["on"] = want

    return before_round


def test_a_watch_finds_the_good_window_of_a_simulated_day(fault):
    result = _watch(24, while_(fault, "china-degraded", lambda _n, hour: hour in EVENING,
                               loss=25, delay_ms=120, jitter_ms=20))
    s = result["suggestion"]
    assert s["enough"] and s["samples"] == 24 and s["hours"] == 24
    # Beijing 19-23 is 12-16 for a user at UTC+1: the worst window inside it, the best outside.
    assert 12 <= s["worst"][0] <= 13, s
    assert not 10 <= s["best"][0] <= 15, s
    china = [p for p in result["points"] if p["group"] == "china"]
    assert all(p["mos"] is not None for p in china)
    assert "your time" in result["words"] and "Beijing time" in result["words"]


OFFLINE_ROUNDS = (2, 3, 4)  # Wi-Fi off for three rounds of eight


def test_rounds_without_network_are_marked_offline_and_not_counted(fault):
    """The computer's only card down for three rounds (Wi-Fi off: its routes go with it), then
    back: those rounds are kept, marked offline, and left out of the hours and the samples
    counted; the rounds around them count as usual."""
    result = _watch(8, while_(fault, "link-down", lambda number, _h: number in OFFLINE_ROUNDS))
    points = result["points"]
    rounds = sorted({p["at"] for p in points})
    assert len(rounds) == 8 and all(len([p for p in points if p["at"] == at]) == 2 for at in rounds)
    offline = sorted({rounds.index(p["at"]) for p in points if p["offline"]})
    assert offline == list(OFFLINE_ROUNDS), offline
    # Every round with the card up answered: it counts, with its figures.
    online = [p for p in points if not p["offline"]]
    assert online and all(p["mos"] is not None for p in online)
    s = result["suggestion"]
    assert s["samples"] == 8 - len(OFFLINE_ROUNDS) and s["hours"] == 8 - len(OFFLINE_ROUNDS), s
    assert not s["enough"], s  # five hours watched, six needed: the offline ones do not make up for it


BUSY_RELAY_ROUNDS = (2, 3, 4)  # 23:00, 0:00 and 1:00 for the user at UTC+1


def test_a_watch_of_every_app_finds_the_hours_one_relay_was_busy(fault):
    """Teams' relay path congested for three rounds of eight (real loss and delay on the way to
    it), WeChat's server clear all along: the watch of every app samples both in each round and
    says the way to Teams' servers got worse than its own usual at those hours, over midnight,
    while WeChat's held; it ranks neither against the other."""
    result = _watch(8, while_(fault, "relay-degraded", lambda number, _h: number in BUSY_RELAY_ROUNDS,
                              app="teams", loss=25, delay_ms=150, jitter_ms=30), app="all")
    points = result["points"]
    assert {(p["group"], p["app"]) for p in points} == {("china", ""), ("service", "teams"), ("service", "wechat")}
    assert all(p["mos"] is not None for p in points)
    teams, wechat = result["apps"]["apps"]
    assert (teams["app"], wechat["app"]) == ("teams", "wechat") and result["apps"]["enough"], result["apps"]
    assert sorted(teams["worse"]) == [0, 1, 23] and wechat["worse"] == [], result["apps"]
    assert result["apps_words"].startswith(
        "At 23:00–2:00 (your time) the way to the servers of Teams (free) got worse than its own usual, while "
        "the way to those of WeChat held: if calls on Teams (free) break up then, try WeChat."), \
        result["apps_words"]
