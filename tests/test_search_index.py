"""The search index, the search page and the 404 page, without a browser."""

import json
import re
from datetime import datetime

import pytest
from conftest import FIXTURES, build_site
from test_privacy import CANARY, PRIVATE

from plugins.search.index import (
    DEFAULTS,
    IndexedPost,
    build_index,
    index_script,
    read_config,
)
from plugins.symptom_log.privacy import find_leaks

SEARCH = sorted((FIXTURES / "search").glob("*.md"))
FULL_LOG = FIXTURES / "valid" / "article_with_full_log.md"
INDEX = "search/search-index.js"


def read_index(output, path=INDEX, variable="SEARCH_INDEX"):
    """The entries of an index script, read back as JSON."""
    text = (output / path).read_text(encoding="utf-8")
    prefix = f"window.{variable} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("search"), [*SEARCH, FULL_LOG])


def by_title(entries):
    return {entry["title"]: entry for entry in entries}


def test_index_has_title_address_date_tags_sites_and_text(site):
    entries = by_title(read_index(site.output))
    full = entries["Stretching sets off the ankles again"]
    assert full["url"] == "2026/03/14/stretching-sets-off-the-ankles-again/"
    assert (site.output / full["url"] / "index.html").is_file()
    assert full["date"] == "2026-03-14"
    assert full["date_text"] == "14 March 2026"
    assert full["tags"] == ["clonus", "tizanidine"]
    assert full["sites"] == ["ankle", "jaw"]
    assert full["text"].startswith("The calf stretch")
    # newest first
    assert [e["date"] for e in read_index(site.output)] == sorted(
        (e["date"] for e in entries.values()), reverse=True
    )


def test_index_holds_plain_text_of_the_body(site):
    entry = by_title(read_index(site.output))["Markup & a in the text"]
    assert entry["text"] == (
        "Fish & chips, then the knee went. Writing <script> in a post is fine."
    )
    assert "markup-script-body" not in (site.output / INDEX).read_text()
    assert "<" not in (site.output / INDEX).read_text()  # written as \u003c
    # sites once each; an episode without a site adds none
    assert entry["sites"] == ["knee"]


def test_long_text_is_cut_at_a_word(site):
    entry = by_title(read_index(site.output))["A very long post"]
    assert len(entry["text"]) <= DEFAULTS["text_length"]
    assert entry["text"].endswith("…")
    assert not entry["text"].endswith(" …")
    assert "the-last-words" not in entry["text"]


def test_no_private_item_or_draft_reaches_the_index(tmp_path):
    site = build_site(tmp_path, PRIVATE)
    text = (site.output / INDEX).read_bytes()
    assert CANARY.findall(text) == []
    entries = by_title(read_index(site.output))
    public = entries["A public post with one private episode"]
    assert public["sites"] == ["ankle"]  # the private episode was at the hip
    assert "Public note" not in public["text"]  # notes are in the table, not text
    for path in site.files():
        assert CANARY.findall(path.read_bytes()) == [], path


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"colour": "red"}, "unknown setting 'colour'"),
        ({"index": "/abs.js"}, "index must be a relative path ending in .js"),
        ({"index": "../up.js"}, "index must be a relative path ending in .js"),
        ({"index": "index.json"}, "index must be a relative path ending in .js"),
        ({"text_length": -1}, "text_length must be a whole number 0 to 20000"),
        ({"text_length": "600"}, "text_length must be a whole number 0 to 20000"),
        ({"text_length": True}, "text_length must be a whole number 0 to 20000"),
        ({"variable": "not a name"}, "variable must be a JavaScript name"),
    ],
)
def test_each_bad_setting_is_named_and_falls_back(setting, message):
    config = read_config(setting)
    assert len(config.problems) == 1
    assert config.problems[0].startswith(message)
    assert (config.index, config.text_length, config.variable) == (
        DEFAULTS["index"],
        DEFAULTS["text_length"],
        DEFAULTS["variable"],
    )


