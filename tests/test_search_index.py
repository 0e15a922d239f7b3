"""The search index (Pagefind, run at the end of the build), the search page and
the 404 page, without a browser: the index files are read back as the search
page's script gets them (gzip undone)."""

import gzip
import json
import re
import stat

import pytest
from conftest import FIXTURES, build_site
from test_privacy import CANARY, PRIVATE

import plugins.search as pagefind_plugin
from plugins.search import pagefind
from plugins.search.pagefind import DEFAULTS, read_config
from plugins.symptom_log.privacy import find_leaks

SEARCH = sorted((FIXTURES / "search").glob("*.md"))
FULL_LOG = FIXTURES / "valid" / "article_with_full_log.md"
ABOUT = FIXTURES / "valid" / "page_about.md"
SIGNATURE = b"pagefind_dcd"  # what each decompressed index file starts with


def bundle_files(output):
    return sorted(p for p in (output / "pagefind").rglob("*") if p.is_file())


def readable(path):
    """A file of the index as the search page's script reads it."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def fragments(output):
    """Each indexed page's record: url, content, filters, meta."""
    return {
        record["url"]: record
        for record in (
            json.loads(readable(path).removeprefix(SIGNATURE))
            for path in (output / "pagefind" / "fragment").glob("*.pf_fragment")
        )
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("search"), [*SEARCH, FULL_LOG], [ABOUT])


def test_every_post_and_nothing_else_is_indexed(site):
    indexed = fragments(site.output)
    posts = {f"/{p.parent.relative_to(site.output).as_posix()}/"
             for p in site.output.glob("20*/*/*/*/index.html")}  # fmt: skip
    assert set(indexed) == posts and len(posts) == len(SEARCH) + 1
    # not the About page, nor a list, tag, search or 404 page
    assert not list(site.output.glob(".pagefind*"))  # no staging left behind
    assert site.errors == []


def test_a_post_is_indexed_whole_with_its_title_date_tags_and_sites(site):
    record = fragments(site.output)["/2026/03/14/stretching-sets-off-the-ankles-again/"]
    assert record["meta"]["title"] == "Stretching sets off the ankles again"
    assert record["meta"]["date"] == "14 March 2026"
    assert record["meta"]["datetime"].startswith("2026-03-14T21:10:00")
    assert record["filters"] == {
        "tag": ["clonus", "tizanidine"],
        "site": ["ankle", "jaw"],
    }
    assert record["content"].startswith("Stretching sets off the ankles again.")
    # the body, not the date line, the log's table or the chart's tables
    assert "The calf stretch" in record["content"]
    assert "Gave up on the calf stretch" not in record["content"]  # a log note
    assert "Posted" not in record["content"]


def test_a_chart_in_the_text_is_not_indexed_as_words(tmp_path):
    marker = FIXTURES / "timeline" / "article_with_timeline_marker.md"
    site = build_site(tmp_path, [marker])
    ((url, record),) = fragments(site.output).items()
    page = site.html(f"{url.strip('/')}/index.html")
    caption = page.select_one(".entry-content figure.timeline figcaption").get_text()
    assert caption and caption not in record["content"]
    assert page.select_one(".entry-content p").get_text()[:40] in record["content"]


def test_the_last_words_of_a_long_post_are_indexed(site):
    record = fragments(site.output)["/2026/06/02/a-very-long-post/"]
    assert record["content"].endswith("word399 the-last-words-of-a-long-post.")
    assert record["word_count"] > 400


def test_markup_in_the_body_is_indexed_as_its_text(site):
    record = fragments(site.output)["/2026/06/01/markup-a-in-the-text/"]
    assert record["meta"]["title"] == "Markup & a in the text"
    assert "Fish & chips, then the knee went." in record["content"]
    assert "Writing <script> in a post is fine." in record["content"]
    assert "markup-script-body" not in record["content"]  # a script is no text
    assert record["filters"]["site"] == ["knee"]


def test_pagefinds_own_interfaces_are_not_published(site):
    names = {p.name for p in bundle_files(site.output)}
    assert "pagefind.js" in names
    assert not names & set(pagefind.UNUSED)


def test_no_private_item_or_draft_reaches_the_index(tmp_path):
    site = build_site(tmp_path, PRIVATE)
    files = bundle_files(site.output)
    assert any(p.suffix == ".pf_fragment" for p in files)
    for path in files:
        assert CANARY.findall(readable(path)) == [], path
    record = fragments(site.output)[
        "/2026/05/05/a-public-post-with-one-private-episode/"
    ]
    assert "A public body." in record["content"]  # the public words are there
    assert record["filters"]["site"] == ["ankle"]  # the private episode was at the hip


