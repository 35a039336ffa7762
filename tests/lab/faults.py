"""Faults for the lab, each one command, each undone cleanly.

A fault is a set of recorded changes — iptables rules, routes, processes, and settings for how
the client is run (environment, clock) — kept in the lab's state folder, so that ``clear``
undoes exactly what ``inject`` did, even from another process.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from collections.abc import Callable
from typing import Any

from . import background, lab
from .lab import HOST, LIAR, LITERALS, ROUTER_LAN, SUBNET, nsx

DELAY_QUEUE = 7
BLOAT_QUEUE = 8  # the home line's slow, deep-buffered direction (busy_line)


def _state() -> dict[str, Any]:
    path = lab.STATE / "faults.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _save(state: dict[str, Any]) -> None:
    if lab.STATE.exists():  # no lab, no faults to remember
        (lab.STATE / "faults.json").write_text(json.dumps(state, indent=1))


class Change:
    """What one fault did, so it can be undone."""

    def __init__(self) -> None:
        self.rules: list[list[str]] = []     # [ns, cmd, table, chain, *spec]
        self.routes: list[list[str]] = []    # [ns, family flag or "", *route spec] removed
        self.procs: list[str] = []
        self.env: dict[str, str] = {}
        self.faketime: str | None = None
        self.flush: list[str] = []           # namespaces whose conntrack to flush on undo
        self.liar_loaded = False             # the forging resolver holds records to remove
        self.home_records = False            # the home resolver answers some names its own way
        self.links: list[list[str]] = []     # [ns, interface] taken down, to bring up with its addresses
        self.suspended: list[str] = []       # parts of the background taken away, to bring back

    def rule(self, where: str, *spec: str, table: str = "filter", chain: str = "FORWARD",
             v6: bool = False, first: bool = False) -> None:
        """Add a rule at the chain's end, or with ``first`` at its head (before the background's)."""
        cmd = "ip6tables" if v6 else "iptables"
        nsx(where, cmd, "-t", table, "-I" if first else "-A", chain, *spec)
        self.rules.append([where, cmd, table, chain, *spec])

    def both(self, where: str, spec4: list[str], spec6: list[str], **kw) -> None:
        self.rule(where, *spec4, **kw)
        self.rule(where, *spec6, v6=True, **kw)

    def to_json(self) -> dict[str, Any]:
        return dict(rules=self.rules, routes=self.routes, procs=self.procs, env=self.env,
                    faketime=self.faketime, flush=self.flush, liar_loaded=self.liar_loaded,
                    home_records=self.home_records, links=self.links, suspended=self.suspended)


def _flush_conntrack(where: str) -> None:
    nsx(where, "conntrack", "-F", check=False)


# --- the faults ------------------------------------------------------------------------------------

def no_route(c: Change) -> None:
    """The computer has no default route (Wi-Fi connected to nothing)."""
    for fam, gw in (("-4", lab.GATEWAYS["client"][0]), ("-6", lab.GATEWAYS["client"][1])):
        nsx("client", "ip", fam, "route", "del", "default")
        c.routes.append(["client", fam, "default", "via", gw])


def resolver_silent(c: Change) -> None:
    """The user's resolver (on the home router) never answers."""
    for proto in ("udp", "tcp"):
        c.rule("router", "-i", "lan", "-p", proto, "--dport", "53", "-j", "DROP", chain="INPUT")


def captive_portal(c: Change) -> None:
    """A login page intercepts every web request on port 80 (hotel Wi-Fi)."""
    c.rule("router", "-i", "lan", "-p", "tcp", "--dport", "80", "-j", "DNAT",
           "--to-destination", f"{ROUTER_LAN}:80", table="nat", chain="PREROUTING")
    _flush_conntrack("router")
    c.flush.append("router")


def udp_blocked(c: Change) -> None:
    """The home router drops all UDP except DNS (so voice media cannot pass)."""
    c.both("router", ["-i", "lan", "-p", "udp", "!", "--dport", "53", "-j", "DROP"],
           ["-i", "lan", "-p", "udp", "!", "--dport", "53", "-j", "DROP"])


