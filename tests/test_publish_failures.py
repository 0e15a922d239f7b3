"""A publish that cannot finish says why in lines a person can use and leaves
the previous output/ as it was."""

import shutil

import test_tasks
from conftest import FIXTURES
from test_tasks import invoke, tree_digest

project = test_tasks.project  # the fixture: a copy of the project in tmp_path


def published(project):
    done = invoke(project, "publish")
    assert done.returncode == 0, done.stderr
    return tree_digest(project / "output")


def add_post(project, fixture):
    shutil.copy(FIXTURES / fixture, project / "content" / "posts")


def test_publish_lists_each_problem_once_as_check_does_and_keeps_output(project):
    before = published(project)
    add_post(project, "invalid/article_bad_date.md")
    add_post(project, "invalid/article_severity_out_of_range.md")
    listed = invoke(project, "check").stdout.splitlines()
    done = invoke(project, "publish")
    assert done.returncode == 1
    assert len(listed) == 2
    assert done.stdout.splitlines() == listed
    assert done.stderr.splitlines() == [
        "publish stopped: 2 error(s); output/ is unchanged"
    ]
    assert tree_digest(project / "output") == before
    assert not list(project.glob(".output*"))


def test_a_problem_only_the_build_finds_stops_the_publish_too(project):
    before = published(project)
    add_post(project, "timeline/article_with_bad_timeline_option.md")
    assert invoke(project, "check").returncode == 0  # the marker is in the body
    done = invoke(project, "publish")
    assert done.returncode == 1
    where = (
        "content/posts/article_with_bad_timeline_option.md:12: [timeline weeks=lots]"
    )
    (line,) = [line for line in done.stderr.splitlines() if where in line]
    assert line.startswith("ERROR: timeline: ")
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.splitlines()[-1] == (
        "publish stopped by the build; output/ is unchanged"
    )
    assert tree_digest(project / "output") == before
    assert not list(project.glob(".output*"))
