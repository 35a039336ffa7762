"""The wizard's three pages: Ask, Run, Result. Each page shows; the window decides what next.

Every visible text is set in ``retranslate()``, so a language switch applies at once.
"""

from __future__ import annotations

import html
from typing import Any

from callpath.core.answers import Answers
from callpath.core.explain import LOCUS_TEXTS, SERVICE_NAMES, SYMPTOM_TEXTS, label
from callpath.core.quality import GOOD_MOS
from callpath.core.report import figure, group_figures, group_outcome, group_samples, group_voice_trouble

from .i18n import N_, _, language
from .qt import (QAbstractItemView, QAbstractTableModel, QButtonGroup, QCheckBox, QElapsedTimer,
                 QFont, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu,
                 QMessageBox, QModelIndex,
                 QProgressBar, QPushButton, QRadioButton, QScrollArea, QSizePolicy, Qt, QTableView,
                 QTimer, QVBoxLayout, QWidget, Signal)
from .widgets import LOCUS_STYLE, STATUS_STYLE, Badge, Card, QualityChart

GROUPS = ("local", "world", "service", "china")

GROUP_NAMED = set(GROUPS)
STATUS_TEXTS = {
    "waiting": N_("Waiting"),
    "running": N_("Checking…"),
    "ok": N_("OK"),
    "problem": N_("Something failed"),
    "skipped": N_("Not checked"),
}
def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def group_title(group: str, service: str) -> str:
    if group == "service":  # the app's own name: Skype or Teams
        return SERVICE_NAMES.get(service, service)
    return label(f"group/{group}", language())


# --- Ask ------------------------------------------------------------------------------------------------

class AskPage(QWidget):
    """What goes wrong, where the user is, which app. Signals: start(Answers)."""

    start = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        # The guess from the system's time zone arrives once the window shows (guess_location):
        # looking the zone up costs the first paint ~15 ms.
        self.location_guess: str | None = None
        self.zone = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.heading = _title("")
        self.intro = _wrapping()
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)

        self.symptom_box = QGroupBox()
        self.symptoms = QButtonGroup(self)
        box = QVBoxLayout(self.symptom_box)
        self.symptom_buttons: dict[str, QRadioButton] = {}
        for key in SYMPTOM_TEXTS:
            button = QRadioButton()
            self.symptoms.addButton(button)
            self.symptom_buttons[key] = button
            box.addWidget(button)
        layout.addWidget(self.symptom_box)

        row = QHBoxLayout()
        self.location_box = QGroupBox()
        self.locations = QButtonGroup(self)
        box = QVBoxLayout(self.location_box)
        self.location_buttons = {k: QRadioButton() for k in ("abroad", "china")}
        for button in self.location_buttons.values():
            self.locations.addButton(button)
            box.addWidget(button)
        self.location_note = _wrapping()
        self.location_note.setEnabled(False)  # a quieter colour: a hint, not a question
        self.location_note.hide()
        box.addWidget(self.location_note)
        self.locations.buttonClicked.connect(self._location_chosen)
        row.addWidget(self.location_box, 3)

        self.service_box = QGroupBox()
        self.services = QButtonGroup(self)
        box = QVBoxLayout(self.service_box)
        self.service_buttons = {k: QRadioButton(SERVICE_NAMES[k]) for k in ("skype", "teams")}
        for button in self.service_buttons.values():
            self.services.addButton(button)
            box.addWidget(button)
        box.addStretch(1)
        row.addWidget(self.service_box, 2)
        layout.addLayout(row)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self._start)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)

        self.set_answers(Answers("check", "abroad", "skype"), guessed=True)
        self.retranslate()

    def set_answers(self, answers: Answers, guessed: bool = False) -> None:
        """Show these answers; ``guessed``: defaults, which the location guess may change."""
        self.symptom_buttons.get(answers.symptom, self.symptom_buttons["check"]).setChecked(True)
        self.location_buttons.get(answers.location, self.location_buttons["abroad"]).setChecked(True)
        self.service_buttons.get(answers.service, self.service_buttons["skype"]).setChecked(True)
        self._guessed = guessed
        self._show_guess()

    def guess_location(self) -> None:
        """Pre-select where the user probably is, from the system's time zone and language,
        unless the answers are remembered ones or the user has chosen already."""
        from callpath.core.locale_hint import guess_location, system_zone  # tzlocal: after paint

        self.location_guess, _reason = guess_location()
        self.zone = system_zone()
        self._show_guess()

    def _show_guess(self) -> None:
        shown = self._guessed and self.location_guess is not None
        if shown:
            self.location_buttons[self.location_guess].setChecked(True)
        self.location_note.setVisible(shown)
        self._note_text()

    def _location_chosen(self, _button) -> None:
        self._guessed = False
        self.location_note.hide()

    def answers(self) -> Answers:
        symptom = next(k for k, b in self.symptom_buttons.items() if b.isChecked())
        location = next(k for k, b in self.location_buttons.items() if b.isChecked())
        service = next(k for k, b in self.service_buttons.items() if b.isChecked())
        return Answers(symptom, location, service)

    def _start(self) -> None:
        self.start.emit(self.answers())

    def retranslate(self) -> None:
        self.heading.setText(_("What goes wrong?"))
        self.intro.setText(_("CallPath checks your connection to your calling app, to the rest of "
                             "the internet and to China, and tells you where the trouble is. It "
                             "takes about ten seconds."))
        self.symptom_box.setTitle(_("What happens"))
        for key, button in self.symptom_buttons.items():
            button.setText(_(SYMPTOM_TEXTS[key]))
            button.setAccessibleName(_(SYMPTOM_TEXTS[key]))
        self.location_box.setTitle(_("Where are you?"))
        self.location_buttons["abroad"].setText(_("Outside mainland China"))
        self.location_buttons["china"].setText(_("Inside mainland China"))
        self._note_text()
        self.service_box.setTitle(_("Which app do you call with?"))
        self.start_button.setText(_("Start the check"))
        self.start_button.setAccessibleName(_("Start the check"))

    def _note_text(self) -> None:
        if self.location_guess is None:
            return
        place = (_("inside mainland China") if self.location_guess == "china"
                 else _("outside mainland China"))
        reason = _("time zone {zone}").format(zone=self.zone) if self.zone else _("language")
        self.location_note.setText(_("Pre-selected: your computer's settings ({reason}) suggest you "
                                     "are {place}.").format(reason=reason, place=place))