def tls_intercept(c: Change) -> None:
    """Every secure connection is intercepted at the home router, with another CA."""
    c.rule("router", "-i", "lan", "-p", "tcp", "--dport", "443", "-j", "DNAT",
           "--to-destination", f"{ROUTER_LAN}:443", table="nat", chain="PREROUTING")
    _flush_conntrack("router")
    c.flush.append("router")


def _drop_group(c: Change, group: str) -> None:
    v4, v6 = SUBNET[group]
    c.both("border", ["-d", v4, "-j", "DROP"], ["-d", v6, "-j", "DROP"])


def service_drop(c: Change) -> None:
    """The calling service's hosts are unreachable (dropped at the border)."""
    _drop_group(c, "service")


def china_drop(c: Change) -> None:
    """Every destination in China is unreachable (dropped at the border)."""
    _drop_group(c, "china")


def china_degraded(c: Change, loss: float = 10.0, delay_ms: float = 150.0, jitter_ms: float = 10.0,
                   mode: str = "random") -> None:
    """The path into China loses and delays packets (congested border)."""
    v4, _ = SUBNET["china"]
    if float(loss):
        if mode == "nth":
            # Exactly one packet in every N, counted per destination, for measuring accuracy.
            every = max(2, round(100.0 / float(loss)))
            # The last of each N, so a flow's first packet (a lone DNS query) still passes.
            stat = ["-m", "statistic", "--mode", "nth", "--every", str(every), "--packet", str(every - 1)]
            for address in (*lab.CHINA_EXTRA, HOST["china"][0]):
                c.rule("border", "-d", address, *stat, "-j", "DROP")
        else:
            stat = ["-m", "statistic", "--mode", "random", "--probability", f"{float(loss) / 100.0:.4f}"]
            c.rule("border", "-d", v4, *stat, "-j", "DROP")
    if float(delay_ms):
        c.rule("border", "-d", v4, "-j", "NFQUEUE", "--queue-num", str(DELAY_QUEUE))
        lab.spawn("delayer", "border", [lab.sys.executable, str(lab.HERE / "delayer.py"),
                                        "--queue", str(DELAY_QUEUE), "--delay-ms", str(delay_ms),
                                        "--jitter-ms", str(jitter_ms)], ready="ready")
        c.procs.append("delayer")


def home_degraded(c: Change, loss: float = 10.0, delay_ms: float = 150.0, jitter_ms: float = 20.0) -> None:
    """The user's own Wi-Fi loses and delays packets: everything from the computer suffers
    alike, the questions to the router itself included."""
    _link_degraded(c, ("FORWARD", "INPUT"), loss, delay_ms, jitter_ms)


def uplink_degraded(c: Change, loss: float = 10.0, delay_ms: float = 150.0, jitter_ms: float = 20.0) -> None:
    """The line past the router loses and delays packets (a busy provider link): everything
    the router forwards suffers, the router itself answers well."""
    _link_degraded(c, ("FORWARD",), loss, delay_ms, jitter_ms)


def _link_degraded(c: Change, chains: tuple[str, ...], loss: float, delay_ms: float, jitter_ms: float) -> None:
    for chain in chains:
        if float(loss):
            c.rule("router", "-i", "lan", "-m", "statistic", "--mode", "random", "--probability",
                   f"{float(loss) / 100.0:.4f}", "-j", "DROP", chain=chain)
        if float(delay_ms):
            c.rule("router", "-i", "lan", "-j", "NFQUEUE", "--queue-num", str(DELAY_QUEUE), chain=chain)
    if float(delay_ms):
        lab.spawn("home-delayer", "router", [lab.sys.executable, str(lab.HERE / "delayer.py"),
                                             "--queue", str(DELAY_QUEUE), "--delay-ms", str(delay_ms),
                                             "--jitter-ms", str(jitter_ms)], ready="ready")
        c.procs.append("home-delayer")


