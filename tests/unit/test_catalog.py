"""The catalog: the shipped one is valid and complete; a malformed one is refused with a
message that names the entry and the field."""

import copy
import json

import pytest

from callpath.core import catalog


@pytest.fixture
def raw():
    return json.loads(catalog.default_path().read_text("utf-8"))


def test_shipped_catalog_is_valid_and_covers_every_group_and_service():
    cat = catalog.load()
    groups = {e.group for e in cat.endpoints}
    assert groups == {"world", "service", "china"}
    for service in catalog.SERVICES:
        eps = [e for e in cat.endpoints if service in e.services]
        assert any(e.tls for e in eps), f"{service}: no sign-in/API endpoint"
        assert any(e.stun for e in eps), f"{service}: no media relay"
        assert any(443 in e.tcp for e in eps if e.stun), f"{service}: relay without TCP 443 fallback"
    assert cat.trusted_doh is not None
    assert any(e.stun for e in cat.endpoints if e.group == "world")
    assert any(e.injection_names for e in cat.endpoints if e.group == "china")
    assert any(e.resolver_query for e in cat.endpoints if e.group == "china")
    assert all(e.source for e in cat.endpoints)


def test_dump_is_what_load_reads(tmp_path):
    cat = catalog.load()
    path = tmp_path / "c.json"
    path.write_text(catalog.dump(cat), "utf-8")
    assert catalog.load(path) == cat


def test_service_filter():
    cat = catalog.load()
    teams = cat.for_service("teams")
    assert all("teams" in e.services for e in teams if e.group == "service")
    assert any(e.group == "china" for e in teams)


def _entry(raw, eid):
    return next(e for e in raw["endpoints"] if e["id"] == eid)


@pytest.mark.parametrize("mutate,expected", [
    (lambda r: _entry(r, "skype-login").update(tcp=["443"]), "entry 'skype-login': field 'tcp'"),
    (lambda r: _entry(r, "skype-login").update(tls=70000), "entry 'skype-login': field 'tls'"),
    (lambda r: _entry(r, "skype-login").update(group="moon"), "entry 'skype-login': field 'group'"),
    (lambda r: _entry(r, "skype-login").update(services=["icq"]), "entry 'skype-login': field 'services'"),
    (lambda r: _entry(r, "skype-login").update(host="bad host!"), "entry 'skype-login': field 'host'"),
    (lambda r: _entry(r, "skype-login").pop("source"), "entry 'skype-login': field 'source'"),
    (lambda r: _entry(r, "skype-login").update(http={"url": "ftp://x"}), "entry 'skype-login': field 'http.url'"),
    (lambda r: _entry(r, "skype-login").update(colour="red"), "entry 'skype-login': unknown field \"colour\""),
    (lambda r: _entry(r, "msft-ncsi").update(http={"url": "http://a/", "expect_status": [999]}),
     "entry 'msft-ncsi': field 'http.expect_status'"),
    (lambda r: _entry(r, "dns-114").update(host="dns.example"), "entry 'dns-114': field 'host'"),
    (lambda r: _entry(r, "google-stun").update(services=["skype"]), "entry 'google-stun': field 'services'"),
    (lambda r: _entry(r, "cloudflare-doh").update(doh="https://elsewhere.example/dns-query"),
     "entry 'cloudflare-doh': field 'doh'"),
    (lambda r: _entry(r, "google-stun").update(blocked_in_china="yes"),
     "entry 'google-stun': field 'blocked_in_china'"),
    (lambda r: _entry(r, "skype-login").update(retired="May 2025"), "entry 'skype-login': field 'retired'"),
    (lambda r: r["endpoints"].append(copy.deepcopy(r["endpoints"][0])), "entry 'msft-ncsi': field 'id' is used twice"),
    (lambda r: r["endpoints"][0].update(id="Bad Id"), "entry #1: field 'id'"),
    (lambda r: r.update(schema="other/9"), "field 'schema'"),
    (lambda r: r.update(endpoints=[]), "field 'endpoints'"),
    (lambda r: r["controls"].update(tls_control_name="1.2.3.4"), "field 'tls_control_name'"),
])
def test_malformed_catalog_names_entry_and_field(raw, mutate, expected):
    mutate(raw)
    with pytest.raises(catalog.CatalogError) as info:
        catalog.parse(raw)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_unreadable_files(tmp_path):
    with pytest.raises(catalog.CatalogError, match="cannot read"):
        catalog.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", "utf-8")
    with pytest.raises(catalog.CatalogError, match="not valid JSON"):
        catalog.load(bad)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(catalog.CatalogError, match="not UTF-8"):
        catalog.load(latin)
    top = tmp_path / "list.json"
    top.write_text("[]", "utf-8")
    with pytest.raises(catalog.CatalogError, match="top level"):
        catalog.load(top)
