"""Search in a real browser: from the header, by keyboard, and from file://."""

import re

import pytest
from test_search_index import read_index


def matching_titles(sample_site, word):
    """Titles of the posts whose index entry has ``word`` anywhere."""
    return {
        entry["title"]
        for entry in read_index(sample_site.output)
        if word
        in " ".join(
            [entry["title"], entry["text"], *entry["tags"], *entry["sites"]]
        ).lower()
    }


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def result_titles(page):
    return set(page.locator("#search-results li a").all_text_contents())


@pytest.mark.parametrize("word", ["ankle", "jaw"])
def test_header_search_shows_every_match_and_a_result_opens_the_post(
    new_page, site_url, sample_site, word
):
    expected = matching_titles(sample_site, word)
    assert 0 < len(expected) <= 50
    page = new_page()
    page.goto(site_url + "/")
    page.get_by_role("searchbox", name="Search the journal").fill(word)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/search/\?q={word}$"))
    status = page.get_by_role("status")
    count = f"{len(expected)} post{'' if len(expected) == 1 else 's'}"
    assert re.match(rf"^{count} match(es)? “{word}”\.$", status.text_content())
    assert result_titles(page) == expected
    first = page.locator("#search-results li a").first
    title = first.text_content()
    first.click()
    page.wait_for_load_state()
    assert page.locator("main h1").text_content() == title
    assert page.problems == []


def test_typing_updates_the_results_and_the_keyboard_reaches_them(
    new_page, site_url, sample_site
):
    page = new_page()
    page.goto(site_url + "/search/")
    status = page.get_by_role("status")
    assert status.text_content() == ""
    field = page.get_by_role("searchbox", name=re.compile("^Words, tags or body"))
    field.focus()
    page.keyboard.type("zzzqqq")
    page.wait_for_function("document.getElementById('search-status').textContent")
    assert status.text_content() == "No posts match “zzzqqq”."
    assert page.locator("#search-results li").count() == 0
    page.keyboard.press("Control+A")
    page.keyboard.type("knee")
    status.filter(has_text="knee").wait_for()
    assert result_titles(page) == matching_titles(sample_site, "knee")
    assert "?q=knee" in page.url  # the address can be shared or bookmarked
    assert serious_violations(page) == []  # the results as shown, too
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Tab")  # to the first result
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == page.locator("#search-results li a").first.text_content()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("main h1").text_content() == focused
    assert page.problems == []


def test_search_works_from_file_without_a_server(new_page, sample_site):
    page = new_page()
    search_page = sample_site.output / "search" / "index.html"
    page.goto(search_page.as_uri() + "?q=ankle")
    assert result_titles(page) == matching_titles(sample_site, "ankle")
    href = page.locator("#search-results li a").first.get_attribute("href")
    assert href.startswith("../")
    assert (search_page.parent / href / "index.html").resolve().is_file()
    assert page.problems == []


def test_without_javascript_the_header_form_leads_to_a_way_to_every_post(
    new_page, site_url
):
    page = new_page(javascript=False)
    page.goto(site_url + "/")
    page.get_by_role("searchbox", name="Search the journal").fill("ankle")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=ankle$"))
    assert "needs JavaScript" in page.locator("main").inner_text()  # rendered text
    page.locator("main").get_by_role("link", name="archives").click()
    page.wait_for_load_state()
    assert page.locator("main h1").text_content() == "Archives"


def test_without_chromium_the_tests_skip_locally_but_fail_in_ci(monkeypatch):
    from browser_support import _unavailable

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="need /usr/bin/chromium"):
        _unavailable("/usr/bin/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        _unavailable("/usr/bin/chromium")
