"""Old addresses in a build: one post each, never over a page, never off the site."""

import pytest
from conftest import FIXTURES, build_site

from plugins.redirects.pages import is_site_path, redirect_html, target_url

CASES = sorted((FIXTURES / "redirects").glob("*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("redirects"), CASES)


def test_an_old_address_two_posts_name_leads_to_the_first(site):
    page = site.html("old-name/index.html")
    assert page.select_one("body a")["href"] == "../2026/03/01/first-claim/"
    warnings = [m for level, m in site.errors if "redirect_from" in m]
    assert len(warnings) == 3, warnings  # old-name/, ?p=5, the second's own address
    assert all("not redirected" in m for m in warnings)


def test_no_redirect_replaces_a_post(site):
    page = site.html("2026/03/02/second-claim/index.html")
    assert page.select_one("main h1").get_text(strip=True) == "Second claim"


def test_with_an_absolute_siteurl_the_target_is_absolute():
    url = target_url("https://journal.example.org", "old/index.html", "2026/03/01/x/")
    assert url == "https://journal.example.org/2026/03/01/x/"
    assert target_url("", "index.html", "") == "./"


def test_a_title_cannot_become_markup_in_a_redirect_page():
    page = redirect_html('<script>alert(1)</script> "x"', '../a/"onload=b/')
    assert "<script>" not in page and '"onload' not in page


@pytest.mark.parametrize(
    ("url", "ours"),
    [("2026/03/01/x/", True), ("https://elsewhere.example/", False),
     ("//elsewhere.example/", False), ("../../etc/", False), ("/x/", False)],
)  # fmt: skip
def test_only_an_address_of_this_site_is_redirected_to(url, ours):
    assert is_site_path(url) is ours
