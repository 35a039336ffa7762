"""The release archive as a user gets it: unpacked, no Python needed, started by double-click.

Runs the frozen app (``make bundle`` builds it; tests/conftest.py's ``frozen_app`` unpacks it).
The frozen diagnosis in the lab is tests/lab/test_bundle_lab.py.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import bundle

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux archive")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What a desktop gives a program it starts: no Python variables, no Python on PATH."""
    env = {"HOME": str(home), "PATH": "/nonexistent", "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
    env.update(extra)
    return env


def test_archive_holds_the_app_and_nothing_it_does_not_use(frozen_app):
    top = frozen_app
    for name in ("CallPath", "install.sh", "uninstall.sh", "callpath.desktop", "README.txt",
                 "LICENSE", "icons/hicolor/256x256/apps/callpath.png",
                 "icons/hicolor/scalable/apps/callpath.svg"):
        assert (top / name).exists(), name
    for script in ("CallPath", "install.sh", "uninstall.sh"):
        assert os.access(top / script, os.X_OK), script
    internal = top / "_internal"
    resources = internal / "callpath" / "resources"
    assert (resources / "catalog.json").is_file()
    assert {p.parent.parent.name for p in resources.glob("locale/*/LC_MESSAGES/callpath.mo")} == {
        "zh_CN", "zh_TW"}
    assert not list(internal.rglob("*.po")) and not list(internal.rglob("tests"))
    qt = internal / "PySide6" / "Qt"
    assert sorted(p.name for p in (qt / "translations").iterdir()) == [
        "qtbase_zh_CN.qm", "qtbase_zh_TW.qm"]
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert platforms == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}
    kinds = {p.name for p in (qt / "plugins").iterdir()}
    assert kinds <= set(bundle.KEEP_PLUGINS)
    assert not list(internal.rglob("libQt6Pdf*")) and not list(internal.rglob("libQt6Qml*"))
    assert not (internal / "cryptography").exists()


def test_every_library_the_app_loads_is_found(frozen_app):
    """Trimming must not cut a library something still needs: ldd every shared object, with the
    bundle's own folder searched first as the bootloader does."""
    if not shutil.which("ldd"):
        pytest.skip("no ldd here")
    internal = frozen_app / "_internal"
    # Optional plugins whose system libraries a desktop may or may not have (GTK's theme, Wayland):
    # Qt skips them quietly when they cannot load.
    optional = ("libqgtk3.so", "libqwayland.so", "wayland-", "libQt6Wayland", "libQt6WlShell")
    missing = {}
    for path in [frozen_app / "CallPath", *internal.rglob("*.so*")]:
        if not path.is_file() or any(o in str(path) for o in optional):
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                             env={"LD_LIBRARY_PATH": str(internal)})
        lost = [line.split()[0] for line in out.stdout.splitlines() if "not found" in line]
        if lost:
            missing[str(path.relative_to(frozen_app))] = lost
    assert missing == {}


def test_version_without_python(frozen_app, tmp_path):
    out = subprocess.run([str(frozen_app / "CallPath"), "--version"], capture_output=True,
                         text=True, env=bare_env(tmp_path), timeout=60)
    meta = bundle.metadata()
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"{meta['name']} {meta['version']}"


def test_report_command_renders_a_saved_report(frozen_app, tmp_path):
    """The CLI inside the bundle finds its translations: a saved report, in Chinese."""
    out = subprocess.run([str(frozen_app / "CallPath"), "report", str(FIXTURES / "captive-portal.json"),
                          "--lang", "zh_CN", "--format", "text"],
                         capture_output=True, text=True, env=bare_env(tmp_path), timeout=60)
    assert out.returncode == 0, out.stderr
    assert "登录页" in out.stdout or "登录" in out.stdout, out.stdout[:400]


def test_app_starts_with_catalog_translations_and_icon(frozen_app, tmp_path):
    out = subprocess.run([str(frozen_app / "CallPath")], capture_output=True, text=True, timeout=60,
                         env=bare_env(tmp_path, QT_QPA_PLATFORM="offscreen", CALLPATH_SELF_CHECK="1"))
    assert out.returncode == 0, (out.stdout, out.stderr)
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts["frozen"] is True and facts["platform"] == "offscreen"
    assert facts["catalog_endpoints"] >= 20 and facts["icon"]
    assert facts["qt_translation_zh_CN"] and facts["qt_translation_zh_TW"]
    assert "电话" in facts["titles"]["zh_CN"] and "電話" in facts["titles"]["zh_TW"]
    assert "Traceback" not in out.stderr


