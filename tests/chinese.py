"""What a Chinese reader must not meet: English words outside the places labelled technical,
and a line that starts with closing punctuation. Shared by the report and the app tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

# Names a Chinese reader meets as they are: the apps and brands, the few technical words the
# texts keep on purpose (the glossary's DNS, VPN, IP, Wi-Fi), our own name, the time zone of
# the report's footer.
ALLOWED = {"WeChat", "Teams", "Skype", "WhatsApp", "Wi-Fi", "DNS", "VPN", "IP", "IPv4", "IPv6",
           "CallPath", "UTC", "Microsoft", "Apple", "Google", "Android", "iPhone", "App", "OPPO", "vivo",
           "Huawei", "Xiaomi", "Samsung", "Honor"}
# Settings named as the software that has them spells them, for the user to find: a router's
# "SIP ALG", a browser's "DNS over HTTPS", an antivirus' "HTTPS 扫描"; and a DNS service's brand.
SETTINGS = {"SIP", "ALG", "over", "HTTPS", "Cloudflare", "Smart", "Queue", "SQM", "QoS"}
ALLOWED |= SETTINGS
# The busy-line test: its load servers' operator by its own name, the speed tests' grades (A+
# to F) and the amount of data it may use.
ALLOWED |= {"M-Lab", "Measurement", "Lab", "A", "B", "C", "D", "F", "MB"}
# In the list of checks only: the voice channel's protocol, named beside its words (语音通道（UDP）).
CHECK_NAMES = {"UDP"}
# Server names, web addresses and IP addresses (with a port) stand as they are in any language.
# A redacted report's placeholders do not: a Chinese view says them in Chinese (redact.said).
_NAMES = re.compile(r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:/[^\s（）)，。]*)?"
                    r"|\[?(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}\]?"  # IPv6, bare or [bracketed]
                    r"|(?<=\]):\d+(?:/[a-z]+)?")  # the port after one, or after a placeholder: ]:53/udp
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
CLOSING = "。，、）」』】〕》〉；：！？,.)"


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that a Chinese view must not show."""
    return [w for w in _WORD.findall(_NAMES.sub(" ", text)) if w not in ALLOWED | allowed]


def starts_with_closing(lines: list[str]) -> list[str]:
    """The lines (indent aside) that start with closing punctuation."""
    return [line for line in lines if line.strip() and line.lstrip()[0] in CLOSING]


def with_placeholders(lang: str) -> dict:
    """A report whose Chinese views show placeholders everywhere they can: a check's target
    and figures (the user's own DNS server is one China's checks ask) and the verdict (a VPN's
    name in its note, judged and saved in Chinese before redaction, as the history keeps it)."""
    from callpath.core.api import explain_report  # late: the detector alone needs no analysis
    from callpath.core.base.redact import redact_report

    report = json.loads((Path(__file__).resolve().parent / "fixtures" / "reports" / "healthy-check.json")
                        .read_text("utf-8"))
    for m in report["measurements"]:
        if m["id"] == "local.resolvers":
            m["metrics"]["servers"] = ["192.0.2.131"]
        elif m["id"] == "local.vpn":
            m["metrics"].update(tunnels=["CorpVPN"], in_use=True)
        elif m["id"] == "local.interfaces":
            m["metrics"]["interfaces"].append({"name": "CorpVPN", "up": True, "ipv4": ["10.8.0.2"], "ipv6": [],
                                               "mac": "", "loopback": False, "tunnel": True})
    report["context"]["lang"] = lang
    report["verdict"] = explain_report(report, lang)
    assert "CorpVPN" in report["verdict"]["explanation"]
    return redact_report(report, {"computer": "alice-laptop", "user": "alice", "home": "/home/alice"})
