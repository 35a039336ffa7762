"""One classifier turns any exception a probe meets into a canonical error code.

Codes are short, stable strings that analysis and reports rely on. Raw error text is kept as
``detail`` for engineers, with IP addresses scrubbed (they identify the user or a target that
may be sensitive); analysis reads only the code.
"""

from __future__ import annotations

import errno
import http.client
import re
import socket
import ssl

import dns.exception
import dns.resolver
import requests

from .measurement import Failure
from .redact import scrub

# The vocabulary. Analysis and reports may rely on every code listed here.
CODES = {
    "timeout": "no answer within the time allowed",
    "refused": "the other side refused the connection",
    "reset": "the connection was reset",
    "connection_closed": "the other side closed the connection early",
    "unreachable": "no route to that network or host",
    "no_network": "this computer has no usable network",
    "name_not_resolved": "the name could not be turned into an address",
    "nxdomain": "the name does not exist (DNS)",
    "no_answer": "the name exists but has no address of that kind (DNS)",
    "servfail": "the DNS server failed to answer (SERVFAIL)",
    "dns_refused": "the DNS server refused the query",
    "no_resolver": "no DNS server is configured",
    "cert_untrusted": "the certificate is not from a trusted authority",
    "cert_name_mismatch": "the certificate is for another name",
    "cert_expired": "the certificate has expired",
    "cert_not_yet_valid": "the certificate is not valid yet",
    "tls_alert": "the server ended the secure handshake with an alert",
    "tls_error": "the secure handshake failed",
    "http_status": "the web server answered with an unexpected status",
    "bad_body": "the web page did not contain what was expected",
    "bad_response": "the answer was not valid for its protocol",
    "proxy_error": "the configured proxy failed",
    "too_many_redirects": "the web server redirected too many times",
    "no_response": "nothing answered",
    "malformed": "an answer arrived but could not be parsed",
    "unexpected_answer": "an answer arrived from an address that runs no such service",
    "skipped": "not measured, because a step it depends on failed",
    "cancelled": "not measured, because the run was cancelled",
    "deadline": "not measured, because the run's time ran out",
    "internal": "a fault inside CallPath (see the log)",
    # Given by the analysis, never by a probe: the step could not take the way the user's apps
    # go (only a proxy leads out, or the network has no IPv4 route).
    "not_on_path": "not measured on your own path (your apps go another way)",
}

_ERRNO_CODES = {
    errno.ECONNREFUSED: "refused",
    errno.ECONNRESET: "reset",
    errno.ECONNABORTED: "reset",
    errno.EPIPE: "connection_closed",
    errno.ENETUNREACH: "unreachable",
    errno.EHOSTUNREACH: "unreachable",
    errno.ENETDOWN: "no_network",
    errno.EADDRNOTAVAIL: "no_network",
    errno.ETIMEDOUT: "timeout",
}
# Windows reports socket errors with WSA numbers.
_ERRNO_CODES.update({10061: "refused", 10054: "reset", 10053: "reset", 10051: "unreachable",
                     10065: "unreachable", 10050: "no_network", 10060: "timeout"})

# OpenSSL X509_V_ERR_* numbers
_VERIFY_CODES = {
    9: "cert_not_yet_valid",
    10: "cert_expired",
    18: "cert_untrusted",
    19: "cert_untrusted",
    20: "cert_untrusted",
    21: "cert_untrusted",
    2: "cert_untrusted",
    62: "cert_name_mismatch",
    64: "cert_name_mismatch",
}


