import os
from contextlib import ExitStack

import pytest

# Qt, when GUI tests arrive, must never look for a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import netguard  # noqa: E402

netguard.install()

# Variables of the machine running the tests that would change what probes do.
_AMBIENT = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY",
            "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    for var in _AMBIENT:
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.lower(), raising=False)
    # Logs and data go to the test's own folder, never the developer's.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _loopnet(tmp_path, monkeypatch, **kwargs):
    from tests import loopnet
    with ExitStack() as stack:
        n = loopnet.start(stack, tmp_path, **kwargs)
        loopnet.trust(monkeypatch, n.ca_file)
        yield n


@pytest.fixture
def net(tmp_path, monkeypatch):
    """A healthy 'internet' on loopback (tests/loopnet.py), its CA trusted."""
    yield from _loopnet(tmp_path, monkeypatch)


@pytest.fixture
def dark(tmp_path, monkeypatch):
    """The same 'internet' with every target black-holed (names still resolve)."""
    yield from _loopnet(tmp_path, monkeypatch, blackhole=True)
