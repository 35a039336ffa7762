"""The command's output on the encodings Windows gives a console or a redirected stream (cp1252
in the West, cp437 in a console, cp936 in China): a report carries ✓, ✗ and Chinese, which these
cannot all hold, and one unencodable sign used to end the command with "internal error"."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from callpath.core.cli import main as cli

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "china-drop.json"


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "cp936"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_report_redirected_in_a_legacy_encoding_is_written_whole(tmp_path, encoding, lang):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    with open(tmp_path / "out.txt", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "callpath.gui", "report", str(REPORT), "--lang", lang],
                              stdout=out, stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    text = (tmp_path / "out.txt").read_bytes().decode(encoding)  # strictly: what a reader opens
    picture = text.splitlines()[2]
    # The signs the code page lacks become their nearest, never a crash and never lost.
    assert "✓" not in picture and "✗" not in picture
    assert ("√" in picture or "OK" in picture) and ("×" in picture or " X " in picture)
    if encoding == "cp936" and lang == "zh_CN":
        assert "这台电脑 √ → 家里的网络 √" in picture  # Chinese kept where the code page has it


def _stream(encoding: str, terminal: bool) -> io.TextIOWrapper:
    class Raw(io.BytesIO):
        def isatty(self) -> bool:
            return terminal

    return io.TextIOWrapper(Raw(), encoding=encoding)


def test_a_file_or_pipe_in_a_legacy_encoding_gets_utf8_and_a_console_its_own_code_page(monkeypatch):
    redirected, console = _stream("cp1252", terminal=False), _stream("cp437", terminal=True)
    monkeypatch.setattr(sys, "stdout", redirected)
    monkeypatch.setattr(sys, "stderr", console)
    cli.fit_streams(environ={})
    sys.stdout.write("中国 ✗ → 对方的手机\n")
    sys.stderr.write("callpath: 中国 ✓ … “x”\n")
    for stream in (redirected, console):
        stream.flush()
    assert redirected.buffer.getvalue().decode("utf-8") == "中国 ✗ → 对方的手机\n"
    assert console.buffer.getvalue().decode("cp437") == 'callpath: ?? √ ... "x"\n'


def test_an_encoding_the_user_chose_is_kept_and_utf8_or_a_chosen_handler_left_alone(monkeypatch):
    chosen, utf8, lenient = _stream("cp936", False), _stream("utf-8", False), _stream("cp1252", False)
    lenient.reconfigure(errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", chosen)
    monkeypatch.setattr(sys, "stderr", utf8)
    cli.fit_streams(environ={"PYTHONIOENCODING": "cp936"})
    assert (chosen.encoding, utf8.encoding, utf8.errors) == ("cp936", "utf-8", "strict")
    chosen.write("✓ 通")
    chosen.flush()
    assert chosen.buffer.getvalue().decode("cp936") == "√ 通"
    monkeypatch.setattr(sys, "stdout", lenient)
    cli.fit_streams(environ={})
    assert (lenient.encoding, lenient.errors) == ("cp1252", "backslashreplace")


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX 'C' locale")
def test_a_report_redirected_in_the_posix_c_locale_is_written_whole(tmp_path):
    # There Python gives the standard streams ASCII with surrogateescape (UTF-8 mode off): a
    # Chinese report ended the command with "internal error".
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    with open(tmp_path / "out.txt", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "callpath.gui", "report", str(REPORT), "--lang", "zh_CN"],
                              stdout=out, stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert "这台电脑 ✓ → 家里的网络 ✓" in (tmp_path / "out.txt").read_bytes().decode("utf-8")
