"""Every Qt name CallPath uses, imported here and only here: a binding change touches one file."""

from pathlib import Path

import PySide6
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

__all__ = [
    "BINDING_DIR", "QAbstractTableModel", "QCoreApplication", "QLibraryInfo", "QLocale",
    "QTranslator", "QModelIndex", "QElapsedTimer", "QEvent", "QObject", "QPointF", "QRectF",
    "QSettings", "QSize", "Qt", "QTimer", "Signal", "Slot", "QAction", "QActionGroup", "QBrush",
    "QColor", "QFont", "QFontMetrics", "QGuiApplication", "QIcon", "QKeySequence", "QPainter",
    "QPalette", "QPen", "QPixmap", "QShortcut", "QAbstractItemView", "QApplication", "QButtonGroup",
    "QFrame", "QGridLayout", "QGroupBox", "QHBoxLayout", "QCheckBox", "QDialog", "QDialogButtonBox",
    "QDoubleSpinBox", "QFormLayout",
    "QFileDialog", "QMenu", "QHeaderView", "QLabel", "QLineEdit", "QPlainTextEdit", "QMainWindow",
    "QMessageBox", "QProgressBar",
    "QPushButton", "QRadioButton", "QScrollArea", "QSizePolicy", "QStackedWidget", "QSystemTrayIcon", "QTableView",
    "QVBoxLayout", "QWidget",
]
