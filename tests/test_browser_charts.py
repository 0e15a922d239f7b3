"""Charts and log tables on phones and desktops, measured in a real browser.

At 320, 375 and 1280 CSS px: the smallest text a chart renders is 11 CSS px or
more (font size times the scale the SVG is drawn at), nothing is wider than the
screen, and every column of a post's log is readable: its header in view, or,
where the rows stack, each cell's label beside its value. Screenshots of the
charts go to test-artifacts/screenshots/.
"""

import xml.etree.ElementTree as ET

import pytest
from browser_support import SCREENSHOTS, serve
from conftest import build_site
from test_browser_pages import open_page
from test_timeline_site import YEARS

WIDTHS = (320, 375, 1280)
MIN_TEXT = 11  # CSS px
SVG = "{http://www.w3.org/2000/svg}"

# Every chart text that is drawn (its layout shown), with the size it renders
# at; a text a <use> shows (the narrow layout's lane headings) at the use's scale.
CHART_TEXTS = """() => {
  const size = (t, ctm) => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * ctm.a});
  const svgs = [...document.querySelectorAll('.tl-chart svg.tl-svg')];
  const drawn = svgs.flatMap((svg) => [...svg.querySelectorAll('text')])
    .filter((t) => t.getBoundingClientRect().width > 0)
    .map((t) => size(t, t.getScreenCTM()));
  const used = svgs.flatMap((svg) => [...svg.querySelectorAll('use')])
    .filter((u) => u.getBoundingClientRect().width > 0)
    .flatMap((u) => [...document.querySelector(u.getAttribute('href'))
      .querySelectorAll('text')].map((t) => size(t, u.getScreenCTM())));
  return [...drawn, ...used];
}"""

OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"

# Each column heading of the log table: where a reader sees it. A heading in
# view counts; where the rows stack, every cell's label (its ::before) must be
# drawn inside the screen instead.
LOG_COLUMNS = """() => {
  const table = document.querySelector('section.symptom-log table');
  const region = table.closest('.table-scroll').getBoundingClientRect();
  const inView = (box) => box.width > 0 && box.left >= Math.max(0, region.left) - 1
    && box.right <= Math.min(window.innerWidth, region.right) + 1;
  const headings = [...table.querySelectorAll('thead th')];
  const stacked = getComputedStyle(table.tBodies[0]).display === 'block';
  return headings.map((th, column) => {
    const heading = th.textContent;
    if (!stacked) return {heading, seen: inView(th.getBoundingClientRect())};
    const cells = table.querySelectorAll(`tbody tr > :nth-child(${column + 1})`);
    const labelled = [...cells].every((cell) => {
      const label = getComputedStyle(cell, '::before').content;
      const named = column === 0 || label.includes(heading);  // the time heads
      return named && inView(cell.getBoundingClientRect());
    });
    return {heading, seen: labelled};
  });
}"""

# Which layout each chart shows: (has a narrow layout, the layouts displayed).
LAYOUTS = """() => [...document.querySelectorAll('.tl-chart svg.tl-svg')].map((svg) => [
  svg.classList.contains('tl-two'),
  [...svg.children].filter((s) => s.tagName === 'svg'
    && getComputedStyle(s).display !== 'none').map((s) => s.getAttribute('class')),
])"""


def smallest_text(page):
    texts = page.evaluate(CHART_TEXTS)
    assert texts, "no chart text is drawn"
    return min(texts, key=lambda found: found["px"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["article-with-wrapped-chart", "timeline"])
def test_chart_text_is_11_px_or_more_and_nothing_is_wider_than_the_screen(
    new_page, site_url, sample_site, name, width
):
    page, _ = open_page(new_page, site_url, sample_site, name, width=width)
    smallest = smallest_text(page)
    assert smallest["px"] >= MIN_TEXT, smallest
    assert page.evaluate(OVERFLOW) <= 0
    # the layout shown fits the width: the narrow one on a phone, if the chart
    # has one (a chart of a few days is readable on a phone as it is)
    narrow = "tl-narrow" if width < 900 else "tl-wide"
    for two, shown in page.evaluate(LAYOUTS):
        assert shown == [narrow if two else "tl-wide"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart = page.locator(".tl-chart").first
    chart.screenshot(path=str(SCREENSHOTS / f"chart-{name}-{width}.png"))


@pytest.mark.parametrize("width", (375, 1280))
def test_every_column_of_the_log_table_can_be_read(
    new_page, site_url, sample_site, width
):
    page, _ = open_page(
        new_page, site_url, sample_site, "article-with-log", width=width
    )
    columns = page.evaluate(LOG_COLUMNS)
    assert [c["heading"] for c in columns][:5] == [
        "Time",
        "Symptom",
        "Site",
        "Side",
        "Beats",
    ]
    assert [c["heading"] for c in columns if not c["seen"]] == []
    caption = page.locator("section.symptom-log caption").bounding_box()
    assert caption["x"] >= 0 and caption["x"] + caption["width"] <= width  # whole
    assert page.evaluate(OVERFLOW) <= 0


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """A journal of two years, so /timeline/ has year charts (images)."""
    site = build_site(tmp_path_factory.mktemp("two-years"), YEARS)
    with serve(site.output) as url:
        yield site, url


def svg_font_sizes(path, layout):
    """Every text size of one layout of an SVG file (12, the SVG's own default)."""
    root = ET.parse(path).getroot()
    nested = next(s for s in root.iter(SVG + "svg") if s.get("class") == layout)
    return [float(t.get("font-size", 12)) for t in nested.iter(SVG + "text")]


@pytest.mark.parametrize("width", WIDTHS)
def test_year_charts_are_images_readable_at_every_width(new_page, two_years, width):
    site, url = two_years
    page = new_page(width=width)
    page.goto(url + "/timeline/")
    images = page.locator("section.timeline-year img")
    assert images.count() == 2
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth", arg=image.element_handle()
        )
        shown = image.evaluate(
            "(img) => ({src: img.currentSrc, width: img.getBoundingClientRect().width,"
            " natural: img.naturalWidth})"
        )
        name = shown["src"].rsplit("/", 1)[1]
        layout = "tl-narrow" if name.endswith("-narrow.svg") else "tl-wide"
        assert (layout == "tl-narrow") == (width < 900)
        scale = shown["width"] / shown["natural"]
        smallest = min(svg_font_sizes(site.output / "timeline" / name, layout)) * scale
        assert smallest >= MIN_TEXT, (name, smallest)
    assert page.evaluate(OVERFLOW) <= 0
    assert page.problems == []


def test_the_chart_prints_in_its_wide_layout(new_page, site_url, sample_site):
    page, _ = open_page(new_page, site_url, sample_site, "timeline", width=375)
    page.emulate_media(media="print")
    assert page.evaluate(LAYOUTS) == [[True, ["tl-wide"]]]
