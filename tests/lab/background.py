"""The lab's everyday background: the world as a user abroad meets it on an ordinary day.

A rule that passes only in a lab cleaner than the world proves little. So the lab is built
with what every user abroad meets every day, under every fault (``faults.clear()`` leaves it):

- **injection**: China's border answers a DNS question that crosses into China naming a
  censored name with a forged answer — a routable address from the injectors' own pool
  (resources/data/gfw-forged-answers-*.txt) — whoever it was sent to, an address that runs no
  resolver included (the catalog's injection probe); the harmless control name is never
  answered. The border DNATs such questions to its forging resolver (``lab.LIAR``), which is
  also where the ``forged-dns`` fault sends the names it chooses.
- **cdn**: the user's resolver answers CDN names by place: another address of the service
  (``lab.CDN``, each app's own, where the certificates are as valid) than the trusted DoH
  resolver gives.
  Both genuine: a verified handshake completes at either.
- **uneven controls**: the international voice controls do not all agree. Nextcloud's STUN
  server (UDP 3478) is slower and loses a little of its own, on its own host (delayer.py and
  ``-m statistic``), so no path or fault of the lab shares it; Google's STUN server is clean.

Inside China the injection is not on the way: the probe asks an address in China, so from
there its question never crosses the border. The ``in-china`` fault suspends that part
(:func:`suspend`, undone by :func:`resume`); the other two stay (its resolver is the user's
own, the trusted one is reset there, and UDP to the world is blocked anyway).
"""

from __future__ import annotations

import json
import zlib

from callpath.core.base.paths import resource_path
from callpath.core.engine import catalog as catalog_mod

from . import lab
from .lab import HOST, LIAR, SUBNET, app_addresses, nsx

# CDN-style names the user's resolver answers by place: one for each app's web check that is
# served from a CDN (Teams' and Skype's calling edge, WeChat's and WhatsApp's web sites), by the
# app whose CDN address it gets (lab.app_addresses).
CDN_NAMES = {"edge.skype.com": "teams", "weixin.qq.com": "wechat", "web.whatsapp.com": "whatsapp"}
# The uneven control: Nextcloud's STUN server, slower and a little lossy on its own.
SLOW_CONTROL_PORT = 3478
SLOW_CONTROL = {"loss": 2.0, "delay_ms": 40.0, "jitter_ms": 10.0}
CONTROL_QUEUE = 8  # the world's own NFQUEUE (faults' delayers use 7 in other namespaces)


def _state() -> dict:
    path = lab.STATE / "background.json"
    return json.loads(path.read_text()) if path.exists() else {"rules": {}, "suspended": []}


def _save(state: dict) -> None:
    (lab.STATE / "background.json").write_text(json.dumps(state, indent=1))


def censored_names(cat: catalog_mod.Catalog) -> list[str]:
    """The names the border forges answers for: those the catalog's injection probe asks."""
    return sorted({n.lower() for e in cat.endpoints for n in e.injection_names})


def _pool(kind: str) -> list[str]:
    text = resource_path(f"data/gfw-forged-answers-{kind}.txt").read_text("ascii")
    return [line.strip() for line in text.splitlines() if line.strip()]


def forged(name: str, v6: bool = False) -> str:
    """The address the border forges for ``name``: one of the pool's, the same every time."""
    pool = _pool("aaaa" if v6 else "a")
    return pool[zlib.crc32(name.encode()) % len(pool)]


def liar_lines(names: list[str], extra: list[str] = ()) -> list[str]:
    """The forging resolver's records: A and AAAA for the censored ``names``; A only for the
    ``forged-dns`` fault's ``extra`` names (as that fault has always forged them)."""
    lines = []
    for n in names:
        lines += [f"address=/{n}/{forged(n)}", f"address=/{n}/{forged(n, v6=True)}"]
    for n in extra:
        if n not in names:
            lines.append(f"address=/{n}/{forged(n)}")
    return lines


