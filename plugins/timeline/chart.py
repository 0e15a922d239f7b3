"""What a timeline shows: the window, the lanes and rows, marks, bands, visits, gaps.

``build_chart`` selects from a ``Journal`` (public entries only) and decides
the binning; ``draw``, ``describe`` and ``figure`` only present the result.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from plugins.symptom_log.model import SITES

from .binning import choose_unit, make_marks

SIDES = ("left", "right", "both", None)
ALL_SIDES = "all sides"  # the side of a row that holds every side of its site
MAX_LANES = 14  # more distinct sites than this share one "other sites" lane
OTHER = "other sites"
NO_SITE = "site not recorded"
PLOT_WIDTH = 786  # pixels of the plot area in draw.py's layout
MAX_DAY_WIDTH = 112  # a window of under a week is drawn this wide a day, not stretched


def plot_width(days):
    """The plot's width for a window of ``days``: the whole width from a week up."""
    return min(PLOT_WIDTH, days * MAX_DAY_WIDTH)


@dataclass
class Chart:
    first: date
    last: date
    unit: str = "episode"
    lanes: list = field(default_factory=list)  # (site, (side, ...)) top to bottom
    marks: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # MedicationPeriod overlapping
    changes: list = field(default_factory=list)  # MedicationChange in the window
    visits: list = field(default_factory=list)
    gaps: list = field(default_factory=list)  # (first, last) days with no entries
    logged: frozenset = frozenset()  # days in the window with any entry
    sites: tuple = ()  # the sites asked for; () is every site
    _by_day: dict = field(default=None, repr=False)

    @property
    def days(self):
        return (self.last - self.first).days + 1

    @cached_property
    def symptoms(self):
        """The symptoms drawn, for the title and the caption (which both ask)."""
        return {e.symptom for e in self.episodes}

    @property
    def empty(self):
        return not (self.episodes or self.periods or self.visits)

    def marks_by_day(self):
        """``{day ordinal: [marks]}`` of a chart of single episodes, in time order."""
        if self._by_day is None:
            self._by_day = {}
            for mark in self.marks:
                self._by_day.setdefault(mark.first.toordinal(), []).append(mark)
            self._by_day = dict(sorted(self._by_day.items()))
        return self._by_day

    @property
    def rows(self):
        return [(site, side) for site, sides in self.lanes for side in sides]


def logged_days(journal, extra=()):
    """Every day with a public entry: an episode, a medication change, a visit.

    ``extra`` adds days known to have been logged otherwise (a post with only
    ratings logged that day, and nothing happened).
    """
    days = {e.at.date() for e in journal.episodes}
    days.update(c.date for c in journal.medications)
    days.update(v.date for v in journal.visits)
    days.update(extra)
    return days


def first_day(journal, logged=()):
    """The journal's first day with an entry, or None: a chart never starts before it.

    ``logged`` are the days with any entry (``logged_days``); the journal's
    lists are in time order, so this costs one pass over ``logged`` only.
    """
    days = [min(logged)] if logged else []
    days += [e.at.date() for e in journal.episodes[:1]]
    days += [items[0].date for items in (journal.medications, journal.visits) if items]
    return min(days, default=None)


def honest_start(first, last, journal_first):
    """``first``, or the journal's first day if the window begins before it.

    A window that ends before the journal begins keeps its days: its chart
    says that nothing was logged in them.
    """
    if journal_first is not None and first < journal_first <= last:
        return journal_first
    return first


def journal_span(journal, extra=()):
    """``(first, last)`` day of the journal's entries, or None if it has none."""
    days = logged_days(journal, extra)
    days.update(p.start for p in journal.periods)
    return (min(days), max(days)) if days else None


class EpisodeIndex:
    """The journal's episodes by day, so that a window is two binary searches."""

    def __init__(self, episodes):
        pairs = sorted(
            ((e.at.date().toordinal(), i) for i, e in enumerate(episodes)),
        )
        self.ordinals = [ordinal for ordinal, _i in pairs]
        self.episodes = [episodes[i] for _ordinal, i in pairs]

    def between(self, first, last):
        low = bisect_left(self.ordinals, first.toordinal())
        high = bisect_right(self.ordinals, last.toordinal())
        return self.episodes[low:high]


