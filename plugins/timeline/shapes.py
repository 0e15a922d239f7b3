"""A closed shape per body site, as SVG path data, so site never rests on colour.

Every shape is closed, so hollow, striped and solid fills (the severity) read
on each of them.
"""

import math

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


def _polygon(x, y, points):
    first, *rest = ((x + dx, y + dy) for dx, dy in points)
    return (
        f"M{first[0]:.1f} {first[1]:.1f}"
        + "".join(f"L{px:.1f} {py:.1f}" for px, py in rest)
        + "Z"
    )


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
    if shape == "circle":
        return (
            f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0"
            f"a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0Z"
        )
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
    }[shape]
    return _polygon(x, y, points)
