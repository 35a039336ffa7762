"""The window's thread first, and no measurement touched.

While a diagnosis runs, some forty threads of the probes wake for each packet, handshake and
answer; on a computer with two processors the window's thread waited its turn 20-60 ms at a
time (bench/gui_start_and_stall.py). The probes' threads keep their priority: a probe's figures
are times, and a woken thread that waits for a processor adds its wait to the round trip it
times. Lowered enough to help the window (Linux nice +10: stalls of later diagnoses 12-24 ms ->
5-12), a probe would wait behind any busy program's time slice (CFS lets a woken thread cut in
only while its weight is over about a third of a normal thread's, nice +4 or less), some
milliseconds per packet, under the threshold at which the samples call the computer busy; at
nice +3 the window gained nothing measurable. So the app and the command line measure alike,
and what is moved is the rest:

- ``window_first()``, on the window's thread at start: Windows raises it above normal (which a
  program may do to its own threads; Windows schedules strictly by priority, so this is the
  lever there); macOS already runs an app's main thread at "user interactive", above every
  thread Python starts; Linux lets no unprivileged program raise a thread.
- ``give_way()``, on the app's threads that measure nothing (loading the core after the first
  paint, keeping runs in the history): Linux lowers them by ``NICE`` (per thread there, and
  inherited by the threads they start — so never on the runs' own thread).

Best effort: a system that refuses leaves the thread as it was and says so in the log once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

NICE = 10  # Linux, for threads that time nothing: a tenth of the window's share of a processor
THREAD_PRIORITY_ABOVE_NORMAL = 1  # Windows <processthreadsapi.h>

_said = False


def _refused(e: Exception) -> None:
    global _said
    if not _said:
        _said = True
        log.info("threads keep their priority: %s", e)


def give_way() -> None:
    """Linux: lower the calling thread, which must measure nothing and start no probe, by
    ``NICE``; elsewhere nothing. Never raises."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + NICE)
        if os.getpriority(os.PRIO_PROCESS, tid) < target:
            os.setpriority(os.PRIO_PROCESS, tid, target)
    except OSError as e:  # a sandbox refusing it
        _refused(e)


def window_first() -> None:
    """Windows: raise the calling thread (the window's) above normal; elsewhere nothing. Never
    raises."""
    if sys.platform != "win32":
        return
    import ctypes
    from ctypes import wintypes

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.GetCurrentThread.restype = wintypes.HANDLE
        kernel32.SetThreadPriority.argtypes = (wintypes.HANDLE, ctypes.c_int)
        kernel32.SetThreadPriority.restype = wintypes.BOOL
        if not kernel32.SetThreadPriority(kernel32.GetCurrentThread(), THREAD_PRIORITY_ABOVE_NORMAL):
            raise OSError(ctypes.get_last_error(), "SetThreadPriority")
    except OSError as e:
        _refused(e)
