"""Save report…, Copy report, and the history dialogs.

Every format comes from the core's renderers (the same as ``callpath report``); a picture of
the result card is the one format only Qt can make. Writes are atomic; a target that cannot
be written gives a clear message and the dialog again, to choose another place.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from callpath.core.api import (
    ALL_APPS,
    ENDPOINT_GROUPS,
    HISTORY_KEPT,
    LOCUS_TEXTS,
    History,
    HistoryEntry,
    HistoryError,
    OutputError,
    Report,
    app_of,
    compare_reports,
    explain_report,
    render_report,
    resolve_app,
    short_headline,
    write_output,
)
from callpath.gui.i18n import N_, _, language
from callpath.gui.models import SimpleTableModel
from callpath.gui.qt import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontMetrics,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPainter,
    QPixmap,
    QPushButton,
    QRectF,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# (extension, filter text, renderer format or None for a picture)
# The first is the default: a web page opens on any computer with everything in it.
SAVE_FORMATS = (
    ("html", N_("Web page"), "html"),
    ("png", N_("Picture of the result"), None),
    ("md", N_("Forum post (Markdown)"), "markdown"),
    ("txt", N_("Plain text"), "text"),
    ("json", N_("Full record (JSON)"), "json"),
)


def documents_folder() -> Path:
    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()


def default_name(report: Report) -> str:
    stamp = report["context"].get("started_at", "")[:16].replace("T", "-").replace(":", "")
    return f"CallPath-{stamp or time.strftime('%Y-%m-%d-%H%M')}"


def rendered(report: Report, fmt: str, also: str | None) -> str:
    return render_report(report, fmt, language(), also)


def save_report(parent: QWidget, report: Report, card: QWidget, also: str | None) -> Path | None:
    """Ask where, write atomically; on failure say why and ask again. Returns the file written."""
    filters = ";;".join(f"{_(text)} (*.{ext})" for ext, text, _fmt in SAVE_FORMATS)
    start = documents_folder() / f"{default_name(report)}.{SAVE_FORMATS[0][0]}"
    while True:
        path, chosen = QFileDialog.getSaveFileName(parent, _("Save report"), str(start), filters)
        if not path:
            return None
        target = Path(path)
        fmt = next((f for ext, _t, f in SAVE_FORMATS if target.suffix.lower() == f".{ext}"), "missing")
        if fmt == "missing":  # no known extension typed: use the chosen filter's
            ext, _t, fmt = next(item for item in SAVE_FORMATS if f"*.{item[0]})" in chosen)
            target = target.with_name(target.name + f".{ext}")
        try:
            if fmt is None:
                _save_picture(card, target, caption(report))
            else:
                write_output(str(target), rendered(report, fmt, also))
            return target
        except (OSError, OutputError) as e:
            reason = e.reason if isinstance(e, OutputError) else (e.strerror or e)
            QMessageBox.warning(parent, _("Could not save"), _(
                "The report could not be saved to {path}: {reason}. Please choose another "
                "place.").format(path=target, reason=reason))
            start = documents_folder() / target.name


def caption(report: Report) -> str:
    """What a saved picture says under the verdict: which app, when (local time), by what."""
    ctx = report["context"]
    return _("{app} · checked {when} · CallPath {version}").format(
        app=app_of(report).name(language()), when=local_time(ctx.get("started_at", "")),
        version=ctx.get("app_version", "?"))


def picture(card: QWidget, text: str) -> QPixmap:
    """The verdict card with a line of text under it (a picture alone says neither when nor
    about which app)."""
    shot = card.grab()
    ratio = shot.devicePixelRatio()
    metrics = QFontMetrics(card.font())
    band = metrics.height() + 12
    out = QPixmap(shot.width(), shot.height() + int(band * ratio))
    out.setDevicePixelRatio(ratio)
    out.fill(card.palette().window().color())
    painter = QPainter(out)
    painter.drawPixmap(0, 0, shot)
    painter.setPen(card.palette().windowText().color())
    painter.setFont(card.font())
    width, height = shot.width() / ratio, shot.height() / ratio
    painter.drawText(QRectF(8, height, width - 16, band), int(Qt.AlignmentFlag.AlignVCenter), text)
    painter.end()
    return out


def _save_picture(card: QWidget, target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".png", dir=target.parent)
    os.close(fd)
    try:
        if not picture(card, text).save(tmp, "PNG"):
            raise OSError(0, _("the picture could not be made"))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def copy_for_forum(report: Report, fmt: str, also: str | None) -> str:
    text = rendered(report, fmt, also)
    QApplication.clipboard().setText(text)
    return text


# --- history -------------------------------------------------------------------------------------------

class HistoryDialog(QDialog):
    """Past runs, newest first: open one, or compare two."""

    def __init__(self, store: History, parent=None):
        super().__init__(parent)
        self.store = store
        self.chosen: Report | None = None
        self.setWindowTitle(_("History"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.runs = store.list(limit=HISTORY_KEPT)
        layout.addWidget(QLabel(_("Runs kept on this computer ({n}). Select one to open it, or two "
                                  "to compare them.").format(n=len(self.runs))))
        lang = language()
        self.model = SimpleTableModel(
            [_("Date"), _("App"), _("Verdict"), _("Where"), _("Figures")],
            # An all-apps check by its suggestion, as kept (in the language it was made in).
            [[local_time(r.started_at), resolve_app(r.app).name(lang),
              r.headline if r.app == ALL_APPS else short_headline(r.cause, r.locus, r.app, lang),
              _(LOCUS_TEXTS.get(r.locus, LOCUS_TEXTS["unknown"])), figures_words(r.figures)] for r in self.runs],
            self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.table.doubleClicked.connect(lambda _index: self._open())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open"))
        self.compare_button = QPushButton(_("Compare"))
        close = QPushButton(_("Close"))
        self.open_button.clicked.connect(self._open)
        self.compare_button.clicked.connect(self._compare)
        close.clicked.connect(self.reject)
        for b in (self.open_button, self.compare_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._selection()

    def selected(self) -> list[HistoryEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.runs[r] for r in rows]

    def _selection(self, *_args) -> None:
        n = len(self.selected())
        self.open_button.setEnabled(n == 1)
        self.compare_button.setEnabled(n == 2)

    def _reports(self, runs: list[HistoryEntry]) -> list[Report] | None:
        """The runs' reports, or None after saying which one cannot be read."""
        try:
            reports = [self.store.get(run.id) for run in runs]
        except HistoryError as e:
            QMessageBox.warning(self, _("History"), str(e))
            return None
        found = [r for r in reports if r is not None]
        if len(found) < len(reports):
            QMessageBox.warning(self, _("History"), _("That run is no longer in the history."))
            return None
        return found

    def _open(self) -> None:
        runs = self.selected()
        if len(runs) == 1 and (reports := self._reports(runs)):
            self.chosen = reports[0]
            self.accept()

    def _compare(self) -> None:
        runs = self.selected()
        if len(runs) == 2 and (reports := self._reports(runs[::-1])):  # newest first: earlier, later
            CompareDialog(reports[0], reports[1], self).exec()


