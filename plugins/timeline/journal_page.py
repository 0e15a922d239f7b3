"""The journal timeline page (/timeline/): everything, by year, with per-site counts."""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .chart import NO_SITE, SIDES, EpisodeIndex, build_chart, journal_span
from .describe import takeaway
from .figure import render

SIDE_HEADINGS = ("Left", "Right", "Both", "Side not recorded")
_SIZE = re.compile(r'<svg [^>]*\bwidth="(\d+)" height="(\d+)"')


@dataclass
class Year:
    year: int
    total: int
    sites: list  # (site, [left, right, both, not recorded], total)
    svg_name: str
    svg: str
    desc: str
    size: tuple = ()  # (width, height) of the SVG, for its <img>


@dataclass
class JournalPage:
    figure: str = ""  # the whole journal, binned to fit (Markup)
    svg: str = ""
    years: list = field(default_factory=list)  # newest first
    side_headings: tuple = SIDE_HEADINGS
    empty: bool = True


def journal_page(journal, logged, index=None):
    """The page's parts; ``logged`` are the days with any entry."""
    index = index or EpisodeIndex(journal.episodes)
    page = JournalPage()
    span = journal_span(journal, logged)
    if span is None:
        return page
    page.empty = False
    chart = build_chart(journal, *span, logged=logged, index=index)
    page.figure, page.svg = render(chart, "tl-journal")
    for year in range(span[1].year, span[0].year - 1, -1):
        first = max(span[0], date(year, 1, 1))
        last = min(span[1], date(year, 12, 31))
        year_chart = build_chart(journal, first, last, logged=logged, index=index)
        _figure, svg = render(year_chart, f"tl-{year}")
        page.years.append(
            Year(
                year=year,
                total=len(year_chart.episodes),
                sites=site_counts(year_chart.episodes),
                svg_name=f"{year}.svg",
                svg=svg,
                desc=takeaway(year_chart),
                size=svg_size(svg),
            )
        )
    return page


def svg_size(svg):
    """``(width, height)`` as the drawn SVG states them (``draw._head``)."""
    return tuple(int(number) for number in _SIZE.search(svg).groups())


def site_counts(episodes):
    """``(site, [left, right, both, not recorded], total)`` per site, busiest first."""
    counts = Counter((e.site or NO_SITE, e.side) for e in episodes)
    sites = {site for site, _side in counts}
    rows = [(site, [counts[(site, side)] for side in SIDES], 0) for site in sites]
    rows = [(site, sides, sum(sides)) for site, sides, _ in rows]
    return sorted(rows, key=lambda row: (-row[2], row[0]))
