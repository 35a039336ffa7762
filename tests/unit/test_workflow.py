"""The release workflow names files of this repository: each must exist, or the workflow fails
on a runner only after a long build (actionlint and zizmor check the rest, in 'make test')."""

import re
from pathlib import Path

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
