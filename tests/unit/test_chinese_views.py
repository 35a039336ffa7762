"""Nothing English or raw in a Chinese report: every report of the recorded runs, in text,
Markdown and HTML, in zh_CN and zh_TW, says its checks, results and figures in Chinese; check
ids, result codes and the errors' own text stand only in the part labelled technical. Text
reports wrap by Chinese rules: no line starts with closing punctuation, no word or date split."""

import html.parser
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from callpath.core.base import redact
from callpath.core.base.i18n import translator
from callpath.core.records import render
from callpath.core.words import family
from callpath.core.words.rejudge import judged
from callpath.core.words.wrapping import units, width, wrap
from tests.chinese import CHECK_NAMES, english_words, starts_with_closing, with_placeholders

REPORTS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "reports").glob("*.json"))
ZH = ("zh_CN", "zh_TW")
IDENTITY = {"computer": "alice-laptop", "user": "alice", "home": "/home/alice"}
# Each report as recorded, and redacted as it is shared and kept in the history: its
# placeholders ("[your proxy, public IPv4]") said in Chinese too.
REDACTED = pytest.mark.parametrize("redacted", [False, True], ids=["recorded", "redacted"])


def _load(path, redacted=False):
    report = json.loads(path.read_text("utf-8"))
    return redact.redact_report(report, IDENTITY) if redacted else report


def _named(report) -> set[str]:
    """The words of the names the report itself recorded: the software that signed the
    certificates (a verdict names ESET, say, as the certificate does)."""
    return {w for m in report["measurements"] for w in re.findall(r"[A-Za-z]+", str(m["metrics"].get("issuer", "")))}


def _without_technical(text: str, lang: str) -> str:
    """A text report without its technical section (its heading to the blank line after it)."""
    heading = translator(lang).gettext(render.TEXTS["technical"])
    before, found, after = text.partition(heading)
    assert found, "the technical section is labelled"
    return before + after.split("\n\n", 1)[1]


@pytest.mark.parametrize("lang", ZH)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
@REDACTED
def test_a_chinese_text_report_speaks_chinese_and_wraps_by_chinese_rules(path, lang, redacted):
    report = _load(path, redacted)
    text = render.render_text(report, lang)
    lines = _without_technical(text, lang).splitlines()
    found = [(w, line) for line in lines for w in english_words(line, CHECK_NAMES | _named(report))]
    assert not found, found[:5]
    assert not starts_with_closing(text.splitlines())
    # Within the width, but for the rows of checks (a long address is not cut) and the message
    # for the family (kept line for line as it is sent); the technical section as recorded.
    message = family.for_report({**report, "verdict": judged(report, lang)}) or ""
    rows = set(text.split("\n\n" + translator(lang).gettext(render.TEXTS["technical"]))[0]
               .rsplit(translator(lang).gettext(render.TEXTS["symptom"]), 1)[1].splitlines())
    too_long = [line for line in lines if width(line) > render.WIDTH
                and line not in rows and line.strip() not in message.splitlines()
                and line not in text.splitlines()[:3]  # the title and the way, one line each
                and not line.endswith("：")  # a part's heading, one line
                and not any(len(list(units(word))) == 1 and width(word) > 40 for word in line.split())]
    assert not too_long, too_long


@pytest.mark.parametrize("lang", ZH)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
@REDACTED
def test_a_chinese_markdown_report_speaks_chinese_outside_its_technical_column(path, lang, redacted):
    report = _load(path, redacted)
    md = render.render_markdown(report, lang)
    heading = translator(lang).gettext(render.TEXTS["technical"])
    found = []
    for line in md.splitlines():
        if line.startswith(heading):
            continue  # the verdict's code, labelled technical
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            line = "|".join(cells[:-1])  # the last column is the technical one
        found += [(w, line) for w in english_words(line.replace("\\", ""), CHECK_NAMES | _named(report))]
    assert not found, found[:5]


class _Text(html.parser.HTMLParser):
    """The text a reader sees, less the technical cells and the style sheet."""

    def __init__(self):
        super().__init__()
        self.skip, self.text = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "title") or "tech" in (attrs.get("class") or "").split():
            self.skip.append(tag)
        elif self.skip:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


@pytest.mark.parametrize("lang", ZH)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
@REDACTED
def test_a_chinese_web_page_report_speaks_chinese_outside_its_technical_cells(path, lang, redacted):
    report = _load(path, redacted)
    page = render.render_html(report, lang)
    parser = _Text()
    parser.feed(page)
    text = "\n".join(parser.text)
    heading = translator(lang).gettext(render.TEXTS["technical"])
    found = [(w, line) for line in text.splitlines() if line != heading
             for w in english_words(line, CHECK_NAMES | _named(report))]
    assert not found, found[:5]
    assert "word-break:break-all" not in page  # a word is never split to fill a cell


