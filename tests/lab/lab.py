"""A small internet inside this machine, for end-to-end tests of the real ``callpath diagnose``.

    client ── router (NAT, the user's resolver) ── border (faults) ─┬─ world   (public resolver,
                                                                    │           checks, DoH, STUN, proxy)
                                                                    ├─ service (Skype/Teams hosts, relay)
                                                                    └─ china   (sites, checks, resolvers)

Linux network namespaces joined by veth pairs; real servers from Debian packages (dnsmasq,
nginx, coturn, tinyproxy); real fault tools (iptables: DROP, REJECT, DNAT, ``-m statistic``,
``-m string``, NFQUEUE with a delayer; libfaketime), over an everyday background as messy as
the world's (background.py: the border forging DNS answers for censored names, resolvers
answering CDN names by place, controls that do not all agree). Only documentation addresses are used,
and the border has no route out: nothing can leave the lab. The lab is not connected to the
namespace the tests run in at all.

Everything the lab starts is recorded in its state folder, so ``down()`` — from any process,
after any failure — removes every namespace, interface and process it made.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from callpath.core.engine import catalog as catalog_mod

PREFIX = "cpl-"
NAMESPACES = ("client", "router", "border", "world", "service", "china")
STATE = Path(os.environ.get("CALLPATH_LAB_DIR", "/tmp/callpath-lab"))
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIRED_TOOLS = ("ip", "iptables", "ip6tables", "conntrack", "dnsmasq", "nginx", "turnserver",
                  "tinyproxy", "faketime")


def ns(name: str) -> str:
    return PREFIX + name


# --- addresses ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """A veth pair: ``a`` side in namespace ``a_ns``, ``b`` side in ``b_ns``."""
    a_ns: str
    a_if: str
    a4: str
    a6: str
    b_ns: str
    b_if: str
    b4: str
    b6: str


LINKS = (
    Link("client", "eth0", "198.51.100.10/24", "2001:db8:100::10/64",
         "router", "lan", "198.51.100.1/24", "2001:db8:100::1/64"),
    Link("router", "wan", "203.0.113.2/24", "2001:db8:200::2/64",
         "border", "home", "203.0.113.1/24", "2001:db8:200::1/64"),
    Link("border", "world", "192.0.2.1/26", "2001:db8:10::1/64",
         "world", "eth0", "192.0.2.2/26", "2001:db8:10::2/64"),
    Link("border", "service", "192.0.2.65/26", "2001:db8:20::1/64",
         "service", "eth0", "192.0.2.66/26", "2001:db8:20::2/64"),
    Link("border", "china", "192.0.2.129/26", "2001:db8:30::1/64",
         "china", "eth0", "192.0.2.130/26", "2001:db8:30::2/64"),
)
GATEWAYS = {  # namespace: (IPv4 default gateway, IPv6 default gateway); the border has none
    "client": ("198.51.100.1", "2001:db8:100::1"),
    "router": ("203.0.113.1", "2001:db8:200::1"),
    "world": ("192.0.2.1", "2001:db8:10::1"),
    "service": ("192.0.2.65", "2001:db8:20::1"),
    "china": ("192.0.2.129", "2001:db8:30::1"),
}
HOST = {  # group: (IPv4, IPv6) that its names resolve to
    "world": ("192.0.2.2", "2001:db8:10::2"),
    "service": ("192.0.2.66", "2001:db8:20::2"),
    "china": ("192.0.2.130", "2001:db8:30::2"),
}
SUBNET = {"world": ("192.0.2.0/26", "2001:db8:10::/64"),
          "service": ("192.0.2.64/26", "2001:db8:20::/64"),
          "china": ("192.0.2.128/26", "2001:db8:30::/64")}
# Where the catalog's IP literals land: lab hosts of the same group.
LITERALS = {"114.114.114.114": "192.0.2.131", "119.29.29.29": "192.0.2.132",
            "113.113.113.113": "192.0.2.133"}
CHINA_EXTRA = ("192.0.2.131", "192.0.2.132", "192.0.2.133")
# A second address of the service's hosts, as a CDN gives another resolver (valid certificates).
CDN = ("192.0.2.67", "2001:db8:20::3")
# The media relay's own address, as the real one has (its TCP 443 is the relay's, not a web server's).
RELAY = ("192.0.2.68", "2001:db8:20::4")
# Each app's servers apart, as the real ones are (an all-apps check judges one app's way clean
# while another's is not): by app, its web hosts' address, the one its CDN names get at home, its
# voice server's. Teams and Skype (Microsoft's) keep the service's first addresses.
APP_ADDRESSES = {
    "wechat": (("192.0.2.70", "2001:db8:20::7"), ("192.0.2.71", "2001:db8:20::8"), ("192.0.2.69", "2001:db8:20::5")),
    "whatsapp": (("192.0.2.72", "2001:db8:20::9"), ("192.0.2.73", "2001:db8:20::a"), None),
}
MICROSOFT = (HOST["service"], CDN, RELAY)


def app_addresses(app: str) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str] | None]:
    """An app's (web, CDN, voice server) addresses in the lab (None: it has no voice server)."""
    return APP_ADDRESSES.get(app, MICROSOFT)


