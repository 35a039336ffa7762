"""The app's language: one current language for every window, switchable at once.

Texts are marked with ``N_`` where they are written and translated with ``_`` when shown, from
the same gettext catalogues as the verdict (resources/locale).
"""

from __future__ import annotations

from callpath.core.explain import LANGS, N_, system_lang, translator

LANG_NAMES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}  # each in itself

_current = "en"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGS else "en"


def language() -> str:
    return _current


def _(text: str) -> str:
    return translator(_current).gettext(text)


__all__ = ["LANGS", "LANG_NAMES", "N_", "_", "language", "set_language", "system_lang"]
