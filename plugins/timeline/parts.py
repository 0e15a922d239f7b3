"""What both layouts of a chart draw alike: escaped text, gaps, visit labels, legend.

The wide layout (draw.py) and the narrow one (narrow.py) differ in their
sizes and places; these pieces take the sizes as arguments. ``PREFIX`` stands
for the chart's id prefix in every piece, and is replaced once per chart.
"""

import textwrap
from datetime import timedelta
from html import escape

from .binning import UNIT_DAYS
from .chart import NO_SITE, OTHER
from .scales import SqrtScale
from .shapes import path

PREFIX = "\x00"
FONT = 12  # the wide layout's text, and the beats beside the marks in both
CHAR = 0.6  # a character's width in ems, generously, for fitting text
STRIP = 6  # the hatched strip above the axis under days with no entries
SEVERITY_CLASSES = ("unrecorded", "mild", "moderate", "severe")
SEVERITY_WORDS = {
    "unrecorded": "dashed: severity not recorded",
    "mild": "hollow: mild (0-3)",
    "moderate": "striped: moderate (4-6)",
    "severe": "solid: severe (7-10)",
}


BEATS_SIZE = SqrtScale((0, 50), (3.5, 9))  # one size for a beat count in every chart
REACH = 1.35  # the widest shape (the star) reaches this many radii from its middle


def radius(amount, size=BEATS_SIZE):
    """A mark's radius for its beats (or episodes); 5 when not recorded."""
    return round(size.y(amount), 1) if amount is not None else 5


def text(value):
    """Escaped text for SVG (XML): &, <, >, and both quotes."""
    return escape(str(value), quote=True)


def text_width(words, size):
    return len(words) * size * CHAR


def site_label(site):
    return site if site in (OTHER, NO_SITE) else site.capitalize()


def side_label(side):
    """A row's side as its label; a row of every side (``ALL_SIDES``) has none."""
    if side is None:
        return "side ?"
    return side if side in ("left", "right", "both") else ""


def band_label(period):
    return (period.dose or "dose not recorded") + (
        " as needed" if period.as_needed else ""
    )


def beats_labels(placed, size, right=None):
    """The beats written beside marks ``[(x, y, r, mark)]`` (each row's marks
    in time order), where the next mark in the row, and ``right``, leave room."""
    room, last = {}, {}
    for index, (x, _y, r, mark) in enumerate(placed):
        before = last.get(mark.row)
        if before is not None:
            room[before] = x - r * REACH - 2
        last[mark.row] = index
    out = []
    for index, (x, y, r, mark) in enumerate(placed):
        if mark.beats is None:
            continue
        words = str(mark.beats)
        start = x + r * REACH + 2
        end = start + text_width(words, size)
        if end <= room.get(index, end) and (right is None or end <= right):
            out.append(
                f'<text class="tl-t" x="{start:.1f}" y="{y + size / 3:.1f}" '
                f'font-size="{size}">{words}</text>'
            )
    return "".join(out)


def min_gap_days(unit):
    """Gaps shorter than one bin cannot be seen; they are listed in the table."""
    return 1 if unit in ("episode", "day") else int(UNIT_DAYS[unit])


def drawn_gaps(chart):
    shortest = min_gap_days(chart.unit)
    return [(a, b) for a, b in chart.gaps if (b - a).days + 1 >= shortest]


def gap_shapes(runs, x_day, top, axis_y):
    """Days with no entries: a pale shade behind the lanes, hatched at the foot.

    Quiet enough that the marks stay what one sees first, and never taken
    for days that were logged and calm.
    """
    if not runs:
        return ""
    shade, strip = [], []
    for first, last in runs:
        x0 = x_day(first)
        width = x_day(last + timedelta(days=1)) - x0
        back = f"h{width:.1f}"
        shade.append(f"M{x0:.1f} {top:.0f}{back}V{axis_y:.0f}h{-width:.1f}z")
        strip.append(f"M{x0:.1f} {axis_y - STRIP:.0f}{back}v{STRIP}h{-width:.1f}z")
    return (
        f'<path class="tl-gap" d="{"".join(shade)}"/>'
        f'<path fill="url(#{PREFIX}-gap)" d="{"".join(strip)}">'
        "<title>No entries on these days</title></path>"
    )


def visit_words(visit):
    return "Visit: " + (visit.with_ or "clinician")


def visit_labels(visits, size, left, right, max_levels=3):
    """``[(x, level, label)]`` for visits ``[(x, words)]`` in time order:
    every visit is labelled and no two labels overlap.

    A label goes on the first line (level) where it fits; a visit too close
    to the ones before it to be labelled apart, even on ``max_levels`` lines,
    shares their label: "2 visits: neurologist, physiotherapist".
    """
    groups = []  # ([x of each visit], [words of each]) per label
    for x, words in visits:
        groups.append(([x], [words]))
        while len(groups) > 1 and _place(groups, size, left, right, max_levels) is None:
            (xs, named), (more_xs, more) = groups[-2], groups.pop()
            groups[-1] = (xs + more_xs, named + more)
    return _place(groups, size, left, right, max_levels) or []