def _desktop_exec(entry: Path) -> list[str]:
    """The Exec line of a desktop entry, unquoted per the Desktop Entry spec (string escapes,
    then the double-quoted argument's backslash escapes)."""
    line = next(x for x in entry.read_text(encoding="utf-8").splitlines() if x.startswith("Exec="))
    value = line[len("Exec="):]
    unescaped, i = [], 0
    while i < len(value):  # string-value escapes: \\ -> \
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] == "\\":
            unescaped.append("\\")
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    value = "".join(unescaped).replace("%%", "%")
    assert value.startswith('"') and value.endswith('"'), value
    inner, out, i = value[1:-1], [], 0
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner):
            out.append(inner[i + 1])
            i += 2
        else:
            out.append(inner[i])
            i += 1
    return ["".join(out)]


def test_install_registers_the_desktop_entry_and_uninstall_removes_it(frozen_app, tmp_path):
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([str(frozen_app / "install.sh")], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    entry = tmp_path / "data" / "applications" / "callpath.desktop"
    assert entry.is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    assert _desktop_exec(entry) == [str(frozen_app / "CallPath")]
    for size in (16, 48, 256):
        assert (tmp_path / "data" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "callpath.png").is_file()
    assert (tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "callpath.svg").is_file()

    out = subprocess.run([str(frozen_app / "uninstall.sh")], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert not entry.exists()
    assert not list((tmp_path / "data" / "icons").rglob("callpath.*"))
    assert (frozen_app / "CallPath").is_file()  # the app itself stays where the user put it


def _windows(display: str) -> str:
    # In a UTF-8 locale, so that a Chinese window title reads as itself.
    return subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                          env={"DISPLAY": display, "LANG": "C.UTF-8"}).stdout


def test_double_click_opens_the_app_on_a_desktop(frozen_app, tmp_path):
    """Under Xvfb: install, then start the app the way a desktop does, from its entry's Exec
    line; the window appears with its title, in the desktop's language. CALLPATH_SCREENSHOT_DIR
    keeps a screenshot."""
    for tool in ("Xvfb", "xwininfo"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is missing (tools/install-test-packages installs it)")
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run([str(frozen_app / "install.sh")], check=True, capture_output=True, env=env)
    display = f":{90 + os.getpid() % 100}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        deadline = time.monotonic() + 10
        while "root window" not in _windows(display).lower():
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        argv = _desktop_exec(tmp_path / "data" / "applications" / "callpath.desktop")
        # A desktop in Traditional Chinese (whose locale this machine need not have installed):
        # the app opens in it.
        app = subprocess.Popen(argv, env=bare_env(tmp_path, DISPLAY=display, LANG="zh_TW.UTF-8"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while "CallPath：我的電話為什麼打不通？" not in _windows(display):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "no CallPath window within 30 s"
            time.sleep(0.2)
        shots = os.environ.get("CALLPATH_SCREENSHOT_DIR")
        if shots and shutil.which("import"):
            time.sleep(1.0)  # let the first paint finish
            subprocess.run(["import", "-display", display, "-window", "root",
                            str(Path(shots) / "bundle-xvfb.png")], check=True)
    finally:
        if app is not None:
            app.terminate()
            try:
                _, err = app.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                _, err = app.communicate()
            assert "Traceback" not in err
        xvfb.terminate()
        xvfb.wait(timeout=10)


def test_the_release_workflows_smoke_tests_pass_here(frozen_app, capsys):
    """tools/smoke.py, as the release workflow runs it on each system, on the Linux archive."""
    from tools import smoke
    assert smoke.main([str(frozen_app)]) == 0
    out = capsys.readouterr().out
    assert out.count("ok: ") == 3 and "FAILED" not in out


def test_the_smoke_tests_find_each_systems_programs(tmp_path):
    from tools import smoke
    assert smoke.programs(tmp_path, "win32") == (tmp_path / "CallPath" / "CallPath.exe",
                                                 tmp_path / "CallPath" / "callpath-cli.exe")
    mac = tmp_path / "CallPath.app" / "Contents" / "MacOS" / "CallPath"
    assert smoke.programs(tmp_path, "darwin") == (mac, mac)
    assert smoke.programs(tmp_path, "linux")[0] == tmp_path / "CallPath" / "CallPath"
