"""The ``[timeline ...]`` marker of a post body and its options, without Pelican.

In Markdown the marker is a line of its own, so in the HTML it is a paragraph:
``<p>[timeline weeks=8 sites=ankle,jaw]</p>``. Options:

- ``weeks=N``: the N weeks ending on the post's day (1 to 520);
- ``from=YYYY-MM-DD`` and/or ``to=YYYY-MM-DD``: an explicit window;
- ``sites=ankle,jaw``: only these body sites.

A bad option raises ``OptionError`` with a message for the writer.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

from plugins.common.dates import FIRST_YEAR, LAST_YEAR
from plugins.common.problems import Problem

MARKER = re.compile(r"<p>\s*\[timeline(?P<options>(?:\s[^\]<]*)?)\]\s*</p>")
# A marker Markdown folded into a paragraph with other text: not replaced.
STRAY_MARKER = re.compile(r"(?:^|\n|<p>)\s*\[timeline(?:\s[^\]<]*)?\]\s*(?=\n|</p>|$)")
SOURCE_MARKER = re.compile(r"^\s*\[timeline(?:\s[^\]]*)?\]\s*$")
MAX_WEEKS = 520
OPTIONS = ("weeks", "from", "to", "sites")
_SITE = re.compile(r"^[a-z][a-z -]{0,39}$")


class OptionError(ValueError):
    """A ``[timeline]`` option that makes no sense, with the reason."""


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    sites: tuple = ()


def parse_options(text, *, post_day, default_weeks, known_sites=()):
    """The ``Window`` a marker's options ask for, around ``post_day``."""
    values = {}
    for token in html.unescape(text).split():
        name, equals, value = token.partition("=")
        if not equals or not value:
            raise OptionError(f"'{token}' is not an option: write name=value")
        if name not in OPTIONS:
            raise OptionError(f"'{name}' is not an option ({', '.join(OPTIONS)})")
        if name in values:
            raise OptionError(f"'{name}' is given twice")
        values[name] = value
    if "weeks" in values and "from" in values:
        raise OptionError("give weeks or from, not both")
    last = _day(values, "to", post_day)
    weeks = _weeks(values.get("weeks"), default_weeks)
    first = _day(values, "from", last - timedelta(days=7 * weeks - 1))
    if first > last:
        raise OptionError(f"from ({first}) is after to ({last})")
    if (last - first).days > 7 * MAX_WEEKS:
        raise OptionError(f"the window is longer than {MAX_WEEKS} weeks")
    return Window(first, last, _sites(values.get("sites"), known_sites))


def _weeks(value, default):
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= MAX_WEEKS:
        raise OptionError(
            f"weeks must be a whole number from 1 to {MAX_WEEKS}, got '{value}'"
        )
    return int(value)


def _day(values, name, default):
    value = values.get(name)
    if value is None:
        return default
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise OptionError(f"{name} must be a date YYYY-MM-DD, got '{value}'") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise OptionError(f"{name} must be in the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def _sites(value, known):
    if value is None:
        return ()
    sites = tuple(s.strip().lower() for s in value.split(",") if s.strip())
    if not sites:
        raise OptionError("sites is empty: write sites=ankle,jaw")
    for site in sites:
        if not _SITE.match(site) or (known and site not in known):
            listed = ", ".join(sorted(known)) if known else "ankle, knee, ..."
            raise OptionError(f"'{site}' is not a body site in the journal ({listed})")
    return sites


def marker_problems(source_text, path, *, post_day, default_weeks, known_sites=()):
    """A ``Problem`` for each ``[timeline]`` paragraph of a post's Markdown
    whose options make no sense: what the build reports, and ``invoke check``
    too. A marker with text right above or below it is no marker (a warning)."""
    lines = source_text.split("\n")
    for index, line in enumerate(lines):
        alone = all(
            not (lines[near].strip() if 0 <= near < len(lines) else "")
            for near in (index - 1, index + 1)
        )
        if not (SOURCE_MARKER.match(line) and alone):
            continue
        marker = line.strip()
        try:
            parse_options(
                marker[len("[timeline") : -1],
                post_day=post_day,
                default_weeks=default_weeks,
                known_sites=known_sites,
            )
        except OptionError as error:
            yield Problem(path, index + 1, marker, str(error))
