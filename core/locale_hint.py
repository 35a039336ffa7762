"""Guess whether the user is inside mainland China, from the system's time zone and locale.

Only a default for the question "where are you?": the user can always say otherwise.
"""

from __future__ import annotations

import locale
from datetime import datetime

import tzlocal

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


def guess_location(zone: str | None = None, lang: str | None = None) -> tuple[str, str]:
    """('china' | 'abroad', a short reason a person can read)."""
    zone = system_zone() if zone is None else zone
    if lang is None:
        lang = (locale.getlocale()[0] or "")
    if zone in CHINA_ZONES:
        return "china", f"time zone {zone}"
    if not zone and lang.replace("-", "_").startswith("zh_CN"):
        return "china", f"language {lang} (time zone unknown)"
    return "abroad", f"time zone {zone}" if zone else "time zone unknown"
