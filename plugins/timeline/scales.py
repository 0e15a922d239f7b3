"""Scales map data to pixels: a time scale (``x()``) and value scales (``y()``).

Time is measured in *day numbers*: the date's ordinal plus the fraction of the
day on the clock as written in the journal, so a daylight-saving change never
moves a mark. An episode whose time was not recorded sits at midday.
"""

import math
from datetime import date, datetime, timedelta

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
MONTHS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_number(moment, time_known=True):
    """A date or datetime as a float day number (date ordinal + fraction of day)."""
    if isinstance(moment, datetime):
        if not time_known:
            return moment.date().toordinal() + 0.5
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return moment.date().toordinal() + seconds / 86400
    return moment.toordinal() + 0.5


class TimeScale:
    """Days ``first``..``last`` (both included) onto pixels ``left``..``right``."""

    def __init__(self, first, last, left, right):
        self.first, self.last = first, last
        self.start = first.toordinal()
        self.end = last.toordinal() + 1
        self.left, self.right = left, right
        self.per_day = (right - left) / (self.end - self.start)

    def x(self, value):
        """Pixel for a day number, a date (its midday) or a datetime."""
        if not isinstance(value, int | float):
            value = day_number(value)
        return self.left + (value - self.start) * self.per_day

    def x_day(self, day):
        """Pixel of the start (midnight) of ``day``."""
        return self.left + (day.toordinal() - self.start) * self.per_day

    def clamp(self, value):
        return min(max(value, self.left), self.right)

    @property
    def days(self):
        return self.end - self.start

    def ticks(self, max_ticks=12):
        """``(date, label)`` for gridlines: days, weeks, months or years."""
        days = self.days
        if days <= max_ticks:
            found = [(d, f"{d.day} {MONTHS[d.month - 1]}") for d in self._days(1)]
        elif days <= 7 * max_ticks:
            found = [
                (d, f"{d.day} {MONTHS[d.month - 1]}")
                for d in self._days(1)
                if d.weekday() == 0
            ]
        elif days <= 31 * max_ticks:
            step = math.ceil(days / 30.5 / max_ticks)
            found = [
                (d, MONTHS[d.month - 1] + (f" {d.year}" if d.month == 1 else ""))
                for d in self._months()
                if (d.month - 1) % step == 0
            ]
        else:
            step = max(1, math.ceil(days / 365.25 / max_ticks))
            found = [(d, str(d.year)) for d in self._years() if d.year % step == 0]
        return found

    def _days(self, step):
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=step)

    def _months(self):
        year, month = self.first.year, self.first.month
        while True:
            day = date(year, month, 1)
            if day > self.last:
                return
            if day >= self.first:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def _years(self):
        for year in range(self.first.year, self.last.year + 1):
            day = date(year, 1, 1)
            if day >= self.first:
                yield day


class LinearScale:
    """A number in ``domain`` onto ``range``, clamped at both ends."""

    def __init__(self, domain, range_):
        self.low, self.high = domain
        self.out_low, self.out_high = range_

    def y(self, value):
        if self.high == self.low:
            return self.out_low
        share = (min(max(value, self.low), self.high) - self.low) / (
            self.high - self.low
        )
        return self.out_low + share * (self.out_high - self.out_low)


class SqrtScale(LinearScale):
    """Area-true sizes: the square root of the value is spread linearly."""

    def __init__(self, domain, range_):
        low, high = domain
        super().__init__((math.sqrt(max(low, 0)), math.sqrt(max(high, 0))), range_)

    def y(self, value):
        return super().y(math.sqrt(max(value, 0)))


class BandScale:
    """Equal rows for keys, top to bottom: ``y(key)`` is the row's middle."""

    def __init__(self, keys, top, row_height):
        self.keys = list(keys)
        self.top = top
        self.row_height = row_height
        self._index = {key: index for index, key in enumerate(self.keys)}

    def y(self, key):
        return self.top + (self._index[key] + 0.5) * self.row_height

    def __contains__(self, key):
        return key in self._index

    @property
    def bottom(self):
        return self.top + len(self.keys) * self.row_height
