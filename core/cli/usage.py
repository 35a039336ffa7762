"""What the command line's parts (:mod:`cli`, :mod:`watch_cli`) share: the error for bad usage
or bad input, and names made printable. Kept apart so that neither command module imports the
other's caller."""

from __future__ import annotations


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with this one-line message."""


def printable(text: str) -> str:
    """A message naming a file whose name is not UTF-8 (Python keeps such bytes as surrogates,
    which no terminal encoding takes): those bytes shown as "\ufffd"."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
