"""Personal data out of reports and logs, replaced by stable placeholders that keep the report
readable ("[your computer]", "[your router, private IPv4]").

What counts as personal: this computer's own addresses and network cards (from the local
measurements), its router and DNS servers, the public address a STUN server saw, the
computer's name, the user's name and home folder. Remote servers' addresses are not personal
and stay. Redaction is on by default everywhere; the report records whether it was applied.

Placeholders: ``[<what>[ <n>]]`` for a name or a network card, ``[<what>[ <n>], <kind>
IPv<4|6>]`` for an address ("[your local address 2, fake-ip IPv4]"). ``<what>`` says whose it
is, for a forum reader; ``<n>`` tells two of a sort apart (the first has none); one identifier
gets one placeholder throughout the report, in every spelling. An address keeps its kind
(public, private, shared, fake-ip, link-local, loopback, unspecified, other: ``addresses.py``
defines them and reads them back), because the analysis judges addresses by kind — a VPN's
tunnel counts only with a routable address, a proxy tool's by its fake-IP one — and a report
shared redacted must be judged as the original was. Interface names and network cards are
replaced whole: the interface's recorded ``tunnel`` flag keeps what they said when it was
measured (a report without that flag loses it). The public address a voice server saw, written
with a port ("203.0.113.7:40000"), gets the address's own placeholder, the port left out: one
address, whichever port each server saw.

Placeholders of reports redacted before addresses kept their kind ("[your public address]")
are read as no address at all, as they always were.

The placeholders stay in English in the report (the analysis reads them back), and every view
says them in its reader's language when it shows them (:func:`said`: "[您的路由器，私有 IPv4]").

Judge first, redact after: a report is analysed from its unredacted measurements where they
exist (``cli.cmd_report``), and redaction touches only what is shown or saved.
"""

from __future__ import annotations

import getpass
import gettext
import ipaddress
import logging
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import addresses
from .i18n import N_, NP_, plural
from .reportdata import Report

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")


def scrub(text: str) -> str:
    """Remove every IP address from free text (error details, log lines)."""
    text = _IPV4.sub("[address]", text)
    return _IPV6.sub("[address]", text)


_MAC = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")
# Fields whose values are CallPath's own vocabulary (kinds, codes, causes): names are not
# replaced there, so a user called "route" or "check" cannot garble the report's structure.
CONTROLLED = {"schema", "id", "kind", "group", "code", "locus", "cause", "confidence",
              "ended_by", "protocol", "rcode", "evidence"}
# The user's own answers, exempt by where they stand — not by their key's name anywhere (an
# HTTP redirect once called "location" kept a portal's address whole); and their replies to the
# questions about the called phone (context.followups: question → yes/no/unsure).
ANSWER_PATHS = {("context", "symptom"), ("context", "location"), ("context", "service"),
                ("context", "lang")}
NAME_KINDS = {"your computer", "your user name", "your network interface", "an internal name",
              "your proxy"}
# Every sort a placeholder names (its ``<what>``), as the redactor writes it, and the whole
# placeholders it writes without one; a view says them in its reader's language (said()).
WHATS = (N_("your computer"), N_("your user name"), N_("your network interface"), N_("an internal name"),
         N_("your proxy"), N_("your local address"), N_("your network card"), N_("your router"),
         N_("your DNS server"), N_("your public address"), N_("your home folder"),
         N_("a home folder"), N_("an alias"), N_("address"))
# A list of names replaced by their count ("[3 names]").
NAMES = NP_("{n} name", "{n} names")
# What separates a placeholder's <what> from its kind: ", " in English.
WHAT_AND_KIND = N_("{what}, {kind}")
_SAID = re.compile(r"\[(?:(?P<what>" + "|".join(map(re.escape, WHATS)) + r")(?: (?P<n>\d+))?"
                   r"(?:, " + addresses.KIND_PATTERN + r")?|(?P<count>\d+) names)\]")
# Interface names every computer of a kind has; any other name (a company's VPN adapter, a
# tunnel named after a place) is personal.
_GENERIC_INTERFACE = re.compile(
    r"^(lo\d*|eth\d+|en[ops]?\w*|eno\d+|wl\w*|wlan\d+|utun\d+|tun\d+|tap\d+|wg\d+|ppp\d+|"
    r"bridge\d+|br-?\w*|docker\d+|veth\w*|virbr\d+|awdl\d+|llw\d+|ap\d+|anpi\d+|gif\d+|stf\d+|"
    r"Wi-Fi( \d+)?|Ethernet( \d+)?|Local Area Connection\*? ?\d*|Loopback Pseudo-Interface \d+|"
    r"Bluetooth Network Connection( \d+)?|vEthernet \(.*\))$", re.IGNORECASE)