def local_time(iso: str) -> str:
    """A run's UTC time stamp as this computer's local date and time ("2026-12-02 14:33")."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:16].replace("T", " ")
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def figures_words(figures: dict[str, dict[str, Any]]) -> str:
    """A run's round trip and loss per part of the way, in the interface's words."""
    parts = []
    for group in ENDPOINT_GROUPS:
        f = figures.get(group) or {}
        rtt, loss = f.get("rtt_ms"), f.get("loss_pct") or 0
        if isinstance(rtt, (int, float)) and isinstance(loss, (int, float)):
            parts.append(_("{part}: {rtt} ms, {loss}% lost").format(
                part=_(GROUP_NAMES.get(group, group)), rtt=f"{rtt:.0f}", loss=f"{loss:.0f}"))
    return "; ".join(parts)


CHANGE_NAMES = {
    "date": N_("Date"), "verdict": N_("Verdict"), "suggestion": N_("Which app to call on"),
    "rtt_ms": N_("round trip (ms)"), "loss_pct": N_("loss (%)"), "mos": N_("call quality (of 5)"),
}
GROUP_NAMES = {"world": N_("The internet"), "service": N_("The calling service"), "china": N_("China")}


class CompareDialog(QDialog):
    """Two runs side by side: what changed."""

    def __init__(self, earlier: Report, later: Report, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Compare two runs"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        rows, self.changed = [], []
        lang = language()
        for what, a, b in compare_reports(earlier, later):
            group, _dot, key = what.rpartition(".")
            if key == "date":
                a, b = local_time(earlier["context"].get("started_at", "")), local_time(
                    later["context"].get("started_at", ""))
            elif key == "verdict":  # about the app its verdict is (an all-apps check's: the main one)
                a, b = (short_headline(str(r["verdict"].get("cause")), str(r["verdict"].get("locus")),
                                       app_of(r, r["verdict"]).id, lang) for r in (earlier, later))
            elif key == "suggestion":  # in the interface's language, judged again (pure)
                a, b = (explain_report(r, lang).get("suggestion", {}).get("headline")
                        if r["context"].get("compared") else None for r in (earlier, later))
            name = _(CHANGE_NAMES.get(key, key))
            if group:
                name = f"{_(GROUP_NAMES.get(group, group))}: {name}"
            rows.append([name, _fmt(a), _fmt(b)])
            self.changed.append(_fmt(a) != _fmt(b))
        self.model = SimpleTableModel([_("What"), _("Earlier"), _("Later")], rows, self,
                                      bold_rows=[i for i, c in enumerate(self.changed) if c and i > 0])
        table = QTableView()
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table)
        layout.addWidget(QLabel(_("Rows in bold changed.")))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)