# --- Run -------------------------------------------------------------------------------------------------

class GroupRow:
    """One group's live status on the Run page."""

    def __init__(self, grid: QGridLayout, row: int):
        self.badge = Badge(22)
        self.name = QLabel()
        self.status = QLabel()
        grid.addWidget(self.badge, row, 0)
        grid.addWidget(self.name, row, 1)
        grid.addWidget(self.status, row, 2)
        self.state = "waiting"
        self.planned = 0
        self.seen = 0
        self.failed = 0

    def set_state(self, state: str) -> None:
        self.state = state
        self.badge.set_style(*STATUS_STYLE[state])
        self.status.setText(_(STATUS_TEXTS[state]))
        self.status.setAccessibleName(_(STATUS_TEXTS[state]))


class RunPage(QWidget):
    """Live progress: each group's status, a progress bar, what is happening, elapsed time,
    and Cancel (also Escape). Signals: cancel()."""

    cancel = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        self.heading = _title("")
        layout.addWidget(self.heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.rows = {g: GroupRow(grid, i) for i, g in enumerate(GROUPS)}
        layout.addLayout(grid)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.now = QLabel()
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        self.elapsed = QLabel()
        layout.addWidget(self.elapsed)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel.emit)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.clock = QElapsedTimer()
        self.ticker = QTimer(self)
        self.ticker.setInterval(200)
        self.ticker.timeout.connect(self._tick)
        self.service = "skype"
        self._what = ""
        self.retranslate()

    def begin(self, planned: dict[str, int], service: str) -> None:
        self.service = service
        for group, row in self.rows.items():
            row.planned, row.seen, row.failed = planned.get(group, 0), 0, 0
            row.set_state("waiting" if row.planned else "skipped")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._what = ""
        self.clock.start()
        self.ticker.start()
        self.retranslate()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()

    def on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._what = what
        self._show_now()

    def on_measurement(self, group: str, outcome: str) -> None:
        row = self.rows.get(group)
        if row is None:
            return
        row.seen += 1
        if outcome not in ("ok", "skipped", "cancelled", "deadline"):
            row.failed += 1
        if row.seen >= row.planned:
            row.set_state("problem" if row.failed else "ok")
        else:
            row.set_state("running")

    def finish(self) -> None:
        self.ticker.stop()
        self.cancel_button.setEnabled(False)

    def _tick(self) -> None:
        self.elapsed.setText(_("Elapsed: {seconds} s").format(seconds=f"{self.clock.elapsed() / 1000:.0f}"))

    def _show_now(self) -> None:
        # 'what' is a catalog label: translated when the catalogues know it.
        self.now.setText(_("Just checked: {what}").format(what=_(self._what)) if self._what
                         else _("Starting…"))

    def retranslate(self) -> None:
        self.heading.setText(_("Checking your connection…"))
        for group, row in self.rows.items():
            row.name.setText(group_title(group, self.service))
            row.set_state(row.state)
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the check"))
        self._show_now()
        self._tick()