def relay_udp_drop(c: Change) -> None:
    """The service's media relay is unreachable over UDP (its TCP fallback still works)."""
    v4, v6 = SUBNET["service"]
    c.both("border", ["-d", v4, "-p", "udp", "-j", "DROP"], ["-d", v6, "-p", "udp", "-j", "DROP"])


def forged_dns(c: Change, names: str = "www.google.com,www.facebook.com") -> None:
    """DNS answers for chosen names are forged on the way, as China's injectors do: any query
    for them crossing the border (to any resolver, or to an address with none) gets a forged
    answer from the GFW's known pool."""
    chosen = [n.strip().lower() for n in names.split(",") if n.strip()]
    _load_liar(chosen)
    c.liar_loaded = True
    dns_in = ["-i", "home", "-p", "udp", "--dport", "53"]
    for n in chosen:
        c.rule("border", *dns_in, "-m", "string", "--algo", "bm",
               "--hex-string", background.wire(n), "-j", "DNAT", "--to-destination", f"{LIAR}:53",
               table="nat", chain="PREROUTING")
    # Per question, as the background's injection (background.py): a NAT rule decides per flow,
    # so a harmless question from a port that had just asked a chosen name (a resolver forwards
    # from a pool of ports) would be redirected too. Questions that name neither a chosen nor a
    # censored name pass untracked, past every redirect; so do the resolvers' answers, which
    # would otherwise clash with the redirected flow's entry and be sent on from another port.
    c.rule("border", "!", "-i", "home", "-p", "udp", "--sport", "53", "-j", "CT", "--notrack",
           table="raw", chain="PREROUTING", first=True)
    c.rule("border", *dns_in, "-j", "CT", "--notrack", table="raw", chain="PREROUTING", first=True)
    for n in sorted(set(chosen) | set(background.names())):
        c.rule("border", *dns_in, "-m", "string", "--algo", "bm", "--hex-string", background.wire(n),
               "-j", "ACCEPT", table="raw", chain="PREROUTING", first=True)
    _flush_conntrack("border")
    c.flush.append("border")


def _load_liar(chosen: list[str]) -> None:
    """The forging resolver answers the background's censored names and ``chosen``."""
    lab.stop("liar-dns")
    lab.start_dnsmasq("liar-dns", "border", [LIAR],
                      ["no-resolv", *background.liar_lines(background.names(), chosen)])


def reset_on_name(c: Change, names: str = "login.live.com") -> None:
    """Secure connections naming chosen sites are reset right after the ClientHello."""
    for n in (x.strip() for x in names.split(",") if x.strip()):
        spec = ["-p", "tcp", "--dport", "443", "-m", "string", "--algo", "bm", "--string", n,
                "-j", "REJECT", "--reject-with", "tcp-reset"]
        c.both("border", spec, spec)


def clock_skew(c: Change, offset: str = "+365d") -> None:
    """The computer's clock is a year off (libfaketime around the client)."""
    c.faketime = offset


def dead_proxy(c: Change) -> None:
    """The system's proxy settings point at a proxy that is not there."""
    c.env.update(HTTP_PROXY=lab.DEAD_PROXY, HTTPS_PROXY=lab.DEAD_PROXY)


def proxy(c: Change) -> None:
    """A working proxy is configured (the client goes through tinyproxy in the world)."""
    c.env.update(HTTP_PROXY=lab.PROXY, HTTPS_PROXY=lab.PROXY)


# --- the world as it is: messier than the lab ----------------------------------------------------

def _degrade(c: Change, name: str, where: str, match: list[str], loss: float, delay_ms: float,
             jitter_ms: float) -> None:
    """Random loss and (NFQUEUE) delay for the packets ``match`` selects."""
    if float(loss):
        c.rule(where, *match, "-m", "statistic", "--mode", "random", "--probability",
               f"{float(loss) / 100.0:.4f}", "-j", "DROP")
    if float(delay_ms):
        c.rule(where, *match, "-j", "NFQUEUE", "--queue-num", str(DELAY_QUEUE))
        lab.spawn(name, where, [lab.sys.executable, str(lab.HERE / "delayer.py"), "--queue",
                                str(DELAY_QUEUE), "--delay-ms", str(delay_ms), "--jitter-ms",
                                str(jitter_ms)], ready="ready")
        c.procs.append(name)


