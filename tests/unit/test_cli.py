"""The command line: contracts of DESIGN 2.1 (exit codes, one-line errors, formats)."""

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack

import pytest

from callpath.core.cli.main import main
from callpath.core.engine import catalog as catalog_mod
from callpath.gui import main as gui_main
from callpath.gui.main import main as entry
from tests import loopnet


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("CallPath ")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["diagnose", "--symptom", "sad"],
                                  ["diagnose", "--deadline", "soon"], ["diagnose", "--deadline", "0"],
                                  # refused before anything is probed: the catalog's apps decide
                                  ["diagnose", "--service", "icq"],
                                  ["diagnose", "--service", "wechat", "--symptom", "phone_calls"]])
def test_bad_usage_is_one_line_and_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("callpath: ") and err.count("\n") == 1


def test_apps_come_from_the_catalog(capsys):
    assert run(capsys, "diagnose", "--service", "icq")[2].startswith(
        "callpath: unknown app 'icq': the catalog's apps are teams, skype, wechat, whatsapp")
    assert "WeChat cannot call phone numbers" in run(capsys, "diagnose", "--service", "wechat",
                                                    "--symptom", "phone_calls")[2]
    with pytest.raises(SystemExit):
        main(["diagnose", "--help"])
    assert "default: teams" in " ".join(capsys.readouterr().out.split())


def test_catalog_prints_what_catalog_option_reads(capsys, tmp_path):
    code, out, _ = run(capsys, "catalog")
    assert code == 0
    path = tmp_path / "c.json"
    path.write_text(out, "utf-8")
    assert catalog_mod.load(path) == catalog_mod.load()


def test_malformed_catalog_exit_2_naming_entry_and_field(capsys, tmp_path):
    raw = json.loads(catalog_mod.default_path().read_text("utf-8"))
    raw["endpoints"][3]["tcp"] = [0]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(raw), "utf-8")
    for argv in (["catalog", "--catalog", str(path)], ["diagnose", "--catalog", str(path)]):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert "entry 'apple-check': field 'tcp'" in err and err.count("\n") == 1


def test_report_rejects_bad_files(capsys, tmp_path):
    cases = {
        "missing.json": None,
        "garbage.json": b"\x00\x01 not json",
        "truncated.json": b'{"schema": "callpath.report/1", "context": {',
        "other.json": b'{"hello": 1}',
        "newer.json": b'{"schema": "callpath.report/9", "context": {}, "verdict": {}, "measurements": []}',
        "damaged.json": b'{"schema": "callpath.report/1", "context": {}, "verdict": {}, "measurements": [{"id": 1}]}',
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        code, out, err = run(capsys, "report", str(path))
        assert code == 2, name
        assert err.startswith("callpath: ") and err.count("\n") == 1, (name, err)
    assert "newer CallPath" in run(capsys, "report", str(tmp_path / "newer.json"))[2]


@pytest.fixture
def literal_net(tmp_path, monkeypatch):
    with ExitStack() as stack:
        n = loopnet.start(stack, tmp_path, literal=True)
        loopnet.trust(monkeypatch, n.ca_file)
        path = tmp_path / "loop-catalog.json"
        path.write_text(catalog_mod.dump(n.catalog), "utf-8")
        yield path


def test_diagnose_json_then_report_text(capsys, literal_net, tmp_path):
    out_file = tmp_path / "r.json"
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--format", "json",
                         "--output", str(out_file), "--deadline", "15", "--location", "abroad")
    assert code == 0, err
    report = json.loads(out_file.read_text("utf-8"))
    assert report["schema"] == "callpath.report/1"
    assert report["context"]["location"] == "abroad"
    assert (report["verdict"]["locus"], report["verdict"]["cause"]) == ("none", "healthy")
    failed = [m["id"] for m in report["measurements"] if m["group"] != "local" and not m["ok"]]
    assert failed == []
    assert report["context"]["redacted"] is True  # by default
    assert isinstance(report["context"]["utc_offset_min"], int)  # China's busy hours in the user's time
    code, text, _ = run(capsys, "report", str(out_file), "--format", "text")
    assert code == 0
    assert "The calling service (all" in text and "China (all" in text
    assert not list(tmp_path.glob(".r.json.*"))  # no temporary file left behind
    for fmt, marker in (("markdown", "### Verdict:"), ("html", "<!DOCTYPE html>"), ("json", '"schema"')):
        code, rendered, _ = run(capsys, "report", str(out_file), "--format", fmt, "--also", "zh_CN")
        assert code == 0 and marker in rendered
    # the run was kept in the history
    code, listing, _ = run(capsys, "history")
    assert code == 0 and "none" in listing and "healthy" in listing


