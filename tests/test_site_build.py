"""Whole-site builds: what the reader and the theme put into the pages."""

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_site
from pelican.settings import read_settings

from plugins.frontmatter_reader.source import content_files, read_source

VALID = sorted((FIXTURES / "valid").glob("article_*.md"))
INVALID = sorted((FIXTURES / "invalid").glob("*.md"))
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FULL_LOG = "2026/03/14/stretching-sets-off-the-ankles-again/index.html"
SAMPLE = {"PATH": str(ROOT / "content")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    return build_site(tmp, VALID + INVALID, [FIXTURES / "valid" / "page_about.md"])


def cells(row):
    return [" ".join(td.get_text(" ", strip=True).split()) for td in row("td")]


def test_episode_table_shows_the_log_and_not_recorded_for_missing(site):
    page = site.html(FULL_LOG)
    table = page.select_one("section.symptom-log table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Time", "Symptom", "Site", "Side", "Beats", "Duration",
                       "Severity", "Triggers", "Note"]  # fmt: skip
    first, second = (cells(row) for row in table.select("tbody tr"))
    assert first == ["14 March 2026, 07:40", "clonus", "ankle", "left", "14", "25 s",
                     "6/10", "stretching", "Gave up on the calf stretch."]  # fmt: skip
    assert second[:3] == ["14 March 2026, 12:30", "clonus", "jaw"]
    assert second[3:7] == ["— not recorded"] * 4
    assert table.caption.get_text(" ", strip=True).startswith("2 episodes")


def test_medications_visits_and_ratings_are_listed(site):
    section = site.html(FULL_LOG).select_one("section.symptom-log")
    lists = [" ".join(li.get_text().split()) for li in section("li")]
    assert lists == [
        "Increase tizanidine to 6 mg, at night (1 March 2026)",
        "Visit: neurologist, 10 March 2026",
    ]
    ratings = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True)
        for dt in section.select("dl.ratings dt")
    }
    assert ratings == {"Spasticity": "6/10", "Penn frequency": "3/4"}


def test_coerced_values_show_as_written(site):
    page = site.html("2026/04/01/1230/index.html")
    assert page.h1.get_text(strip=True) == "12:30"
    first = cells(page.select_one("section.symptom-log tbody tr"))
    assert first[0] == "1 April 2026, 12:30"
    assert first[3] == "both"
    assert first[7] == "no, on, off, yes"
    assert first[8] == "no"


def test_pelican_style_post_builds_unchanged(site):
    page = site.html("2026/05/02/written-the-old-way/index.html")
    assert page.h1.get_text(strip=True) == "Written the old way"
    assert [a.get_text() for a in page.select(".tags a")] == ["habits", "kitchen"]
    assert page.select_one("section.symptom-log") is None


def test_invalid_posts_are_skipped_with_one_error_each_and_the_rest_build(site):
    errors = [m for level, m in site.errors if level == "ERROR"]
    for path in INVALID:
        assert any(f"{path.name}:" in message for message in errors), path.name
    built = {p.relative_to(site.output).as_posix() for p in site.files()}
    assert FULL_LOG in built
    assert "about-this-journal/index.html" in built
    titles = " ".join(site.html("archives/index.html").get_text().split())
    for word in ("Too severe", "Negative beats", "Counted twice", "Aliases"):
        assert word not in titles
    assert len(site.html("archives/index.html").select("main li")) == len(VALID)


def test_home_summaries_carry_a_log_hint(site):
    hints = [
        p.get_text(" ", strip=True) for p in site.html("index.html").select(".log-hint")
    ]
    assert "Log: 2 episodes · 1 medication change · 1 visit · 2 ratings" in hints


