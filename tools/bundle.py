#!/usr/bin/env python3
"""The release bundle: what build.spec puts in it, and the Linux archive made from it.

    pyinstaller --noconfirm build.spec     # dist/CallPath/ (uses the functions below)
    python tools/bundle.py pack            # dist/CallPath-<version>-linux-x86_64.tar.gz

``make bundle`` runs both. bench/bundle_size_start.py builds a bare PySide6 app with the same
EXCLUDES, trim() and STRIP, so the two are compared like for like.
"""

from __future__ import annotations

import ast
import platform
import shutil
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
LINUX_FILES = ROOT / "packaging" / "linux"

# Python modules nothing in the app imports, which PyInstaller would otherwise follow into.
EXCLUDES = [
    "tkinter", "unittest", "pydoc", "doctest", "lib2to3", "setuptools", "pkg_resources", "pip",
    "PIL", "numpy", "IPython",
    # requests tries urllib3's pyOpenSSL glue only when Python's ssl lacks SNI, which it never does
    "urllib3.contrib.pyopenssl", "cryptography", "OpenSSL",
    # only ProcessPoolExecutor needs it (the app uses threads); its run-time hook costs start time
    "multiprocessing", "concurrent.futures.process",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtPdf", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtPrintSupport", "PySide6.QtDBus", "PySide6.QtConcurrent", "PySide6.QtXml",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtNetworkAuth",
]
# Bytecode without docstrings and asserts: less to load at start. Nothing in the app reads
# __doc__ (the CLI's help is written out) and no assert guards behaviour.
OPTIMIZE = 2
# Strip symbols from shared libraries on Linux (on Windows there are none to strip; on macOS
# stripping breaks code signatures).
STRIP = sys.platform.startswith("linux")

# Qt plugins, by folder: the ones the app loads. A folder not named here goes entirely.
KEEP_PLUGINS = {
    # Linux X11 and Wayland, Windows, macOS; offscreen for the smoke test and screenshots.
    "platforms": ("xcb", "wayland", "windows", "cocoa", "offscreen"),
    "platformthemes": ("gtk3", "xdgdesktopportal"),  # the desktop's own file dialog and fonts
    "platforminputcontexts": ("compose", "ibus"),  # dead keys; Chinese input methods
    "imageformats": ("svg",),  # the app icon is an SVG (PNG is built into Qt)
    "iconengines": ("svg",),
    "styles": ("",),  # Windows' and macOS' native looks
    "wayland-shell-integration": ("xdg-shell",),  # what desktops speak today
    "wayland-decoration-client": ("",),
}
# Qt's own translations: only its standard buttons and dialogs in the app's two other languages.
KEEP_QT_TRANSLATIONS = ("qtbase_zh_CN", "qtbase_zh_TW")
# Qt libraries only the dropped plugins or modules load.
DROP_QT_LIBS = ("Qt6Pdf", "Qt6Qml", "Qt6Quick", "Qt6Network", "Qt6OpenGL", "Qt6VirtualKeyboard",
                "Qt6WaylandEglClientHwIntegration", "Qt6EglFSDeviceIntegration",
                "Qt6EglFsKmsSupport", "Qt6EglFsKmsGbmSupport")

# System libraries every Linux desktop has, and which must match the rest of the desktop (the
# user's GTK theme loads their own glib; their X server their own libX11): left out, as the
# AppImage project's excludelist does. Kept: what Python's modules need (ssl, sqlite3, lzma…),
# and the xcb utility libraries Qt's xcb plugin needs, which desktops often lack.
SYSTEM_LIBS = (
    "libX11", "libXau", "libXdmcp", "libXext", "libXrender", "libxcb.so", "libGL", "libEGL",
    "libfontconfig", "libfreetype", "libharfbuzz", "libglib-2.0", "libgio-2.0", "libgobject-2.0",
    "libgmodule-2.0", "libgthread-2.0", "libdbus-1", "libsystemd", "libgcrypt", "libgpg-error",
    "libgssapi_krb5", "libkrb5", "libk5crypto", "libcom_err", "libkeyutils", "libcairo",
    "libpango", "libpixman", "libgdk_pixbuf", "libatk", "libmount", "libblkid", "libselinux",
    "libpcre2", "libthai", "libdatrie", "libfribidi", "libgraphite2", "libbrotli", "libpng16",
    "libjpeg", "libexpat", "libuuid", "libcap", "liblz4", "libzstd", "libbsd", "libmd.",
    "libwayland",
)


def metadata() -> dict[str, str]:
    """Name and version from the package itself (core/__init__.py), without importing it."""
    tree = ast.parse((ROOT / "core" / "__init__.py").read_text(encoding="utf-8"))
    values = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name) and isinstance(node.value, ast.Constant)}
    return {"name": values["APP_NAME"], "version": values["__version__"], "id": values["APP_ID"],
            "bundle_id": f"org.callpath.{values['APP_ID']}"}


