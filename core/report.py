"""The report: JSON is the source of truth (DESIGN 2.2); text is rendered from it."""

from __future__ import annotations

import json
import textwrap
import os
import tempfile
from pathlib import Path
from typing import Any

from .explain import label

SCHEMA = "callpath.report/1"
FORMATS = ("text", "json", "markdown", "html")
AVAILABLE_FORMATS = ("text", "json")
GROUPS = ("local", "world", "service", "china")


class ReportError(ValueError):
    """A report file that cannot be read; the message says why in one line."""


def load(path: str | Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise ReportError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReportError(f"{path} is not a CallPath report (not valid JSON)") from None
    return validate(data, str(path))


def validate(data: Any, where: str = "report") -> dict[str, Any]:
    if not isinstance(data, dict) or "schema" not in data:
        raise ReportError(f"{where} is not a CallPath report")
    schema = data["schema"]
    if not isinstance(schema, str) or not schema.startswith("callpath.report/"):
        raise ReportError(f"{where} is not a CallPath report")
    if schema != SCHEMA:
        raise ReportError(f"{where} was written by a newer CallPath ({schema}); please update")
    for key, kind in (("context", dict), ("verdict", dict), ("measurements", list)):
        if not isinstance(data.get(key), kind):
            raise ReportError(f"{where} is damaged: '{key}' is missing or malformed")
    for i, m in enumerate(data["measurements"]):
        if not isinstance(m, dict) or not all(
            k in m for k in ("id", "kind", "group", "target", "ok", "error", "metrics")
        ):
            raise ReportError(f"{where} is damaged: measurement #{i + 1} is incomplete")
    return data


def to_json_text(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` so that ``path`` holds either the old file or the whole new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
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


# --- text ------------------------------------------------------------------------------------------

def figure(m: dict[str, Any]) -> str:
    """The one number that best describes a measurement."""
    metrics = m.get("metrics") or {}
    kind = m.get("kind")
    if kind in ("stun", "dns_sample") and isinstance(metrics.get("rtt_ms"), dict):
        return (f"rtt {metrics['rtt_ms'].get('median')} ms, jitter {metrics.get('jitter_ms')} ms, "
                f"loss {metrics.get('loss_pct')} %, MOS {metrics.get('mos')}")
    if kind == "http" and "status" in metrics:
        return f"HTTP {metrics['status']}, {metrics.get('elapsed_ms')} ms"
    if kind == "tcp" and "connect_ms" in metrics:
        return f"{metrics['connect_ms']} ms"
    if kind == "tls" and "handshake_ms" in metrics:
        issuer = metrics.get("issuer")
        return f"{metrics.get('version') or ''} {metrics['handshake_ms']} ms" + (
            f", issued by {issuer}" if issuer else "")
    if kind in ("dns", "dns_trusted", "dns_server") and "addresses" in metrics:
        return ", ".join(metrics["addresses"][:3]) or "no address"
    return ""


def render_text(report: dict[str, Any]) -> str:
    """The report as plain text: the verdict in the report's language, then every measurement
    (technical, in English) by group."""
    ctx = report.get("context", {})
    lang = ctx.get("lang") or "en"
    v = report.get("verdict", {})
    wide = lang.startswith("zh")  # CJK text wraps on characters, half as many per line
    lines = [
        f"CallPath {ctx.get('app_version', '?')} - {ctx.get('started_at', '')}",
        f"Symptom: {ctx.get('symptom')}   Location: {ctx.get('location')}   "
        f"Service: {ctx.get('service')}   Took: {ctx.get('duration_s')} s",
        "",
        f"{label('verdict', lang)}: {v.get('headline', '')}",
        f"  ({v.get('locus')}, {v.get('cause')}; {label('confidence', lang)}: "
        f"{label(v['confidence'], lang) if v.get('confidence') in ('high', 'medium', 'low') else '?'})",
        "",
    ]
    lines += _wrap(v.get("explanation", ""), "  ", width=44 if wide else 88)
    actions = v.get("actions") or []
    if actions:
        lines.append("")
        lines.append(f"{label('what_to_do', lang)}:")
        lines += [f"  {i}. {a}" for i, a in enumerate(actions, 1)]
    measurements = report.get("measurements", [])
    for group in GROUPS:
        ms = [m for m in measurements if m.get("group") == group]
        if not ms:
            continue
        lines += ["", f"{label('group/' + group, lang)}:"]
        for m in ms:
            err = m.get("error")
            mark = "ok " if m.get("ok") else ("-- " if err and err.get("code") in (
                "skipped", "cancelled", "deadline") else "!! ")
            state = "" if m.get("ok") else f"  [{err.get('code')}] {err.get('detail', '')}" if err else ""
            shown = figure(m)
            lines.append(f"  {mark}{m.get('kind'):<13} {m.get('target')}"
                         + (f"  {shown}" if shown else "") + state)
    lines.append("")
    return "\n".join(lines)


def _wrap(text: str, indent: str, width: int = 88) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent) or [""]
