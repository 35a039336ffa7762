"""The history of runs: kept, trimmed, and never lost to a crash or a damaged file."""

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callpath.core.records import history
from callpath.core.words import rejudge, summary

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def report(name="healthy-check"):
    return json.loads((REPORTS / f"{name}.json").read_text("utf-8"))


def test_add_list_get_and_compare(tmp_path):
    h = history.History(tmp_path / "h.sqlite3")
    assert h.list() == []
    h.add(report("healthy-check"))
    h.add(report("china-degraded"))
    runs = h.list()
    assert [r.cause for r in runs] == ["china_degraded", "healthy"]  # newest first
    china = summary.group_figures(rejudge.judged(report("china-degraded"))["parts"], "china")
    assert runs[0].figures["china"]["loss_pct"] == china["loss_pct"] >= 5
    assert f"china {china['rtt_ms']:.0f} ms" in runs[0].figures_text()
    again = h.get(runs[1].id)
    assert again["verdict"]["cause"] == "healthy"
    rows = dict((what, (a, b)) for what, a, b in history.compare(h.get(runs[1].id), h.get(runs[0].id)))
    assert rows["verdict"] == ("none/healthy", "upstream/china_degraded")
    assert rows["china.loss_pct"] == (0.0, china["loss_pct"])
    assert h.get(9999) is None


def test_retention(tmp_path, monkeypatch):
    monkeypatch.setattr(history, "RETENTION", 5)
    h = history.History(tmp_path / "h.sqlite3")
    for _ in range(8):
        h.add(report())
    runs = h.list()
    assert len(runs) == 5 and runs[0].id == 8


def test_damaged_database_is_moved_aside(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    h = history.History(path)
    assert "damaged" in h.notice and "moved to" in h.notice
    assert h.list() == []
    assert h.add(report()) == h.notice
    aside = [p for p in tmp_path.iterdir() if ".bad" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")


def _refused_while_open(monkeypatch):
    """Windows' rule, on any system: a file this process still holds open cannot be renamed
    (SQLite opens it without FILE_SHARE_DELETE; Windows says "being used by another process")."""
    import psutil

    real = Path.replace

    def replace(self, target):
        if any(Path(f.path) == Path(self) for f in psutil.Process().open_files()):
            raise PermissionError(13, "The process cannot access the file because it is being used "
                                      "by another process", str(self))
        return real(self, target)
    monkeypatch.setattr(Path, "replace", replace)


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_database_is_closed_before_it_is_moved_aside(tmp_path, monkeypatch, content):
    """Moved aside while SQLite still held it, Windows refused: the history could not be
    opened again, and every later run was not kept."""
    _refused_while_open(monkeypatch)
    path = tmp_path / "h.sqlite3"
    path.write_bytes(content)
    h = history.History(path)
    assert "damaged" in h.notice
    h.add(report())
    assert len(h.list()) == 1
    assert [p.read_bytes() for p in tmp_path.iterdir() if ".bad" in p.name] == [content]


def test_newer_database_is_moved_aside(tmp_path):
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.execute("CREATE TABLE future (x)")
    db.commit()
    db.close()
    h = history.History(path)
    assert "newer CallPath" in h.notice
    h.add(report())
    assert len(h.list()) == 1


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(history.HistoryError, match="cannot keep a history"):
        history.History(blocker / "sub" / "h.sqlite3")


WRITER = """
import json, sys
from callpath.core.records import history
h = history.History(sys.argv[1])
r = json.load(open(sys.argv[2]))
print("ready", flush=True)
while True:
    h.add(r)
"""


def test_a_process_killed_mid_write_loses_nothing_else(tmp_path):
    path = tmp_path / "h.sqlite3"
    fixture = REPORTS / "china-drop.json"
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(fixture)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3 + 0.2 * attempt)  # in the middle of some write
        proc.kill()  # SIGKILL; TerminateProcess on Windows, which has no SIGKILL
        proc.wait()
        proc.stdout.close()
        h = history.History(path)
        assert h.notice is None  # not damaged
        runs = h.list(limit=1000)
        assert runs and all(h.get(r.id)["verdict"]["cause"] == "china_unreachable" for r in runs[:5])
        h.close()
