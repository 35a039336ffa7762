"""Lab fixtures: one lab for the session, faults undone after each test."""

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
