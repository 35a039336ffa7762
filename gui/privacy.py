"""The page shown before the first run: what CallPath sends, to whom, what it keeps, and the
switch for the checks that could put a watched user at risk. Help > What CallPath sends shows
it again; its switch is the same setting as Settings > Check for censorship.
"""

from __future__ import annotations

import html

from callpath.core.api import BUSY_LINE_LOAD_S, BUSY_LINE_MB, ENDPOINT_GROUPS, Catalog
from callpath.gui.i18n import N_, _, language
from callpath.gui.labels import title_label
from callpath.gui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

GROUP_TEXTS = {
    "world": N_("The internet, to compare: connectivity checks and name servers"),
    "service": N_("Your calling app ({apps}): the servers of the one you choose (sign-in, "
                  "service, voice relay)"),
    "china": N_("China: phone makers' connectivity checks, large sites and name servers"),
}


def destinations(cat: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Per group, who is contacted, as (label, host), from the catalog the runs use."""
    out: dict[str, list[tuple[str, str]]] = {g: [] for g in ENDPOINT_GROUPS}
    for e in cat.endpoints:
        out[e.group].append((e.label, e.host))
    return out


def sensitive_names(cat: Catalog) -> list[str]:
    return sorted({n for e in cat.endpoints for n in e.injection_names})


def _label(rich: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class PrivacyPage(QWidget):
    """Signals: done(bool): the user read the page; True if the censorship checks stay on."""

    done = Signal(bool)

    def __init__(self, cat: Catalog, parent=None):
        super().__init__(parent)
        self.catalog = cat
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        self.heading = title_label("")
        outer.addWidget(self.heading)

        self.intro = _label()
        outer.addWidget(self.intro)
        # Who is contacted: the long part, scrolled; what matters for safety stays in view below.
        self.body = _label(rich=True)
        # The servers by name, one click away: a list of host names before the person has said
        # anything reads as a wall of jargon. The button right under the groups it lists, not
        # below the room the list will take.
        self.list_button = QPushButton()
        self.list_button.setCheckable(True)
        self.list_button.toggled.connect(lambda _on: self.retranslate())
        listed = QWidget()
        column = QVBoxLayout(listed)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list_button)
        list_row.addStretch(1)
        column.addLayout(list_row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(listed)
        outer.addWidget(scroll, 1)
        self.kept = _label(rich=True)
        outer.addWidget(self.kept)
        self.sensitive_box = QCheckBox()
        self.sensitive_box.setChecked(True)
        outer.addWidget(self.sensitive_box)
        self.sensitive_note = _label()
        self.sensitive_note.setIndent(24)
        outer.addWidget(self.sensitive_note)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.continue_button = QPushButton()
        self.continue_button.setDefault(True)
        self.continue_button.setAutoDefault(True)
        self.continue_button.clicked.connect(lambda: self.done.emit(self.sensitive_box.isChecked()))
        buttons.addWidget(self.continue_button)
        outer.addLayout(buttons)
        self.retranslate()

    def set_sensitive(self, on: bool) -> None:
        self.sensitive_box.setChecked(on)

    def retranslate(self) -> None:
        self.heading.setText(_("Before you start: what CallPath sends, and to whom"))
        self.intro.setText(_(
            "CallPath tests your connection the way a web browser would: it contacts well-known "
            "servers and times their answers. It sends nothing about you: no account, no "
            "statistics, and nothing is uploaded unless you ask for the busy-line test "
            "(below).") if self.catalog.busy_line is not None else _(
            "CallPath tests your connection the way a web browser would: it contacts well-known "
            "servers and times their answers. It sends nothing about you: no account, no "
            "statistics, and nothing is uploaded."))
        parts = ["<p><b>" + html.escape(_("Your computer and your network")) + "</b><br>"
                 + html.escape(_("CallPath reads your network settings (nothing is sent) and asks "
                                 "your network's name server (DNS) for the addresses of the servers "
                                 "below; when your router is that name server, it also times a few "
                                 "seconds of its answers.")) + "</p>"]
        listed = self.list_button.isChecked()
        counted = 0
        for group, hosts in destinations(self.catalog).items():
            if not hosts:
                continue
            counted += len(hosts)
            items = "".join(f"<li>{html.escape(_(name))} — {html.escape(host)}</li>"
                            for name, host in hosts)
            # Listed as each language lists: "Teams (free), WeChat", "Teams（免费版）、微信".
            apps = ("、" if language().startswith("zh") else ", ").join(
                a.name(language()) for a in self.catalog.apps if not a.retired)
            title = _(GROUP_TEXTS[group]).format(apps=apps)
            parts.append(f"<p><b>{html.escape(title)}</b></p>" + (f"<ul>{items}</ul>" if listed else ""))
        self.list_button.setText(_("Hide the list of servers") if listed
                                 else _("Show all {n} servers by name").format(n=counted))
        if self.catalog.busy_line is not None:
            parts.append("<p><b>" + html.escape(_("Only if you ask for it: the busy-line test")) + "</b><br>"
                         + html.escape(_(
                             "If you tick \"Also test my line while it is busy\", CallPath sends and "
                             "receives up to {mb} MB for about {seconds} seconds with M-Lab "
                             "(Measurement Lab), a research platform that invites programs such as "
                             "CallPath to use its test servers and publishes every test, your IP "
                             "address included. It is never run on a connection marked as metered.")
                             .format(mb=BUSY_LINE_MB, seconds=BUSY_LINE_LOAD_S)) + "</p>")
        self.body.setText("".join(parts))
        self.kept.setText("<p><b>" + html.escape(_("What stays on this computer")) + "</b><br>"
                          + html.escape(_(
                              "The results of your last 200 checks (History), your answers and "
                              "settings, and a log file with personal data removed. A report "
                              "leaves this computer only when you save or copy it, and personal "
                              "data is removed from it unless you choose otherwise.")) + "</p>")
        self.sensitive_box.setText(_("Also check for censorship (forged name answers, connections "
                                     "cut by name)"))
        names = ("、" if language().startswith("zh") else ", ").join(sensitive_names(self.catalog)) or "—"
        self.sensitive_note.setText(_(
            "These checks ask for names that are blocked in China ({names}) and, if a secure "
            "connection was cut, connect once more with a harmless name. Anyone watching your "
            "network could see that you asked for them. Turn them off if that could put you at "
            "risk: the result then says what was not checked.").format(names=names))
        self.sensitive_box.setAccessibleName(self.sensitive_box.text())
        self.continue_button.setText(_("Continue"))
        self.setAccessibleName(self.heading.text())
