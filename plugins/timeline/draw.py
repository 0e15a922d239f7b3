"""The timeline as an SVG string, drawn the way pygal draws a chart.

First the data box (the layout: label column, lanes, bands, axis, legend),
then the labels, then the plot; a chart with nothing in it gets an explicit
"nothing logged" drawing instead. No JavaScript: the SVG reads the same
inline, as an image in a feed reader, and on paper. Colours come from the
Okabe-Ito palette and switch with ``prefers-color-scheme``; severity is also
told by the fill (hollow, striped, solid, dashed) and site by the shape.
Every text is escaped.

One SVG holds two layouts, each a nested ``<svg>``: the wide one drawn here
and, when the wide one would be too small on a phone, the narrow one
(``narrow.py``), which wraps the time axis into rows of fewer days. The marks
are drawn once, into ``<defs>``, and both layouts show them with ``<use>``.
In a page, the SVG's own style picks the layout by the width of the
``.tl-chart`` box around it (a container query); as a file, an image or on
paper it is the wide one.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from . import narrow, parts
from .chart import plot_width
from .describe import day_words
from .parts import BEATS_SIZE, FONT, PREFIX, drawn_gaps, text, text_width
from .scales import BandScale, SqrtScale, TimeScale
from .shapes import outline, path, shape_of

LABEL_WIDTH = 140
GUTTER = 14  # beside the plot: a mark on the window's first or last moment is whole
PLOT_LEFT = LABEL_WIDTH + GUTTER
RIGHT_MARGIN = 20
HEADING = 26  # the chart's own heading, for the SVG seen on its own
VISIT_LEVEL = 16  # one line of visit labels
ROW = 28
COMPACT_ROW = 20  # a compact chart's rows: the marks nearly touch, the page is short
LANE_GAP = 6
BAND_ROW = 20
AXIS = 26
MAX_LABELLED_MARKS = 80  # beats written beside each mark up to this many marks
MAX_TITLED_MARKS = 150  # a tooltip on each mark up to this many (the table has all)
WIDE_FROM = 900  # a box this wide or wider shows the wide layout (scale >= 0.94)

# Okabe-Ito colours; each has at least 3:1 against its scheme's background
# and against the shade of days with no entries.
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
        "gap": "#f3f1ec",
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
        "gap": "#202328",
    },
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
    """The palette's rules; a page can set any colour with ``--tl-NAME`` (the
    report prints in black): custom properties, unlike selectors, reach the
    marks that ``<use>`` shows."""

    def c(name):
        return f"var(--tl-{name},{colours[name]})"

    return (
        f".tl-bg{{fill:{c('background')}}}"
        f".tl-t{{fill:{c('ink')}}}.tl-mu{{fill:{c('muted')}}}"
        f".tl-rule{{stroke:{c('muted')};fill:none}}"
        f".tl-grid{{stroke:{c('grid')};fill:none}}"
        f".tl-band{{fill:{c('band')};stroke:{c('muted')}}}"
        f".tl-gap{{fill:{c('gap')}}}"
        f".tl-hatch{{stroke:{c('muted')}}}"
        f".tl-visit{{stroke:{c('ink')};stroke-dasharray:4 3}}"
        f".tl-unrecorded{{fill:{c('background')};stroke:{c('ink')};"
        "stroke-dasharray:2 1.5}"
        f".tl-mild{{fill:{c('background')};stroke:{c('mild')};stroke-width:2}}"
        f".tl-moderate{{stroke:{c('moderate')};stroke-width:1.5}}"
        f".tl-stripe{{stroke:{c('moderate')};stroke-width:2}}"
        f".tl-severe{{fill:{c('severe')};stroke:{c('severe')}}}"
    )


# Which layout shows. Inline, the chart sits in a ``.tl-chart`` box: as wide
# as the box, never wider than the layout is drawn, and in its narrow layout
# (at most 1.25 times its size) when the box is narrower than WIDE_FROM. On
# paper it is the wide one (the narrow one has display="none" unless shown).
# ``.tl-only-narrow`` is the narrow layout's file.
LAYOUT = (
    ".tl-only-narrow .tl-wide{display:none}.tl-only-narrow .tl-narrow{display:inline}"
    ".tl-chart{container-type:inline-size}"
    ".tl-chart svg.tl-svg{display:block;margin:0 auto;width:100%;height:auto;"
    "max-width:calc(var(--tl-w)*1px);aspect-ratio:var(--tl-w)/var(--tl-h)}"
    f"@media screen{{@container (max-width:{WIDE_FROM - 0.02}px){{"
    f".tl-chart svg.tl-two{{max-width:{narrow.WIDTH * 1.25:.0f}px;"
    f"aspect-ratio:{narrow.WIDTH}/var(--tl-nh)}}"
    ".tl-chart .tl-two .tl-wide{display:none}"
    ".tl-chart .tl-two .tl-narrow{display:inline}}}"
)
STYLE = (
    "svg.tl-svg{font:12px system-ui,-apple-system,'Segoe UI',sans-serif}"
    + _style(PALETTE["light"])
    + "@media screen and (prefers-color-scheme:dark){"
    + _style(PALETTE["dark"])
    + "}"
    + LAYOUT
)


@dataclass(frozen=True)
class Drawing:
    """A chart's SVG in its parts, drawn once: both layouts for a page, the
    wide one alone for its full-size file, the narrow one alone for a small
    screen's image."""

    prefix: str
    title: str
    desc: str
    width: int
    height: int
    wide: str  # the marks and the wide layout
    narrow: str = ""  # the narrow layout; "" when the wide one is readable on a phone
    narrow_height: int | None = None

    def svg(self):
        """Both layouts, the style choosing: for a page."""
        return self._head("both") + self.wide + self.narrow + "</svg>"

    def wide_svg(self):
        return self._head("wide") + self.wide + "</svg>"

    def narrow_svg(self):
        """The narrow layout alone (the wide one, for a chart that has none)."""
        return self._head("narrow") + self.wide + self.narrow + "</svg>"

    def _head(self, layouts):
        width, height, classes = self.width, self.height, "tl-svg"
        style = f"--tl-w:{width};--tl-h:{height}"
        if self.narrow and layouts == "both":
            classes += " tl-two"
            style += f";--tl-nh:{self.narrow_height}"
        elif self.narrow and layouts == "narrow":
            width, height = narrow.WIDTH, self.narrow_height
            classes += " tl-two tl-only-narrow"
            style = f"--tl-w:{width};--tl-h:{height}"
        p = self.prefix
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" '
            f'width="{width}" height="{height}" style="{style}" '
            f'role="img" aria-labelledby="{p}-title {p}-desc">'
            f'<title id="{p}-title">{text(self.title)}</title>'
            f'<desc id="{p}-desc">{text(self.desc)}</desc>'
            f"<style>{STYLE}</style>"
        )