def service_addresses() -> list[tuple[str, str]]:
    """Every address the service's hosts answer on (both families), each app's."""
    out = []
    for app in ("teams", *APP_ADDRESSES):
        out += [a for a in app_addresses(app) if a is not None]
    return out
# The router's intercepting proxy: re-signs every secure connection with a root the client trusts.
INSPECT_PORT = 8443
ROUTER_LAN = "198.51.100.1"
PUBLIC_RESOLVER = HOST["world"][0]
PROXY = f"http://{HOST['world'][0]}:8888"
DEAD_PROXY = f"http://{ROUTER_LAN}:3128"
LIAR = "192.0.2.250"  # the forging resolver, on the border itself
# The lab user's network card, and the hotel portal's redirect that carries it the ways real
# portals do (compact, URL-encoded, dashed), with the network's name, a room and a guest's name.
CLIENT_MAC = "1e:2a:3b:4d:5e:6f"
PORTAL_GUEST = "ZhangWeiLaptop"
PORTAL_URL = ("http://portal.hotel.test/login?client_mac=1E2A3B4D5E6F"
              "&mac_enc=1e%3A2a%3A3b%3A4d%3A5e%3A6f&ap=1E-2A-3B-4D-5E-6F&ssid=HotelLotus-Guest"
              f"&room=1207&guest=Zhang%20Wei&client_name={PORTAL_GUEST}")
# A company proxy known only by an internal name, which the home resolver answers.
INTERNAL_PROXY_NAME = "gateway.acme-intranet.test"


class LabError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [t for t in REQUIRED_TOOLS if shutil.which(t) is None]


def unavailable_reason() -> str | None:
    """Why the lab cannot run here, in one line, or None."""
    if sys.platform != "linux":
        return "the lab needs Linux network namespaces"
    if os.geteuid() != 0:
        return "the lab needs root (network namespaces, iptables)"
    missing = missing_tools()
    if missing:
        return "the lab needs these programs: " + ", ".join(missing)
    probe = subprocess.run(["ip", "netns", "add", PREFIX + "probe"], capture_output=True, text=True)
    if probe.returncode != 0:
        return "cannot create network namespaces: " + probe.stderr.strip()
    subprocess.run(["ip", "netns", "del", PREFIX + "probe"], capture_output=True)
    try:
        import netfilterqueue  # noqa: F401
    except ImportError:
        return "the lab needs the netfilterqueue package (pip install '.[lab]')"
    return None


# --- running things -------------------------------------------------------------------------------

