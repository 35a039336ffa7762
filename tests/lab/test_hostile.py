"""Servers that misbehave on purpose (tests/lab/hostile.py) in place of one group's servers.

Each case must end within the deadline, record the right error code, stay within bounded
memory, and give the verdict a person would call right (never the user's side for a server's
misbehaviour). The table of what was
seen (case, code, seconds, peak memory) is written to build/hostile-table.md.
"""

from pathlib import Path

import pytest

from . import lab

# The command's own deadline (callpath diagnose's default) and a bound on its memory: the
# diagnosis of a healthy lab peaks near 60 MB; an endless body or a flood of records must not
# make it grow without bound.
DEADLINE_S = 20.0
PEAK_LIMIT_KB = 150_000

# id, fault mode, target, symptom, {measurement id: allowed codes (None: measured fine)}.
# "skipped": HTTPS is not tried where the TLS handshake already failed.
CASES = [
    ("accepts-and-stays-silent", "silent", "service", "sign_in",
     {"service.live-login.tls": {"timeout"}, "service.live-login.http": {"skipped"}}),
    ("trickles-a-byte-a-second", "trickle", "service", "sign_in",
     {"service.live-login.tls": {None}, "service.live-login.http": {"timeout"}}),
    ("endless-body", "huge", "service", "sign_in",
     {"service.live-login.http": {None}}),
    ("garbage-instead-of-tls", "tls-garbage", "service", "sign_in",
     {"service.live-login.tls": {"bad_response"}, "service.live-login.http": {"skipped"}}),
    ("garbage-instead-of-http", "garbage", "china-http", "check",
     {"china.miui-check.http": {"bad_response", "connection_closed", "reset"}}),
    ("broken-certificate-chain", "broken-chain", "service", "sign_in",
     {"service.live-login.tls": {"cert_untrusted"}, "service.live-login.http": {"skipped"}}),
    ("redirect-loop", "redirect-loop", "service", "sign_in",
     {"service.live-login.http": {None}}),
    ("redirect-to-file-scheme", "redirect-file", "china-http", "check",
     {"china.miui-check.http": {"http_status"}}),
    ("redirect-to-ftp-scheme", "redirect-ftp", "service", "sign_in",
     {"service.live-login.http": {None}}),
    ("redirect-outside-the-catalog", "redirect-outside", "china-http", "check",
     {"china.miui-check.http": {"http_status"}}),
    ("dns-hundreds-of-records", "dns-huge", "china-dns", "app_calls",
     {"china.dns-114.dns_server": {None}}),
    ("dns-cname-loop", "dns-cname-loop", "china-dns", "app_calls",
     {"china.dns-114.dns_server": {"no_answer", "nxdomain", "malformed"}}),
    ("dns-truncated-packet", "dns-truncated", "china-dns", "app_calls",
     {"china.dns-114.dns_server": {"malformed"}, "china.dns-114.dns_sample": {"malformed"}}),
    ("dns-garbage-packet", "dns-garbage", "china-dns", "app_calls",
     {"china.dns-114.dns_server": {"malformed"}, "china.dns-114.dns_sample": {"malformed"}}),
    ("stun-truncated", "stun-truncated", "relay", "app_calls",
     {"service.teams-relay.stun": {"no_response", "malformed"}}),
    ("stun-malformed", "stun-malformed", "relay", "app_calls",
     {"service.teams-relay.stun": {"no_response", "malformed"}}),
    ("stun-wrong-transaction-id", "stun-wrong-txid", "relay", "app_calls",
     {"service.teams-relay.stun": {"malformed"}}),
    ("stun-from-a-wrong-source", "stun-wrong-source", "relay", "app_calls",
     {"service.teams-relay.stun": {"no_response"}}),
]

