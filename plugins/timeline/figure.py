"""A chart as an HTML ``<figure>`` (the SVG and its caption), then tables of its data.

The tables follow the figure in a ``<details>`` (a figure's caption is its
first or last child). Every text is escaped here; the HTML is returned as
``Markup``, so the theme (autoescape on) shows it as it is.
"""

from html import escape

from markupsafe import Markup

from .describe import caption, chart_title, day_words, plural, takeaway
from .draw import draw, number
from .parts import min_gap_days

NOT_RECORDED = (
    '<span class="not-recorded"><span aria-hidden="true">—</span>'
    '<span class="visually-hidden">not recorded</span></span>'
)
MAX_GAP_ROWS = 200


def e(value):
    return escape(str(value), quote=True)


def chart_drawing(chart, id_prefix, cache=None, *, compact=False):
    """The chart's ``Drawing``, with its title and takeaway."""
    return draw(
        chart,
        title=chart_title(chart),
        desc=takeaway(chart),
        id_prefix=id_prefix,
        cache=cache,
        compact=compact,
    )


def standalone(svg):
    """An SVG drawing as a file of its own."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def render(chart, id_prefix, cache=None, full_size=None):
    """``(figure and tables as Markup, standalone SVG)`` for ``chart``.

    The standalone SVG is the wide layout, full size (the file a feed shows);
    ``full_size`` is its address from the page, linked in the caption.
    ``cache``: a dict kept for one build, so that an episode drawn in many
    overlapping charts is put into words once.
    """
    cache = {} if cache is None else cache
    drawing = chart_drawing(chart, id_prefix, cache)
    link = (
        f' <a href="{e(full_size)}">The chart full size (SVG)</a>' if full_size else ""
    )
    figure = Markup(
        f'<figure class="timeline" id="{drawing.prefix}">'
        f'<div class="tl-chart">{drawing.svg()}</div>'
        f"<figcaption>{e(caption(chart))}{link}</figcaption>"
        "</figure>" + ("" if chart.empty else data_tables(chart, cache))
    )
    return figure, standalone(drawing.wide_svg())


FEED_ALT = "Timeline chart of the weeks around this post (entries listed above)"


def feed_image(url):
    """The chart at ``url`` (absolute) as an image for a feed entry."""
    return f'<p><img src="{e(url)}" alt="{FEED_ALT}"></p>'


EPISODE_HEADINGS = ("When", "Symptom", "Site", "Side", "Beats", "Severity", "Triggers")
BIN_HEADINGS = (
    "Site",
    "Side",
    "Episodes",
    "Beats recorded",
    "Episodes without beats",
    "Worst severity",
)  # after the bin's own heading (Week, Month...)
BAND_HEADINGS = ("Drug", "Dose", "When taken", "From", "Until")
VISIT_HEADINGS = ("Date", "With")
NUMERIC = {"Beats", "Severity", "Episodes", "Beats recorded"}
NUMERIC |= {"Episodes without beats", "Worst severity"}


def _value(value):
    """A cell's HTML; a whole number needs no escaping."""
    if value is None:
        return NOT_RECORDED
    return str(value) if isinstance(value, int) else e(value)


def _row(headings, cells, *, labelled=True):
    """A ``<tr>`` of cells' HTML under ``headings``; ``labelled``: each cell
    names its column (``data-label``, shown beside the value when the table
    stacks on a phone)."""
    tds = []
    for heading, cell in zip(headings, cells, strict=True):
        css = ' class="num"' if heading in NUMERIC else ""
        label = f' data-label="{heading}"' if labelled else ""
        tds.append(f"<td{css}{label}>{cell}</td>")
    return f"<tr>{''.join(tds)}</tr>"


def _severity(value):
    return None if value is None else number(value)


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
        headings = (chart.unit.capitalize(), *BIN_HEADINGS)
        return [_bin_row(headings, mark) for mark in chart.marks]
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
    values = [ep.symptom, mark.site, ep.side, ep.beats, _severity(ep.severity)]
    values.append(", ".join(ep.triggers) or None)
    return _row(EPISODE_HEADINGS, [_when(ep), *map(_value, values)], labelled=False)


def _bin_row(headings, mark):
    when = f"{e(day_words(mark.first))} to {e(day_words(mark.last))}"
    values = [mark.site, mark.side, mark.count, mark.beats, mark.beats_unrecorded]
    values.append(_severity(mark.severity))
    return _row(headings, [when, *map(_value, values)], labelled=False)


def data_tables(chart, cache=None):
    if chart.unit == "episode":
        headings = EPISODE_HEADINGS
        what = plural(len(chart.marks), "episode")
    else:
        headings = (chart.unit.capitalize(), *BIN_HEADINGS)
        what = f"episodes per {chart.unit}, site and side"
    parts = [
        _table(
            f"The chart's marks: {what} (— means not recorded)",
            headings,
            mark_rows(chart, cache),
            "timeline-marks",  # one row an episode: it scrolls on a phone
        )
    ]
    if chart.periods:
        rows = [
            _row(
                BAND_HEADINGS,
                [
                    *map(_value, (p.drug, p.dose, p.when)),
                    e(day_words(p.start)),
                    e(day_words(p.end)) if p.end else "ongoing",
                ],
            )
            for p in chart.periods
        ]
        parts.append(_table("Medication bands", BAND_HEADINGS, rows, "timeline-bands"))
    if chart.visits:
        rows = [
            _row(VISIT_HEADINGS, [e(day_words(v.date)), _value(v.with_)])
            for v in chart.visits
        ]
        parts.append(_table("Visits", VISIT_HEADINGS, rows, "timeline-visits stacks"))
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
