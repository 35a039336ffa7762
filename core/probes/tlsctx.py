"""The one place that decides how CallPath trusts TLS certificates.

By default: the operating system's own trust store (truststore), as browsers do. When the
standard ``REQUESTS_CA_BUNDLE`` or ``SSL_CERT_FILE`` variable names a bundle, that bundle (or
both) instead, so a test network (or a company) can bring its own CA. Verification is never off.
"""

from __future__ import annotations

import os
import ssl

import truststore


def ca_bundles_from_env() -> list[str]:
    """The bundles the standard variables name (both, when both are set and differ)."""
    found: list[str] = []
    for var in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        value = os.environ.get(var)
        if value and os.path.isfile(value) and value not in found:
            found.append(value)
    return found


def make_context() -> ssl.SSLContext:
    bundles = ca_bundles_from_env()
    if bundles:
        ctx = ssl.create_default_context(cafile=bundles[0])
        for extra in bundles[1:]:
            ctx.load_verify_locations(cafile=extra)
    else:
        ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx
