"""Labels the pages share: titles, wrapping text, the groups' and the calling apps' names."""

from __future__ import annotations

from collections.abc import Iterable

from callpath.core.analysis.apps import App
from callpath.core.engine.builtin import app_name
from callpath.gui.i18n import N_, language
from callpath.gui.qt import QFont, QLabel, QSize, Qt

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
    text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return text_label


class AppNames:
    """The catalog's calling apps by id, named in the interface's language. A closed app's
    servers are its successor's (what its users sign in to now), so that is the name shown
    for the service's checks."""

    def __init__(self, apps: Iterable[App] = ()):
        self.by_id = {a.id: a for a in apps}

    def name(self, service: str) -> str:
        app = self.by_id.get(service)
        return app.name(language()) if app is not None else app_name(service, language())

    def checked(self, service: str) -> str:
        """The name of the app whose servers a run about ``service`` checks."""
        app = self.by_id.get(service)
        if app is not None and app.retired and app.successor in self.by_id:
            return self.name(app.successor)
        return self.name(service)

    def group_title(self, group: str, service: str) -> str:
        if group == "service":  # the app's own servers: named after it
            return self.checked(service)
        # The verdict's words (and the analysis they need) load with the Run page, after the
        # first paint: the questions page, which imports this module, needs none of them.
        from callpath.core.words.explain import label

        return label(f"group/{group}", language())
