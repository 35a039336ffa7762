"""The endpoint catalog: what to probe, where, and on whose authority.

The catalog is data (``resources/catalog.json``); this module turns it into typed, frozen
objects and refuses a malformed one with a message that names the entry and the field.
``dump()`` writes back exactly the form ``load()`` reads, so ``callpath catalog`` output can be
edited and passed to ``--catalog``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import kinds
from ..analysis import apps
from ..analysis.apps import App, Compared
from ..base.measurement import ENDPOINT_GROUPS
from ..base.paths import resource_path
from ..base.shown import quoted

SCHEMA = "callpath.catalog/2"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*"
                       r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$")


class CatalogError(ValueError):
    """A catalog that cannot be used; the message names the entry and the field."""


@dataclasses.dataclass(frozen=True)
class HttpCheck:
    url: str
    expect_status: tuple[int, ...] = ()   # empty: any HTTP answer will do
    expect_body: str | None = None        # a substring the body must contain


@dataclasses.dataclass(frozen=True)
class Endpoint:
    id: str
    group: str
    host: str
    label: str
    source: str
    services: tuple[str, ...] = ()
    note: str = ""
    expect_addresses: tuple[str, ...] = ()  # DNS answers the name must give
    tcp: tuple[int, ...] = ()
    tls: int | None = None                  # port for a TLS handshake with SNI = host
    http: HttpCheck | None = None
    stun: int | None = None                 # UDP port for STUN/TURN sampling
    resolver_query: str | None = None       # host is a DNS server: ask it this name over UDP
    doh: str | None = None                  # host serves DNS over HTTPS at this URL
    injection_names: tuple[str, ...] = ()   # host runs no DNS server: ask it these names
    dns_port: int = 53                      # the UDP port for 'resolver' and 'injection'
    resolver_sample: bool = False           # also sample path quality with queries to it
    retired: str | None = None              # the date its service closed: silence is expected
    blocked_in_china: bool = False          # unreachable from inside mainland China by design
    anycast: bool = False                   # answered from nodes outside China too: its timing says nothing of China's
    # The fields of plugin kinds (core/kinds), as (field, checked value), in the kinds' order.
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def is_ip_literal(self) -> bool:
        return is_ip(self.host)

    def option(self, field: str) -> Any:
        return next((value for name, value in self.options if name == field), None)


@dataclasses.dataclass(frozen=True)
class BusyLine:
    locate: str   # an http(s) URL answering as M-Lab's locate service (v2) does
    source: str


@dataclasses.dataclass(frozen=True)
class Catalog:
    updated: str
    tls_control_name: str
    dns_control_name: str
    endpoints: tuple[Endpoint, ...]
    apps: tuple[App, ...] = ()
    # The busy-line test's load servers: the directory that names them (M-Lab's locate
    # service), and its source; None: this catalog offers no busy-line test.
    busy_line: BusyLine | None = None

    def app(self, app_id: str) -> App | None:
        """The app of that id as the catalog declares it (the chosen app, resolved with its
        default and successor, is ``analysis.apps.resolve``)."""
        return next((a for a in self.apps if a.id == app_id), None)

    def for_app(self, app_id: str) -> tuple[Endpoint, ...]:
        """The endpoints that matter for a run about the app ``app_id``: the service's own, and
        for a closed app those of the app its users moved to (what they use now); none named:
        the default app's. Resolved as everywhere else (analysis.apps.resolve)."""
        if app_id == apps.ALL:
            raise ValueError("an all-apps run names its apps: Catalog.for_apps")
        app = apps.resolve(self.apps, app_id)
        return self.for_apps((app.id, app.checked.id))

    def for_apps(self, app_ids: Iterable[str]) -> tuple[Endpoint, ...]:
        """The endpoints that matter for a run about any of ``app_ids``: theirs, and every
        entry of the other groups (shared by every app)."""
        wanted = set(app_ids)
        return tuple(e for e in self.endpoints if e.group != "service" or wanted & set(e.services))

    def compared(self, symptom: str) -> tuple[Compared, ...]:
        """The apps an all-apps run about ``symptom`` judges (analysis.apps.carrying), each
        with its servers' entries, and whether any published source names its voice servers:
        one whose voice servers (the entries it samples) are all sourced "(weak)", or that has
        none, is said to rest on weak facts."""
        out = []
        for app in apps.carrying(self.apps, symptom):
            own = [e for e in self.endpoints if e.group == "service" and app.id in e.services]
            voice = [e for e in own if e.stun is not None]
            out.append(Compared(app.id, tuple(e.id for e in own),
                                weak=not any("(weak)" not in e.source for e in voice)))
        return tuple(out)

    @property
    def trusted_doh(self) -> Endpoint | None:
        """The DoH resolver whose answers every name is compared against (the first in ``world``)."""
        return next((e for e in self.endpoints if e.doh and e.group == "world"), None)


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# --- loading ----------------------------------------------------------------------------------