@pytest.mark.parametrize("lang", ZH)
def test_a_redacted_reports_placeholders_are_said_in_chinese(lang):
    report = with_placeholders(lang)
    assert "[your network interface]" in report["verdict"]["explanation"]  # the JSON keeps them
    server = "[您的 DNS 服务器，公网 IPv4]" if lang == "zh_CN" else "[您的 DNS 伺服器，公用 IPv4]"
    tunnel = "[您的网络连接]" if lang == "zh_CN" else "[您的網路連線]"
    text = render.render_text(report, lang)
    shown = _without_technical(text, lang)
    assert f"{server}:53/udp" in shown and tunnel in shown.replace("\n  ", "")
    assert not [w for line in shown.splitlines() for w in english_words(line, CHECK_NAMES)]
    md = render.render_markdown(report, lang)
    escaped = str.maketrans({"[": "\\[", "]": "\\]"})
    assert f"{server}:53/udp".translate(escaped) in md and tunnel.translate(escaped) in md
    page = render.render_html(report, lang)
    assert f"<td>{server}:53/udp</td>" in page and tunnel in page
    assert "[your DNS server, public IPv4]:53/udp" in json.dumps(report)  # as the analysis reads it


def test_the_detector_finds_what_the_issue_found():
    """The findings that started this: English figures and codes in a Chinese view."""
    assert english_words("经 DNS 的语音测试  world.msft-ncsi.dns failed") == ["failed"]
    assert english_words("连接失败：Network is unreachable") == ["Network", "is", "unreachable"]
    assert english_words("这台电脑 this computer") == ["this", "computer"]
    assert english_words("结论（local/no_network）") == ["local", "no_network"]
    assert english_words("用 WeChat 或 Teams（免费版）通过 Wi-Fi 连 login.skype.com:443") == []
    assert english_words("开着（[your network interface]）") == ["your", "network", "interface"]
    assert english_words("[您的路由器，私有 IPv4]:53 与 [2001:db8::1]:443、fe80::1") == []
    assert starts_with_closing(["  。在您登录之前", "Teams（免费版）", "  ）所以"]) == ["  。在您登录之前", "  ）所以"]


# --- the wrapper ----------------------------------------------------------------------------

PARAGRAPH = ("您的网络会把网页请求转到一个登录或欢迎页面，酒店、咖啡馆、机场和一些办公室都是这样。"
             "在您登录或接受条款之前，通话无法接通。Skype已于2025年5月5日停止服务：原来的账号现在登录"
             "Teams（免费版），所以CallPath检查的是Teams（免费版）需要的连接。报告生成于 2026-12-02 10:00 UTC。")


@pytest.mark.parametrize("columns", range(12, 90, 3))
def test_chinese_wraps_at_its_own_breaks(columns):
    lines = wrap(PARAGRAPH, columns, "  ")
    assert "".join(line.strip() for line in lines) == PARAGRAPH.replace(" ", "")  or \
        " ".join(line.strip() for line in lines).replace(" ", "") == PARAGRAPH.replace(" ", "")
    assert not starts_with_closing(lines)
    joined = "\n".join(lines)
    for word in ("Skype", "Teams", "CallPath", "2025年5月5日", "2026-12-02 10:00 UTC"):
        assert word in joined, (word, lines)  # never split across lines
    assert all(width(line) <= columns for line in lines if "2026-12-02" not in line and "2025年" not in line)


def test_english_wraps_at_spaces_as_before():
    text = "The way to Teams (free)'s voice relay loses data: about 12% of packets lost on 2026-12-02 10:00 UTC."
    lines = wrap(text, 30)
    assert " ".join(lines) == text
    assert all(width(line) <= 30 for line in lines[:-1]) and "2026-12-02 10:00 UTC." in lines[-1]


@given(st.text(alphabet="您的网络会把请求转到登录页面酒店咖啡馆Teams CallPath 12345。，、）（「」：", max_size=120),
       st.integers(4, 60))
@example("会 ：", 4)  # a break after a space, before a colon: allowed by UAX #14, not by us
def test_wrapping_loses_nothing_and_starts_no_line_with_closing_punctuation(text, columns):
    lines = wrap(text, columns)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not starts_with_closing(lines[1:]), lines  # the first starts where the text does
    # A line too long is one unit that could not be broken: a word, a number or a date.
    assert all(width(line) <= columns or len(list(units(line))) == 1 for line in lines)