def world_degraded(c: Change, loss: float = 10.0, delay_ms: float = 0.0, jitter_ms: float = 0.0) -> None:
    """The way to the international control loses (and delays) packets, and nothing else does."""
    _degrade(c, "world-delayer", "border", ["-d", SUBNET["world"][0]], loss, delay_ms, jitter_ms)


def relay_degraded(c: Change, loss: float = 15.0, delay_ms: float = 0.0, jitter_ms: float = 0.0,
                   app: str = "") -> None:
    """The way to the service's media relays loses packets (their UDP), and nothing else does;
    with ``app``, to that app's voice server alone (Teams' relay, WeChat's Tencent STUN): one
    app's way congested while another's is clean."""
    if app:
        voice = lab.app_addresses(app)[2]
        if voice is None:
            raise lab.LabError(f"relay-degraded: {app} has no voice server in the lab")
        where = voice[0]
    else:
        where = SUBNET["service"][0]
    _degrade(c, "relay-delayer", "border", ["-d", where, "-p", "udp"], loss, delay_ms, jitter_ms)


def busy_line(c: Change, direction: str = "up", rate_kbit: float = 4000.0, queue_ms: float = 300.0) -> None:
    """The home line slow one way with a deep buffer in its router ("bufferbloat"): packets
    that way pass no faster than ``rate_kbit`` and wait behind those queued, up to ``queue_ms``
    (then the buffer is full and drops). Idle, the line shows nothing of it; loaded, every
    packet that way waits about ``queue_ms``."""
    if direction not in ("up", "down"):
        raise lab.LabError("busy-line: direction is up or down")
    match = ["-i", "lan", "-o", "wan"] if direction == "up" else ["-i", "wan", "-o", "lan"]
    spec = [*match, "-j", "NFQUEUE", "--queue-num", str(BLOAT_QUEUE)]
    c.both("router", spec, spec)
    lab.spawn("busy-line", "router", [lab.sys.executable, str(lab.HERE / "delayer.py"), "--queue",
                                      str(BLOAT_QUEUE), "--rate-kbit", str(rate_kbit), "--queue-ms",
                                      str(queue_ms)], ready="ready")
    c.procs.append("busy-line")


def apps_down(c: Change, keep: str = "wechat") -> None:
    """Every app's servers unreachable (dropped at the border) but those of the app ``keep``:
    its web hosts, its CDN address and its voice server answer."""
    kept = {a for pair in lab.app_addresses(keep) if pair is not None for a in pair}
    for v4, v6 in lab.service_addresses():
        if v4 not in kept:
            c.both("border", ["-d", v4, "-j", "DROP"], ["-d", v6, "-j", "DROP"])


def loss_burst(c: Change, every_s: float = 6.0, burst_s: float = 0.8, group: str = "china") -> None:
    """One short burst of total loss towards a group now and then (a moment of congestion or
    a Wi-Fi hiccup), clean in between."""
    lab.spawn("burster", "border", [lab.sys.executable, str(lab.HERE / "burster.py"), "--to",
                                    SUBNET[group][0], "--every", str(every_s), "--burst", str(burst_s)],
              ready="ready")
    c.procs.append("burster")


def cdn_dns(c: Change, names: str = "login.live.com,edge.skype.com,teams.microsoft.com",
            broken: int = 0) -> None:
    """The user's resolver answers some names with another valid address than the public
    resolver (a CDN answering by place; certificates valid there too). With ``broken``, that
    address then times out (a congested CDN node): a different answer followed by silence."""
    chosen = [n.strip().lower() for n in names.split(",") if n.strip()]
    _load_home(chosen)
    c.home_records = True
    if int(broken):
        c.both("border", ["-d", lab.CDN[0], "-p", "tcp", "-j", "DROP"],
               ["-d", lab.CDN[1], "-p", "tcp", "-j", "DROP"])


