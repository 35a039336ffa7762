"""Smoke-test a frozen CallPath where it was built (Linux, Windows, macOS): the release workflow
runs this after PyInstaller, and the Linux test suite runs it on the unpacked archive.

    python tools/smoke.py DIST        # PyInstaller's output folder (dist/), or the unpacked
                                      # Linux archive's folder

Checks, each with no Python of the build's on PATH: ``--version`` names this version; the app
opens offscreen and finds its catalog, translations and icon (its self-check); a saved report
renders in Simplified Chinese. Prints one line per check; exit 1 on the first that fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "reports" / "captive-portal.json"


def programs(dist: Path, platform: str = sys.platform) -> tuple[Path, Path]:
    """(the app, the command line) inside a PyInstaller output folder, per system."""
    if platform == "darwin":
        app = dist / "CallPath.app" / "Contents" / "MacOS" / "CallPath"
        return app, app
    if platform == "win32":
        return dist / "CallPath" / "CallPath.exe", dist / "CallPath" / "callpath-cli.exe"
    app = dist / "CallPath" if (dist / "CallPath").is_file() else dist / "CallPath" / "CallPath"
    return app, app


def version() -> str:
    sys.path.insert(0, str(ROOT / "tools"))
    import bundle

    return bundle.metadata()["version"]


def run(argv: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=120, env=env, check=False)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/smoke.py DIST", file=sys.stderr)
        return 2
    app, cli = programs(Path(argv[0]))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out = run([str(cli), "--version"])
        ok = out.returncode == 0 and version() in out.stdout
        print(f"{'ok' if ok else 'FAILED'}: --version: {out.stdout.strip() or out.stderr.strip()}")
        failures += [] if ok else ["--version"]

        facts_file = Path(tmp) / "self-check.json"
        out = run([str(app)], QT_QPA_PLATFORM="offscreen", CALLPATH_SELF_CHECK=str(facts_file),
                  XDG_CONFIG_HOME=str(Path(tmp) / "config"), XDG_STATE_HOME=str(Path(tmp) / "state"))
        facts = json.loads(facts_file.read_text("utf-8")) if facts_file.is_file() else {}
        ok = out.returncode == 0 and facts.get("frozen") is True and facts.get("catalog_endpoints", 0) > 0
        print(f"{'ok' if ok else 'FAILED'}: the app's self-check: {facts or out.stderr.strip()[-400:]}")
        failures += [] if ok else ["self-check"]

        page = Path(tmp) / "report.html"
        out = run([str(cli), "report", str(REPORT), "--lang", "zh_CN", "--format", "html", "--output", str(page)])
        text = page.read_text("utf-8") if page.is_file() else ""
        ok = out.returncode == 0 and 'lang="zh-CN"' in text and "网络" in text
        print(f"{'ok' if ok else 'FAILED'}: a report in Chinese: {len(text)} characters {out.stderr.strip()[-300:]}")
        failures += [] if ok else ["report"]
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
