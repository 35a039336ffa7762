"""Mutation testing of the analysis modules: do the tests pin the logic, or only run it?

    .venv/bin/python tools/mutate.py                     # every module of ANALYSIS_MODULES
    .venv/bin/python tools/mutate.py --module pathrules  # one (or several) of them
    .venv/bin/python tools/mutate.py --rev HEAD          # the committed code, not the working tree
    .venv/bin/python tools/mutate.py --list              # the mutants, without running anything

Each mutant is one small change to one module (a threshold moved, ``<`` made ``<=``, ``and``
made ``or``, a ``not`` dropped, a condition inverted, a code taken out of a set, an early return
removed ...). A test that fails on it kills it; a mutant every test still passes on is a
survivor: logic the tests run but do not pin. The score is killed / mutants, leaving out the
ones listed as equivalent in tools/mutation-equivalent.txt (a survivor's line as the report
gives it, ``core/<module>.py:<line>: <kind> `original` -> `mutant```, then ``  # why``).

How: the repository (the working tree's files, or ``--rev``'s) is copied into a temporary
folder per worker, with ``src/callpath/{core,gui,resources}`` linking to the copy's folders and
``src`` first on PYTHONPATH, so ``import callpath.core`` finds the copy before the editable
install's finder (appended after the path finder on sys.meta_path); the working tree is never
written. The test files run once on the unchanged copy with per-test coverage contexts; a
mutant then runs only the tests that execute its statement (one evaluated when the module
loads, a constant or a default: every test that runs code of the module), fastest first, with
``pytest -x`` in a subprocess under ``nice`` and a timeout (a mutant that hangs counts as
killed); a mutant no test runs is a survivor ("uncovered"). A sanity mutant (``analyse``
raising) must be killed in every copy before anything counts. Scores and every survivor go to
build/mutation-report.txt (each mutant's outcome to build/mutation-report.json); the exit
status is 1 when the score is under ``--min-score``.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The analysis: modules under core/, as paths relative to it without '.py'. Add new ones here.
ANALYSIS_MODULES = (
    "analysis/judge", "analysis/pathrules", "analysis/pathquality", "analysis/dnscheck",
    "analysis/evidence", "analysis/localrules", "analysis/apprules", "analysis/phonerules",
    "analysis/interception", "analysis/quality", "analysis/finding",
)

# The unit tests that exercise the analysis. Any other tests/unit file that imports one of the
# modules above is added too (discover_tests); lab and GUI tests never.
TEST_FILES = (
    "tests/unit/test_analysis.py", "tests/unit/test_real_world.py", "tests/unit/test_dns.py",
    "tests/unit/test_local.py", "tests/unit/test_phonerules.py", "tests/unit/test_quality.py",
    "tests/unit/test_picture.py", "tests/unit/test_apps.py", "tests/unit/test_media_tcp.py",
    "tests/unit/test_explain.py", "tests/unit/test_family.py",
)

EQUIVALENT_FILE = ROOT / "tools" / "mutation-equivalent.txt"
DEFAULT_OUTPUT = ROOT / "build" / "mutation-report.txt"

# Same options for the baseline and every mutant. pytest-qt is not loaded (no unit test here
# drives Qt, and importing it costs a fraction of a second per mutant); its ini options then
# warn, which the suite's filterwarnings=error would turn into an error.
PYTEST = ("-q", "-p", "no:cacheprovider", "-p", "no:pytest-qt", "-W", "ignore::pytest.PytestConfigWarning")

# Tests slower than this (the diagnosis against loopback servers: 5-12 s of waiting each) are
# left out of the mutants' runs: with them a survivor costs a minute, and what they assert of
# the analysis the replayed reports assert too. --max-test-seconds inf keeps them.
MAX_TEST_SECONDS = 2.0

FLOAT_FACTOR = 1.25   # a float literal is multiplied and divided by this
LOG_NAMES = {"log", "_log", "logger", "_logger", "LOG", "logging"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}

COMPARE_SWAP: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
ARITH_SWAP: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult, ast.Mod: ast.Mult, ast.Pow: ast.Mult,
}
# Tell-tale kinds first: where a survivor says most about what the tests leave loose.
KIND_ORDER = ("threshold", "compare", "negate", "boolop", "not", "number", "return", "member",
              "string", "arith", "bool")

# Written next to the copied tests: each test's time and whether it passed, for the baseline.
PROBE_PLUGIN = '''
import json, os

_seen = {}


def pytest_runtest_logreport(report):
    r = _seen.setdefault(report.nodeid, {"seconds": 0.0, "ok": True, "ran": False})
    r["seconds"] += report.duration
    if report.failed:
        r["ok"] = False
    if report.when == "call":
        r["ran"] = report.passed


def pytest_sessionfinish(session):
    with open(os.environ["CALLPATH_MUTATE_PROBE"], "w", encoding="utf-8") as f:
        json.dump(_seen, f)
'''


# ---------------------------------------------------------------------------------- mutants


@dataclasses.dataclass
class Mutant:
    module: str                 # "pathrules" (relative to core/, '/' for subpackages)
    line: int
    kind: str                   # one of KIND_ORDER
    description: str            # "`a < b` -> `a <= b`"
    source: bytes               # the whole mutated module
    lines: tuple[int, int]      # the statement lines whose tests run it
    import_time: bool           # evaluated when the module loads (constants, defaults)
    tests: list[str] = dataclasses.field(default_factory=list)
    status: str = ""            # killed, timeout, survived, uncovered, error
    detail: str = ""
    seconds: float = 0.0
    equivalent: str = ""        # the allow-list's reason, when listed

    @property
    def path(self) -> str:
        return f"core/{self.module}.py"

    @property
    def ident(self) -> str:
        """How the report and the allow-list name it: ``core/analysis/pathrules.py:21: number `0.8` -> `1.0```."""
        return f"{self.path}:{self.line}: {self.kind} {self.description}"

    @property
    def killed(self) -> bool:
        return self.status in ("killed", "timeout")


def _short(node: ast.AST | str, limit: int = 80) -> str:
    text = node if isinstance(node, str) else ast.unparse(node)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _is_log_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_METHODS and isinstance(node.func.value, ast.Name)
            and node.func.value.id in LOG_NAMES)


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr)


def _header(stmt: ast.stmt) -> tuple[int, int]:
    """The lines of a statement that hold its own expressions (a compound one's up to its body)."""
    body = getattr(stmt, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return stmt.lineno, max(stmt.lineno, body[0].lineno - 1)
    return stmt.lineno, stmt.end_lineno or stmt.lineno


class _Site:
    """Where a mutated node sits: its statement, whether it runs at import, its function."""

    def __init__(self, stmt: ast.stmt | None, import_time: bool, func: ast.AST | None, module_level: bool):
        self.stmt, self.import_time, self.func, self.module_level = stmt, import_time, func, module_level


class Mutator:
    """Every mutant of one module's source, each a byte-exact splice of the original (the rest
    of the file, its line numbers included, stays as it was)."""

    def __init__(self, module: str, source: bytes):
        self.module = module
        self.source = source
        self.tree = ast.parse(source)
        self.plain = ast.dump(self.tree)
        starts = [0]
        for line in source.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        self.starts = starts
        self.mutants: list[Mutant] = []
        self.rejected = 0
        self.records: set[int] = set()   # collections that are rows of a table, not codes
        self.codes: set[int] = set()     # constants that are members of a collection of codes

    # -- splicing (ast columns are UTF-8 byte offsets)

    def _offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def _span(self, node: ast.AST) -> tuple[int, int]:
        return (self._offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
                self._offset(node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]

    def _add(self, site: _Site, node: ast.AST, kind: str, description: str, start: int, end: int,
             text: str, expression: bool = True) -> None:
        newlines = self.source[start:end].count(b"\n")
        if expression:   # parentheses keep the padding newlines (and so every later line number)
            text = f"({text}{chr(10) * newlines})"
        else:            # a statement: blank lines after it
            text += "\n" * newlines
        mutated = self.source[:start] + text.encode() + self.source[end:]
        try:
            tree = ast.parse(mutated)
            compile(tree, self.module, "exec")
        except (SyntaxError, ValueError):
            self.rejected += 1
            return
        if ast.dump(tree) == self.plain:
            return
        stmt = site.stmt
        lines = _header(stmt) if stmt is not None else (node.lineno, node.lineno)  # type: ignore[attr-defined]
        if kind == "number" and site.module_level:
            kind = "threshold"
        self.mutants.append(Mutant(self.module, node.lineno, kind, description, mutated, lines,  # type: ignore[attr-defined]
                                   site.import_time))

    def _replace(self, site: _Site, node: ast.AST, new: ast.AST, kind: str, description: str | None = None) -> None:
        start, end = self._span(node)
        text = ast.unparse(new)
        self._add(site, node, kind, description or f"`{_short(node)}` -> `{_short(text)}`", start, end, text)

    # -- the walk

    def run(self) -> list[Mutant]:
        self._body(self.tree.body, _Site(None, True, None, True))
        return self.mutants

    def _body(self, stmts: list[ast.stmt], site: _Site) -> None:
        for stmt in stmts:
            self._stmt(stmt, _Site(stmt, site.import_time, site.func, site.module_level))

    def _stmt(self, stmt: ast.stmt, site: _Site) -> None:
        if _is_docstring(stmt) or isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal)):
            return
        if isinstance(stmt, ast.Expr) and _is_log_call(stmt.value):
            return
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            return
        if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING":
            return
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for expr in stmt.decorator_list + stmt.args.defaults + [d for d in stmt.args.kw_defaults if d]:
                self._expr(expr, site)
            inner = _Site(None, False, stmt, False)
            self._body(stmt.body, inner)
            return
        if isinstance(stmt, ast.ClassDef):
            for expr in stmt.decorator_list + stmt.bases + [k.value for k in stmt.keywords]:
                self._expr(expr, site)
            # Its body runs when the module loads, but a field's default is no threshold.
            self._body(stmt.body, _Site(None, site.import_time, site.func, False))
            return
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self._expr(stmt.value, site)
            return
        if isinstance(stmt, ast.Return):
            self._return(stmt, site)
        if isinstance(stmt, ast.AugAssign) and type(stmt.op) in ARITH_SWAP:
            new = ast.AugAssign(stmt.target, ARITH_SWAP[type(stmt.op)](), stmt.value)
            start, end = self._span(stmt)
            self._add(site, stmt, "arith", f"`{_short(stmt)}` -> `{_short(new)}`", start, end, ast.unparse(new),
                      expression=False)
        if isinstance(stmt, (ast.If, ast.While)):
            if isinstance(stmt, ast.If):
                self._negate(stmt.test, site)
            self._expr(stmt.test, site)
            self._body(stmt.body, site)
            self._body(stmt.orelse, site)
            return
        for name, value in ast.iter_fields(stmt):
            if name in ("targets", "target") and not isinstance(stmt, (ast.For, ast.AsyncFor)):
                # Assignment targets: only the expressions inside them (subscripts).
                for t in value if isinstance(value, list) else [value]:
                    if isinstance(t, ast.Subscript):
                        self._expr(t.slice, site)
                continue
            if name == "target":
                continue
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self._body(value, site)
                else:
                    for v in value:
                        if isinstance(v, ast.ExceptHandler):
                            if v.type is not None:
                                self._expr(v.type, site)
                            self._body(v.body, site)
                        elif isinstance(v, ast.withitem):
                            self._expr(v.context_expr, site)
                        elif isinstance(v, ast.match_case):
                            if v.guard is not None:
                                self._expr(v.guard, site)
                            self._body(v.body, site)
                        elif isinstance(v, ast.expr):
                            self._expr(v, site)
            elif isinstance(value, ast.expr):
                self._expr(value, site)

    def _return(self, stmt: ast.Return, site: _Site) -> None:
        func = site.func
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return
        value = stmt.value
        is_none = value is None or isinstance(value, ast.Constant) and value.value is None
        boolish = isinstance(func.returns, ast.Name) and func.returns.id == "bool" or (
            isinstance(func.returns, ast.Constant) and func.returns.value == "bool")
        if value is not None and not is_none and not boolish and not (
                isinstance(value, ast.Constant) and isinstance(value.value, bool)):
            start, end = self._span(value)
            self._add(site, stmt, "return", f"`{_short(stmt)}` -> `return None`", start, end, "None")
        if stmt is not func.body[-1]:
            start, end = self._span(stmt)
            self._add(site, stmt, "return", f"`{_short(stmt)}` -> `pass` (early return removed)", start, end,
                      "pass", expression=False)

    def _negate(self, test: ast.expr, site: _Site) -> None:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return   # dropping the 'not' is that mutant already
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
                test.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)):
            return   # the swapped operator is that mutant already
        self._replace(site, test, ast.UnaryOp(ast.Not(), test), "negate",
                      f"`{_short(test)}` -> `not ({_short(test)})`")

    def _expr(self, node: ast.expr, site: _Site) -> None:
        if isinstance(node, ast.JoinedStr) or _is_log_call(node):
            return
        if isinstance(node, ast.Lambda):
            for d in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                self._expr(d, site)
            self._expr(node.body, _Site(site.stmt, False, site.func, site.module_level))
            return
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    ops = list(node.ops)
                    ops[i] = COMPARE_SWAP[type(op)]()
                    self._replace(site, node, ast.Compare(node.left, ops, node.comparators), "compare")
            for operand in [node.left, *node.comparators]:
                if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                    new_s = ast.Constant("mutated:" + operand.value)
                    self._replace(site, operand, new_s, "string", self._in_line(operand, new_s))
        elif isinstance(node, ast.BoolOp):
            other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self._replace(site, node, ast.BoolOp(other, node.values), "boolop")
        elif isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self._replace(site, node, node.operand, "not")
            elif isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
                self._replace(site, node, node.operand, "arith")
        elif isinstance(node, ast.BinOp) and type(node.op) in ARITH_SWAP:
            sequences = (ast.List, ast.Tuple, ast.ListComp)
            sets = (ast.Set, ast.SetComp)
            concat = isinstance(node.op, (ast.Add, ast.Mod)) and any(
                _is_str(side) or isinstance(side, sequences) for side in (node.left, node.right))
            if isinstance(node.op, ast.Sub) and any(isinstance(side, sets) for side in (node.left, node.right)):
                # Codes taken out of a set: keep them in instead ('+' would only be a TypeError).
                self._replace(site, node, ast.BinOp(node.left, ast.BitOr(), node.right), "arith")
            elif not concat:
                self._replace(site, node, ast.BinOp(node.left, ARITH_SWAP[type(node.op)](), node.right), "arith")
        elif isinstance(node, ast.IfExp):
            self._negate(node.test, site)
        elif isinstance(node, ast.Constant):
            self._constant(node, site)
        elif isinstance(node, (ast.Set, ast.Tuple, ast.List)) and not isinstance(getattr(node, "ctx", None), ast.Store):
            self._members(node, site)
            self.records.update(id(e) for e in node.elts if isinstance(e, (ast.Set, ast.Tuple, ast.List)))
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for gen in node.generators:
                for cond in gen.ifs:
                    self._negate(cond, site)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expr(child, site)
            elif isinstance(child, ast.comprehension):
                self._expr(child.iter, site)
                for cond in child.ifs:
                    self._expr(cond, site)
            elif isinstance(child, ast.keyword):
                self._expr(child.value, site)

    def _in_line(self, node: ast.expr, new: ast.AST) -> str:
        """A literal's change, with the code around it (to tell it from the same literal elsewhere)."""
        line = self.source[self.starts[node.lineno - 1]:self.starts[node.lineno]].split(b"  #")[0].rstrip()
        end = node.end_col_offset if node.end_lineno == node.lineno and node.end_col_offset else len(line)
        start, stop = max(0, node.col_offset - 30), min(len(line), end + 30)
        around = " ".join(line[start:stop].decode("utf-8", "ignore").split())
        if line[:start].strip():
            around = "..." + around
        if stop < len(line):
            around += "..."
        return f"`{_short(node)}` -> `{_short(new)}` in `{around}`"

    def _constant(self, node: ast.Constant, site: _Site) -> None:
        value = node.value
        if id(node) in self.codes:
            return   # a code in a set of codes (HTTP statuses): taken out by _members instead
        changed: list[int | float] = []
        if isinstance(value, bool):
            self._replace(site, node, ast.Constant(not value), "bool", self._in_line(node, ast.Constant(not value)))
        elif isinstance(value, int):
            changed = [value + 1, value - 1]
        elif isinstance(value, float):
            if value == 0.0:
                changed = [1.0, -1.0]
            else:
                changed = [float(f"{value * FLOAT_FACTOR:.12g}"), float(f"{value / FLOAT_FACTOR:.12g}")]
        for new in changed:
            self._replace(site, node, ast.Constant(new), "number", self._in_line(node, ast.Constant(new)))

    def _members(self, node: ast.Set | ast.Tuple | ast.List, site: _Site) -> None:
        """A collection of codes (every member a string or an integer) loses each member in turn;
        not a row of a table (a pair in a tuple of pairs)."""
        elts = node.elts
        if len(elts) < 2 or id(node) in self.records or not all(
                isinstance(e, ast.Constant) and type(e.value) in (str, int) for e in elts):
            return
        self.codes.update(id(e) for e in elts)
        for i, elt in enumerate(elts):
            rest = elts[:i] + elts[i + 1:]
            new: ast.AST
            if isinstance(node, ast.Set):
                new = ast.Set(rest)
            elif isinstance(node, ast.Tuple):
                new = ast.Tuple(rest, ast.Load())
            else:
                new = ast.List(rest, ast.Load())
            self._replace(site, node, new, "member", f"{_short(elt, 40)} removed from `{_short(node, 60)}`")


