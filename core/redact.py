"""Personal data out of reports and logs, replaced by stable placeholders that keep the report
readable ("[your public address]").

What counts as personal: this computer's own addresses and network cards (from the local
measurements), its router and DNS servers, the public address a STUN server saw, the
computer's name, the user's name and home folder. Remote servers' addresses are not personal
and stay. Redaction is on by default everywhere; the report records whether it was applied.
"""

from __future__ import annotations

import getpass
import ipaddress
import logging
import re
import socket
from pathlib import Path
from typing import Any


_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")


def scrub(text: str) -> str:
    """Remove every IP address from free text (error details, log lines)."""
    text = _IPV4.sub("[address]", text)
    return _IPV6.sub("[address]", text)


_MAC = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")
# Fields whose values are CallPath's own vocabulary (kinds, codes, causes): names are not
# replaced there, so a user called "route" or "check" cannot garble the report's structure.
CONTROLLED = {"schema", "id", "kind", "group", "code", "locus", "cause", "confidence", "symptom",
              "location", "service", "lang", "ended_by", "protocol", "rcode", "evidence"}
NAME_KINDS = {"your computer", "your user name"}

# Account names that identify nobody (and would blot out ordinary words if replaced).
_GENERIC_USERS = {"root", "user", "admin", "administrator", "guest", "runner", "ubuntu", "debian"}


def machine_identity() -> dict[str, str]:
    """This computer's name, the user's name and home folder (what a report must not carry)."""
    found = {}
    try:
        found["computer"] = socket.gethostname()
    except OSError:
        pass
    try:
        found["user"] = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        pass
    try:
        found["home"] = str(Path.home())
    except (KeyError, RuntimeError):
        pass
    if found.get("user", "").lower() in _GENERIC_USERS:
        del found["user"]
    return {k: v for k, v in found.items() if v and len(v) >= 2}


class Redactor:
    """Replaces every known identifier, wherever it appears in a report, by its placeholder."""

    def __init__(self) -> None:
        self.placeholders: dict[str, str] = {}   # identifier -> placeholder
        self.names: set[str] = set()             # identifiers that are names, not addresses
        self._counts: dict[str, int] = {}
        self._order: list[str] = []              # longest first, so parts never split a whole

    def add(self, value: Any, kind: str) -> None:
        if not isinstance(value, str) or len(value) < 2 or value in self.placeholders:
            return
        self._order = []
        if kind in NAME_KINDS:
            self.names.add(value)
        n = self._counts.get(kind, 0) + 1
        self._counts[kind] = n
        # First of a kind unnumbered: most reports have one public address, one computer.
        self.placeholders[value] = f"[{kind}]" if n == 1 else f"[{kind} {n}]"
        for variant in _variants(value):
            self.placeholders.setdefault(variant, self.placeholders[value])

    @classmethod
    def for_report(cls, report: dict[str, Any], identity: dict[str, str] | None = None) -> Redactor:
        r = cls()
        identity = machine_identity() if identity is None else identity
        for m in report.get("measurements", []):
            metrics = m.get("metrics") or {}
            if m.get("id") == "local.interfaces":
                for i in metrics.get("interfaces", []):
                    for a in i.get("ipv4", []) + i.get("ipv6", []):
                        if not _is_loopback(a):
                            r.add(a, "your local address")
                    r.add(i.get("mac"), "your network card")
            elif m.get("id") == "local.route":
                for route in metrics.get("ipv4", []) + metrics.get("ipv6", []):
                    r.add(route.get("gateway"), "your router")
            elif m.get("id") == "local.resolvers":
                for server in metrics.get("servers", []):
                    if not _is_loopback(server):
                        r.add(server, "your DNS server")
            mapped = metrics.get("mapped_address")
            if isinstance(mapped, str) and mapped:
                host = mapped.rsplit(":", 1)[0].strip("[]")
                r.add(mapped, "your public address")
                r.add(host, "your public address")
            for server in metrics.get("servers", []) if m.get("kind") == "dns" else []:
                if not _is_loopback(server):
                    r.add(server, "your DNS server")
            answered = metrics.get("answered_by")
            if m.get("kind") == "dns" and isinstance(answered, str):
                r.add(answered, "your DNS server")
        r.add(identity.get("home"), "your home folder")
        r.add(identity.get("computer"), "your computer")
        r.add(identity.get("user"), "your user name")
        return r

    def text(self, s: str, names: bool = True) -> str:
        if not self._order:
            self._order = sorted(self.placeholders, key=len, reverse=True)
        for value in self._order:
            if not names and value in self.names:
                continue
            if value.lower() in s.lower():  # names and MACs match in any case
                s = _replace(s, value, self.placeholders[value])
        return s

    def apply(self, obj: Any, key: str | None = None) -> Any:
        """A redacted copy of a JSON-like value. Keys are the report's schema, never data."""
        if isinstance(obj, str):
            return self.text(obj, names=key not in CONTROLLED)
        if isinstance(obj, list):
            return [self.apply(v, key) for v in obj]
        if isinstance(obj, dict):
            return {k: self.apply(v, k) for k, v in obj.items()}
        return obj


def _replace(s: str, value: str, placeholder: str) -> str:
    # Addresses must not match inside longer numbers ("10.0.0.1" in "10.0.0.12"); names match
    # as whole words ("alice" in "alice-laptop", not in "malice"); paths anywhere.
    if _is_address(value) or _MAC.match(value):
        pattern = r"(?<![0-9A-Za-z.:])" + re.escape(value) + r"(?![0-9A-Za-z:]|\.\d)"
    elif "/" in value or "\\" in value:
        pattern = re.escape(value)
    else:
        pattern = r"(?<![0-9A-Za-z])" + re.escape(value) + r"(?![0-9A-Za-z])"
    return re.sub(pattern, lambda _m: placeholder, s, flags=re.IGNORECASE)


def _variants(value: str) -> list[str]:
    """Other spellings of the same identifier: an IPv6 address expanded, a MAC with dashes."""
    out = []
    try:
        ip = ipaddress.ip_address(value.split("%")[0])
        out += [str(ip), ip.exploded] if ip.version == 6 else []
    except ValueError:
        pass
    if _MAC.match(value):
        out += [value.replace(":", "-"), value.replace("-", ":")]
    return [v for v in out if v != value]


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value.split("%")[0])
        return True
    except ValueError:
        return False


def _is_loopback(value: str) -> bool:
    try:
        return ipaddress.ip_address(value.split("%")[0]).is_loopback
    except ValueError:
        return False


def redact_report(report: dict[str, Any], identity: dict[str, str] | None = None) -> dict[str, Any]:
    """The report with personal data replaced; ``context.redacted`` says so."""
    if report.get("context", {}).get("redacted"):
        return report
    out = Redactor.for_report(report, identity).apply(report)
    out["context"]["redacted"] = True
    return out


class LogFilter(logging.Filter):
    """Logs are redacted like reports: addresses scrubbed, the machine's identity replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.redactor = Redactor()
        identity = machine_identity()
        self.redactor.add(identity.get("home"), "your home folder")
        self.redactor.add(identity.get("computer"), "your computer")
        self.redactor.add(identity.get("user"), "your user name")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redactor.text(scrub(message))
        record.args = None
        if record.exc_text:
            record.exc_text = self.redactor.text(scrub(record.exc_text))
        return True
