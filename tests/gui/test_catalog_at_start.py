"""The first page shows the catalog's apps before the catalog is checked whole (issue 26, item
7); the whole catalog is still checked before any check runs, and one that cannot be used is
said in one line."""

import gc
import json

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt cannot load here (see tools/install-test-packages)",
                    exc_type=ImportError)

from callpath.core.analysis.answers import Answers
from callpath.core.engine import catalog, catalog_apps
from callpath.gui.qt import QMessageBox
from callpath.gui.window import MainWindow


def bundled_with_a_bad_entry(tmp_path, monkeypatch, apps_too=False):
    """The bundled catalog with its first endpoint's port out of range (and with ``apps_too``,
    no app marked default), in place of the bundled one."""
    data = json.loads(catalog.default_path().read_text("utf-8"))
    data["endpoints"][0]["tcp"] = [70000]
    if apps_too:
        for app in data["apps"]:
            app.pop("default", None)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), "utf-8")
    monkeypatch.setattr(catalog, "default_path", lambda: path)
    monkeypatch.setattr(catalog_apps, "resource_path", lambda name: path)
    return data["endpoints"][0]["id"]


@pytest.fixture
def said(monkeypatch):
    """What the window says in its message boxes (they would wait for a click)."""
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: boxes.append(text))
    return boxes


def test_the_apps_read_alone_are_the_catalogs():
    assert catalog_apps.read() == catalog.load().apps


def test_apps_that_are_not_right_are_left_to_the_catalog_to_explain(tmp_path):
    path = tmp_path / "catalog.json"
    assert catalog_apps.read(tmp_path / "missing.json") is None
    path.write_text("{not json", "utf-8")
    assert catalog_apps.read(path) is None
    path.write_text("[]", "utf-8")
    assert catalog_apps.read(path) is None
    path.write_text(json.dumps({"apps": [{"id": "x"}]}), "utf-8")
    assert catalog_apps.read(path) is None


def test_a_bad_entry_stops_a_check_before_it_runs(qtbot, tmp_path, monkeypatch, said, capsys):
    entry = bundled_with_a_bad_entry(tmp_path, monkeypatch)
    window = MainWindow()  # paints with the apps, which are right
    qtbot.addWidget(window)
    assert [a.id for a in window.ask.apps.values()] == [a.id for a in window.apps]
    window.start(Answers())
    assert not window.runner.running
    reason = f"catalog entry '{entry}': field 'tcp' must be a list of port numbers (1-65535)"
    assert said == [reason]
    assert capsys.readouterr().err == f"callpath: {reason}\n"


def test_a_bad_entry_found_after_the_first_paint_is_said(qtbot, tmp_path, monkeypatch, said, capsys):
    entry = bundled_with_a_bad_entry(tmp_path, monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)  # the preload thread checked it
    assert said[0].startswith(f"catalog entry '{entry}': field 'tcp'")
    assert capsys.readouterr().err.count("\n") == 1
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_preload_threads_catalog_is_the_one_checked_with(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._catalog is not None, timeout=10000)
    assert window.catalog.apps == window.apps and window.catalog.endpoints


def test_apps_that_cannot_be_used_stop_the_start_in_one_line(tmp_path, monkeypatch, capsys):
    bundled_with_a_bad_entry(tmp_path, monkeypatch, apps_too=True)
    from callpath.gui.app import run

    assert run() == 2
    assert capsys.readouterr().err == "callpath: catalog: exactly one app must be the 'default'\n"


def test_what_the_preload_loaded_is_left_out_of_the_collectors_walks(qtbot):
    # A full collection walked it all for 16 ms, holding the interpreter while the window waited.
    import callpath.core.engine.runner as loaded_by_the_preload

    gc.unfreeze()
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10000)
        walked = {id(o) for o in gc.get_objects()}
        assert id(vars(loaded_by_the_preload)) not in walked
    finally:
        gc.unfreeze()