def _place(groups, size, left, right, max_levels):
    placed, ends = [], [-1e9] * max_levels
    for xs, named in groups:
        label = _group_words(named)
        half = text_width(label, size) / 2 + 3
        centre = min(max((xs[0] + xs[-1]) / 2, left + half), right - half)
        level = next((n for n, end in enumerate(ends) if centre - half > end), None)
        if level is None:
            return None
        ends[level] = centre + half
        placed.append((centre, level, label))
    return placed


def _group_words(named):
    if len(named) == 1:
        return named[0]
    kinds = ", ".join(dict.fromkeys(words.removeprefix("Visit: ") for words in named))
    return f"{len(named)} visits: {kinds}"


def legend_block(chart, labelled, width, size, cache):
    """``(the legend, its height)``, measured from its top: what the chart
    draws, in items that flow into as many lines as ``width`` needs.
    ``labelled``: the beats are written beside the marks."""
    drawn = (
        chart.unit,
        labelled,
        bool(chart.periods),
        bool(chart.visits),
        bool(drawn_gaps(chart)),
    )
    key = ("legend", drawn, width, size)
    if key not in cache:
        cache[key] = _draw_legend(_legend_items(*drawn), width, size)
    return cache[key]


def _legend_items(unit, labelled, bands, visits, gaps):
    """``(symbol, words)``; a symbol is drawn in a 14 x 14 square at ``{x} {y}``."""
    items = []
    for kind in SEVERITY_CLASSES:
        fill = f' fill="url(#{PREFIX}-stripe)"' if kind == "moderate" else ""
        items.append(
            (f'<path class="tl-{kind}"{fill} d="{{circle}}"/>', SEVERITY_WORDS[kind])
        )
    if unit != "episode":
        size = f"each mark: one {unit}; bigger: more episodes"
    elif labelled:
        size = "bigger mark: more beats, the number beside it"
    else:
        size = "bigger mark: more beats"
    items += [("", size), ("", "shape: body site")]
    if bands:
        band = '<rect class="tl-band" x="{x}" y="{y4}" width="14" height="8"/>'
        items.append((band, "band: medication dose"))
    if visits:
        line = '<path class="tl-visit" d="M{x7} {y}v14"/>'
        items.append((line, "dashed line: visit"))
    if gaps:
        items.append(
            (
                '<rect class="tl-gap" x="{x}" y="{y}" width="14" height="14"/>'
                f'<rect fill="url(#{PREFIX}-gap)" x="{{x}}" y="{{y8}}" width="14" '
                'height="6"/>',
                "shaded: no entries that day",
            )
        )
    return items


def _draw_legend(items, width, size):
    out = ['<g class="tl-legend">']
    line = size + 8
    x, y = 8.0, 0.0
    for symbol, words in items:
        indent = 18 if symbol else 0
        lines = wrap(words, int((width - 16 - indent) / (size * CHAR)))
        room = indent + max(text_width(part, size) for part in lines) + 14
        if x > 8 and (x + room > width - 8 or len(lines) > 1):
            x, y = 8.0, y + line
        if symbol:
            out.append(
                symbol.format(
                    x=f"{x:.0f}",
                    x7=f"{x + 7:.0f}",
                    y=f"{y:.0f}",
                    y4=f"{y + 4:.0f}",
                    y8=f"{y + 8:.0f}",
                    circle=path("circle", x + 7, y + 7, 6),
                )
            )
        for number, part in enumerate(lines):
            out.append(
                f'<text class="tl-t" x="{x + indent:.0f}" '
                f'y="{y + number * line + size - 1:.0f}" font-size="{size}">'
                f"{text(part)}</text>"
            )
        y += (len(lines) - 1) * line
        x = width if len(lines) > 1 else x + room
    out.append("</g>")
    return "".join(out), int(y + line)


def wrap(words, chars):
    return textwrap.wrap(words, chars) or [""]


def empty_view(attributes, width, size, title, message):
    """``(svg, width, height)``: the "nothing logged" drawing of one layout,
    an ``<svg>`` with ``attributes``."""
    chars = max(int((width - 16) / (size * CHAR)), 20)
    heading = wrap(title, chars)
    lines = wrap(message, chars)
    top = 12 + len(heading) * (size + 6)
    box_height = 24 + len(lines) * (size + 6)
    height = top + box_height + 10
    return (
        f'<svg {attributes} viewBox="0 0 {width} {height}" width="100%" '
        f'height="100%"><rect class="tl-bg" width="{width}" height="{height}"/>'
        + "".join(
            f'<text class="tl-t" x="8" y="{18 + n * (size + 6)}" '
            f'font-size="{size + 1}" font-weight="bold">{text(line)}</text>'
            for n, line in enumerate(heading)
        )
        + f'<rect class="tl-band" x="8" y="{top}" width="{width - 16}" '
        f'height="{box_height}" stroke-dasharray="4 3"/>'
        + "".join(
            f'<text class="tl-t tl-empty" x="{width / 2:.0f}" '
            f'y="{top + 16 + size + n * (size + 6)}" text-anchor="middle" '
            f'font-size="{size}">{text(line)}</text>'
            for n, line in enumerate(lines)
        )
        + "</svg>",
        width,
        height,
    )
