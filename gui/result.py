"""The third page: the verdict card, each group's status, the quality chart, the details, and
the ways to share the report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from callpath.core.api import (
    GROUPS,
    LOCUS_TEXTS,
    App,
    Report,
    Verdict,
    chosen_from_json,
    group_line,
    group_voice,
    path_states,
    phone_questions_asked,
    said_verdict,
    translator,
)
from callpath.gui.choiceview import ChoiceBox
from callpath.gui.i18n import _, language
from callpath.gui.labels import AppNames, group_title, title_label, wrapping_label
from callpath.gui.models import TECHNICAL_COLUMN, MeasurementsModel
from callpath.gui.pathview import COLOURS as PART_COLOURS
from callpath.gui.pathview import MARKS as PART_MARKS
from callpath.gui.pathview import STATE_WORDS, PathPicture
from callpath.gui.phoneleg import FamilyBox, FollowUpBox
from callpath.gui.qt import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
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
from callpath.gui.widgets import LOCUS_STYLE, SURE_TEXTS, Badge, Card, QualityChart


def local_time(started_at: str) -> str:
    """A report's start (UTC, as recorded) in this computer's time, to the minute; as recorded
    if it cannot be read."""
    try:
        when = datetime.datetime.fromisoformat(started_at.replace("Z", "+00:00"))
    except ValueError:
        return started_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def group_summary(verdict: Verdict, group: str) -> tuple[str, str]:
    """(state, one line) for a group as the verdict judged it (summary.group_line): the state is
    the picture's for the group's part(s), so a row never ticks a part the verdict blames."""
    state, line = group_line(verdict.get("parts") or {}, group, translator(language()))
    return state, line[:1].upper() + line[1:]  # a row's line starts a sentence


class ActionList(QWidget):
    """The verdict's steps, numbered, each its own wrapping label. One rich-text label with a
    list asked for less height than its steps took in some fonts, and the last step slid under
    the line below it; plain labels are measured exactly."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[tuple[QLabel, QLabel]] = []

    def set_actions(self, actions: list[str]) -> None:
        while len(self.rows) < len(actions):
            number, text = QLabel(), wrapping_label()
            self.grid.addWidget(number, len(self.rows), 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(text, len(self.rows), 1)
            self.rows.append((number, text))
        for i, (number, text) in enumerate(self.rows):
            shown = i < len(actions)
            number.setVisible(shown)
            text.setVisible(shown)
            number.setText(f"{i + 1}." if shown else "")
            text.setText(actions[i] if shown else "")
        self.setVisible(bool(actions))

    def texts(self) -> list[str]:
        """The steps shown, in order."""
        return [text.text() for _number, text in self.rows if text.isVisibleTo(self)]


class DetailsWindow(QDialog):
    """Every measurement of the report shown, one row each, in a window as large as the main
    one: the columns as wide as their headers and texts, a name too long for its column cut in
    the middle and shown whole on hover, the technical column last."""

    def __init__(self, model: MeasurementsModel, parent=None):
        super().__init__(parent)
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a server's name keeps both ends
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.retranslate()

    def fit_columns(self) -> None:
        """Each column as wide as its header and its texts (the target at most a third of the
        window, the rest of the name on hover); the technical column takes what is left."""
        header = self.table.horizontalHeader()
        for column in range(TECHNICAL_COLUMN):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeHint(column)) + 12)
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), max(160, self.width() // 3)))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Details: every check"))
        if self.isVisible():
            self.fit_columns()


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

        # Above the verdict of a run opened from the history: when it ran, so it is not taken
        # for what the network does now.
        self.history_note = wrapping_label()
        bold_note = QFont(self.history_note.font())
        bold_note.setBold(True)
        self.history_note.setFont(bold_note)
        self.history_note.hide()
        layout.addWidget(self.history_note)
        # An all-apps check: which app to call on, above the verdict of the app it leads to.
        self.choice = ChoiceBox()
        self.choice.hide()
        layout.addWidget(self.choice)

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
        self.action_list = ActionList()
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

        # The details open in a window of their own: a table of a hundred rows squeezed below
        # the verdict, inside the page's own scrolling, showed four rows and cut every column.
        self.details_button = QPushButton()
        self.details_button.clicked.connect(self.show_details)
        self.details_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.details_button)
        self.details_model = MeasurementsModel(self)
        self.details_window = DetailsWindow(self.details_model, self)
        self.details = self.details_window.table
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
        self.report: Report | None = None
        self.verdict: Verdict | None = None
        self.from_history = False
        self._details_for: Report | None = None
        self.retranslate()

    def show_report(self, report: Report, verdict: Verdict, focus: bool = True,
                    from_history: bool | None = None) -> None:
        """Show a report's verdict; ``focus``: on "Run again" (not when the user is answering
        the questions below the verdict, whose keyboard focus must stay put); ``from_history``:
        a past run opened from the history (None: as the report shown before). A verdict saved
        before verdicts carried their parts is judged again, so the picture and the rows below
        are the judgement of the verdict they sit under (analysis is pure)."""
        if "parts" not in verdict:
            from callpath.core.api import explain_report  # only for reports of older versions

            verdict = explain_report(report, language())
        if from_history is not None:
            self.from_history = from_history
        self.report, self.verdict = report, verdict
        self._fill()
        if focus:
            self.again_button.setFocus()

    def _fill(self) -> None:
        if self.report is None or self.verdict is None:
            return
        v, report = self.verdict, self.report
        # The app as the verdict carries it; for one saved before verdicts carried it, as the
        # window's catalog resolves the report's app.
        app = chosen_from_json(v.get("app")) or self.names.resolve(str(report["context"].get("service", "")))
        # Named here, once a report shows, not at start: laying out the Chinese words makes Qt
        # load a CJK font, which costs an English-speaking user's first window ~10 % of its start.
        self.also_box.setText(_("Also in Chinese (简体中文)") if language() == "en" else _("Also in English"))
        self.history_note.setVisible(self.from_history)
        if self.from_history:
            self.history_note.setText(_("From your history: the check of {date}").format(
                date=local_time(str(report["context"].get("started_at", "")))))
        colour, symbol = LOCUS_STYLE.get(v["locus"], LOCUS_STYLE["unknown"])
        self.card.set_colour(colour)
        self.badge.set_style(colour, symbol)
        where = _(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"]))
        if self.choice.show_verdict(v):  # the card is then one app's verdict: named
            where = _("Verdict for {app}: {where}").format(app=app.checked.name(language()), where=where)
        self.locus.setText(where)
        # A run from the history is redacted: its placeholders ("[your network interface]" in
        # a VPN's note) said in the app's language.
        said = said_verdict(v, translator(language()))
        self.headline.setText(said["headline"])
        self.path.set_states(path_states(v), app.checked.name(language()))
        self.explanation.setText(said["explanation"])
        self.action_list.set_actions(said["actions"])
        self.confidence.setText(_(SURE_TEXTS.get(v["confidence"], SURE_TEXTS["low"])))
        symptom = str(report["context"].get("symptom", ""))
        self.followups.setVisible(phone_questions_asked(symptom, v["cause"]))
        # Shown or not, the page may be hidden (a report opened from the history before its page
        # shows): the replies and the app's name go in all the same.
        if self.followups.isVisibleTo(self):
            self.followups.set_replies(report["context"].get("followups") or {}, app.checked.name(language()))
        # For the verdict shown (an older report's judged again), not the one it was saved with.
        self.family.setVisible(self.family.show_for({**report, "verdict": v}))
        self.card.setAccessibleName(said["headline"])
        self.card.setAccessibleDescription(said["explanation"])
        rows = []
        for group, (badge, name, line) in self.group_rows.items():
            state, text = group_summary(v, group)
            badge.set_style(PART_COLOURS.get(state, PART_COLOURS["unknown"]), PART_MARKS.get(state, "?"))
            badge.setAccessibleName(_(STATE_WORDS.get(state, STATE_WORDS["unknown"])))
            name.setText(group_title(group, app))
            line.setText(text)
            voice = group_voice(v.get("parts") or {}, group)
            if group != "local" and voice is not None:
                # The analysis' figures for the part, as its line quotes them; parts with no
                # voice sample are left out (an empty bar saying "not measured" puzzles).
                rows.append((group_title(group, app), voice))
        self.chart.set_rows(rows)
        self.chart.setVisible(bool(rows))
        self.chart_title.setVisible(bool(rows))
        if self._details_for is not report:
            self._details_for = report
            self.details_model.set_report(report, app)

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

    def show_details(self) -> None:
        """Every measurement in a window of its own, beside the verdict (not modal)."""
        window = self.window()
        self.details_window.resize(max(1000, window.width() + 240), max(560, window.height()))
        self.details_window.show()
        self.details_window.fit_columns()
        self.details_window.raise_()
        self.details_window.activateWindow()

    def retranslate(self) -> None:
        self.actions_title.setText(_("What to do"))
        self.chart_title.setText(_("Round trip and loss"))
        self.details_button.setText(_("Show details…"))
        self.details_model.retranslate()
        self.details_window.retranslate()
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
