"""The window's thread first, no measurement touched (core/base/priority.py): on Linux, for
real, a worker that measures nothing lowered on its own; on Windows, the window's thread raised
(the system calls it makes, recorded); on macOS nothing to do."""

import ctypes
import os
import sys
import threading

import pytest

from callpath.core.base import priority


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.system("linux", reason="per-thread nice values are Linux's")
def test_on_linux_a_worker_alone_is_lowered_and_what_it_starts_inherits_it():
    process = os.getpriority(os.PRIO_PROCESS, os.getpid())
    seen = {}

    def worker():
        seen["before"] = _nice()
        priority.give_way()
        seen["after"] = _nice()

        def started_by_it():
            seen["inherited"] = _nice()  # before asking: what it was started with
            priority.give_way()
            seen["asked again"] = _nice()

        t = threading.Thread(target=started_by_it)
        t.start()
        t.join()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    lowered = min(19, process + priority.NICE)
    assert seen == {"before": process, "after": lowered, "inherited": lowered, "asked again": lowered}
    assert _nice() == process  # the calling (window's) thread keeps its own
    priority.window_first()  # nothing to do on Linux: raising needs privileges
    assert _nice() == process


def test_windows_raises_the_windows_thread_and_leaves_the_probes(monkeypatch):
    calls = []

    class Fn:
        def __init__(self, result):
            self.result = result

        def __call__(self, *args):
            calls.append(args)
            return self.result

    class Kernel32:
        GetCurrentThread = Fn(-2)  # the pseudo-handle of the calling thread
        SetThreadPriority = Fn(1)

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: Kernel32(), raising=False)
    priority.give_way()
    assert calls == []
    priority.window_first()
    assert calls == [(), (-2, 1)]  # THREAD_PRIORITY_ABOVE_NORMAL


def test_macos_has_nothing_to_do(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: pytest.fail("no system call on macOS"))
    priority.give_way()
    priority.window_first()


def test_a_refusal_leaves_the_thread_and_is_logged_once(monkeypatch, caplog):
    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "setpriority", refuse, raising=False)  # Windows has none
    monkeypatch.setattr(os, "getpriority", lambda *a: 0, raising=False)
    monkeypatch.setattr(priority, "_said", False)
    caplog.set_level("INFO", logger=priority.__name__)
    priority.give_way()
    priority.give_way()
    assert [r.getMessage() for r in caplog.records] == [
        "threads keep their priority: [Errno 1] Operation not permitted"]


def test_windows_refusing_is_logged_not_raised(monkeypatch, caplog):
    class Kernel32:
        @staticmethod
        def GetCurrentThread():  # noqa: N802 - Windows' name
            return -2

        @staticmethod
        def SetThreadPriority(handle, level):  # noqa: N802 - Windows' name
            return 0

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: Kernel32(), raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 5, raising=False)
    monkeypatch.setattr(priority, "_said", False)
    caplog.set_level("INFO", logger=priority.__name__)
    priority.window_first()
    assert [r.getMessage() for r in caplog.records] == ["threads keep their priority: [Errno 5] SetThreadPriority"]
