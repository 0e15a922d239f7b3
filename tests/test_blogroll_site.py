"""The blogroll in the built site: footer, page, OPML, health notes, no script."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from blogroll_server import FeedServer, Route
from conftest import FIXTURES, build_site, theme_own

from plugins.blogroll import cache
from plugins.blogroll.config import blogroll_entries, blogroll_settings
from plugins.blogroll.opml import import_opml
from plugins.blogroll.refresh import refresh

FEEDS = FIXTURES / "blogroll"
POSTS = [FIXTURES / "valid" / "article_with_full_log.md"]
PAGES = [FIXTURES / "valid" / "page_about.md"]
CANARY = re.compile(rb"canary[\w-]*", re.IGNORECASE)
EXECUTABLE_TAGS = ("script", "iframe", "object", "embed", "frame", "base", "form")


def blogroll_for(server):
    return [
        {
            "name": "Journal One",
            "url": "https://journal-one.example/",
            "feed": server.url("/rss/"),
            "tagline": "Whatever it will be...",
        },
        {
            "name": "Journal Two",
            "url": "https://journal-two.example/",
            "feed": server.url("/atom/"),
            "tagline": "Because moulds <b>are</b> for playdough",
        },
        {
            "name": "Hostile <script>alert('name')</script>",
            "url": "https://hostile.example/",
            "feed": server.url("/hostile/"),
            "tagline": "\"><img src=x onerror=alert('tagline')>",
            "entries": 5,
        },
        {"name": "No feed at all", "url": "https://nofeed.example/"},
    ]


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """A cache filled from a real local server, and the settings that use it."""
    folder = tmp_path_factory.mktemp("blogroll-cache")
    routes = {
        "/rss/": Route(body=(FEEDS / "wordpress_rss.xml").read_bytes()),
        "/atom/": Route(body=(FEEDS / "wordpress_atom.xml").read_bytes()),
        "/hostile/": Route(body=(FEEDS / "hostile_markup.xml").read_bytes()),
    }
    with FeedServer(routes) as server:
        settings = {
            "BLOGROLL": blogroll_for(server),
            "BLOGROLL_SETTINGS": {"cache_path": str(folder)},
        }
        options = blogroll_settings(settings)
        outcomes = refresh(blogroll_entries(settings, options), options)
    assert [o.kind for o in outcomes] == ["updated"] * 3 + ["no-feed"]
    return settings


@pytest.fixture(scope="module")
def site(fetched, tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"), POSTS, PAGES, **fetched)


def html_pages(site):
    return [path for path in site.files() if path.suffix == ".html"]


def test_every_page_shows_each_blog_with_its_latest_post(site):
    pages = html_pages(site)
    assert len(pages) > 5
    for path in pages:
        soup = site.html(path.relative_to(site.output))
        items = soup.select("footer .blogroll > li")
        assert [
            a.get_text() for a in soup.select("footer .blogroll > li > a:first-child")
        ] == [
            "Journal One",
            "Journal Two",
            "Hostile <script>alert('name')</script>",
            "No feed at all",
        ], path
        latest = items[0].select_one(".blogroll-latest")
        assert latest.a.get_text() == "Stairs & small wins"
        assert (
            latest.a["href"]
            == "https://journal-one.example/2026/03/16/stairs-small-wins/"
        )
        assert latest.time["datetime"] == "2026-03-16T09:00:00+00:00"
        assert latest.time.get_text() == "16 March 2026"
        assert items[3].select_one(".blogroll-latest") is None
        outline = soup.select_one('head link[rel="outline"]')
        assert outline["type"] == "text/x-opml"
        assert outline["href"].endswith("blogroll.opml")


def test_the_blogroll_page_lists_the_latest_posts_from_all_feeds(site):
    soup = site.html("blogroll/index.html")
    assert soup.h1.get_text() == "From the blogroll"
    titles = [h.get_text() for h in soup.select(".blogroll-posts .blogroll-post-title")]
    assert titles == [
        "Stairs & small wins",  # 16 March
        "Jaw clonus at dinner",  # 15 March
        "Evil title",  # 15 March, 08:00
        "escaped markup in a title",
        "Framed",
        "A quiet week",  # 9 March
        "Updated only",  # 1 March
    ]
    dates = [t["datetime"] for t in soup.select(".blogroll-posts time")]
    assert dates == sorted(dates, reverse=True)
    assert soup.select_one('main a[href$="blogroll.opml"]')
    evil = soup.find("h2", string="Evil title")
    assert evil.a is None  # its javascript: link was dropped, the title kept


def test_no_feed_text_can_run_in_a_readers_browser(site):
    for path in html_pages(site):
        soup = site.html(path.relative_to(site.output))
        found = [tag for tag in soup.find_all(EXECUTABLE_TAGS) if not theme_own(tag)]
        assert found == [], path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path, tag)
                if name in ("href", "src", "action"):
                    assert (
                        not str(value)
                        .strip()
                        .lower()
                        .startswith(("javascript:", "data:", "vbscript:"))
                    ), (path, tag)


def test_the_opml_is_published_and_round_trips(site, fetched):
    data = (site.output / "blogroll.opml").read_bytes()
    root = ET.fromstring(data)
    assert root.get("version") == "2.0"
    imported = import_opml(data)
    assert imported.problems == []
    keys = ("name", "url", "feed", "tagline")
    assert [{key: entry[key] for key in keys} for entry in imported.entries] == [
        {key: blog.get(key, "" if key == "tagline" else None) for key in keys}
        for blog in fetched["BLOGROLL"]
    ]


def test_a_fresh_clone_without_a_cache_builds_names_and_links(fetched, tmp_path):
    settings = dict(fetched, BLOGROLL_SETTINGS={"cache_path": str(tmp_path / "none")})
    site = build_site(tmp_path, POSTS, PAGES, **settings)
    assert site.errors == []
    soup = site.html("index.html")
    links = soup.select("footer .blogroll > li > a")
    assert [a["href"] for a in links] == [b["url"] for b in fetched["BLOGROLL"]]
    assert soup.select(".blogroll-latest") == []
    page = site.html("blogroll/index.html")
    assert page.select(".blogroll-posts") == []
    assert "No posts fetched yet." in page.get_text()
    assert not (tmp_path / "none").exists()  # the build never writes the cache


def test_a_feed_failing_for_days_gets_a_note_without_the_raw_error(fetched, tmp_path):
    options = blogroll_settings(fetched)
    blogs = blogroll_entries(fetched, options)
    folder = tmp_path / "cache"
    for blog in blogs[:3]:
        state = cache.load(options["cache_path"], blog)
        cache.save(folder, blog, state)
    failing = cache.load(folder, blogs[0])
    failing.failures = 4
    failing.failing_since = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    failing.last_error = "HTTP 500 canary-raw-error-1 Internal Server Error"
    cache.save(folder, blogs[0], failing)
    recent = cache.load(folder, blogs[1])
    recent.failures = 1
    recent.failing_since = datetime.now(UTC).isoformat()
    cache.save(folder, blogs[1], recent)
    gone = cache.load(folder, blogs[2])
    gone.gone = True
    cache.save(folder, blogs[2], gone)
    settings = dict(fetched, BLOGROLL_SETTINGS={"cache_path": str(folder)})
    site = build_site(tmp_path, POSTS, PAGES, **settings)
    items = site.html("index.html").select("footer .blogroll > li")
    notes = [item.select_one(".blogroll-health") for item in items]
    assert notes[0].get_text() == (
        "Note: The latest posts could not be fetched for 5 days; "
        "what is shown may be out of date."
    )
    assert items[0].select_one(".blogroll-latest")  # the last good post stays
    assert notes[1] is None  # one failure today is no news
    assert "feed has closed" in notes[2].get_text()
    for path in site.files():
        assert not CANARY.search(path.read_bytes()), path


def test_private_items_stay_private_with_the_blogroll_on(fetched, tmp_path):
    private = sorted((FIXTURES / "privacy").glob("*.md"))
    site = build_site(tmp_path, private, FEED_DOMAIN="https://example.org", **fetched)
    assert (site.output / "blogroll" / "index.html").is_file()
    assert (site.output / "blogroll.opml").is_file()
    leaked = [
        (path.name, m.group(0))
        for path in site.files()
        for m in CANARY.finditer(path.read_bytes())
    ]
    assert leaked == []


def test_bad_blogroll_entries_are_reported_and_skipped(fetched, tmp_path):
    blogroll = [
        *fetched["BLOGROLL"][:1],
        {"name": "", "url": "https://x.example/"},
        {
            "name": "Bad feed",
            "url": "https://y.example/",
            "feed": "javascript:alert(1)",
        },
        {"name": "Typo", "url": "https://z.example/", "tagline": "t", "entires": 3},
        "not a dict",
    ]
    site = build_site(tmp_path, POSTS, PAGES, **dict(fetched, BLOGROLL=blogroll))
    assert [message for _, message in site.errors if "blogroll" in message] == [
        "blogroll: BLOGROLL[1]: name: must be a non-empty text, got ''",
        "blogroll: BLOGROLL[2] (Bad feed): feed: must be an http or https address, "
        "got 'javascript:alert(1)'",
        "blogroll: BLOGROLL[3] (Typo): entires: unknown key; known: name, url, feed, "
        "tagline, refresh, entries, timeout",
        "blogroll: BLOGROLL[4]: must be a dict with name, url, feed, tagline",
    ]
    names = [
        a.get_text()
        for a in site.html("index.html").select("footer .blogroll > li > a:first-child")
    ]
    assert names == ["Journal One", "Typo"]