@dataclass
class Box:
    """The data box: where each part of the wide layout goes."""

    width: int
    height: int
    heading: float  # the top of the visit labels, under the chart's heading
    title: bool  # the chart's heading is drawn
    x: TimeScale
    lanes: BandScale  # rows' middles, measured from the first lane's top
    lanes_top: float
    visits: list  # (x, level, label) of each visit label
    bands_top: float
    drugs: list
    axis_y: float
    legend_y: float
    legend: str
    rows: narrow.Rows  # how the narrow layout wraps the days
    labelled: bool  # the beats are written beside the marks


def safe_id(value):
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)[:60] or "tl"


def draw(chart, *, title, desc, id_prefix="tl", cache=None, compact=False):
    """The chart as a ``Drawing``.

    ``cache`` (a dict kept for one build) keeps each episode's words and each
    day's marks, which many overlapping charts share. ``compact``: the wide
    layout only, without its heading and legend, for a page that gives both
    (the printed report).
    """
    prefix = safe_id(id_prefix)
    cache = {} if cache is None else cache
    if chart.empty:
        return _no_data(chart, title, desc, prefix)
    box = _data_box(chart, cache, compact)
    marks = _marks(chart, box, cache)
    wide = "".join(
        [
            f'<svg class="tl-wide" viewBox="0 0 {box.width} {box.height}" '
            'width="100%" height="100%">',
            f'<rect class="tl-bg" width="{box.width}" height="{box.height}"/>',
            parts.gap_shapes(drawn_gaps(chart), box.x.x_day, box.lanes_top, box.axis_y),
            _labels(chart, box, title, cache),
            _bands(chart, box),
            _visits(chart, box),
            "".join(
                f'<use href="#{PREFIX}-m{index}" y="{box.lanes_top}"/>'
                for index in range(box.rows.count)
            ),
            f'<g class="tl-beats" transform="translate(0 {box.lanes_top})">'
            f"{_beats(chart, box)}</g>",
            f'<g transform="translate(0 {box.legend_y:.0f})">{box.legend}</g>',
            "</svg>",
        ]
    )
    phone, phone_height = (
        narrow.view(chart, box, title, cache) if box.rows.shown else ("", None)
    )
    return Drawing(
        prefix,
        title,
        desc,
        box.width,
        box.height,
        (_defs(marks) + wide).replace(PREFIX, prefix),
        phone.replace(PREFIX, prefix),
        phone_height,
    )


