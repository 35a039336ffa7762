"""A DNS-over-HTTPS endpoint (RFC 8484, POST and GET) for the lab, behind nginx.

nginx terminates TLS with the lab CA and passes /dns-query here; each query is forwarded over
UDP to a real resolver (dnsmasq) and its answer returned unchanged. No real DoH server is
packaged for Debian that serves plain RFC 8484 over HTTP/1.1 behind a proxy, hence this glue.

    python doh.py --listen 127.0.0.1:8053 --resolver 192.0.2.2
"""

from __future__ import annotations

import argparse
import base64
import http.server
import socket
import sys


def make_handler(resolver: str):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, query: bytes) -> None:
            with socket.socket(socket.AF_INET6 if ":" in resolver else socket.AF_INET,
                               socket.SOCK_DGRAM) as s:
                s.settimeout(2.0)
                s.sendto(query, (resolver, 53))
                try:
                    reply, _ = s.recvfrom(65535)
                except OSError:
                    self.send_error(502, "resolver did not answer")
                    return
            self.send_response(200)
            self.send_header("Content-Type", "application/dns-message")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def do_POST(self):
            if self.path.split("?")[0] != "/dns-query":
                self.send_error(404)
                return
            length = min(int(self.headers.get("content-length", "0")), 65535)
            self._answer(self.rfile.read(length))

        def do_GET(self):
            path, _, query = self.path.partition("?")
            params = dict(p.partition("=")[::2] for p in query.split("&") if p)
            if path != "/dns-query" or "dns" not in params:
                self.send_error(404)
                return
            wire = params["dns"]
            self._answer(base64.urlsafe_b64decode(wire + "=" * (-len(wire) % 4)))

        def log_message(self, *args):
            pass

    return Handler


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--resolver", required=True)
    args = ap.parse_args()
    host, _, port = args.listen.rpartition(":")
    server = http.server.ThreadingHTTPServer((host, int(port)), make_handler(args.resolver))
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
