"""Guess whether the user is inside mainland China, from the system's time zone and locale.

Only a default for the question "where are you?": the user can always say otherwise.
"""

from __future__ import annotations

import locale
from datetime import datetime

import tzlocal

from .i18n import posix_locale

CHINA_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin",
               "Asia/Urumqi", "Asia/Kashgar", "PRC"}


def utc_offset_min() -> int | None:
    """This computer's time zone now, as minutes from UTC."""
    delta = datetime.now().astimezone().utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else None


def system_zone() -> str:
    try:
        return tzlocal.get_localzone_name() or ""
    except Exception:  # tzlocal raises its own errors for broken zone setups
        return ""


def mainland_language(name: str) -> bool:
    """The language of mainland China, as Unix ("zh_CN.UTF-8"), BCP 47 ("zh-Hans-CN") or Python
    on Windows ("Chinese (Simplified)_China") names it (i18n.posix_locale); Singapore's
    Simplified Chinese is not."""
    name = posix_locale(name)
    return name.startswith("zh_CN") or name.startswith("zh_Hans_CN")


def guess_location(zone: str | None = None, lang: str | None = None) -> tuple[str, str]:
    """('china' | 'abroad', a short reason a person can read)."""
    zone = system_zone() if zone is None else zone
    if lang is None:
        lang = (locale.getlocale()[0] or "")
    if zone in CHINA_ZONES:
        return "china", f"time zone {zone}"
    if not zone and mainland_language(lang):
        return "china", f"language {lang} (time zone unknown)"
    return "abroad", f"time zone {zone}" if zone else "time zone unknown"
