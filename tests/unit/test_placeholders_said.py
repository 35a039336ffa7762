"""A redacted report's placeholders, said in the reader's language: every sort the redactor
writes (read from core/base/redact.py itself, so a new one cannot go unsaid), with every kind of
address core/base/addresses.py knows, numbered or not; the report keeps them in English."""

import ast
import ipaddress
import json
import re
from pathlib import Path

import pytest

from callpath.core.base import addresses, redact
from callpath.core.base.i18n import translator
from tests.chinese import english_words

ROOT = Path(__file__).resolve().parents[2]
ZH = ("zh_CN", "zh_TW")


def _written() -> tuple[set[str], set[str]]:
    """(whats, whole placeholders) as core/base/redact.py writes them: the second argument of every
    ``add(value, what)`` (both sides of a choice), and every bracketed constant it puts in a
    report whole ("[an alias]", "[… names]" with its count as 3)."""
    tree = ast.parse((ROOT / "core" / "base" / "redact.py").read_text("utf-8"))
    whats, whole = set(), set()

    def constants(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return constants(node.body) + constants(node.orelse)
        return []

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add" \
                and len(node.args) == 2:
            whats.update(constants(node.args[1]))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and re.fullmatch(r"\[[a-z…][^\[\]]*\]", node.value):  # not a character class
            whole.add(node.value)
        elif isinstance(node, ast.JoinedStr) and len(node.values) == 3 and all(
                isinstance(v, ast.Constant) for v in node.values[::2]) and node.values[0].value == "[" \
                and re.fullmatch(r" \w[^\[\]]*\]", node.values[2].value):
            whole.add("[3" + node.values[2].value)  # a count of things: "[{count} names]"
    return whats, whole


WHATS, WHOLE = _written()
# One address of every kind, each version (an IPv4 kind as IPv6 through its mapped form).
SAMPLES = ("0.0.0.0", "::", "127.0.0.1", "::1", "169.254.7.1", "fe80::1", "198.18.0.5", "::ffff:198.18.0.5",
           "100.64.0.9", "::ffff:100.64.0.9", "10.0.0.1", "fd00::1", "203.0.113.7", "2001:db8::7",
           "240.0.0.1", "ff02::1")


def _placeholders() -> list[str]:
    """Every placeholder the redactor can write: each sort, first and second of it, with the
    kind of each sample address (the writer's own function) and with none (a name; an older
    report's address)."""
    out = sorted(WHOLE)
    for what in sorted(WHATS):
        for n in (1, 2):
            out += [addresses.placeholder(what, n, a) for a in SAMPLES]
            out += [addresses.placeholder(what, n, "alice-laptop")]
    return out


def test_the_redactor_is_read_whole():
    assert {"your router", "your local address", "your DNS server", "your public address", "your computer",
            "your network interface", "an internal name"} <= WHATS
    assert {"[an alias]", "[a home folder]", "[your home folder]", "[address]", "[3 names]"} <= WHOLE
    assert {addresses.of_address(ipaddress.ip_address(a)).name for a in SAMPLES} == set(addresses.KINDS)
    assert {addresses.of_address(ipaddress.ip_address(a)).version for a in SAMPLES} == {4, 6}


@pytest.mark.parametrize("lang", ZH)
def test_every_placeholder_is_said_in_chinese(lang):
    tr = translator(lang)
    address = "地址" if lang == "zh_CN" else "位址"
    for placeholder in _placeholders():
        if placeholder == "[…]":
            continue  # a web address's path, in no language
        said = redact.said(placeholder, tr)
        assert said.startswith("[") and said.endswith("]"), (placeholder, said)
        assert not english_words(said), (placeholder, said)  # IPv4 and IPv6 stand as they are
        assert re.search(r"[\u4e00-\u9fff]", said), (placeholder, said)
        found = addresses.kind(placeholder)
        if found is not None:  # the kind and the version survive, in the reader's words
            assert said.endswith(f"IPv{found.version}]") and "，" in said, (placeholder, said)
        # The glossary: an address is always an IP one, never a bare 地址/位址.
        assert all(said[max(0, i.start() - 3):i.start()].endswith("IP ") for i in re.finditer(address, said)), said
        assert redact.said(said, tr) == said  # said once: a view may pass a text through twice


@pytest.mark.parametrize("lang", ZH)
def test_the_words_for_a_placeholder(lang):
    tr = translator(lang)
    cn = lang == "zh_CN"
    assert redact.said("[your router, private IPv4]", tr) == "[您的路由器，私有 IPv4]"  # the same in both
    assert redact.said("[your local address 2, fake-ip IPv4]:53/udp", tr) == (
        "[您的本机 IP 地址 2，代理工具的占位 IPv4]:53/udp" if cn
        else "[您的本機 IP 位址 2，代理工具的佔位 IPv4]:53/udp")
    assert redact.said("[your public address]", tr) == ("[您的公网 IP 地址]" if cn else "[您的公用 IP 位址]")
    assert redact.said("VPN（[your network interface]、[your network interface 2]）", tr) == (
        "VPN（[您的网络连接]、[您的网络连接 2]）" if cn else "VPN（[您的網路連線]、[您的網路連線 2]）")
    assert redact.said("[3 names]", tr) == ("[3 个网址]" if cn else "[3 個網址]")


def test_english_says_them_as_written_and_anything_else_in_brackets_stands():
    tr = translator("en")
    for placeholder in _placeholders():
        assert redact.said(placeholder, tr) == placeholder
    assert redact.said("[1 names]", tr) == "[1 name]"  # one name, in the form for one
    for other in ("[timeout]", "[SSL: CERTIFICATE_VERIFY_FAILED]", "[your own words]", "[your router, 5G]",
                  "[2001:db8::1]:443", "http://portal.example/[…]"):
        assert redact.said(other, translator("zh_CN")) == other


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.json"))[:12],
                         ids=lambda p: p.stem)
def test_a_redacted_report_keeps_its_placeholders_in_english(path):
    """The JSON is the analysis' to read back: said only where shown."""
    report = redact.redact_report(json.loads(path.read_text("utf-8")),
                                  {"computer": "alice-laptop", "user": "alice", "home": "/home/alice"})
    text = json.dumps(report, ensure_ascii=False)
    assert "您的" not in text.replace(json.dumps(report["verdict"], ensure_ascii=False), "")
    said = redact.said(text, translator("zh_CN"))
    # Every placeholder the redactor put in is one said() knows.
    left = re.findall(r"\[(?:your|an? )[^\]]*\]", said)
    assert not left, left[:5]
