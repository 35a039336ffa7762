"""Watching the line to China for hours, to say when calls go best (``watching``), and the
watch as a report (``render``).

May import: every part below it (``base``, ``probes`` through the engine, ``analysis``,
``engine``, ``words``, ``records``). Never the facade, the command line or Qt.
"""