def test_no_redact_warns_and_keeps_data(capsys, literal_net, tmp_path):
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--format", "json",
                         "--deadline", "15", "--no-redact")
    assert code == 0 and "personal data" in err
    report = json.loads(out)
    assert report["context"]["redacted"] is False
    stun = next(m for m in report["measurements"] if m["kind"] == "stun" and m["ok"])
    assert stun["metrics"]["mapped_address"].startswith("127.0.0.1:")
    path = tmp_path / "raw.json"
    path.write_text(out, "utf-8")
    # Re-rendering a raw report redacts it, unless asked again not to.
    code, rendered, _ = run(capsys, "report", str(path), "--format", "json")
    again = json.loads(rendered)
    assert again["context"]["redacted"] is True
    stun = next(m for m in again["measurements"] if m["kind"] == "stun" and m["ok"])
    assert stun["metrics"]["mapped_address"] == "[your public address, loopback IPv4]"


def test_unwritable_output_is_refused_before_running(capsys, tmp_path):
    code, _, err = run(capsys, "diagnose", "--output", str(tmp_path / "no" / "such" / "r.json"))
    assert code == 2 and "does not exist" in err


def test_entry_without_display_prints_the_hint(monkeypatch, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(gui_main, "SYSTEM", "linux")
    monkeypatch.setattr(sys, "argv", ["/src/callpath/.venv/bin/callpath"])
    assert entry([]) == 2
    err = capsys.readouterr().err
    assert "run '/src/callpath/.venv/bin/callpath diagnose'" in err and err.count("\n") == 1


def test_installed_command_runs(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "callpath.gui", "--version"], capture_output=True,
                         text=True, env=env, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("CallPath ")
    # The app itself: its window opens (offscreen) and, with the self-check, closes by itself
    # (its facts in a file: they name the window in Chinese, which a pipe on Windows cannot take).
    facts_file = tmp_path / "self-check.json"
    out = subprocess.run([sys.executable, "-m", "callpath.gui"], capture_output=True, text=True, timeout=60,
                         errors="replace",
                         env={**env, "QT_QPA_PLATFORM": "offscreen", "CALLPATH_SELF_CHECK": str(facts_file)})
    assert out.returncode == 0, out.stderr[-2000:]
    facts = json.loads(facts_file.read_text("utf-8"))
    assert facts["catalog_endpoints"] > 0 and facts["platform"] == "offscreen"
    if sys.platform.startswith(("win32", "darwin")):
        return  # a desktop is always there: no "no display" to be had
    out = subprocess.run([sys.executable, "-m", "callpath.gui"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 2 and "no display" in out.stderr and "Traceback" not in out.stderr


def test_log_file_in_the_user_log_folder(capsys, tmp_path):
    run(capsys, "catalog")
    logs = list((tmp_path / "state").rglob("callpath.log"))
    assert logs, "no log file under XDG_STATE_HOME"


def test_internal_failure_exit_1_names_the_log(capsys, monkeypatch, tmp_path):
    from callpath.core.cli import main as cli

    def broken(args):
        raise RuntimeError("a bug")
    monkeypatch.setattr(cli, "cmd_catalog", broken)
    code, out, err = run(capsys, "catalog")
    assert code == 1
    assert "internal error" in err and "callpath.log" in err and "Traceback" not in err
    log = next((tmp_path / "state").rglob("callpath.log")).read_text("utf-8")
    assert "RuntimeError: a bug" in log


def test_no_sensitive_probes_skips_them_and_says_so(capsys, literal_net, tmp_path):
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--format", "json",
                         "--deadline", "15", "--location", "abroad", "--no-sensitive-probes")
    assert code == 0, err
    report = json.loads(out)
    assert report["context"]["sensitive_probes"] is False
    assert not [m for m in report["measurements"] if m["kind"] == "dns_injection"]
    assert "Checks for censorship" in report["verdict"]["explanation"]
    # and with them (the default), the injection probe runs
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--format", "json",
                         "--deadline", "15", "--location", "abroad")
    report = json.loads(out)
    assert report["context"]["sensitive_probes"] is True
    assert [m for m in report["measurements"] if m["kind"] == "dns_injection"]


def _in_empty_network(argv, tmp_path):
    """Run the command in a network namespace of its own with only loopback (root only), so
    nothing it sends can leave this machine — not even to the machine's own router."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root and unshare for a network namespace of its own")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"))
    script = "ip link set lo up && exec " + " ".join(shlex.quote(a) for a in argv)
    return subprocess.Popen(["unshare", "--net", "sh", "-c", script], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _exe(pid: int) -> str:
    try:
        return os.path.realpath(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


@pytest.mark.system("linux", reason="a network namespace of its own (unshare, as root), and /proc")
@pytest.mark.parametrize("first_s,second_s", [(1.5, 0.05), (0.1, None)],
                         ids=["double-ctrl-c-while-probing", "ctrl-c-while-loading"])
def test_ctrl_c_is_cancelled_exit_130_never_a_traceback(tmp_path, first_s, second_s):
    proc = _in_empty_network([sys.executable, "-m", "callpath.gui", "diagnose", "--deadline", "30"], tmp_path)
    # Count from when the shell has become Python (the same pid), not from the shell's start
    # (the shell's own command line names callpath.gui too).
    started, python = time.monotonic(), os.path.realpath(sys.executable)
    while _exe(proc.pid) != python:
        assert time.monotonic() - started < 10, "the command did not start"
        time.sleep(0.01)
    time.sleep(first_s)
    # the Python process is the shell's exec'd child: the same pid
    os.kill(proc.pid, signal.SIGINT)
    if second_s is not None:
        time.sleep(second_s)
        os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "callpath: cancelled" in err and "Traceback" not in err and "KeyboardInterrupt" not in err


def test_history_limit_and_show_take_positive_numbers(capsys):
    for bad in ("-1", "0", "many"):
        code, _, err = run(capsys, "history", "--limit", bad)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_history_that_cannot_be_written_never_fails_the_diagnosis(capsys, literal_net, monkeypatch):
    import sqlite3

    from callpath.core.records import history

    def refuse(self, report):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(history.History, "add", refuse)
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--deadline", "15")
    assert code == 0 and out.startswith("CallPath: ")
    assert "not kept in the history" in err and "internal error" not in err


def test_history_show_warns_when_a_run_was_kept_unredacted(capsys, literal_net):
    code, _, _ = run(capsys, "diagnose", "--catalog", str(literal_net), "--deadline", "15", "--no-redact")
    assert code == 0
    from callpath.core.records import history
    newest = history.History.open_default().list(limit=1)[0]
    code, out, err = run(capsys, "history", "--show", str(newest.id))
    assert code == 0 and "personal data" in err and "--no-redact" in err


def test_the_no_display_hint_names_a_command_that_runs(monkeypatch, tmp_path):
    from callpath.gui import main as entry_mod
    # Installed from source: .venv/bin/callpath is not what the shell finds as 'callpath'.
    monkeypatch.setattr(entry_mod.shutil, "which", lambda name: None)
    assert entry_mod.command_name("/src/callpath/.venv/bin/callpath") == "/src/callpath/.venv/bin/callpath"
    assert entry_mod.command_name("./CallPath") == "./CallPath"
    assert entry_mod.command_name("/x/callpath/gui/__main__.py").endswith(" -m callpath.gui")
    script = tmp_path / "callpath"
    script.write_text("")
    monkeypatch.setattr(entry_mod.shutil, "which", lambda name: str(script))
    assert entry_mod.command_name(str(script)) == "callpath"


def test_diagnose_with_answers_and_the_family_message(capsys, literal_net, tmp_path):
    """Calls to phones fail, everything here works, and the user says the phone never rang
    though it takes other calls from abroad: the verdict says so, the report keeps the replies,
    and stdout has only the message for the family."""
    saved = tmp_path / "r.json"
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--symptom", "phone_calls",
                         "--location", "abroad", "--deadline", "15", "--answer", "rang=no",
                         "--answer", "other_abroad=yes", "--family-message", "妈", "--format", "json",
                         "--output", str(saved))
    assert code == 0, err
    assert out.startswith("妈：\n别人从国外打给你能接到") and "骚扰拦截" in out and "{" not in out
    report = json.loads(saved.read_text("utf-8"))
    assert report["verdict"]["cause"] == "calls_filtered"
    assert report["context"]["followups"] == {"rang": "no", "other_abroad": "yes"}


def test_diagnose_reads_the_seeds_symptom_as_a_cut_before_their_line(capsys, literal_net):
    """The families' own words: "it rings twice and drops, 'your connection is too weak'", and
    their phone showed nothing. Everything here works: the call was cut between the service's
    phone gateway and their carrier — not their phone, not this side."""
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--symptom", "phone_calls",
                         "--location", "abroad", "--deadline", "15", "--answer", "heard=rang_then_dropped",
                         "--answer", "rang=no", "--format", "json", "--lang", "en")
    assert code == 0, err
    report = json.loads(out)
    assert (report["verdict"]["locus"], report["verdict"]["cause"]) == ("upstream", "cut_before_their_line")
    assert "between" in report["verdict"]["explanation"] and "phone gateway" in report["verdict"]["explanation"]
    assert report["context"]["followups"] == {"heard": "rang_then_dropped", "rang": "no"}


def test_the_family_message_says_when_no_message_fits(capsys, literal_net):
    code, out, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--location", "abroad",
                         "--deadline", "15", "--family-message")
    assert code == 1 and out == "" and "no message for your family: this verdict asks nothing of them" in err
    assert len(err.strip().splitlines()) == 1


def test_diagnose_every_app_in_one_check(capsys, literal_net, tmp_path):
    """--service all: each app that can carry the complaint judged in one run, its verdict in
    the JSON and the text, and which to call on; kept in the history as an all-apps check."""
    out_file = tmp_path / "all.json"
    code, _, err = run(capsys, "diagnose", "--catalog", str(literal_net), "--format", "json", "--output",
                       str(out_file), "--deadline", "15", "--location", "abroad", "--service", "all",
                       "--symptom", "app_calls")
    assert code == 0, err
    report = json.loads(out_file.read_text("utf-8"))
    verdict = report["verdict"]
    assert report["context"]["service"] == "all"
    assert [v["app"]["id"] for v in verdict["apps"]] == ["teams", "wechat", "whatsapp"]
    said = verdict["suggestion"]
    # Every loopback server answers: Teams and WeChat tie, WhatsApp cannot reach China.
    assert (said["kind"], said["apps"], said["standings"]["whatsapp"]) == ("tie", ["teams", "wechat"], "blocked")
    # One run: the shared checks once (loopback maps every port of a server to one, so a
    # server's several ports share an id here), each app's servers.
    ids = [m["id"] for m in report["measurements"]]
    shared = [i for i in ids if not i.startswith("service.")]
    assert len(shared) == len(set(shared)) and {"service.teams-relay.stun", "service.wechat-stun.stun"} <= set(ids)
    code, text, _ = run(capsys, "report", str(out_file), "--format", "text")
    assert code == 0 and text.startswith(f"CallPath: {said['headline']}")
    assert "Which app to call on" in text and "WhatsApp (blocked in mainland China" in text
    code, listing, _ = run(capsys, "history")
    assert code == 0 and listing.splitlines()[1].split()[5] == "all"  # the newest run's app
    # Calls to phone numbers: only Teams' dial pad makes them, so that is Teams' own check.
    code, out, err = run(capsys, "diagnose", "--service", "all", "--symptom", "phone_calls", "--catalog",
                         str(literal_net), "--deadline", "1", "--format", "json")
    assert code == 0, err
    one = json.loads(out)
    assert one["context"]["service"] == "teams" and "compared" not in one["context"]
    assert "apps" not in one["verdict"] and one["verdict"]["app"]["id"] == "teams"
