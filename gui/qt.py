"""Every Qt name CallPath uses, imported here and only here: a binding change touches one file.

Each name is taken from the binding when first used (``__getattr__`` below), not when this
module loads: PySide6 builds a class's Python type the first time the class is named, and
naming all of them cost the first paint some 19 ms, 11 of them for the ``Qt`` namespace's
enums, which the first page does not use (bench/gui_start_and_stall.py; a bare PySide6 window
pays for none of it). The window names the rest on the GUI thread once it has painted
(:func:`load`), before any other thread imports a page.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
import PySide6.QtCore
import PySide6.QtGui
import PySide6.QtWidgets

if TYPE_CHECKING:
    from PySide6.QtCore import (
        QAbstractTableModel,
        QCoreApplication,
        QElapsedTimer,
        QEvent,
        QLibraryInfo,
        QLocale,
        QModelIndex,
        QObject,
        QPointF,
        QRectF,
        QSettings,
        QSize,
        Qt,
        QTimer,
        QTranslator,
        Signal,
        Slot,
    )
    from PySide6.QtGui import (
        QAction,
        QActionGroup,
        QBrush,
        QColor,
        QFont,
        QFontMetrics,
        QGuiApplication,
        QIcon,
        QKeySequence,
        QPainter,
        QPalette,
        QPen,
        QPixmap,
        QShortcut,
    )
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QButtonGroup,
        QCheckBox,
        QDialog,
        QDialogButtonBox,
        QDoubleSpinBox,
        QFileDialog,
        QFormLayout,
        QFrame,
        QGridLayout,
        QGroupBox,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QMenu,
        QMessageBox,
        QPlainTextEdit,
        QProgressBar,
        QPushButton,
        QRadioButton,
        QScrollArea,
        QSizePolicy,
        QStackedWidget,
        QSystemTrayIcon,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

# The binding's own folder (Qt's libraries, plugins and translations are inside it).
BINDING_DIR = Path(PySide6.__file__).resolve().parent

# Where each name lives in the binding.
_MODULE_OF = {
    "QAbstractTableModel": "QtCore",
    "QCoreApplication": "QtCore",
    "QElapsedTimer": "QtCore",
    "QEvent": "QtCore",
    "QLibraryInfo": "QtCore",
    "QLocale": "QtCore",
    "QModelIndex": "QtCore",
    "QObject": "QtCore",
    "QPointF": "QtCore",
    "QRectF": "QtCore",
    "QSettings": "QtCore",
    "QSize": "QtCore",
    "Qt": "QtCore",
    "QTimer": "QtCore",
    "QTranslator": "QtCore",
    "Signal": "QtCore",
    "Slot": "QtCore",
    "QAction": "QtGui",
    "QActionGroup": "QtGui",
    "QBrush": "QtGui",
    "QColor": "QtGui",
    "QFont": "QtGui",
    "QFontMetrics": "QtGui",
    "QGuiApplication": "QtGui",
    "QIcon": "QtGui",
    "QKeySequence": "QtGui",
    "QPainter": "QtGui",
    "QPalette": "QtGui",
    "QPen": "QtGui",
    "QPixmap": "QtGui",
    "QShortcut": "QtGui",
    "QAbstractItemView": "QtWidgets",
    "QApplication": "QtWidgets",
    "QButtonGroup": "QtWidgets",
    "QCheckBox": "QtWidgets",
    "QDialog": "QtWidgets",
    "QDialogButtonBox": "QtWidgets",
    "QDoubleSpinBox": "QtWidgets",
    "QFileDialog": "QtWidgets",
    "QFormLayout": "QtWidgets",
    "QFrame": "QtWidgets",
    "QGridLayout": "QtWidgets",
    "QGroupBox": "QtWidgets",
    "QHBoxLayout": "QtWidgets",
    "QHeaderView": "QtWidgets",
    "QLabel": "QtWidgets",
    "QLineEdit": "QtWidgets",
    "QMainWindow": "QtWidgets",
    "QMenu": "QtWidgets",
    "QMessageBox": "QtWidgets",
    "QPlainTextEdit": "QtWidgets",
    "QProgressBar": "QtWidgets",
    "QPushButton": "QtWidgets",
    "QRadioButton": "QtWidgets",
    "QScrollArea": "QtWidgets",
    "QSizePolicy": "QtWidgets",
    "QStackedWidget": "QtWidgets",
    "QSystemTrayIcon": "QtWidgets",
    "QTableView": "QtWidgets",
    "QVBoxLayout": "QtWidgets",
    "QWidget": "QtWidgets",
}

# The names the Qt namespace's enums are built with (11 ms at once): in a turn of their own.
FIRST = ("Qt",)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"PySide6.{module}"), name)
    globals()[name] = value  # found here from now on, without asking again
    return value


def load(names: tuple[str, ...] | None = None) -> None:
    """Name ``names`` (every name, by default) now, so that a later first use costs nothing."""
    for name in _MODULE_OF if names is None else names:
        __getattr__(name)


__all__ = [
    "BINDING_DIR", "FIRST", "load", "QAbstractTableModel", "QCoreApplication", "QElapsedTimer",
    "QEvent", "QLibraryInfo", "QLocale", "QModelIndex", "QObject", "QPointF", "QRectF", "QSettings",
    "QSize", "Qt", "QTimer", "QTranslator", "Signal", "Slot", "QAction", "QActionGroup", "QBrush",
    "QColor", "QFont", "QFontMetrics", "QGuiApplication", "QIcon", "QKeySequence", "QPainter",
    "QPalette", "QPen", "QPixmap", "QShortcut", "QAbstractItemView", "QApplication", "QButtonGroup",
    "QCheckBox", "QDialog", "QDialogButtonBox", "QDoubleSpinBox", "QFileDialog", "QFormLayout",
    "QFrame", "QGridLayout", "QGroupBox", "QHBoxLayout", "QHeaderView", "QLabel", "QLineEdit",
    "QMainWindow", "QMenu", "QMessageBox", "QPlainTextEdit", "QProgressBar", "QPushButton",
    "QRadioButton", "QScrollArea", "QSizePolicy", "QStackedWidget", "QSystemTrayIcon", "QTableView",
    "QVBoxLayout", "QWidget",
]
