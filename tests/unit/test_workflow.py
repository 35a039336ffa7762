"""The release workflow names files of this repository: each must exist, or the workflow fails
on a runner only after a long build (actionlint and zizmor check the rest, in 'make test')."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_every_file_the_release_workflow_names_exists():
    text = WORKFLOW.read_text("utf-8")
    named = set(re.findall(r"\b((?:tools|packaging|tests)/[\w./-]+\.(?:py|sh|iss)|tools/install-test-packages|"
                           r"build\.spec)\b", text))
    assert {"build.spec", "tools/smoke.py", "packaging/windows/callpath.iss",
            "packaging/macos/make_dmg.sh", "tools/bundle.py"} <= named
    assert [n for n in named if not (ROOT / n).exists()] == []
    script = (ROOT / "packaging" / "windows" / "callpath.iss").read_text("utf-8")
    assert "PrivilegesRequired=lowest" in script and "{localappdata}" in script  # no admin rights
    assert (ROOT / "LICENSE").is_file()


def test_signing_is_off_until_switched_on_and_never_for_pull_requests():
    steps = WORKFLOW.read_text("utf-8").split("- name: ")
    signing = [s for s in steps if s.lower().startswith("sign")]
    assert len(signing) == 3
    for step in signing:
        condition = next(line for line in step.splitlines() if line.strip().startswith("if:"))
        assert "vars.SIGNING == 'on'" in condition and "refs/tags/v" in condition


def _make_dmg(tmp_path, failures: list[str]):
    """packaging/macos/make_dmg.sh with a stand-in hdiutil on PATH that fails with each of
    ``failures`` in turn (hdiutil's own words), then writes the image."""
    import os
    import subprocess

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "failures").write_text("\n".join(failures) + ("\n" if failures else ""), "utf-8")
    stub = bin_dir / "hdiutil"
    stub.write_text(f"""#!/usr/bin/env bash
echo "hdiutil $*" >> "{tmp_path}/calls"
first="$(head -n 1 "{tmp_path}/failures")"
if [ -n "$first" ]; then
    sed -i.bak 1d "{tmp_path}/failures"
    echo "hdiutil: create failed - $first" >&2
    exit 1
fi
touch "${{@: -1}}"
echo "created: ${{@: -1}}"
""", "utf-8")
    stub.chmod(0o755)
    app = tmp_path / "CallPath.app"
    (app / "Contents").mkdir(parents=True)
    out = tmp_path / "CallPath.dmg"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "DMG_RETRY_WAIT_S": "0"}
    done = subprocess.run(["bash", str(ROOT / "packaging" / "macos" / "make_dmg.sh"), str(app), str(out)],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    calls = (tmp_path / "calls").read_text("utf-8").splitlines()
    return done, out, calls


@pytest.mark.system("linux", "darwin", reason="runs the disk-image script with bash and a stand-in hdiutil")
def test_the_disk_image_is_tried_again_while_hdiutil_says_resource_busy(tmp_path):
    done, out, calls = _make_dmg(tmp_path, ["Resource busy"] * 3)
    assert done.returncode == 0 and out.is_file() and len(calls) == 4, done.stderr
    assert "-srcfolder" in calls[0] and "-format UDZO" in calls[0]


@pytest.mark.system("linux", "darwin", reason="runs the disk-image script with bash and a stand-in hdiutil")
def test_the_disk_image_fails_at_once_on_another_error_and_after_five_busy_tries(tmp_path):
    done, out, calls = _make_dmg(tmp_path, ["No space left on device"])
    assert done.returncode == 1 and len(calls) == 1 and "No space left on device" in done.stderr
    (tmp_path / "again").mkdir()
    done, out, calls = _make_dmg(tmp_path / "again", ["Resource busy"] * 6)
    assert done.returncode == 1 and len(calls) == 5 and not out.exists()


def test_a_release_is_drafted_only_with_every_systems_package_and_says_which_is_missing():
    text = WORKFLOW.read_text("utf-8")
    built = re.findall(r"^\s+package: ([\w-]+)$", text, re.M)
    assert sorted(built) == ["linux-x86_64", "macos-arm64", "macos-x86_64", "windows-x64"]
    release = text.split("\n  release:\n")[1]
    assert "if: always() && startsWith(github.ref, 'refs/tags/v')" in release  # runs to say why
    check = release.split("- name: Every system's package is there")[1].split("- name:")[0]
    assert sorted(re.search(r"for package in ([\w\s-]+?); do", check).group(1).split()) == sorted(built)
    assert "::error::" in check and "exit 1" in check
    assert "callpath-${{ matrix.package }}" in text.split("\n  release:\n")[0]
    # No runner the images have retired (macos-14 on 2026-11-02), none the runner hides
    # encodings behind.
    code = "\n".join(line.split(" #")[0] for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"macos-1[34]\b|windows-2019|ubuntu-2[02]\.04|PYTHONUTF8", code)
    assert {"windows-2025", "macos-15", "macos-15-intel", "ubuntu-24.04"} <= set(re.findall(r"os: ([\w.-]+)", code))
