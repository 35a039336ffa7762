"""From measurements and the user's answers to a finding: where the trouble is and what it is.
Pure: no I/O, no clock, no network, so a saved report is judged again to the same finding.
``judge.analyse`` is the entry; the rules by part of the way (``localrules``, ``pathrules``,
``apprules``, ``phonerules``) read the measurements through ``evidence``.

May import: ``base`` and the kinds' declarations (``kinds``, for what a plugin kind adds to a
finding). Never a probe, the engine, words, records, the watch or Qt (a test re-judges a report
and lists the modules loaded).
"""
