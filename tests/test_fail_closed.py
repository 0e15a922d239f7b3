"""The journal fails closed: what it cannot read exactly is held back, with an error.

Each file in tests/fixtures/fail_closed/ is one finding of an attack on the
journal, with its expectation in a line ``expect: published`` or ``expect:
held back, LINE: FIELD: MESSAGE`` (``held back, private`` for a post held
back without an error). All are built together in one real Pelican build,
and read by ``read_source`` as ``invoke check`` reads them: both must say the
same about every file, no canary may reach any output byte, and the rest of
the site still builds.
"""

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_site
from pelican.settings import read_settings

from plugins.frontmatter_reader.source import content_files, read_source

CASES = sorted((FIXTURES / "fail_closed").iterdir())
EXPECT = re.compile(rb"expect: (published|held back)(?:, ([^\n\r]+))?")
CANARY = re.compile(rb"canary-[\w-]+", re.IGNORECASE)


def expectation(path):
    verdict, problem = EXPECT.search(path.read_bytes()).groups()
    return verdict.decode(), problem.decode() if problem else None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fail_closed")
    site = build_site(tmp, CASES, [FIXTURES / "valid" / "page_about.md"])
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp / "content")}
    )
    checked = {Path(p).name: read_source(p, settings) for p in content_files(settings)}
    return site, checked


def build_errors(site, name):
    return {
        message.removeprefix("frontmatter_reader: ")
        for level, message in site.errors
        if level == "ERROR" and f"{name}:" in message
    }


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_check_and_build_say_the_same_of_each_file(built, case):
    site, checked = built
    verdict, problem = expectation(case)
    post = checked[case.name]
    errors = {str(error) for error in post.errors}
    assert errors == build_errors(site, case.name)
    if verdict == "published":
        assert not errors, errors
        assert not post.private
        page = site.output / site_path(post)
        assert page.is_file(), page
    elif problem == "private":
        assert post.private and not errors
    else:
        line, _, message = problem.partition(": ")
        expected = f"{case.name}:{line}: {message}"
        assert any(expected in error for error in errors), (problem, errors)


def site_path(post):
    if "permalink" in post.meta:
        return post.meta["permalink"] + "index.html"
    date, slug = post.meta["date"], post.meta["slug"]
    return f"{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"


def test_no_canary_reaches_any_byte_or_file_name(built):
    site, _checked = built
    for path in site.files():
        relative = str(path.relative_to(site.output)).encode()
        assert not CANARY.search(relative), relative
        found = CANARY.findall(path.read_bytes())
        assert not found, (relative, found)


def test_the_rest_of_the_site_builds(built):
    site, _checked = built
    assert (site.output / "about-this-journal" / "index.html").is_file()
    assert not [m for level, m in site.errors if "Could not process" in m]
    titles = [
        a.get_text() for a in site.html("archives/index.html").select("main li a")
    ]
    published = [case for case in CASES if expectation(case)[0] == "published"]
    assert len(titles) == len(published)


def test_numbers_in_text_fields_stay_as_written(built):
    _site, checked = built
    post = checked["article_with_numbers_in_text_fields.md"]
    assert (post.meta["title"], post.meta["slug"]) == ("3.10", "007")
    assert post.meta["tags"] == ["2.50", "words"]


def test_the_private_parts_of_a_marker_with_a_comment_are_dropped(built):
    site, checked = built
    post = checked["article_front_matter_marker_with_a_comment.md"]
    page = site.html(site_path(post))
    assert page.h1.get_text(strip=True) == "Marker with a comment"
    sites = [td.get_text(strip=True) for td in page.select("section.symptom-log td")]
    assert "ankle" in sites and "jaw" not in sites