def _load_home(chosen: list[str]) -> None:
    """The home resolver answers the background's CDN names and ``chosen`` by place."""
    lab.stop("home-dns")
    lab.start_dnsmasq("home-dns", "router", [ROUTER_LAN], [*lab.HOME_DNS, *background.home_lines(chosen)])


def relay_ignores(c: Change) -> None:
    """The media relay ignores requests without credentials (it answers only real calls); its
    TCP 443 works. Dropped on the relay itself, so the path to it is fine."""
    c.both("service", ["-d", lab.RELAY[0], "-p", "udp", "--dport", "3478", "-j", "DROP"],
           ["-d", lab.RELAY[1], "-p", "udp", "--dport", "3478", "-j", "DROP"], chain="INPUT")


def udp_port_blocked(c: Change, port: int = 3478) -> None:
    """The home router drops UDP to one port only (a firewall rule against one service)."""
    spec = ["-i", "lan", "-p", "udp", "--dport", str(port), "-j", "DROP"]
    c.both("router", spec, spec)


def proxy_only(c: Change) -> None:
    """Nothing leaves the home network but through its proxy (a company network): the proxy is
    configured, every other forwarded packet from the LAN is dropped."""
    c.env.update(HTTP_PROXY=lab.PROXY, HTTPS_PROXY=lab.PROXY)
    proxy_host = HOST["world"][0]
    c.rule("router", "-i", "lan", "-d", proxy_host, "-p", "tcp", "--dport", "8888", "-j", "ACCEPT")
    c.both("router", ["-i", "lan", "-j", "DROP"], ["-i", "lan", "-j", "DROP"])


def tls_inspect(c: Change) -> None:
    """Security software re-signs every secure connection with its own root, which the computer
    trusts: handshakes verify, only the issuer tells (the router's intercepting proxy)."""
    c.rule("router", "-i", "lan", "-p", "tcp", "--dport", "443", "-j", "DNAT",
           "--to-destination", f"{ROUTER_LAN}:{lab.INSPECT_PORT}", table="nat", chain="PREROUTING")
    bundle = str(lab.STATE / "ca-inspected.pem")
    c.env.update(SSL_CERT_FILE=bundle, REQUESTS_CA_BUNDLE=bundle)
    _flush_conntrack("router")
    c.flush.append("router")


def in_china(c: Change, loss: float = 0.0) -> None:
    """The client placed inside "China": the china group is domestic and fine; foreign voice
    servers (all UDP to the world) are blocked and Cloudflare's DoH is reset by name, as inside
    mainland China; with ``loss``, the way across the border (to the world and the service)
    loses packets. Run the diagnosis with --location china.

    The background's injection is taken away: the injection probe asks an address in China,
    so from inside China its question never crosses the border where the injectors sit."""
    if background.suspend("injection"):
        c.suspended.append("injection")
        # A question's flow the border had redirected to the forger stays redirected while
        # conntrack remembers it: forgotten, so no earlier port's fate follows the client in.
        _flush_conntrack("border")
        c.flush.append("border")
    v4w, v6w = SUBNET["world"]
    c.both("border", ["-i", "home", "-d", v4w, "-p", "udp", "!", "--dport", "53", "-j", "DROP"],
           ["-i", "home", "-d", v6w, "-p", "udp", "!", "--dport", "53", "-j", "DROP"])
    reset = ["-p", "tcp", "--dport", "443", "-m", "string", "--algo", "bm", "--string",
             "cloudflare-dns.com", "-j", "REJECT", "--reject-with", "tcp-reset"]
    c.both("border", reset, reset)
    if float(loss):
        for group in ("world", "service"):
            c.rule("border", "-i", "home", "-d", SUBNET[group][0], "-m", "statistic", "--mode", "random",
                   "--probability", f"{float(loss) / 100.0:.4f}", "-j", "DROP")


def server_lossy(c: Change, address: str = LITERALS["114.114.114.114"], loss: float = 30.0) -> None:
    """One server loses packets on its own (a busy resolver, its own congested uplink): what
    arrives for it from the network is dropped at random on that host itself, so no other
    server's path shares the loss (nor the host's own services asking it over loopback)."""
    where = next(g for g, (v4, _) in SUBNET.items()
                 if ipaddress.ip_address(address) in ipaddress.ip_network(v4))
    c.rule(where, "-i", "eth0", "-d", address, "-m", "statistic", "--mode", "random", "--probability",
           f"{float(loss) / 100.0:.4f}", "-j", "DROP", chain="INPUT")


