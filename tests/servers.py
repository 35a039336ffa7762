"""Real loopback servers for the unit tests: they speak real TCP, TLS, HTTP, DNS and STUN.

Each starts on a free port in a daemon thread, and stops (closing its sockets) when the test
ends. They stand for well-behaved and misbehaving servers alike.
"""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import struct
import threading
import time

import dns.message
import dns.rcode
import dns.rrset
from aioice import stun

LOOPBACK = "127.0.0.1"


class Server:
    def __init__(self):
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []

    def _listen(self) -> None:
        """A TCP listener on a free loopback port, accepted by ``self._accepted(conn)``."""
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind((LOOPBACK, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self._sockets.append(self.listener)
        self._spawn(self._accept_loop)

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self._accepted(conn)

    def _accepted(self, conn):
        raise NotImplementedError

    def _spawn(self, fn, *args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self._threads.append(t)

    def close(self):
        self._stop.set()
        for s in self._sockets:
            try:
                s.close()
            except OSError:
                pass
        for t in self._threads:
            t.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def free_port(kind=socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class Blackhole(Server):
    """A TCP port that drops SYNs: its accept queue is full and nobody accepts (a black hole,
    with no firewall needed). A UDP socket on the same port number stays silent."""

    def __init__(self):
        super().__init__()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind((LOOPBACK, 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self._sockets.append(self.listener)
        # Fill the queue; once full, Linux drops further SYNs silently.
        for _ in range(4):
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.setblocking(False)
            c.connect_ex((LOOPBACK, self.port))
            self._sockets.append(c)
        time.sleep(0.05)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((LOOPBACK, self.port))
        self._sockets.append(self.udp)


class ResettingServer(Server):
    """Accepts, optionally reads what the client sends first, then resets the connection."""

    def __init__(self, read_first: bool = True):
        super().__init__()
        self.read_first = read_first
        self._listen()

    def _accepted(self, conn):
        if self.read_first:
            conn.settimeout(2)
            try:
                conn.recv(4096)
            except OSError:
                pass
        _reset(conn)


def _reset(conn: socket.socket) -> None:
    """Close with an RST instead of a FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class SilentServer(Server):
    """Accepts and never says a word (optionally after trickling a byte a second, inside TLS
    with ``tls_cert``, a trustme leaf)."""

    def __init__(self, trickle: bytes = b"", tls_cert=None):
        super().__init__()
        self.trickle = trickle
        self.tls = None
        if tls_cert is not None:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls_cert.configure_cert(self.tls)
        self._listen()

    def _accepted(self, conn):
        self._sockets.append(conn)
        if self.trickle:
            self._spawn(self._drip, conn)

    def _drip(self, conn):
        if self.tls is not None:
            try:
                conn.settimeout(5)
                conn = self.tls.wrap_socket(conn, server_side=True)
                self._sockets.append(conn)
            except (OSError, ssl.SSLError):
                return
        for b in self.trickle:
            if self._stop.wait(1.0):
                return
            try:
                conn.sendall(bytes([b]))
            except OSError:
                return


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        data = self.rfile.read(length)
        handler = self.routes.get(("POST", self.path))
        if handler is None:
            self.send_error(404)
            return
        status, ctype, body = handler(data)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class HTTPServer(Server):
    """A real HTTP(S) server: ``routes`` maps a path to (status, headers, body), and
    ("POST", path) to a function(body) -> (status, content type, body)."""

    def __init__(self, routes: dict, tls_cert=None):
        super().__init__()
        handler = type("Handler", (_Handler,), {"routes": routes})
        server_cls = type("Server", (http.server.ThreadingHTTPServer,), {"request_queue_size": 128})
        self.httpd = server_cls((LOOPBACK, 0), handler)
        self.httpd.daemon_threads = True
        if tls_cert is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls_cert.configure_cert(ctx)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self._spawn(self.httpd.serve_forever, 0.05)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        super().close()


class DNSServer(Server):
    """A real UDP DNS server on loopback. ``records`` maps a name to A/AAAA addresses;
    unknown names get NXDOMAIN. ``mode``: 'answer', 'silent', 'servfail', or 'lossy' (ignores
    the first ``lose`` copies of each query, as a lossy path would lose them)."""

    def __init__(self, records: dict[str, list[str]], mode: str = "answer", lose: int = 1):
        super().__init__()
        self.lose = lose
        self.records = {k.rstrip(".").lower(): v for k, v in records.items()}
        self.mode = mode
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._sockets.append(self.sock)
        self.queries = 0
        self._spawn(self._serve)

    def answer(self, wire: bytes) -> bytes | None:
        q = dns.message.from_wire(wire)
        self.queries += 1
        if self.mode == "silent":
            return None
        if self.mode == "lossy":
            key = (q.id, q.question[0].rdtype)
            self._seen = getattr(self, "_seen", {})
            self._seen[key] = self._seen.get(key, 0) + 1
            if self._seen[key] <= self.lose:
                return None
        r = dns.message.make_response(q)
        if self.mode == "servfail":
            r.set_rcode(dns.rcode.SERVFAIL)
            return r.to_wire()
        question = q.question[0]
        name = question.name.to_text().rstrip(".").lower()
        if name not in self.records:
            r.set_rcode(dns.rcode.NXDOMAIN)
            return r.to_wire()
        want = "AAAA" if question.rdtype == 28 else "A"
        addrs = [a for a in self.records[name] if (":" in a) == (want == "AAAA")]
        if addrs:
            r.answer.append(dns.rrset.from_text(question.name, 60, "IN", want, *addrs))
        return r.to_wire()

    def _serve(self):
        while not self._stop.is_set():
            try:
                data, src = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                out = self.answer(data)
            except Exception:
                continue
            if out:
                self.sock.sendto(out, src)


class STUNServer(Server):
    """A STUN server on loopback UDP. ``binding``: answer Bindings with XOR-MAPPED-ADDRESS;
    ``allocate``: answer TURN Allocates with 401 (as a relay wanting credentials does);
    ``drop_every``: drop every n-th request (for a known loss); ``drop``: the numbers (from 1)
    of requests to drop; ``delay_s``: hold answers."""

    def __init__(self, binding=True, allocate=True, drop_every=0, delay_s=0.0, drop=()):
        super().__init__()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._sockets.append(self.sock)
        self.binding, self.allocate = binding, allocate
        self.drop_every, self.delay_s, self.drop = drop_every, delay_s, frozenset(drop)
        self.requests = 0
        self._spawn(self._serve)

    def _serve(self):
        while not self._stop.is_set():
            try:
                data, src = self.sock.recvfrom(2048)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                req = stun.parse_message(data)
            except ValueError:
                continue
            self.requests += 1
            if (self.drop_every and self.requests % self.drop_every == 0) or self.requests in self.drop:
                continue
            if req.message_method == stun.Method.BINDING and self.binding:
                resp = stun.Message(stun.Method.BINDING, stun.Class.RESPONSE, req.transaction_id,
                                    {"XOR-MAPPED-ADDRESS": src})
            elif req.message_method == stun.Method.ALLOCATE and self.allocate:
                resp = stun.Message(stun.Method.ALLOCATE, stun.Class.ERROR, req.transaction_id,
                                    {"ERROR-CODE": (401, "Unauthorized"), "REALM": "lab",
                                     "NONCE": b"0123456789abcdef"})
            else:
                continue
            out = bytes(resp)
            if self.delay_s:
                threading.Timer(self.delay_s, self._send_later, (out, src)).start()
            else:
                self.sock.sendto(out, src)

    def _send_later(self, out, src):
        try:
            self.sock.sendto(out, src)
        except OSError:
            pass


class SNIFilter(Server):
    """A TLS server behind a name filter, as China's firewall filters by SNI: a ClientHello
    naming ``blocked`` is answered with a reset; any other name gets a real TLS handshake."""

    def __init__(self, cert, blocked: str):
        super().__init__()
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(self.ctx)
        self.blocked = blocked.encode()
        self._listen()

    def _accepted(self, conn):
        self._spawn(self._handle, conn)

    def _handle(self, conn):
        conn.settimeout(3)
        try:
            hello = conn.recv(4096, socket.MSG_PEEK)
            if self.blocked in hello:
                _reset(conn)
                return
            with self.ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()


class NDT7Server(Server):
    """An ndt7 load server on loopback, or ``host`` (the protocol M-Lab's servers speak: WebSocket, subprotocol
    net.measurementlab.ndt.v7): /ndt/v7/download sends binary messages for ``seconds``, then
    closes; /ndt/v7/upload takes binary messages and counts them (``received``). TLS with
    ``tls_cert`` (a trustme certificate). ``refuse``: answer 400 (no such service).

    It is its own directory too, as M-Lab's locate service (v2) answers: /v2/nearest/ndt/ndt7
    names ``offered`` servers (host:port, default this one), each with its URLs and a token;
    ``directory`` replaces that answer's body (a damaged or hostile one)."""

    def __init__(self, tls_cert=None, seconds=10.0, refuse=False, host=LOOPBACK, port=0, offered=None,
                 directory=None, rate_bps=None):
        from websockets.sync.server import serve

        super().__init__()
        ctx = None
        if tls_cert is not None:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_cert.configure_cert(ctx)
        self.seconds, self.refuse, self.received = seconds, refuse, 0
        self.scheme = "wss" if tls_cert is not None else "ws"
        self.offered, self.directory, self.located = offered, directory, 0
        self.rate_bps = rate_bps  # a slow line's pace, both ways (bench/busy_line.py); None: as fast as it goes
        self.server = serve(self._handle, host, port, ssl=ctx, subprotocols=["net.measurementlab.ndt.v7"],
                            compression=None, max_size=1 << 24, process_request=self._check)
        self.port = self.server.socket.getsockname()[1]
        self._spawn(self.server.serve_forever)

    def _check(self, _conn, request):
        path = request.path.split("?")[0]
        if path == "/v2/nearest/ndt/ndt7":
            self.located += 1
            return _conn.respond(200, self._directory())
        if self.refuse or path not in ("/ndt/v7/download", "/ndt/v7/upload"):
            return _conn.respond(400, "not an ndt7 test\n")
        return None

    def _directory(self) -> str:
        if self.directory is not None:
            return self.directory
        offered = self.offered or [f"{self.server.socket.getsockname()[0]}:{self.port}"]
        return json.dumps({"results": [
            {"machine": f"mlab{n}-lab01.example.org",
             "urls": {f"{self.scheme}:///ndt/v7/{d}": f"{self.scheme}://{where}/ndt/v7/{d}?access_token=secret-{n}"
                      for d in ("download", "upload")}}
            for n, where in enumerate(offered, 1)]})

    def _handle(self, conn):
        from websockets.exceptions import ConnectionClosed
        began = time.monotonic()
        moved = 0
        try:
            if conn.request.path.startswith("/ndt/v7/download"):
                chunk = bytes(1 << 13)
                while time.monotonic() - began < self.seconds:
                    conn.send(chunk)
                    moved += len(chunk)
                    self._pace(began, moved)
            else:
                for message in conn:
                    if isinstance(message, bytes):
                        self.received += len(message)
                        moved += len(message)
                        self._pace(began, moved)
        except ConnectionClosed:
            pass

    def _pace(self, began: float, moved: int) -> None:
        if self.rate_bps:
            ahead = began + moved * 8 / self.rate_bps - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)

    def close(self):
        self.server.shutdown()
        super().close()
