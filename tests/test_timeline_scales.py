"""Scales map data to pixels; binning keeps dense charts readable and small."""

from datetime import date, datetime

import pytest
from timeline_helpers import LONDON, episode

from plugins.timeline.binning import (
    MAX_MARKS,
    bin_key,
    bin_last,
    bin_start,
    choose_unit,
    make_marks,
    top_triggers,
)
from plugins.timeline.chart import gaps
from plugins.timeline.scales import (
    BandScale,
    LinearScale,
    SqrtScale,
    TimeScale,
    day_number,
)


def test_time_scale_maps_days_onto_the_plot():
    scale = TimeScale(date(2026, 3, 1), date(2026, 3, 10), 100, 600)
    assert scale.days == 10
    assert scale.x_day(date(2026, 3, 1)) == 100
    assert scale.x_day(date(2026, 3, 11)) == 600  # the end of the last day
    assert scale.x(date(2026, 3, 1)) == 125  # a date sits at its midday
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=LONDON)
    assert scale.x(noon) == 175
    assert scale.x(day_number(noon)) == 175
    assert scale.clamp(-5) == 100
    assert scale.clamp(900) == 600


def test_day_number_keeps_the_clock_time_across_a_clock_change():
    before = datetime(2026, 3, 28, 7, 30, tzinfo=LONDON)  # GMT
    after = datetime(2026, 3, 30, 7, 30, tzinfo=LONDON)  # BST
    assert day_number(after) - day_number(before) == 2
    assert day_number(after, time_known=False) == after.date().toordinal() + 0.5


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # up to 12 days: every day
        (date(2026, 3, 1), date(2026, 3, 3), ["1 Mar", "2 Mar", "3 Mar"]),
        # up to 12 weeks: Mondays
        (date(2026, 3, 1), date(2026, 3, 20), ["2 Mar", "9 Mar", "16 Mar"]),
        # up to about a year: months, with the year at January
        (
            date(2025, 11, 15),
            date(2026, 3, 1),
            ["Dec", "Jan 2026", "Feb", "Mar"],
        ),
        # longer: years, thinned to at most 12
        (date(2000, 6, 1), date(2030, 1, 1), [str(y) for y in range(2001, 2031, 3)]),
    ],
)
def test_ticks_suit_the_span(first, last, expected):
    ticks = TimeScale(first, last, 0, 800).ticks()
    assert [label for _day, label in ticks] == expected
    assert len(ticks) <= 12


def test_value_scales():
    linear = LinearScale((0, 10), (100, 0))
    assert linear.y(5) == 50
    assert linear.y(20) == 0  # clamped
    assert LinearScale((3, 3), (1, 9)).y(3) == 1
    sqrt = SqrtScale((0, 100), (0, 10))
    assert sqrt.y(25) == 5
    assert sqrt.y(-4) == 0
    bands = BandScale(["a", "b"], top=10, row_height=20)
    assert (bands.y("a"), bands.y("b"), bands.bottom) == (20, 40, 50)
    assert "b" in bands
    assert "c" not in bands


@pytest.mark.parametrize(
    ("unit", "day", "start", "last"),
    [
        ("day", date(2026, 3, 14), date(2026, 3, 14), date(2026, 3, 14)),
        ("week", date(2026, 3, 14), date(2026, 3, 9), date(2026, 3, 15)),
        ("month", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
        ("month", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        ("quarter", date(2026, 11, 2), date(2026, 10, 1), date(2026, 12, 31)),
        ("year", date(2026, 7, 4), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_bins_cover_whole_days(unit, day, start, last):
    assert bin_start(day, unit) == start
    assert bin_last(start, unit) == last
    assert bin_key(start, unit) == bin_key(day, unit) == bin_key(last, unit)


def test_few_episodes_are_drawn_one_by_one():
    rows = {("ankle", "left"): [episode("2026-03-01 07:00", beats=4)]}
    assert choose_unit(rows, 800, 28) == "episode"
    (mark,) = make_marks(rows, "episode")
    assert (mark.count, mark.beats, mark.severity, mark.beats_unrecorded) == (
        1,
        4,
        None,
        0,
    )


def test_crowded_rows_are_binned_by_the_finest_unit_that_fits():
    # 300 episodes in one row of a 28-day chart: 5 px apart is not possible
    crowded = [episode(f"2026-03-{1 + n % 28:02d} 08:00") for n in range(300)]
    assert choose_unit({("ankle", "left"): crowded}, 800, 28) == "day"
    # too many marks for the budget even by day: weeks
    many = {
        (site, side): crowded
        for site in ("ankle", "knee", "hip", "jaw", "wrist", "hand")
        for side in ("left", "right", "both", None)
    }
    assert 24 * 28 < MAX_MARKS < 24 * 28 * 2
    assert choose_unit(many, 800, 28, max_marks=24 * 20) == "week"
    assert choose_unit(many, 800, 28, max_marks=10) == "year"


def test_a_bin_counts_beats_recorded_and_never_reads_missing_as_zero():
    rows = {
        ("ankle", "left"): [
            episode("2026-03-02 07:00", beats=10, severity=3),
            episode("2026-03-03 07:00", beats=None, severity=7),
            episode("2026-03-04 07:00", beats=5, severity=None),
            episode("2026-03-20 07:00", beats=None, severity=None),
        ]
    }
    first, second = make_marks(rows, "week")
    assert (first.first, first.last) == (date(2026, 3, 2), date(2026, 3, 8))
    assert (first.count, first.beats, first.max_beats) == (3, 15, 10)
    assert (first.severity, first.beats_unrecorded) == (7, 1)
    assert (second.count, second.beats, second.max_beats, second.severity) == (
        1,
        None,
        None,
        None,
    )


def test_top_triggers_most_common_first_ties_by_name():
    episodes = [
        episode("2026-03-01", triggers=("stairs", "cold")),
        episode("2026-03-02", triggers=("cold",)),
        episode("2026-03-03", triggers=("anger",)),
    ]
    assert top_triggers(episodes) == [("cold", 2), ("anger", 1), ("stairs", 1)]
    assert top_triggers(episodes, 1) == [("cold", 2)]


def test_gaps_are_runs_of_days_without_entries():
    logged = {date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 7)}
    assert gaps(logged, date(2026, 3, 1), date(2026, 3, 9)) == [
        (date(2026, 3, 1), date(2026, 3, 1)),
        (date(2026, 3, 4), date(2026, 3, 6)),
        (date(2026, 3, 8), date(2026, 3, 9)),
    ]
    assert gaps(set(), date(2026, 3, 1), date(2026, 3, 2)) == [
        (date(2026, 3, 1), date(2026, 3, 2))
    ]