def geo_block(c: Change, group: str = "china") -> None:
    """The home router refuses connections to one country's addresses (a router's or an
    office's geo-blocking rule, as some home routers and firewalls offer): every TCP connection
    there is answered at once with a reset (REJECT), from one hop away; UDP passes."""
    v4, v6 = SUBNET[group]
    reject = ["-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"]
    c.both("router", ["-i", "lan", "-d", v4, *reject], ["-i", "lan", "-d", v6, *reject])


OFFICE_PROXY_PORT = 8888


def office_proxy(c: Change) -> None:
    """An office network that sends the web through its proxy (tinyproxy on the router, set on
    the computer) and lets voice out directly, as Microsoft advises for Teams: every direct
    TCP connection from the LAN to the internet is dropped, UDP passes."""
    conf = lab.STATE / "office-proxy.conf"
    conf.write_text(f"Port {OFFICE_PROXY_PORT}\nListen {ROUTER_LAN}\nTimeout 30\nMaxClients 50\n"
                    f"Allow 198.51.100.0/24\nConnectPort 443\nLogLevel Warning\n")
    lab.spawn("office-proxy", "router", ["tinyproxy", "-d", "-c", str(conf)],
              wait_port=("tcp", OFFICE_PROXY_PORT))
    c.procs.append("office-proxy")
    url = f"http://{ROUTER_LAN}:{OFFICE_PROXY_PORT}"
    c.env.update(HTTP_PROXY=url, HTTPS_PROXY=url)
    c.both("router", ["-i", "lan", "-p", "tcp", "-j", "DROP"], ["-i", "lan", "-p", "tcp", "-j", "DROP"])


def link_down(c: Change) -> None:
    """The computer's only network card is down (Wi-Fi turned off, a cable pulled): its
    routes go with it (and its IPv6 addresses); undone, all are put back."""
    nsx("client", "ip", "link", "set", "eth0", "down")
    c.links.append(["client", "eth0"])
    for fam, gw in (("-4", lab.GATEWAYS["client"][0]), ("-6", lab.GATEWAYS["client"][1])):
        c.routes.append(["client", fam, "default", "via", gw])


def _link_up(where: str, ifname: str) -> None:
    link = next(x for x in lab.LINKS if (x.a_ns, x.a_if) == (where, ifname))
    nsx(where, "ip", "link", "set", ifname, "up")
    nsx(where, "ip", "addr", "replace", link.a4, "dev", ifname)
    nsx(where, "ip", "addr", "replace", link.a6, "dev", ifname, "nodad")


def cpu_load(c: Change, workers: int = 4) -> None:
    """The computer is busy: processes spinning on every core while the diagnosis runs."""
    for i in range(int(workers)):
        name = f"spinner-{i}"
        lab.spawn(name, "client", [lab.sys.executable, "-c", "while True: pass"])
        c.procs.append(name)


# Where hostile servers stand in (tests/lab/hostile.py): traffic of one kind, to one group.
HOSTILE_TARGETS = {  # target: (protocol, destinations, port, TLS certificate or None)
    # Both of the service's web addresses: the background's CDN answers lead to the second.
    "service": ("tcp", lambda: [lab.HOST["service"][0], lab.CDN[0]], 443, "service.pem"),
    "china-http": ("tcp", lambda: [lab.HOST["china"][0]], 80, None),
    "china-dns": ("udp", lambda: [lab.LITERALS["114.114.114.114"], lab.LITERALS["119.29.29.29"]],
                  53, None),
    "relay": ("udp", lambda: [lab.RELAY[0]], 3478, None),
}
HOSTILE_PORT = 9444


