"""Whole-site builds with the timeline: the SVG, its table, the page, the files."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, build_site, theme_own

TIMELINE = FIXTURES / "timeline"
POSTS = sorted(TIMELINE.glob("article_*.md"))
SVG = "{http://www.w3.org/2000/svg}"
MARKER_POST = "2026/03/14/two-weeks-of-ankles/"
AUTO_POST = "2026/04/20/a-log-and-no-marker/"
# with the marker post (2026), a journal of two years
YEARS = [
    TIMELINE / "years" / "article_in_december_2025.md",
    TIMELINE / "article_with_timeline_marker.md",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # four-week automatic charts, so that the posts of early April share one
    return build_site(tmp_path_factory.mktemp("timeline"), POSTS, TIMELINE={"weeks": 4})


def figure_of(site, post):
    figures = site.html(post + "index.html").select(".entry-content figure.timeline")
    assert len(figures) == 1
    return figures[0]


def tables_of(figure):
    """The chart's tables: in the <details> right after its figure."""
    details = figure.find_next_sibling()
    assert details.name == "details"
    assert details.summary.get_text() == "The chart as tables"
    return details


def wide(svg):
    """The wide layout (what a desktop and a printer show) of a chart's SVG."""
    return svg.select_one("svg.tl-wide")


def test_marker_becomes_a_figure_with_title_desc_and_caption(site):
    figure = figure_of(site, MARKER_POST)
    svg = figure.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == (
        "Clonus timeline, 1 Mar to 14 Mar 2026"
    )
    assert svg.find("desc", id=desc_id).get_text() == (
        "Ankle clonus on 3 of the 14 days shown, mostly after stretching; "
        "1 since tizanidine went up to 6 mg on 10 Mar 2026; no entries on 9 days."
    )
    assert "3 episodes at 1 site" in figure.figcaption.get_text()
    page = site.html(MARKER_POST + "index.html")
    assert "[timeline" not in page.get_text()
    # the text around the marker is kept, in order, and the chart sits between
    text = page.select_one(".entry-content").get_text()
    assert text.index("last fortnight") < text.index("Clonus timeline")
    assert text.index("Clonus timeline") < text.index("Stretching is a trigger")


def test_marks_lanes_bands_and_visits_match_the_log(site):
    svg = figure_of(site, MARKER_POST).find("svg")
    marks = svg.select("g.tl-marks path")
    # in time order: 2 March (severity 6), 9 March (2), 14 March (8)
    assert [m["class"][0] for m in marks] == ["tl-moderate", "tl-mild", "tl-severe"]
    labels = [t.get_text() for t in wide(svg).find_all("text")]
    assert "Ankle" in labels
    assert "Jaw" not in labels  # sites=ankle
    assert labels.count("left") == 1
    assert labels.count("right") == 1
    # the beats beside the marks; the episode without beats has no number
    assert [t.get_text() for t in svg.select("g.tl-beats text")] == ["14", "3"]
    bands = wide(svg).select("rect.tl-band:has(> title)")  # not the legend's
    assert [b.title.get_text() for b in bands] == ["tizanidine 4 mg", "tizanidine 6 mg"]
    assert "6 mg" in labels
    visits = wide(svg).select("path.tl-visit:has(> title)")  # not the legend's
    assert len(visits) == 1
    assert "Visit: neurologist" in labels


