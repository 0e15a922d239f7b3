"""Every page type of the sample journal in a real browser (Debian's chromium).

A page type is one line of PAGE_TYPES: a name, the output files it can be
(a glob), and a CSS selector the right one contains. The first match, in
sorted order, is tested, so the tests follow the content rather than a fixed
address.
"""

import re

import pytest
from browser_support import ARTIFACTS, SCREENSHOTS
from bs4 import BeautifulSoup

PAGE_TYPES = [
    # (name, glob in the output, selector the page must contain)
    ("home", "index.html", "main .summary"),
    ("article-with-log", "2*/*/*/*/index.html", "main section.symptom-log table"),
    (
        "article-with-timeline-and-comments",
        "2*/*/*/*/index.html",
        "main:has(figure.timeline):has(.comment)",
    ),
    # a post's chart with a narrow layout, rows of days, for phones
    ("article-with-wrapped-chart", "2*/*/*/*/index.html", "main svg.tl-two"),
    ("timeline", "timeline/index.html", "main figure.timeline svg"),
    ("blogroll", "blogroll/index.html", "main h1"),
    ("recent-comments", "comments/index.html", "main h1"),
    ("archives", "archives/index.html", "main .post-list"),
    ("tag", "tag/*/index.html", "main .summary"),
    ("category", "category/*/index.html", "main .summary"),
    ("page", "*/index.html", "main > article.entry"),
    ("search", "search/index.html", "main form[role=search]"),
    ("not-found", "404.html", "main form[role=search]"),
]
NAMES = [name for name, _, _ in PAGE_TYPES]
MISSING = "/no/such/page/"  # the 404 page is tested where a reader meets it
MAX_PRINTED_PAGES = 4  # A4 pages: a day's post and its log print on one or two

FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]),'
    + ' input:not([disabled]):not([type=hidden]), select:not([disabled]),'
    + ' textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const found = [...document.querySelectorAll(selector)].filter(
    (el) => el.checkVisibility({visibilityProperty: true}));
  found.forEach((el, i) => { el.dataset.tabOrder = i; });
  return found.map((el) => el.outerHTML.slice(0, 120));
}"""

RECORD_FOCUS = """() => {
  // Record every element that receives focus, with what a sighted keyboard
  // user would see of it, as the focus arrives.
  window.focusLog = [];
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    // the reduced-motion rules turn every change into a 0.01 ms transition: end them
    el.getAnimations().forEach((animation) => animation.finish());
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const top = box.top + window.scrollY;
    const left = box.left + window.scrollX;
    const page = document.documentElement;
    window.focusLog.push({
      order: el.dataset.tabOrder === undefined ? null : Number(el.dataset.tabOrder),
      html: el.outerHTML.slice(0, 120),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      shadow: style.boxShadow !== 'none',
      // inside the page, where scrolling can bring it into view
      onPage: box.width > 0 && box.height > 0 && top >= 0 && left >= 0
        && left + box.width <= page.scrollWidth + 1 && top < page.scrollHeight,
    });
  });
}"""


def page_path(output, name):
    """The output file tested for page type ``name`` (relative, with '/')."""
    _, pattern, selector = next(t for t in PAGE_TYPES if t[0] == name)
    for path in sorted(output.glob(pattern)):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if html.select_one(selector):
            return path.relative_to(output).as_posix()
    raise AssertionError(f"no {name} page matches {pattern} and {selector}")


def address(sample_site, name):
    """The address a reader opens for page type ``name``."""
    if name == "not-found":
        return MISSING
    path = page_path(sample_site.output, name)
    return "/" + re.sub(r"(^|/)index\.html$", r"\1", path)


def open_page(new_page, site_url, sample_site, name, **options):
    page = new_page(**options)
    response = page.goto(site_url + address(sample_site, name))
    if name == "search":  # its filters appear once the index has loaded
        page.locator("#search-results:not([aria-busy])").wait_for(state="attached")
    return page, response


@pytest.mark.parametrize("name", NAMES)
def test_page_loads_without_console_errors_or_failed_requests(
    new_page, site_url, sample_site, name
):
    page, response = open_page(new_page, site_url, sample_site, name)  # to "load"
    expected = 404 if name == "not-found" else 200
    assert response.status == expected
    document = site_url + address(sample_site, name)
    problems = [p for p in page.problems if not (expected == 404 and document in p)]
    assert problems == []
    assert page.locator("main h1").count() == 1
    # every stylesheet and script the page asked for was loaded
    assert page.evaluate("document.styleSheets.length") >= 1


@pytest.mark.parametrize("name", NAMES)
def test_tab_reaches_every_focusable_element_in_order_with_visible_focus(
    new_page, site_url, sample_site, name
):
    # as a reader who asked for reduced motion: the strictest case for focus,
    # since the theme's reduced-motion rules turn changes into short transitions
    page, _ = open_page(new_page, site_url, sample_site, name, motion="reduce")
    expected = page.evaluate(FOCUSABLE)
    assert any("<a" in html for html in expected)
    page.evaluate(RECORD_FOCUS)
    for _ in expected:
        page.keyboard.press("Tab")
    reached = page.evaluate("window.focusLog")
    assert [r["order"] for r in reached] == list(range(len(expected)))
    hidden = [r["html"] for r in reached if not (r["outline"] or r["shadow"])]
    assert hidden == [], "focus indicator missing"
    off_page = [r["html"] for r in reached if not r["onPage"]]
    assert off_page == [], "focused element outside the page"
    assert reached[0]["html"].startswith('<a class="skip-link"')


def serious(response):
    """axe's serious and critical violations: (rule, impact, first targets)."""
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_serious_or_critical_violation_light_or_dark(
    new_page, site_url, sample_site, name
):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_page(new_page, site_url, sample_site, name)
    light = Axe().run(page).response  # every rule axe-core has for WCAG 2.2 AA
    assert light["passes"], "axe ran no rule"
    assert serious(light) == []
    # dark mode changes colours only: check their contrast there (axe is loaded)
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    dark = page.evaluate(
        """() => axe.run({runOnly: ['color-contrast'],
                         resultTypes: ['violations']})"""
    )
    assert dark["passes"] or dark["incomplete"], "no contrast was checked"
    assert serious(dark) == []


@pytest.mark.parametrize("name", NAMES)
def test_screenshots_at_phone_and_desktop_width_light_and_dark(
    new_page, site_url, sample_site, name
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page, _ = open_page(new_page, site_url, sample_site, name, width=width)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            # JPEG: a third of the time of PNG for a long page, and plenty to review
            shot = SCREENSHOTS / f"{name}-{width}-{scheme}.jpeg"
            page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)
            assert shot.read_bytes().startswith(b"\xff\xd8\xff")
            # nothing wider than the screen: no sideways scrolling on a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            background = page.evaluate("getComputedStyle(document.body).background")
            assert ("rgb(21, 23, 26)" in background) == (scheme == "dark")


def test_print_stylesheet_gives_a_short_readable_article(
    new_page, site_url, sample_site
):
    page, _ = open_page(new_page, site_url, sample_site, "article-with-log")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.site-nav', '.site-footer', '.skip-link', '.search-form']
            .map((s) => document.querySelector(s))
            .filter((el) => el && el.checkVisibility())
            .map((el) => el.className)"""
    )
    assert hidden == []
    body = page.evaluate(
        """() => { const s = getComputedStyle(document.body);
                   return [s.color, s.backgroundColor, parseFloat(s.fontSize)]; }"""
    )
    assert body[:2] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert body[2] >= 14  # 11pt
    assert page.locator("section.symptom-log table").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "article-with-log.pdf"
    page.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 1 <= pages <= MAX_PRINTED_PAGES
