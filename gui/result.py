"""The third page: the verdict card, each group's status, the quality chart, the details, and
the ways to share the report."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from callpath.core import phonerules, picture
from callpath.core.apps import App
from callpath.core.measurement import GROUPS
from callpath.core.summary import group_line, group_voice
from callpath.core.words import LOCUS_TEXTS

from .i18n import N_, _, language
from .labels import AppNames, title_label, wrapping_label
from .models import MeasurementsModel
from .pathview import COLOURS as PART_COLOURS
from .pathview import MARKS as PART_MARKS
from .pathview import STATE_WORDS, PathPicture
from .phoneleg import FamilyBox, FollowUpBox
from .qt import (
    QAbstractItemView,
    QCheckBox,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .widgets import LOCUS_STYLE, Badge, Card, QualityChart

# How sure the verdict is, said as a person would.
SURE_TEXTS = {
    "high": N_("CallPath is sure of this."),
    "medium": N_("CallPath is fairly sure of this."),
    "low": N_("CallPath is not sure of this: take it as a hint."),
}


def group_summary(verdict: dict[str, Any], group: str) -> tuple[str, str]:
    """(state, one line) for a group as the verdict judged it (summary.group_line): the state is
    the picture's for the group's part(s), so a row never ticks a part the verdict blames."""
    state, line = group_line(verdict.get("parts") or {}, group, _)
    return state, line[:1].upper() + line[1:]  # a row's line starts a sentence


class ResultPage(QWidget):
    """The verdict card, each group's status, the quality chart, and the details.
    Signals: run_again(), new_check(), save(), copy(str format), followups_changed(dict)."""

    run_again = Signal()
    new_check = Signal()
    save = Signal()
    copy = Signal(str)
    followups_changed = Signal(dict)  # the replies about the called phone, after each click

    def __init__(self, apps: Iterable[App] = (), parent=None):
        super().__init__(parent)
        self.names = AppNames(apps)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)

        self.card = Card()
        card = QVBoxLayout(self.card)
        card.setContentsMargins(18, 16, 18, 16)
        top = QHBoxLayout()
        self.badge = Badge(40)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        heads = QVBoxLayout()
        self.locus = QLabel()
        self.headline = title_label("")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heads.addWidget(self.locus)
        heads.addWidget(self.headline)
        top.addLayout(heads, 1)
        card.addLayout(top)
        self.path = PathPicture()
        card.addWidget(self.path)
        self.explanation = wrapping_label()
        card.addWidget(self.explanation)
        self.actions_title = QLabel()
        bold = QFont(self.actions_title.font())
        bold.setBold(True)
        self.actions_title.setFont(bold)
        card.addWidget(self.actions_title)
        self.action_list = wrapping_label()
        self.action_list.setTextFormat(Qt.TextFormat.RichText)
        card.addWidget(self.action_list)
        self.confidence = QLabel()
        card.addWidget(self.confidence)
        layout.addWidget(self.card)
        self.followups = FollowUpBox()
        self.followups.answered.connect(self.followups_changed.emit)
        layout.addWidget(self.followups)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(2, 1)
        self.group_rows = {}
        for i, group in enumerate(GROUPS):
            # The line wraps: a part that failed and suffered says both, with its figures.
            badge, name, line = Badge(20), QLabel(), wrapping_label()
            at_top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(badge, i, 0, at_top)
            grid.addWidget(name, i, 1, at_top)
            grid.addWidget(line, i, 2, at_top)
            self.group_rows[group] = (badge, name, line)
        layout.addLayout(grid)

        self.chart_title = QLabel()
        self.chart_title.setFont(bold)
        layout.addWidget(self.chart_title)
        self.chart = QualityChart()
        layout.addWidget(self.chart)
        # Below what was measured: the message is what to do next, once the page is read.
        self.family = FamilyBox()
        layout.addWidget(self.family)

        self.details_button = QPushButton()
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.details_button)
        self.details_model = MeasurementsModel(self.names, self)
        self.details = QTableView()
        self.details.setModel(self.details_model)
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.details.verticalHeader().setVisible(False)
        header = self.details.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 150, 200, 100, 70)):
            self.details.setColumnWidth(column, width)
        self.details.setMinimumHeight(320)
        self.details.setVisible(False)
        layout.addWidget(self.details)
        layout.addStretch(1)

        sharing = QHBoxLayout()
        sharing.setContentsMargins(24, 0, 24, 0)
        self.redact_box = QCheckBox()
        self.redact_box.setChecked(True)
        self.redact_box.toggled.connect(self._redact_toggled)
        self.also_box = QCheckBox()
        sharing.addWidget(self.redact_box)
        sharing.addWidget(self.also_box)
        sharing.addStretch(1)
        outer.addLayout(sharing)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 6, 24, 14)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save.emit)
        self.copy_button = QPushButton()
        self.copy_menu = QMenu(self)
        self.copy_markdown = self.copy_menu.addAction("")
        self.copy_markdown.triggered.connect(lambda: self.copy.emit("markdown"))
        self.copy_text = self.copy_menu.addAction("")
        self.copy_text.triggered.connect(lambda: self.copy.emit("text"))
        self.copy_button.setMenu(self.copy_menu)
        self.new_button = QPushButton()
        self.again_button = QPushButton()
        self.again_button.setDefault(True)
        self.again_button.clicked.connect(self.run_again.emit)
        self.new_button.clicked.connect(self.new_check.emit)
        for b in (self.save_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.again_button)
        outer.addLayout(buttons)
        self.report: dict[str, Any] | None = None
        self.verdict: dict[str, Any] | None = None
        self._details_for: dict[str, Any] | None = None
        self.retranslate()

    def show_report(self, report: dict[str, Any], verdict: dict[str, Any], focus: bool = True) -> None:
        """Show a report's verdict; ``focus``: on "Run again" (not when the user is answering
        the questions below the verdict, whose keyboard focus must stay put). A verdict saved
        before verdicts carried their parts is judged again, so the picture and the rows below
        are the judgement of the verdict they sit under (analysis is pure)."""
        if "parts" not in verdict:
            from callpath.core.api import explain_report  # only for reports of older versions

            verdict = explain_report(report, language())
        self.report, self.verdict = report, verdict
        self._fill()
        if focus:
            self.again_button.setFocus()

    def _fill(self) -> None:
        if self.report is None or self.verdict is None:
            return
        v, report = self.verdict, self.report
        service = str(report["context"].get("service", ""))
        # Named here, once a report shows, not at start: laying out the Chinese words makes Qt
        # load a CJK font, which costs an English-speaking user's first window ~10 % of its start.
        self.also_box.setText(_("Also in Chinese (简体中文)") if language() == "en" else _("Also in English"))
        colour, symbol = LOCUS_STYLE.get(v["locus"], LOCUS_STYLE["unknown"])
        self.card.set_colour(colour)
        self.badge.set_style(colour, symbol)
        self.locus.setText(_(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"])))
        self.headline.setText(v["headline"])
        self.path.set_states(picture.states(v), self.names.checked(service))
        self.explanation.setText(v["explanation"])
        self.action_list.setText("<ol style='margin-left:-20px'>" + "".join(
            f"<li style='margin-bottom:4px'>{html.escape(a)}</li>" for a in v["actions"]) + "</ol>")
        self.confidence.setText(_(SURE_TEXTS.get(v["confidence"], SURE_TEXTS["low"])))
        symptom = str(report["context"].get("symptom", ""))
        self.followups.setVisible(phonerules.asked(symptom, v["cause"]))
        # Shown or not, the page may be hidden (a report opened from the history before its page
        # shows): the replies and the app's name go in all the same.
        if self.followups.isVisibleTo(self):
            self.followups.set_replies(report["context"].get("followups") or {}, self.names.checked(service))
        # For the verdict shown (an older report's judged again), not the one it was saved with.
        self.family.setVisible(self.family.show_for({**report, "verdict": v}))
        self.card.setAccessibleName(v["headline"])
        self.card.setAccessibleDescription(v["explanation"])
        rows = []
        for group, (badge, name, line) in self.group_rows.items():
            state, text = group_summary(v, group)
            badge.set_style(PART_COLOURS.get(state, PART_COLOURS["unknown"]), PART_MARKS.get(state, "?"))
            badge.setAccessibleName(_(STATE_WORDS.get(state, STATE_WORDS["unknown"])))
            name.setText(self.names.group_title(group, service))
            line.setText(text)
            voice = group_voice(v.get("parts") or {}, group)
            if group != "local" and voice is not None:
                # The analysis' figures for the part, as its line quotes them; parts with no
                # voice sample are left out (an empty bar saying "not measured" puzzles).
                rows.append((self.names.group_title(group, service), voice))
        self.chart.set_rows(rows)
        self.chart.setVisible(bool(rows))
        self.chart_title.setVisible(bool(rows))
        if self._details_for is not report:
            self._details_for = report
            self.details_model.set_report(report)

    def also(self) -> str | None:
        """The second language to add to a shared report, if the user asked for one."""
        if not self.also_box.isChecked():
            return None
        return "zh_CN" if language() == "en" else "en"

    def _redact_toggled(self, on: bool) -> None:
        if on:
            return
        answer = QMessageBox.warning(
            self, _("Keep personal data?"),
            _("Without removal, the report shows your addresses (including your public internet "
              "address), your computer's name and your user name to everyone who reads it. "
              "Keep them in the report?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            self.redact_box.setChecked(True)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.retranslate()

    def retranslate(self) -> None:
        self.actions_title.setText(_("What to do"))
        self.chart_title.setText(_("Round trip and loss"))
        self.details_button.setText(_("Hide details") if self.details_button.isChecked()
                                    else _("Show details"))
        self.details_model.retranslate()
        self.save_button.setText(_("Save report…"))
        self.save_button.setToolTip(_("Save the report as a forum post, a web page, text, JSON or "
                                      "a picture"))
        self.copy_button.setText(_("Copy report"))
        self.copy_markdown.setText(_("Copy as a forum post (Markdown)"))
        self.copy_text.setText(_("Copy as plain text"))
        self.redact_box.setText(_("Remove personal data (addresses, computer and user names)"))
        self.new_button.setText(_("New check"))
        self.again_button.setText(_("Run again"))
        self.followups.retranslate()
        self.family.retranslate()
        self._fill()
