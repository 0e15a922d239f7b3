"""The SVG: readable at any size, escaped, with enough contrast in both schemes."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from itertools import pairwise

import pytest
from timeline_helpers import big_journal, episode

from plugins.symptom_log.journal import Journal
from plugins.symptom_log.model import MedicationChange, SymptomLog, Visit
from plugins.timeline.binning import MAX_MARKS
from plugins.timeline.chart import (
    MAX_LANES,
    OTHER,
    build_chart,
    honest_start,
    journal_span,
)
from plugins.timeline.describe import change_words, chart_title, takeaway
from plugins.timeline.draw import PALETTE, STYLE, draw, severity_class
from plugins.timeline.figure import render
from plugins.timeline.parts import visit_labels
from plugins.timeline.shapes import SITE_SHAPES, path

SVG = "{http://www.w3.org/2000/svg}"


def journal_of(episodes=(), changes=(), visits=()):
    log = SymptomLog(
        episodes=tuple(episodes), medications=tuple(changes), visits=tuple(visits)
    )
    return Journal.from_logs([("test", log)])


def parse(svg):
    return ET.fromstring(svg)


def test_a_journal_of_100000_episodes_is_binned_and_under_300_kb():
    journal = big_journal(100_000)
    span = journal_span(journal)
    chart = build_chart(journal, *span, logged=set())
    figure, svg = render(chart, "tl-journal")
    assert chart.unit == "year"
    assert len(chart.marks) <= MAX_MARKS
    assert sum(mark.count for mark in chart.marks) == 100_000
    assert len(svg.encode("utf-8")) < 300_000
    root = parse(svg)
    assert len(root.findall(f".//{SVG}g[@class='tl-marks']/{SVG}path")) == len(
        chart.marks
    )
    # the table has the same rows as the chart has marks
    marks_table = figure.split('class="timeline-marks"')[1].split("</table>")[0]
    assert marks_table.count("<tr>") == len(chart.marks) + 1  # and the heading


def test_ten_thousand_episodes_over_a_year_are_binned_finer():
    journal = big_journal(10_000, years=1)
    chart = build_chart(journal, *journal_span(journal), logged=set())
    assert chart.unit == "month"  # 28 rows of 52 weeks would pass the budget
    assert len(chart.marks) <= MAX_MARKS


def test_nothing_logged_gets_an_explicit_drawing():
    chart = build_chart(journal_of(), date(2026, 3, 1), date(2026, 3, 14))
    assert chart.empty
    figure, svg = render(chart, "tl-empty")
    root = parse(svg.split("\n", 1)[1])
    texts = [t.text for t in root.find(SVG + "svg").iter(SVG + "text")]
    assert "Nothing was logged from 1 Mar 2026 to 14 Mar 2026." in texts
    assert root.find(SVG + "desc").text == (
        "Nothing was logged from 1 Mar to 14 Mar 2026: 14 days with no entries, "
        "which is a gap in the record, not a good spell."
    )
    assert "<table" not in figure


def test_every_text_is_escaped():
    chart = build_chart(
        journal_of([episode("2026-03-02 08:00", site="x<y&z", beats=3)]),
        date(2026, 3, 1),
        date(2026, 3, 7),
    )
    svg = draw(
        chart, title='A "<title>" & more', desc="</desc><b>", id_prefix="a b"
    ).svg()
    root = parse(svg)
    assert root.find(SVG + "title").text == 'A "<title>" & more'
    assert root.find(SVG + "desc").text == "</desc><b>"
    assert root.get("aria-labelledby") == "a-b-title a-b-desc"
    assert "X<y&z" in [t.text for t in root.iter(SVG + "text")]


def test_too_many_sites_share_one_lane():
    sites = [f"site{n:02d}" for n in range(MAX_LANES + 3)]
    journal = journal_of([episode("2026-03-02 08:00", site=s) for s in sites])
    chart = build_chart(journal, date(2026, 3, 1), date(2026, 3, 7))
    assert len(chart.lanes) == MAX_LANES
    assert chart.lanes[-1][0] == OTHER


def contrast(one, two):
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_and_text_have_at_least_3_to_1_against_the_background(scheme):
    colours = PALETTE[scheme]
    for name in ("ink", "muted", "mild", "moderate", "severe"):
        assert contrast(colours[name], colours["background"]) >= 3, name
        assert contrast(colours[name], colours["gap"]) >= 3, name  # days not logged
    assert contrast(colours["ink"], colours["band"]) >= 4.5


def test_colours_switch_with_the_colour_scheme():
    light, dark = STYLE.split("@media screen and (prefers-color-scheme:dark)")
    assert PALETTE["light"]["background"] in light
    assert PALETTE["dark"]["background"] in dark
    # Okabe-Ito colours only, for the severity
    okabe_ito = {
        "#e69f00",
        "#56b4e9",
        "#009e73",
        "#f0e442",
        "#0072b2",
        "#d55e00",
        "#cc79a7",
        "#000000",
    }
    for scheme in PALETTE.values():
        assert {scheme["mild"], scheme["moderate"], scheme["severe"]} <= okabe_ito


def test_severity_is_also_told_by_the_fill():
    assert [severity_class(s) for s in (None, 0, 3.5, 4, 6.5, 7, 10)] == [
        "unrecorded",
        "mild",
        "mild",
        "moderate",
        "moderate",
        "severe",
        "severe",
    ]
    # hollow, striped (a pattern), solid, dashed
    assert re.search(r"\.tl-mild\{fill:var\(--tl-background,#ffffff\)", STYLE)
    assert re.search(r"\.tl-unrecorded\{[^}]*stroke-dasharray", STYLE)
    assert re.search(r"\.tl-severe\{fill:var\(--tl-severe,#000000\)", STYLE)


def test_every_site_has_its_own_closed_shape():
    shapes = set(SITE_SHAPES.values())
    assert len(shapes) == len(SITE_SHAPES)
    for shape in [*shapes, "bowtie"]:
        assert path(shape, 10, 10, 4).endswith("Z")


def test_takeaway_names_the_busiest_site_its_trigger_and_the_last_change():
    journal = journal_of(
        [
            episode("2026-03-02 08:00", triggers=("stretching",)),
            episode("2026-03-03 08:00", triggers=("stretching",)),
            episode("2026-03-03 09:00", triggers=("cold",)),
            episode("2026-03-04 08:00", site="jaw", triggers=("chewing",)),
        ],
        changes=[
            MedicationChange("tizanidine", "increase", date(2026, 3, 5), dose="6 mg")
        ],
        visits=[Visit(date(2026, 3, 6), with_="neurologist")],
    )
    logged = {date(2026, 3, d) for d in (2, 3, 4, 5, 6, 7)}
    chart = build_chart(journal, date(2026, 3, 1), date(2026, 3, 14), logged=logged)
    assert takeaway(chart) == (
        "Ankle clonus on 2 of the 14 days shown, mostly after stretching; "
        "none since tizanidine went up to 6 mg; also jaw on 1 day; "
        "no entries on 8 days."
    )


def test_takeaway_without_episodes_says_so_and_names_the_change():
    journal = journal_of(
        changes=[MedicationChange("baclofen", "stop", date(2026, 3, 5))],
    )
    chart = build_chart(
        journal, date(2026, 3, 1), date(2026, 3, 7), logged={date(2026, 3, 5)}
    )
    assert takeaway(chart) == (
        "No episodes logged from 1 Mar to 7 Mar 2026; entries on 1 of the 7 days. "
        "Last change: baclofen stopped on 5 Mar 2026."
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("start", "baclofen started at 10 mg"),
        ("decrease", "baclofen went down to 10 mg"),
        ("switch", "the switch to baclofen 10 mg"),
        ("as-needed", "baclofen 10 mg as needed began"),
    ],
)
def test_change_words(change, words):
    assert (
        change_words(
            MedicationChange("baclofen", change, date(2026, 1, 1), dose="10 mg")
        )
        == words
    )


def two_weeks(*episodes, visits=(), logged=None):
    """A chart of 1-14 March 2026; every day logged unless ``logged`` says."""
    journal = journal_of(episodes, visits=visits)
    days = {date(2026, 3, d) for d in range(1, 15)} if logged is None else logged
    return build_chart(journal, date(2026, 3, 1), date(2026, 3, 14), logged=days)


def layouts(chart):
    root = parse(draw(chart, title="t", desc="d").svg())
    found = {s.get("class"): s for s in root if s.tag == SVG + "svg"}
    return root, found.get("tl-wide"), found.get("tl-narrow")


def test_marks_are_drawn_once_and_both_layouts_show_them():
    chart = two_weeks(
        episode("2026-03-02 08:00", beats=4),
        episode("2026-03-09 08:00", site="jaw", side=None),
        episode("2026-03-14 20:00", side="right", beats=30, severity=8),
    )
    root, wide, narrow = layouts(chart)
    groups = root.find(SVG + "defs").findall(f"{SVG}g[@class='tl-marks']")
    assert sum(len(g.findall(f".//{SVG}path")) for g in groups) == 3
    assert len(groups) == 3  # two weeks wrap into 3 rows of days on a phone
    names = {g.get("id") for g in groups}
    assert {u.get("href")[1:] for u in wide.iter(SVG + "use")} == names
    # the narrow layout: one <use> per lane and row, clipped to its lane, at
    # scale 1 or more (marks no smaller than on a desktop)
    uses = [u for u in narrow.iter(SVG + "use") if u.get("href") != "#tl-lanes"]
    assert len(uses) == 2 * 3
    assert all(u.get("clip-path").startswith("url(#tl-l") for u in uses)
    scales = [float(u.get("transform").rsplit("scale(", 1)[1][:-1]) for u in uses]
    assert min(scales) >= 1


def sizes(layout):
    """The text sizes of a layout, the lane headings it shows with <use> too."""
    return [float(t.get("font-size", 12)) for t in layout.iter(SVG + "text")]


def test_text_is_11_px_or_more_on_a_320_px_phone_and_at_92_percent_wide():
    chart = two_weeks(
        *(episode(f"2026-03-{d:02d} 08:00", beats=d, severity=d % 11) for d in (2, 5)),
        visits=[Visit(date(2026, 3, 6), with_="neurologist")],
    )
    _root, wide, narrow = layouts(chart)
    # the narrow layout is 360 units wide, on a 288 px column at the least
    assert int(narrow.get("viewBox").split()[2]) == 360
    assert min(sizes(narrow)) * 288 / 360 >= 11
    # the wide one shows from a 900 px box up, at 960 units
    assert min(sizes(wide)) * 900 / 960 >= 11


def test_without_its_style_a_chart_shows_one_layout():
    """A feed reader that drops <style> still shows the wide layout alone."""
    _root, wide, narrow = layouts(two_weeks(episode("2026-03-02 08:00")))
    assert wide.get("display") is None
    assert narrow.get("display") == "none"


def test_a_window_of_a_few_days_fits_a_phone_as_it_is():
    journal = journal_of([episode("2026-03-02 08:00", beats=4)])
    chart = build_chart(journal, date(2026, 3, 2), date(2026, 3, 2))
    drawing = draw(chart, title="t", desc="d")
    assert drawing.width * 11 <= 288 * 12  # its 12 px text >= 11 px at 288 px
    assert drawing.narrow_height is None
    _root, _wide, narrow = layouts(chart)
    assert narrow is None


def test_marks_on_the_first_and_last_moment_are_whole():
    chart = two_weeks(
        episode("2026-03-01 00:00", beats=50),
        episode("2026-03-14 23:59", beats=50),
    )
    drawing = draw(chart, title="t", desc="d")
    svg = drawing.svg()
    moves = re.findall(
        r'translate\(([\d.]+) 0\)"><path[^>]* d="M([\d.-]+) [\d.-]+a([\d.]+)', svg
    )
    assert len(moves) == 2
    for day, start, r in moves:
        left = float(day) + float(start)
        right = left + 2 * float(r)
        assert left >= 140  # clear of the labels
        assert right <= drawing.width  # inside the chart


def test_every_visit_is_labelled_and_no_labels_overlap():
    visits = [(100, "Visit: physiotherapist"), (104, "Visit: neurologist")]
    visits += [(108, "Visit: GP"), (112, "Visit: GP"), (600, "Visit: neurologist")]
    placed = visit_labels(visits, 12, 0, 960)
    words = " ".join(label for _x, _level, label in placed)
    assert words.count("Visit:") + sum(
        int(label.split()[0]) for _x, _l, label in placed if "visits:" in label
    ) == len(visits)
    for level in {level for _x, level, _label in placed}:
        spans = sorted(
            (x - len(label) * 7.2 / 2, x + len(label) * 7.2 / 2)
            for x, lv, label in placed
            if lv == level
        )
        assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_days_with_no_entries_are_shaded_and_named_in_the_legend():
    logged = {date(2026, 3, 2), date(2026, 3, 14)}
    chart = two_weeks(
        episode("2026-03-02 08:00"), episode("2026-03-14 08:00"), logged=logged
    )
    _root, wide, narrow = layouts(chart)
    assert wide.find(f".//{SVG}path[@class='tl-gap']") is not None
    legend = [t.text for t in wide.iter(SVG + "text")]
    assert "shaded: no entries that day" in legend
    assert "dashed line: visit" not in legend  # only what the chart draws
    # on a phone, a row of days with nothing logged folds into one line
    assert "No entries: 6 Mar to 10 Mar 2026" in [
        t.text for t in narrow.iter(SVG + "text")
    ]


def test_a_one_day_chart_reads_as_one_day():
    journal = journal_of([episode("2026-02-03 07:20", triggers=("cold",))])
    chart = build_chart(
        journal, date(2026, 2, 3), date(2026, 2, 3), logged={date(2026, 2, 3)}
    )
    assert chart_title(chart) == "Clonus timeline, 3 Feb 2026"
    assert takeaway(chart) == "Ankle clonus on 3 Feb 2026, mostly after cold."


@pytest.mark.parametrize(
    ("first", "last", "start"),
    [
        (date(2026, 1, 20), date(2026, 2, 3), date(2026, 2, 1)),  # moved up
        (date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 2)),  # after: kept
        (date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 1)),  # before: kept
    ],
)
def test_a_window_never_starts_before_the_journal(first, last, start):
    assert honest_start(first, last, date(2026, 2, 1)) == start
    assert honest_start(first, last, None) == first
