"""The chart on a phone: the same marks, with the time axis wrapped into rows.

A phone's text column is 288 to 382 CSS px wide (a 320 to 414 px screen less
the page's margins), where the wide layout's 12 px text would be 4 px. The
narrow layout is ``WIDTH`` units wide, so that its text (``FONT``) renders at
11 CSS px or more from a 288 px column up. Its rows are runs of whole days,
each with every lane under a heading, the medication bands and its own axis;
rows in which nothing at all was logged fold into one line. The marks are the
wide layout's own, shown with ``<use>`` at ``scale`` >= ``MIN_SCALE``, one
``<use>`` per lane clipped to it: no mark is drawn twice.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import parts
from .describe import day_words, span_words
from .parts import PREFIX, STRIP, text, text_width
from .scales import TimeScale
from .shapes import path, shape_of

WIDTH = 360
MIN_COLUMN = 288  # CSS px: a 320 px screen less the page's margins
MIN_TEXT = 11  # CSS px
FONT = 14  # >= MIN_TEXT * WIDTH / MIN_COLUMN
MIN_SCALE = 1.0  # marks as big as in the wide layout: 5.6 px across, at the least
MAX_SCALE = 2.0
SIDES = 50  # the column of side labels
GUTTER = 12
PLOT_LEFT = SIDES + GUTTER
PLOT = WIDTH - PLOT_LEFT - GUTTER
LANE_HEAD = 19
LANE_GAP = 6
QUIET_ROW = 30  # a fold of rows with no entries
BAND = 22
AXIS = 24
ROW_GAP = 18  # between two rows of days
VISIT_LEVEL = 18
TICK_SPACE = 64  # units a tick label needs
# The narrow layout is hidden unless the SVG's style shows it: a feed reader
# that drops <style> still shows one layout, the wide one.
HIDDEN = 'display="none"'


def needed(width):
    """Whether a wide layout ``width`` units wide has text under 11 px on a phone."""
    return width * MIN_TEXT > MIN_COLUMN * parts.FONT


@dataclass(frozen=True)
class Rows:
    """The narrow layout's rows: ``count`` runs of ``size`` days from day ``start``.

    ``shown`` is False when the wide layout fits a phone as it is: then there
    is one row, the whole chart, and no narrow layout.
    """

    start: int  # the chart's first day, as an ordinal
    days: int
    size: int
    scale: float
    shown: bool
    count: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "count", math.ceil(self.days / self.size))

    def index(self, position):
        """The row holding day number (or ordinal) ``position``."""
        found = int((position - self.start) // self.size)
        return min(max(found, 0), self.count - 1)

    def bounds(self, index):
        """``(first, last)`` day of row ``index``."""
        first = self.start + index * self.size
        last = min(first + self.size, self.start + self.days) - 1
        return date.fromordinal(first), date.fromordinal(last)


def rows(chart, per_day, width, *, wrap=True):
    """How the narrow layout wraps a chart whose wide layout is ``per_day``
    units a day and ``width`` wide: the fewest rows of equal whole days.
    ``wrap=False``: no narrow layout."""
    start = chart.first.toordinal()
    if not (wrap and needed(width)):
        return Rows(start, chart.days, chart.days, 1.0, False)
    most = max(1, int(PLOT / (per_day * MIN_SCALE)))
    size = math.ceil(chart.days / math.ceil(chart.days / most))
    return Rows(start, chart.days, size, min(PLOT / (size * per_day), MAX_SCALE), True)


def _clip_paths(chart, lanes, width):
    """A clip per lane, in the marks' own units, for the rows' ``<use>``."""
    out = []
    for index, (site, sides) in enumerate(chart.lanes):
        top = lanes.lane_top[site]
        out.append(
            f'<clipPath id="{PREFIX}-l{index}"><rect x="-40" y="{top - 2}" '
            f'width="{width + 80}" height="{len(sides) * lanes.row_height + 4}"/>'
            "</clipPath>"
        )
    return "".join(out)


def view(chart, box, title, cache):
    """``(the narrow layout as an <svg>, its height)``."""
    out = []
    lines = parts.wrap(title, int((WIDTH - 16) / ((FONT + 1) * parts.CHAR)))
    for number, line in enumerate(lines):
        out.append(
            f'<text class="tl-t" x="8" y="{18 + number * 19}" font-size="{FONT + 1}" '
            f'font-weight="bold">{text(line)}</text>'
        )
    y = 12 + len(lines) * 19
    gaps = parts.drawn_gaps(chart)
    for run in _runs(chart, box.rows):
        if isinstance(run, int):
            drawn, height = _row(chart, box, (run, gaps), y, cache)
        else:
            drawn, height = _quiet(*run, y)
        out.append(drawn)
        y += height + ROW_GAP
    legend, legend_height = parts.legend_block(chart, box.labelled, WIDTH, FONT, cache)
    out.append(f'<g transform="translate(0 {y:.0f})">{legend}</g>')
    height = int(y + legend_height + 6)
    return (
        f'<svg class="tl-narrow" {HIDDEN} viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" height="100%">'
        f"<defs>{_clip_paths(chart, box.lanes, box.width)}"
        f'<g id="{PREFIX}-lanes">'
        f"{_lane_block(chart.lanes, box.lanes, box.rows.scale, cache)[0]}</g></defs>"
        f'<rect class="tl-bg" width="{WIDTH}" height="{height}"/>'
        + "".join(out)
        + "</svg>",
        height,
    )


def _runs(chart, rows):
    """What to draw, in order: the index of a row of days, or ``(first, last)``
    for a run of rows, from day ``first`` to ``last``, with nothing logged."""
    days = {day.toordinal() for day in chart.logged}
    days.update(item.date.toordinal() for item in (*chart.visits, *chart.changes))
    if chart.unit == "episode":
        days.update(chart.marks_by_day())
    else:
        days.update(int(mark.position) for mark in chart.marks)
    busy = {rows.index(day) for day in days}
    found = []
    for index in range(rows.count):
        first, last = rows.bounds(index)
        if index in busy:
            found.append(index)
        elif found and not isinstance(found[-1], int):
            found[-1] = (found[-1][0], last)
        else:
            found.append((first, last))
    return found


def _quiet(first, last, top):
    """Days with no entries folded into one line: shaded, hatched, named."""
    span = day_words(first) if first == last else span_words(first, last)
    words = f"No entries: {span}"
    y = top + QUIET_ROW - STRIP
    return (
        f'<rect class="tl-gap" x="{PLOT_LEFT - GUTTER}" y="{top:.0f}" '
        f'width="{WIDTH - PLOT_LEFT}" height="{QUIET_ROW}"/>'
        f'<rect fill="url(#{PREFIX}-gap)" x="{PLOT_LEFT - GUTTER}" y="{y:.0f}" '
        f'width="{WIDTH - PLOT_LEFT}" height="{STRIP}"/>'
        f'<text class="tl-t" x="{PLOT_LEFT - GUTTER + 4}" y="{top + 17:.0f}" '
        f'font-size="{FONT}">{text(words)}</text>',
        QUIET_ROW,
    )


def _row(chart, box, row, top, cache):
    """Row of days ``row`` (its index, and the chart's drawn gaps) at ``top``:
    ``(its drawing, its height)``."""
    index, drawn_gaps = row
    first, last = box.rows.bounds(index)
    scale = box.rows.scale
    row_x = TimeScale(
        first,
        last,
        PLOT_LEFT,
        PLOT_LEFT + ((last - first).days + 1) * box.x.per_day * scale,
    )
    origin = box.x.x_day(first)  # where the row's first day starts in the marks' units
    visits = [v for v in chart.visits if first <= v.date <= last]
    at = [PLOT_LEFT + (box.x.x(v.date) - origin) * scale for v in visits]
    labels = parts.visit_labels(
        [(x, parts.visit_words(v)) for x, v in zip(at, visits, strict=True)],
        FONT,
        4,
        WIDTH - 4,
    )
    levels = max((level + 1 for _x, level, _label in labels), default=0)
    lanes_top = top + levels * VISIT_LEVEL + (4 if levels else 0)
    _headings, lanes_height, rows_top = _lane_block(
        chart.lanes, box.lanes, scale, cache
    )
    drugs = [d for d in box.drugs if _periods(chart, d, first, last)]
    bands_top = lanes_top + lanes_height + 6
    axis_y = bands_top + len(drugs) * BAND + STRIP + (4 if drugs else 0)
    gaps = [
        (max(a, first), min(b, last)) for a, b in drawn_gaps if a <= last and b >= first
    ]
    out = [
        parts.gap_shapes(gaps, row_x.x_day, lanes_top, axis_y),
        _axis(chart, row_x, lanes_top, axis_y),
        f'<use href="#{PREFIX}-lanes" y="{lanes_top:.1f}"/>',
        _bands(chart, drugs, row_x, bands_top),
    ]
    for x in at:
        out.append(
            f'<path class="tl-visit" d="M{x:.1f} {lanes_top - 4:.0f}V{axis_y:.0f}"/>'
        )
    for x, level, label in labels:
        out.append(
            f'<text class="tl-t" x="{x:.1f}" y="{top + level * VISIT_LEVEL + 13}" '
            f'text-anchor="middle" font-size="{FONT}">{text(label)}</text>'
        )
    lane_y = {}  # where y = 0 of the marks' units lands, for each lane
    for lane, (site, _sides) in enumerate(chart.lanes):
        lane_y[site] = lanes_top + rows_top[site] - box.lanes.lane_top[site] * scale
        out.append(
            f'<use href="#{PREFIX}-m{index}" clip-path="url(#{PREFIX}-l{lane})" '
            f'transform="translate({PLOT_LEFT - origin * scale:.2f} '
            f'{lane_y[site]:.2f}) scale({scale:.4f})"/>'
        )
    if box.labelled:
        placed = [
            (
                PLOT_LEFT + (box.x.x(mark.position) - origin) * scale,
                lane_y[mark.site] + box.lanes.y(mark.row) * scale,
                parts.radius(mark.max_beats) * scale,
                mark,
            )
            for mark in chart.marks
            if box.rows.index(mark.position) == index
        ]
        out.append(parts.beats_labels(placed, FONT, WIDTH - 2))
    return "".join(out), axis_y + AXIS - top


def _lane_block(lanes, wide, scale, cache):
    """``(headings and side labels, height, {site: top of its first row})``,
    measured from the first heading's top; the same for every row of days
    (each shows them with a ``<use>``)."""
    key = ("narrow lanes", tuple(lanes), round(scale, 4))
    found = cache.get(key)
    if found is not None:
        return found
    out, rows_top, y = [], {}, 0.0
    row = wide.row_height * scale
    for site, sides in lanes:
        out.append(
            f'<path class="tl-t" d="{path(shape_of(site), 13, y + 10, 5)}"/>'
            f'<text class="tl-t" x="24" y="{y + 15:.1f}" font-size="{FONT}" '
            f'font-weight="bold">{text(parts.site_label(site)[:24])}</text>'
        )
        y += LANE_HEAD
        rows_top[site] = y
        for number, side in enumerate(sides):
            out.append(
                f'<text class="tl-mu" x="{SIDES - 2}" '
                f'y="{y + (number + 0.5) * row + 5:.1f}" text-anchor="end" '
                f'font-size="{FONT}">{parts.side_label(side)}</text>'
            )
        y += len(sides) * row
        out.append(f'<path class="tl-grid" d="M8 {y + 3:.1f}H{WIDTH - 8}"/>')
        y += LANE_GAP
    cache[key] = found = ("".join(out), y - LANE_GAP, rows_top)
    return found


def _periods(chart, drug, first, last):
    return [
        p
        for p in chart.periods
        if p.drug == drug and p.start <= last and (p.end is None or p.end > first)
    ]


def _bands(chart, drugs, row_x, top):
    """Each drug's doses in a row of days (``row_x``, its scale), named inside
    the band where it fits."""
    out = []
    first, last, x_day = row_x.first, row_x.last, row_x.x_day
    after = last + timedelta(days=1)
    for row, drug in enumerate(drugs):
        y = top + row * BAND
        for period in _periods(chart, drug, first, last):
            x0 = x_day(max(period.start, first))
            x1 = x_day(min(period.end or after, after))
            dash = ' stroke-dasharray="3 2"' if period.as_needed else ""
            out.append(
                f'<rect class="tl-band"{dash} x="{x0:.1f}" y="{y:.0f}" '
                f'width="{max(x1 - x0, 1):.1f}" height="{BAND - 4}"/>'
            )
            label = parts.band_label(period)
            for words in (f"{drug} {label}", label):
                if text_width(words, FONT) + 6 <= x1 - x0:
                    out.append(
                        f'<text class="tl-t" x="{x0 + 3:.1f}" y="{y + BAND - 8:.0f}" '
                        f'font-size="{FONT}">{text(words)}</text>'
                    )
                    break
    return "".join(out)


def _axis(chart, scale, top, axis_y):
    """The axis of a row of days (``scale``): its first day always named,
    then ticks where there is room."""
    first, last = scale.first, scale.last
    named = [(first, day_words(first, chart.first.year != chart.last.year))]
    days = (last - first).days + 1
    if days <= 31:  # a label every few days, as many as there is room for
        step = math.ceil(TICK_SPACE / scale.per_day)
        ticks = [first + timedelta(days=n) for n in range(step, days, step)]
        named += [(tick, day_words(tick, False)) for tick in ticks]
    else:
        ticks = scale.ticks(max(1, int((scale.right - scale.left) // TICK_SPACE)))
        named += [(tick, words) for tick, words in ticks if tick != first]
    grid, labels, end = [], [], -1e9
    for day, label in named:
        x = scale.x_day(day)
        grid.append(f"M{x:.1f} {top:.0f}V{axis_y:.0f}")
        width = text_width(label, FONT)
        left = x if day == first else x - width / 2
        if left < end + 8 or left + width > WIDTH:
            continue
        anchor = "start" if day == first else "middle"
        labels.append(
            f'<text class="tl-mu" x="{x:.1f}" y="{axis_y + 17:.0f}" '
            f'text-anchor="{anchor}" font-size="{FONT}">{text(label)}</text>'
        )
        end = left + width
    return (
        f'<path class="tl-grid" d="{"".join(grid)}"/>'
        f'<path class="tl-rule" d="M{PLOT_LEFT - GUTTER} {axis_y:.0f}H{WIDTH - 4}"/>'
        + "".join(labels)
    )
