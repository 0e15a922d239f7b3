"""The SVG: readable at any size, escaped, with enough contrast in both schemes."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from timeline_helpers import big_journal, episode

from plugins.symptom_log.journal import Journal
from plugins.symptom_log.model import MedicationChange, SymptomLog, Visit
from plugins.timeline.binning import MAX_MARKS
from plugins.timeline.chart import MAX_LANES, OTHER, build_chart, journal_span
from plugins.timeline.describe import change_words, takeaway
from plugins.timeline.draw import PALETTE, STYLE, draw, severity_class
from plugins.timeline.figure import render
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
    marks_table = figure.split('class="timeline-marks stacks"')[1].split("</table>")[0]
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
    assert re.search(r"\.tl-mild\{fill:#ffffff", STYLE)
    assert re.search(r"\.tl-unrecorded\{[^}]*stroke-dasharray", STYLE)
    assert re.search(r"\.tl-severe\{fill:#000000", STYLE)


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