def hostile(c: Change, mode: str = "silent", target: str = "service") -> None:
    """A server that misbehaves on purpose (tests/lab/hostile.py) answers in place of one
    group's servers: its TCP or UDP traffic is sent to it on the border."""
    proto, destinations, port, cert = HOSTILE_TARGETS[target]
    argv = [sys.executable, str(lab.HERE / "hostile.py"), mode, "--address", lab.LIAR,
            "--port", str(HOSTILE_PORT)]
    if cert:
        argv += ["--cert", str(lab.STATE / ("service-nochain.pem" if mode == "broken-chain" else cert))]
    lab.spawn("hostile", "border", argv, ready="ready")
    c.procs.append("hostile")
    for dst in destinations():
        c.rule("border", "-i", "home", "-d", dst, "-p", proto, "--dport", str(port), "-j", "DNAT",
               "--to-destination", f"{lab.LIAR}:{HOSTILE_PORT}", table="nat", chain="PREROUTING")
    _flush_conntrack("border")
    c.flush.append("border")


FAULTS: dict[str, Callable[..., None]] = {
    "no-route": no_route,
    "resolver-silent": resolver_silent,
    "captive-portal": captive_portal,
    "udp-blocked": udp_blocked,
    "tls-intercept": tls_intercept,
    "service-drop": service_drop,
    "china-drop": china_drop,
    "china-degraded": china_degraded,
    "home-degraded": home_degraded,
    "uplink-degraded": uplink_degraded,
    "relay-udp-drop": relay_udp_drop,
    "forged-dns": forged_dns,
    "reset-on-name": reset_on_name,
    "clock-skew": clock_skew,
    "dead-proxy": dead_proxy,
    "proxy": proxy,
    "hostile": hostile,
    "world-degraded": world_degraded,
    "relay-degraded": relay_degraded,
    "busy-line": busy_line,
    "apps-down": apps_down,
    "loss-burst": loss_burst,
    "cdn-dns": cdn_dns,
    "relay-ignores": relay_ignores,
    "udp-port-blocked": udp_port_blocked,
    "proxy-only": proxy_only,
    "tls-inspect": tls_inspect,
    "in-china": in_china,
    "cpu-load": cpu_load,
    "server-lossy": server_lossy,
    "geo-block": geo_block,
    "office-proxy": office_proxy,
    "link-down": link_down,
}


def inject(name: str, **params: Any) -> None:
    if name not in FAULTS:
        raise lab.LabError(f"no fault named {name!r}; faults: {', '.join(FAULTS)}")
    state = _state()
    if name in state:
        clear(name)
        state = _state()
    change = Change()
    try:
        FAULTS[name](change, **params)
    except BaseException:
        _undo(change.to_json())
        raise
    state[name] = change.to_json()
    _save(state)


def _undo(rec: dict[str, Any]) -> None:
    for where, cmd, table, chain, *spec in reversed(rec["rules"]):
        nsx(where, cmd, "-t", table, "-D", chain, *spec, check=False)
    for where, ifname in rec.get("links", []):
        _link_up(where, ifname)
    for where, fam, *route in rec["routes"]:
        nsx(where, "ip", fam, "route", "replace", *route, check=False)
    for proc in rec["procs"]:
        lab.stop(proc)
    for where in rec["flush"]:
        _flush_conntrack(where)
    if rec.get("liar_loaded"):
        _load_liar([])
    if rec.get("home_records"):
        _load_home([])
    for part in rec.get("suspended", []):
        background.resume(part)


def clear(name: str | None = None) -> None:
    """Undo one fault, or all of them."""
    state = _state()
    for fault in [name] if name else list(state):
        rec = state.pop(fault, None)
        if rec:
            _undo(rec)
    _save(state)


def active() -> dict[str, Any]:
    return _state()


def client_settings() -> tuple[dict[str, str], str | None]:
    """Environment and clock offset for the client, from the active faults."""
    env: dict[str, str] = {}
    faketime = None
    for rec in _state().values():
        env.update(rec["env"])
        faketime = rec["faketime"] or faketime
    return env, faketime


__all__ = ["FAULTS", "inject", "clear", "active", "client_settings", "HOST", "LITERALS"]
