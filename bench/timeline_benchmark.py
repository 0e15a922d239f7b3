"""Benchmark: drawing the journal timeline of a big journal.

    python bench/timeline_benchmark.py [--repeat 3]

Draws the journal timeline (chart, SVG, caption and tables) of a generated
journal of 1,000, 10,000 and 100,000 episodes spread over 20 years, and
prints the median time and the SVG's size. What the charts cost a whole
build is in ``build_benchmark.py`` (every post there has its chart).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_benchmark import SITES, TRIGGERS  # noqa: E402

from plugins.symptom_log.journal import Journal  # noqa: E402
from plugins.symptom_log.model import (  # noqa: E402
    Episode,
    MedicationChange,
    SymptomLog,
    Visit,
)
from plugins.timeline.chart import build_chart, journal_span, logged_days  # noqa: E402
from plugins.timeline.figure import render  # noqa: E402

YEARS = 20
TZ = ZoneInfo("Europe/London")


def journal(count, seed=1):
    """``count`` episodes in 20 years; a dose change every 4 months; 2 visits a year.

    (Beats and severity are always recorded here: the bigger SVG.)
    """
    rng = random.Random(seed)
    start = datetime(2006, 1, 1, tzinfo=TZ)
    minutes = YEARS * 365 * 1440
    episodes = tuple(
        Episode(
            at=start + timedelta(minutes=rng.randrange(minutes)),
            time_known=True,
            symptom="clonus",
            site=rng.choice(SITES),
            side=rng.choice(["left", "right", "both"]),
            beats=rng.randint(0, 40),
            duration=None,
            severity=rng.randint(0, 10),
            triggers=(rng.choice(TRIGGERS),),
        )
        for _ in range(count)
    )
    changes = tuple(
        MedicationChange(
            "tizanidine",
            "increase",
            date(2006 + k // 3, 1 + k % 3 * 4, 1),
            f"{k % 8 + 2} mg",
        )
        for k in range(3 * YEARS)
    )
    visits = tuple(
        Visit(date(2006 + k // 2, 3 + k % 2 * 6, 10), "neurologist")
        for k in range(2 * YEARS)
    )
    log = SymptomLog(episodes=episodes, medications=changes, visits=visits)
    return Journal.from_logs([("generated", log)])


def draw(whole, repeat):
    """Median seconds to draw the journal timeline, and the SVG's bytes."""
    times, svg = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        logged = logged_days(whole)
        chart = build_chart(whole, *journal_span(whole, logged), logged=logged)
        _figure, svg = render(chart, "tl-journal")
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(svg.encode("utf-8")), chart.unit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for count in (1_000, 10_000, 100_000):
        seconds, size, unit = draw(journal(count), args.repeat)
        print(
            f"journal timeline, {count:>7,} episodes: {seconds:.3f} s, "
            f"SVG {size / 1024:.0f} KB (one mark per {unit})"
        )
    print("target: 100,000 episodes drawn in under 2 s, SVG under 300 KB")


if __name__ == "__main__":
    main()
