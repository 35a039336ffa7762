"""Small painted widgets: the status badge, the verdict card's frame, the quality chart."""

from __future__ import annotations

from callpath.core.api import LOCUS_COLOURS, Voice, voice_words
from callpath.gui.i18n import N_, _
from callpath.gui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)

# How sure a verdict or a suggestion is, said as a person would.
SURE_TEXTS = {
    "high": N_("CallPath is sure of this."),
    "medium": N_("CallPath is fairly sure of this."),
    "low": N_("CallPath is not sure of this: take it as a hint."),
}

# Colour (shared with the HTML report) and symbol by verdict locus; and by group status.
LOCUS_STYLE = {locus: (LOCUS_COLOURS[locus], symbol)
               for locus, symbol in (("local", "!"), ("upstream", "→"), ("none", "✓"), ("unknown", "?"))}
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
STATUS_STYLE = {
    "waiting": ("#8a8a8a", "·"),
    "running": ("#2f6fd6", "…"),
    "ok": ("#2e9e5b", "✓"),
    "problem": ("#d9822b", "!"),
    "skipped": ("#8a8a8a", "–"),
}


class Badge(QWidget):
    """A round coloured badge with a symbol: the verdict's locus, or a group's status."""

    def __init__(self, diameter: int = 28, parent=None):
        super().__init__(parent)
        self._diameter = diameter
        self._colour, self._symbol = STATUS_STYLE["waiting"]
        self.setFixedSize(diameter, diameter)

    def set_style(self, colour: str, symbol: str) -> None:
        self._colour, self._symbol = colour, symbol
        self.update()

    def paintEvent(self, event):  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self._colour))
        p.drawEllipse(QRectF(1, 1, self._diameter - 2, self._diameter - 2))
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(self._diameter * 0.6))
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(QRectF(0, 0, self._diameter, self._diameter), Qt.AlignmentFlag.AlignCenter, self._symbol)
        p.end()


class Card(QWidget):
    """A rounded panel tinted with the verdict's colour over the palette's base colour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._colour = QColor(LOCUS_STYLE["unknown"][0])

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour)
        self.update()

    def paintEvent(self, event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(QPalette.ColorRole.Base)
        tint = QColor(self._colour)
        tint.setAlpha(38)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setBrush(base)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(rect, 10, 10)
        p.setBrush(tint)
        pen = QPen(self._colour)
        pen.setWidthF(1.5)
        p.setPen(pen)
        p.drawRoundedRect(rect, 10, 10)
        p.end()


class QualityChart(QWidget):
    """Each part's voice figures as the analysis pooled them (verdict["parts"]): round trip (a
    bar, and in ms), loss as its 95 % interval, call quality. Plain QPainter, no plotting
    library. The bar's colour is the analysis' voice state, never a threshold of its own."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, Voice]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Voice]]) -> None:
        """``rows``: (label, the part's voice figures: state, loss_range, rtt_ms, mos)."""
        self._rows = rows
        self.setAccessibleDescription("; ".join(
            f"{label}: " + ", ".join(_cells(voice)) for label, voice in rows))
        self.updateGeometry()
        self.update()

    def cells(self) -> list[tuple[str, str, str, str]]:
        """(label, round trip, loss, quality) as drawn: for tests and readers."""
        return [(label, *_cells(voice)) for label, voice in self._rows]

    def sizeHint(self):  # noqa: N802
        line = QFontMetrics(self.font()).height()
        return QSize(420, (len(self._rows) + 1) * (line + 10) + 8)

    def paintEvent(self, event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        line = fm.height() + 10
        heads = (_("Round trip"), _("Loss"), _("Quality (of 5)"))
        cells = self.cells()
        label_w = max([fm.horizontalAdvance(c[0]) for c in cells] + [60]) + 12
        # The figures' columns, each as wide as its widest text (the round trip's heading sits
        # over the bar).
        widths = [max([fm.horizontalAdvance(c[i + 1]) for c in cells]
                      + [fm.horizontalAdvance(_fmt_rtt(3000.0) if i == 0 else h)]) + 14
                  for i, h in enumerate(heads)]
        bar_w = max(40, self.width() - label_w - sum(widths) - 8)
        scale = max([float(v.get("rtt_ms") or 0.0) for _l, v in self._rows] + [300.0])
        text = self.palette().color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(60)
        y = 4
        p.setPen(text)
        p.drawText(QRectF(label_w, y, bar_w, line), _LEFT, heads[0])
        x = label_w + bar_w + 8 + widths[0]
        for head, w in zip(heads[1:], widths[1:], strict=True):
            p.drawText(QRectF(x, y, w, line), _LEFT, head)
            x += w
        y += line
        for (label, voice), cell in zip(self._rows, cells, strict=True):
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 8, line), _RIGHT, label)
            p.setPen(grid)
            p.drawLine(label_w, int(y + line - 4), label_w + bar_w, int(y + line - 4))
            rtt = float(voice.get("rtt_ms") or 0.0)
            width = max(2.0, bar_w * min(rtt, scale) / scale)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(VOICE_COLOURS.get(str(voice.get("state")), VOICE_COLOURS["ok"])))
            p.drawRoundedRect(QRectF(label_w, y + 5, width, line - 12), 3, 3)
            p.setPen(text)
            x = label_w + bar_w + 8
            for value, w in zip(cell[1:], widths, strict=True):
                p.drawText(QRectF(x, y, w, line), _LEFT, value)
                x += w
            y += line
        p.end()


# A part's voice as the analysis judged it: fine, one server's own way lost packets (not the
# part's), or suffered.
VOICE_COLOURS = {"ok": "#2e9e5b", "mixed": "#d9822b", "poor": "#c0392b"}


def _cells(voice: Voice) -> tuple[str, str, str]:
    """A part's round trip, loss (its interval) and call quality as the rows write them."""
    words = voice_words(voice)
    return _("{ms} ms").format(ms=words["rtt"]), words["loss"] + "%", words["mos"]


def _fmt_rtt(rtt: float) -> str:
    return _("{ms} ms").format(ms="<1" if rtt < 1 else f"{rtt:.0f}")
