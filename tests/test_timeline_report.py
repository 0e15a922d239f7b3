"""The "since the last visit" report, checked number by number, and its task."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from invoke import Context, Exit
from test_tasks import project  # noqa: F401  (the fixture)
from timeline_helpers import journal_from

import tasks
from plugins.timeline.chart import logged_days
from plugins.timeline.report import ReportError, Spread, build_report, report_html

REPORT = FIXTURES / "timeline" / "report" / "journal_for_the_report.md"
DASH = "\N{EN DASH}"
END = date(2026, 3, 31)


def words(element):
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def report():
    journal, days = journal_from(REPORT)
    return build_report(journal, until=END, logged=logged_days(journal, days))


@pytest.fixture(scope="module")
def page(report):
    html = report_html(report, site_name="Beats <Per> Minute", generated="today")
    return BeautifulSoup(html, "html.parser")


def test_the_period_runs_from_the_last_visit(report, page):
    assert (report.since, report.until) == (date(2026, 3, 1), END)
    assert (report.previous_since, report.previous_until) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )
    assert page.h1.get_text() == "Since the last visit: 1 Mar 2026 to 31 Mar 2026"
    assert "Last visit: neurologist, 1 Mar 2026." in page.select_one(".meta").get_text()
    assert "Beats <Per> Minute" in page.title.get_text()  # escaped, shown as text


def test_episodes_per_site_and_side_with_change(page):
    rows = {
        row.th.get_text(): [td.get_text() for td in row.find_all("td")]
        for row in page.select("#sites tbody tr")
    }
    # left, right, both, side not recorded, total, period before, change, then
    # severity: median and worst of the rated episodes, now and before
    assert rows == {
        "ankle": ["2", "1", "0", "0", "3", "2", "up 1", "6, 8", "6, 7"],
        "jaw": ["0", "0", "0", "1", "1", "0", "up 1", "—", "—"],
        "knee": ["0", "0", "1", "0", "1", "0", "up 1", "4, 4", "—"],
        "hip": ["0", "0", "0", "0", "0", "1", "down 1", "—", "3, 3"],
    }
    total = [td.get_text() for td in page.select("#sites tfoot td")]
    assert total == ["", "5", "3", "up 2", "1 of 5 not rated"]


def test_sustained_clonus_counts_recorded_beats_only(report, page):
    assert (report.sustained, report.previous_sustained) == (2, 2)
    assert report.beats_unrecorded == 1
    assert words(page.select_one("#sustained")) == (
        "2 clonus episodes of 5 beats or more (period before: 2; no change)."
    )


def test_top_triggers_with_counts(page):
    assert [words(li) for li in page.select("#triggers li")] == [
        "stretching (2 episodes);",
        "chewing (1 episode);",
        "cold (1 episode)",
    ]


def test_severity_is_of_the_rated_episodes_only(report):
    ankle = next(row for row in report.sites if row.site == "ankle")
    assert ankle.severity == Spread(count=3, median=6, low=2, high=8)
    assert ankle.previous_severity == Spread(count=2, median=6, low=5, high=7)
    jaw = next(row for row in report.sites if row.site == "jaw")
    assert jaw.severity == Spread()  # not rated: no median, never a 0
    assert report.severity_unrated == 1


def test_ratings_over_the_period_against_the_period_before():
    journal, _days = journal_from(REPORT)
    ratings = [
        (date(2026, 2, 5), {"spasticity": 7, "penn_frequency": 3}),
        (date(2026, 2, 20), {"spasticity": 8}),
        (date(2026, 3, 2), {"spasticity": 6, "penn_frequency": 2}),
        (date(2026, 3, 9), {"spasticity": 4, "penn_frequency": 2, "pain": 3}),
        (date(2026, 3, 30), {"spasticity": 5}),
        (date(2026, 4, 2), {"spasticity": 0}),  # after the period: not counted
    ]
    report = build_report(journal, until=END, ratings=ratings)
    spasticity, penn, pain = report.ratings
    assert (spasticity.label, spasticity.scale) == ("Spasticity NRS", (0, 10))
    assert spasticity.now == Spread(count=3, median=5, low=4, high=6)
    assert spasticity.before == Spread(count=2, median=7.5, low=7, high=8)
    assert spasticity.change == "down 2.5"
    assert (penn.label, penn.scale, penn.now.median) == ("Penn frequency", (0, 4), 2)
    assert (penn.before.median, penn.change) == (3, "down 1")
    assert (pain.now.count, pain.before.count, pain.change) == (1, 0, "not comparable")
    page = BeautifulSoup(
        report_html(report, site_name="x", generated="today"), "html.parser"
    )
    cells = [
        [cell.get_text() for cell in row.find_all(["th", "td"])]
        for row in page.select("#ratings tbody tr")
    ]
    assert cells[0] == [
        f"Spasticity NRS 0{DASH}10",
        f"5 (4{DASH}6)",
        "3",
        "7.5",
        "down 2.5",
    ]
    assert cells[2] == [f"Pain 0{DASH}10", f"3 (3{DASH}3)", "1", "—", "not comparable"]


def test_the_period_is_drawn_in_greyscale_one_row_per_site(page):
    svg = page.select_one("figure.period svg")
    assert svg["role"] == "img"
    assert svg.select_one("svg.tl-narrow") is None  # paper: the wide layout only
    rows = [t.get_text() for t in svg.select("svg.tl-wide text.tl-mu")]
    assert rows.count("") == 0
    assert "left" not in rows  # one row per site, not per side
    assert len(svg.select("g.tl-marks path")) == 5  # the period's episodes
    style = page.style.get_text()
    assert "--tl-mild: #000" in style


def test_medication_changes_and_what_is_taken_now(page):
    changes = [li.get_text() for li in page.select("#changes li")]
    assert changes == [
        "5 Mar 2026: increase tizanidine 4 mg, at night",
        "20 Mar 2026: as-needed baclofen 10 mg",
    ]
    now = page.find("strong", string="Taking now:").parent.get_text(" ", strip=True)
    assert "tizanidine 4 mg at night since 5 Mar 2026" in now
    assert "baclofen 10 mg as needed since 20 Mar 2026" in now


def test_data_gaps(report, page):
    assert report.days_logged == 6
    assert report.days_without_entries == 25
    assert len(report.gaps) == 5
    assert words(page.select_one("#gaps")) == (
        "Entries on 6 of 31 days; 25 days without entries in 5 gaps. "
        "A day without entries is unknown, not a good day."
    )


def test_an_empty_questions_box_and_no_colour(page):
    box = page.select_one("section.questions")
    assert box.get_text(strip=True) == "Questions for the visit"
    style = page.style.get_text()
    assert "@page" in style
    for colour in ("#e69f00", "#d55e00", "#0072b2", "red", "green"):
        assert colour not in style


def test_since_a_given_day_and_without_any_visit():
    journal, _days = journal_from(REPORT)
    report = build_report(journal, until=END, since=date(2026, 3, 25))
    assert (report.total, report.previous_total) == (1, 0)
    journal.visits.clear()
    report = build_report(journal, until=END)
    assert report.since == date(2026, 1, 1)
    assert "No visit is logged" in report.note
    with pytest.raises(ReportError):
        build_report(journal, until=END, since=date(2026, 4, 1))


def test_report_task_writes_the_page_and_a_fhir_bundle(project):  # noqa: F811
    tasks.report(Context())
    folder = project / "reports"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["fhir-2026-03-21.json", "report-2026-03-21.html"]
    page = BeautifulSoup((folder / names[1]).read_text(), "html.parser")
    assert page.h1.get_text().startswith("Since the last visit: ")
    assert not (project / "output").exists()


def test_report_task_refuses_a_bad_date(project):  # noqa: F811
    with pytest.raises(Exit) as error:
        tasks.report(Context(), since="March")
    assert "--since must be YYYY-MM-DD" in str(error.value.message)
    with pytest.raises(Exit) as error:
        tasks.report(Context(), since="2027-01-01")
    assert "is after" in str(error.value.message)


def test_report_task_names_posts_with_errors(project, capsys):  # noqa: F811
    bad = FIXTURES / "invalid" / "article_severity_out_of_range.md"
    (project / "content" / "posts" / bad.name).write_text(bad.read_text())
    with pytest.raises(Exit) as error:
        tasks.report(Context())
    assert "written without 1 error(s)" in str(error.value.message)
    assert "article_severity_out_of_range.md" in capsys.readouterr().err
    # and the page says so, for whoever reads it on paper
    (report,) = (project / "reports").glob("report-*.html")
    left_out = BeautifulSoup(report.read_text(), "html.parser").select_one("#left-out")
    assert "1 post left out because of an error" in words(left_out)
    assert "content/posts/article_severity_out_of_range.md" in words(left_out)