def mutants_of(module: str, source: bytes) -> tuple[list[Mutant], int]:
    m = Mutator(module, source)
    found = m.run()
    seen: dict[str, int] = {}
    for mutant in found:   # the same text twice on a line (two `a < b`): tell them apart
        n = seen.get(mutant.ident, 0) + 1
        seen[mutant.ident] = n
        if n > 1:
            mutant.description += f" ({n})"
    return found, m.rejected


def sanity_mutant(module: str, source: bytes, covered: set[int]) -> Mutant | None:
    """A function (or method) whose first statement raises, ``analyse`` where there is one:
    every copy must kill it."""
    tree = ast.parse(source)
    functions = [fn for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)]
    for fn in sorted(functions, key=lambda fn: fn.name != "analyse"):
        body = [s for s in fn.body if not _is_docstring(s)]
        if not body or body[0].lineno not in covered:
            continue
        stmt = body[0]
        lines = source.splitlines(keepends=True)
        indent = " " * stmt.col_offset
        raising = f"{indent}raise RuntimeError('mutation sanity check')\n".encode()
        mutated = b"".join(lines[:stmt.lineno - 1]) + raising + b"".join(lines[stmt.lineno - 1:])
        return Mutant(module, stmt.lineno, "sanity", f"{fn.name}() raises", mutated, (stmt.lineno, stmt.lineno), False)
    return None


