"""What the user tells CallPath before a run: what goes wrong, where they are, which app.

Apart from the analysis so that the app's first window (which asks these questions) does not
load the analysis and what it needs.

A NamedTuple, not a frozen dataclass, as the catalog's apps are (apps.py): the first page makes
these before it paints, and defining a frozen dataclass costs some 0.7 ms, a NamedTuple 0.1 ms
(the frozen app's start, bench/gui_start_and_stall.py).
"""

from __future__ import annotations

from typing import NamedTuple

SYMPTOMS = ("check", "phone_calls", "app_calls", "quality", "sign_in")
LOCATIONS = ("auto", "abroad", "china")


class Answers(NamedTuple):
    """What the user told us."""
    symptom: str = "check"      # check, phone_calls, app_calls, quality, sign_in
    location: str = "abroad"    # abroad or china (already resolved from 'auto')
    app: str = ""               # the calling app: an app id of the catalog ("": its default)
    # Replies to the questions about the called phone (phonerules.QUESTIONS), in their order.
    followups: tuple[tuple[str, str], ...] = ()
    # The user's time zone, as minutes from UTC: China's busy hours said in their own time.
    utc_offset_min: int | None = None
