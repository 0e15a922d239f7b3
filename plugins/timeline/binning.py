"""Marks from episodes: one per episode while they fit, else one per period and row.

A row is one body site and side. A journal of 20 years with 100,000 episodes
cannot show each as a mark, so dense charts are binned by day, week, month,
quarter or year: the finest period whose marks still fit the width and the
mark budget (which also keeps the SVG small). A bin counts its episodes, sums
the beats that were recorded and keeps the worst recorded severity; beats or
severity not recorded are counted apart, never as 0.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from .scales import day_number

UNITS = ("episode", "day", "week", "month", "quarter", "year")
UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25}
MAX_MARKS = 900  # the budget that keeps a chart readable and its SVG small
MIN_EPISODE_SPACING = 5.0  # pixels per episode in a row before binning starts
MIN_BIN_PIXELS = 3.0


@dataclass(frozen=True)
class Mark:
    """One mark in a row: a single episode or a bin of them."""

    site: str
    side: str | None
    first: date  # the first day the mark covers
    last: date  # the last day it covers (the same day for one episode)
    position: float  # day number of its centre
    count: int
    beats: int | None  # the sum of recorded beats; None: none recorded
    max_beats: int | None
    severity: float | None  # the worst recorded severity; None: none recorded
    beats_unrecorded: int = 0
    episode: object = None  # the Episode, when the mark is a single episode

    @property
    def row(self):
        return (self.site, self.side)


def bin_start(day, unit):
    """The first day of the ``unit`` (day, week from Monday, ...) holding ``day``."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if unit == "year":
        return date(day.year, 1, 1)
    return day


def bin_last(start, unit):
    """The last day of the bin that starts on ``start``."""
    if unit == "week":
        return start + timedelta(days=6)
    if unit in ("month", "quarter"):
        months = 1 if unit == "month" else 3
        year, month = divmod(start.month - 1 + months, 12)
        return date(start.year + year, month + 1, 1) - timedelta(days=1)
    if unit == "year":
        return date(start.year, 12, 31)
    return start


def bin_key(day, unit):
    """A number shared by every day of one bin (fast: no date arithmetic)."""
    if unit == "week":
        return (day.toordinal() - 1) // 7  # day 1 (1 January of year 1) is a Monday
    if unit == "month":
        return day.year * 12 + day.month - 1
    if unit == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    if unit == "year":
        return day.year
    return day.toordinal()


def choose_unit(rows, plot_width, days, max_marks=MAX_MARKS):
    """The finest unit whose marks fit: ``rows`` maps a row to its episodes."""
    total = sum(len(episodes) for episodes in rows.values())
    widest = max((len(episodes) for episodes in rows.values()), default=0)
    if total <= max_marks and widest * MIN_EPISODE_SPACING <= plot_width:
        return "episode"
    per_day = plot_width / max(days, 1)
    row_days = [{e.at.date() for e in episodes} for episodes in rows.values()]
    for unit in UNITS[1:-1]:
        if UNIT_DAYS[unit] * per_day < MIN_BIN_PIXELS:
            continue
        bins = sum(len({bin_key(day, unit) for day in found}) for found in row_days)
        if bins <= max_marks:
            return unit
    return "year"


def make_marks(rows, unit, cache=None):
    """The marks of every row, binned by ``unit`` ("episode": one per episode).

    ``cache`` (a dict for one build) keeps single-episode marks, which do not
    depend on the window, for the next chart that shows the same episode.
    """
    cache = {} if cache is None else cache
    marks = []
    for (site, side), episodes in rows.items():
        if unit == "episode":
            known = cache.setdefault(("marks", site), {})  # by id of the episode
            for e in episodes:
                mark = known.get(id(e))
                if mark is None:
                    mark = known[id(e)] = _single(site, side, e)
                marks.append(mark)
            continue
        bins = {}
        for episode in episodes:
            day = episode.at.date()
            key = bin_key(day, unit)
            tally = bins.get(key)
            if tally is None:
                tally = bins[key] = _Tally(bin_start(day, unit))
            tally.add(episode)
        for _key, tally in sorted(bins.items()):
            marks.append(tally.mark(site, side, bin_last(tally.first, unit)))
    return marks


class _Tally:
    """What a bin keeps of its episodes: counts, recorded beats, worst severity."""

    __slots__ = ("beats", "beats_seen", "count", "first", "max_beats", "severity")

    def __init__(self, first):
        self.first = first
        self.count = self.beats = self.beats_seen = 0
        self.max_beats = self.severity = None

    def add(self, episode):
        self.count += 1
        beats, severity = episode.beats, episode.severity
        if beats is not None:
            self.beats += beats
            self.beats_seen += 1
            if self.max_beats is None or beats > self.max_beats:
                self.max_beats = beats
        if severity is not None and (self.severity is None or severity > self.severity):
            self.severity = severity

    def mark(self, site, side, last):
        return Mark(
            site=site,
            side=side,
            first=self.first,
            last=last,
            position=(self.first.toordinal() + last.toordinal() + 1) / 2,
            count=self.count,
            beats=self.beats if self.beats_seen else None,
            max_beats=self.max_beats,
            severity=self.severity,
            beats_unrecorded=self.count - self.beats_seen,
        )


def _single(site, side, episode):
    day = episode.at.date()
    return Mark(
        site=site,
        side=side,
        first=day,
        last=day,
        position=day_number(episode.at, episode.time_known),
        count=1,
        beats=episode.beats,
        max_beats=episode.beats,
        severity=episode.severity,
        beats_unrecorded=int(episode.beats is None),
        episode=episode,
    )


def top_triggers(episodes, limit=None):
    """``(trigger, count)`` most common first, ties by name."""
    counts = Counter(t for e in episodes for t in e.triggers)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit else ranked
