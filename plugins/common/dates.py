"""Dates and times as the writer writes them, read in the site's time zone.

``parse_moment`` reads front matter dates (``2026-03-14``, ``2026-03-14
07:40``, a bare ``07:40`` on a given day); ``parse_date`` also takes ISO 8601
with an offset, as comment files and imports write it. Every date must fall in
the journal's years, which every later step (charts a few weeks either side,
time zones, file names) can handle.
"""

import re
from datetime import date, datetime, time

FIRST_YEAR, LAST_YEAR = 1900, 2199
_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_moment(value, tz, day=None):
    """``(aware datetime, time known)`` from a date, date and time, or a time.

    A bare ``HH:MM`` is a time on ``day``. Raises ValueError with a message
    for the writer.
    """
    if isinstance(value, datetime):
        return check_moment(_in_zone(value, tz)), True
    if isinstance(value, date):
        return check_moment(datetime.combine(value, time(), tz)), False
    text = value.strip() if isinstance(value, str) else ""
    match = _DATETIME.match(text)
    clock = _TIME.match(text) if day else None
    if not (match or clock):
        raise ValueError(
            f"'{str(value)[:40]}' is not a date: write YYYY-MM-DD, YYYY-MM-DD HH:MM"
            + (" or HH:MM" if day else "")
        )
    try:
        if match:
            numbers = [int(part or 0) for part in match.groups()]
            moment, known = datetime(*numbers, tzinfo=tz), match.group(4) is not None
        else:
            clock_time = time(*(int(part) for part in clock.groups()))
            moment, known = datetime.combine(day, clock_time, tz), True
    except ValueError as error:
        raise ValueError(f"'{text}' is not a real date or time ({error})") from None
    return check_moment(moment), known


def check_moment(moment):
    """``moment`` if it falls in the journal's years, else ValueError."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            f"'{moment.date().isoformat()}' is outside the years {FIRST_YEAR} "
            f"to {LAST_YEAR}"
        )
    return moment


def _in_zone(moment, tz):
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    try:
        return moment.astimezone(tz)
    except OverflowError:
        raise ValueError(f"'{moment}' is outside the years we can read") from None


def parse_date(value, tz):
    """An aware datetime from ISO 8601 with an offset, or a date in ``tz``."""
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return parse_moment(text, tz)[0]
    return check_moment(moment if moment.tzinfo else moment.replace(tzinfo=tz))
