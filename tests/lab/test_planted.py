"""A report made on a client full of personal data carries none of it.

The lab's user is given a computer name, a user name, a network card (MAC), a named network
interface, a company proxy known by an internal name (with the user's credentials) and a list of
internal names it must not be used for, and sits behind a hotel portal whose redirect carries the
MAC in three spellings, the network's name, a room and a guest's name. The unredacted record is
checked to hold them (so the planting is real), then every format, the log and the history.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess

from . import lab

COMPUTER = lab.PORTAL_GUEST          # the portal names the client as its DHCP host name
USER = "zhangwei"
INTERFACE = "AcmeCorp-GP"            # as a company's VPN client names its adapter (15 chars max)
PROXY = f"http://{USER}:Secret123@{lab.INTERNAL_PROXY_NAME}:8888"
NO_PROXY = "wiki.zhangfamily.test,intranet.acme-corp.test,10.0.0.0/8"

# Every spelling that must not survive, compared case-insensitively.
SECRETS = (
    "1e:2a:3b:4d:5e:6f", "1e2a3b4d5e6f", "1e-2a-3b-4d-5e-6f", "1e%3a2a%3a3b", "1e2a.3b4d.5e6f",
    COMPUTER, USER, "zhang%20wei", "zhang wei", "Secret123", "acme", "zhangfamily",
    "HotelLotus", "room=1207", "client_mac", "ssid=",
)


def _leaks(text: str) -> list[str]:
    low = text.lower()
    return [s for s in SECRETS if s.lower() in low]


@contextlib.contextmanager
def _named_interface(name: str):
    """The client's card renamed (a rename needs the link down, which drops its routes)."""
    def rename(old: str, new: str) -> None:
        lab.nsx("client", "ip", "link", "set", old, "down")
        lab.nsx("client", "ip", "link", "set", old, "name", new)
        lab.nsx("client", "ip", "link", "set", new, "up")
        link = lab.LINKS[0]
        lab.nsx("client", "ip", "addr", "replace", link.a4, "dev", new)
        lab.nsx("client", "ip", "addr", "replace", link.a6, "dev", new, "nodad")
        gw4, gw6 = lab.GATEWAYS["client"]
        lab.nsx("client", "ip", "route", "replace", "default", "via", gw4)
        lab.nsx("client", "ip", "-6", "route", "replace", "default", "via", gw6)

    rename("eth0", name)
    try:
        yield
    finally:
        rename(name, "eth0")


def _as_planted_user(home, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``callpath ARGS`` as the planted user: own host name (a UTS namespace of its own),
    user name, home folder and proxy settings."""
    env = {"USER": USER, "LOGNAME": USER, "HOME": str(home),
           "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
           # Secure connections through the company proxy; plain HTTP goes straight out, so
           # the hotel's portal answers it.
           "HTTPS_PROXY": PROXY, "NO_PROXY": NO_PROXY}
    argv = ["unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', COMPUTER,
            *lab.callpath_argv(*args)]
    cmd, env = lab.client_command(argv, env)
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=90)
    if check and out.returncode != 0:
        raise AssertionError(f"callpath {args[0]} exited {out.returncode}: {out.stderr[-500:]}")
    return out


def test_a_report_made_on_a_planted_client_keeps_none_of_it(fault, tmp_path):
    fault("captive-portal")
    catalog = str(lab.STATE / "catalog.json")
    homes = {which: lab.STATE / "home" / which / USER for which in ("raw", "shared")}
    for home in homes.values():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
    raw_file = homes["raw"] / "raw.json"
    with _named_interface(INTERFACE):
        _as_planted_user(homes["raw"], "diagnose", "--catalog", catalog, "--location", "abroad",
                         "--no-redact", "--format", "json", "--output", str(raw_file))
        shared = {fmt: _as_planted_user(homes["shared"], "diagnose", "--catalog", catalog,
                                        "--location", "abroad", "--format", fmt, "--also", "zh_CN",
                                        ).stdout
                  for fmt in ("json", "markdown")}
    raw_text = raw_file.read_text()
    raw = json.loads(raw_text)

    # The planting is real: the unredacted record holds each kind of personal data.
    planted = {"MAC": "1e:2a:3b:4d:5e:6f", "interface": INTERFACE, "proxy": lab.INTERNAL_PROXY_NAME,
               "no_proxy": "zhangfamily", "portal URL": "client_mac=1E2A3B4D5E6F",
               "computer name (in the portal URL)": COMPUTER}
    missing = [what for what, s in planted.items() if s.lower() not in raw_text.lower()]
    assert not missing, f"not planted after all: {missing}"
    assert raw["verdict"]["cause"] == "captive_portal"
    assert "Secret123" not in raw_text  # credentials never recorded, even unredacted

    # The check sees a leak where there is one: the same record shown unredacted.
    seen = _leaks(_as_planted_user(homes["raw"], "report", str(raw_file), "--format", "json",
                                   "--no-redact").stdout)
    assert {"1e:2a:3b:4d:5e:6f", COMPUTER, "acme", "zhangfamily", "client_mac"} <= set(seen), seen

    # Every format made from the record, by the planted user, redacted by default.
    for fmt in ("json", "markdown", "html", "text"):
        out = _as_planted_user(homes["raw"], "report", str(raw_file), "--format", fmt,
                               "--also", "zh_TW").stdout
        assert out.strip() and not _leaks(out), (fmt, _leaks(out))
    for fmt, out in shared.items():
        assert out.strip() and not _leaks(out), (fmt, _leaks(out))
    report = json.loads(shared["json"])
    assert report["context"]["redacted"] is True
    assert report["verdict"]["cause"] == "captive_portal"  # the verdict survives redaction

    # The shared run's log and history (its folders are named after the user; their contents
    # must not be).
    kept = [p for p in homes["shared"].rglob("*") if p.is_file()]
    assert any(p.name == "callpath.log" for p in kept), kept
    assert any("history" in p.name for p in kept), kept
    for path in kept:
        text = path.read_bytes().decode("utf-8", "replace")
        assert not _leaks(text), (path.name, _leaks(text))