def _chain(exc: BaseException):
    """The exception and everything it wraps, outermost first (requests wraps urllib3 wraps OSError)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        reason = getattr(e, "reason", None)  # urllib3.MaxRetryError.reason
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))


def _classify_verify(e: ssl.SSLCertVerificationError) -> str:
    code = _VERIFY_CODES.get(getattr(e, "verify_code", None) or -1)
    if code:
        return code
    # truststore on macOS/Windows speaks the platform's words instead of OpenSSL numbers
    text = str(e).lower()
    if "expired" in text:
        return "cert_expired"
    if "not yet valid" in text:
        return "cert_not_yet_valid"
    if "hostname" in text or "name mismatch" in text or "doesn't match" in text:
        return "cert_name_mismatch"
    return "cert_untrusted"


def _classify_one(e: BaseException) -> str | None:
    # Before ConnectionResetError, which RemoteDisconnected subclasses: a close, not a reset.
    if isinstance(e, http.client.RemoteDisconnected):
        return "connection_closed"
    if isinstance(e, (http.client.BadStatusLine, http.client.LineTooLong)):
        return "bad_response"
    if isinstance(e, ssl.SSLCertVerificationError):
        return _classify_verify(e)
    if isinstance(e, (ssl.SSLZeroReturnError, ssl.SSLEOFError)):
        return "connection_closed"
    if isinstance(e, ssl.SSLError):
        text = f"{getattr(e, 'reason', '')} {e}".upper()
        if "ALERT" in text:
            return "tls_alert"
        if "UNEXPECTED_EOF" in text or "EOF OCCURRED" in text:
            return "connection_closed"
        if "WRONG_VERSION_NUMBER" in text or "RECORD_LAYER" in text or "PACKET_LENGTH" in text:
            return "bad_response"
        return "tls_error"
    if isinstance(e, dns.resolver.NXDOMAIN):
        return "nxdomain"
    if isinstance(e, dns.resolver.NoAnswer):
        return "no_answer"
    if isinstance(e, dns.resolver.NoNameservers):
        return "servfail"
    if isinstance(e, dns.exception.Timeout):
        return "timeout"
    if isinstance(e, dns.exception.DNSException):
        return "malformed"
    if isinstance(e, socket.gaierror):
        if e.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -999)):
            return "nxdomain"
        return "name_not_resolved"
    if isinstance(e, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if isinstance(e, ConnectionResetError):
        return "reset"
    if isinstance(e, (ConnectionAbortedError, BrokenPipeError)):
        return "connection_closed"
    if isinstance(e, OSError) and e.errno in _ERRNO_CODES:
        return _ERRNO_CODES[e.errno]
    return None


def classify(exc: BaseException) -> Failure:
    """A canonical :class:`Failure` for any exception met while probing."""
    # Some wrappers say more than what they wrap (a proxy failing; too many redirects).
    for e in _chain(exc):
        if isinstance(e, requests.exceptions.TooManyRedirects):
            return Failure("too_many_redirects", scrub(str(e)))
    code = None
    source = exc
    for e in _chain(exc):
        code = _classify_one(e)
        if code:
            source = e
            break
    if code is None:
        if any(isinstance(e, (requests.exceptions.Timeout)) for e in _chain(exc)):
            code = "timeout"
        elif any(isinstance(e, requests.exceptions.InvalidHeader) for e in _chain(exc)):
            code = "bad_response"
        elif any(type(e).__name__ in ("ProtocolError", "BadStatusLine", "RemoteDisconnected",
                                      "LineTooLong", "IncompleteRead")
                 for e in _chain(exc)):
            code = "bad_response"
        elif any(isinstance(e, ValueError) for e in _chain(exc)):
            code = "malformed"
        else:
            code = "internal"
    if code not in ("proxy_error",) and any(
        isinstance(e, requests.exceptions.ProxyError) for e in _chain(exc)
    ):
        code = "proxy_error"
    return Failure(code, scrub(_detail(source)))


_OBJECT_REPR = re.compile(r"<[^<>]* at 0x[0-9a-f]+>")


def _detail(exc: BaseException) -> str:
    """The most telling words of an exception: the message it carries, without reprs."""
    texts = [a for a in getattr(exc, "args", ()) if isinstance(a, str) and a.strip()]
    text = texts[-1] if texts else str(exc)
    text = _OBJECT_REPR.sub("", text).strip(" ,:") or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
