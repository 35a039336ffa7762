"""The app's language: one current language for every window, switchable at once.

Texts are marked with ``N_`` where they are written and translated with ``_`` when shown, from
the same gettext catalogues as the verdict (resources/locale).
"""

from __future__ import annotations

from callpath.core.api import LANGS, N_, lang_of, translator

LANG_NAMES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}  # each in itself

_current = "en"
_qt_translator = None


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGS else "en"
    _use_qt_translation(_current)


def _use_qt_translation(lang: str) -> None:
    """Qt's own texts (standard buttons, the file dialog) in the same language as ours."""
    global _qt_translator
    from callpath.gui.qt import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "en":
        return
    translator = QTranslator(app)
    for folder in _qt_translation_folders(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
            return


def _qt_translation_folders(reported: str) -> list[str]:
    """Where Qt's translations are: where Qt says, else inside the PySide6 package.

    WORKAROUND: a PyInstaller bundle tells Qt its prefix through a generated qt.conf that does not
    quote the path, so from a folder whose name holds a double quote Qt reports a wrong place.
    """
    from callpath.gui.qt import BINDING_DIR

    return [reported, str(BINDING_DIR / "Qt" / "translations")]


def system_lang() -> str:
    """The desktop's language among ours, as Qt reads it on every system (on Windows and macOS
    from the system settings, where Python's locale names differ)."""
    from callpath.gui.qt import QLocale

    return lang_of(QLocale.system().name())


def qt_translation_loaded() -> bool:
    return _qt_translator is not None


def language() -> str:
    return _current


def _(text: str) -> str:
    return translator(_current).gettext(text)


__all__ = ["LANGS", "LANG_NAMES", "N_", "_", "language", "set_language", "system_lang"]