def test_the_publish_privacy_scan_reads_pagefinds_compressed_files(site, tmp_path):
    # Defence in depth: were private text ever to reach the index, the scan
    # `invoke publish` runs over the output would find it in Pagefind's files.
    private = "Ask Dr O\u2019Neill: \u00e7a va"
    (path,) = [p for p in site.output.rglob("*.pf_fragment")
               if b"a-very-long-post" in readable(p)]  # fmt: skip
    record = json.loads(readable(path).removeprefix(SIGNATURE))
    record["content"] += f" {private}"
    planted = tmp_path / "pagefind" / "fragment" / path.name
    planted.parent.mkdir(parents=True)
    planted.write_bytes(gzip.compress(SIGNATURE + json.dumps(record).encode()))
    where = planted.relative_to(tmp_path).as_posix()
    assert find_leaks(tmp_path, {private}) == [(where, private, "content")]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"colour": "red"}, "unknown setting 'colour'"),
        ({"timeout": 0}, "timeout must be a number of seconds, over 0 and at most"),
        ({"timeout": "60"}, "timeout must be a number of seconds, over 0 and at most"),
        ({"timeout": True}, "timeout must be a number of seconds, over 0 and at most"),
        ({"timeout": 10**6}, "timeout must be a number of seconds, over 0 and at most"),
    ],
)
def test_each_bad_setting_is_named_and_falls_back(setting, message):
    config = read_config(setting)
    assert len(config.problems) == 1
    assert config.problems[0].startswith(message)
    assert config.timeout == DEFAULTS["timeout"]


def fake_pagefind(tmp_path, monkeypatch, script):
    """Pagefind replaced by a shell script, as if it failed in that way."""
    program = tmp_path / "fake-pagefind"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pagefind, "executable", lambda: program)


@pytest.mark.parametrize(
    ("script", "setting", "message"),
    [
        (
            "echo 'Error: out of cheese' >&2; exit 3",
            {},
            "Pagefind failed: Error: out of cheese",
        ),
        ("sleep 30", {"timeout": 0.5}, "Pagefind did not finish in 0.5 s"),
    ],
    ids=["fails", "hangs"],
)
def test_a_failed_index_is_a_build_error_and_no_old_index_stays(
    tmp_path, monkeypatch, script, setting, message
):
    stale = tmp_path / "output" / "pagefind" / "pagefind.js"
    stale.parent.mkdir(parents=True)
    stale.write_text("an index of an earlier build")
    fake_pagefind(tmp_path, monkeypatch, script)
    site = build_site(tmp_path, [FULL_LOG], SEARCH=setting)
    assert site.errors == [
        ("ERROR", f"search: {message}; the search page cannot search")
    ]
    assert not (site.output / "pagefind").exists()
    assert not list(site.output.glob(".pagefind*"))
    assert (site.output / "search" / "index.html").is_file()  # the rest was built


def test_a_build_that_changes_no_page_keeps_the_index_and_an_edit_remakes_it(
    tmp_path, monkeypatch
):
    runs = []
    index_site = pagefind_plugin.index_site
    monkeypatch.setattr(
        pagefind_plugin, "index_site", lambda *a: runs.append(a) or index_site(*a)
    )
    build_site(tmp_path, [FULL_LOG])
    site = build_site(tmp_path, [FULL_LOG])
    assert len(runs) == 1 and site.errors == []
    assert fragments(site.output)  # the index of the first build is still there
    post = tmp_path / "content" / "posts" / FULL_LOG.name
    post.write_text(post.read_text() + "\nA sentence written later.\n")
    site = build_site(tmp_path, [])
    assert len(runs) == 2
    (record,) = fragments(site.output).values()
    assert "A sentence written later." in record["content"]


def test_a_journal_without_posts_builds_and_its_search_page_says_so(tmp_path):
    site = build_site(tmp_path, [], [ABOUT])
    assert site.errors == []
    assert not (site.output / "pagefind").exists()
    main = site.html("search/index.html").main
    assert "Nothing has been posted yet." in main.get_text()
    assert main.find("form") is None and site.html("search/index.html").script is None


def test_search_page_has_a_labelled_form_filters_a_live_region_and_its_script(site):
    page = site.html("search/index.html")
    main = page.select_one("main")
    form = main.select_one('form[role="search"]')
    field = form.select_one("input[type=search][name=q]")
    assert form.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
    filters = form.select_one("fieldset.search-filters[hidden]")  # until they load
    assert filters.legend.get_text(strip=True)
    for select in filters.select("select"):
        assert select["name"] in ("tag", "site")
        assert filters.select_one(f'label[for="{select["id"]}"]').get_text(strip=True)
    assert main.select_one('#search-status[role="status"][aria-live="polite"]')
    assert main.select_one("ol#search-results")
    assert main.select_one("button#search-more[hidden]")
    assert main.select_one("noscript").get_text(strip=True)
    # without JavaScript, or from file://, every post is still two links away
    browse = [a["href"] for a in main.select(".search-browse a")]
    assert browse == ["../archives/", "../tags/"]
    # the page's own form replaces the header's: one search landmark
    assert len(page.select('[role="search"]')) == 1
    (script,) = page("script", src=True)
    assert (site.output / "search" / script["src"]).resolve().is_file()
    root = main.select_one("[data-search-root]")
    bundle = (
        site.output / "search" / root["data-search-root"] / root["data-search-bundle"]
    )
    assert (bundle / "pagefind.js").resolve().is_file()


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
    assert search.select_one("script[src]")["src"] == f"{siteurl}/theme/js/search.js"
    assert list(fragments(site.output)) == [
        "/2026/03/14/stretching-sets-off-the-ankles-again/"
    ]
