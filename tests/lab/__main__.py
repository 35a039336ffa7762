"""Drive the lab by hand.

    python -m tests.lab up                      build the lab (tears down an old one first)
    python -m tests.lab fault NAME [k=v ...]    inject a fault, e.g. china-degraded loss=10 delay_ms=150
    python -m tests.lab clear [NAME]            undo one fault, or all
    python -m tests.lab status                  what is up, which faults are active
    python -m tests.lab run [ARGS ...]          run 'callpath ARGS' as the lab's user (default: diagnose)
    python -m tests.lab shell                   a shell in the client namespace, set up like 'run'
    python -m tests.lab down                    remove everything the lab made

Needs root. Run from the repository root, with the project's virtual environment.
"""

from __future__ import annotations

import os
import subprocess
import sys

from . import faults, lab


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    if cmd in ("fault", "clear", "run", "shell") and not lab.is_up():
        print("lab: the lab is not up; start it with: python -m tests.lab up", file=sys.stderr)
        return 1
    try:
        if cmd == "up":
            took = lab.up()
            print(f"lab up in {took:.1f} s; state in {lab.STATE}")
        elif cmd == "down":
            lab.down()
            left = lab.leftovers()
            print("lab down" + (f"; left behind: {', '.join(left)}" if left else ""))
            return 1 if left else 0
        elif cmd == "fault":
            if not rest:
                print("faults: " + ", ".join(faults.FAULTS))
                return 2
            params = dict(p.split("=", 1) for p in rest[1:])
            faults.inject(rest[0], **params)
            print(f"fault {rest[0]} injected")
        elif cmd == "clear":
            faults.clear(rest[0] if rest else None)
            print("cleared")
        elif cmd == "status":
            print("lab is " + ("up" if lab.is_up() else "down"))
            for name in faults.active():
                print(f"  fault: {name}")
        elif cmd in ("run", "shell"):
            env_extra, faketime = faults.client_settings()
            if cmd == "run":
                args = rest or ["diagnose"]
                if args[0] == "diagnose" and "--catalog" not in args:
                    args = [*args, "--catalog", str(lab.STATE / "catalog.json")]
                program = lab.callpath_argv(*args)
            else:
                program = [os.environ.get("SHELL", "/bin/bash")]
            command, env = lab.client_command(program, env_extra, faketime)
            return subprocess.call(command, env=env)
        else:
            print(f"unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
            return 2
    except lab.LabError as e:
        print(f"lab: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        lab.down()
        print("lab: interrupted; torn down", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
