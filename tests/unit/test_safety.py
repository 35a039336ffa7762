"""The user's safety, as code: TLS verification is never switched off, no shell ever runs,
and the log is redacted like reports."""

import getpass
import logging
import re
import socket
from pathlib import Path

from callpath.core.base import logs
from callpath.core.base.redact import machine_identity

ROOT = Path(__file__).resolve().parent.parent.parent
FORBIDDEN = {
    r"verify\s*=\s*False": "TLS verification switched off (requests)",
    r"CERT_NONE": "TLS verification switched off (ssl)",
    r"check_hostname\s*=\s*False": "host name checks switched off",
    r"_create_unverified_context": "an unverified TLS context",
    r"shell\s*=\s*True": "a shell run by subprocess",
    r"os\.system\(|os\.popen\(": "a shell run by os",
}


def test_no_code_switches_tls_off_or_runs_a_shell():
    found = []
    for folder in ("core", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text("utf-8")
            for pattern, what in FORBIDDEN.items():
                for match in re.finditer(pattern, text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_the_log_is_redacted_like_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("getpass.getuser", lambda: "mei-lin")  # a name that identifies someone
    path = logs.setup()
    assert path is not None and path.is_relative_to(tmp_path)
    log = logging.getLogger("callpath.test")
    home, user, computer = str(Path.home()), getpass.getuser(), socket.gethostname()
    log.info("looked up 203.0.113.9 and 2001:db8::5 from %s as %s on %s", home, user, computer)
    try:
        raise OSError(f"cannot open {home}/secret.txt on 198.51.100.23")
    except OSError:
        log.exception("failed")
    for handler in logging.getLogger("callpath").handlers:
        handler.flush()
    text = path.read_text("utf-8")
    assert "failed" in text and "looked up" in text
    for secret in ("203.0.113.9", "2001:db8::5", "198.51.100.23", f"{home}/secret.txt"):
        assert secret not in text, secret
    # What identifies this user (a generic name such as "root" identifies nobody and is kept).
    identity = machine_identity()
    for kind in ("user", "computer"):
        if kind in identity:
            assert not re.search(rf"\b{re.escape(identity[kind])}\b", re.sub(r"\[[^]]*\]", "", text))
