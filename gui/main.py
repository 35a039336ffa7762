"""The ``callpath`` entry point: with a command, the CLI; without one, the app."""

from __future__ import annotations

import os
import shutil
import sys
import threading

# Read here, not sys.platform itself, so that a test can ask how another system decides without
# telling every library in the process it runs there.
SYSTEM = sys.platform

NO_DISPLAY_HINT = ("callpath: no display found, so the app cannot open here; "
                   "run '{command} diagnose' for a diagnosis in the terminal")


def command_name(argv0: str | None = None) -> str:
    """How the user can run this very command again: 'callpath' when that is what their shell
    finds, else the path they used (a virtual environment's .venv/bin/callpath, the unpacked
    bundle's ./CallPath), or 'python -m callpath.gui'."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    if argv0.endswith(("__main__.py", "-c")) or not argv0:
        return f"{os.path.basename(sys.executable)} -m callpath.gui"
    found = shutil.which("callpath")
    if found and os.path.realpath(found) == os.path.realpath(argv0):
        return "callpath"
    return argv0


def has_display() -> bool:
    if SYSTEM in ("win32", "darwin"):  # a desktop is always there; no variable says so
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        try:
            from callpath.core.cli import interrupts

            interrupts.install()  # a Ctrl-C lost inside the import machinery is noted
            from callpath.core.cli.main import main as cli_main

            interrupts.check()
        except KeyboardInterrupt:  # Ctrl-C while the command is still loading
            print("callpath: cancelled", file=sys.stderr, flush=True)
            # Out at once: an import cut short can leave the interpreter's own shutdown to
            # report the interrupt again and die by the signal, not with the status.
            os._exit(130)
        code = cli_main(argv)
        if code == 130:
            # Cancelled: out at once, as above (the interrupt may have cut an import short).
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        if threading.current_thread() is threading.main_thread():
            import signal  # the command line's alone: not loaded before the app's first paint

            # The command has ended and the process is leaving: a Ctrl-C from now on (the
            # second of two, say) would only cut the exit short and die by the signal.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        return code
    if not has_display():
        print(NO_DISPLAY_HINT.format(command=command_name()), file=sys.stderr)
        return 2
    try:
        from callpath.gui.app import run
    except ImportError as e:  # PySide6 missing from this install
        print(f"callpath: the app cannot start: {e}; reinstall CallPath, or run "
              "'callpath diagnose'", file=sys.stderr)
        return 2
    return run()


if __name__ == "__main__":
    sys.exit(main())
