"""The one place that decides how CallPath trusts TLS certificates.

By default: the operating system's own trust store (truststore), as browsers do. When the
standard ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` variable names a bundle, that bundle
instead, so a test network (or a company) can bring its own CA. Verification is never off.
"""

from __future__ import annotations

import os
import ssl

import truststore


def ca_bundle_from_env() -> str | None:
    for var in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        value = os.environ.get(var)
        if value and os.path.isfile(value):
            return value
    return None


def make_context() -> ssl.SSLContext:
    bundle = ca_bundle_from_env()
    if bundle:
        ctx = ssl.create_default_context(cafile=bundle)
    else:
        ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx
