"""Time and cancellation shared by every probe of one run.

A :class:`Budget` carries the run's global deadline and its cancel flag. Probes ask it how
long they may wait (``budget.timeout(NAMED_TIMEOUT)``) and wait in short slices so that a
cancel is seen within :data:`SLICE_S`. Sockets that block inside a library (requests) are
registered with it; cancelling shuts them down, which wakes any thread blocked reading them.
"""

from __future__ import annotations

import contextvars
import socket
import threading
import time

# How long any wait may last before looking at the cancel flag again.
SLICE_S = 0.2


class Cancelled(BaseException):
    """Raised inside a probe when the run was cancelled or its deadline passed.

    A BaseException, like KeyboardInterrupt: the probes' "every failure becomes a code"
    handlers catch Exception, and a stop is not a network failure — a DoH lookup cut by the
    deadline must be "deadline", not a failed lookup."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "cancelled" or "deadline"


class Budget:
    def __init__(self, deadline_s: float):
        self._t0 = time.monotonic()
        self._deadline = self._t0 + deadline_s
        self._event = threading.Event()
        self._reason = ""
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._children: list[Budget] = []
        self._timer: threading.Timer | None = None  # a child's: ends it on time
        # Every socket registered in this run (at the root budget): closed once the run's
        # threads have ended, so none is left for the garbage collector, even one a library
        # dropped after a cancel shut it down.
        self._registered: list[socket.socket] = []
        self._parent: Budget | None = None

    # --- time -------------------------------------------------------------------------
    def elapsed(self) -> float:
        return time.monotonic() - self._t0

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def timeout(self, wanted: float) -> float:
        """The time a step may take: what it wants, but never past the deadline."""
        return max(0.0, min(wanted, self.remaining()))

    # --- cancellation -----------------------------------------------------------------
    @property
    def stopped(self) -> bool:
        return self._event.is_set() or self.remaining() <= 0.0

    @property
    def reason(self) -> str:
        if self._event.is_set():
            return self._reason
        return "deadline" if self.remaining() <= 0.0 else ""

    def check(self) -> None:
        """Raise :class:`Cancelled` if the run must stop now."""
        if self.stopped:
            raise Cancelled(self.reason or "cancelled")

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if the run was stopped meanwhile."""
        return self._event.wait(min(seconds, self.remaining())) or self.stopped

    def cancel(self, reason: str = "cancelled") -> None:
        with self._lock:
            if not self._event.is_set():
                self._reason = reason
                self._event.set()
            sockets, self._sockets = self._sockets, set()
            children, self._children = self._children, []
        for sock in sockets:
            _shutdown(sock)
        for child in children:
            child.cancel(reason)

    def child(self, timeout: float) -> Budget:
        """A budget for one step: ends after ``timeout`` (or with this one), and when it ends
        its own sockets are shut down, so even a library's blocking read returns."""
        sub = Budget(self.timeout(timeout))
        sub._parent = self
        with self._lock:
            if not self._event.is_set():
                self._children.append(sub)
                timer = threading.Timer(sub.remaining(), sub.cancel, args=("timeout",))
                timer.daemon = True
                sub._timer = timer
                timer.start()
                return sub
        sub.cancel(self._reason)
        return sub

    def close(self) -> None:
        """Release a child budget whose step is over (stops its timer)."""
        timer = self._timer
        if timer is not None:
            timer.cancel()
        parent = self._parent
        if parent is not None:
            with parent._lock:
                if self in parent._children:
                    parent._children.remove(self)

    # --- sockets owned by libraries -----------------------------------------------------
    def register(self, sock: socket.socket) -> None:
        root = self
        while root._parent is not None:
            root = root._parent
        with root._lock:
            root._registered.append(sock)
        with self._lock:
            if not self._event.is_set():
                self._sockets.add(sock)
                return
        _shutdown(sock)

    def close_sockets(self) -> None:
        """Close every socket registered in this run; only once its threads have ended."""
        with self._lock:
            sockets, self._registered = self._registered, []
        for sock in sockets:
            try:
                sock.close()
            except OSError:
                pass

    def unregister(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # not connected, or already closed: nothing to wake


# The budget of the probe running on this thread, for code called deep inside a library.
current_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "current_budget", default=None
)
