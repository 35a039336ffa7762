"""The core's layers and circles, checked on the code as installed.

    python tools/layers.py        (run by 'make test')

1. import-linter's contracts ([tool.importlinter] in pyproject.toml): each part of the core
   imports only the parts below it; the analysis imports no probe, engine, words, records, watch
   or app; the core never imports the app; the app reaches the core only through the facade
   (core.api).
2. No circle between two modules anywhere in callpath (a circle inside one part is as hard to
   read as one between parts, and no contract catches it).

The editable install maps core/ gui/ to callpath.* through an import hook, which import-linter
cannot walk, so it reads the code as installed through the links in tools/typecheck/callpath
(as mypy does). Exit 0 when all hold; 1, with what broke, when not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = ROOT / "tools" / "typecheck"  # callpath/core -> core/, callpath/gui -> gui/


def circles(graph) -> list[list[str]]:
    """Circles of direct imports between modules (type-only imports left out), found by
    depth-first search: every circle holds an import back to a module still on the search's
    path, so none is found only where there is none; overlapping circles are named once each
    for the set of modules they pass through, not every one of them."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    done: set[str] = set()

    def visit(module: str, path: list[str], on_path: set[str]) -> None:
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if target in on_path:
                circle = path[path.index(target):]
                if frozenset(circle) not in seen:
                    seen.add(frozenset(circle))
                    found.append([*circle, target])
            elif target not in done:
                on_path.add(target)
                visit(target, [*path, target], on_path)
                on_path.discard(target)
        done.add(module)

    for module in sorted(graph.modules):
        if module not in done:
            visit(module, [module], {module})
    return found


def main() -> int:
    root = INSTALLED
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    contracts = subprocess.run([linter, "--no-cache"], cwd=ROOT, env=env)
    sys.path.insert(0, str(root))
    import grimp

    graph = grimp.build_graph("callpath", exclude_type_checking_imports=True, cache_dir=None)
    found = circles(graph)
    for circle in found:
        print("circle: " + " -> ".join(circle))
    print(f"circles between modules: {len(found)}")
    return 1 if contracts.returncode or found else 0


if __name__ == "__main__":
    sys.exit(main())
