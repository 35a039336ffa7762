"""Small painted widgets: the status badge, the verdict card's frame, the quality chart."""

from __future__ import annotations

from callpath.core.render import LOCUS_COLOURS

from .i18n import _
from .qt import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QRectF, QSize, QSizePolicy, Qt, QWidget

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
    """Round-trip time (bar) and loss (text) per group. Plain QPainter, no plotting library."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, float | None, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, float | None, float | None]]) -> None:
        """``rows``: (label, round trip in ms or None, loss in % or None)."""
        self._rows = rows
        self.setAccessibleDescription("; ".join(
            f"{label}: {_fmt_rtt(rtt)}, {_fmt_loss(loss)}" for label, rtt, loss in rows))
        self.updateGeometry()
        self.update()

    def sizeHint(self):  # noqa: N802
        line = QFontMetrics(self.font()).height()
        return QSize(420, (len(self._rows) + 1) * (line + 10) + 8)

    def paintEvent(self, event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        line = fm.height() + 10
        label_w = max([fm.horizontalAdvance(r[0]) for r in self._rows] + [60]) + 12
        value_w = max(fm.horizontalAdvance(_fmt_rtt(300.0) + "  " + _fmt_loss(100.0)), 120) + 8
        bar_w = max(40, self.width() - label_w - value_w - 8)
        scale = max([r[1] or 0.0 for r in self._rows] + [300.0])
        text = self.palette().color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(60)
        y = 4
        p.setPen(text)
        p.drawText(QRectF(label_w, y, bar_w, line), _LEFT, _("Round trip"))
        p.drawText(QRectF(label_w + bar_w + 8, y, value_w, line), _LEFT,
                   _("Loss"))
        y += line
        for label, rtt, loss in self._rows:
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 8, line), _RIGHT, label)
            p.setPen(grid)
            p.drawLine(label_w, int(y + line - 4), label_w + bar_w, int(y + line - 4))
            if rtt is not None:
                width = max(2.0, bar_w * min(rtt, scale) / scale)
                colour = QColor("#2e9e5b" if (loss or 0) < 1 and rtt < 300 else "#d9822b"
                                if (loss or 0) < 5 else "#c0392b")
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawRoundedRect(QRectF(label_w, y + 5, width, line - 12), 3, 3)
            p.setPen(text)
            p.drawText(QRectF(label_w + bar_w + 8, y, value_w, line), _LEFT,
                       f"{_fmt_rtt(rtt)}  {_fmt_loss(loss)}")
            y += line
        p.end()


def _fmt_rtt(rtt: float | None) -> str:
    if rtt is None:
        return _("not measured")
    return _("{ms} ms").format(ms="<1" if rtt < 1 else f"{rtt:.0f}")


def _fmt_loss(loss: float | None) -> str:
    return "" if loss is None else _("{pct}% lost").format(pct=f"{loss:.0f}")