def home_lines(names: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The user's resolver's records beyond ``lab.HOME_DNS``: the background's CDN names and
    ``names`` (the ``cdn-dns`` fault's), each answered with the service's other address."""
    chosen = sorted(set(CDN_NAMES) | {n.lower() for n in names})
    return [f"host-record={n},{','.join(app_addresses(CDN_NAMES.get(n, 'teams'))[1])}" for n in chosen]


def wire(name: str) -> str:
    """A name as it appears in a DNS question, for ``-m string --hex-string``."""
    return "|" + "".join(f"{len(p):02x}" + p.encode().hex() for p in name.split(".")) + "|"


def _injection_rules(names: list[str], quiet_hosts: list[str]) -> list[list[str]]:
    # IPv4 only: the forging resolver has an IPv4 address, and the probe's address is one.
    names_one = [["-m", "string", "--algo", "bm", "--hex-string", wire(n)] for n in names]
    dns_in = ["-i", "home", "-p", "udp", "--dport", "53"]
    forge = [["border", "iptables", "nat", "PREROUTING", *dns_in, "-d", SUBNET["china"][0], *m, "-j", "DNAT",
              "--to-destination", f"{LIAR}:53"] for m in names_one]
    # The real border forges per packet; a NAT rule decides once per flow, so a harmless name
    # asked from a port that had just asked a censored one would inherit the forged answer
    # (the kernel hands out a closed socket's port again). Questions to the addresses that run
    # no DNS server are tracked only when they name a censored name: every other one passes
    # untracked, past the NAT, to its silent destination.
    per_question = [["border", "iptables", "raw", "PREROUTING", *dns_in, "-d", host, *m, "-j", "ACCEPT"]
                    for host in quiet_hosts for m in names_one]
    per_question += [["border", "iptables", "raw", "PREROUTING", *dns_in, "-d", host, "-j", "CT", "--notrack"]
                     for host in quiet_hosts]
    return per_question + forge


def quiet_hosts(cat: catalog_mod.Catalog) -> list[str]:
    """The catalog's addresses that run no DNS server (its injection probes'), IPv4."""
    return sorted({e.host for e in cat.endpoints if e.injection_names and ":" not in e.host})


def _control_rules() -> list[list[str]]:
    # On the control's own host: its own stretch, shared by no other path (delayed one way only).
    match = ["-d", HOST["world"][0], "-p", "udp", "--dport", str(SLOW_CONTROL_PORT)]
    return [["world", "iptables", "filter", "INPUT", *match, "-m", "statistic", "--mode", "random",
             "--probability", f"{SLOW_CONTROL['loss'] / 100.0:.4f}", "-j", "DROP"],
            ["world", "iptables", "filter", "INPUT", *match, "-j", "NFQUEUE", "--queue-num", str(CONTROL_QUEUE)]]


def _apply(rules: list[list[str]], op: str) -> None:
    for where, cmd, table, chain, *spec in rules if op == "-A" else reversed(rules):
        nsx(where, cmd, "-t", table, op, chain, *spec, check=op == "-A")


def start(cat: catalog_mod.Catalog) -> None:
    """Set the background up on a freshly built lab (its resolvers already running; the home
    resolver started with :func:`home_lines`)."""
    names = censored_names(cat)
    lab.start_dnsmasq("liar-dns", "border", [LIAR], ["no-resolv", *liar_lines(names)])
    lab.spawn("control-delayer", "world", [lab.sys.executable, str(lab.HERE / "delayer.py"),
                                           "--queue", str(CONTROL_QUEUE),
                                           "--delay-ms", str(SLOW_CONTROL["delay_ms"]),
                                           "--jitter-ms", str(SLOW_CONTROL["jitter_ms"])], ready="ready")
    rules = {"injection": _injection_rules(names, quiet_hosts(cat)), "controls": _control_rules()}
    for part in rules.values():
        _apply(part, "-A")
    _save({"names": names, "rules": rules, "suspended": []})


def names() -> list[str]:
    """The censored names the border forges answers for (none before the lab is up)."""
    return _state().get("names", [])


def suspend(part: str) -> bool:
    """Take one part of the background away (only rules: "injection", "controls"); False if it
    was already away (then whoever took it brings it back)."""
    state = _state()
    if part in state["suspended"] or part not in state["rules"]:
        return False
    _apply(state["rules"][part], "-D")
    state["suspended"].append(part)
    _save(state)
    return True


def resume(part: str) -> None:
    state = _state()
    if part not in state["suspended"]:
        return
    _apply(state["rules"][part], "-A")
    state["suspended"].remove(part)
    _save(state)
