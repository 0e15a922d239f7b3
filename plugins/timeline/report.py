"""The "since the last visit" report: one printed page for the neurologist.

``build_report`` counts, ``report_html`` lays it out (Jinja2 with autoescape,
no Pelican). The period runs from the last visit (or ``since``) to ``until``,
both days included; it is compared with the period of the same length just
before it. Counts never treat a value not recorded as 0: episodes without
beats are counted apart from the sustained ones, and a median or a worst
severity is of the episodes (or days) that were rated, with how many were.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from plugins.symptom_log.model import RATING_SCALES

from .binning import top_triggers
from .chart import NO_SITE, SIDES, build_chart, gaps
from .describe import day_words, plural
from .draw import number
from .figure import chart_drawing

TOP_TRIGGERS = 5
MAX_GAPS_LISTED = 4
DEFAULT_DAYS = 90  # the period when the journal has no visit before ``until``
RATING_NAMES = {
    "spasticity": "Spasticity NRS",
    "penn_frequency": "Penn frequency",
    "penn_severity": "Penn severity",
}


class ReportError(ValueError):
    """The report cannot be made as asked (e.g. ``since`` after ``until``)."""


@dataclass(frozen=True)
class Spread:
    """The values recorded in one period: how many, median, lowest, highest."""

    count: int = 0
    median: float | None = None
    low: float | None = None
    high: float | None = None


def spread(values):
    """The ``Spread`` of ``values``, leaving out those not recorded (None)."""
    found = sorted(v for v in values if v is not None)
    if not found:
        return Spread()
    return Spread(len(found), statistics.median(found), found[0], found[-1])


@dataclass
class SiteRow:
    site: str
    sides: list  # counts for left, right, both, side not recorded
    total: int
    previous: int
    severity: Spread = Spread()  # of the episodes rated in the period
    previous_severity: Spread = Spread()

    @property
    def change(self):
        return change_words(self.total, self.previous)


@dataclass
class RatingRow:
    """A self-rating scale over the period, against the period before."""

    name: str
    label: str  # "Spasticity NRS"
    scale: tuple  # (lowest, highest) score
    now: Spread  # of the days rated
    before: Spread

    @property
    def change(self):
        if self.now.median is None or self.before.median is None:
            return "not comparable"
        return change_words(self.now.median, self.before.median)


@dataclass
class Report:
    since: object
    until: object
    previous_since: object
    previous_until: object
    last_visit: object = None
    sites: list = field(default_factory=list)
    total: int = 0
    previous_total: int = 0
    sustained: int = 0
    previous_sustained: int = 0
    beats_unrecorded: int = 0
    threshold: int = 5
    triggers: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    current: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    days: int = 0
    days_logged: int = 0
    note: str = ""
    ratings: list = field(default_factory=list)  # RatingRow, scale by scale
    severity_unrated: int = 0  # episodes of the period without a severity
    left_out: list = field(default_factory=list)  # posts held back by an error
    chart: object = None  # the period's Chart, one row per site

    @property
    def total_change(self):
        return change_words(self.total, self.previous_total)

    @property
    def sustained_change(self):
        return change_words(self.sustained, self.previous_sustained)

    @property
    def days_without_entries(self):
        return sum((last - first).days + 1 for first, last in self.gaps)


def change_words(now, before):
    """Change in words, readable in greyscale: "up 3", "down 2", "no change"."""
    if now == before:
        return "no change"
    if now > before:
        return f"up {number(now - before)}"
    return f"down {number(before - now)}"


def build_report(
    journal,
    *,
    until,
    since=None,
    logged=(),
    threshold=5,
    ratings=(),
    left_out=(),
):
    """Count the period ``since``..``until`` against the one before it.

    ``ratings`` are ``(day, {scale: score})`` of the public posts;
    ``left_out`` names the posts that an error kept out of the journal.
    """
    visits = [v for v in journal.visits if v.date <= until]
    report_note = ""
    last_visit = visits[-1] if visits else None
    if since is None:
        if last_visit is not None:
            since = last_visit.date
        else:
            since = until - timedelta(days=DEFAULT_DAYS - 1)
            report_note = (
                f"No visit is logged, so this covers the last {DEFAULT_DAYS} days."
            )
    if since > until:
        raise ReportError(f"--since {since} is after the report's end {until}")
    length = (until - since).days + 1
    previous_until = since - timedelta(days=1)
    previous_since = since - timedelta(days=length)
    now = [e for e in journal.episodes if since <= e.at.date() <= until]
    before = [
        e for e in journal.episodes if previous_since <= e.at.date() <= previous_until
    ]
    days_logged = {d for d in logged if since <= d <= until}
    report = Report(
        since=since,
        until=until,
        previous_since=previous_since,
        previous_until=previous_until,
        last_visit=last_visit,
        sites=site_rows(now, before),
        total=len(now),
        previous_total=len(before),
        sustained=_sustained(now, threshold),
        previous_sustained=_sustained(before, threshold),
        beats_unrecorded=sum(e.symptom == "clonus" and e.beats is None for e in now),
        threshold=threshold,
        triggers=top_triggers(now, TOP_TRIGGERS),
        changes=[c for c in journal.medications if since <= c.date <= until],
        current=[
            p
            for p in journal.periods
            if p.start <= until and (p.end is None or p.end > until)
        ],
        gaps=gaps(days_logged, since, until),
        days=length,
        days_logged=len(days_logged),
        note=report_note,
        ratings=rating_rows(ratings, (since, until), (previous_since, previous_until)),
        severity_unrated=sum(e.severity is None for e in now),
        left_out=sorted(left_out),
        chart=build_chart(journal, since, until, logged=logged, by_side=False),
    )
    return report


def _sustained(episodes, threshold):
    return sum(
        e.symptom == "clonus" and e.beats is not None and e.beats >= threshold
        for e in episodes
    )


def site_rows(now, before):
    """A row per site seen in either period, busiest now first."""
    counts = Counter((e.site or NO_SITE, e.side) for e in now)
    previous = Counter(e.site or NO_SITE for e in before)
    severities = _severities(now)
    previous_severities = _severities(before)
    sites = {site for site, _side in counts} | set(previous)
    rows = []
    for site in sites:
        sides = [counts[(site, side)] for side in SIDES]
        rows.append(
            SiteRow(
                site,
                sides,
                sum(sides),
                previous[site],
                spread(severities.get(site, ())),
                spread(previous_severities.get(site, ())),
            )
        )
    return sorted(rows, key=lambda row: (-row.total, -row.previous, row.site))


def _severities(episodes):
    found = {}
    for e in episodes:
        found.setdefault(e.site or NO_SITE, []).append(e.severity)
    return found


def rating_rows(ratings, period, before):
    """A ``RatingRow`` per scale rated in either period: spasticity and the
    Penn scales first, then the others in the model's order."""
    days = {"now": {}, "before": {}}
    for day, scores in ratings:
        which = _period_of(day, period, before)
        if which is not None:
            for name, score in scores.items():
                days[which].setdefault(name, []).append(score)
    names = set(days["now"]) | set(days["before"])
    known = [*RATING_NAMES, *RATING_SCALES]  # spasticity and Penn first
    ordered = [n for n in dict.fromkeys(known) if n in names]
    ordered += sorted(names - set(known))
    return [
        RatingRow(
            name=name,
            label=RATING_NAMES.get(name, name.replace("_", " ").capitalize()),
            scale=RATING_SCALES.get(name, (0, 10)),
            now=spread(days["now"].get(name, ())),
            before=spread(days["before"].get(name, ())),
        )
        for name in ordered
    ]


def _period_of(day, period, before):
    if period[0] <= day <= period[1]:
        return "now"
    if before[0] <= day <= before[1]:
        return "before"
    return None


def report_html(report, *, site_name, generated):
    """The printable page as a string."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(day=day_words, plural=plural, number=number)
    longest = sorted(report.gaps, key=lambda g: (-(g[1] - g[0]).days, g[0]))
    return env.get_template("report.html").render(
        r=report,
        site_name=site_name,
        generated=generated,
        longest_gaps=sorted(longest[:MAX_GAPS_LISTED]),
        more_gaps=max(len(report.gaps) - MAX_GAPS_LISTED, 0),
        chart=period_chart(report.chart),
    )


def period_chart(chart):
    """The period drawn small: the timeline's wide layout, one row per site."""
    return Markup(chart_drawing(chart, "report-chart", compact=True).svg())
