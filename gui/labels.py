"""Labels the pages share: titles, wrapping text, the groups' and the calling apps' names."""

from __future__ import annotations

from collections.abc import Iterable

from callpath.core.api import ALL_APPS, App, Chosen, resolve_among
from callpath.gui.i18n import N_, language
from callpath.gui.qt import QFont, QLabel, QSize

# Qt::TextSelectableByMouse, set as a property: naming Qt.TextInteractionFlag would build the Qt
# namespace's enums, 11 ms of the first paint (gui/qt.py).
_SELECTABLE_BY_MOUSE = 1

STATUS_TEXTS = {
    "waiting": N_("Waiting"),
    "running": N_("Checking…"),
    "ok": N_("OK"),
    "problem": N_("Something failed"),
    "skipped": N_("Not checked"),
}


def title_label(text: str) -> QLabel:
    title = QLabel(text)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    title.setFont(font)
    title.setWordWrap(True)
    return title


class _WrappingLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its width. Qt's own
    asks for one line's worth, so on a page taller than its scroll area, where the layout gives
    each widget only its minimum, wrapped paragraphs were cut off and overlapped what follows."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.updateGeometry()  # a new width: a new height to ask for


def wrapping_label(text: str = "") -> QLabel:
    text_label = _WrappingLabel(text)
    text_label.setWordWrap(True)
    text_label.setProperty("textInteractionFlags", _SELECTABLE_BY_MOUSE)
    return text_label


class AppNames:
    """The window's catalog's calling apps, each resolved as the analysis resolves it
    (api.resolve_among): for a run, before its verdict carries the app."""

    def __init__(self, apps: Iterable[App] = ()):
        self.apps = tuple(apps)

    def resolve(self, app_id: str) -> Chosen:
        """The app a run about ``app_id`` is about; one the window's catalog lacks (it has no
        apps, or a user's own catalog) as the built-in catalog resolves it; all of them (an
        all-apps check) named so."""
        chosen = resolve_among(self.apps, app_id)
        if app_id != ALL_APPS and any(a.id == chosen.id for a in self.apps):
            return chosen
        from callpath.core.api import resolve_app  # the whole catalog: not for the first page

        return resolve_app(app_id)


def group_title(group: str, app: Chosen) -> str:
    """A group's name; the app's own servers named after the app whose servers they are (a
    closed app's successor: what its users sign in to now)."""
    if group == "service":
        return app.checked.name(language())
    # The verdict's words (and the analysis they need) load with the Run page, after the
    # first paint: the questions page, which imports this module, needs none of them.
    from callpath.core.api import group_label

    return group_label(group, language())
