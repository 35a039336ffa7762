"""The report file: JSON is the source of truth (its fields: README, "Reports and history";
docs/design.md, "Report additions"). Reading it back with a clear error, writing it
atomically. Other formats are rendered from it (render.py)."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, cast

from ..base.measurement import metric_ok, of_type, texts
from ..base.reportdata import Report
from ..base.shown import quoted

SCHEMA = "callpath.report/1"


class ReportError(ValueError):
    """A report file that cannot be read; the message says why in one line."""


def load(path: str | Path) -> Report:
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise ReportError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReportError(f"{path} is not a CallPath report (not valid JSON)") from None
    return validate(data, str(path))


# The types of the fields the renderers and the analysis read (others are kept as they are).
CONTEXT_TYPES: dict[str, Any] = {
    "app_version": str, "os": str, "symptom": str, "location": str, "location_reason": str,
    "service": str, "lang": str, "started_at": str, "finished_at": str, "ended_by": str,
    "duration_s": (int, float), "deadline_s": (int, float), "sensitive_probes": bool,
    "redacted": bool, "reanalysed_by": str, "followups": dict,
    "utc_offset_min": int, "watched": dict, "clock_change": dict, "compared": list,
}
VERDICT_TEXTS = ("locus", "cause", "confidence", "headline", "explanation", "location")
VERDICT_LISTS = ("actions", "evidence", "notes")
SUGGESTION_TEXTS = ("kind", "main", "confidence", "headline", "explanation", "shared")


def _check_verdict(verdict: dict[str, Any], where: str) -> None:
    for key, value in verdict.items():
        if key in VERDICT_TEXTS and not isinstance(value, str):
            raise ReportError(f"{where} is damaged: verdict field {quoted(key)} is malformed")
        if key in VERDICT_LISTS and not texts(value):
            raise ReportError(f"{where} is damaged: verdict field {quoted(key)} is malformed")


def validate(data: Any, where: str = "report") -> Report:
    """``data`` read from a file (a report, a run kept in the history) as a :class:`Report`, or a
    ReportError saying in one line what is wrong. Holds what the readers rely on: the three
    parts, the types of the fields present, every measurement's own keys; a field an older
    version did not write may still be missing (hence the readers' ``.get``)."""
    if not isinstance(data, dict) or "schema" not in data:
        raise ReportError(f"{where} is not a CallPath report")
    schema = data["schema"]
    if not isinstance(schema, str) or not schema.startswith("callpath.report/"):
        raise ReportError(f"{where} is not a CallPath report")
    if schema != SCHEMA:
        raise ReportError(f"{where} was written by a newer CallPath ({quoted(schema)}); please update")
    for key, kind in (("context", dict), ("verdict", dict), ("measurements", list)):
        if not isinstance(data.get(key), kind):
            raise ReportError(f"{where} is damaged: '{key}' is missing or malformed")
    for key, value in data["context"].items():
        want = CONTEXT_TYPES.get(key)
        if want is not None and value is not None and not of_type(value, want):
            raise ReportError(f"{where} is damaged: context field {quoted(key)} is malformed")
    compared = data["context"].get("compared")
    if compared is not None and not all(isinstance(c, dict) and isinstance(c.get("app"), str)
                                        and texts(c.get("endpoints")) for c in compared):
        raise ReportError(f"{where} is damaged: context field 'compared' is malformed")
    _check_verdict(data["verdict"], where)
    apps = data["verdict"].get("apps")
    if apps is not None:
        if not isinstance(apps, list) or not all(isinstance(v, dict) and "apps" not in v for v in apps):
            raise ReportError(f"{where} is damaged: verdict field 'apps' is malformed")
        for v in apps:
            _check_verdict(v, where)
    said = data["verdict"].get("suggestion")
    if said is not None and not (isinstance(said, dict) and texts(said.get("apps", []))
                                 and all(isinstance(said.get(k, ""), str) for k in SUGGESTION_TEXTS)
                                 and isinstance(said.get("standings", {}), dict)
                                 and all(isinstance(v, str) for v in said.get("standings", {}).values())):
        raise ReportError(f"{where} is damaged: verdict field 'suggestion' is malformed")
    for i, m in enumerate(data["measurements"]):
        if not isinstance(m, dict) or not all(
            k in m for k in ("id", "kind", "group", "target", "ok", "error", "metrics")
        ):
            raise ReportError(f"{where} is damaged: measurement #{i + 1} is incomplete")
        if not (all(isinstance(m[k], str) for k in ("id", "kind", "group", "target"))
                and isinstance(m["ok"], bool) and isinstance(m["metrics"], dict)
                and (m["error"] is None or (isinstance(m["error"], dict)
                                            and isinstance(m["error"].get("code"), str)))
                and of_type(m.get("duration_ms", 0), (int, float))
                and isinstance(m.get("started_at", ""), str)
                and all(metric_ok(k, v) for k, v in m["metrics"].items())):
            raise ReportError(f"{where} is damaged: measurement #{i + 1} is malformed")
    # The JSON boundary: checked above as far as the readers rely on it (see base/reportdata.py).
    return cast(Report, data)


# The permissions a new file gets, as the user's other programs make them (mkstemp makes 0600).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: str | Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` so that the regular file ``path`` holds either the old file or the whole
    new one, with ``mode`` (the old file's permissions) or a new file's usual ones. Only for
    regular files: see :func:`write_output` for what a user may name."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class OutputError(ValueError):
    """An output target that cannot or must not be written; the message says why in one line,
    ``reason`` the why alone."""

    def __init__(self, target: str, reason: str):
        super().__init__(f"cannot write {target}: {reason}" if target else reason)
        self.reason = reason


def check_output(target: str) -> None:
    """Refuse, before any work, a target that cannot be written: an empty name, a folder, a
    missing or read-only folder, a special file that is not a device or pipe."""
    if target == "-":
        return
    if not target:
        raise OutputError("", "no file name given (use - for the standard output)")
    path = Path(target)
    try:
        st = path.stat()  # follows a symbolic link to what it points to
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(target, str(e.strerror or e)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(target, "it is a folder")
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            if not os.access(path, os.W_OK):
                raise OutputError(target, "permission denied")
            return
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(target, "not a regular file")
    folder = Path(os.path.realpath(path)).parent
    if not folder.is_dir():
        raise OutputError(target, "the folder does not exist")
    try:  # the one sure test: make (and remove) a file where the new one will be made
        fd, probe = tempfile.mkstemp(prefix=".callpath-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(target, str(e.strerror or e)) from None


def write_output(target: str, text: str) -> None:
    """Write a report where the user asked: ``-`` is the standard output; a device or a pipe
    (``/dev/null``) is written into, never replaced; a symbolic link is followed and stays a
    link; a regular file is replaced atomically and keeps its permissions."""
    check_output(target)
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    try:
        if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            return
        real = Path(os.path.realpath(path))
        write_atomic(real, text, mode=stat.S_IMODE(st.st_mode) if st is not None else None)
    except OSError as e:
        raise OutputError(target, str(e.strerror or e)) from None
