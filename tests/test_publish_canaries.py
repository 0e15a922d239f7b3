"""No canary planted in a private place reaches any byte `invoke publish` makes.

Each case is a fixture file; add one and its canaries (any ``canary-...``
word in its name or bytes, unique) are looked for with the others:

    tests/fixtures/privacy/*.md            posts a publish accepts, private
                                           parts and all
    tests/fixtures/privacy/held_back/*.md  posts held back by an error: the
                                           build skips them, publish refuses
    tests/fixtures/privacy/images/*        files for content/images/, private
                                           by the posts that use them
    tests/fixtures/fail_closed/*           the findings of test_fail_closed.py:
                                           with the accepted posts or the held
                                           back ones, as each expects

The search (tests/canaries.py) reads every file and folder name and every
file's content, gzip undone and escapes decoded, independently of the
privacy scan that publish runs itself.
"""

import gzip
import shutil

import pytest
import test_tasks
from canaries import canaries_in, leaked
from conftest import FIXTURES
from test_fail_closed import CASES as FAIL_CLOSED
from test_fail_closed import expectation
from test_tasks import invoke, tree_digest

project = test_tasks.project  # the fixture: a copy of the project in tmp_path
CASES = FIXTURES / "privacy"
HELD_BY_ERROR = {c for c in FAIL_CLOSED if expectation(c)[1] not in (None, "private")}
POSTS = sorted(CASES.glob("*.md")) + sorted(set(FAIL_CLOSED) - HELD_BY_ERROR)
HELD_BACK = sorted((CASES / "held_back").glob("*.md")) + sorted(HELD_BY_ERROR)
STATIC = sorted((CASES / "images").iterdir())
PUBLIC_PART = "2026/05/05/a-public-post-with-one-private-episode/index.html"


def plant(project, posts):
    """The cases in the project's content/; returns their canaries."""
    for path in posts:
        shutil.copy(path, project / "content" / "posts")
    images = project / "content" / "images"
    images.mkdir(exist_ok=True)
    for path in STATIC:
        shutil.copy(path, images)
    return canaries_in([*posts, *STATIC])


def test_publish_keeps_every_canary_out_of_every_byte(project):
    canaries = plant(project, POSTS)
    assert len(canaries) >= 16
    done = invoke(project, "publish")
    assert done.returncode == 0, done.stdout + done.stderr
    output = project / "output"
    assert leaked(output, canaries) == set()
    page = (output / PUBLIC_PART).read_text()
    assert "Public note about the morning." in page  # the public part is there


def test_held_back_posts_stay_out_of_the_build_and_stop_the_publish(project):
    canaries = plant(project, [*POSTS, *HELD_BACK])
    assert invoke(project, "build").returncode == 0
    assert leaked(project / "output", canaries) == set()
    built = tree_digest(project / "output")
    assert invoke(project, "publish").returncode == 1
    assert tree_digest(project / "output") == built


PLANTED = {  # form: a file under theme/static/ holding a private text of POSTS
    "in a file name": (
        "images/canary-private-block-93bd-ask-about-the-injections.png",
        b"\x89PNG",
    ),
    "JSON-escaped in a .js file": (
        "js/planted.js",
        b'var q = "CANARY-PRIVATE-QUESTION-2c77\\u0020is\\u0020it still PLS\\u003f";',
    ),
    "gzip-compressed": (
        "planted.pf_fragment",
        gzip.compress(b"CANARY-EPISODE-NOTE-4f1e happened at a private address."),
    ),
}


@pytest.mark.parametrize("form", PLANTED)
def test_a_leak_planted_in_any_form_stops_the_publish(project, form):
    plant(project, POSTS)
    relative, data = PLANTED[form]
    planted = project / "theme" / "static" / relative
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(data)
    done = invoke(project, "publish")
    assert done.returncode == 1
    assert f"privacy: theme/{relative}: " in done.stderr
    assert not (project / "output").exists()
    assert not list(project.glob(".output*"))


def test_the_scan_stops_a_drafts_photo_even_without_the_plugin_that_holds_it(project):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text().replace('    "plugins.private_files",\n', ""))
    plant(project, POSTS)
    done = invoke(project, "publish")
    assert done.returncode == 1
    assert (
        "privacy: images/canary-draft-only-photo-d3a7.png: its name contains "
        "private text 'canary-draft-only-photo-d3a7.png'"
    ) in done.stderr.splitlines()


def test_a_wordpress_journals_private_posts_stay_out_of_a_real_publish(project):
    """Private, password-protected, draft, pending and scheduled posts, a
    comment on one and a picture only one uses, imported with the task as the
    writer would, then published: no canary of them in any byte."""
    export = FIXTURES / "wordpress" / "wxr_private_and_drafts.xml"
    canaries = canaries_in([export])
    assert len(canaries) >= 16
    imported = invoke(project, "import-wordpress", str(export))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert invoke(project, "check").returncode == 0
    done = invoke(project, "publish")
    assert done.returncode == 0, done.stdout + done.stderr
    assert leaked(project / "output", canaries) == set()
    page = project / "output" / "2026" / "04" / "01" / "a-public-post" / "index.html"
    assert "Public words." in page.read_text()
