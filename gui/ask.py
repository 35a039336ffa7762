"""The first page: what goes wrong, where the user is, which calling app (the catalog's)."""

from __future__ import annotations

from collections.abc import Iterable

from callpath.core.api import (
    ALL_APPS,
    ALL_APPS_NAME,
    BUSY_LINE_EXPECTED_S,
    BUSY_LINE_MB,
    SYMPTOM_TEXTS,
    Answers,
    App,
    resolve_among,
)
from callpath.gui.i18n import _, language
from callpath.gui.labels import title_label, wrapping_label
from callpath.gui.qt import (
    QButtonGroup,
    QCheckBox,
    QFont,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

# The complaints a line that chokes when busy explains: the sound, and calls that drop.
BUSY_LINE_COMPLAINTS = ("quality", "app_calls")


class AskPage(QWidget):
    """What goes wrong, where the user is, which app; inside mainland China, whether to check
    for censorship. Signals: start(Answers), sensitive_changed(bool)."""

    start = Signal(object)
    sensitive_changed = Signal(bool)

    def __init__(self, apps: Iterable[App], parent=None):
        super().__init__(parent)
        self.apps = {a.id: a for a in apps}
        self.default_app = resolve_among(self.apps.values()).id  # the catalog's default
        # Every app that can carry the complaint, judged in one check: the choice until the
        # user picks one (a family rarely has one way to call).
        self.all_apps = any(not a.retired for a in self.apps.values())
        # The guess from the system's time zone arrives once the window shows (location_guess):
        # looking the zone up costs the first paint ~15 ms.
        self.location_guess: str | None = None
        self.zone = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.heading = title_label("")
        self.intro = wrapping_label()
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
        # The busy-line test, offered for the complaints a busy line explains (the sound, calls
        # that drop) and never ticked for the user: it sends data to a third party, which
        # publishes it (said beside it). Not from inside China, where its load servers are
        # across the border.
        self.busy_box = QCheckBox()
        self.busy_note = wrapping_label()
        self.busy_note.setIndent(20)
        box.addSpacing(8)  # apart from the complaints: an option, not one more answer
        box.addWidget(self.busy_box)
        box.addWidget(self.busy_note)
        for button in self.symptom_buttons.values():
            button.toggled.connect(lambda _on: self._fit_busy_line())
        layout.addWidget(self.symptom_box)

        row = QHBoxLayout()
        self.location_box = QGroupBox()
        self.locations = QButtonGroup(self)
        box = QVBoxLayout(self.location_box)
        self.location_buttons = {k: QRadioButton() for k in ("abroad", "china")}
        for button in self.location_buttons.values():
            self.locations.addButton(button)
            box.addWidget(button)
        # A hint, not a question: in the normal colour (a greyed-out one was too pale for older
        # eyes), in italics in English only (Chinese has none: Qt would slant the characters).
        self.location_note = wrapping_label()
        self.location_note.hide()
        box.addWidget(self.location_note)
        # Asked once we know the user is inside China, where asking for blocked names can be
        # seen by whoever watches the network (also in Settings, and on the first-run page).
        self.censorship_box = QCheckBox()
        self.censorship_box.setChecked(True)
        self.censorship_box.toggled.connect(self.sensitive_changed.emit)
        self.censorship_note = wrapping_label()
        self.censorship_note.setIndent(20)
        box.addWidget(self.censorship_box)
        box.addWidget(self.censorship_note)
        self.locations.buttonClicked.connect(self._location_chosen)
        for button in self.location_buttons.values():
            button.toggled.connect(lambda _on: self._fit_censorship())
            button.toggled.connect(lambda _on: self._fit_busy_line())
        row.addWidget(self.location_box, 3)

        self.app_box = QGroupBox()
        self.app_group = QButtonGroup(self)
        box = QVBoxLayout(self.app_box)
        # All of them, then the catalog's apps, the default first; a closed one last.
        order = sorted(self.apps.values(), key=lambda a: (not a.default, bool(a.retired)))
        self.app_buttons = {**({ALL_APPS: QRadioButton()} if self.all_apps else {}),
                            **{a.id: QRadioButton() for a in order}}
        for button in self.app_buttons.values():
            self.app_group.addButton(button)
            box.addWidget(button)
        self.app_group.buttonClicked.connect(lambda _b: self._fit_symptoms())
        box.addStretch(1)
        row.addWidget(self.app_box, 2)
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

        self.set_answers(Answers("check", "abroad", self.first_choice), guessed=True)
        self.retranslate()
        self._fit_censorship()
        self._fit_busy_line()

    def set_answers(self, answers: Answers, guessed: bool = False) -> None:
        """Show these answers; ``guessed``: defaults, which the location guess may change."""
        self.symptom_buttons.get(answers.symptom, self.symptom_buttons["check"]).setChecked(True)
        self.location_buttons.get(answers.location, self.location_buttons["abroad"]).setChecked(True)
        self.app_buttons.get(answers.app, self.app_buttons[self.first_choice]).setChecked(True)
        self._fit_symptoms()
        self._guessed = guessed
        self._show_guess()

    def guess_location(self) -> None:
        """Pre-select where the user probably is, from the system's time zone and language,
        unless the answers are remembered ones or the user has chosen already."""
        from callpath.core.api import location_guess  # tzlocal: after paint

        self.show_guess(*location_guess())

    def show_guess(self, guess: str, zone: str) -> None:
        """Where the user probably is (``guess``, from the time zone ``zone`` or the language),
        shown unless the answers are remembered ones or the user has chosen already."""
        self.location_guess, self.zone = guess, zone
        self._show_guess()

    def _show_guess(self) -> None:
        guess = self.location_guess
        shown = self._guessed and guess is not None
        if shown and guess is not None:
            self.location_buttons[guess].setChecked(True)
        self.location_note.setVisible(shown)
        self._note_text()

    def _fit_censorship(self) -> None:
        inside = self.location_buttons["china"].isChecked()
        self.censorship_box.setVisible(inside)
        self.censorship_note.setVisible(inside)

    def _fit_busy_line(self) -> None:
        offered = self._symptom() in BUSY_LINE_COMPLAINTS and not self.location_buttons["china"].isChecked()
        self.busy_box.setVisible(offered)
        self.busy_note.setVisible(offered)

    def busy_line_asked(self) -> bool:
        """Whether the user asked for the busy-line test, where it is offered."""
        return self.busy_box.isChecked() and not self.busy_box.isHidden()

    def set_sensitive(self, on: bool) -> None:
        """Show the censorship checks' setting (kept by the window) without signalling back."""
        self.censorship_box.blockSignals(True)
        self.censorship_box.setChecked(on)
        self.censorship_box.blockSignals(False)

    @property
    def first_choice(self) -> str:
        """The app chosen until the user picks one: all of them, where the catalog has any."""
        return ALL_APPS if self.all_apps else self.default_app

    def _fit_symptoms(self) -> None:
        """Only the complaints the chosen app can have (WeChat does not call phone numbers);
        for all the apps, those any of them can have."""
        chosen = self._app()
        apps = [a for a in self.apps.values() if not a.retired] if chosen == ALL_APPS else \
            [self.apps[chosen]] if chosen in self.apps else []
        for key, button in self.symptom_buttons.items():
            button.setEnabled(not apps or any(key in a.symptoms for a in apps))
        if not self.symptom_buttons[self._symptom()].isEnabled():
            self.symptom_buttons["check"].setChecked(True)

    def _app(self) -> str:
        return next((k for k, b in self.app_buttons.items() if b.isChecked()), self.first_choice)

    def _symptom(self) -> str:
        return next((k for k, b in self.symptom_buttons.items() if b.isChecked()), "check")

    def _location_chosen(self, _button) -> None:
        self._guessed = False
        self.location_note.hide()

    def answers(self) -> Answers:
        location = next(k for k, b in self.location_buttons.items() if b.isChecked())
        return Answers(self._symptom(), location, self._app())

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
        self.busy_box.setText(_("Also test my line while it is busy (about {seconds} seconds more; "
                                "uses up to {mb} MB of data)").format(seconds=round(BUSY_LINE_EXPECTED_S),
                                                                      mb=BUSY_LINE_MB))
        self.busy_note.setText(_("Calls often break up only when the line is busy. This test fills "
                                 "your line for a few seconds with data sent to and from M-Lab "
                                 "(Measurement Lab), a research platform that publishes every "
                                 "test, your IP address included. It is not run on a connection "
                                 "marked as metered."))
        self.censorship_box.setText(_("Also check for censorship (forged name answers, connections "
                                      "cut by name)"))
        self.censorship_note.setText(_("These checks ask for names blocked in China; whoever watches "
                                       "your network could see that. Turn them off if that could put "
                                       "you at risk."))
        self._note_text()
        self.app_box.setTitle(_("Which app do you call with?"))
        lang = language()
        for key, button in self.app_buttons.items():
            if key == ALL_APPS:
                text = _(ALL_APPS_NAME)
            else:
                app = self.apps[key]
                text = app.name(lang)
                if app.retired:
                    text = _("{app} (closed in {year})").format(app=text, year=app.retired[:4])
            button.setText(text)
            button.setAccessibleName(text)
        self.start_button.setText(_("Start the check"))
        self.start_button.setAccessibleName(_("Start the check"))

    def _note_text(self) -> None:
        if self.location_guess is None:
            return
        place = (_("inside mainland China") if self.location_guess == "china"
                 else _("outside mainland China"))
        # In plain words: the zone's name ("Etc/UTC") means nothing to most readers.
        said = (_("Chosen from this computer's clock settings: you seem to be {place}. Change it "
                  "if that is wrong.") if self.zone else
                _("Chosen from this computer's language: you seem to be {place}. Change it if that "
                  "is wrong."))
        self.location_note.setText(said.format(place=place))
        self.location_note.setToolTip(self.zone)  # the zone's name, for whoever helps
        hint_font = QFont(self.location_note.font())
        hint_font.setItalic(language() == "en")
        self.location_note.setFont(hint_font)


