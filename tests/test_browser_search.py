"""Search in a real browser, over Pagefind's index: from the header, by
keyboard, with filters, ranked and highlighted; from file:// and without
JavaScript it still leads to every post.

The site is built from tests/fixtures/search/ (each post's expectation at
its top), the post with a full log, and 25 generated posts that share one
word, so that there is more than a page of results.
"""

import re

import pytest
from browser_support import serve
from conftest import FIXTURES, build_site
from test_browser_pages import serious

SEARCH = sorted((FIXTURES / "search").glob("*.md"))
FULL_LOG = FIXTURES / "valid" / "article_with_full_log.md"
MANY = 25  # posts with the word "zebra": more than the 20 shown at first


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-search")
    posts = tmp / "content" / "posts"
    posts.mkdir(parents=True)
    for number in range(MANY):
        (posts / f"zebra-{number}.md").write_text(
            f"---\ntitle: Zebra day {number}\ndate: 2025-01-{number + 1:02d} 10:00\n"
            "---\nA zebra crossing, slowly.\n"
        )
    site = build_site(tmp, [*SEARCH, FULL_LOG])
    assert site.errors == []
    with serve(site.output) as url:
        yield site, url


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    return serious(Axe().run(page).response)


def titles(page):
    return page.locator("#search-results li .search-result-title a").all_text_contents()


def search_for(new_page, url, address, **options):
    page = new_page(**options)
    page.goto(f"{url}/search/{address}")
    page.get_by_role("status").filter(has_text=re.compile(r"\.$")).wait_for()
    return page


def test_words_from_the_end_of_a_long_post_are_found_and_highlighted(
    new_page, searchable
):
    page = search_for(new_page, searchable[1], "?q=word399")
    assert page.get_by_role("status").text_content() == "1 post matches “word399”."
    assert titles(page) == ["A very long post"]
    marks = page.locator("#search-results .search-excerpt mark").all_text_contents()
    assert marks and all(mark.lower().startswith("word399") for mark in marks)
    assert page.problems == []


def test_a_match_in_the_title_ranks_first(new_page, searchable):
    page = search_for(new_page, searchable[1], "?q=paraffin")
    assert titles(page) == [
        "Paraffin wax for stiff hands",
        "A long week of small things",
    ]


def test_markup_written_in_a_post_is_shown_as_text(new_page, searchable):
    page = search_for(new_page, searchable[1], "?q=script")
    assert titles(page) == ["Markup & a in the text"]
    excerpt = page.locator(".search-excerpt").first
    assert "Writing <script> in a post is fine." in excerpt.text_content()
    assert page.locator("#search-results script, #search-results img").count() == 0


def test_header_search_finds_posts_and_a_result_opens_the_post(new_page, searchable):
    page = new_page()
    page.goto(searchable[1] + "/")
    page.get_by_role("searchbox", name="Search the journal").fill("calf")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=calf$"))
    page.get_by_role("status").filter(has_text="calf").wait_for()
    assert titles(page) == ["Stretching sets off the ankles again"]
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state()
    assert (
        page.locator("main h1").text_content() == "Stretching sets off the ankles again"
    )
    assert page.problems == []


def test_filters_by_tag_and_body_site_and_the_address_keeps_them(new_page, searchable):
    page = search_for(new_page, searchable[1], "?q=the")
    unfiltered = set(titles(page))
    assert {
        "Stretching sets off the ankles again",
        "Markup & a in the text",
    } <= unfiltered
    page.get_by_label("with an episode at").select_option("knee")
    page.get_by_role("status").filter(has_text="body site “knee”").wait_for()
    assert titles(page) == ["Markup & a in the text"]
    assert page.url.endswith("?q=the&site=knee")
    page.get_by_label("with an episode at").select_option("")
    page.get_by_label("with the tag").select_option("tizanidine")
    page.get_by_role("status").filter(has_text="tag “tizanidine”").wait_for()
    assert titles(page) == ["Stretching sets off the ankles again"]
    # a tag alone, without words: its posts, newest first
    page = search_for(new_page, searchable[1], "?tag=hands")
    assert page.get_by_role("status").text_content() == "1 post, with the tag “hands”."
    assert page.get_by_label("with the tag").input_value() == "hands"
    assert page.problems == []


def test_results_come_20_at_a_time_and_the_keyboard_reaches_them(new_page, searchable):
    page = new_page()
    page.goto(searchable[1] + "/search/")
    field = page.get_by_role("searchbox", name="Words to find in the posts")
    field.focus()
    page.keyboard.type("zebra")
    page.get_by_role("status").filter(has_text="zebra").wait_for()
    assert page.get_by_role("status").text_content() == f"{MANY} posts match “zebra”."
    assert len(titles(page)) == 20
    assert "?q=zebra" in page.url  # the address can be shared or bookmarked
    assert serious_violations(page) == []  # the results as shown, too
    order = []
    for _ in range(4):  # the button, the two filters, the first result
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert order[0] == "Search" and order[3] == titles(page)[0]
    more = page.get_by_role("button", name="Show more results")
    more.focus()
    page.keyboard.press("Enter")
    page.locator("#search-results li").nth(MANY - 1).wait_for()
    assert len(titles(page)) == MANY and more.is_hidden()
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == titles(page)[20]  # the first of the new results
    assert page.problems == []


def test_results_pass_axe_in_dark_mode(new_page, searchable):
    page = search_for(new_page, searchable[1], "?q=ankle", scheme="dark")
    assert page.locator("#search-results mark").count() > 0
    assert serious_violations(page) == []


def test_from_file_the_page_says_search_needs_a_server_and_links_every_post(
    new_page, searchable
):
    page = new_page()
    search_page = searchable[0].output / "search" / "index.html"
    page.goto(search_page.as_uri() + "?q=ankle")
    status = page.get_by_role("status")
    status.filter(has_text="web server").wait_for()
    assert "invoke serve" in status.text_content()
    for name in ("by date, in the archives", "by tag"):
        href = page.get_by_role("link", name=name).get_attribute("href")
        assert (search_page.parent / href / "index.html").resolve().is_file()
    assert page.problems == []


def test_without_javascript_the_header_form_leads_to_a_way_to_every_post(
    new_page, searchable
):
    page = new_page(javascript=False)
    page.goto(searchable[1] + "/")
    page.get_by_role("searchbox", name="Search the journal").fill("ankle")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=ankle$"))
    assert "needs JavaScript" in page.locator("main").inner_text()  # rendered text
    page.locator("main").get_by_role("link", name="by tag").click()
    page.wait_for_load_state()
    assert page.locator("main h1").text_content() == "Tags"


def test_without_chromium_the_tests_skip_locally_but_fail_in_ci(monkeypatch):
    from browser_support import _unavailable

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="need /usr/bin/chromium"):
        _unavailable("/usr/bin/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        _unavailable("/usr/bin/chromium")
