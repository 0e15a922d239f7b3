"""The development server (plugins/common/devserver.py), on 127.0.0.1 only.

``tests/test_tasks.py`` runs it as ``invoke serve``, ``reserve`` and
``livereload`` in a process of its own; here each behaviour is checked
against a small folder, served from a thread.
"""

import urllib.error
import urllib.request

import pytest
from browser_support import serve

BUILT_FOR = "http://127.0.0.1:8000"
FEED = f'<feed><link href="{BUILT_FOR}/feeds/all.atom.xml" rel="self"/></feed>'


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<h1>Home</h1>")
    (tmp_path / "404.html").write_text("<h1>Page not found</h1>")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.atom.xml").write_text(FEED)
    (tmp_path / "robots.txt").write_text(f"Sitemap: {BUILT_FOR}/sitemap.xml\n")
    (tmp_path / "theme").mkdir()
    return tmp_path


def serving(folder, built_for=BUILT_FOR):
    return serve(folder, built_for=built_for)


def fetch(url, method="GET"):
    """``(status, body)``, an error status included."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def test_a_missing_address_gets_the_404_page_with_status_404(site):
    with serving(site) as url:
        assert fetch(f"{url}/") == (200, "<h1>Home</h1>")
        for missing in ("/no/such/post/", "/nothing.html", "/theme/"):
            assert fetch(url + missing) == (404, "<h1>Page not found</h1>"), missing
        assert fetch(f"{url}/gone/", "HEAD") == (404, "")


def test_without_a_404_page_a_missing_address_still_gets_404(site):
    (site / "404.html").unlink()
    with serving(site) as url:
        status, body = fetch(f"{url}/no/such/post/")
    assert status == 404 and "Page not found" not in body


def test_nothing_outside_the_folder_is_served(site):
    (site.parent / "secret.txt").write_text("outside")
    with serving(site) as url:
        assert fetch(f"{url}/../secret.txt")[0] == 404
        assert fetch(f"{url}/%2e%2e/secret.txt")[0] == 404


def test_feeds_and_robots_give_the_address_that_serves_them(site):
    with serving(site) as url:
        assert fetch(f"{url}/feeds/all.atom.xml") == (200, FEED.replace(BUILT_FOR, url))
        with urllib.request.urlopen(f"{url}/feeds/all.atom.xml", timeout=10) as feed:
            assert (
                feed.headers["Content-Type"] == "application/atom+xml"
            )  # not text/xml
        assert fetch(f"{url}/robots.txt")[1] == f"Sitemap: {url}/sitemap.xml\n"
    assert (site / "feeds" / "all.atom.xml").read_text() == FEED  # as built


def test_served_from_the_address_it_was_built_for_nothing_is_rewritten(site):
    with serving(site, built_for="") as url:
        assert fetch(f"{url}/feeds/all.atom.xml") == (200, FEED)
