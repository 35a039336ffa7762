"""Who re-signs secure connections on this side, read from the certificate's issuer.

Antivirus "HTTPS scanning", company gateways and debugging proxies open secure connections,
inspect them and re-sign them with their own root, which they install into the computer's trust
store — so the handshake verifies, and only the issuer tells. These products name themselves
in the issuer; a site's real certificate never comes from them.
"""

from __future__ import annotations

import re

# (pattern in the issuer, the product as people know it). Sources: the products' own
# documentation of their HTTPS scanning roots (e.g. "ESET SSL Filter CA", "Avast Web/Mail
# Shield Root", "Kaspersky Anti-Virus Personal Root", "Zscaler Root CA", "Fortinet" /
# "FortiGate CA", "DO_NOT_TRUST_FiddlerRoot", "mitmproxy", "PortSwigger CA").
PRODUCTS = (
    (r"\bavast\b", "Avast"), (r"\bavg\b", "AVG"), (r"kaspersky", "Kaspersky"),
    (r"\beset\b", "ESET"), (r"bitdefender", "Bitdefender"), (r"\bmcafee\b", "McAfee"),
    (r"\bnorton\b", "Norton"), (r"trend ?micro", "Trend Micro"), (r"f-secure", "F-Secure"),
    (r"\bsophos\b", "Sophos"), (r"\bdr\.?web\b", "Dr.Web"), (r"adguard", "AdGuard"),
    (r"\b360\b.*(safe|security)|qihoo", "360"), (r"huorong|火绒", "Huorong"),
    (r"forti(gate|net)", "Fortinet FortiGate"), (r"zscaler", "Zscaler"), (r"netskope", "Netskope"),
    (r"palo ?alto", "Palo Alto Networks"), (r"cisco umbrella|opendns", "Cisco Umbrella"),
    (r"forcepoint|websense", "Forcepoint"), (r"blue ?coat", "Blue Coat"),
    (r"check ?point", "Check Point"), (r"barracuda", "Barracuda"), (r"watchguard", "WatchGuard"),
    (r"sonicwall", "SonicWall"), (r"untangle", "Untangle"), (r"kerio", "Kerio Control"),
    (r"fiddler", "Fiddler"), (r"mitmproxy", "mitmproxy"), (r"portswigger|burp", "Burp Suite"),
    (r"charles proxy", "Charles Proxy"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), name) for p, name in PRODUCTS)


def product(issuer: str | None) -> str | None:
    """The intercepting product an issuer names, or None."""
    if not issuer:
        return None
    return next((name for pattern, name in _COMPILED if pattern.search(issuer)), None)
