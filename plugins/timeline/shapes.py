"""A closed shape per body site, as SVG path data, so site never rests on colour.

Every shape is closed, so hollow, striped and solid fills (the severity) read
on each of them.
"""

import math
from functools import lru_cache
from itertools import pairwise

SITE_SHAPES = {
    "ankle": "circle",
    "knee": "square",
    "jaw": "triangle-up",
    "hip": "diamond",
    "shoulder": "triangle-down",
    "wrist": "pentagon",
    "hand": "hexagon",
    "trunk": "plus",
    "neck": "triangle-right",
    "elbow": "triangle-left",
    "foot": "star",
}
OTHER_SHAPE = "bowtie"


def shape_of(site):
    return SITE_SHAPES.get(site, OTHER_SHAPE)


def _regular(sides, r, turn=-math.pi / 2):
    return [
        (
            r * math.cos(turn + 2 * math.pi * k / sides),
            r * math.sin(turn + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _star(r):
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + math.pi * k / 5
        points.append((radius * math.cos(angle), radius * math.sin(angle)))
    return points


def path(shape, x, y, r):
    """Path data for ``shape`` centred on ``(x, y)`` with radius ``r``."""
    (dx, dy), rest = outline(shape, round(r, 1))
    return f"M{x + dx:.1f} {y + dy:.1f}{rest}"


@lru_cache(maxsize=512)
def outline(shape, r):
    """``((dx, dy) of the first point, the rest as relative path data)``.

    Relative, so that each mark formats one point instead of every corner.
    """
    if shape == "circle":
        arc = f"a{r:.1f} {r:.1f} 0 1 0"
        return (-r, 0), f"{arc} {2 * r:.1f} 0{arc} {-2 * r:.1f} 0Z"
    points = [(round(px, 1), round(py, 1)) for px, py in _points(shape, r)]
    moves = [f"l{bx - ax:.1f} {by - ay:.1f}" for (ax, ay), (bx, by) in pairwise(points)]
    return points[0], "".join(moves) + "Z"


def _points(shape, r):
    s = r * 0.89  # squares look bigger than circles of the same radius
    t = r * 0.38
    points = {
        "square": [(-s, -s), (s, -s), (s, s), (-s, s)],
        "diamond": [(0, -r * 1.2), (r * 1.2, 0), (0, r * 1.2), (-r * 1.2, 0)],
        "triangle-up": _regular(3, r * 1.2),
        "triangle-down": _regular(3, r * 1.2, math.pi / 2),
        "triangle-right": _regular(3, r * 1.2, 0),
        "triangle-left": _regular(3, r * 1.2, math.pi),
        "pentagon": _regular(5, r * 1.1),
        "hexagon": _regular(6, r * 1.05),
        "star": _star(r * 1.35),
        "plus": [
            (-t, -r),
            (t, -r),
            (t, -t),
            (r, -t),
            (r, t),
            (t, t),
            (t, r),
            (-t, r),
            (-t, t),
            (-r, t),
            (-r, -t),
            (-t, -t),
        ],
        "bowtie": [(-r, -r), (0, -t), (r, -r), (r, r), (0, t), (-r, r)],
    }
    return points[shape]
