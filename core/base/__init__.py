"""What every part of the core stands on: where files live (``paths``), the languages and
translations (``i18n``), the record of a measurement (``measurement``), a run's deadline and
cancel flag (``budget``), every wait (``timeouts``), the error classifier (``errors``), personal
data out of text and reports (``redact``, ``addresses``, ``tunnels``), the log file (``logs``)
and how outside text is quoted (``shown``); the report's shape as typed dicts, for every face
(``reportdata``).

May import: the standard library, platformdirs, and each other. Never a probe, the engine, the
analysis, words, records, the watch or Qt.
"""
