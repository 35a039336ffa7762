"""CallPath's diagnostic core: measure, then analyse, then explain.

This package never imports Qt. The CLI and the GUI both reach it through
:mod:`callpath.core.api`.
"""

__version__ = "0.1.0"
APP_NAME = "CallPath"
APP_ID = "callpath"
