"""A thread that works for the window gives way to it (core/base/priority.py): on Linux, for
real, on the thread itself; on macOS and Windows, the system calls it makes, recorded."""

import ctypes
import os
import sys
import threading

import pytest

from callpath.core.base import priority


def _in_thread(fn):
    out = {}

    def run():
        out["before"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        fn()
        out["after"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        # A thread it starts is lowered already (Linux: inherited), and not lowered twice.
        child = {}

        def grandchild():
            priority.give_way()
            child["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        t = threading.Thread(target=grandchild)
        t.start()
        t.join()
        out["child"] = child["nice"]

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return out


@pytest.mark.system("linux", reason="per-thread nice values are Linux's")
def test_on_linux_the_thread_alone_is_lowered():
    process = os.getpriority(os.PRIO_PROCESS, os.getpid())
    seen = _in_thread(priority.give_way)
    assert seen["before"] == process
    assert seen["after"] == min(19, process + priority.NICE)
    assert seen["child"] == seen["after"]
    # The calling (window's) thread and the process keep theirs.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == process


def test_macos_asks_for_user_initiated(monkeypatch):
    calls = []

    class LibSystem:
        def pthread_set_qos_class_self_np(self, qos, relative):
            calls.append((qos, relative))
            return 0

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(ctypes, "CDLL", lambda path, use_errno=False: LibSystem())
    priority.give_way()
    assert calls == [(0x19, 0)]


def test_windows_asks_for_below_normal(monkeypatch):
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
    assert calls == [(), (-2, -1)]


def test_a_refusal_leaves_the_thread_and_is_logged_once(monkeypatch, caplog):
    def refuse():
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(priority, "_for", lambda platform: refuse)
    monkeypatch.setattr(priority, "_said", False)
    caplog.set_level("INFO", logger=priority.__name__)
    priority.give_way()
    priority.give_way()
    assert [r.getMessage() for r in caplog.records] == [
        "threads keep their priority: [Errno 1] Operation not permitted"]


def test_an_unknown_system_is_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "platform", "sunos5")
    priority.give_way()  # nothing to call, nothing raised
    assert priority._for("sunos5") is None
