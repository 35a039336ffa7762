"""Languages and translation: which of ours the user reads, and the gettext catalogues
(``resources/locale/<lang>/LC_MESSAGES/callpath.po``, compiled to ``.mo`` at build time, with
a silent fallback to English). Texts are marked with ``N_`` where they are written."""

from __future__ import annotations

import functools
import gettext
import os

from .paths import resource_path

DOMAIN = "callpath"
LANGS = ("en", "zh_CN", "zh_TW")


def N_(text: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a text for translation where it is written; translated when rendered."""
    return text


# A text to translate (N_), or one with plural forms (NP_).
Text = str | tuple[str, str]


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a text that has a plural form ("1 check", "3 checks"); translated with
    :func:`plural` once the number is known (gettext's ngettext: the language's own rule)."""
    return (singular, plural)


def plural(tr: gettext.NullTranslations, text: tuple[str, str], n: float) -> str:
    """``text`` (marked with :func:`NP_`) in ``tr``'s language, in the form for ``n``. A
    fraction ("0.5 hours", "1.5 hours") takes the form for many: gettext's rules count whole
    numbers only, and English and Chinese say a fraction as many."""
    whole = int(n) if float(n).is_integer() else 2
    return tr.ngettext(text[0], text[1], whole)


def sentence_gap(lang: str) -> str:
    """What goes between two sentences: a space, none in Chinese."""
    return "" if lang.startswith("zh") else " "


_WINDOWS_CHINESE = (("People's Republic of China", "zh_CN"), ("China", "zh_CN"), ("Taiwan", "zh_TW"),
                    ("Hong Kong", "zh_HK"), ("Macao", "zh_MO"), ("Macau", "zh_MO"), ("Singapore", "zh_SG"))


def posix_locale(name: str) -> str:
    """A locale name as Unix writes it ("zh_CN"): Python on Windows names locales in English
    ("Chinese (Simplified)_China", "Chinese (Traditional)_Taiwan"); BCP 47's hyphens too."""
    name = (name or "").replace("-", "_")
    if not name.startswith("Chinese"):
        return name
    region = name.partition("_")[2]
    for words, code in _WINDOWS_CHINESE:
        if region.startswith(words):
            return code
    return "zh_Hant" if "Traditional" in name else "zh"


def lang_of(name: str) -> str:
    """Our language for a locale name such as "zh_CN.UTF-8", "zh-Hant-TW", "en_US" or Windows'
    "Chinese (Simplified)_China" (posix_locale)."""
    name = posix_locale(name)
    if name.startswith("zh"):
        return "zh_TW" if any(t in name for t in ("TW", "HK", "MO", "Hant")) else "zh_CN"
    return "en"


def system_lang() -> str:
    """The user's language among ours, as gettext looks for it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES and LANG that is set (a desktop sets them even where that locale is not
    installed), else the locale Python runs in. The app asks Qt instead (gui/i18n.py)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            first = value.split(":")[0]
            return "en" if first in ("C", "POSIX") or first.startswith("C.") else lang_of(first)
    import locale  # only here: its tables cost the app's first paint 1 ms, and the app asks Qt

    return lang_of(locale.getlocale()[0] or "")


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(resource_path("locale")), languages=[lang],
                               fallback=True)
