"""A thread that works for the window gives way to it.

While a diagnosis runs, some forty threads of the probes wake for each packet, handshake and
answer; on a computer with two processors the window's thread then waited its turn for a
processor 20-60 ms at a time, and the window stood still (bench/gui_start_and_stall.py: the
probes' threads given a lower priority, the longest stall of later diagnoses fell from 12-24 ms
to 5-12). So the app's workers lower their own priority, each on its own thread:

- Linux: the thread's nice value (per thread there, see setpriority(2)), raised by ``NICE``.
- macOS: the thread's quality of service, "user initiated": below the window's "user
  interactive", still on the fast cores (Apple's Energy Efficiency Guide, "Prioritize Work
  with Quality of Service Classes").
- Windows: THREAD_PRIORITY_BELOW_NORMAL (SetThreadPriority).

A measuring thread spends its time waiting for packets: woken by one, it runs at once on any
processor the window's thread does not need, and the window rarely needs one for long. Other
programs at normal priority can now delay it more than before; a computer too busy to time
packets is what the voice samples' own echo on this computer shows (analysis/pathquality.busy),
which the judge says instead of blaming a line. Only the app asks for it: the command line has
no window to give way to. Best effort: a system that refuses leaves the thread as it
was, and says so in the log once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

NICE = 10  # Linux: nice 0 -> 10, a tenth of the processor time of the window's thread when both want it
QOS_CLASS_USER_INITIATED = 0x19  # macOS <sys/qos.h>
THREAD_PRIORITY_BELOW_NORMAL = -1  # Windows <processthreadsapi.h>

_said = False


def _linux() -> None:
    if sys.platform != "win32":  # for the type checker: Windows has no nice values
        tid = threading.get_native_id()
        # Per thread on Linux, and inherited by the threads it starts: raised to at least the
        # process' own nice plus NICE (a branch of a lowered task is not lowered twice).
        target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + NICE)
        if os.getpriority(os.PRIO_PROCESS, tid) < target:
            os.setpriority(os.PRIO_PROCESS, tid, target)


def _macos() -> None:
    import ctypes

    libc = ctypes.CDLL("/usr/lib/libSystem.B.dylib", use_errno=True)
    if libc.pthread_set_qos_class_self_np(QOS_CLASS_USER_INITIATED, 0) != 0:
        raise OSError(ctypes.get_errno(), "pthread_set_qos_class_self_np")


def _windows() -> None:
    if sys.platform == "win32":  # for the type checker: WinDLL is Windows' alone
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.GetCurrentThread.restype = wintypes.HANDLE
        kernel32.SetThreadPriority.argtypes = (wintypes.HANDLE, ctypes.c_int)
        kernel32.SetThreadPriority.restype = wintypes.BOOL
        if not kernel32.SetThreadPriority(kernel32.GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL):
            raise OSError(ctypes.get_last_error(), "SetThreadPriority")


def _for(platform: str) -> Callable[[], None] | None:
    if platform.startswith("linux"):
        return _linux
    if platform == "darwin":
        return _macos
    if platform == "win32":
        return _windows
    return None


def give_way() -> None:
    """Lower the calling thread's priority below the window's (see above); never raises."""
    global _said
    lower = _for(sys.platform)
    if lower is None:
        return
    try:
        lower()
    except (OSError, AttributeError) as e:  # a sandbox refusing it, a system without the call
        if not _said:
            _said = True
            log.info("threads keep their priority: %s", e)
