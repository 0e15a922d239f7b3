"""A publish that cannot finish says why in lines a person can use, leaves the
previous output/ as it was, and leaves nothing behind, even when killed."""

import fcntl
import os
import shutil
import signal
import subprocess
import sys

import test_tasks
from conftest import FIXTURES, ROOT
from test_tasks import invoke, tree_digest, wait_for

project = test_tasks.project  # the fixture: a copy of the project in tmp_path
PAUSE_PLUGIN = '''"""Test only: stop a publish when its site is built, until killed."""
import os
import signal

from pelican import signals


def pause(pelican):
    if "PUBLISH_PAUSED" in os.environ:
        open(os.environ["PUBLISH_PAUSED"], "w").close()
        signal.pause()


def register():
    signals.finalized.connect(pause)
'''


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


def test_check_and_publish_both_name_a_bad_timeline_marker(project):
    before = published(project)
    add_post(project, "timeline/article_with_bad_timeline_option.md")
    where = (
        "content/posts/article_with_bad_timeline_option.md:12: [timeline weeks=lots]"
    )
    checked = invoke(project, "check")
    assert checked.returncode == 1
    assert [line for line in checked.stdout.splitlines() if where in line]
    done = invoke(project, "publish")
    assert done.returncode == 1
    assert [line for line in done.stdout.splitlines() if where in line]
    assert tree_digest(project / "output") == before


ERROR_PLUGIN = '''"""Test only: a problem no check can see, found while building."""
import logging
from pelican import signals

def complain(generators):
    logging.getLogger(__name__).error("test_only: a problem only the build finds")

def register():
    signals.all_generators_finalized.connect(complain)
'''


def test_a_problem_only_the_build_finds_stops_the_publish_too(project):
    before = published(project)
    (project / "plugins" / "error_for_test.py").write_text(ERROR_PLUGIN)
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write('PLUGINS = [*PLUGINS, "plugins.error_for_test"]\n')
    assert invoke(project, "check").returncode == 0
    done = invoke(project, "publish")
    assert done.returncode == 1
    (line,) = [line for line in done.stderr.splitlines() if "test_only" in line]
    assert line == "ERROR: test_only: a problem only the build finds"
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.splitlines()[-1] == (
        "publish stopped by the build; output/ is unchanged"
    )
    assert tree_digest(project / "output") == before
    assert not list(project.glob(".output*"))


def test_publish_removes_what_killed_publishes_left_and_nothing_else(project):
    ours = [project / ".output.new-k1ll3d_0", project / ".output.new-abc12345"]
    for folder in ours:
        (folder / "2026").mkdir(parents=True)
        (folder / "2026" / "index.html").write_text("a whole site, never scanned")
    (project / "output").mkdir()
    (project / ".output.old").mkdir()
    (project / ".output.old" / "index.html").write_text("waiting to be removed")
    not_ours = [project / ".output.newer", project / "output.new-x"]
    for folder in not_ours:
        folder.mkdir()
    (project / ".output.new-notes.txt").write_text("a file, not a publish's folder")
    done = invoke(project, "publish")
    assert done.returncode == 0, done.stderr
    assert not [path for path in ours if path.exists()]
    assert not (project / ".output.old").exists()
    assert all(folder.is_dir() for folder in not_ours)
    assert (project / ".output.new-notes.txt").is_file()
    assert "publish: removed .output.new-abc12345, left by a publish" in done.stdout


def test_a_swap_killed_half_way_gets_the_previous_output_back(project):
    old = project / ".output.old"  # killed between replace_tree's two renames
    old.mkdir()
    (old / "index.html").write_text("the site as it was")
    add_post(project, "invalid/article_bad_date.md")
    assert invoke(project, "publish").returncode == 1
    assert (project / "output" / "index.html").read_text() == "the site as it was"
    assert not old.exists()


def test_a_publish_killed_with_sigkill_is_cleaned_up_by_the_next(project, tmp_path):
    (project / "plugins" / "pause_for_test.py").write_text(PAUSE_PLUGIN)
    with (project / "publishconf.py").open("a") as conf:
        conf.write('PLUGINS = [*PLUGINS, "plugins.pause_for_test"]\n')
    paused = tmp_path / "paused"
    killed = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        env={**os.environ, "PUBLISH_PAUSED": str(paused)},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(paused.exists, seconds=120)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)  # invoke and its Pelican at once
        killed.wait(timeout=60)
    (left,) = project.glob(".output.new-*")
    assert (left / "index.html").is_file()
    assert published(project)
    assert not list(project.glob(".output.new-*"))


def test_a_second_publish_while_one_runs_changes_nothing(project):
    running = os.open(project, os.O_RDONLY)
    try:
        fcntl.flock(running, fcntl.LOCK_EX)  # as a running publish holds it
        done = invoke(project, "publish")
    finally:
        os.close(running)
    assert done.returncode == 1
    assert "another publish is running" in done.stderr
    assert sorted(path.name for path in project.iterdir()) == sorted(
        [*test_tasks.PROJECT_FILES, "content"]
    )


def test_git_ignores_what_publishes_leave(tmp_path):
    shutil.copy(ROOT / ".gitignore", tmp_path)
    for name in (".output.new-k1ll3d_0", ".output.old", "output"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("a site")
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout.splitlines() == ["?? .gitignore"]