def test_bad_settings_are_logged_and_the_index_still_written(tmp_path):
    site = build_site(
        tmp_path,
        [FULL_LOG],
        SEARCH={"text_length": -5, "index": "find/posts.js", "spelling": 1},
    )
    errors = [m for level, m in site.errors if level == "ERROR"]
    assert errors == [
        "search: SEARCH setting: unknown setting 'spelling'",
        "search: SEARCH setting: text_length must be a whole number 0 to 20000, got -5",
    ]
    assert len(read_index(site.output, "find/posts.js")) == 1
    page = site.html("search/index.html")
    assert "find/posts.js" in [
        s.get("src", "").split("../")[-1] for s in page("script")
    ]


def test_index_script_cannot_end_early_and_reads_back():
    post = IndexedPost(
        title="Line sep </script><b>bold</b>",
        url="a\u2028/",
        date=datetime(2026, 1, 2, 3, 4),
        html="<p>x</p>",
    )
    script = index_script(build_index([post]), "IDX")
    assert "</script>" not in script and "\u2028" not in script
    (entry,) = json.loads(script[len("window.IDX = ") : -2])
    assert (entry["title"], entry["url"]) == ("Line sep bold", "a\u2028/")
    assert entry["date_text"] == "2026-01-02"


def test_search_page_has_a_labelled_form_a_live_region_and_its_scripts(site):
    page = site.html("search/index.html")
    main = page.select_one("main")
    form = main.select_one('form[role="search"]')
    field = form.select_one("input[type=search][name=q]")
    assert form.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
    assert main.select_one('#search-status[role="status"][aria-live="polite"]')
    assert main.select_one("ol#search-results")
    assert main.select_one("noscript a[href]")
    # the page's own form replaces the header's: one search landmark
    assert len(page.select('[role="search"]')) == 1
    for script in page("script"):
        assert (site.output / "search" / script["src"]).resolve().is_file()


def test_every_other_page_has_a_search_form_in_the_header(site):
    page = site.html("2026/03/14/stretching-sets-off-the-ankles-again/index.html")
    form = page.select_one('header form[role="search"]')
    assert form["action"] == "../../../../search/" and form["method"] == "get"
    assert form.select_one("label[for=site-search-q]")


def test_404_page_links_from_the_root_and_offers_search(site):
    page = site.html("404.html")
    assert page.h1.get_text() == "Page not found"
    hrefs = [a["href"] for a in page.select("main a")]
    assert hrefs == ["/", "/archives/", "/tags/"]
    assert page.select_one('main form[role="search"]')["action"] == "/search/"
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/style.css"
    assert not re.search(r'(href|src)="\.', str(page))
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


def test_the_publish_privacy_scan_can_read_the_index(tmp_path):
    # Defence in depth: were private text ever to reach the index, the scan
    # that `invoke publish` runs over the output would find it there too.
    private = "Ask Dr O\u2019Neill: \u00e7a va"
    post = IndexedPost("t", "u/", datetime(2026, 1, 1), html=f"<p>{private}</p>")
    (tmp_path / "search").mkdir()
    (tmp_path / INDEX).write_text(index_script(build_index([post])), encoding="utf-8")
    assert find_leaks(tmp_path, {private}) == [(INDEX, private, "content")]


def test_with_the_production_settings_search_and_404_use_absolute_addresses(tmp_path):
    site = build_site(tmp_path, [FULL_LOG], settings="publishconf.py")
    siteurl = "https://beats-per-minute.example.org"
    missing = site.html("404.html")
    assert [a["href"] for a in missing.select("main a")] == [
        f"{siteurl}/",
        f"{siteurl}/archives/",
        f"{siteurl}/tags/",
    ]
    search = site.html("search/index.html")
    assert search.select_one("[data-search-root]")["data-search-root"] == siteurl
    assert f"{siteurl}/search/search-index.js" in [s["src"] for s in search("script")]
    assert len(read_index(site.output)) == 1