# --- Result ------------------------------------------------------------------------------------------------

def group_summary(report: dict[str, Any], group: str) -> tuple[str, str]:
    """(status key, one line) for a group of a finished report."""
    measured, failed = group_outcome(report, group)
    if not measured:
        return "skipped", _("Not checked")
    poor = [m["metrics"]["mos"] for m in group_samples(report, group)
            if isinstance(m["metrics"].get("mos"), (int, float)) and m["metrics"]["mos"] < GOOD_MOS]
    if not failed and poor:
        return "problem", _("Connected, but voice would sound poor (quality {mos} out of 5)").format(
            mos=f"{min(poor):.1f}")
    trouble = group_voice_trouble(report, group)
    if not failed and trouble:
        return "problem", _("Connected, but voice suffered: {rtt} ms round trip, {loss}% lost").format(
            rtt=f"{trouble['rtt_ms']:.0f}", loss=f"{trouble['loss_pct']:.0f}")
    if not failed:
        return "ok", _("All {n} checks passed").format(n=len(measured))
    return "problem", _("{failed} of {n} checks failed").format(failed=len(failed), n=len(measured))


def group_quality(report: dict[str, Any], group: str) -> tuple[float | None, float | None]:
    """(round trip in ms, loss in %) for a group: from its voice-like samples when there are
    any (they measure what a call would feel), else from TCP connect times."""
    figures = group_figures(report, group)
    if figures["rtt_ms"] is not None:
        return figures["rtt_ms"], figures["loss_pct"]
    ms = [m for m in report.get("measurements", []) if m.get("group") == group and m.get("ok")]
    connects = [m["metrics"]["connect_ms"] for m in ms if m.get("kind") == "tcp"
                and isinstance(m["metrics"].get("connect_ms"), (int, float))]
    import statistics  # here, not at the top: the first window has no use for it

    return (statistics.median(connects) if connects else None), None


class SimpleTableModel(QAbstractTableModel):
    """Rows of ready-made strings under translated headers; read-only."""

    def __init__(self, headers: list[str], rows: list[list[str]], parent=None, bold_rows=()):
        super().__init__(parent)
        self.headers, self.rows, self.bold_rows = headers, rows, set(bold_rows)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.FontRole and index.row() in self.bold_rows:
            font = QFont()
            font.setBold(True)
            return font
        return None


DETAIL_COLUMNS = (N_("Part"), N_("Check"), N_("Target"), N_("Result"), N_("Time (ms)"), N_("Figures"))


