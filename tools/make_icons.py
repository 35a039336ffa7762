#!/usr/bin/env python3
"""Make every platform's app icon from the one source image, resources/icons/callpath.svg.

    python tools/make_icons.py OUTDIR

writes OUTDIR/hicolor/<n>x<n>/apps/callpath.png (Linux, the freedesktop icon theme layout),
OUTDIR/callpath.ico (Windows) and OUTDIR/callpath.icns (macOS). Qt's SVG renderer draws each size
(the app itself shows the SVG the same way); Pillow writes the .ico and .icns containers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "callpath.svg"
LINUX_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"make_icons: could not write {out}")


def make(outdir: Path) -> dict[str, Path]:
    """Write every icon into outdir; return where the Linux PNG, .ico and .icns are."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    for size in LINUX_SIZES:
        render(size, outdir / "hicolor" / f"{size}x{size}" / "apps" / "callpath.png")
    big = outdir / "callpath-1024.png"
    render(1024, big)
    with Image.open(big) as image:
        image.save(outdir / "callpath.ico", sizes=[(s, s) for s in ICO_SIZES])
        image.save(outdir / "callpath.icns")  # Pillow writes every size macOS uses from it
    return {"png": outdir / "hicolor" / "256x256" / "apps" / "callpath.png",
            "ico": outdir / "callpath.ico", "icns": outdir / "callpath.icns"}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.strip().splitlines()[2].strip())
    for kind, path in make(Path(sys.argv[1])).items():
        print(f"{kind}: {path}")
