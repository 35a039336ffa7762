"""Lab fixtures: one lab for the session, faults undone after each test."""

import fcntl
import time

import pytest

from . import faults, lab

_reason = None


def pytest_collection_modifyitems(config, items):
    global _reason
    lab_items = [i for i in items if "tests/lab/" in str(i.fspath)]
    if not lab_items:
        return
    _reason = lab.unavailable_reason()
    for item in lab_items:
        item.add_marker(pytest.mark.lab)
        if _reason:
            item.add_marker(pytest.mark.skip(reason=_reason))


TIMINGS: dict[str, float] = {}


# There is one lab per machine (its namespaces' names are fixed), and building one tears down
# any other: a second session on a shared machine waits for the first to end instead of pulling
# its network away mid-test (by hand: flock /tmp/callpath-lab.lock python -m tests.lab ...).
# Taken once the tests are chosen, before any runs: waiting is no test's time (pytest-timeout).
LOCK = "/tmp/callpath-lab.lock"
_lock = None


def pytest_collection_finish(session):
    global _lock
    if _reason or not any("tests/lab/" in str(i.fspath) for i in session.items):
        return
    _lock = open(LOCK, "w")
    try:
        fcntl.flock(_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"lab: another session holds {LOCK}; waiting for it to end")
        fcntl.flock(_lock, fcntl.LOCK_EX)


def pytest_sessionfinish(session):
    if _lock is not None:
        _lock.close()


@pytest.fixture(scope="session")
def the_lab():
    TIMINGS["up_s"] = lab.up()
    yield lab
    t0 = time.monotonic()
    lab.down()
    TIMINGS["down_s"] = time.monotonic() - t0


@pytest.fixture
def fault(the_lab):
    """Inject faults by name; every one is undone after the test."""
    faults.clear()
    yield faults.inject
    faults.clear()
