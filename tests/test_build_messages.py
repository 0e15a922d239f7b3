"""Build messages are whole lines, to grep and to click, whatever the width."""

import logging
import shutil
import sys
from zoneinfo import ZoneInfo

import pytest
import test_tasks
from conftest import FIXTURES
from test_tasks import invoke

from plugins.common.run_pelican import CountingHandler, OneLineFormatter

project = test_tasks.project  # the fixture: a copy of the project in tmp_path
# A long name makes a long message: rich wrapped it at 80 columns in a pipe.
LONG = "a-post-whose-problem-must-stay-on-one-line-however-narrow-the-terminal.md"


@pytest.fixture
def long_problem(project, monkeypatch):
    """A post with a problem whose line is much wider than the terminal."""
    monkeypatch.setenv("COLUMNS", "40")
    post = project / "content" / "posts" / LONG
    shutil.copy(FIXTURES / "invalid" / "article_bad_date.md", post)
    parsed = test_tasks.tasks.parse_post(
        post.read_text(), f"content/posts/{LONG}", ZoneInfo("Europe/London")
    )
    (problem,) = parsed.problems
    assert len(str(problem)) > 120
    return str(problem)


@pytest.mark.parametrize("task", ["build", "preview"])
def test_each_build_message_is_one_whole_line(long_problem, project, task):
    done = invoke(project, task)
    assert done.returncode == 0, done.stderr
    assert f"ERROR: frontmatter_reader: {long_problem}" in done.stderr.splitlines()
    (summary,) = [line for line in done.stdout.splitlines() if "Done:" in line]
    assert summary.endswith("seconds.")  # Pelican's own line, unwrapped


def test_publish_prints_the_problem_as_check_does_on_one_line(long_problem, project):
    checked, done = invoke(project, "check"), invoke(project, "publish")
    assert long_problem in checked.stdout.splitlines()
    assert done.stdout.splitlines() == checked.stdout.splitlines()
    assert done.returncode == 1


def test_a_plugin_names_the_file_from_the_project_root_too(project):
    shutil.copy(
        FIXTURES / "timeline" / "article_with_bad_timeline_option.md",
        project / "content" / "posts",
    )
    done = invoke(project, "build")
    where = (
        "content/posts/article_with_bad_timeline_option.md:12: [timeline weeks=lots]"
    )
    assert [line for line in done.stderr.splitlines() if where in line] == [
        f"ERROR: timeline: {where}: weeks must be a whole number from 1 to 520, "
        "got 'lots'"
    ]


def record(level, message, *args, exc_info=None):
    return logging.LogRecord("x", level, __file__, 1, message, args, exc_info)


def test_a_message_its_exception_and_any_newline_make_one_line(capsys):
    try:
        raise ValueError("not a date:\n'2026-02-30'")
    except ValueError:
        failed = record(
            logging.ERROR, "x: %s:%s: cannot\nread", "a.md", 3, exc_info=sys.exc_info()
        )
    handler = CountingHandler()
    handler.setFormatter(OneLineFormatter())
    for each in (record(logging.WARNING, "x: a.md: odd"), failed, failed):
        handler.emit(each)
    assert capsys.readouterr().err.splitlines() == [
        "WARNING: x: a.md: odd",
        *["ERROR: x: a.md:3: cannot read (ValueError: not a date: '2026-02-30')"] * 2,
    ]
    assert handler.errors == 2
