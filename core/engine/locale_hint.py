"""Guess whether the user is inside mainland China, from the system's time zone and locale.

Only a default for the question "where are you?": the user can always say otherwise.
"""

from __future__ import annotations

import locale
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import tzlocal

from ..base.i18n import posix_locale

CHINA_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin",
               "Asia/Urumqi", "Asia/Kashgar", "PRC"}


def utc_offset_min() -> int | None:
    """This computer's time zone now, as minutes from UTC."""
    delta = datetime.now().astimezone().utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else None


# How far ahead a change of the user's clocks is worth a line beside China's hours.
CLOCK_CHANGE_DAYS = 60


def next_clock_change(zone: tzinfo, today: date, days: int = CLOCK_CHANGE_DAYS) -> tuple[str, int] | None:
    """The next day within ``days`` on which ``zone``'s clocks change (daylight saving), with
    its offset from UTC after the change in minutes: ("2026-03-29", 60) for London in March.
    None for a zone that keeps one offset (China, India) or changes later. Read at noon, long
    after any change of the night."""
    def offset(day: date) -> int | None:
        delta = datetime.combine(day, time(12), zone).utcoffset()
        return int(delta.total_seconds() // 60) if delta is not None else None

    before = offset(today)
    for n in range(1, days + 1):
        day = today + timedelta(days=n)
        after = offset(day)
        if after != before and after is not None:
            return day.isoformat(), after
    return None


def clock_change(days: int = CLOCK_CHANGE_DAYS) -> tuple[str, int] | None:
    """:func:`next_clock_change` for this computer's time zone, today; None if the zone is
    unknown or not in this system's time-zone data."""
    name = system_zone()
    try:
        zone = ZoneInfo(name) if name else None
    except (KeyError, ValueError, OSError):  # not in this system's data (a KeyError), or malformed
        zone = None
    if zone is None:
        return None
    return next_clock_change(zone, datetime.now(zone).date(), days)


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
