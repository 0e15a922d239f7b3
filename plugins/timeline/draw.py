"""The timeline as an SVG string, drawn the way pygal draws a chart.

First the data box (the layout: label column, lanes, bands, axis, legend),
then the labels, then the plot; a chart with nothing in it gets an explicit
"nothing logged" drawing instead. No JavaScript: the SVG reads the same
inline, as an image in a feed reader, and on paper. Colours come from the
Okabe-Ito palette and switch with ``prefers-color-scheme``; severity is also
told by the fill (hollow, striped, solid, dashed) and site by the shape.
Every text is escaped.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from .binning import UNIT_DAYS
from .chart import NO_SITE, OTHER
from .scales import MONTHS, BandScale, SqrtScale, TimeScale
from .shapes import outline, path, shape_of

WIDTH = 960
LABEL_WIDTH = 140
RIGHT_MARGIN = 20
HEADING = 22  # the chart's own heading, for the SVG seen on its own
VISIT_LABELS = 18
ROW = 28
LANE_GAP = 6
BAND_ROW = 20
AXIS = 26
LEGEND = 44
MAX_LABELLED_MARKS = 80  # beats written beside each mark up to this many marks
MAX_TITLED_MARKS = 150  # a tooltip on each mark up to this many (the table has all)
CHAR = 6.6  # average width of a 12 px character

# Okabe-Ito colours; each has at least 3:1 against its scheme's background.
PALETTE = {
    "light": {
        "background": "#ffffff",
        "ink": "#1d1b18",
        "muted": "#5c564e",
        "mild": "#0072b2",
        "moderate": "#d55e00",
        "severe": "#000000",
        "band": "#e8e4dc",
        "grid": "#d9d4cb",
    },
    "dark": {
        "background": "#15171a",
        "ink": "#ece8e1",
        "muted": "#bcb5aa",
        "mild": "#56b4e9",
        "moderate": "#e69f00",
        "severe": "#f0e442",
        "band": "#33383e",
        "grid": "#3d434a",
    },
}
SEVERITY_CLASSES = ("unrecorded", "mild", "moderate", "severe")
SEVERITY_WORDS = {
    "unrecorded": "dashed: severity not recorded",
    "mild": "hollow: mild (0-3)",
    "moderate": "striped: moderate (4-6)",
    "severe": "solid: severe (7-10)",
}


def severity_class(severity):
    if severity is None:
        return "unrecorded"
    if severity < 4:
        return "mild"
    if severity < 7:
        return "moderate"
    return "severe"


def _style(colours):
    c = colours
    return (
        f".tl-bg{{fill:{c['background']}}}"
        f".tl-t{{fill:{c['ink']}}}.tl-mu{{fill:{c['muted']}}}"
        f".tl-rule{{stroke:{c['muted']};fill:none}}"
        f".tl-grid{{stroke:{c['grid']};fill:none}}"
        f".tl-band{{fill:{c['band']};stroke:{c['muted']}}}"
        f".tl-hatch{{stroke:{c['muted']}}}"
        f".tl-visit{{stroke:{c['ink']};stroke-dasharray:4 3}}"
        f".tl-unrecorded{{fill:{c['background']};stroke:{c['ink']};"
        "stroke-dasharray:2 1.5}"
        f".tl-mild{{fill:{c['background']};stroke:{c['mild']};stroke-width:2}}"
        f".tl-moderate{{stroke:{c['moderate']};stroke-width:1.5}}"
        f".tl-stripe{{stroke:{c['moderate']};stroke-width:2}}"
        f".tl-severe{{fill:{c['severe']};stroke:{c['severe']}}}"
    )


STYLE = (
    "svg.tl-svg{font:12px system-ui,-apple-system,'Segoe UI',sans-serif}"
    + _style(PALETTE["light"])
    + "@media (prefers-color-scheme:dark){"
    + _style(PALETTE["dark"])
    + "}"
)


@dataclass
class Box:
    """The data box: where each part of the chart goes."""

    height: int
    lanes: BandScale
    lane_top: dict  # site -> y of the lane's top line
    bands_top: float
    drugs: list
    axis_y: float
    legend_y: float
    x: TimeScale


def text(value):
    """Escaped text for SVG (XML): &, <, >, and both quotes."""
    return escape(str(value), quote=True)


def safe_id(value):
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)[:60] or "tl"


def draw_svg(chart, *, title, desc, id_prefix="tl", cache=None):
    """The chart as a complete ``<svg>`` element (a string).

    ``cache`` (a dict kept for one build) keeps each episode's words, which
    many overlapping charts share.
    """
    prefix = safe_id(id_prefix)
    if chart.empty:
        return _no_data(chart, title, desc, prefix)
    cache = {} if cache is None else cache
    box = _data_box(chart, cache)
    parts = [
        _head(title, desc, prefix, box.height),
        _labels(chart, box, title, cache),
        _plot(chart, box, prefix, cache),
        _legend(chart, box, cache).replace(_PREFIX, prefix),
        "</svg>",
    ]
    return "".join(parts)


def _data_box(chart, cache):
    x = TimeScale(chart.first, chart.last, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    key = ("lanes", tuple(chart.lanes))
    if key not in cache:
        cache[key] = _lane_layout(chart.lanes)
    lane_top, lanes, y = cache[key]
    drugs = list(dict.fromkeys(p.drug for p in chart.periods))
    bands_top = y + 8
    axis_y = bands_top + len(drugs) * BAND_ROW + (6 if drugs else 0)
    legend_y = axis_y + AXIS
    return Box(
        height=int(legend_y + LEGEND),
        lanes=lanes,
        lane_top=lane_top,
        bands_top=bands_top,
        drugs=drugs,
        axis_y=axis_y,
        legend_y=legend_y,
        x=x,
    )


def _lane_layout(lanes):
    """``(each lane's top, the rows' scale, the y below the lanes)``."""
    top = HEADING + VISIT_LABELS
    lane_top, keys, y = {}, [], top
    for site, sides in lanes:
        lane_top[site] = y
        keys.extend((site, side) for side in sides)
        y += len(sides) * ROW + LANE_GAP
    return lane_top, _LaneScale(keys, lane_top, top), y


class _LaneScale(BandScale):
    """Rows grouped in lanes, with a gap between lanes."""

    def __init__(self, keys, lane_top, top):
        super().__init__(keys, top, ROW)
        self._y = {}
        seen = {}
        for site, side in keys:
            index = seen.get(site, 0)
            self._y[(site, side)] = lane_top[site] + (index + 0.5) * ROW
            seen[site] = index + 1
        self.lanes_bottom = max(self._y.values()) + ROW / 2 if self._y else top

    def y(self, key):
        return self._y[key]


def _head(title, desc, prefix, height):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{text(title)}</title>'
        f'<desc id="{prefix}-desc">{text(desc)}</desc>'
        f"<style>{STYLE}</style>"
        "<defs>"
        f'<pattern id="{prefix}-gap" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line class="tl-hatch" x1="0" y1="0" x2="0" y2="6"/></pattern>'
        f'<pattern id="{prefix}-stripe" width="3" height="3" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line class="tl-stripe" x1="0" y1="0" x2="0" y2="3"/></pattern>'
        "</defs>"
        f'<rect class="tl-bg" width="{WIDTH}" height="{height}"/>'
    )


def _site_label(site):
    return site if site in (OTHER, NO_SITE) else site.capitalize()


def _labels(chart, box, title, cache):
    """The heading, the lanes' and bands' labels, and the axis.

    The lane and band labels depend only on the lanes and the drugs, which
    most charts of one journal share: they are written once per build.
    """
    key = ("labels", tuple(chart.lanes), tuple(box.drugs))
    rows = cache.get(key)
    if rows is None:
        rows = cache[key] = _row_labels(chart.lanes, box)
    return (
        f'<text class="tl-t" x="8" y="15" font-weight="bold">{text(title)}</text>'
        + rows
        + _axis(chart, box)
    )


def _row_labels(lanes, box):
    out = []
    for site, sides in lanes:
        top = box.lane_top[site]
        out.append(
            f'<path class="tl-t" d="{path(shape_of(site), 14, top + ROW / 2, 5)}"/>'
        )
        out.append(
            f'<text class="tl-t" x="24" y="{top + ROW / 2 + 4:.0f}">'
            f"{text(_site_label(site)[:14])}</text>"
        )
        for side in sides:
            y = box.lanes.y((site, side))
            out.append(
                f'<text class="tl-mu" x="{LABEL_WIDTH - 6}" y="{y + 4:.0f}" '
                f'text-anchor="end" font-size="11">{_side_label(side)}</text>'
            )
        bottom = top + len(sides) * ROW + LANE_GAP / 2
        out.append(
            f'<path class="tl-grid" d="M8 {bottom:.0f}H{WIDTH - RIGHT_MARGIN}"/>'
        )
    if box.drugs:
        out.append(
            f'<text class="tl-t" x="8" y="{box.bands_top - 1:.0f}" font-size="11">'
            "Medication</text>"
        )
    for index, drug in enumerate(box.drugs):
        y = box.bands_top + index * BAND_ROW + BAND_ROW / 2 + 4
        out.append(
            f'<text class="tl-t" x="{LABEL_WIDTH - 6}" y="{y:.0f}" '
            f'text-anchor="end">{text(drug[:18])}</text>'
        )
    return "".join(out)


def _side_label(side):
    return {"left": "left", "right": "right", "both": "both"}.get(side, "side ?")


def _axis(chart, box):
    top = HEADING + VISIT_LABELS
    out = []
    grid = []
    for day, label in box.x.ticks():
        x = box.x.x_day(day)
        grid.append(f"M{x:.1f} {top}V{box.axis_y:.0f}")
        out.append(
            f'<text class="tl-mu" x="{x:.1f}" y="{box.axis_y + 14:.0f}" '
            f'text-anchor="middle" font-size="11">{text(label)}</text>'
        )
    if grid:
        out.insert(0, f'<path class="tl-grid" d="{"".join(grid)}"/>')
    out.append(
        f'<path class="tl-rule" d="M{LABEL_WIDTH} {box.axis_y:.0f}'
        f'H{WIDTH - RIGHT_MARGIN}"/>'
    )
    return "".join(out)


def _plot(chart, box, prefix, cache):
    return "".join(
        [
            _gaps(chart, box, prefix),
            _bands(chart, box),
            _visits(chart, box),
            _marks(chart, box, prefix, cache),
        ]
    )


def min_gap_days(unit):
    """Gaps shorter than one bin cannot be seen; they are listed in the table."""
    return 1 if unit in ("episode", "day") else int(UNIT_DAYS[unit])


def drawn_gaps(chart):
    shortest = min_gap_days(chart.unit)
    return [(a, b) for a, b in chart.gaps if (b - a).days + 1 >= shortest]


def _gaps(chart, box, prefix):
    top = HEADING + VISIT_LABELS
    height = box.axis_y - top
    runs = []
    for first, last in drawn_gaps(chart):
        x0 = box.x.x_day(first)
        x1 = box.x.x_day(last + timedelta(days=1))
        runs.append(f"M{x0:.1f} {top}h{x1 - x0:.1f}v{height:.0f}h{x0 - x1:.1f}z")
    if not runs:
        return ""
    return (
        f'<path class="tl-gaps" fill="url(#{prefix}-gap)" fill-opacity="0.6" '
        f'd="{"".join(runs)}"><title>No entries on these days</title></path>'
    )


def _bands(chart, box):
    out = []
    end_of_window = chart.last + timedelta(days=1)
    for period in chart.periods:
        row = box.drugs.index(period.drug)
        y = box.bands_top + row * BAND_ROW + 2
        start = max(period.start, chart.first)
        end = min(period.end or end_of_window, end_of_window)
        x0, x1 = box.x.x_day(start), box.x.x_day(end)
        dash = ' stroke-dasharray="3 2"' if period.as_needed else ""
        label = (period.dose or "dose not recorded") + (
            " as needed" if period.as_needed else ""
        )
        out.append(
            f'<rect class="tl-band"{dash} x="{x0:.1f}" y="{y:.0f}" '
            f'width="{max(x1 - x0, 1):.1f}" height="{BAND_ROW - 4}">'
            f"<title>{text(period.drug)} {text(label)}</title></rect>"
        )
        if (x1 - x0) >= len(label) * CHAR * 0.9 + 6:
            out.append(
                f'<text class="tl-t" x="{x0 + 3:.1f}" y="{y + BAND_ROW / 2 + 2:.0f}" '
                f'font-size="11">{text(label)}</text>'
            )
    return "".join(out)


def _visits(chart, box):
    out = []
    top = HEADING + 4
    bottom = box.axis_y
    last_label = -1e9
    for visit in chart.visits:
        x = box.x.x(visit.date)
        label = "Visit: " + (visit.with_ or "clinician")
        out.append(
            f'<path class="tl-visit" d="M{x:.1f} {top + VISIT_LABELS - 4}'
            f'V{bottom:.0f}"><title>{text(label)}, {_day(visit.date)}</title></path>'
        )
        width = len(label) * CHAR * 0.9
        if x - last_label > width + 8:
            anchor_x = min(max(x, LABEL_WIDTH + width / 2), WIDTH - width / 2)
            out.append(
                f'<text class="tl-t" x="{anchor_x:.1f}" y="{top + 10}" '
                f'text-anchor="middle" font-size="11">{text(label)}</text>'
            )
            last_label = x
    return "".join(out)


def _day(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


BEATS_SIZE = SqrtScale((0, 50), (3.5, 9))  # one size for a beat count in every chart


def _marks(chart, box, prefix, cache):
    """The marks; single episodes are drawn a day at a time, each day once per build.

    A day's marks sit in a group moved to the day's place, so the same day in
    the overlapping charts of many posts is written from the cache.
    """
    single = chart.unit == "episode"
    if single:
        size = BEATS_SIZE
    else:
        size = SqrtScale((0, max([m.count for m in chart.marks] + [10])), (3.5, 9))
    style = (
        single and len(chart.marks) <= MAX_LABELLED_MARKS,
        len(chart.marks) <= MAX_TITLED_MARKS or not single,
        size,
    )
    out = ['<g class="tl-marks">']
    if single:
        days = chart.marks_by_day()
        layout = (tuple(box.lanes.keys), box.lanes.top, round(box.x.per_day, 6))
        for ordinal, marks in days.items():
            key = ("day", ordinal, layout, chart.sites, style[:2])
            group = cache.get(key)
            if group is None:
                group = cache[key] = _draw_marks(marks, box, ordinal, style, cache)
            out.append(
                f'<g transform="translate({box.x.x(ordinal):.1f} 0)">{group}</g>'
            )
    else:
        out.append(_draw_marks(chart.marks, box, box.x.start, style, cache))
    out.append("</g>")
    return "".join(out).replace(_PREFIX, prefix)


_PREFIX = "\x00"  # stands for the chart's id prefix in cached pieces


def _draw_marks(marks, box, origin, style, cache):
    """Marks with x measured from day number ``origin``."""
    labelled, titled, size = style
    per_day, y_of = box.x.per_day, box.lanes.y
    single = marks[0].episode is not None
    out = []
    for mark in marks:
        x = (mark.position - origin) * per_day
        y = y_of(mark.row)
        kind, (dx, dy), rest, tail, r = _look(mark, single, size, titled, cache)
        fill = f' fill="url(#{_PREFIX}-stripe)"' if kind == "moderate" else ""
        out.append(
            f'<path class="tl-{kind}"{fill} d="M{x + dx:.1f} {y + dy:.1f}{rest}"{tail}'
        )
        if labelled and mark.beats is not None:
            out.append(
                f'<text class="tl-t" x="{x:.1f}" y="{y - r - 2:.1f}" '
                f'text-anchor="middle" font-size="9">{mark.beats}</text>'
            )
    return "".join(out)


def _look(mark, single, size, titled, cache):
    """What a mark looks like wherever it is: class, outline, tooltip, radius."""
    key = ("look", id(mark.episode), mark.site, titled)
    if single and key in cache:
        return cache[key]
    amount = mark.max_beats if single else mark.count
    r = round(size.y(amount), 1) if amount is not None else 5
    start, rest = outline(shape_of(mark.site), r)
    tail = f"><title>{_title(mark, single, cache)}</title></path>" if titled else "/>"
    look = (severity_class(mark.severity), start, rest, tail, r)
    if single:
        cache[key] = look
    return look


def _title(mark, single, cache):
    if not single:
        return text(mark_words(mark))
    key = ("title", id(mark.episode), mark.site)
    title = cache.get(key)
    if title is None:
        title = cache[key] = text(mark_words(mark))
    return title


def mark_words(mark):
    """One mark in words, as its tooltip: what the table's row says."""
    where = _site_label(mark.site) + (f", {mark.side}" if mark.side else "")
    if mark.episode is not None:
        e = mark.episode
        when = f"{_day(e.at.date())}" + (f" {e.at:%H:%M}" if e.time_known else "")
        beats = "beats not recorded" if e.beats is None else f"{e.beats} beats"
        severity = (
            "severity not recorded"
            if e.severity is None
            else f"severity {_number(e.severity)}/10"
        )
        return f"{when}: {e.symptom}, {where}, {beats}, {severity}"
    count = f"{mark.count} episode" + ("" if mark.count == 1 else "s")
    beats = "" if mark.beats is None else f", {mark.beats} beats"
    worst = (
        "" if mark.severity is None else f", worst severity {_number(mark.severity)}/10"
    )
    return f"{_day(mark.first)} to {_day(mark.last)}: {where}, {count}{beats}{worst}"