# Home folders, whoever's: Windows (long and 8.3 short names), macOS, Linux.
_HOME_PATHS = (re.compile(r"(?i)\b[a-z]:\\users\\[^\\/\r\n\"'<>|]+"),
               re.compile(r"(?<![\w.~-])/(?:Users|home)/[^/\s\"'<>]+"))
_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s\"'<>]+", re.IGNORECASE)


def said(text: str, tr: gettext.NullTranslations) -> str:
    """``text`` with every placeholder in it said in ``tr``'s language, for a view: "[your
    router, private IPv4]" as "[您的路由器，私有 IPv4]", "[your DNS server 2]" as "[您的 DNS
    服务器 2]". An older placeholder without its kind too; anything else in brackets as it
    stands. The report itself keeps the English, which the analysis reads back."""
    return _SAID.sub(lambda found: _said(found, tr), text)


def _said(found: re.Match, tr: gettext.NullTranslations) -> str:
    if found["count"] is not None:
        return "[" + plural(tr, NAMES, int(found["count"])).format(n=found["count"]) + "]"
    what = tr.gettext(found["what"]) + (f" {found['n']}" if found["n"] else "")
    if found["kind"] is None:
        return f"[{what}]"
    kind = tr.gettext(addresses.ADDRESS_KIND_TEXTS[found["kind"]]).format(version=found["version"])
    return "[" + tr.gettext(WHAT_AND_KIND).format(what=what, kind=kind) + "]"


