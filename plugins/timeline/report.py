"""The "since the last visit" report: one printed page for the neurologist.

``build_report`` counts, ``report_html`` lays it out (Jinja2 with autoescape,
no Pelican). The period runs from the last visit (or ``since``) to ``until``,
both days included; it is compared with the period of the same length just
before it. Counts never treat a value not recorded as 0: episodes without
beats are counted apart from the sustained ones.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .binning import top_triggers
from .chart import NO_SITE, SIDES, gaps
from .describe import day_words, plural

TOP_TRIGGERS = 5
MAX_GAPS_LISTED = 6
DEFAULT_DAYS = 90  # the period when the journal has no visit before ``until``


class ReportError(ValueError):
    """The report cannot be made as asked (e.g. ``since`` after ``until``)."""


@dataclass
class SiteRow:
    site: str
    sides: list  # counts for left, right, both, side not recorded
    total: int
    previous: int

    @property
    def change(self):
        return change_words(self.total, self.previous)


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
    return f"up {now - before}" if now > before else f"down {before - now}"


def build_report(journal, *, until, since=None, logged=(), threshold=5):
    """Count the period ``since``..``until`` against the one before it."""
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
    sites = {site for site, _side in counts} | set(previous)
    rows = []
    for site in sites:
        sides = [counts[(site, side)] for side in SIDES]
        rows.append(SiteRow(site, sides, sum(sides), previous[site]))
    return sorted(rows, key=lambda row: (-row.total, -row.previous, row.site))


def report_html(report, *, site_name, generated):
    """The printable page as a string."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(day=day_words, plural=plural)
    longest = sorted(report.gaps, key=lambda g: (-(g[1] - g[0]).days, g[0]))
    return env.get_template("report.html").render(
        r=report,
        site_name=site_name,
        generated=generated,
        longest_gaps=sorted(longest[:MAX_GAPS_LISTED]),
        more_gaps=max(len(report.gaps) - MAX_GAPS_LISTED, 0),
    )