def test_every_page_has_one_h1_landmarks_skip_link_and_feed_links(sample_site):
    pages = [p for p in sample_site.files() if p.suffix == ".html"]
    assert len(pages) > 30
    for path in pages:
        page = sample_site.html(path.relative_to(sample_site.output))
        assert page.html["lang"] == "en"
        assert len(page("h1")) == 1, path
        assert page.find("a")["href"] == "#main"
        assert page.select_one("main#main") and page.select_one("nav[aria-label]")
        assert page.find("header") and page.find("footer")
        feeds = {
            (link["type"], link["href"].rsplit("/", 2)[-1])
            for link in page.head.select('link[rel="alternate"]')
        }
        assert ("application/atom+xml", "all.atom.xml") in feeds, path
        assert ("application/rss+xml", "all.rss.xml") in feeds, path


def test_tag_and_category_pages_link_their_own_feeds(sample_site):
    tag = sample_site.html("tag/tizanidine/index.html")
    hrefs = [link["href"] for link in tag.head.select('link[rel="alternate"]')]
    assert any(h.endswith("feeds/tag/tizanidine.atom.xml") for h in hrefs)
    assert (sample_site.output / "feeds/tag/tizanidine.atom.xml").is_file()
    category = sample_site.html("category/medication/index.html")
    hrefs = [link["href"] for link in category.head.select('link[rel="alternate"]')]
    assert any(h.endswith("feeds/category/medication.rss.xml") for h in hrefs)


def test_in_development_robots_and_sitemap_still_give_whole_addresses(sample_site):
    origin = read_settings(str(ROOT / "pelicanconf.py"))["FEED_DOMAIN"]
    robots = (sample_site.output / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {origin}/sitemap.xml" in robots
    sitemap = ET.parse(sample_site.output / "sitemap.xml").getroot()
    locs = [url.find("{*}loc").text for url in sitemap]
    assert locs and all(loc.startswith(f"{origin}/") for loc in locs)


def test_in_development_pages_link_feeds_relatively_to_follow_the_port(sample_site):
    page = sample_site.html("archives/index.html")
    feeds = [link["href"] for link in page.select('link[rel="alternate"]')]
    anchors = [a["href"] for a in page.select("footer .feeds a")]
    assert "../feeds/all.atom.xml" in feeds and "../feeds/all.atom.xml" in anchors
    assert not [href for href in feeds + anchors if "//" in href]


def test_a_post_without_a_category_is_in_the_default_one_not_its_folders(tmp_path):
    year = tmp_path / "content" / "posts" / "2026"
    year.mkdir(parents=True)
    shutil.copy(FIXTURES / "categories" / "article_without_a_category.md", year)
    site = build_site(tmp_path, [])
    page = site.html("2026/04/01/no-category-line/index.html")
    assert page.select_one(".entry-header a[href*=category]").text == "Journal"
    assert sorted(p.name for p in (site.output / "category").iterdir()) == ["journal"]


def test_sample_posts_keep_the_category_their_front_matter_names(sample_site):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=SAMPLE)
    posts = [read_source(path, settings) for path in content_files(settings)]
    articles = [post for post in posts if post.kind == "article" and not post.private]
    assert articles
    for post in articles:
        url = settings["ARTICLE_URL"].format(
            date=post.meta["date"], slug=post.meta["slug"]
        )
        page = sample_site.html(f"{url}index.html")
        shown = page.select_one(".entry-header a[href*=category]").text
        assert shown == post.meta["category"], post.path


def test_sample_journal_draft_and_private_notes_are_not_published(sample_site):
    text = b" ".join(p.read_bytes() for p in sample_site.files()).lower()
    for secret in (b"corran terrace", b"cathal", b"the chair question", b"dunnes"):
        assert secret not in text
    assert not Path(sample_site.output, "drafts").exists()


def test_characters_xml_cannot_carry_are_dropped_everywhere(site):
    page = site.html("2026/06/20/form-feed-and-bell-in-a-title/index.html")
    assert page.h1.get_text() == "Form feed and bell in a title"
    assert "a vertical tab  here" in page.select_one("td.note").get_text()
    old_style = site.html("2026/06/21/old-style-with-a-bell/index.html")
    assert "Body with a  control." in old_style.get_text()
    for path in site.files():
        if path.suffix in (".html", ".xml", ".txt"):
            assert not CONTROL.search(path.read_bytes()), path