def test_table_rows_match_the_marks(site):
    figure = figure_of(site, MARKER_POST)
    tables = tables_of(figure)
    rows = tables.select("table.timeline-marks tbody tr")
    cells = [
        [td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows
    ]
    assert cells == [
        ["2 Mar 2026, 07:40", "clonus", "ankle", "left", "14", "6", "stretching"],
        ["9 Mar 2026, 08:00", "clonus", "ankle", "right", "3", "2", "stretching"],
        [
            "14 Mar 2026, 07:30",
            "clonus",
            "ankle",
            "left",
            "— not recorded",
            "8",
            "cold",
        ],
    ]
    titles = [m.title.get_text() for m in figure.select("g.tl-marks path")]
    assert (
        titles[2]
        == "14 Mar 2026 07:30: clonus, Ankle, left, beats not recorded, severity 8/10"
    )
    bands = tables.select("table.timeline-bands tbody tr")
    assert [r.get_text(" ", strip=True) for r in bands] == [
        "tizanidine 4 mg — not recorded 20 Feb 2026 10 Mar 2026",
        "tizanidine 6 mg at night 10 Mar 2026 ongoing",
    ]
    visits = tables.select("table.timeline-visits tbody tr")
    assert [r.get_text(" ", strip=True) for r in visits] == ["12 Mar 2026 neurologist"]


def test_standalone_svg_beside_the_post_is_well_formed(site):
    path = site.output / MARKER_POST / "timeline.svg"
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    assert root.find(SVG + "title").text.startswith("Clonus timeline")
    assert len(root.findall(f".//{SVG}g[@class='tl-marks']//{SVG}path")) == 3
    assert (site.output / AUTO_POST / "timeline.svg").exists()


def test_post_with_a_log_and_no_marker_gets_the_chart_after_its_text(site):
    figure = figure_of(site, AUTO_POST)
    svg = figure.find("svg")
    assert svg.title.get_text() == "Clonus timeline, 24 Mar to 20 Apr 2026"
    # the knee posts of early April fall in the same four weeks
    assert svg.desc.get_text() == (
        "Knee clonus on 2 of the 28 days shown; also hip on 1 day; "
        "no entries on 25 days."
    )
    # beats and severity not recorded: a dashed mark, no number, never a 0
    marks = svg.select("g.tl-marks path")
    hip = [m for m in marks if "Hip" in m.title.get_text()]
    assert [m["class"] for m in hip] == [["tl-unrecorded"]]
    assert [t.get_text() for t in svg.select("g.tl-beats text")] == ["4", "4"]
    rows = tables_of(figure).select("table.timeline-marks tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in r.find_all("td")] for r in rows]
    assert [c[2:6] for c in cells if c[2] == "hip"] == [
        ["hip", "both", "— not recorded", "— not recorded"]
    ]
    entry = site.html(AUTO_POST + "index.html").select_one("article.entry")
    assert entry.get_text().index("Just the hip") < entry.get_text().index("timeline")


def test_without_a_second_process_the_same_charts_are_drawn(
    site, tmp_path, monkeypatch
):
    def no_fork(method):
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr("multiprocessing.get_context", no_fork)
    alone = build_site(tmp_path, POSTS, TIMELINE={"weeks": 4})
    for name in (AUTO_POST + "index.html", AUTO_POST + "timeline.svg"):
        assert (alone.output / name).read_bytes() == (site.output / name).read_bytes()


def test_post_without_a_log_draws_nothing(site):
    page = site.html("2026/04/22/a-post-about-books/index.html")
    assert page.select("figure.timeline, svg") == []
    assert not (site.output / "2026/04/22/a-post-about-books/timeline.svg").exists()


def test_bad_option_is_an_error_naming_file_and_line_and_the_build_goes_on(site):
    errors = [m for level, m in site.errors if level == "ERROR"]
    assert len(errors) == 1
    assert errors[0].startswith("timeline: ")
    assert (
        "article_with_bad_timeline_option.md:12: [timeline weeks=lots]: " in (errors[0])
    )
    assert "weeks must be a whole number from 1 to 520, got 'lots'" in errors[0]
    page = site.html("2026/04/01/a-marker-with-a-bad-option/index.html")
    assert "Some text after." in page.get_text()
    assert page.select("figure.timeline") == []


def test_marker_inside_a_paragraph_is_left_as_text_with_a_warning(site):
    warnings = [m for level, m in site.errors if "blank line" in m]
    assert len(warnings) == 1
    assert "article_with_marker_inside_a_paragraph.md" in warnings[0]
    page = site.html("2026/04/02/a-marker-inside-a-paragraph/index.html")
    assert "[timeline]" in page.get_text()


def test_markup_in_the_log_is_escaped_text_in_svg_and_table(site):
    post = "2026/04/25/markup-in-a-log/"
    page = site.html(post + "index.html")
    assert [s for s in page.find_all("script") if not theme_own(s)] == []
    figure = figure_of(site, post)
    assert "<script>alert(" in figure.find("svg").get_text()
    assert "</desc><script>alert(1)</script>" in tables_of(figure).table.get_text()
    root = ET.parse(site.output / post / "timeline.svg").getroot()
    assert not [el for el in root.iter() if el.tag.endswith(("script", "a"))]
    assert root.find(SVG + "desc").text.count("<script>") == 1


def test_summary_on_index_pages_has_no_chart(site):
    index = site.html("index.html")
    assert index.find("svg") is None
    assert "Just the hip today." in index.get_text()


def test_journal_timeline_page_by_year_with_counts(site):
    page = site.html("timeline/index.html")
    nav = site.html("index.html").select_one("nav.site-nav")
    assert [a["href"] for a in nav.select("a") if a.get_text() == "Timeline"] == [
        "./timeline/"
    ]
    assert page.select_one('nav a[aria-current="page"]').get_text() == "Timeline"
    assert page.select_one('a[href="../data/journal.json"]')
    figure = page.select_one("figure#tl-journal")
    assert figure.find("svg")["role"] == "img"
    assert len(figure.select("g.tl-marks path")) == 8
    assert figure.figcaption.a["href"] == "journal.svg"
    year = page.select_one("section.timeline-year")
    assert year.h2.get_text() == "2026: 8 episodes"
    counts = {
        row.th.get_text(): [int(td.get_text()) for td in row.find_all("td")]
        for row in year.select("table.timeline-counts tbody tr")
    }
    assert counts["ankle"] == [2, 1, 0, 0, 3]
    assert counts["knee"] == [0, 0, 0, 2, 2]
    assert counts["hip"] == [0, 0, 1, 0, 1]
    assert counts["jaw"] == [0, 0, 0, 1, 1]
    # one year: its chart would be the whole journal's again
    assert page.select("section.timeline-year img") == []
    assert sorted(p.name for p in (site.output / "timeline").glob("*.svg")) == [
        "journal.svg"
    ]


def test_exports_hold_every_public_episode(site):
    data = json.loads((site.output / "data" / "journal.json").read_text())
    assert len(data["episodes"]) == 8
    assert [p["dose"] for p in data["periods"]] == ["4 mg", "6 mg"]
    lines = (site.output / "data" / "episodes.csv").read_text().splitlines()
    assert len(lines) == 9


def test_automatic_charts_can_be_switched_off(tmp_path):
    site = build_site(
        tmp_path,
        [TIMELINE / "article_with_log_and_no_marker.md"],
        TIMELINE={"auto": False, "export": False},
    )
    assert site.html(AUTO_POST + "index.html").select("figure.timeline") == []
    assert not (site.output / "data").exists()
    page = site.html("timeline/index.html")
    assert page.select("figure.timeline")
    assert not page.select('a[href$="journal.json"]')


def test_bad_settings_are_reported_and_defaults_kept(tmp_path):
    site = build_site(
        tmp_path,
        [
            TIMELINE / "article_with_log_and_no_marker.md",
            TIMELINE / "article_with_timeline_marker.md",  # the journal's start
        ],
        TIMELINE={"weeks": 0, "colour": "red"},
    )
    messages = [m for _level, m in site.errors]
    assert any(
        "TIMELINE['weeks'] must be a whole number of weeks" in m for m in messages
    )
    assert any("TIMELINE['colour'] is not a setting" in m for m in messages)
    title = site.html(AUTO_POST + "index.html").select_one("svg title").get_text()
    assert title == "Clonus timeline, 7 Apr to 20 Apr 2026"  # the default 2 weeks


def test_timeline_page_can_be_switched_off(tmp_path):
    site = build_site(
        tmp_path, [TIMELINE / "article_without_log.md"], TIMELINE_SAVE_AS=""
    )
    assert not (site.output / "timeline").exists()
    assert not site.html("index.html").select('nav a[href$="timeline/"]')


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("years"), YEARS)


def test_a_chart_never_starts_before_the_journal(two_years):
    first = "2025/12/28/the-first-entry-of-the-journal/"
    svg = figure_of(two_years, first).find("svg")
    assert svg.title.get_text() == "Clonus timeline, 28 Dec 2025"  # not 15 Dec
    assert svg.desc.get_text() == ("Ankle clonus on 28 Dec 2025, mostly after cold.")


def test_year_charts_when_the_journal_spans_years(two_years):
    page = two_years.html("timeline/index.html")
    assert page.select_one("#timeline-all").get_text() == "The whole journal"
    years = page.select("section.timeline-year")
    assert [y.h2.get_text() for y in years] == ["2026: 4 episodes", "2025: 1 episode"]
    for year, name in zip(years, ("2026", "2025"), strict=True):
        picture = year.select_one("figure.timeline picture")
        source, img = picture.source, picture.img
        assert source["srcset"] == f"../timeline/{name}-narrow.svg"
        assert source["media"] == "(max-width: 58.2em)"
        assert img["src"] == f"../timeline/{name}.svg"
        assert img["alt"].startswith("Ankle clonus")
        for element in (source, img):  # every image has its size
            assert int(element["width"]) > 0 and int(element["height"]) > 0
        narrow = ET.parse(two_years.output / "timeline" / f"{name}-narrow.svg")
        root = narrow.getroot()
        assert "tl-only-narrow" in root.get("class").split()
        assert (root.get("width"), root.get("height")) == (
            source["width"],
            source["height"],
        )
        caption = year.figcaption
        assert caption.get_text(" ", strip=True).startswith("Clonus timeline, ")
        assert caption.a["href"] == img["src"]  # the chart full size


def test_each_chart_links_to_its_own_full_size_file(site):
    post = "2026/04/12/two-charts-in-one-post/"
    figures = site.html(post + "index.html").select(".entry-content figure.timeline")
    links = [figure.figcaption.a["href"] for figure in figures]
    assert links == ["timeline.svg", "timeline-2.svg"]
    for figure, link in zip(figures, links, strict=True):
        assert figure.figcaption.a.get_text() == "The chart full size (SVG)"
        drawn = ET.parse(site.output / post / link).getroot()
        assert drawn.find(SVG + "title").text == figure.svg.title.get_text()
    # the automatic chart of a post with a log links to its file too
    assert figure_of(site, AUTO_POST).figcaption.a["href"] == "timeline.svg"
