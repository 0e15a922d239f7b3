"""A chart as an HTML ``<figure>``: the SVG, its caption, and tables of the same data.

Every text is escaped here; the figure is returned as ``Markup``, so the
theme (autoescape on) shows it as it is.
"""

from html import escape

from markupsafe import Markup

from .describe import caption, chart_title, day_words, plural, takeaway
from .draw import _number, draw_svg, min_gap_days, safe_id

NOT_RECORDED = (
    '<span class="not-recorded"><span aria-hidden="true">—</span>'
    '<span class="visually-hidden">not recorded</span></span>'
)
MAX_GAP_ROWS = 200


def e(value):
    return escape(str(value), quote=True)


def render(chart, id_prefix, cache=None):
    """``(figure HTML as Markup, standalone SVG)`` for ``chart``.

    ``cache``: a dict kept for one build, so that an episode drawn in many
    overlapping charts is put into words once.
    """
    cache = {} if cache is None else cache
    svg = draw_svg(
        chart,
        title=chart_title(chart),
        desc=takeaway(chart),
        id_prefix=id_prefix,
        cache=cache,
    )
    tables = "" if chart.empty else data_tables(chart, cache)
    figure = Markup(
        f'<figure class="timeline" id="{safe_id(id_prefix)}">'
        f"{svg}"
        f"<figcaption>{e(caption(chart))}</figcaption>"
        f"{tables}"
        "</figure>"
    )
    return figure, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


FEED_ALT = "Timeline chart of the weeks around this post (entries listed above)"


def feed_image(url):
    """The chart at ``url`` (absolute) as an image for a feed entry."""
    return f'<p><img src="{e(url)}" alt="{FEED_ALT}"></p>'


def _cell(value, numeric=False):
    """A table cell; a whole number needs no escaping."""
    if value is None:
        value = NOT_RECORDED
    elif not isinstance(value, int):
        value = e(value)
    return f'<td class="num">{value}</td>' if numeric else f"<td>{value}</td>"


def _severity(value):
    return None if value is None else _number(value)


def _table(caption_text, headings, rows, css):
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headings)
    return (
        f'<table class="{css}"><caption>{e(caption_text)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _when(episode):
    at = episode.at
    if not episode.time_known:
        return f'<time datetime="{at.date().isoformat()}">{day_words(at.date())}</time>'
    return (
        f'<time datetime="{at.isoformat()}">{day_words(at.date())}, '
        f"{at.hour:02d}:{at.minute:02d}</time>"
    )


def mark_rows(chart, cache=None):
    """The table's rows: one per episode in time order, or one per bin."""
    cache = {} if cache is None else cache
    if chart.unit != "episode":
        return [_bin_row(mark) for mark in chart.marks]
    lanes = tuple(chart.lanes)
    rows = []
    for ordinal, marks in chart.marks_by_day().items():
        key = ("rows", ordinal, chart.sites, lanes)
        day = cache.get(key)
        if day is None:
            ordered = sorted(marks, key=lambda mark: mark.position)
            day = cache[key] = "".join(_episode_row(mark) for mark in ordered)
        rows.append(day)
    return rows


def _episode_row(mark):
    ep = mark.episode
    return (
        f"<tr><td>{_when(ep)}</td>{_cell(ep.symptom)}{_cell(mark.site)}"
        f"{_cell(ep.side)}{_cell(ep.beats, True)}"
        f"{_cell(_severity(ep.severity), True)}"
        f"{_cell(', '.join(ep.triggers) or None)}</tr>"
    )


def _bin_row(mark):
    return (
        f"<tr><td>{e(day_words(mark.first))} to {e(day_words(mark.last))}</td>"
        f"{_cell(mark.site)}{_cell(mark.side)}{_cell(mark.count, True)}"
        f"{_cell(mark.beats, True)}{_cell(mark.beats_unrecorded, True)}"
        f"{_cell(_severity(mark.severity), True)}</tr>"
    )


def data_tables(chart, cache=None):
    if chart.unit == "episode":
        headings = ["When", "Symptom", "Site", "Side", "Beats", "Severity", "Triggers"]
        what = plural(len(chart.marks), "episode")
    else:
        headings = [
            f"{chart.unit.capitalize()}",
            "Site",
            "Side",
            "Episodes",
            "Beats recorded",
            "Episodes without beats",
            "Worst severity",
        ]
        what = f"episodes per {chart.unit}, site and side"
    parts = [
        _table(
            f"The chart's marks: {what} (— means not recorded)",
            headings,
            mark_rows(chart, cache),
            "timeline-marks",
        )
    ]
    if chart.periods:
        rows = [
            f"<tr>{_cell(p.drug)}{_cell(p.dose)}{_cell(p.when)}"
            f"<td>{e(day_words(p.start))}</td>"
            f"<td>{e(day_words(p.end)) if p.end else 'ongoing'}</td></tr>"
            for p in chart.periods
        ]
        parts.append(
            _table(
                "Medication bands",
                ["Drug", "Dose", "When taken", "From", "Until"],
                rows,
                "timeline-bands",
            )
        )
    if chart.visits:
        rows = [
            f"<tr><td>{e(day_words(v.date))}</td>{_cell(v.with_)}</tr>"
            for v in chart.visits
        ]
        parts.append(_table("Visits", ["Date", "With"], rows, "timeline-visits"))
    parts.append(_gap_list(chart))
    return (
        f'<details class="timeline-data"><summary>The chart as tables</summary>'
        f"{''.join(parts)}</details>"
    )


def _gap_list(chart):
    if not chart.gaps:
        return "<p>Every day in this chart has entries.</p>"
    total = sum((b - a).days + 1 for a, b in chart.gaps)
    items = [
        f"<li>{e(day_words(a))}"
        + (f" to {e(day_words(b))} ({(b - a).days + 1} days)" if b != a else "")
        + "</li>"
        for a, b in chart.gaps[:MAX_GAP_ROWS]
    ]
    more = len(chart.gaps) - MAX_GAP_ROWS
    if more > 0:
        items.append(f"<li>and {plural(more, 'more gap')}</li>")
    shortest = min_gap_days(chart.unit)
    note = (
        f" Gaps shorter than {shortest} days are too narrow to draw at this scale."
        if shortest > 1
        else ""
    )
    return (
        f"<p>Days with no entries: {plural(total, 'day')} in "
        f"{plural(len(chart.gaps), 'gap')}.{note}</p>"
        f'<ul class="timeline-gaps">{"".join(items)}</ul>'
    )
