"""CallPath's diagnostic core: measure, then analyse, then explain.

This package never imports Qt. The app (gui/) reaches it only through :mod:`callpath.core.api`;
the command line (cli/), the part on top, takes its diagnosis and its judging again from there.
"""

__version__ = "0.1.0"
APP_NAME = "CallPath"
APP_ID = "callpath"