class MeasurementsModel(QAbstractTableModel):
    """Every measurement of a report, one row each, for the details table. Read-only; texts
    are made when shown, so a language switch only needs a repaint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.service = "skype"

    def set_report(self, report: dict[str, Any] | None) -> None:
        self.beginResetModel()
        self.rows = list((report or {}).get("measurements", []))
        self.service = (report or {}).get("context", {}).get("service", "skype")
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(DETAIL_COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(DETAIL_COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(DETAIL_COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return _(DETAIL_COLUMNS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        m = self.rows[index.row()]
        error = m.get("error") or {}
        column = index.column()
        if column == 0:
            return group_title(m["group"], self.service) if m.get("group") in GROUP_NAMED else ""
        if column == 1:
            return m.get("kind", "")
        if column == 2:
            return m.get("target", "")
        if column == 3:
            return _("ok") if m.get("ok") else error.get("code", "")
        if column == 4:
            return f"{m.get('duration_ms') or 0:.0f}"
        return figure(m) or error.get("detail", "")


class ResultPage(QWidget):
    """The verdict card, each group's status, the quality chart, and the details.
    Signals: run_again(), new_check(), save(), copy(str format)."""

    run_again = Signal()
    new_check = Signal()
    save = Signal()
    copy = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
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
        top.addWidget(self.badge, 0, Qt.AlignTop)
        heads = QVBoxLayout()
        self.locus = QLabel()
        self.headline = _title("")
        self.headline.setTextInteractionFlags(Qt.TextSelectableByMouse)
        heads.addWidget(self.locus)
        heads.addWidget(self.headline)
        top.addLayout(heads, 1)
        card.addLayout(top)
        self.explanation = _wrapping()
        card.addWidget(self.explanation)
        self.actions_title = QLabel()
        bold = QFont(self.actions_title.font())
        bold.setBold(True)
        self.actions_title.setFont(bold)
        card.addWidget(self.actions_title)
        self.actions = _wrapping()
        self.actions.setTextFormat(Qt.RichText)
        card.addWidget(self.actions)
        self.confidence = QLabel()
        card.addWidget(self.confidence)
        layout.addWidget(self.card)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(2, 1)
        self.group_rows = {}
        for i, group in enumerate(GROUPS):
            badge, name, line = Badge(20), QLabel(), QLabel()
            grid.addWidget(badge, i, 0)
            grid.addWidget(name, i, 1)
            grid.addWidget(line, i, 2)
            self.group_rows[group] = (badge, name, line)
        layout.addLayout(grid)

        self.chart_title = QLabel()
        self.chart_title.setFont(bold)
        layout.addWidget(self.chart_title)
        self.chart = QualityChart()
        layout.addWidget(self.chart)

        self.details_button = QPushButton()
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details_button.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        layout.addWidget(self.details_button)
        self.details_model = MeasurementsModel(self)
        self.details = QTableView()
        self.details.setModel(self.details_model)
        self.details.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.details.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.details.verticalHeader().setVisible(False)
        header = self.details.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 90, 230, 90, 70)):
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

    def show_report(self, report: dict[str, Any], verdict: dict[str, Any]) -> None:
        self.report, self.verdict = report, verdict
        self._fill()
        self.again_button.setFocus()

    def _fill(self) -> None:
        if self.report is None or self.verdict is None:
            return
        v, report = self.verdict, self.report
        service = report["context"].get("service", "skype")
        # Named here, once a report shows, not at start: laying out the Chinese words makes Qt
        # load a CJK font, which costs an English-speaking user's first window ~10 % of its start.
        self.also_box.setText(_("Also in Chinese (简体中文)") if language() == "en" else _("Also in English"))
        colour, symbol = LOCUS_STYLE.get(v["locus"], LOCUS_STYLE["unknown"])
        self.card.set_colour(colour)
        self.badge.set_style(colour, symbol)
        self.locus.setText(_(LOCUS_TEXTS.get(v["locus"], LOCUS_TEXTS["unknown"])))
        self.headline.setText(v["headline"])
        self.explanation.setText(v["explanation"])
        self.actions.setText("<ol style='margin-left:-20px'>" + "".join(
            f"<li style='margin-bottom:4px'>{html.escape(a)}</li>" for a in v["actions"]) + "</ol>")
        self.confidence.setText(_("How sure: {level}").format(level=_(v["confidence"])))
        self.card.setAccessibleName(v["headline"])
        self.card.setAccessibleDescription(v["explanation"])
        rows = []
        for group, (badge, name, line) in self.group_rows.items():
            state, text = group_summary(report, group)
            badge.set_style(*STATUS_STYLE[state])
            name.setText(group_title(group, service))
            line.setText(text)
            if group != "local":
                rtt, loss = group_quality(report, group)
                rows.append((group_title(group, service), rtt, loss))
        self.chart.set_rows(rows)
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
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
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
        self.copy_button.setText(_("Copy for forum"))
        self.copy_markdown.setText(_("Copy as a forum post (Markdown)"))
        self.copy_text.setText(_("Copy as plain text"))
        self.redact_box.setText(_("Remove personal data (addresses, computer and user names)"))
        self.new_button.setText(_("New check"))
        self.again_button.setText(_("Run again"))
        self._fill()