def build_chart(
    journal,
    first,
    last,
    *,
    sites=None,
    logged=(),
    index=None,
    cache=None,
    by_side=True,
):
    """The chart of ``journal`` from day ``first`` to ``last`` (both included).

    ``index`` (an ``EpisodeIndex`` of the journal) saves sorting again when
    many charts are drawn from one journal; ``cache`` (a dict for one build)
    keeps the marks of single episodes. ``by_side=False`` gives each site
    one row (side ``ALL_SIDES``), for a small chart.
    """
    chart = chart_entries(journal, first, last, sites=sites, logged=logged, index=index)
    return lay_out(chart, cache, by_side)


def chart_entries(journal, first, last, *, sites=None, logged=(), index=None):
    """The chart from day ``first`` to ``last`` with its entries (episodes,
    medications, visits, days logged) but not yet its lanes and marks, which
    ``lay_out`` derives from them alone."""
    chart = Chart(first, last, sites=tuple(sites or ()))
    in_window = (index or EpisodeIndex(journal.episodes)).between(first, last)
    if sites:
        in_window = [e for e in in_window if (e.site or NO_SITE) in sites]
    chart.episodes = in_window
    chart.periods = [
        p
        for p in journal.periods
        if p.start <= last and (p.end is None or p.end > first)
    ]
    chart.changes = [c for c in journal.medications if first <= c.date <= last]
    chart.visits = [v for v in journal.visits if first <= v.date <= last]
    chart.logged = frozenset(
        d for d in (first + timedelta(days=n) for n in range(chart.days)) if d in logged
    )
    chart.gaps = gaps(chart.logged, first, last)
    return chart


def lay_out(chart, cache=None, by_side=True):
    """``chart`` with the lanes, time unit and marks of its episodes."""
    rows = _rows(chart.episodes, by_side)
    chart.lanes = _lanes(rows)
    chart.unit = choose_unit(rows, plot_width(chart.days), chart.days)
    chart.marks = make_marks(rows, chart.unit, cache)
    return chart


def _rows(episodes, by_side=True):
    """Episodes by (lane, side), lanes beyond MAX_LANES folded into OTHER."""
    rows = {}
    for episode in episodes:
        side = episode.side if by_side else ALL_SIDES
        rows.setdefault((episode.site or NO_SITE, side), []).append(episode)
    sites = sorted({site for site, _side in rows}, key=_site_order)
    if len(sites) > MAX_LANES:
        kept = set(sites[: MAX_LANES - 1])
        folded = {}
        for (site, side), found in sorted(
            rows.items(), key=lambda i: _site_order(i[0][0])
        ):
            lane = site if site in kept else OTHER
            folded.setdefault((lane, side), []).extend(found)
        rows = folded
    return dict(sorted(rows.items(), key=lambda item: _row_order(item[0])))


def _site_order(site):
    if site in SITES:
        return (0, SITES.index(site), site)
    return (1 if site != NO_SITE else 2, 0, site)


def _row_order(row):
    site, side = row
    lane = (3, 0, site) if site == OTHER else _site_order(site)
    return (lane, SIDES.index(side) if side in SIDES else len(SIDES))


def _lanes(rows):
    lanes = {}
    for site, side in rows:
        lanes.setdefault(site, []).append(side)
    return [(site, tuple(sides)) for site, sides in lanes.items()]


def gaps(logged, first, last):
    """Runs ``(first, last)`` of days from ``first`` to ``last`` with no entry."""
    runs = []
    start = None
    day = first
    while day <= last:
        if day in logged:
            if start is not None:
                runs.append((start, day - timedelta(days=1)))
                start = None
        elif start is None:
            start = day
        day += timedelta(days=1)
    if start is not None:
        runs.append((start, last))
    return runs