# ----------------------------------------------------------------------------- the copies


def snapshot(rev: str | None, dest: Path) -> None:
    """The repository (its files in git and new ones not ignored, or a commit's) into ``dest``,
    with ``src/callpath/{core,gui,resources}`` linking to the copy's folders."""
    dest.mkdir(parents=True)
    if rev is None:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "-co", "--exclude-standard"], check=True,
                                capture_output=True).stdout.decode().split("\0")
        for name in filter(None, listed):
            source = ROOT / name
            if source.is_file() or source.is_symlink():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / name, follow_symlinks=False)
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                                 capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    # The compiled translations are build output, not in git: made from the copy's catalogues.
    done = subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=dest, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"mutate: compiling the copy's translations failed:\n{done.stdout}{done.stderr}")
    package = dest / "src" / "callpath"
    package.mkdir(parents=True)
    for name in ("core", "gui", "resources"):
        (package / name).symlink_to(Path("..", "..", name), target_is_directory=True)
    (dest / "callpath_mutate_probe.py").write_text(PROBE_PLUGIN, encoding="utf-8")


def environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"   # a mutant's bytecode must never be cached
    env["PYTHONHASHSEED"] = "0"            # the baseline and every mutant see the same set order
    env["QT_QPA_PLATFORM"] = "offscreen"
    for var in ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG", "PYTEST_ADDOPTS"):
        env.pop(var, None)
    return env


