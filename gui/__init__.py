"""CallPath's desktop app (PySide6, Qt Widgets): a guided wizard over the core.

All Qt names come through :mod:`callpath.gui.qt`; the core is reached only through
:mod:`callpath.core.api` (an import-linter contract holds it; the ``callpath`` command's entry,
main.py, hands a command to the command line).
"""
