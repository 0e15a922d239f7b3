"""The [timeline ...] marker's options: sensible ones give a window, others a reason."""

from datetime import date

import pytest

from plugins.timeline.markers import (
    MARKER,
    OptionError,
    Window,
    marker_problems,
    parse_options,
)

POST_DAY = date(2026, 3, 14)
SITES = {"ankle", "jaw", "knee"}


@pytest.mark.parametrize(
    ("options", "window"),
    [
        ("", Window(date(2026, 2, 15), POST_DAY)),
        (" weeks=2", Window(date(2026, 3, 1), POST_DAY)),
        (
            " weeks=1 sites=ankle,JAW",
            Window(date(2026, 3, 8), POST_DAY, ("ankle", "jaw")),
        ),
        (" from=2026-01-01", Window(date(2026, 1, 1), POST_DAY)),
        (
            " from=2026-01-01 to=2026-01-31",
            Window(date(2026, 1, 1), date(2026, 1, 31)),
        ),
        (" to=2026-01-28 weeks=1", Window(date(2026, 1, 22), date(2026, 1, 28))),
    ],
)
def test_options_give_a_window(options, window):
    assert (
        parse_options(options, post_day=POST_DAY, default_weeks=4, known_sites=SITES)
        == window
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (" weeks=lots", "weeks must be a whole number from 1 to 520, got 'lots'"),
        (" weeks=0", "weeks must be a whole number from 1 to 520, got '0'"),
        (" weeks=-3", "weeks must be a whole number from 1 to 520, got '-3'"),
        (" weeks=521", "weeks must be a whole number from 1 to 520, got '521'"),
        (" weeks", "'weeks' is not an option: write name=value"),
        (" colour=red", "'colour' is not an option (weeks, from, to, sites)"),
        (" weeks=2 weeks=3", "'weeks' is given twice"),
        (" weeks=2 from=2026-01-01", "give weeks or from, not both"),
        (" from=2026-13-01", "from must be a date YYYY-MM-DD, got '2026-13-01'"),
        (" from=2026-03-20", "from (2026-03-20) is after to (2026-03-14)"),
        (" from=2000-01-01", "the window is longer than 520 weeks"),
        (" sites=,", "sites is empty: write sites=ankle,jaw"),
        (
            " sites=ankel",
            "'ankel' is not a body site in the journal (ankle, jaw, knee)",
        ),
        (" sites=<b>", "'<b>' is not a body site in the journal (ankle, jaw, knee)"),
    ],
)
def test_options_that_make_no_sense_say_why(options, message):
    with pytest.raises(OptionError) as error:
        parse_options(options, post_day=POST_DAY, default_weeks=4, known_sites=SITES)
    assert str(error.value) == message


def test_marker_is_a_paragraph_of_its_own():
    html = "<p>[timeline]</p>\n<p>[timeline weeks=2]</p><p>see [timeline] here</p>"
    found = [m.group("options") for m in MARKER.finditer(html)]
    assert found == ["", " weeks=2"]
    assert not MARKER.search("<p>[timelines]</p>")


def test_bad_markers_are_problems_on_their_file_line():
    text = (
        "---\ntitle: x\n---\nText\n\n[timeline weeks=lots]\n\n[timeline weeks=2]\n"
        "\n[timeline from=0001-01-01]\n\nText\n[timeline weeks=0]\n"
    )
    problems = [
        str(p)
        for p in marker_problems(text, "p.md", post_day=POST_DAY, default_weeks=2)
    ]
    assert problems == [
        "p.md:6: [timeline weeks=lots]: weeks must be a whole number from 1 to 520,"
        " got 'lots'",
        "p.md:10: [timeline from=0001-01-01]: from must be in the years 1900 to 2199",
    ]  # the last marker is folded into a paragraph: a warning, not a marker
