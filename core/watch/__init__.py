"""Watching the line to China for hours, to say when calls go best. The way into China slows on a
daily cycle, stable from day to day, evenings usually worst but no fixed good window
(docs/sources.md, "The way into China"), so a watch takes a short voice sample every few minutes,
keeps each in the history, and reads them by hour of the user's own day.

One module per job: ``schedule`` (the injectable clock, running a plan on schedule, its gaps),
``sampling`` (taking a round), ``hours`` (reading the samples by hour: pure), ``words`` (the watch
said in the user's language) and ``report`` (the watch as a text, Markdown, HTML or JSON report).
Within the package ``sampling`` imports ``schedule``, ``words`` imports ``hours`` and ``report``
imports both of those; the samples and plan themselves are records (``records.watched``).

May import: every part below it (``base``, ``probes`` through the engine, ``analysis``,
``engine``, ``words``, ``records``). Never the facade, the command line or Qt.
"""