def is_controlled(path: tuple) -> bool:
    """Whether the field at ``path`` holds CallPath's vocabulary or the user's own answers
    (names are not replaced there; addresses always are)."""
    keys = tuple(k for k in path if isinstance(k, str))
    return bool(keys) and (keys[-1] in CONTROLLED or keys[:2] in ANSWER_PATHS and len(keys) == 2
                           or keys[:2] == ("context", "followups") and len(keys) == 3)

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
        self.known_urls: set[str] = set()        # the catalog's own URLs: public, kept whole

    def add(self, value: Any, what: str) -> None:
        """Give ``value`` the next placeholder of its sort (``what``: "your router")."""
        if not isinstance(value, str) or len(value) < 2 or value in self.placeholders:
            return
        self._order = []
        if what in NAME_KINDS:
            self.names.add(value)
        n = self._counts.get(what, 0) + 1
        self._counts[what] = n
        # First of a sort unnumbered: most reports have one public address, one computer.
        self.placeholders[value] = addresses.placeholder(what, n, value)
        for variant in _variants(value):
            self.placeholders.setdefault(variant, self.placeholders[value])

    def alias(self, value: Any, same_as: str) -> None:
        """``value`` replaced by the placeholder ``same_as`` already has (another spelling)."""
        if isinstance(value, str) and len(value) >= 2 and same_as in self.placeholders:
            self.placeholders.setdefault(value, self.placeholders[same_as])
            self._order = []

    @classmethod
    def for_report(cls, report: Report, identity: dict[str, str] | None = None) -> Redactor:
        r = cls()
        identity = machine_identity() if identity is None else identity
        for m in report.get("measurements", []):
            metrics = m.get("metrics") or {}
            for url in (m.get("target"), metrics.get("url")):
                if isinstance(url, str) and _URL.fullmatch(url):
                    r.known_urls.add(url)
            if m.get("id") == "local.interfaces":
                for i in metrics.get("interfaces", []):
                    for a in i.get("ipv4", []) + i.get("ipv6", []):
                        if not _is_loopback(a):
                            r.add(a, "your local address")
                    r.add(i.get("mac"), "your network card")
                    name = i.get("name")
                    if isinstance(name, str) and not _GENERIC_INTERFACE.match(name):
                        r.add(name, "your network interface")
            elif m.get("id") == "local.proxy":
                for url in (metrics.get("proxies") or {}).values():
                    host = urlsplit(url if "://" in str(url) else f"http://{url}").hostname
                    r.add(host, "your proxy")
                for entry in str(metrics.get("no_proxy") or "").split(","):
                    entry = entry.strip().lstrip("*.")
                    if len(entry) >= 4 and entry not in ("localhost", "127.0.0.1", "::1"):
                        r.add(entry, "your local address" if _is_address(entry) else "an internal name")
            elif m.get("id") == "local.vpn":
                for name in metrics.get("tunnels") or []:
                    if isinstance(name, str) and not _GENERIC_INTERFACE.match(name):
                        r.add(name, "your network interface")
            elif m.get("id") == "local.route":
                for route in metrics.get("ipv4", []) + metrics.get("ipv6", []) + metrics.get("ipv4_halves", []):
                    r.add(route.get("gateway"), "your router")
                    if _is_address(str(route.get("interface"))):  # Windows names an interface by its address
                        r.add(route.get("interface"), "your local address")
            elif m.get("id") == "local.resolvers":
                for server in metrics.get("servers", []):
                    if not _is_loopback(server):
                        r.add(server, "your DNS server")
            for mapped in _mapped_addresses(metrics):
                host = mapped.rsplit(":", 1)[0].strip("[]")
                r.add(host, "your public address")
                r.alias(mapped, host)
                r.add(mapped, "your public address")  # a host too short to stand alone
            for server in metrics.get("servers", []) if m.get("kind") == "dns" else []:
                if not _is_loopback(server):
                    r.add(server, "your DNS server")
            answered = metrics.get("answered_by")
            if m.get("kind") == "dns" and isinstance(answered, str):
                r.add(answered, "your DNS server")
        r.add_identity(identity)
        return r

    def add_identity(self, identity: dict[str, str]) -> None:
        home = identity.get("home")
        self.add(home, "your home folder")
        short = _windows_short_home(home) if home else None
        if home and short:
            self.placeholders.setdefault(short, self.placeholders.get(home, "[your home folder]"))
            self._order = []
        self.add(identity.get("computer"), "your computer")
        self.add(identity.get("user"), "your user name")

    def text(self, s: str, names: bool = True) -> str:
        if not self._order:
            self._order = sorted(self.placeholders, key=len, reverse=True)
        # URLs first, while they are whole (a placeholder has spaces and would cut one short).
        s = _URL.sub(lambda m: self._url(m.group(0)), s)
        # Each value is first replaced by a mark no identifier can match, and the marks by the
        # placeholders at the end: a user or computer called "private" or "local" must not
        # rewrite the placeholders already put in, whose kind the analysis reads back.
        shown: list[str] = []
        for value in self._order:
            if not names and value in self.names:
                continue
            if value.lower() in s.lower():  # names and MACs match in any case
                s = _replace(s, value, _mark(len(shown)))
                shown.append(self.placeholders[value])
        if shown:
            s = _MARK.sub(lambda m: _unmark(m, shown), s)
        if names:
            for pattern in _HOME_PATHS:
                s = pattern.sub("[a home folder]", s)
        return s

    def _url(self, url: str) -> str:
        """A URL the catalog does not name (a login page's redirect, say) keeps its scheme and
        host; its path and query — where portals put the card's address, the network's and
        the guest's names, the room — are replaced."""
        trail = ""
        while url and url[-1] in ".,;:)]}":
            url, trail = url[:-1], url[-1] + trail
        if url in self.known_urls:
            return url + trail
        parts = urlsplit(url)
        rest = parts.path not in ("", "/") or parts.query or parts.fragment
        return f"{parts.scheme}://{parts.netloc}/" + ("[…]" if rest else "") + trail

    def apply(self, obj: Any, path: tuple = ()) -> Any:
        """A redacted copy of a JSON-like value, judged by what each value is and where it
        stands. Keys are the report's schema, never data."""
        keys = tuple(k for k in path if isinstance(k, str))
        if keys[-1:] == ("cnames",) and isinstance(obj, list):
            return ["[an alias]" for _ in obj]  # a company's own zone names the company
        if keys[-1:] == ("no_proxy",) and isinstance(obj, str) and obj:
            return f"[{len([e for e in obj.split(',') if e.strip()])} names]"
        if keys == ("context", "location_reason") and isinstance(obj, str):
            return self.text(_general_reason(obj))
        if isinstance(obj, str):
            return self.text(obj, names=not is_controlled(path))
        if isinstance(obj, list):
            return [self.apply(v, path) for v in obj]
        if isinstance(obj, dict):
            return {k: self.apply(v, path + (k,)) for k, v in obj.items()}
        return obj


# A mark: a character of the supplementary private use area between two NULs, neither of
# which a name, an address or a MAC can hold.
_MARK_BASE = 0xF0000
_MARK = re.compile("\x00([\U000F0000-\U0010FFFD])\x00")


