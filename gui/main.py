"""The ``callpath`` entry point: with a command, the CLI; without one, the app."""

from __future__ import annotations

import os
import sys

NO_DISPLAY_HINT = ("callpath: no display found, so the app cannot open here; "
                   "run 'callpath diagnose' for a diagnosis in the terminal")


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        try:
            from callpath.core.cli import main as cli_main
        except KeyboardInterrupt:  # Ctrl-C while the command is still loading
            print("callpath: cancelled", file=sys.stderr)
            return 130
        return cli_main(argv)
    if not has_display():
        print(NO_DISPLAY_HINT, file=sys.stderr)
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
