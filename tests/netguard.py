"""Refuse, inside the test process, any packet to an address outside loopback.

pytest-socket guards only ``connect``; CallPath's probes also use ``connect_ex`` and
``sendto`` (UDP), and glibc's resolver sends packets from C that no Python hook sees — so
name lookups are refused too, except for literals and ``localhost``.
"""

from __future__ import annotations

import ipaddress
import socket

# Loopback only. The lab's documentation ranges are safe only inside the lab's namespaces,
# which tests reach through subprocesses; in this process's namespace the same ranges may be
# routed out of the machine (a test host's own uplink can sit in 192.0.2.0/24).
ALLOWED_NETWORKS = [ipaddress.ip_network(n) for n in ("127.0.0.0/8", "::1/128")]


class ForbiddenAddress(RuntimeError):  # noqa: N818 - a refusal, named as the tests read it
    pass


def allowed(host) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host in ("localhost",)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in ALLOWED_NETWORKS)


def _check(address) -> None:
    if isinstance(address, tuple) and address and not allowed(address[0]):
        raise ForbiddenAddress(f"tests may not reach {address[0]!r}: only loopback addresses")


_real = {}


def install() -> None:
    if _real:
        return
    _real.update(
        connect=socket.socket.connect, connect_ex=socket.socket.connect_ex,
        sendto=socket.socket.sendto, getaddrinfo=socket.getaddrinfo,
    )

    def connect(self, address):
        _check(address)
        return _real["connect"](self, address)

    def connect_ex(self, address):
        _check(address)
        return _real["connect_ex"](self, address)

    def sendto(self, data, *args):
        _check(args[-1])
        return _real["sendto"](self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not allowed(host if isinstance(host, str) else host.decode()):
            raise ForbiddenAddress(f"tests may not look up {host!r}: use loopback addresses")
        return _real["getaddrinfo"](host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
