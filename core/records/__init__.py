"""What is kept and shared: the JSON report file (``report``), past runs and a watch's samples
in SQLite (``history``, ``watched``), and the report for people in text, Markdown and HTML
(``render``).

May import: ``base``, ``analysis``, ``engine`` and ``words``. Never a probe, the watch or Qt.
"""
