"""An all-apps check on the result page, above the verdict: which app to call on now, how sure
that is, and a row per app — its standing, its verdict's headline, its way as a small picture —
the app the suggestion leads to marked. The verdict card below is that app's."""

from __future__ import annotations

from callpath.core.api import Verdict, compared_apps, path_states, said_verdict, translator
from callpath.gui.i18n import _, language
from callpath.gui.labels import title_label, wrapping_label
from callpath.gui.pathview import COLOURS, PathPicture
from callpath.gui.qt import QFont, QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from callpath.gui.widgets import SURE_TEXTS, Badge

# An app's standing (core/analysis/choice.py) as its row's badge: colour and mark.
STANDING_STYLE = {"clear": ("ok", "✓"), "partly": ("ok", "✓"), "local": ("suspect", "!"),
                  "trouble": ("trouble", "✗"), "blocked": ("unknown", "–"), "unknown": ("unknown", "?")}


class AppRow(QWidget):
    """One compared app: its badge, its name and standing, its verdict's headline, its way."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.badge = Badge(24)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        self.name = QLabel()
        bold = QFont(self.name.font())
        bold.setBold(True)
        self.name.setFont(bold)
        self.line = wrapping_label()
        self.path = PathPicture()
        self.path.setMinimumHeight(72)
        text.addWidget(self.name)
        text.addWidget(self.line)
        text.addWidget(self.path)
        layout.addLayout(text, 1)

    def show_app(self, name: str, standing: str, said: str, headline: str, verdict: Verdict,
                 chosen: bool) -> None:
        state, mark = STANDING_STYLE.get(standing, STANDING_STYLE["unknown"])
        self.badge.set_style(COLOURS[state], mark)
        self.badge.setAccessibleName(said)
        self.name.setText(_("{app} — call on this one").format(app=name) if chosen else name)
        self.line.setText(said if not headline else
                          (f"{said}：{headline}" if language().startswith("zh") else f"{said}: {headline}"))
        self.path.set_states(path_states(verdict), name)
        self.setAccessibleName(f"{self.name.text()}: {self.line.text()}")


class ChoiceBox(QFrame):
    """Which app to call on (the verdict's ``suggestion``), with a row per compared app."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.headline = title_label("")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = wrapping_label()
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)
        self.rows: list[AppRow] = []

    def show_verdict(self, verdict: Verdict) -> bool:
        """Fill in from an all-apps verdict; hidden (False) for a verdict about one app."""
        said = verdict.get("suggestion")
        # Placeholders of a redacted report's verdicts in the interface's language.
        apps = compared_apps(said_verdict(verdict, translator(language())), language())
        self.setVisible(bool(said and apps))
        if not said or not apps:
            return False
        self.headline.setText(said.get("headline", ""))
        sure = _(SURE_TEXTS.get(said.get("confidence", "low"), SURE_TEXTS["low"]))
        gap = "" if language().startswith("zh") else " "
        self.explanation.setText(f"{said.get('explanation', '')}{gap}{sure}")
        self.setAccessibleName(said.get("headline", ""))
        while len(self.rows) < len(apps):
            row = AppRow()
            self.rows.append(row)
            self.rows_layout.addWidget(row)
        chosen = set(said.get("apps") or []) if said.get("kind") == "use" else set()
        for row, app in zip(self.rows, apps, strict=False):
            row.show_app(app.name, app.standing, app.said, app.headline, app.verdict, app.id in chosen)
            row.show()
        for row in self.rows[len(apps):]:
            row.hide()
        return True
