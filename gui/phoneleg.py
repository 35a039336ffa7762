"""The result page's two boxes about the far end: the questions about the call — what the
caller heard, asked apart from what the relative's phone showed (their answers judge the
verdict again, core/analysis/phonerules.py) — and the message for the family in China (always
Simplified Chinese, sent by WeChat, core/words/family.py), with its greeting and a Copy button."""

from __future__ import annotations

from callpath.core.api import (
    FAMILY_DEFAULT_GREETING,
    FAMILY_GREETING_MAX,
    PHONE_QUESTIONS,
    PHONE_REPLIES,
    PHONE_REPLY_TEXTS,
    Report,
    family_message,
    family_message_kind,
)
from callpath.gui.i18n import N_, _
from callpath.gui.labels import wrapping_label
from callpath.gui.qt import (
    QApplication,
    QButtonGroup,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    Signal,
)

# What the message says, by the kind of message (core/words/family.py).
INTROS = {
    "phone": N_("Send this to them on WeChat before you call, in Chinese: it tells them how to "
                "check that a call from abroad is really you, what a call from the police's "
                "anti-fraud line (96110) after it means, and what to check on their line and phone."),
    "app": N_("Send this to them on WeChat, in Chinese: it says what to try on their side when a "
              "call does not connect or breaks up, and how to check that a call is really you."),
    "blocked": N_("Send this to them on WeChat, in Chinese: it says why this app cannot reach them "
                  "in China, what to use instead, and how to check that a call is really you."),
}
# The sections of the questions: what the caller heard, what the relative saw.
SIDES = {"caller": N_("What you heard when you called"),
         "called": N_("What their phone showed (ask them on WeChat)")}


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class _Box(QFrame):
    """A framed box with a bold title and a paragraph under it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box_layout = QVBoxLayout(self)
        self.title = _bold(QLabel())
        self.intro = wrapping_label()
        self.box_layout.addWidget(self.title)
        self.box_layout.addWidget(self.intro)


class FollowUpBox(_Box):
    """The questions about the call in two sections, what the caller heard (one choice among
    several, listed under the question) and what their phone showed (Yes / No / Not sure).
    Signal: answered(dict) — every reply given so far, after each click."""

    answered = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = self.box_layout
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        self.questions: dict[str, tuple[QLabel, QButtonGroup, dict[str, QRadioButton]]] = {}
        self.sides: dict[str, QLabel] = {}
        columns = len(PHONE_REPLIES) + 1
        row = 0
        for q in PHONE_QUESTIONS:
            if q.side not in self.sides:
                self.sides[q.side] = _bold(QLabel())
                grid.addWidget(self.sides[q.side], row, 0, 1, columns)
                row += 1
            text = wrapping_label()
            group = QButtonGroup(self)
            buttons = {}
            several = q.replies != PHONE_REPLIES
            grid.addWidget(text, row, 0, 1, columns if several else 1)
            for column, reply in enumerate(q.replies, 1):
                button = QRadioButton()
                group.addButton(button)
                buttons[reply] = button
                if several:  # one choice among several: each on its own line, under the question
                    row += 1
                    grid.addWidget(button, row, 0, 1, columns)
                else:
                    grid.addWidget(button, row, column)
            row += 1
            group.buttonClicked.connect(lambda _b: self.answered.emit(self.replies()))
            self.questions[q.id] = (text, group, buttons)
        layout.addLayout(grid)
        self.app_name = ""  # as the questions name the app
        self.retranslate()

    def replies(self) -> dict[str, str]:
        return {qid: reply for qid, (_t, _g, buttons) in self.questions.items()
                for reply, button in buttons.items() if button.isChecked()}

    def set_replies(self, replies: dict[str, str], app_name: str) -> None:
        """Show a report's replies (clearing the others) without judging again."""
        self.app_name = app_name
        for qid, (_t, group, buttons) in self.questions.items():
            group.setExclusive(False)  # an exclusive group cannot be left with nothing checked
            for reply, button in buttons.items():
                button.setChecked(replies.get(qid) == reply)
            group.setExclusive(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("A few questions about the call"))
        self.intro.setText(_("Your side works. What you heard when you called, and what their "
                             "phone showed, tell where the call stops. Answer what you know: the "
                             "verdict above changes with it."))
        for side, label in self.sides.items():
            label.setText(_(SIDES[side]))
        texts = {q.id: q.text for q in PHONE_QUESTIONS}
        for qid, (label, _g, buttons) in self.questions.items():
            label.setText(_(texts[qid]).format(service=self.app_name))
            for reply, button in buttons.items():
                button.setText(_(PHONE_REPLY_TEXTS[reply]))
                button.setAccessibleName(f"{label.text()} {button.text()}")


class FamilyBox(_Box):
    """The message for the family: the greeting (remembered by the window), the message as it
    will be sent, and a Copy button. Signal: greeting_changed(str)."""

    greeting_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = self.box_layout
        row = QHBoxLayout()
        self.greeting_label = QLabel()
        self.greeting = QLineEdit()
        self.greeting.setMaxLength(FAMILY_GREETING_MAX)
        self.greeting.setPlaceholderText(FAMILY_DEFAULT_GREETING)
        self.greeting_label.setBuddy(self.greeting)
        self.greeting.textChanged.connect(self._greeting_edited)
        row.addWidget(self.greeting_label)
        row.addWidget(self.greeting, 1)
        layout.addLayout(row)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(260)  # the whole message for a phone, at the default size
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copied, 1)
        layout.addLayout(buttons)
        self.report: Report | None = None
        self.retranslate()

    def show_for(self, report: Report) -> bool:
        """Fill in the message for a report; False when no message fits its verdict."""
        self.report = report
        self.copied.clear()
        self.retranslate()
        return self._refresh()

    def message(self) -> str | None:
        return None if self.report is None else family_message(self.report, self.greeting.text())

    def _refresh(self) -> bool:
        text = self.message()
        self.preview.setPlainText(text or "")
        return text is not None

    def _greeting_edited(self, text: str) -> None:
        self.copied.clear()
        self._refresh()
        self.greeting_changed.emit(text)

    def copy(self) -> None:
        text = self.message()
        if text:
            QApplication.clipboard().setText(text)
            self.copied.setText(_("Copied: paste it into a WeChat message to them."))

    def retranslate(self) -> None:
        self.title.setText(_("A message for your family"))
        which = None if self.report is None else family_message_kind(self.report)
        self.intro.setText(_(INTROS.get(which or "phone", INTROS["phone"])))
        self.greeting_label.setText(_("&Greeting (for example 妈, 爸 or a name):"))
        self.copy_button.setText(_("&Copy the message"))
