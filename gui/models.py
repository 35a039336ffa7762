"""Read-only table models: ready-made rows (exports' previews), and a report's measurements."""

from __future__ import annotations

from callpath.core.api import (
    GROUPS,
    Chosen,
    MeasurementData,
    Report,
    figure_words,
    kind_label,
    result_label,
    target_words,
    technical,
    translator,
)
from callpath.gui.i18n import N_, _, language
from callpath.gui.labels import group_title
from callpath.gui.qt import QAbstractTableModel, QFont, QModelIndex, Qt


class SimpleTableModel(QAbstractTableModel):
    """Rows of ready-made strings under translated headers; read-only."""

    def __init__(self, headers: list[str], rows: list[list[str]], parent=None, bold_rows=()):
        super().__init__(parent)
        self.headers, self.rows, self.bold_rows = headers, rows, set(bold_rows)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.FontRole and index.row() in self.bold_rows:
            font = QFont()
            font.setBold(True)
            return font
        return None


# The last column is the one place for check ids, result codes and the errors' own text, as
# recorded (for whoever helps); every other column speaks the interface's language.
DETAIL_COLUMNS = (N_("Part"), N_("Check"), N_("Target"), N_("Result"), N_("Time (ms)"), N_("Figures"),
                  N_("Technical detail"))
TECHNICAL_COLUMN = len(DETAIL_COLUMNS) - 1


class MeasurementsModel(QAbstractTableModel):
    """Every measurement of a report, one row each, for the details table. Read-only; texts
    are made when shown, so a language switch only needs a repaint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[MeasurementData] = []
        self.app = Chosen("", ())

    def set_report(self, report: Report | None, app: Chosen | None = None) -> None:
        """A report's measurements; ``app``: the app it is about, as its verdict carries it."""
        self.beginResetModel()
        self.rows = list(report.get("measurements", [])) if report is not None else []
        self.app = app or Chosen("", ())
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(DETAIL_COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(DETAIL_COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(DETAIL_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(DETAIL_COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        m = self.rows[index.row()]
        error = m.get("error") or {}
        column = index.column()
        if column == 0:
            return group_title(m["group"], self.app) if m.get("group") in GROUPS else ""
        if column == 1:
            kind = str(m.get("kind", ""))
            shown = kind_label(kind, language())
            return f"{shown} ({kind})" if role == Qt.ItemDataRole.ToolTipRole and shown != kind else shown
        if column == 2:
            return target_words(m, translator(language()))
        if column == 3:
            if m.get("ok"):
                return _("ok")
            code = str(error.get("code", ""))
            shown = result_label(code, language())
            return f"{shown} ({code})" if role == Qt.ItemDataRole.ToolTipRole and shown != code else shown
        if column == 4:
            return f"{m.get('duration_ms') or 0:.0f}"
        if column == 5:
            return figure_words(m, translator(language()))
        return technical(m)