def sh(*argv: str, check: bool = True, capture: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run(argv, capture_output=capture, text=True)
    if check and out.returncode != 0:
        raise LabError(f"{' '.join(argv)}: {out.stderr.strip() or out.stdout.strip()}")
    return out


def nsx(name: str, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
    return sh("ip", "netns", "exec", ns(name), *argv, check=check)


def _pids() -> dict[str, int]:
    path = STATE / "pids.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _save_pids(pids: dict[str, int]) -> None:
    (STATE / "pids.json").write_text(json.dumps(pids))


_children: dict[str, subprocess.Popen] = {}


def spawn(name: str, where: str, argv: list[str], ready: str | None = None, wait_port: tuple | None = None) -> int:
    """Start a long-running server in namespace ``where``; remember its pid under ``name``."""
    with open(STATE / f"{name}.log", "w") as log:
        proc = subprocess.Popen(["ip", "netns", "exec", ns(where), *argv],
                                stdout=subprocess.PIPE if ready else log, stderr=log, text=True,
                                start_new_session=True)
    _children[name] = proc  # kept, so it can be reaped, and Python does not warn of it
    pids = _pids()
    pids[name] = proc.pid
    _save_pids(pids)
    if ready:
        line = proc.stdout.readline()
        proc.stdout.close()
        if ready not in line:
            raise LabError(f"{name} did not start (see {STATE / (name + '.log')})")
    if wait_port:
        _wait_listening(where, *wait_port, name=name)
    if proc.poll() is not None:
        raise LabError(f"{name} exited at once (see {STATE / (name + '.log')})")
    return proc.pid


def _wait_listening(where: str, proto: str, port: int, name: str, timeout: float = 5.0) -> None:
    flag = "-lnt" if proto == "tcp" else "-lnu"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = nsx(where, "ss", flag, check=False).stdout
        if f":{port} " in out:
            return
        time.sleep(0.05)
    raise LabError(f"{name} is not listening on {proto}/{port} (see {STATE / (name + '.log')})")


def stop(name: str) -> None:
    pids = _pids()
    pid = pids.pop(name, None)
    _save_pids(pids)
    if pid:
        _kill_group(pid)
    _reap(name)


def _reap(name: str) -> None:
    proc = _children.pop(name, None)
    if proc is not None:
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass


def _kill_group(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        for _ in range(40):
            try:
                os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
            except ChildProcessError:
                pass
            if not _alive(pid):
                return
            time.sleep(0.05)


# --- certificates ----------------------------------------------------------------------------------

def _make_certs(names_by_group: dict[str, list[str]]) -> None:
    import trustme

    # Valid from yesterday for 30 days only: a client clock a year off must fail on it.
    now = datetime.datetime.now(datetime.UTC)
    window = {"not_before": now - datetime.timedelta(days=1), "not_after": now + datetime.timedelta(days=30)}
    ca = trustme.CA(organization_name="CallPath Lab CA")
    ca.cert_pem.write_to_path(str(STATE / "ca.pem"))
    for group, names in names_by_group.items():
        leaf = ca.issue_cert(*names, **window)
        leaf.private_key_and_cert_chain_pem.write_to_path(str(STATE / f"{group}.pem"))
    # A broken chain (the hostile server's): issued by an intermediate CA that is not sent.
    middle = ca.create_child_ca()
    leaf = middle.issue_cert(*names_by_group["service"], **window)
    with open(STATE / "service-nochain.pem", "wb") as f:
        f.write(leaf.private_key_pem.bytes() + leaf.cert_chain_pems[0].bytes())
    # What an antivirus or company box presents when it intercepts: another CA, all names.
    other = trustme.CA(organization_name="Interceptor Root CA")
    every = sorted({n for names in names_by_group.values() for n in names})
    other.issue_cert(*every, **window).private_key_and_cert_chain_pem.write_to_path(
        str(STATE / "intercept.pem"))
    # What an antivirus's HTTPS scanning presents: its own root, installed into the computer's
    # trust store, named as ESET names it.
    inspector = trustme.CA(organization_name="ESET, spol. s r. o.",
                           organization_unit_name="ESET SSL Filter CA")
    inspector.issue_cert(*every, **window).private_key_and_cert_chain_pem.write_to_path(
        str(STATE / "inspect.pem"))
    (STATE / "ca-inspected.pem").write_bytes(ca.cert_pem.bytes() + inspector.cert_pem.bytes())


# --- configuration ----------------------------------------------------------------------------------

# The lab's load server for the busy-line test (tests/lab/ndt7.py), on the world's side: its
# own directory too, as M-Lab's locate service answers.
NDT7 = (HOST["world"][0], 8070)


def lab_catalog() -> catalog_mod.Catalog:
    """The default catalog, with its IP literals mapped onto lab hosts of the same group, and
    the busy-line test's directory the lab's load server."""
    import dataclasses
    base = catalog_mod.load()
    eps = tuple(dataclasses.replace(e, host=LITERALS.get(e.host, e.host)) for e in base.endpoints)
    busy = catalog_mod.BusyLine(f"http://{NDT7[0]}:{NDT7[1]}/v2/nearest/ndt/ndt7", "the lab's ndt7 server")
    return dataclasses.replace(base, endpoints=eps, busy_line=busy)


def names_by_group(cat: catalog_mod.Catalog) -> dict[str, list[str]]:
    groups: dict[str, set[str]] = {"world": set(), "service": set(), "china": set()}
    for e in cat.endpoints:
        if not e.is_ip_literal:
            groups[e.group].add(e.host)
        groups[e.group].update(e.injection_names)
    groups["world"].update({cat.dns_control_name, cat.tls_control_name})
    return {g: sorted(n) for g, n in groups.items()}


def _dns_records(cat: catalog_mod.Catalog) -> list[str]:
    lines = []
    expected = {e.host: e.expect_addresses for e in cat.endpoints if e.expect_addresses}
    owner = {e.host: e for e in cat.endpoints if e.group == "service"}
    for group, names in names_by_group(cat).items():
        for name in names:
            v4, v6 = HOST[group]
            if name in owner:  # the app's own address: its voice server's, or its web hosts'
                web, _cdn, voice = app_addresses(owner[name].services[-1])
                v4, v6 = voice if owner[name].stun and voice else web
            if name in expected:
                lines.append(f"host-record={name},{','.join(expected[name])}")
            else:
                lines.append(f"host-record={name},{v4},{v6}")
    return lines


# The home router's resolver caches, as home routers' dnsmasq does by default (150 names): a
# question asked again is answered by the router alone. The lab's other resolvers do not, so
# every question crosses the faults on the way.
HOME_DNS = ["no-resolv", f"server={PUBLIC_RESOLVER}", "cache-size=150",
            f"host-record={INTERNAL_PROXY_NAME},{HOST['world'][0]}"]


def start_dnsmasq(name: str, where: str, listen: list[str], extra: list[str]) -> None:
    conf = STATE / f"{name}.conf"
    cache = [] if any(x.startswith("cache-size=") for x in extra) else ["cache-size=0"]
    conf.write_text("\n".join([
        "no-hosts", "bind-interfaces", *cache, "log-facility=-",
        *[f"listen-address={a}" for a in listen], *extra, ""]))
    spawn(name, where, ["dnsmasq", "--keep-in-foreground", f"--conf-file={conf}",
                        f"--pid-file={STATE / (name + '.pid')}", "--user=root"], wait_port=("udp", 53))


NGINX_HEAD = """worker_processes 1;
pid {state}/{name}.nginx.pid;
error_log {state}/{name}.error.log;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {state}/{name}-tmp;
  proxy_temp_path {state}/{name}-tmp;
  fastcgi_temp_path {state}/{name}-tmp;
  uwsgi_temp_path {state}/{name}-tmp;
  scgi_temp_path {state}/{name}-tmp;
  default_type text/plain;
"""


def _nginx(name: str, where: str, servers: str) -> None:
    (STATE / f"{name}-tmp").mkdir(exist_ok=True)
    conf = STATE / f"{name}.nginx.conf"
    conf.write_text(NGINX_HEAD.format(state=STATE, name=name) + servers + "\n}\n")
    spawn(name, where, ["nginx", "-c", str(conf), "-p", str(STATE), "-e", "stderr", "-g", "daemon off;"],
          wait_port=("tcp", 80))


def _vhosts(group: str, addrs: list[str], cat: catalog_mod.Catalog | None = None) -> str:
    """nginx servers for a group's names on ports 80 and 443, answering as the real ones do,
    and on every other TCP port the catalog names for the group (WeChat's 8080, WhatsApp's
    5222: only connected to, so plain HTTP stands in)."""
    others = sorted({p for e in (cat.endpoints if cat else ()) if e.group == group for p in e.tcp} - {80, 443})
    listen = "".join(f"  listen {a}:80;\n  listen {a}:443 ssl;\n" + "".join(f"  listen {a}:{p};\n" for p in others)
                     for a in addrs)
    pem = STATE / f"{group}.pem"
    common = f"""{listen}  ssl_certificate {pem};
  ssl_certificate_key {pem};
"""
    locations = {
        "world": """  location = /connecttest.txt { return 200 "Microsoft Connect Test"; }
  location = /generate_204 { return 204; }
  location = /hotspot-detect.html { return 200 "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"; }
  location = /dns-query { proxy_pass http://127.0.0.1:8053; }
  location / { return 200 "ok"; }
""",
        "service": """  location / { return 200 "ok"; }
""",
        "china": """  location = /generate_204 { return 204; }
  location = /dns-query { proxy_pass http://127.0.0.1:8053; }
  location / { return 200 "ok"; }
""",
    }[group]
    return f"  server {{\n{common}  server_name _;\n{locations}  }}\n"


def _router_portal() -> str:
    """The router's captive portal (port 80) and interception box (port 443), used by faults."""
    pem = STATE / "intercept.pem"
    return f"""  server {{
    listen {ROUTER_LAN}:80;
    location = /login {{ return 200 "<html><body><h1>Welcome to Hotel Wi-Fi</h1>Please log in.</body></html>"; }}
    location / {{ return 302 "{PORTAL_URL}"; }}
  }}
  server {{
    listen {ROUTER_LAN}:443 ssl;
    ssl_certificate {pem};
    ssl_certificate_key {pem};
    location / {{ return 200 "intercepted"; }}
  }}
  server {{
    listen {ROUTER_LAN}:{INSPECT_PORT} ssl;
    ssl_certificate {STATE / "inspect.pem"};
    ssl_certificate_key {STATE / "inspect.pem"};
    resolver {PUBLIC_RESOLVER} ipv6=off;
    location / {{
      proxy_pass https://$host$request_uri;
      proxy_ssl_server_name on;
      proxy_ssl_name $host;
    }}
  }}
"""


# --- up and down ----------------------------------------------------------------------------------------

def up() -> float:
    """Build the lab (tearing down any earlier one first). Returns the seconds it took."""
    reason = unavailable_reason()
    if reason:
        raise LabError(reason)
    t0 = time.monotonic()
    down()
    STATE.mkdir(parents=True, exist_ok=True)
    try:
        _build()
    except BaseException:
        down()
        raise
    return time.monotonic() - t0


def _build() -> None:
    from . import background

    for n in NAMESPACES:
        sh("ip", "netns", "add", ns(n))
        nsx(n, "ip", "link", "set", "lo", "up")
        nsx(n, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0")
    for i, link in enumerate(LINKS):
        a, b = f"cpl{i}a", f"cpl{i}b"
        sh("ip", "link", "add", a, "netns", ns(link.a_ns), "type", "veth", "peer", "name", b,
           "netns", ns(link.b_ns))
        for where, tmp, ifname, v4, v6 in ((link.a_ns, a, link.a_if, link.a4, link.a6),
                                           (link.b_ns, b, link.b_if, link.b4, link.b6)):
            nsx(where, "ip", "link", "set", tmp, "name", ifname)
            nsx(where, "ip", "addr", "add", v4, "dev", ifname)
            nsx(where, "ip", "addr", "add", v6, "dev", ifname, "nodad")
            if (where, ifname) == ("client", "eth0"):
                nsx(where, "ip", "link", "set", ifname, "address", CLIENT_MAC)
            nsx(where, "ip", "link", "set", ifname, "up")
    for n, (gw4, gw6) in GATEWAYS.items():
        nsx(n, "ip", "route", "add", "default", "via", gw4)
        nsx(n, "ip", "-6", "route", "add", "default", "via", gw6)
    for n in ("router", "border"):
        nsx(n, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1")
    # The border knows the home network's IPv6 prefix (IPv4 is NATed by the router).
    nsx("border", "ip", "-6", "route", "add", "2001:db8:100::/64", "via", "2001:db8:200::2")
    nsx("router", "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE")
    for extra in CHINA_EXTRA:
        nsx("china", "ip", "addr", "add", f"{extra}/26", "dev", "eth0")
    for v4, v6 in service_addresses():
        if v4 != HOST["service"][0]:  # the link's own
            nsx("service", "ip", "addr", "add", f"{v4}/26", "dev", "eth0")
            nsx("service", "ip", "addr", "add", f"{v6}/64", "dev", "eth0", "nodad")
    # 'An address that runs no resolver' stays silent, as the real one does (no ICMP).
    nsx("china", "iptables", "-A", "INPUT", "-d", LITERALS["113.113.113.113"], "-p", "udp",
        "--dport", "53", "-j", "DROP")
    # The forging resolver lives on the border's loopback (this kernel has no dummy links).
    nsx("border", "ip", "addr", "add", f"{LIAR}/32", "dev", "lo")

    cat = lab_catalog()
    (STATE / "catalog.json").write_text(catalog_mod.dump(cat))
    groups = names_by_group(cat)
    _make_certs(groups)
    # 'ip netns exec' mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf: the client asks
    # its home router, everything else (the router, the proxy) the lab's public resolver.
    for n in NAMESPACES:
        netns_etc = Path("/etc/netns") / ns(n)
        netns_etc.mkdir(parents=True, exist_ok=True)
        server = ROUTER_LAN if n == "client" else PUBLIC_RESOLVER
        (netns_etc / "resolv.conf").write_text(f"nameserver {server}\n")

    records = _dns_records(cat)
    start_dnsmasq("public-dns", "world", [PUBLIC_RESOLVER], ["no-resolv", *records])
    start_dnsmasq("china-dns", "china", list(CHINA_EXTRA[:2]), ["no-resolv", *records])
    start_dnsmasq("home-dns", "router", [ROUTER_LAN], [*HOME_DNS, *background.home_lines()])
    # The forging resolver on LIAR is started by the background, with its records.

    py = sys.executable
    spawn("world-doh", "world", [py, str(HERE / "doh.py"), "--listen", "127.0.0.1:8053",
                                 "--resolver", PUBLIC_RESOLVER], ready="ready")
    spawn("china-doh", "china", [py, str(HERE / "doh.py"), "--listen", "127.0.0.1:8053",
                                 "--resolver", CHINA_EXTRA[0]], ready="ready")
    _nginx("world-web", "world", _vhosts("world", [HOST["world"][0], f"[{HOST['world'][1]}]"], cat))
    web = [a for app in ("teams", *APP_ADDRESSES) for a in app_addresses(app)[:2]]
    _nginx("service-web", "service", _vhosts("service", [x for v4, v6 in web for x in (v4, f"[{v6}]")], cat))
    _nginx("china-web", "china", _vhosts("china", [HOST["china"][0], f"[{HOST['china'][1]}]"], cat))
    _nginx("router-web", "router", _router_portal())

    relay = next(e for e in cat.endpoints if e.stun and e.group == "service")
    voices = tuple(v for app in ("teams", *APP_ADDRESSES) if (v := app_addresses(app)[2]) is not None)
    _turn("relay", "service", tuple(ip for v in voices for ip in v), relay.stun, stun_only=False)
    # Its fallback for calls when UDP is blocked: TURN over TCP on the catalog's port (coturn
    # takes TCP and UDP on every port it listens on).
    for port in sorted({p for e in cat.endpoints if e.group == "service" and e.stun
                        for p in [*e.tcp, e.option("media_tcp")] if p and p != relay.stun}):
        _turn(f"relay-{port}", "service", RELAY, port, stun_only=False)
    # Every other voice server of the catalog (the controls on their own ports, the one in
    # China), answering STUN only, as public STUN servers do.
    for group, port in sorted({(e.group, e.stun) for e in cat.endpoints if e.stun and e.group != "service"}):
        _turn(f"stun-{group}-{port}", group, (HOST[group][0],), port, stun_only=True)

    proxy_conf = STATE / "tinyproxy.conf"
    proxy_conf.write_text(f"Port 8888\nListen {HOST['world'][0]}\nTimeout 30\nMaxClients 50\n"
                          f"Allow 203.0.113.0/24\nConnectPort 443\nLogLevel Warning\n")
    spawn("proxy", "world", ["tinyproxy", "-d", "-c", str(proxy_conf)], wait_port=("tcp", 8888))
    # Last, on a working lab: the world as a user abroad meets it every day (background.py).
    background.start(cat)


def _turn(name: str, where: str, ips: tuple[str, ...], port: int, stun_only: bool) -> None:
    argv = ["turnserver", "-n", *[f"--listening-ip={ip}" for ip in ips], f"--listening-port={port}",
            f"--relay-ip={ips[0]}", "--no-tls", "--no-dtls", "--no-cli", "--fingerprint",
            "--realm=lab.test", "--log-file=stdout", "--simple-log",
            f"--pidfile={STATE / (name + '.turn.pid')}"]
    argv += ["--stun-only"] if stun_only else ["--lt-cred-mech", "--user=lab:lab"]
    spawn(name, where, argv, wait_port=("udp", port))


def down() -> None:
    """Remove every namespace, interface and process of the lab. Safe to call at any time."""
    for pid in _pids().values():
        _kill_group(pid)
    for name in list(_children):
        _reap(name)
    listed = sh("ip", "netns", "list", check=False).stdout
    for line in listed.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(PREFIX):
            for pid in sh("ip", "netns", "pids", name, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh("ip", "netns", "del", name, check=False)
    for n in NAMESPACES:
        shutil.rmtree(Path("/etc/netns") / ns(n), ignore_errors=True)
    if STATE.exists():
        shutil.rmtree(STATE, ignore_errors=True)


def is_up() -> bool:
    listed = sh("ip", "netns", "list", check=False).stdout
    return all(any(line.split() and line.split()[0] == ns(n) for line in listed.splitlines()) for n in NAMESPACES) \
        and (STATE / "catalog.json").exists()


def leftovers() -> list[str]:
    """What of the lab still exists (for tests of a clean teardown)."""
    found = [line.split()[0] for line in sh("ip", "netns", "list", check=False).stdout.splitlines()
             if line.split() and line.split()[0].startswith(PREFIX)]
    found += [f"process {pid}" for pid in _pids().values() if _alive(pid)]
    links = sh("ip", "-o", "link", "show", check=False).stdout
    found += [line.split(":")[1].strip() for line in links.splitlines() if "cpl" in line.split(":")[1]]
    found += [f"/etc/netns/{ns(n)}" for n in NAMESPACES if (Path("/etc/netns") / ns(n)).exists()]
    return found


def _alive(pid: int) -> bool:
    """Running, not gone and not a zombie (which a container's init may never reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


# --- the client ----------------------------------------------------------------------------------------

def client_command(argv: list[str], env_extra: dict[str, str] | None = None,
                   faketime: str | None = None) -> tuple[list[str], dict[str, str]]:
    """How to run a program as the lab's user: in the client namespace, with the lab CA trusted
    the standard way, a clean environment, and the active faults' settings."""
    home = STATE / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SSL_CERT_FILE": str(STATE / "ca.pem"),
        "REQUESTS_CA_BUNDLE": str(STATE / "ca.pem"),
        "TZ": "UTC",
    }
    for var in ("DISPLAY", "XAUTHORITY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY"):
        if var in os.environ:
            env[var] = os.environ[var]
    env.update(env_extra or {})
    prefix = ["ip", "netns", "exec", ns("client")]
    if faketime:
        env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        prefix += ["faketime", "-f", faketime]
    return prefix + argv, env


def callpath_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "callpath.gui", *args]


def diagnose(*args: str, timeout: float = 90.0, program: list[str] | None = None,
             resources: dict | None = None) -> tuple[dict, subprocess.CompletedProcess]:
    """Run ``callpath diagnose --format json`` as the lab's user; return the report.

    ``program`` runs another build of the command (the frozen app) instead of this checkout's.
    ``resources``, if given, receives the run's wall time (``seconds``) and peak memory
    (``peak_kb``, GNU time's maximum resident set size)."""
    from . import faults

    env_extra, faketime = faults.client_settings()
    argv = [*(program or callpath_argv()), "diagnose", "--catalog", str(STATE / "catalog.json"),
            "--format", "json", "--location", "abroad", *args]
    peak_file = STATE / "peak.txt"
    if resources is not None:
        argv = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file), *argv]
    cmd, env = client_command(argv, env_extra, faketime)
    started = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if resources is not None:
        resources["seconds"] = time.monotonic() - started
        resources["peak_kb"] = int(peak_file.read_text().split()[-1])
    if out.returncode != 0:
        raise LabError(f"callpath diagnose exited {out.returncode}: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout), out