def check_import(copy: Path) -> None:
    """``import callpath.core`` must find the copy, not the editable install's core/."""
    out = subprocess.run([sys.executable, "-c", "import callpath.core as c; print(c.__file__)"], cwd=copy,
                         env=environment(copy), capture_output=True, text=True)
    found = Path(out.stdout.strip() or "?").resolve()
    if not found.is_relative_to(copy.resolve()):
        sys.exit(f"mutate: callpath.core resolves to {found or out.stderr}, not the copy in {copy}")


_STOP = threading.Event()               # Ctrl-C: no new runs
_RUNNING: set[subprocess.Popen] = set()  # and these are ended


def stop_all() -> None:
    _STOP.set()
    for proc in list(_RUNNING):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """Run in a process group of its own; on timeout the whole group goes. None: timed out."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", start_new_session=True)
    _RUNNING.add(proc)
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return None, out
    finally:
        _RUNNING.discard(proc)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# ---------------------------------------------------------------------- baseline coverage


@dataclasses.dataclass
class Baseline:
    seconds: dict[str, float]                     # node id -> time, passing tests only
    failed: list[str]
    lines: dict[str, dict[int, set[str]]]         # module -> line -> node ids that run it
    import_only: dict[str, set[int]]              # module -> lines run only outside any test


def baseline(copies: list[Path], test_files: list[str], nice: list[str]) -> Baseline:
    """Each test file once, spread over the copies, with per-test coverage contexts."""
    from coverage import CoverageData

    jobs: queue.Queue[str] = queue.Queue()
    for f in test_files:
        jobs.put(f)
    results: list[tuple[Path, str]] = []
    errors: list[str] = []

    def worker(copy: Path) -> None:
        while True:
            try:
                f = jobs.get_nowait()
            except queue.Empty:
                return
            tag = f.replace("/", "_")
            env = environment(copy)
            env["COVERAGE_FILE"] = str(copy / f".coverage.{tag}")
            env["CALLPATH_MUTATE_PROBE"] = str(copy / f"probe.{tag}.json")
            env.pop("PYTHONDONTWRITEBYTECODE")   # cache the unchanged code and rewritten tests once
            cmd = [*nice, sys.executable, "-m", "pytest", *PYTEST, "-p", "callpath_mutate_probe",
                   f"--cov={copy / 'core'}", "--cov-context=test", "--cov-report=", f]
            code, out = run(cmd, copy, env, timeout=1800)
            if code not in (0, 1):
                errors.append(f"{f}: pytest exit {code}\n{out[-3000:]}")
            results.append((copy, tag))

    threads = [threading.Thread(target=worker, args=(c,)) for c in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit("mutate: the baseline run failed:\n" + "\n".join(errors))

    seconds: dict[str, float] = {}
    failed: list[str] = []
    lines: dict[str, dict[int, set[str]]] = {}
    import_only: dict[str, set[int]] = {}
    for copy, tag in results:
        for node, r in json.loads((copy / f"probe.{tag}.json").read_text("utf-8")).items():
            if r["ok"] and r["ran"]:
                seconds[node] = r["seconds"]
            elif not r["ok"]:
                failed.append(node)
        data = CoverageData(basename=str(copy / f".coverage.{tag}"))
        data.read()
        core = (copy / "core").resolve()
        for measured in data.measured_files():
            path = Path(measured).resolve()
            if not path.is_relative_to(core):
                continue
            module = path.relative_to(core).with_suffix("").as_posix()
            by_line = lines.setdefault(module, {})
            for line, contexts in (data.contexts_by_lineno(measured) or {}).items():
                nodes = {c.rsplit("|", 1)[0] for c in contexts if c}
                by_line.setdefault(line, set()).update(nodes)
                if not nodes:
                    import_only.setdefault(module, set()).add(line)
    for module, only in import_only.items():
        only.difference_update(line for line, nodes in lines[module].items() if nodes)
    return Baseline(seconds, sorted(failed), lines, import_only)


def select_tests(m: Mutant, base: Baseline, max_seconds: float) -> list[str]:
    by_line = base.lines.get(m.module, {})
    nodes: set[str] = set()
    for line in range(m.lines[0], m.lines[1] + 1):
        nodes |= by_line.get(line, set())
    ran_at_import = any(line in base.import_only.get(m.module, ()) for line in range(m.lines[0], m.lines[1] + 1))
    if m.import_time or (not nodes and ran_at_import):
        # Evaluated when the module loads: any test that runs code of this module may notice.
        nodes = set().union(*by_line.values()) if by_line else set()
    usable = [n for n in nodes if n in base.seconds and base.seconds[n] <= max_seconds]
    return sorted(usable, key=lambda n: (base.seconds[n], n))


# ------------------------------------------------------------------------------- the run


def run_mutant(m: Mutant, copy: Path, base: Baseline, nice: list[str]) -> None:
    target = copy / "core" / f"{m.module}.py"
    original = target.read_bytes()
    for cached in target.parent.glob(f"__pycache__/{target.stem}.*.pyc"):
        cached.unlink()
    slowest = max(base.seconds[t] for t in m.tests)
    per_test = int(max(15, 5 * slowest + 5))
    limit = 30 + 3 * sum(base.seconds[t] for t in m.tests)
    cmd = [*nice, sys.executable, "-m", "pytest", "-x", *PYTEST, f"--timeout={per_test}", *m.tests]
    started = time.monotonic()
    try:
        target.write_bytes(m.source)
        code, out = run(cmd, copy, environment(copy), limit)
    finally:
        target.write_bytes(original)
    m.seconds = time.monotonic() - started
    if code is None:
        m.status, m.detail = "timeout", f"over {limit:.0f} s"
    elif code == 0:
        m.status = "survived"
    elif code in (1, 2, 3) or "ERROR collecting" in out:   # a test failed; collection or an import broke
        m.status = "killed"
        failed = re.search(r"^(FAILED|ERROR) (\S+)", out, re.M)
        m.detail = failed.group(2) if failed else f"pytest exit {code}"
        if "Timeout" in out and "+++ Timeout" in out:
            m.status = "timeout"
    else:
        m.status, m.detail = "error", f"pytest exit {code}: {out.strip()[-5000:]}"


def load_equivalent(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    if not path.exists():
        return found
    for raw in path.read_text("utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        ident, _, why = raw.partition("  #")
        found[ident.strip()] = why.strip() or "(no reason given)"
    return found


def mark_equivalent(mutants: list[Mutant], listed: dict[str, str]) -> list[str]:
    """Match the allow-list by module and description; the line too where that is ambiguous
    (lines move as the code changes). Returns the entries that match nothing."""
    by_ident = {m.ident: m for m in mutants}
    by_text: dict[tuple[str, str], list[Mutant]] = {}
    for m in mutants:
        by_text.setdefault((m.path, f"{m.kind} {m.description}"), []).append(m)
    stale = []
    for ident, why in listed.items():
        path, _, rest = ident.partition(":")
        _, _, text = rest.partition(":")
        hit = by_ident.get(ident)
        if hit is None and len(by_text.get((path, text.strip()), [])) == 1:
            hit = by_text[(path, text.strip())][0]
        if hit is None:
            stale.append(ident)
        else:
            hit.equivalent = why
    return stale


def module_name(arg: str) -> str:
    name = arg.strip()
    for prefix in ("callpath.core.", "core/", "core."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = name.removesuffix(".py")
    if not (ROOT / "core" / f"{name}.py").is_file():
        raise argparse.ArgumentTypeError(f"no module core/{name}.py")
    return name


def discover_tests(modules: tuple[str, ...]) -> list[str]:
    """TEST_FILES, and any other unit test that imports one of the analysis modules, or the
    helpers that judge recorded reports with the whole analysis (tests/replay.py)."""
    names = "|".join(re.escape(m.replace("/", ".")) for m in modules)
    pattern = re.compile(rf"^\s*(from\s+callpath\.core\.({names})\b|import\s+callpath\.core\.({names})\b|"
                         rf"from\s+callpath\.core\s+import\s+[^\n]*\b({names})\b|"
                         rf"from\s+tests\.replay\s+import\b|import\s+tests\.replay\b)", re.M)
    found = list(TEST_FILES)
    for path in sorted((ROOT / "tests" / "unit").glob("test_*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in found and pattern.search(path.read_text("utf-8")):
            found.append(rel)
    return found


def source_of(module: str, rev: str | None) -> bytes:
    if rev is None:
        return (ROOT / "core" / f"{module}.py").read_bytes()
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:core/{module}.py"], check=True,
                          capture_output=True).stdout


def report(mutants: list[Mutant], modules: list[str], header: list[str]) -> tuple[list[str], float]:
    lines = list(header)
    total_killed = total = 0
    lines.append("")
    lines.append(f"{'module':<16}{'mutants':>8}{'equiv':>7}{'killed':>8}{'survived':>10}{'uncovered':>11}{'score':>8}")
    for module in modules:
        ms = [m for m in mutants if m.module == module]
        counted = [m for m in ms if not m.equivalent]
        killed = sum(m.killed for m in counted)
        uncovered = sum(m.status == "uncovered" for m in counted)
        score = killed / len(counted) if counted else 1.0
        total_killed += killed
        total += len(counted)
        lines.append(f"{module:<16}{len(ms):>8}{len(ms) - len(counted):>7}{killed:>8}"
                     f"{len(counted) - killed - uncovered:>10}{uncovered:>11}{score:>8.1%}")
    overall = total_killed / total if total else 1.0
    lines.append(f"{'overall':<16}{len(mutants):>8}{sum(bool(m.equivalent) for m in mutants):>7}"
                 f"{total_killed:>8}{'':>10}{'':>11}{overall:>8.1%}")
    survivors = [m for m in mutants if not m.killed and not m.equivalent]
    lines += ["", f"Survivors ({len(survivors)}), by module and line: file:line: kind `original` -> `mutant`",
              "[what ran it]. A survivor that behaves the same as the original is listed as equivalent",
              "by copying its line, up to the '[', into tools/mutation-equivalent.txt followed by",
              "'  # why it behaves the same'.", ""]
    for m in sorted(survivors, key=lambda m: (m.module, m.line, KIND_ORDER.index(m.kind), m.description)):
        where = "uncovered: no test runs this line" if m.status == "uncovered" else (
            f"{m.status}, {len(m.tests)} tests ran" + (", import time" if m.import_time else ""))
        lines.append(f"{m.ident}  [{where}]")
        if m.status == "error":
            lines.append(f"    {m.detail.splitlines()[-1] if m.detail else ''}")
    equivalent = [m for m in mutants if m.equivalent]
    if equivalent:
        lines += ["", f"Listed as equivalent ({len(equivalent)}), not counted:"]
        lines += [f"{m.ident}  # {m.equivalent} [{m.status or 'not run'}]" for m in equivalent]
    return lines, overall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--module", action="append", type=module_name, help="only this module (repeatable); "
                    "default: " + ", ".join(ANALYSIS_MODULES))
    ap.add_argument("--rev", help="mutate this commit's core/ and tests/ instead of the working tree")
    ap.add_argument("--test-file", action="append", help="run these test files instead of the default ones")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-score", type=float, default=0.9)
    ap.add_argument("--max-test-seconds", type=float, default=MAX_TEST_SECONDS,
                    help="leave out tests slower than this (seconds in the baseline); 'inf': none "
                    f"(default: {MAX_TEST_SECONDS})")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--equivalent", type=Path, default=EQUIVALENT_FILE)
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = ap.parse_args(argv)
    modules = list(dict.fromkeys(args.module or ANALYSIS_MODULES))
    if args.rev:   # one commit throughout, even if the branch moves meanwhile
        args.rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{args.rev}^{{commit}}"],
                                  check=True, capture_output=True, text=True).stdout.strip()
    started = time.monotonic()

    mutants: list[Mutant] = []
    sources: dict[str, bytes] = {}
    rejected = 0
    for module in modules:
        sources[module] = source_of(module, args.rev)
        found, bad = mutants_of(module, sources[module])
        mutants += found
        rejected += bad
    if args.list:
        for m in mutants:
            print(f"{m.path}:{m.line}: {m.kind} {m.description}" + ("  [import time]" if m.import_time else ""))
        print(f"{len(mutants)} mutants ({rejected} more did not compile and were dropped)")
        return 0
    listed = load_equivalent(args.equivalent)
    stale = [e for e in mark_equivalent(mutants, listed) if any(e.startswith(f"core/{m}.py:") for m in modules)]

    test_files = args.test_file or discover_tests(ANALYSIS_MODULES)
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    tmp = Path(tempfile.mkdtemp(prefix="callpath-mutate-"))
    print(f"mutate: {len(mutants)} mutants in {len(modules)} modules; copies in {tmp}", flush=True)
    try:
        first = tmp / "w0"
        snapshot(args.rev, first)
        copies = [first]
        for i in range(1, max(1, args.workers)):
            shutil.copytree(first, tmp / f"w{i}", symlinks=True)
            copies.append(tmp / f"w{i}")
        for copy in copies:
            check_import(copy)
        print(f"mutate: baseline: {len(test_files)} test files with per-test coverage ...", flush=True)
        base = baseline(copies, test_files, nice)
        slow = sorted(n for n, s in base.seconds.items() if s > args.max_test_seconds)
        if slow:
            print(f"mutate: {len(slow)} tests slower than {args.max_test_seconds} s left out", flush=True)
        if base.failed:
            print(f"mutate: {len(base.failed)} tests fail on the unchanged code and are left out: "
                  + ", ".join(base.failed[:10]), flush=True)
        print(f"mutate: baseline done: {len(base.seconds)} passing tests, {time.monotonic() - started:.0f} s",
              flush=True)

        for m in mutants:
            m.tests = select_tests(m, base, args.max_test_seconds)
            if not m.tests:
                m.status = "uncovered"

        # analysis.analyse whatever the modules chosen: what it checks is that the copy is tested.
        for mod in dict.fromkeys(["analysis", *modules]):
            if mod not in sources and (ROOT / "core" / f"{mod}.py").is_file():
                sources[mod] = source_of(mod, args.rev)
        sanity = next((s for s in (sanity_mutant(mod, sources[mod], {line for line, nodes in
                                                                       base.lines.get(mod, {}).items() if nodes})
                                   for mod in dict.fromkeys(["analysis", *modules]) if mod in sources) if s), None)
        if sanity is None:
            sys.exit("mutate: no test runs any function of the analysis; nothing to measure")
        for copy in copies:
            probe = dataclasses.replace(sanity)
            probe.tests = select_tests(probe, base, args.max_test_seconds)
            run_mutant(probe, copy, base, nice)
            if not probe.killed:
                sys.exit(f"mutate: the sanity mutant ({sanity.path}: {sanity.description}) was not killed in "
                         f"{copy}: the tests do not run the copy ({probe.status}: {probe.detail})")
        print(f"mutate: sanity mutant ({sanity.path}: {sanity.description}) killed in every copy", flush=True)

        todo = [m for m in mutants if m.tests and not m.equivalent]
        # Longest first, so that the workers finish together.
        todo.sort(key=lambda m: -sum(base.seconds[t] for t in m.tests))
        free: queue.Queue[Path] = queue.Queue()
        for copy in copies:
            free.put(copy)
        done = 0
        lock = threading.Lock()
        run_started = time.monotonic()
        last = [run_started]

        def one(m: Mutant) -> None:
            nonlocal done
            if _STOP.is_set():
                return
            copy = free.get()
            try:
                run_mutant(m, copy, base, nice)
            finally:
                free.put(copy)
            with lock:
                done += 1
                now = time.monotonic()
                if now - last[0] > 30 or done == len(todo):
                    last[0] = now
                    killed = sum(x.killed for x in todo[:] if x.status)
                    rate = (now - run_started) / done
                    print(f"mutate: {done}/{len(todo)} run, {killed} killed, "
                          f"about {rate * (len(todo) - done) / 60:.0f} min left", flush=True)

        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            try:
                for _ in pool.map(one, todo):
                    pass
            except KeyboardInterrupt:
                stop_all()
                raise
        for m in mutants:
            if m.equivalent and not m.status:
                m.status = "equivalent"
    finally:
        if args.keep:
            print(f"mutate: copies kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    elapsed = time.monotonic() - started
    header = [
        "CallPath mutation testing (tools/mutate.py)",
        f"source: {'commit ' + args.rev if args.rev else 'working tree'}; modules: {', '.join(modules)}",
        f"tests: {', '.join(test_files)}",
        f"{len(mutants)} mutants ({rejected} more did not compile), {len(base.seconds)} passing tests, "
        f"{args.workers} workers, {elapsed / 60:.1f} min",
    ]
    ran = [m for m in mutants if m.seconds]
    if ran:
        header.append(f"mutant runs: {sum(m.seconds for m in ran) / 60:.1f} worker-min, "
                      f"{sum(m.seconds for m in ran) / len(ran):.1f} s each on average, "
                      f"{sum(m.status == 'timeout' for m in mutants)} timed out (counted as killed)")
    if slow:
        header.append(f"left out, slower than {args.max_test_seconds} s: {', '.join(slow)}")
    if base.failed:
        header.append(f"left out, failing on the unchanged code: {', '.join(base.failed)}")
    if stale:
        header.append("allow-list entries that match no mutant: " + "; ".join(stale))
    errors = [m for m in mutants if m.status == "error"]
    if errors:
        header.append(f"{len(errors)} mutants could not be run (status 'error'; counted as survivors)")
    lines, overall = report(mutants, modules, header)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.output.with_suffix(".json").write_text(json.dumps([
        {"id": m.ident, "module": m.module, "line": m.line, "kind": m.kind, "status": m.status,
         "equivalent": m.equivalent, "import_time": m.import_time, "tests": len(m.tests),
         "seconds": round(m.seconds, 2), "detail": m.detail} for m in mutants], indent=1), encoding="utf-8")
    table_end = next(i for i, line in enumerate(lines) if line.startswith("overall"))
    print("\n".join(lines[:table_end + 1]))
    print(f"mutate: survivors listed in {args.output}")
    if overall < args.min_score:
        print(f"mutate: score {overall:.1%} is under --min-score {args.min_score:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
