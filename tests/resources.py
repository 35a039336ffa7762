"""What a process holds: threads, open files, sockets, memory. For the long-use test and bench."""

from __future__ import annotations

import os
import sys
import threading

import psutil


def held() -> dict[str, float]:
    me = psutil.Process()
    fds = os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []
    return {
        "threads": threading.active_count(),
        # Windows has handles, not descriptors (psutil has no num_fds there).
        "fds": len(fds) or (me.num_handles() if sys.platform == "win32" else me.num_fds()),
        "sockets": len(me.net_connections(kind="all")),
        "rss_mb": me.memory_info().rss / 2**20,
    }
