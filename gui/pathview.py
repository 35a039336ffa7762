"""The picture of the way a call travels (core/analysis/picture.py): six parts in a row, each with its
mark — ticked, blamed, suspected, unclear — and its name under it. On the Run page it fills in
as the checks finish; on the result page it shows where the verdict puts the trouble."""

from __future__ import annotations

from callpath.core.api import PATH_LABELS, PATH_MARKS, PATH_PARTS
from callpath.gui.i18n import N_, _
from callpath.gui.qt import QColor, QFont, QPainter, QPen, QPixmap, QRectF, QSize, Qt, QWidget

COLOURS = {"ok": "#2e9e5b", "trouble": "#c0392b", "suspect": "#d9822b", "mixed": "#8a8a8a",
           "unknown": "#8a8a8a", "waiting": "#c8c8c8", "running": "#2f6fd6"}
MARKS = {**PATH_MARKS, "running": "…"}
STATE_WORDS = {
    "ok": N_("passed"), "trouble": N_("the trouble is here"), "suspect": N_("the trouble is most likely here"),
    "mixed": N_("something went wrong here, but not the cause"), "unknown": N_("cannot be tested from here"),
    "waiting": N_("waiting"), "running": N_("being checked"),
}
RADIUS = 14.0  # a part's mark
CY = RADIUS + 4  # the marks' centre line
# The Run page's group states, drawn on the picture.
LIVE = {"waiting": "waiting", "running": "running", "ok": "ok", "problem": "mixed", "skipped": "unknown"}


class PathPicture(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._states: list[tuple[str, str]] = [(p, "waiting") for p in PATH_PARTS]
        self.app_name = ""  # names the app's servers' part: the app whose servers were checked
        self.setMinimumHeight(84)
        # Each part drawn once per look (state, name, size, font, colour) and kept: while the
        # checks run one part changes at a time, and every call into Qt from a paint may wait
        # for the interpreter behind the probes' threads, so a whole picture drawn anew each
        # time held the GUI thread 10-30 ms.
        self._cells: dict[tuple, QPixmap] = {}

    def set_states(self, states: list[tuple[str, str]], app_name: str) -> None:
        self._states, self.app_name = list(states), app_name
        self.setAccessibleName(_("The way a call travels"))
        self.setAccessibleDescription("; ".join(f"{self.label(p)}: {_(STATE_WORDS[s])}" for p, s in self._states))
        self.update()

    def states(self) -> list[tuple[str, str]]:
        return list(self._states)

    def set_live(self, group_states: dict[str, str], app_name: str) -> None:
        """From the Run page's groups (local, world, service, china) while checks run."""
        local = LIVE.get(group_states.get("local", "waiting"), "waiting")
        by_part = {"computer": local, "home": local,
                   "internet": LIVE.get(group_states.get("world", "waiting"), "waiting"),
                   "service": LIVE.get(group_states.get("service", "waiting"), "waiting"),
                   "china": LIVE.get(group_states.get("china", "waiting"), "waiting"), "phone": "unknown"}
        self.set_states([(p, by_part[p]) for p in PATH_PARTS], app_name)

    def label(self, part: str) -> str:
        return _(PATH_LABELS[part]).format(service=self.app_name)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 84)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self._states)
        cell = self.width() / n
        p.setPen(QPen(QColor("#b0b0b0"), 2))
        for i in range(n - 1):  # the way between the parts
            start, end = cell * i + cell / 2 + RADIUS + 4, cell * (i + 1) + cell / 2 - RADIUS - 4
            p.drawLine(int(start), int(CY), int(end), int(CY))
        for i, (part, state) in enumerate(self._states):
            p.drawPixmap(int(cell * i), 0, self._cell(part, state, int(cell), self.height()))
        p.end()

    def _cell(self, part: str, state: str, width: int, height: int) -> QPixmap:
        """One part, its mark and its name, in a cell ``width`` wide (transparent around)."""
        text = self.palette().windowText().color()
        label = self.label(part)
        ratio = self.devicePixelRatioF()
        key = (state, label, width, height, ratio, self.font().key(), text.rgba())
        pixmap = self._cells.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._cells) > 64:  # a resize or a language switch: the old looks are gone
            self._cells.clear()
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cx = width / 2
        colour = QColor(COLOURS.get(state, COLOURS["unknown"]))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        mark = QRectF(cx - RADIUS, CY - RADIUS, 2 * RADIUS, 2 * RADIUS)
        p.drawEllipse(mark)
        mark_font = QFont(self.font())
        mark_font.setBold(True)
        mark_font.setPointSizeF(self.font().pointSizeF() * 1.2)
        p.setPen(QColor("white"))
        p.setFont(mark_font)
        p.drawText(mark, int(Qt.AlignmentFlag.AlignCenter), MARKS.get(state, "?"))
        p.setFont(self.font())
        p.setPen(colour if state in ("trouble", "suspect") else text)
        p.drawText(QRectF(2, CY + RADIUS + 4, width - 4, height - CY - RADIUS - 4),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                   broken(label, width - 4, p.fontMetrics().horizontalAdvance))
        p.end()
        self._cells[key] = pixmap
        return pixmap


def broken(label: str, width: float, advance) -> str:
    """A part's name as it is drawn in ``width``: whole when it fits, else broken at its last
    space ("Teams（免费版）" above "服务器"). Qt would break Chinese between any two characters
    and cut 服务器 in the middle where the app's name leaves room for one more."""
    if advance(label) <= width or " " not in label.strip():
        return label
    head, tail = label.strip().rsplit(" ", 1)
    return f"{head}\n{tail}"
