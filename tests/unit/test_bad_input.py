"""Bad input from the user's own computer: a full or read-only target folder, folder and file
names that are not UTF-8. Each gives one clear line and loses nothing.

(Damaged catalogs, reports and histories: test_cli.py, test_history.py, test_fuzz.py; damaged
settings: tests/gui/test_app.py.)
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from callpath.core.cli.main import main
from callpath.core.records import history
from callpath.core.records import report as report_mod

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "captive-portal.json"


def run(capsys, *argv):
    code = main([os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mounted(tmp_path):
    """A small tmpfs of our own (root only): mounted(size, read_only) -> its folder."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a small tmpfs")
    mounts = []

    def mount(size: str = "16k", read_only: bool = False) -> Path:
        where = tmp_path / f"fs{len(mounts)}"
        where.mkdir()
        options = f"size={size}" + (",ro" if read_only else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounts.append(where)
        return where

    yield mount
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path) -> None:
    """Fill a small file system to the last block."""
    try:
        with open(folder / "filler", "wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
    except OSError:
        pass


def test_full_folder_keeps_the_old_file_and_says_so_in_one_line(capsys, mounted):
    folder = mounted("64k")
    target = folder / "report.html"
    target.write_text("the report saved last week", "utf-8")
    _fill(folder)
    code, _, err = run(capsys, "report", FIXTURE, "--format", "html", "--output", target)
    assert code == 2
    assert err.startswith("callpath: cannot write") and err.count("\n") == 1, err
    assert "No space left" in err
    assert target.read_text("utf-8") == "the report saved last week"  # nothing lost
    assert sorted(p.name for p in folder.iterdir()) == ["filler", "report.html"]  # no leftovers


def test_read_only_folder_says_so_in_one_line(capsys, mounted):
    folder = mounted(read_only=True)
    code, _, err = run(capsys, "report", FIXTURE, "--output", folder / "report.txt")
    assert code == 2
    assert err.startswith("callpath: cannot write") and err.count("\n") == 1, err
    assert "Read-only" in err


def test_history_in_a_full_folder_fails_in_one_line_and_keeps_what_it_had(mounted):
    folder = mounted("256k")
    store = history.History(folder / "history.sqlite3")
    report = report_mod.load(FIXTURE)
    store.add(report)
    _fill(folder)
    with pytest.raises(history.HistoryError) as failure:
        for _ in range(50):  # until a page no longer fits
            store.add(report)
    assert "\n" not in str(failure.value)
    assert store.list()  # what was kept before is still there
    store.close()


@pytest.mark.system("linux", reason="file names that are not UTF-8: Windows cannot decode them, APFS refuses them")
def test_names_that_are_not_utf8(capsys, tmp_path, monkeypatch):
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9 \xff"))
    folder.mkdir()
    saved = folder / "r\xe9port.json"  # the report, saved under a name of the same kind
    saved.write_bytes(FIXTURE.read_bytes())
    code, out, err = run(capsys, "report", saved, "--format", "markdown", "--output", folder / "out\xff.md")
    assert code == 0, err
    assert (folder / "out\xff.md").read_text("utf-8").startswith("**CallPath")

    code, _, err = run(capsys, "report", folder / "missing\xff.json")
    assert code == 2 and err.count("\n") == 1
    assert "caf\ufffd \ufffd" in err  # the bytes that are not UTF-8, shown as such
    err.encode("utf-8")  # printable as it is

    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    store = history.History.open_default()
    store.add(report_mod.load(saved))
    assert len(store.list()) == 1
    store.close()


# --- where a report is written (--output): every kind of target, on a tmpfs of our own ----------

def test_output_to_a_regular_file_replaces_it_whole_and_keeps_its_permissions(capsys, mounted):
    folder = mounted("256k")
    target = folder / "report.md"
    target.write_text("old")
    target.chmod(0o640)
    code, _, err = run(capsys, "report", FIXTURE, "--format", "markdown", "--output", target)
    assert code == 0 and err == ""
    assert target.read_text("utf-8").startswith("**CallPath: ")
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in folder.iterdir()) == ["report.md"]  # no temporary left


def test_output_through_a_symbolic_link_writes_the_file_it_points_to(capsys, mounted):
    folder = mounted("256k")
    real = folder / "real.txt"
    real.write_text("old")
    link = folder / "link.txt"
    link.symlink_to(real)
    code, _, _ = run(capsys, "report", FIXTURE, "--output", link)
    assert code == 0 and link.is_symlink() and "CallPath" in real.read_text("utf-8")


def test_output_to_a_device_is_written_into_never_replaced(capsys, mounted):
    import stat
    folder = mounted("256k")
    null = folder / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    code, _, err = run(capsys, "report", FIXTURE, "--output", null)
    assert code == 0 and err == ""
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device


def test_output_to_a_pipe_is_written_into(capsys, mounted):
    import stat
    import threading
    folder = mounted("256k")
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text("utf-8")))
    reader.start()
    code, _, _ = run(capsys, "report", FIXTURE, "--output", fifo)
    reader.join(10)
    assert code == 0 and "CallPath" in got[0] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_dash_is_the_standard_output(capsys):
    code, out, _ = run(capsys, "report", FIXTURE, "--output", "-")
    assert code == 0 and out.startswith("CallPath: ")


@pytest.mark.parametrize("kind", ["empty", "folder", "missing-folder", "read-only", "proc"])
def test_output_targets_that_cannot_be_written_are_refused_first_in_one_line(capsys, mounted, kind):
    if kind == "read-only":
        target = mounted("64k", read_only=True) / "r.txt"
    elif kind == "folder":
        target = mounted("64k")
    elif kind == "missing-folder":
        target = mounted("64k") / "nowhere" / "r.txt"
    elif kind == "proc":
        target = Path("/proc/callpath-report.txt")
    else:
        target = ""
    # diagnose checks before it runs (so no network is needed to see the refusal)
    code, out, err = run(capsys, "diagnose", "--output", target)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith("callpath: ") and "Traceback" not in err


def test_output_to_a_full_folder_keeps_the_old_file(capsys, mounted):
    folder = mounted("16k")
    target = folder / "report.html"
    target.write_text("old")
    _fill(folder)
    code, _, err = run(capsys, "report", FIXTURE, "--format", "html", "--output", target)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert target.read_text() == "old"