def _mark(i: int) -> str:
    return f"\x00{chr(_MARK_BASE + i)}\x00"


def _unmark(found: re.Match, shown: list[str]) -> str:
    i = ord(found.group(1)) - _MARK_BASE
    return shown[i] if i < len(shown) else found.group(0)  # the text's own, if it held one


def _replace(s: str, value: str, placeholder: str) -> str:
    # Addresses must not match inside longer numbers ("10.0.0.1" in "10.0.0.12"); names match
    # as whole words ("alice" in "alice-laptop", not in "malice"); paths anywhere. An IPv4
    # address may be followed by its port ("192.0.2.1:53/udp", a resolver's target); an IPv6
    # address or a MAC followed by a colon is part of a longer one.
    if "." in value and _is_address(value):
        pattern = r"(?<![0-9A-Za-z.:])" + re.escape(value) + r"(?![0-9A-Za-z]|\.\d)"
    elif _is_address(value) or _MAC.match(value):
        pattern = r"(?<![0-9A-Za-z.:])" + re.escape(value) + r"(?![0-9A-Za-z:]|\.\d)"
    elif "/" in value or "\\" in value:
        pattern = re.escape(value)
    else:
        pattern = r"(?<![0-9A-Za-z])" + re.escape(value) + r"(?![0-9A-Za-z])"
    return re.sub(pattern, lambda _m: placeholder, s, flags=re.IGNORECASE)


def _variants(value: str) -> list[str]:
    """Other spellings of the same identifier: an IPv6 address expanded; a MAC with dashes,
    without separators, in Cisco's dotted groups, or URL-encoded (as portals put it in links)."""
    out = []
    try:
        ip = ipaddress.ip_address(value.split("%")[0])
        out += [str(ip), ip.exploded] if ip.version == 6 else []
    except ValueError:
        pass
    if _MAC.match(value):
        digits = re.sub(r"[:-]", "", value)
        pairs = [digits[i:i + 2] for i in range(0, 12, 2)]
        out += [value.replace(":", "-"), value.replace("-", ":"), digits,
                ".".join(digits[i:i + 4] for i in range(0, 12, 4)),
                "%3A".join(pairs), "%2D".join(pairs)]
    return [v for v in out if v != value]


def _windows_short_home(home: str | None) -> str | None:
    """The 8.3 short form Windows also uses for a home folder (C:\\Users\\ALICES~1)."""
    if not home:
        return None
    found = re.match(r"(?i)^([a-z]:\\users\\)([^\\]+)$", home)
    if not found:
        return None
    name = re.sub(r"[^0-9A-Za-z]", "", found.group(2)).upper()
    return f"{found.group(1)}{name[:6]}~1" if name and (len(name) > 8 or name != found.group(2).upper()) else None


def _general_reason(reason: str) -> str:
    """Why "auto" chose a location, without the time zone or language that place a person."""
    if reason.startswith("time zone"):
        return "guessed from the time zone"
    if reason.startswith("language"):
        return "guessed from the language"
    return reason


def _is_address(value: str) -> bool:
    return addresses.parse(value) is not None


def _is_loopback(value: str) -> bool:
    found = addresses.kind(value)
    return found is not None and found.name == "loopback"


def _mapped_addresses(metrics: Any, depth: int = 0) -> list[str]:
    """The public addresses voice servers saw, wherever a measurement records one: at the top
    of a voice sample's figures, or within the figures it holds (the busy-line test's samples,
    idle and under each load)."""
    if not isinstance(metrics, dict) or depth > 3:
        return []
    mapped = metrics.get("mapped_address")
    found = [mapped] if isinstance(mapped, str) and mapped else []
    return found + [a for value in metrics.values() for a in _mapped_addresses(value, depth + 1)]


def redact_report(report: Report, identity: dict[str, str] | None = None) -> Report:
    """The report with personal data replaced; ``context.redacted`` says so."""
    if report.get("context", {}).get("redacted"):
        return report
    out: Report = Redactor.for_report(report, identity).apply(report)
    out["context"]["redacted"] = True
    return out


class LogFilter(logging.Filter):
    """Logs are redacted like reports: addresses scrubbed, the machine's identity replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.redactor = Redactor()
        self.redactor.add_identity(machine_identity())

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redactor.text(scrub(message))
        record.args = None
        if record.exc_text:
            record.exc_text = self.redactor.text(scrub(record.exc_text))
        return True
