"""Reports for people: golden files for every format in every language, safe HTML, bilingual
reports, and redaction that no planted identifier survives."""

import copy
import gettext
import html.parser
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callpath.core.base import addresses, redact
from callpath.core.base.i18n import LANGS
from callpath.core.base.redact import LogFilter, Redactor, is_controlled, redact_report
from callpath.core.records import render

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"
GOLDEN = ROOT / "golden"
IDENTITY = {"computer": "alice-laptop", "user": "alice", "home": "/home/alice"}
EXT = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}
UPDATE = bool(os.environ.get("CALLPATH_UPDATE_GOLDEN"))


def load(name):
    return json.loads((REPORTS / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize("fixture", ["captive-portal", "china-degraded"])
@pytest.mark.parametrize("fmt", render.FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_golden(fixture, fmt, lang):
    report = redact_report(load(fixture), IDENTITY)
    also = "en" if lang != "en" else "zh_CN"
    out = render.render(report, fmt, lang, also if fmt in ("markdown", "html") else None)
    path = GOLDEN / f"{fixture}-{lang}.{EXT[fmt]}"
    if UPDATE or not path.exists():
        path.write_text(out, "utf-8")
    assert out == path.read_text("utf-8"), f"{path.name} changed (CALLPATH_UPDATE_GOLDEN=1 to accept)"


def test_markdown_fits_a_forum_post():
    for path in REPORTS.glob("*.json"):
        report = redact_report(json.loads(path.read_text("utf-8")), IDENTITY)
        md = render.render_markdown(report, "zh_TW", "en")
        assert len(md) < 12000, (path.name, len(md))
        assert md.splitlines()[0].startswith("**CallPath：")  # the title line, in Chinese punctuation


def test_bilingual_reports_carry_both_languages():
    report = load("china-drop")
    md = render.render_markdown(report, "zh_CN", "en")
    assert "从您的网络连不上中国境内的网站和服务器" in md
    assert "Places in China cannot be reached from your network" in md
    text = render.render_text(report, "en", "zh_TW")
    assert "從您的網路連不上中國境內的網站和伺服器" in text


HOSTILE = "<script>alert(1)</script>"


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_escapes_everything_from_the_network():
    report = copy.deepcopy(load("captive-portal"))
    for m in report["measurements"]:
        if m["kind"] == "http":
            m["metrics"]["redirect"] = "http://portal/" + HOSTILE
            m["metrics"]["date_header"] = HOSTILE
        if m["kind"] == "tls":
            m["metrics"]["issuer"] = "CN=" + HOSTILE
            m["metrics"]["subject"] = "CN=" + HOSTILE
        if m["error"]:
            m["error"]["detail"] = HOSTILE
        m["target"] = m["target"] + HOSTILE
    page = render.render_html(report, "en", "zh_CN")
    assert HOSTILE not in page and "<script" not in page
    parser = Tags()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert {"html", "head", "body", "table", "section"} <= set(parser.tags)
    assert "http://" not in page.split("<body>")[0].replace('content="width', "")  # nothing fetched
    md = render.render_markdown(report, "en")
    assert "<script>" not in md


# --- redaction --------------------------------------------------------------------------------------

# A computer's own addresses are never loopback ones (127/8 is the same on every computer and
# stays in reports).
ipv4 = st.tuples(*[st.integers(1, 254)] * 4).filter(lambda t: t[0] != 127).map(lambda t: ".".join(map(str, t)))
mac = st.lists(st.integers(0, 255), min_size=6, max_size=6).map(lambda b: ":".join(f"{x:02x}" for x in b))
name = st.text("abcdefghijklmnopqrstuvwxyz", min_size=5, max_size=10).filter(
    lambda n: not any(n in word for word in VOCABULARY))  # "detai" could not be told from "details"


def _string_paths(obj, path=()):
    if isinstance(obj, str):
        yield path
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _string_paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _string_paths(v, path + (i,))


def _set(obj, path, value):
    for p in path[:-1]:
        obj = obj[p]
    obj[path[-1]] = value


BASE = load("healthy-check")
# Names are planted wherever free text may stand; CallPath's own vocabulary fields (kinds,
# codes, causes) get addresses only.
PATHS = [p for p in _string_paths(BASE) if p[:1] != ("schema",)]
FREE_PATHS = [p for p in PATHS if not any(is_controlled(p[:i + 1]) for i in range(len(p)))]
# Words the report itself uses ("check", "false", "route"): a user may be called that (or a
# part of one), but the test could not tell the word from the name.
VOCABULARY = {w for fmt in render.FORMATS for lang in LANGS
              for w in re.findall(r"[a-z]+", render.render(BASE, fmt, lang).lower())}
VOCABULARY |= {w for path in REPORTS.glob("*.json")  # the field names of every kind of report
               for key in re.findall(r'"([a-z_]+)":', path.read_text("utf-8")) for w in key.split("_")}
# And the placeholders' own words ("[your local address, public IPv4]"): a computer called
# "public" is replaced all the same, but the test could not tell it from the kind.
VOCABULARY |= {w for text in (*redact.WHATS, *addresses.KINDS, "names ipv")
               for w in re.findall(r"[a-z]+", text.lower())}
INTERFACES = next(i for i, m in enumerate(BASE["measurements"]) if m["id"] == "local.interfaces")
STUN = next(i for i, m in enumerate(BASE["measurements"]) if m["id"] == "world.google-stun.stun")
PROXY = next(i for i, m in enumerate(BASE["measurements"]) if m["id"] == "local.proxy")
DNS = next(i for i, m in enumerate(BASE["measurements"]) if m["id"] == "service.live-login.dns")
HTTP = next(i for i, m in enumerate(BASE["measurements"]) if m["id"] == "world.apple-check.http")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(local=ipv4, public=ipv4, card=mac, computer=name, user=name, seed=st.randoms())
def test_no_planted_identifier_survives_redaction(local, public, card, computer, user, seed):
    report = copy.deepcopy(BASE)
    home = f"/home/{user}"
    addresses = [local, public, card, card.upper(), card.replace(":", "-")]
    secrets = addresses + [computer, user, home]
    for path in seed.sample(PATHS, 60):
        free = path in FREE_PATHS
        _set(report, path, f"x {seed.choice(secrets if free else addresses)} y")
    ms = report["measurements"]
    for index, mid in ((INTERFACES, "local.interfaces"), (PROXY, "local.proxy")):
        ms[index]["id"] = mid  # (planting may have hit the ids too)
    ms[INTERFACES]["metrics"]["interfaces"] = [
        {"name": "eth0", "up": True, "mtu": 1500, "ipv4": [local], "ipv6": [], "mac": card,
         "loopback": False, "tunnel": False}]
    ms[STUN]["metrics"]["mapped_address"] = f"{public}:40000"
    # What a network or the OS fills in, in every spelling seen in the wild.
    compact = card.replace(":", "")
    spellings = [compact, compact.upper(), ".".join(compact[i:i + 4] for i in range(0, 12, 4)),
                 card.replace(":", "%3A"), card.replace(":", "%3a").upper()]
    portal = f"http://portal.example/login?mac={seed.choice(spellings)}&room=Room{user}&guest=Guest{computer}"
    vpn_name = f"Acme{user.title()} GlobalProtect"
    proxy_host, internal, alias = f"proxy.{user}corp.example", f"intranet.{user}corp.example", f"vpn.{user}corp.example"
    ms[INTERFACES]["metrics"]["interfaces"].append(
        {"name": vpn_name, "up": True, "mtu": 1400, "ipv4": ["10.9.8.7"], "ipv6": [], "mac": None,
         "loopback": False, "tunnel": True})
    ms[PROXY]["metrics"].update(proxies={"https": f"http://{proxy_host}:8080"}, in_use=True,
                                no_proxy=f"{internal},.{user}corp.example")
    ms[DNS]["metrics"]["cnames"] = [alias]
    ms[HTTP]["metrics"]["redirect"] = portal
    ms[HTTP]["error"] = {"code": "http_status", "detail": f"redirected to {portal} via {proxy_host}"}
    report["context"]["location_reason"] = "time zone Asia/Shanghai"
    planted_free = [vpn_name, proxy_host, internal, alias, f"Room{user}", f"Guest{computer}",
                    "Asia/Shanghai", f"C:\\Users\\{user[:6].upper()}~1"]
    ms[HTTP]["metrics"]["url"] = ms[HTTP]["target"]
    report["verdict"]["explanation"] += f" A VPN is on ({vpn_name}). Files in C:\\Users\\{user[:6].upper()}~1\\AppData."
    secrets += spellings + planted_free
    identity = {"computer": computer, "user": user, "home": home}
    redacted = redact_report(report, identity)
    assert redacted["context"]["redacted"] is True
    for fmt in render.FORMATS:
        for lang in ("en", "zh_CN"):
            out = render.render(redacted, fmt, lang)
            for secret in secrets:
                assert secret.lower() not in out.lower(), (fmt, secret)


def test_placeholders_keep_the_report_readable():
    report = copy.deepcopy(BASE)
    by_id = {m["id"]: m for m in report["measurements"]}
    by_id["world.google-stun.stun"]["metrics"]["mapped_address"] = "203.0.113.7:40000"
    out = redact_report(report, IDENTITY)
    stun = next(m for m in out["measurements"] if m["id"] == "world.google-stun.stun")
    # The address the voice server saw, its port left out: one address, whatever the ports.
    assert stun["metrics"]["mapped_address"] == "[your public address, public IPv4]"
    assert redact_report(out, IDENTITY) is out  # redacting twice changes nothing


def test_addresses_do_not_match_inside_longer_ones():
    r = Redactor()
    r.add("10.0.0.1", "your local address")
    assert r.text("10.0.0.1 and 10.0.0.12 and 110.0.0.1") == \
        "[your local address, private IPv4] and 10.0.0.12 and 110.0.0.1"


def test_a_line_per_part_never_says_all_passed_beside_a_verdict_that_blames_it():
    from callpath.core.words.rejudge import judged
    from callpath.core.words.summary import group_line
    home = load("home-degraded")
    verdict = judged(home)
    assert verdict["cause"] == "weak_link"
    voice = verdict["parts"]["groups"]["local"]["voice"]
    assert voice["state"] == "poor" and voice["rtt_ms"] > 50
    english = gettext.NullTranslations()
    state, line = group_line(verdict["parts"], "local", english)
    assert state == "trouble" and "voice suffered" in line and "passed" not in line
    assert "voice suffered" in render.render_text(home, "en")
    # The clean control a congestion verdict compares with stays "passed".
    china = judged(load("china-degraded"))
    assert group_line(china["parts"], "world", english) == ("ok", "all 24 checks passed")
    assert "voice suffered" in group_line(china["parts"], "china", english)[1]


def test_the_log_and_the_history_keep_no_planted_identifier(tmp_path, monkeypatch):
    import logging

    from callpath.core.base import redact
    from callpath.core.records import history

    monkeypatch.setattr(redact, "machine_identity", lambda: {
        "computer": "alice-laptop", "user": "Alice Smith", "home": r"C:\Users\Alice Smith"})
    record = logging.LogRecord("callpath", logging.INFO, __file__, 1,
                               r"portal http://portal.example/login?mac=1E2A3B4D5E6F&guest=Alice+Smith "
                               r"log in C:\Users\ALICES~1\AppData on alice-laptop from 192.0.2.44", None, None)
    LogFilter().filter(record)
    for secret in ("1E2A3B4D5E6F", "guest=", "ALICES~1", "alice-laptop", "192.0.2.44"):
        assert secret not in record.msg, record.msg
    # The history keeps what it is given; what the app and the command give it is redacted.
    report = copy.deepcopy(BASE)
    report["measurements"][STUN]["metrics"]["mapped_address"] = "198.51.100.77:40000"
    store = history.History(tmp_path / "h.sqlite3")
    store.add(redact_report(report, IDENTITY))
    kept = store.get(store.list()[0].id)
    assert "198.51.100.77" not in json.dumps(kept) and kept["context"]["redacted"] is True
