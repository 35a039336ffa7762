"""Lines of plain text for the text report, in any of our languages: wrapped where Unicode's
line-breaking rules allow (UAX #14, through uniseg), measured in a terminal's columns (a
Chinese character takes two).

Python's textwrap breaks only at spaces, so a Chinese paragraph was cut anywhere its few
spaces fell — inside "Teams", before a "。" — or not at all. UAX #14 never breaks inside a
Latin word or a number and never starts a line with closing punctuation (。，、）」…); on top of
it, a date or a time of day ("2025年5月5日", "2026-12-02 10:00") and a web address are kept on
one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Dates and times as our texts write them, and web addresses, never split across lines.
_UNBROKEN = re.compile(r"https?://[^\s，。；、）」]+"
                       r"|\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2}(?: UTC)?)?"
                       r"|(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{4}年\d{1,2}月|\d{1,2}:\d{2}")


# Line-break classes of closing punctuation, exclamation and question marks, and the marks
# that may not start a line (。，、）」：；！？).
_CLOSING = frozenset({"CL", "CP", "NS", "EX", "IS"})


def units(text: str) -> Iterable[str]:
    """``text`` cut where a line may break (UAX #14), never inside a date or a time; each
    piece keeps the spaces that follow it."""
    # Imported here: uniseg reads its Unicode tables at import (some 25 ms), and the app's
    # window imports this module (through the reports' colours) before its first paint.
    from uniseg.breaking import break_units
    from uniseg.linebreak import line_break, line_break_breakables

    allowed = list(line_break_breakables(text))
    # UAX #14 allows a break after a space even before closing punctuation ("WeChat ：" may
    # put the "：" first on the next line); our lines never start with it: the space and the
    # mark stay with the word before.
    for i, c in enumerate(text):
        if allowed[i] and line_break(c) in _CLOSING:
            allowed[i] = 0
    for match in _UNBROKEN.finditer(text):
        for i in range(match.start() + 1, match.end()):
            allowed[i] = 0
    return break_units(text, allowed)


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a Chinese character, one for a Latin
    letter."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` columns (at least one space after it)."""
    return text + " " * max(1, columns - width(text))


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """``text`` as lines of at most ``columns`` columns (the indent included) where a word or
    a date does not run longer, each line starting with ``indent``; no line ends in a space."""
    room = max(1, columns - width(indent))
    lines: list[str] = []
    line = ""
    for unit in units(" ".join(text.split())):
        if line and width((line + unit).rstrip()) > room:
            lines.append(indent + line.rstrip())
            line = ""
        line += unit
    if line.strip():
        lines.append(indent + line.rstrip())
    return lines
