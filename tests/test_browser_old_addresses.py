"""Old WordPress addresses in a real browser: ?p= links and redirect pages."""

import pytest
from browser_support import serve
from conftest import build_site
from test_wordpress_import import WORDPRESS, run


@pytest.fixture(scope="module")
def old_blog(tmp_path_factory):
    """A blog of plain (?p=) and other permalinks, imported, built and served."""
    tmp = tmp_path_factory.mktemp("old-addresses")
    for name in ("wxr_plain_permalinks.xml", "wxr_other_permalinks.xml"):
        run(tmp, WORDPRESS / name)
    site = build_site(tmp, [])
    with serve(site.output) as url:
        yield url


def landed(page, url, path):
    page.goto(url)
    page.wait_for_url(f"**{path}")
    return page.locator("main h1").inner_text()


def test_a_numbered_link_leads_on_to_the_post(new_page, old_blog):
    page = new_page()
    assert landed(page, old_blog + "/?p=91", "/2026/05/02/second-plain/") == (
        "Second plain"
    )
    assert page.problems == []
    assert landed(page, old_blog + "/index.php?p=90", "/2026/05/01/first-plain/") == (
        "First plain"
    )  # the 404 page follows it too


def test_an_unknown_number_stays_on_the_home_page(new_page, old_blog):
    page = new_page()
    page.goto(old_blog + "/?p=999")
    page.wait_for_load_state("networkidle")
    assert page.url == old_blog + "/?p=999"
    assert page.problems == []


def test_an_old_path_leads_on_to_the_post(new_page, old_blog):
    page = new_page()
    assert landed(page, old_blog + "/by-name/", "/2026/06/01/by-name/") == "By name"
    assert landed(page, old_blog + "/2026/06/old-page.html", "/2026/06/03/old-page/")
