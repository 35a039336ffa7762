"""What a Chinese reader must not meet: English words outside the places labelled technical,
and a line that starts with closing punctuation. Shared by the report and the app tests."""

from __future__ import annotations

import re

# Names a Chinese reader meets as they are: the apps and brands, the few technical words the
# texts keep on purpose (the glossary's DNS, VPN, IP, Wi-Fi), our own name, the time zone of
# the report's footer.
ALLOWED = {"WeChat", "Teams", "Skype", "WhatsApp", "Wi-Fi", "DNS", "VPN", "IP", "IPv4", "IPv6",
           "CallPath", "UTC", "Microsoft", "Apple", "Google", "Android", "iPhone", "App", "OPPO", "vivo",
           "Huawei", "Xiaomi", "Samsung", "Honor"}
# Settings named as the software that has them spells them, for the user to find: a router's
# "SIP ALG", a browser's "DNS over HTTPS", an antivirus' "HTTPS 扫描"; and a DNS service's brand.
SETTINGS = {"SIP", "ALG", "over", "HTTPS", "Cloudflare"}
ALLOWED |= SETTINGS
# In the list of checks only: the voice channel's protocol, named beside its words (语音通道（UDP）).
CHECK_NAMES = {"UDP"}
# Server names, web addresses and IP addresses (with a port) stand as they are in any language.
_NAMES = re.compile(r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:/[^\s（）)，。]*)?"
                    r"|\[[^\]]*\]")  # a redacted placeholder: [your local address 2, …]
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
CLOSING = "。，、）」』】〕》〉；：！？,.)"


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that a Chinese view must not show."""
    return [w for w in _WORD.findall(_NAMES.sub(" ", text)) if w not in ALLOWED | allowed]


def starts_with_closing(lines: list[str]) -> list[str]:
    """The lines (indent aside) that start with closing punctuation."""
    return [line for line in lines if line.strip() and line.lstrip()[0] in CLOSING]
