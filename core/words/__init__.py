"""A finding in words people can act on, in English, Simplified and Traditional Chinese: the
verdict (``explain``, from ``texts`` and ``phrases``), a saved report judged again (``rejudge``),
each part's line and figures (``summary``), the message for the family in China (``family``)
and lines wrapped by Unicode's rules (``wrapping``).

May import: ``base``, ``analysis``, ``kinds`` and the engine's catalog (the apps' names). Never
a probe, records, the watch or Qt.
"""
