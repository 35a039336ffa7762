"""The picture of the way a call travels (core/picture.py): six parts in a row, each with its
mark — ticked, blamed, suspected, unclear — and its name under it. On the Run page it fills in
as the checks finish; on the result page it shows where the verdict puts the trouble."""

from __future__ import annotations

from callpath.core import picture

from .i18n import N_, _
from .qt import QColor, QFont, QPainter, QPen, QRectF, QSize, Qt, QWidget

COLOURS = {"ok": "#2e9e5b", "trouble": "#c0392b", "suspect": "#d9822b", "mixed": "#8a8a8a",
           "unknown": "#8a8a8a", "waiting": "#c8c8c8", "running": "#2f6fd6"}
MARKS = {**picture.MARKS, "running": "…"}
STATE_WORDS = {
    "ok": N_("passed"), "trouble": N_("the trouble is here"), "suspect": N_("the trouble is most likely here"),
    "mixed": N_("something went wrong here, but not the cause"), "unknown": N_("cannot be tested from here"),
    "waiting": N_("waiting"), "running": N_("being checked"),
}
# The Run page's group states, drawn on the picture.
LIVE = {"waiting": "waiting", "running": "running", "ok": "ok", "problem": "mixed", "skipped": "unknown"}


class PathPicture(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._states: list[tuple[str, str]] = [(p, "waiting") for p in picture.PARTS]
        self.service = ""
        self.setMinimumHeight(84)

    def set_states(self, states: list[tuple[str, str]], service: str) -> None:
        self._states, self.service = list(states), service
        self.setAccessibleName(_("The way a call travels"))
        self.setAccessibleDescription("; ".join(f"{self.label(p)}: {_(STATE_WORDS[s])}" for p, s in self._states))
        self.update()

    def states(self) -> list[tuple[str, str]]:
        return list(self._states)

    def set_live(self, group_states: dict[str, str], service: str) -> None:
        """From the Run page's groups (local, world, service, china) while checks run."""
        local = LIVE.get(group_states.get("local", "waiting"), "waiting")
        by_part = {"computer": local, "home": local,
                   "internet": LIVE.get(group_states.get("world", "waiting"), "waiting"),
                   "service": LIVE.get(group_states.get("service", "waiting"), "waiting"),
                   "china": LIVE.get(group_states.get("china", "waiting"), "waiting"), "phone": "unknown"}
        self.set_states([(p, by_part[p]) for p in picture.PARTS], service)

    def label(self, part: str) -> str:
        return _(picture.LABELS[part]).format(service=self.service)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 84)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self._states)
        cell = self.width() / n
        radius = 14.0
        cy = radius + 4
        text = self.palette().windowText().color()
        p.setPen(QPen(QColor("#b0b0b0"), 2))
        for i in range(n - 1):  # the way between the parts
            start, end = cell * i + cell / 2 + radius + 4, cell * (i + 1) + cell / 2 - radius - 4
            p.drawLine(int(start), int(cy), int(end), int(cy))
        mark_font = QFont(self.font())
        mark_font.setBold(True)
        mark_font.setPointSizeF(self.font().pointSizeF() * 1.2)
        for i, (part, state) in enumerate(self._states):
            cx = cell * i + cell / 2
            colour = QColor(COLOURS.get(state, COLOURS["unknown"]))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius))
            p.setPen(QColor("white"))
            p.setFont(mark_font)
            p.drawText(QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius),
                       int(Qt.AlignmentFlag.AlignCenter), MARKS.get(state, "?"))
            p.setFont(self.font())
            p.setPen(colour if state in ("trouble", "suspect") else text)
            p.drawText(QRectF(cell * i + 2, cy + radius + 4, cell - 4, self.height() - cy - radius - 4),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                       broken(self.label(part), cell - 4, p.fontMetrics().horizontalAdvance))
        p.end()


def broken(label: str, width: float, advance) -> str:
    """A part's name as it is drawn in ``width``: whole when it fits, else broken at its last
    space ("Teams（免费版）" above "服务器"). Qt would break Chinese between any two characters
    and cut 服务器 in the middle where the app's name leaves room for one more."""
    if advance(label) <= width or " " not in label.strip():
        return label
    head, tail = label.strip().rsplit(" ", 1)
    return f"{head}\n{tail}"