def _data_box(chart, cache, compact):
    width = PLOT_LEFT + plot_width(chart.days) + RIGHT_MARGIN
    x = TimeScale(chart.first, chart.last, PLOT_LEFT, width - RIGHT_MARGIN)
    row = COMPACT_ROW if compact else ROW
    key = ("lanes", tuple(chart.lanes), row)
    if key not in cache:
        cache[key] = _lane_layout(chart.lanes, row)
    lanes, lanes_height = cache[key]
    visits = parts.visit_labels(
        [(x.x(v.date), parts.visit_words(v)) for v in chart.visits],
        FONT,
        PLOT_LEFT - GUTTER,
        width - 4,
    )
    levels = max((level + 1 for _x, level, _label in visits), default=0)
    heading = 6 if compact else HEADING
    lanes_top = heading + levels * VISIT_LEVEL + (4 if levels else 0)
    drugs = list(dict.fromkeys(p.drug for p in chart.periods))
    bands_top = lanes_top + lanes_height + 8
    axis_y = bands_top + len(drugs) * BAND_ROW + (6 if drugs else 0) + parts.STRIP
    labelled = chart.unit == "episode" and len(chart.marks) <= MAX_LABELLED_MARKS
    legend, legend_height = parts.legend_block(chart, labelled, width, FONT, cache)
    if compact:
        legend, legend_height = "", 0
    legend_y = axis_y + AXIS
    return Box(
        width=width,
        height=int(legend_y + legend_height + 6),
        heading=heading,
        title=not compact,
        x=x,
        lanes=lanes,
        lanes_top=lanes_top,
        visits=visits,
        bands_top=bands_top,
        drugs=drugs,
        axis_y=axis_y,
        legend_y=legend_y,
        legend=legend,
        rows=narrow.rows(chart, x.per_day, width, wrap=not compact),
        labelled=labelled,
    )


def _lane_layout(lanes, row):
    """``(the rows' scale from the first lane's top, the lanes' height)``."""
    lane_top, keys, y = {}, [], 0
    for site, sides in lanes:
        lane_top[site] = y
        keys.extend((site, side) for side in sides)
        y += len(sides) * row + LANE_GAP
    return _LaneScale(keys, lane_top, row), max(y - LANE_GAP, 0)


class _LaneScale(BandScale):
    """Rows grouped in lanes, with a gap between lanes."""

    def __init__(self, keys, lane_top, row):
        super().__init__(keys, 0, row)
        self.lane_top = lane_top
        self._y = {}
        seen = {}
        for site, side in keys:
            index = seen.get(site, 0)
            self._y[(site, side)] = lane_top[site] + (index + 0.5) * row
            seen[site] = index + 1

    def y(self, key):
        return self._y[key]


def _defs(marks):
    """The patterns, and ``marks``: what both layouts show."""
    return (
        "<defs>"
        f'<pattern id="{PREFIX}-gap" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line class="tl-hatch" x1="0" y1="0" x2="0" y2="6"/></pattern>'
        f'<pattern id="{PREFIX}-stripe" width="3" height="3" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line class="tl-stripe" x1="0" y1="0" x2="0" y2="3"/></pattern>'
        + marks
        + "</defs>"
    )


def _labels(chart, box, title, cache):
    """The heading, the lanes' and bands' labels, and the axis.

    The lane and band labels depend only on the lanes, the drugs and where
    they start, which most charts of one journal share: they are written
    once per build.
    """
    key = ("labels", tuple(chart.lanes), tuple(box.drugs), box.lanes_top, box.width)
    key += (box.lanes.row_height,)
    rows = cache.get(key)
    if rows is None:
        rows = cache[key] = _row_labels(chart.lanes, box)
    heading = (
        f'<text class="tl-t" x="8" y="17" font-size="13" font-weight="bold">'
        f"{text(title)}</text>"
    )
    return (heading if box.title else "") + rows + _axis(box)


