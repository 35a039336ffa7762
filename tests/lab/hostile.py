"""Servers that misbehave on purpose, for the lab's hostile-network tests (faults.hostile).

    python -m tests.lab.hostile MODE --address A --port P [--cert PEM] [--lifetime S]

Runs in the border namespace; the fault sends one group's traffic here with DNAT. One mode per
process. Every mode stops by itself after --lifetime seconds, and every loop is bounded.

TCP modes (plain, or TLS with --cert): silent, trickle, huge, garbage, redirect-loop,
redirect-file, redirect-ftp, redirect-outside; tls-garbage (bytes instead of a TLS handshake);
broken-chain (TLS whose certificate's issuer is not sent, from --cert).
UDP modes: dns-huge, dns-cname-loop, dns-truncated, dns-garbage (answering DNS questions);
stun-truncated, stun-malformed, stun-wrong-txid, stun-wrong-source (answering STUN requests).
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import struct
import sys
import threading
import time

TCP_MODES = ("silent", "trickle", "huge", "garbage", "redirect-loop", "redirect-file",
             "redirect-ftp", "redirect-outside", "tls-garbage", "broken-chain")
DNS_MODES = ("dns-huge", "dns-cname-loop", "dns-truncated", "dns-garbage")
STUN_MODES = ("stun-truncated", "stun-malformed", "stun-wrong-txid", "stun-wrong-source")
MODES = TCP_MODES + DNS_MODES + STUN_MODES

# An address in a documentation range that no catalog group holds (faults never route it).
OUTSIDE = "203.0.113.77"
REDIRECTS = {
    "redirect-loop": "{url}",
    "redirect-file": "file:///etc/passwd",
    "redirect-ftp": "ftp://{host}/pub/",
    "redirect-outside": f"http://{OUTSIDE}/login",
}
MAX_CONNECTIONS = 500
HUGE_LIMIT = 512 * 1024 * 1024  # the endless body ends here at the latest


def _read_request(conn: socket.socket) -> tuple[str, str]:
    """The request's path and Host header (enough to build a redirect)."""
    data = b""
    conn.settimeout(10)
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    lines = data.decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1] if lines and len(lines[0].split(" ")) > 1 else "/"
    host = next((ln.split(":", 1)[1].strip() for ln in lines[1:] if ln.lower().startswith("host:")), "")
    return path, host


def _serve_tcp(conn: socket.socket, mode: str, tls: ssl.SSLContext | None, lifetime_end: float) -> None:
    try:
        if mode == "silent":
            while time.monotonic() < lifetime_end and conn.recv(4096):
                pass
            return
        if mode in ("garbage", "tls-garbage"):
            conn.sendall(os.urandom(2048))
            time.sleep(1)
            return
        if tls is not None:
            conn = tls.wrap_socket(conn, server_side=True)
        path, host = _read_request(conn)
        if mode == "trickle":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
                if time.monotonic() > lifetime_end:
                    return
                conn.sendall(bytes([byte]))
                time.sleep(1)
        elif mode == "huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
            block, sent = b"<p>" + b"a" * 65533, 0
            while sent < HUGE_LIMIT and time.monotonic() < lifetime_end:
                conn.sendall(block)
                sent += len(block)
        elif mode in REDIRECTS or mode == "broken-chain":
            scheme = "https" if tls else "http"
            url = f"{scheme}://{host}{path}"
            location = REDIRECTS.get(mode, "{url}").format(url=url, host=host)
            status = "302 Found" if mode in REDIRECTS else "200 OK"
            conn.sendall(f"HTTP/1.1 {status}\r\nLocation: {location}\r\nContent-Length: 0\r\n"
                         "Connection: close\r\n\r\n".encode())
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def run_tcp(mode: str, address: str, port: int, cert: str | None, lifetime: float) -> None:
    tls = None
    if cert and mode not in ("silent", "garbage", "tls-garbage"):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert)
    end = time.monotonic() + lifetime
    server = socket.create_server((address, port), reuse_port=False)
    server.settimeout(1.0)
    print("ready", flush=True)
    for _ in range(MAX_CONNECTIONS):
        if time.monotonic() > end:
            break
        try:
            conn, _peer = server.accept()
        except TimeoutError:
            continue
        threading.Thread(target=_serve_tcp, args=(conn, mode, tls, end), daemon=True).start()


def dns_reply(mode: str, wire: bytes) -> bytes | None:
    import dns.message
    import dns.rrset

    if mode == "dns-garbage":
        return os.urandom(64)
    try:
        query = dns.message.from_wire(wire)
    except Exception:  # a broken question gets no answer
        return None
    reply = dns.message.make_response(query)
    qname = query.question[0].name
    if mode == "dns-huge":
        addrs = [f"192.0.2.{i % 250 + 1}" for i in range(300)]
        reply.answer.append(dns.rrset.from_text_list(qname, 60, "IN", "A", addrs))
        return reply.to_wire(max_size=65535)
    if mode == "dns-cname-loop":
        other = dns.name.from_text("loop.invalid.")
        reply.answer.append(dns.rrset.from_text(qname, 60, "IN", "CNAME", other.to_text()))
        reply.answer.append(dns.rrset.from_text(other, 60, "IN", "CNAME", qname.to_text()))
        return reply.to_wire()
    if mode == "dns-truncated":
        reply.answer.append(dns.rrset.from_text(qname, 60, "IN", "A", "192.0.2.131"))
        whole = reply.to_wire()
        return whole[: len(whole) - 7]  # cut inside the answer record
    return None


MAGIC = 0x2112A442


def stun_reply(mode: str, data: bytes) -> bytes | None:
    if len(data) < 20:
        return None
    kind, _length, magic = struct.unpack("!HHI", data[:8])
    if magic != MAGIC:
        return None
    txid = data[8:20]
    success = (kind & 0x3EEF) | 0x0100  # the request's method, class "success response"
    if mode == "stun-wrong-txid":
        txid = os.urandom(12)
    # XOR-MAPPED-ADDRESS of 198.51.100.2:4000
    port = 4000 ^ (MAGIC >> 16)
    addr = struct.unpack("!I", socket.inet_aton("198.51.100.2"))[0] ^ MAGIC
    attr = struct.pack("!HHBBHI", 0x0020, 8, 0, 1, port, addr)
    if mode == "stun-malformed":
        attr = struct.pack("!HH", 0x0020, 400) + b"\x00" * 8  # says 400 bytes, holds 8
    message = struct.pack("!HHI", success, len(attr), MAGIC) + txid + attr
    if mode == "stun-truncated":
        return message[:14]
    return message


def run_udp(mode: str, address: str, port: int, lifetime: float) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, port))
    sock.settimeout(1.0)
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # for answers from a wrong source
    other.bind((address, 0))
    reply = dns_reply if mode in DNS_MODES else stun_reply
    end = time.monotonic() + lifetime
    print("ready", flush=True)
    for _ in range(1_000_000):
        if time.monotonic() > end:
            break
        try:
            data, peer = sock.recvfrom(4096)
        except TimeoutError:
            continue
        out = reply(mode, data)
        if out is not None:
            (other if mode == "stun-wrong-source" else sock).sendto(out, peer)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--address", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", help="PEM with key and certificate: serve TLS")
    parser.add_argument("--lifetime", type=float, default=600.0)
    args = parser.parse_args(argv)
    if args.mode in TCP_MODES:
        run_tcp(args.mode, args.address, args.port, args.cert, args.lifetime)
    else:
        run_udp(args.mode, args.address, args.port, args.lifetime)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
