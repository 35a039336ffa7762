"""The ``callpath`` command line: diagnose, report, history, catalog (``main``) and watch
(``watch``), with what they share (``usage``: bad usage, printable names).

May import: every part of the core. The top of the core: nothing in it imports the command line.
"""