def stage() -> Path:
    """build/stage/callpath/{core,gui,resources}: the installed layout, from the checkout, with
    the translations compiled. Returns build/stage, holding the launcher CallPath.py too."""
    sys.path.insert(0, str(ROOT / "tools"))
    import translations

    translations.compile_all()
    root = BUILD / "stage"
    if root.exists():
        shutil.rmtree(root)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.po", "*.pot")
    for folder in ("core", "gui", "resources"):
        shutil.copytree(ROOT / folder, root / "callpath" / folder, ignore=skip)
    (root / "CallPath.py").write_text(
        "import sys\n\nfrom callpath.gui.main import main\n\nsys.exit(main())\n", encoding="utf-8")
    return root


def icons() -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "tools"))
    import make_icons

    return make_icons.make(BUILD / "icons")


def resource_datas(stage_root: Path) -> list[tuple[str, str]]:
    """(file, folder in the bundle) for every data file of callpath.resources."""
    out = []
    resources = stage_root / "callpath" / "resources"
    for path in sorted(resources.rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            out.append((str(path), str(path.parent.relative_to(stage_root))))
    return out


def hidden_imports() -> list[str]:
    """Every module of the app: some load late, from a thread, where PyInstaller cannot see."""
    names = []
    for folder, package in (("core", "callpath.core"), ("gui", "callpath.gui")):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join((package, *parts)))
    return names


def _keep(dest: str) -> bool:
    parts = Path(dest).parts
    if "PySide6" in parts and "translations" in parts:
        return Path(dest).stem in KEEP_QT_TRANSLATIONS
    if "PySide6" in parts and "plugins" in parts:
        i = parts.index("plugins")
        if len(parts) <= i + 2:
            return True
        kinds = KEEP_PLUGINS.get(parts[i + 1])
        return kinds is not None and any(k in Path(dest).name for k in kinds)
    name = Path(dest).name
    if STRIP and len(parts) == 1 and name.startswith(SYSTEM_LIBS):
        return False
    return not any(name.startswith((f"lib{lib}.", f"{lib}.", f"lib{lib}_")) or name == f"{lib}.dll"
                   for lib in DROP_QT_LIBS)


def trim(analysis) -> None:
    """Drop the Qt plugins, libraries and translations the app never loads from an Analysis."""
    analysis.binaries = [entry for entry in analysis.binaries if _keep(entry[0])]
    analysis.datas = [entry for entry in analysis.datas if _keep(entry[0])]


def windows_version_file(meta: dict[str, str]) -> str | None:
    """Windows' version information (file properties), as PyInstaller's version file."""
    if sys.platform != "win32":
        return None
    numbers = tuple(int(p) for p in meta["version"].split(".")[:3]) + (0,)
    strings = {"CompanyName": "CallPath", "FileDescription": meta["name"],
               "FileVersion": meta["version"], "InternalName": meta["id"],
               "LegalCopyright": "GPL-3.0-or-later", "OriginalFilename": f"{meta['name']}.exe",
               "ProductName": meta["name"], "ProductVersion": meta["version"]}
    entries = ",\n".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    text = (f"VSVersionInfo(ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}),\n"
            f"kids=[StringFileInfo([StringTable('040904B0', [\n{entries}])]),\n"
            f"VarFileInfo([VarStruct('Translation', [1033, 1200])])])\n")
    path = BUILD / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def archive_name(meta: dict[str, str] | None = None) -> str:
    meta = meta or metadata()
    return f"{meta['name']}-{meta['version']}-linux-{platform.machine()}"


def pack() -> Path:
    """dist/CallPath-<version>-linux-<arch>.tar.gz: under one top folder, the app (double-click
    CallPath), the desktop entry and icons, the install and uninstall scripts, a README and the
    licence."""
    meta = metadata()
    app = DIST / meta["name"]
    if not (app / meta["name"]).is_file():
        raise SystemExit(f"bundle: {app} has no app; run 'pyinstaller --noconfirm build.spec' first")
    top = archive_name(meta)
    out = DIST / f"{top}.tar.gz"
    tmp = out.with_suffix(".part")

    def mode(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(tmp, "w:gz", compresslevel=9) as tar:
        for item in sorted(app.iterdir()):  # the executable and _internal/, at the top
            tar.add(item, arcname=f"{top}/{item.name}", filter=mode)
        for name in ("install.sh", "uninstall.sh", "callpath.desktop", "README.txt"):
            tar.add(LINUX_FILES / name, arcname=f"{top}/{name}", filter=mode)
        tar.add(BUILD / "icons" / "hicolor", arcname=f"{top}/icons/hicolor", filter=mode)
        tar.add(ROOT / "resources" / "icons" / "callpath.svg",
                arcname=f"{top}/icons/hicolor/scalable/apps/callpath.svg", filter=mode)
        tar.add(ROOT / "LICENSE", arcname=f"{top}/LICENSE", filter=mode)
    tmp.replace(out)
    return out


if __name__ == "__main__":
    if sys.argv[1:] != ["pack"]:
        raise SystemExit("usage: python tools/bundle.py pack")
    print(pack())