# An entry's own fields; the fields that ask for checks are the kinds' (kinds.fields()).
_ENTRY_FIELDS = {
    "id", "group", "host", "label", "source", "services", "note", "expect_addresses", "retired",
    "blocked_in_china", "anycast",
}


def default_path() -> Path:
    return resource_path("catalog.json")


def load(path: str | Path | None = None) -> Catalog:
    """Read and validate a catalog file (the bundled one by default)."""
    path = Path(path) if path is not None else default_path()
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CatalogError(f"cannot read catalog {path}: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CatalogError(f"catalog {path} is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise CatalogError(f"catalog {path} is not valid JSON: {e.msg} at line {e.lineno}") from None
    return parse(data)


def parse(data: Any) -> Catalog:
    if not isinstance(data, dict):
        raise CatalogError("catalog: the top level must be a JSON object")
    unknown = set(data) - {"schema", "updated", "controls", "apps", "endpoints", "comment", "busy_line"}
    if unknown:
        raise CatalogError(f"catalog: unknown top-level field {quoted(sorted(unknown)[0])}")
    if data.get("schema") == "callpath.catalog/1":
        raise CatalogError("catalog: it is of an older form (callpath.catalog/1, without its calling "
                           "apps); start again from what 'callpath catalog' prints")
    if data.get("schema") != SCHEMA:
        raise CatalogError(f"catalog: field 'schema' must be \"{SCHEMA}\"")
    try:
        declared = apps.parse(data.get("apps"))
    except apps.AppError as e:
        raise CatalogError(str(e)) from None
    controls = data.get("controls")
    if not isinstance(controls, dict):
        raise CatalogError("catalog: field 'controls' must be an object")
    tls_control = _hostname(controls.get("tls_control_name"), "catalog controls", "tls_control_name")
    dns_control = _hostname(controls.get("dns_control_name"), "catalog controls", "dns_control_name")
    entries = data.get("endpoints")
    if not isinstance(entries, list) or not entries:
        raise CatalogError("catalog: field 'endpoints' must be a non-empty list")
    endpoints: list[Endpoint] = []
    seen: set[str] = set()
    app_ids = tuple(a.id for a in declared)
    for index, entry in enumerate(entries):
        ep = _endpoint(entry, index, app_ids)
        if ep.id in seen:
            raise CatalogError(f"catalog entry '{ep.id}': field 'id' is used twice")
        seen.add(ep.id)
        endpoints.append(ep)
    updated = data.get("updated", "")
    if not isinstance(updated, str):
        raise CatalogError("catalog: field 'updated' must be a date string")
    for app in declared:
        if not app.retired and not any(app.id in e.services for e in endpoints):
            raise CatalogError(f"catalog app '{app.id}': no endpoint names it in 'services'")
    return Catalog(updated, tls_control, dns_control, tuple(endpoints), declared, _busy_line(data.get("busy_line")))


def _busy_line(value: Any) -> BusyLine | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"locate", "source"}:
        raise CatalogError("catalog: field 'busy_line' must be an object with 'locate' and 'source'")
    locate, source = value.get("locate"), value.get("source")
    parts = urlsplit(locate) if isinstance(locate, str) else None
    if not isinstance(locate, str) or parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise CatalogError("catalog busy_line: field 'locate' must be an http(s) URL")
    if not isinstance(source, str) or not source.strip():
        raise CatalogError("catalog busy_line: field 'source' must be a non-empty string")
    return BusyLine(locate, source)