def _number(value):
    return str(int(value)) if value == int(value) else str(value)


def _legend(chart, box, cache):
    """The legend, with ``_PREFIX`` for the id prefix: one per unit, gaps and place."""
    gaps = bool(drawn_gaps(chart))
    key = ("legend", chart.unit, gaps, box.legend_y)
    legend = cache.get(key)
    if legend is None:
        legend = cache[key] = _draw_legend(chart.unit, gaps, box.legend_y + 12)
    return legend


def _draw_legend(unit, gaps, y):
    out = ['<g class="tl-legend">']
    x = 8.0
    for kind in SEVERITY_CLASSES:
        fill = f' fill="url(#{_PREFIX}-stripe)"' if kind == "moderate" else ""
        out.append(
            f'<path class="tl-{kind}"{fill} d="{path("circle", x + 6, y - 4, 6)}"/>'
        )
        words = SEVERITY_WORDS[kind]
        out.append(
            f'<text class="tl-t" x="{x + 16:.0f}" y="{y:.0f}" font-size="11">'
            f"{text(words)}</text>"
        )
        x += 16 + len(words) * 6.0 + 16
    size = (
        "Bigger mark: more beats (number beside it)"
        if unit == "episode"
        else f"Each mark: one {unit}; bigger mark: more episodes"
    )
    out.append(
        f'<text class="tl-t" x="8" y="{y + 20:.0f}" font-size="11">{text(size)}. '
        "Shape: body site. Grey bands: medication and dose. Dashed line: visit.</text>"
    )
    if gaps:
        out.append(
            f'<rect x="{WIDTH - 170}" y="{y + 9:.0f}" width="14" height="14" '
            f'fill="url(#{_PREFIX}-gap)" stroke="currentColor" class="tl-hatch"/>'
            f'<text class="tl-t" x="{WIDTH - 152}" y="{y + 20:.0f}" font-size="11">'
            "No entries that day</text>"
        )
    out.append("</g>")
    return "".join(out)


def _no_data(chart, title, desc, prefix):
    height = 110
    message = f"Nothing was logged from {_day(chart.first)} to {_day(chart.last)}."
    return (
        _head(title, desc, prefix, height)
        + f'<text class="tl-t" x="8" y="15" font-weight="bold">{text(title)}</text>'
        + f'<rect class="tl-band" x="8" y="30" width="{WIDTH - 16}" height="64" '
        'stroke-dasharray="4 3"/>'
        + f'<text class="tl-t tl-empty" x="{WIDTH / 2:.0f}" y="66" '
        f'text-anchor="middle">{text(message)}</text>' + "</svg>"
    )
