"""What a diagnosis runs: the catalog of endpoints and apps (``catalog``, ``builtin``), the tasks
planned from it and the answers (``plan``), the runner that carries them out concurrently under
one deadline (``runner``), and the guess of where the user is from the system's time zone
(``locale_hint``).

May import: ``base``, ``probes``, ``kinds`` and ``analysis`` (the apps' record, the answers).
Never words, records, the watch or Qt.
"""