def _row_labels(lanes, box):
    out = []
    row = box.lanes.row_height
    for site, sides in lanes:
        top = box.lanes_top + box.lanes.lane_top[site]
        out.append(
            f'<path class="tl-t" d="{path(shape_of(site), 14, top + row / 2, 5)}"/>'
        )
        out.append(
            f'<text class="tl-t" x="24" y="{top + row / 2 + 4:.0f}">'
            f"{text(parts.site_label(site)[:14])}</text>"
        )
        for side in sides:
            y = box.lanes_top + box.lanes.y((site, side))
            if parts.side_label(side):
                out.append(
                    f'<text class="tl-mu" x="{LABEL_WIDTH - 6}" y="{y + 4:.0f}" '
                    f'text-anchor="end">{parts.side_label(side)}</text>'
                )
        bottom = top + len(sides) * row + LANE_GAP / 2
        out.append(
            f'<path class="tl-grid" d="M8 {bottom:.0f}H{box.width - RIGHT_MARGIN}"/>'
        )
    for index, drug in enumerate(box.drugs):
        y = box.bands_top + index * BAND_ROW + BAND_ROW / 2 + 4
        out.append(
            f'<text class="tl-t" x="{LABEL_WIDTH - 6}" y="{y:.0f}" '
            f'text-anchor="end">{text(drug[:16])}</text>'
        )
    return "".join(out)


