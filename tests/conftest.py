import os
import sys
from contextlib import ExitStack

import pytest

# Qt, when GUI tests arrive, must never look for a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if sys.platform == "win32":
    # Offscreen, Qt reads fonts from a folder, by default one beside its libraries that the
    # PySide6 wheel does not have ("Cannot find font directory"): the system's own instead.
    os.environ.setdefault("QT_QPA_FONTDIR", os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))

from tests import netguard

netguard.install()

ISOLATE_DIRS = not sys.platform.startswith("linux")

# Tests that use these fixtures need these systems, for this reason (see pytest_collection_modifyitems).
_FIXTURE_SYSTEMS = {
    "mounted": (("linux",), "mounts a small tmpfs of its own, as root"),
    "dark": (("linux", "darwin"), "its black hole is a full accept queue, whose further SYNs Linux "
                                  "and macOS drop; Windows refuses them"),
}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, (systems, reason) in _FIXTURE_SYSTEMS.items():
            if fixture in item.fixturenames:
                item.add_marker(pytest.mark.system(*systems, reason=reason))
        if item.get_closest_marker("lab"):
            item.add_marker(pytest.mark.system("linux", reason="the lab: network namespaces, as root"))


def pytest_runtest_setup(item):
    """``@pytest.mark.system("linux", reason=...)``: the one mark of a test that needs certain
    systems (namespaces, root, /proc, a tmpfs, file names that are not UTF-8); elsewhere it is
    skipped with its reason."""
    for mark in item.iter_markers("system"):
        if not any(sys.platform.startswith(name) for name in mark.args):
            pytest.skip(f"{' or '.join(mark.args)} only: {mark.kwargs.get('reason', '')}")

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