# The verdict a person would call right: a misbehaving server is that server's problem — the
# service not answering when its sign-in servers misbehave, "all fine but this check failed"
# when a check in China answers garbage, the relay silent when its answers never match — and
# never the user's side; anything not explained is said, so never "high" for all fine.
VERDICTS = {
    # Teams' live hosts (4 of its 5 connections) all misbehaving: the service, beyond doubt.
    "accepts-and-stays-silent": ("upstream", "service_unreachable", "high"),
    "trickles-a-byte-a-second": ("upstream", "service_unreachable", "high"),
    "garbage-instead-of-http": ("none", "healthy", "medium"),
    "redirect-to-file-scheme": ("none", "healthy", "medium"),
    "redirect-outside-the-catalog": ("none", "healthy", "medium"),
    "stun-from-a-wrong-source": ("upstream", "udp_blocked", "medium"),
}
DEFAULT_VERDICT = ("upstream", "beyond_reach", "medium")  # the complaint stands; the server is named
# Coherent cases the analysis judges wrong for now (reported to its owner with the recorded
# reports); strict, so a fix shows. Both came with the lab's everyday background: the user's
# resolver answers edge.skype.com with the service's second address, where the hostile server
# stands in too.
DISCREPANCIES: dict[str, str] = {}  # none known now (both the lab found are fixed: see git log)

REDIRECT_TO = {"redirect-loop": "https://login.live.com/", "redirect-file": "file:",
               "redirect-ftp": "ftp:", "redirect-outside": "http://203.0.113.77/"}

TABLE: list[tuple[str, str, float, int, str]] = []


@pytest.fixture(scope="module", autouse=True)
def table():
    yield
    if TABLE:
        out = Path(lab.REPO) / "build" / "hostile-table.md"
        out.parent.mkdir(exist_ok=True)
        lines = ["| case | error code seen | time (s) | peak memory (MB) | verdict |",
                 "|---|---|---|---|---|"]
        lines += [f"| {c} | {code} | {s:.1f} | {kb / 1024:.0f} | {v} |" for c, code, s, kb, v in TABLE]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _code(m: dict) -> str | None:
    return None if m["ok"] else m["error"]["code"]


@pytest.mark.parametrize("case,mode,target,symptom,expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_server(fault, case, mode, target, symptom, expected):
    fault("hostile", mode=mode, target=target)
    used: dict = {}
    report, _ = lab.diagnose("--symptom", symptom, resources=used, timeout=60)
    by_id = {m["id"]: m for m in report["measurements"]}
    seen = []
    for prefix, codes in expected.items():
        m = by_id.get(prefix)
        assert m is not None, f"no measurement {prefix}; have {sorted(by_id)}"
        assert _code(m) in codes, (prefix, m.get("error"), m.get("metrics"))
        seen.append(f"{prefix.split('.', 1)[1]}: {_code(m) or 'ok'}")
    verdict = report["verdict"]
    TABLE.append((case, "; ".join(seen), used["seconds"], used["peak_kb"],
                  f"{verdict['locus']}/{verdict['cause']}"))
    assert report["context"]["duration_s"] <= DEADLINE_S + 1
    assert used["seconds"] <= DEADLINE_S + 10  # start-up and writing the report included
    assert used["peak_kb"] < PEAK_LIMIT_KB
    expected_verdict = VERDICTS.get(case, DEFAULT_VERDICT)
    got = (verdict["locus"], verdict["cause"], verdict["confidence"])
    if case in DISCREPANCIES:  # expected to fail; failing once judged right, so the fix shows
        assert got != expected_verdict, f"{case} is judged right now: take it out of DISCREPANCIES"
        pytest.xfail(DISCREPANCIES[case])
    assert got == expected_verdict, verdict["explanation"]
    if mode.startswith("redirect-"):  # recorded, never followed: one request, to the catalog's URL
        m = by_id[next(iter(expected))]
        assert m["metrics"]["redirect"].startswith(REDIRECT_TO[mode]), m["metrics"]
        assert m["metrics"]["url"] == m["target"]
        assert not [x for x in report["measurements"]
                    if REDIRECT_TO[mode] in str(x.get("target", "")) and mode != "redirect-loop"]
