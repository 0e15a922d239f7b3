"""The journal timeline page (/timeline/): everything, by year, with per-site counts.

A year gets its own chart only when the journal spans more than one year
(otherwise it would be the whole journal's chart again). The year charts are
images, so that the page stays light: each year's file and, for small
screens, its narrow layout alone (``<picture>``).
"""

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

from markupsafe import Markup

from .chart import NO_SITE, SIDES, EpisodeIndex, build_chart, journal_span
from .describe import summary
from .figure import chart_drawing, render, standalone

SIDE_HEADINGS = ("Left", "Right", "Both", "Side not recorded")
JOURNAL_SVG = "journal.svg"


@dataclass
class YearChart:
    """A year's chart as two image files: both layouts, and the narrow one."""

    svg_name: str
    svg: str
    width: int
    height: int
    narrow_name: str | None  # None: the wide layout is readable on a phone
    narrow_svg: str
    narrow_height: int | None
    desc: str  # the takeaway: the image's text alternative
    caption: str


@dataclass
class Year:
    year: int
    total: int
    sites: list  # (site, [left, right, both, not recorded], total)
    chart: YearChart | None = None  # None when the journal has only this year


@dataclass
class JournalPage:
    figure: str = ""  # the whole journal, binned to fit (Markup)
    svg: str = ""
    years: list = field(default_factory=list)  # newest first
    side_headings: tuple = SIDE_HEADINGS
    empty: bool = True

    @property
    def files(self):
        """``{file name: SVG}`` to write beside the page."""
        found = {JOURNAL_SVG: self.svg} if self.svg else {}
        for year in self.years:
            if year.chart:
                found[year.chart.svg_name] = year.chart.svg
                if year.chart.narrow_name:
                    found[year.chart.narrow_name] = year.chart.narrow_svg
        return found


def journal_page(journal, logged, index=None):
    """The page's parts; ``logged`` are the days with any entry."""
    index = index or EpisodeIndex(journal.episodes)
    page = JournalPage()
    span = journal_span(journal, logged)
    if span is None:
        return page
    page.empty = False
    chart = build_chart(journal, *span, logged=logged, index=index)
    page.figure, page.svg = render(chart, "tl-journal", full_size=JOURNAL_SVG)
    several = span[0].year != span[1].year
    for year in range(span[1].year, span[0].year - 1, -1):
        first = max(span[0], date(year, 1, 1))
        last = min(span[1], date(year, 12, 31))
        year_chart = build_chart(journal, first, last, logged=logged, index=index)
        page.years.append(
            Year(
                year=year,
                total=len(year_chart.episodes),
                sites=site_counts(year_chart.episodes),
                chart=_year_chart(year_chart, year) if several else None,
            )
        )
    return page


def _year_chart(chart, year):
    drawing = chart_drawing(chart, f"tl-{year}")
    narrow = bool(drawing.narrow)
    return YearChart(
        svg_name=f"{year}.svg",
        svg=standalone(drawing.wide_svg()),
        width=drawing.width,
        height=drawing.height,
        narrow_name=f"{year}-narrow.svg" if narrow else None,
        narrow_svg=standalone(drawing.narrow_svg()) if narrow else "",
        narrow_height=drawing.narrow_height,
        desc=drawing.desc,
        caption=summary(chart),
    )


def site_counts(episodes):
    """``(site, [left, right, both, not recorded], total)`` per site, busiest first."""
    counts = Counter((e.site or NO_SITE, e.side) for e in episodes)
    sites = {site for site, _side in counts}
    rows = [(site, [counts[(site, side)] for side in SIDES], 0) for site in sites]
    rows = [(site, sides, sum(sides)) for site, sides, _ in rows]
    return sorted(rows, key=lambda row: (-row[2], row[0]))


def page_json(page):
    """The page as JSON bytes, for the build's cache."""
    return json.dumps(asdict(page), ensure_ascii=False).encode()


def page_from_json(data):
    """The page ``page_json`` wrote; None if ``data`` is not that."""
    try:
        value = json.loads(data)
        years = [
            Year(
                **dict(
                    year,
                    sites=[
                        (site, sides, total) for site, sides, total in year["sites"]
                    ],
                    chart=year["chart"] and YearChart(**year["chart"]),
                )
            )
            for year in value.pop("years")
        ]
        headings = tuple(value.pop("side_headings"))
        figure = Markup(value.pop("figure"))
        return JournalPage(figure, years=years, side_headings=headings, **value)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
