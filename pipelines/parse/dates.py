"""Planned dates as written in forms: ISO, slashes, dots, or 2023年1月1日."""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]00:00(?::00(?:\.0+)?)?)?\s*$"
)
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_date(text: str) -> date:
    """A date, or ValueError naming the text; ``2023年1月`` means the 1st."""
    match = _DATE.match(text) or _YEAR_MONTH.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date (expected e.g. 2023-01-01 or 2023年1月1日)")
    year, month, *day = (int(g) for g in match.groups())
    try:
        return date(year, month, day[0] if day else 1)
    except ValueError as err:
        raise ValueError(f"'{text}' is not a valid date ({err})") from err
