"""How text from outside (a file's field names and values) appears in CallPath's one-line
messages: quoted and escaped, so a line break or a terminal control sequence in a damaged or
hostile file can neither split the message nor act on the terminal."""

from __future__ import annotations

import json
from typing import Any


def quoted(value: Any, limit: int = 60) -> str:
    """``value`` as a JSON string literal (control characters escaped), cut to ``limit``."""
    text = json.dumps(str(value), ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 2] + "…\""