def _endpoint(entry: Any, index: int, app_ids: tuple[str, ...]) -> Endpoint:
    if not isinstance(entry, dict):
        raise CatalogError(f"catalog entry #{index + 1}: must be an object")
    eid = entry.get("id")
    if not isinstance(eid, str) or not _ID.match(eid):
        raise CatalogError(
            f"catalog entry #{index + 1}: field 'id' must be lower-case letters, digits and '-'"
        )
    where = f"catalog entry '{eid}'"
    unknown = set(entry) - _ENTRY_FIELDS - kinds.fields()
    if unknown:
        raise CatalogError(f"{where}: unknown field {quoted(sorted(unknown)[0])}")

    def fail(field: str, what: str) -> CatalogError:
        return CatalogError(f"{where}: field '{field}' {what}")

    group = entry.get("group")
    if not isinstance(group, str) or group not in ENDPOINT_GROUPS:
        raise fail("group", f"must be one of {', '.join(ENDPOINT_GROUPS)}")
    host = entry.get("host")
    if not isinstance(host, str) or not (is_ip(host) or _HOSTNAME.match(host)):
        raise fail("host", "must be a host name or an IP address")
    for field in ("label", "source"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise fail(field, "must be a non-empty text")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise fail("note", "must be a text")

    services = entry.get("services", [])
    if group == "service":
        if not isinstance(services, list) or not services or any(s not in app_ids for s in services):
            raise fail("services", f"must list one or more of the catalog's apps: {', '.join(app_ids)}")
    elif services != []:
        raise fail("services", "is only for entries in the 'service' group")

    expect_addresses = entry.get("expect_addresses", [])
    if not isinstance(expect_addresses, list) or not all(
        isinstance(a, str) and is_ip(a) for a in expect_addresses
    ):
        raise fail("expect_addresses", "must be a list of IP addresses")

    tcp = entry.get("tcp", [])
    if not isinstance(tcp, list) or not all(_is_port(p) for p in tcp):
        raise fail("tcp", "must be a list of port numbers (1-65535)")
    tls = entry.get("tls")
    if tls is not None and not _is_port(tls):
        raise fail("tls", "must be a port number (1-65535)")
    stun = entry.get("stun")
    if stun is not None and not _is_port(stun):
        raise fail("stun", "must be a port number (1-65535)")

    http = None
    if "http" in entry:
        http = _http(entry["http"], fail)

    resolver_query = None
    resolver_sample = False
    dns_port = 53
    if "resolver" in entry:
        r = entry["resolver"]
        if not isinstance(r, dict) or "query" not in r or set(r) - {"query", "port", "sample"}:
            raise fail("resolver", "must be an object with 'query' and optional 'port', 'sample'")
        if not isinstance(r.get("sample", False), bool):
            raise fail("resolver.sample", "must be true or false")
        resolver_sample = r.get("sample", False)
        resolver_query = _hostname(r["query"], where, "resolver.query")
        dns_port = r.get("port", 53)
        if not _is_port(dns_port):
            raise fail("resolver.port", "must be a port number (1-65535)")
        if not is_ip(host):
            raise fail("host", "must be an IP address for a 'resolver' entry")

    doh = entry.get("doh")
    if doh is not None:
        if not isinstance(doh, str) or urlsplit(doh).scheme != "https" or not urlsplit(doh).hostname:
            raise fail("doh", "must be an https:// URL")
        if (urlsplit(doh).hostname or "").lower() != host.rstrip(".").lower():
            raise fail("doh", "must be a URL on the entry's own host")

    injection_names: tuple[str, ...] = ()
    if "injection" in entry:
        inj = entry["injection"]
        if not isinstance(inj, dict) or set(inj) - {"names", "port"} \
                or not isinstance(inj.get("names"), list) or not inj["names"]:
            raise fail("injection", "must be an object with a non-empty list 'names' and an optional 'port'")
        injection_names = tuple(_hostname(n, where, "injection.names") for n in inj["names"])
        dns_port = inj.get("port", 53)
        if not _is_port(dns_port):
            raise fail("injection.port", "must be a port number (1-65535)")
        if not is_ip(host):
            raise fail("host", "must be an IP address for an 'injection' entry")

    retired = entry.get("retired")
    if retired is not None and not (isinstance(retired, str) and apps.ISO_DATE.fullmatch(retired)):
        raise fail("retired", "must be a date (YYYY-MM-DD)")
    blocked_in_china = entry.get("blocked_in_china", False)
    if not isinstance(blocked_in_china, bool):
        raise fail("blocked_in_china", "must be true or false")
    anycast = entry.get("anycast", False)
    if not isinstance(anycast, bool):
        raise fail("anycast", "must be true or false")

    options = []
    for kind in kinds.registry():  # the plugins' fields (the built-in kinds' are typed, above)
        if kind.parse is not None and kind.name in entry:
            try:
                options.append((kind.name, kind.parse(entry[kind.name])))
            except ValueError as e:
                raise fail(kind.name, str(e)) from None

    if not (tcp or tls or http or stun or resolver_query or doh or injection_names
            or expect_addresses or options):
        raise fail("tcp", "is missing: the entry names nothing to probe")
    if expect_addresses and is_ip(host):
        raise fail("expect_addresses", "needs a host name, not an IP address")

    return Endpoint(
        id=eid, group=group, host=host.rstrip(".").lower(), label=entry["label"].strip(),
        source=entry["source"].strip(), services=tuple(services), note=note,
        expect_addresses=tuple(expect_addresses), tcp=tuple(tcp), tls=tls, http=http, stun=stun,
        resolver_query=resolver_query, resolver_sample=resolver_sample, doh=doh,
        injection_names=injection_names, dns_port=dns_port, retired=retired,
        blocked_in_china=blocked_in_china, anycast=anycast, options=tuple(options),
    )


def _http(value: Any, fail) -> HttpCheck:
    if not isinstance(value, dict) or "url" not in value or set(value) - {
        "url", "expect_status", "expect_body"
    }:
        raise fail("http", "must be an object with 'url' and optional 'expect_status', 'expect_body'")
    url = value["url"]
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("http.url", "must be an http:// or https:// URL")
    status = value.get("expect_status", [])
    if not isinstance(status, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in status
    ):
        raise fail("http.expect_status", "must be a list of HTTP status codes")
    body = value.get("expect_body")
    if body is not None and (not isinstance(body, str) or not body):
        raise fail("http.expect_body", "must be a non-empty text")
    return HttpCheck(url=url, expect_status=tuple(status), expect_body=body)


def _hostname(value: Any, where: str, field: str) -> str:
    if not isinstance(value, str) or is_ip(value) or not _HOSTNAME.match(value):
        raise CatalogError(f"{where}: field '{field}' must be a host name")
    return value.rstrip(".").lower()


def _is_port(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535


# --- writing ------------------------------------------------------------------------------------

def to_json(catalog: Catalog) -> dict[str, Any]:
    """The catalog in exactly the form :func:`parse` reads."""
    endpoints = []
    for e in catalog.endpoints:
        d: dict[str, Any] = {"id": e.id, "group": e.group}
        if e.services:
            d["services"] = list(e.services)
        d["host"] = e.host
        d["label"] = e.label
        if e.expect_addresses:
            d["expect_addresses"] = list(e.expect_addresses)
        if e.tcp:
            d["tcp"] = list(e.tcp)
        if e.tls is not None:
            d["tls"] = e.tls
        if e.http:
            h: dict[str, Any] = {"url": e.http.url}
            if e.http.expect_status:
                h["expect_status"] = list(e.http.expect_status)
            if e.http.expect_body:
                h["expect_body"] = e.http.expect_body
            d["http"] = h
        if e.stun is not None:
            d["stun"] = e.stun
        port = {} if e.dns_port == 53 else {"port": e.dns_port}
        if e.resolver_query:
            d["resolver"] = {"query": e.resolver_query, **port}
            if e.resolver_sample:
                d["resolver"]["sample"] = True
        if e.doh:
            d["doh"] = e.doh
        if e.injection_names:
            d["injection"] = {"names": list(e.injection_names), **port}
        d.update(e.options)
        d["source"] = e.source
        if e.retired:
            d["retired"] = e.retired
        if e.blocked_in_china:
            d["blocked_in_china"] = True
        if e.anycast:
            d["anycast"] = True
        if e.note:
            d["note"] = e.note
        endpoints.append(d)
    return {
        "schema": SCHEMA,
        "updated": catalog.updated,
        "controls": {
            "tls_control_name": catalog.tls_control_name,
            "dns_control_name": catalog.dns_control_name,
        },
        "apps": [apps.to_json(a) for a in catalog.apps],
        "endpoints": endpoints,
        **({"busy_line": {"locate": catalog.busy_line.locate, "source": catalog.busy_line.source}}
           if catalog.busy_line is not None else {}),
    }


def dump(catalog: Catalog) -> str:
    return json.dumps(to_json(catalog), indent=2, ensure_ascii=False) + "\n"
