"""The catalog: the shipped one is valid and complete; a malformed one is refused with a
message that names the entry and the field."""

import copy
import json

import pytest

from callpath.core.analysis.apps import resolve
from callpath.core.engine import catalog


@pytest.fixture
def raw():
    return json.loads(catalog.default_path().read_text("utf-8"))


def test_shipped_catalog_is_valid_and_covers_every_group_and_service():
    cat = catalog.load()
    groups = {e.group for e in cat.endpoints}
    assert groups == {"world", "service", "china"}
    assert {a.id for a in cat.apps} >= {"teams", "skype", "wechat", "whatsapp"}
    assert resolve(cat.apps).id == "teams"  # the default
    for app in cat.apps:
        eps = [e for e in cat.for_app(app.id) if e.group == "service"]
        assert any(e.tls or e.tcp for e in eps), f"{app.id}: nothing of its own to reach"
        assert all(dict(app.names)[lang] for lang in ("en", "zh_CN", "zh_TW"))
    teams = [e for e in cat.for_app("teams") if e.group == "service"]
    assert any(443 in e.tcp for e in teams if e.stun), "the Teams relay without its TCP 443 fallback"
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


def test_a_closed_app_is_checked_through_the_app_its_users_moved_to():
    cat = catalog.load()
    skype = cat.app("skype")
    assert skype.retired == "2025-05-05" and skype.successor == "teams"
    checked = {e.id for e in cat.for_app("skype") if e.group == "service"}
    assert {e.id for e in cat.for_app("teams") if e.group == "service"} <= checked
    assert "phone_calls" not in cat.app("wechat").symptoms and cat.app("whatsapp").blocked_in_china


def test_an_older_catalog_is_refused_in_one_line_that_says_what_to_do(raw):
    raw["schema"] = "callpath.catalog/1"
    raw.pop("apps")
    with pytest.raises(catalog.CatalogError, match="older form.*callpath catalog"):
        catalog.parse(raw)


def test_service_filter():
    cat = catalog.load()
    teams = cat.for_app("teams")
    assert all("teams" in e.services for e in teams if e.group == "service")
    assert any(e.group == "china" for e in teams)


def _app(raw, aid):
    return next(a for a in raw["apps"] if a["id"] == aid)


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
    (lambda r: _app(r, "wechat").update(names={"en": "WeChat"}), "catalog app 'wechat': field 'names'"),
    (lambda r: _app(r, "wechat").update(symptoms=["app_calls"]), "catalog app 'wechat': field 'symptoms'"),
    (lambda r: _app(r, "wechat").update(symptoms=["check", "fax"]), "catalog app 'wechat': field 'symptoms'"),
    (lambda r: _app(r, "skype").update(successor="icq"), "catalog app 'skype': field 'successor'"),
    (lambda r: _app(r, "skype").update(retired="2025"), "catalog app 'skype': field 'retired'"),
    (lambda r: _app(r, "wechat").update(default=True), "exactly one app must be the 'default'"),
    (lambda r: _app(r, "whatsapp").update(blocked_in_china="yes"), "catalog app 'whatsapp': field 'blocked_in_china'"),
    (lambda r: _app(r, "wechat").update(colour="red"), "catalog app 'wechat': unknown field \"colour\""),
    (lambda r: r["apps"].append(dict(_app(r, "wechat"))), "catalog app 'wechat': field 'id' is used twice"),
    (lambda r: r["apps"].append({"id": "line", "names": {"en": "LINE", "zh_CN": "LINE", "zh_TW": "LINE"},
                                 "symptoms": ["check"], "source": "x"}),
     "catalog app 'line': no endpoint names it"),
    (lambda r: r.update(apps=[]), "field 'apps'"),
    (lambda r: r["apps"].append("teams"), "catalog app #5: must be an object"),
    (lambda r: _app(r, "wechat").update(id="We Chat"), "catalog app #3: field 'id'"),
    (lambda r: _app(r, "wechat").pop("source"), "catalog app 'wechat': field 'source'"),
    (lambda r: _app(r, "skype").update(successor=7), "catalog app 'skype': field 'successor'"),
    (lambda r: _app(r, "wechat").update(note=["x"]), "catalog app 'wechat': field 'note'"),
    (lambda r: (_app(r, "skype").update(default=True), _app(r, "teams").pop("default")),
     "a closed app cannot be the 'default'"),
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