def _axis(box):
    """Gridlines and their labels; a label at the plot's very start begins there."""
    out, grid = [], []
    ticks = box.x.ticks(max(2, min(12, int(box.x.right - box.x.left) // 64)))
    for tick, label in ticks:
        x = box.x.x_day(tick)
        grid.append(f"M{x:.1f} {box.lanes_top}V{box.axis_y:.0f}")
        anchor = "start" if x - box.x.left < text_width(label, FONT) / 2 else "middle"
        out.append(
            f'<text class="tl-mu" x="{x:.1f}" y="{box.axis_y + 16:.0f}" '
            f'text-anchor="{anchor}">{text(label)}</text>'
        )
    if grid:
        out.insert(0, f'<path class="tl-grid" d="{"".join(grid)}"/>')
    out.append(
        f'<path class="tl-rule" d="M{PLOT_LEFT - GUTTER} {box.axis_y:.0f}'
        f'H{box.width - RIGHT_MARGIN + GUTTER}"/>'
    )
    return "".join(out)


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
        label = parts.band_label(period)
        out.append(
            f'<rect class="tl-band"{dash} x="{x0:.1f}" y="{y:.0f}" '
            f'width="{max(x1 - x0, 1):.1f}" height="{BAND_ROW - 4}">'
            f"<title>{text(period.drug)} {text(label)}</title></rect>"
        )
        if x1 - x0 >= text_width(label, FONT) + 6:
            out.append(
                f'<text class="tl-t" x="{x0 + 3:.1f}" y="{y + BAND_ROW / 2 + 2:.0f}">'
                f"{text(label)}</text>"
            )
    return "".join(out)


def _visits(chart, box):
    out = []
    for visit in chart.visits:
        x = box.x.x(visit.date)
        out.append(
            f'<path class="tl-visit" d="M{x:.1f} {box.lanes_top - 4:.0f}'
            f'V{box.axis_y:.0f}"><title>{text(parts.visit_words(visit))}, '
            f"{day_words(visit.date)}</title></path>"
        )
    for x, level, label in box.visits:
        out.append(
            f'<text class="tl-t" x="{x:.1f}" '
            f'y="{box.heading + level * VISIT_LEVEL + 11}" text-anchor="middle">'
            f"{text(label)}</text>"
        )
    return "".join(out)


def _marks(chart, box, cache):
    """The marks, one group per row of the narrow layout, measured from the
    first lane's top.

    Single episodes are drawn a day at a time, each day once per build: a
    day's marks sit in a group moved to the day's place, so the same day in
    the overlapping charts of many posts is written from the cache.
    """
    single = chart.unit == "episode"
    if single:
        size = BEATS_SIZE
    else:
        size = SqrtScale((0, max([m.count for m in chart.marks] + [10])), (3.5, 9))
    titled = len(chart.marks) <= MAX_TITLED_MARKS or not single
    groups = [[] for _row in range(box.rows.count)]
    if single:
        layout = (tuple(box.lanes.keys), box.lanes.row_height, round(box.x.per_day, 6))
        for ordinal, marks in chart.marks_by_day().items():
            key = ("day", ordinal, layout, chart.sites, titled)
            drawn = cache.get(key)
            if drawn is None:
                drawn = cache[key] = _draw_marks(
                    marks, box, ordinal, (titled, size), cache
                )
            groups[box.rows.index(ordinal)].append(
                f'<g transform="translate({box.x.x(ordinal):.1f} 0)">{drawn}</g>'
            )
    else:
        by_row = [[] for _row in groups]
        for mark in chart.marks:
            by_row[box.rows.index(mark.position)].append(mark)
        for group, marks in zip(groups, by_row, strict=True):
            if marks:
                group.append(
                    _draw_marks(
                        marks, box, box.x.start, (titled, size), cache, left=box.x.left
                    )
                )
    return "".join(
        f'<g id="{PREFIX}-m{index}" class="tl-marks">{"".join(group)}</g>'
        for index, group in enumerate(groups)
    )


def _draw_marks(marks, box, origin, style, cache, *, left=0.0):
    """Marks with x measured from day number ``origin`` (at ``left``)."""
    titled, size = style
    per_day, y_of = box.x.per_day, box.lanes.y
    single = marks[0].episode is not None
    out = []
    for mark in marks:
        x = left + (mark.position - origin) * per_day
        kind, (dx, dy), rest, tail, _r = _look(mark, single, size, titled, cache)
        fill = f' fill="url(#{PREFIX}-stripe)"' if kind == "moderate" else ""
        out.append(
            f'<path class="tl-{kind}"{fill} d="M{x + dx:.1f} {y_of(mark.row) + dy:.1f}'
            f'{rest}"{tail}'
        )
    return "".join(out)


def _beats(chart, box):
    """The beats beside the marks of a chart of few single episodes."""
    if not box.labelled:
        return ""
    placed = [
        (box.x.x(m.position), box.lanes.y(m.row), parts.radius(m.max_beats), m)
        for m in chart.marks
    ]
    return parts.beats_labels(placed, FONT, box.width - 2)


def _look(mark, single, size, titled, cache):
    """What a mark looks like wherever it is: class, outline, tooltip, radius."""
    key = ("look", id(mark.episode), mark.site, titled)
    if single and key in cache:
        return cache[key]
    r = parts.radius(mark.max_beats if single else mark.count, size)
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
    where = parts.site_label(mark.site) + (f", {mark.side}" if mark.side else "")
    if mark.episode is not None:
        e = mark.episode
        when = f"{day_words(e.at.date())}" + (f" {e.at:%H:%M}" if e.time_known else "")
        beats = "beats not recorded" if e.beats is None else f"{e.beats} beats"
        severity = (
            "severity not recorded"
            if e.severity is None
            else f"severity {number(e.severity)}/10"
        )
        return f"{when}: {e.symptom}, {where}, {beats}, {severity}"
    count = f"{mark.count} episode" + ("" if mark.count == 1 else "s")
    beats = "" if mark.beats is None else f", {mark.beats} beats"
    worst = (
        "" if mark.severity is None else f", worst severity {number(mark.severity)}/10"
    )
    span = f"{day_words(mark.first)} to {day_words(mark.last)}"
    return f"{span}: {where}, {count}{beats}{worst}"


def number(value):
    """6 -> "6", 5.5 -> "5.5", 6.0 -> "6"."""
    return str(int(value)) if value == int(value) else str(value)


def _no_data(chart, title, desc, prefix):
    message = (
        f"Nothing was logged from {day_words(chart.first)} to {day_words(chart.last)}."
    )
    width = PLOT_LEFT + plot_width(chart.days) + RIGHT_MARGIN
    wide, width, height = parts.empty_view(
        'class="tl-wide"', width, FONT, title, message
    )
    phone, _width, phone_height = parts.empty_view(
        f'class="tl-narrow" {narrow.HIDDEN}', narrow.WIDTH, narrow.FONT, title, message
    )
    if not narrow.needed(width):
        return Drawing(prefix, title, desc, width, height, wide)
    return Drawing(prefix, title, desc, width, height, wide, phone, phone_height)
