import os
import sys
from contextlib import ExitStack

import pytest

# Qt, when GUI tests arrive, must never look for a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import netguard

netguard.install()

ISOLATE_DIRS = not sys.platform.startswith("linux")

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
    if ISOLATE_DIRS:
        # Windows and macOS take these folders from the system, not the variables above.
        import platformdirs
        for name, folder in (("user_data_dir", "data"), ("user_log_dir", "state"),
                             ("user_config_dir", "config"), ("user_cache_dir", "cache")):
            monkeypatch.setattr(platformdirs, name, lambda app=None, *_a, _f=folder, **_k:
                                str(tmp_path / _f / (app or "CallPath")))


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


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory):
    """The release archive (make bundle), unpacked as a user would: the folder holding CallPath.

    Missing, it skips the frozen tests on a developer's machine and fails them in CI, where
    ``make test`` builds it first."""
    import tarfile

    from tools import bundle

    archive = bundle.DIST / f"{bundle.archive_name()}.tar.gz"
    if not archive.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{archive} is missing: CI must build it (make bundle) before the tests")
        pytest.skip(f"no release archive at {archive}; run 'make bundle' first")
    # A folder name with a space, a quote and a dollar: the desktop entry must still find the app.
    where = tmp_path_factory.mktemp("unpacked") / "My \"Apps\" $HOME"
    where.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(where, filter="tar")
    return where / bundle.archive_name()
