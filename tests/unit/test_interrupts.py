"""Ctrl-C on the command line is never lost: one swallowed where it landed (a weak reference's
callback in the import machinery prints "Exception ignored" and goes on) is raised again at
the next check (core/cli/interrupts.py); the whole command's Ctrl-C is in test_cli.py."""

import signal
import threading

import pytest

from callpath.core.cli import interrupts


def test_an_interrupt_swallowed_where_it_landed_is_raised_at_the_next_check():
    try:
        interrupts._interrupted(signal.SIGINT, None)
    except KeyboardInterrupt:
        pass  # as the import machinery does with it: printed and dropped
    with pytest.raises(KeyboardInterrupt):
        interrupts.check()
    interrupts.check()  # acted on once: a later check goes on


def test_the_handler_is_installed_from_the_main_thread_only():
    previous = signal.getsignal(signal.SIGINT)
    try:
        worker = threading.Thread(target=interrupts.install)
        worker.start()
        worker.join()
        assert signal.getsignal(signal.SIGINT) is previous  # Python takes signals on the main thread
        interrupts.install()
        assert signal.getsignal(signal.SIGINT) is interrupts._interrupted
    finally:
        signal.signal(signal.SIGINT, previous)
