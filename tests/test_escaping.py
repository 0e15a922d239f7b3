"""Escape by default: markup in any field never becomes markup, on a page or in a feed.

One post, one page and four comments whose every text field holds an attack
(fixtures/escaping/), built by Pelican with the project's settings; every
output file is read back with an HTML or XML parser.
"""

import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import (
    FIXTURES,
    ROOT,
    STRUCTURED_DATA,
    build_markup_in_every_field,
    build_site,
    theme_own,
)
from pelican.generators import Generator
from pelican.settings import read_settings

ESCAPING = FIXTURES / "escaping"
POST = "2026/03/14/markup-in-every-field/index.html"
DASH = "\N{EN DASH}"
# Each field as a reader must see it: the text as written, markup stripped
# from titles (|striptags), nothing stripped from names.
TITLE = "Stairs \"> <script>alert(1)</script> ' onmouseover='alert(1)"
AUTHOR = '"><img src=x onerror=alert(1)> Ren'
CATEGORY = "</script><script>alert(1)</script>"
TAGS = [
    '"><img src=x onerror=alert(1)> stairs',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
]
SUMMARY = (
    "Quotes \" and ' onmouseover='alert(1) and <img src=x onerror=alert(1)> as text."
)
PAGE_TITLE = 'About "> <script>alert(1)</script>'
COMMENTER = "\"><img src=x onerror=alert(1)> ' onmouseover='alert(1) &lt;b&gt;"
SOCIAL_COMMENTER = '"><img src=x onerror=alert(1)> Kit'  # a reply from Mastodon
COMMENTER_URL = (
    "https://example.org/%22onmouseover=%22alert(1)"  # spaces dropped, quotes encoded
)
# What a page may hold that no field can make: the theme's own.
ACTIVE = (
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "frame",
    "base",
    "form",
    "style",
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data")
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
# The elements of a feed that hold plain text: titles, names, categories.
FEED_TEXT = {f"{ATOM}title", f"{ATOM}subtitle", f"{ATOM}name", f"{DC}creator",
             "title", "category"}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Display depth 1, so a reply names its parent; author feeds on."""
    return build_markup_in_every_field(
        tmp_path_factory.mktemp("escaping"),
        COMMENTS={"display_depth": 1, "email": "comments@example.org"},
        AUTHOR_FEED_ATOM="feeds/author/{slug}.atom.xml",
        AUTHOR_FEED_RSS="feeds/author/{slug}.rss.xml",
    )


def output_files(site, suffix):
    return [path for path in site.files() if path.suffix == suffix]


def feeds(site):
    return [path for path in output_files(site, ".xml") if "feeds" in path.parts]


def assert_inert(attribute_sets, where):
    """No event attribute and no javascript: address in any element's attributes."""
    for attributes in attribute_sets:
        for name, value in attributes.items():
            local = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()  # xlink:href
            assert not local.startswith("on"), (where, attributes)
            if local in URL_ATTRIBUTES:
                address = "".join(str(value).split()).lower()
                assert not address.startswith("javascript:"), (where, attributes)


def test_the_whole_site_was_built(site):
    """The pages the other tests read exist: the attack did not stop the build."""
    for relative in (POST, "index.html", "archives/index.html", "tags/index.html",
                     "tag/stairs/index.html", "category/alert1/index.html",
                     "author/ren/index.html", "authors/index.html",
                     "categories/index.html", "about-markup/index.html",
                     "comments/index.html", "timeline/index.html"):  # fmt: skip
        assert (site.output / relative).is_file(), relative
    assert [level for level, _message in site.errors] == ["WARNING", "WARNING"]


def test_no_field_becomes_an_element_or_attribute_on_any_page(site):
    pages = output_files(site, ".html")
    assert len(pages) >= 15  # list pages included
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found = [tag for tag in soup.find_all(ACTIVE) if not theme_own(tag)]
        assert found == [], path
        assert_inert((tag.attrs for tag in soup.find_all(True)), path)


def test_no_field_becomes_markup_in_a_standalone_chart(site):
    """A chart opened on its own runs its scripts: none may come from the log."""
    charts = output_files(site, ".svg")
    names = {path.relative_to(site.output).as_posix() for path in charts}
    assert {"2026/03/14/markup-in-every-field/timeline.svg",
            "timeline/journal.svg"} <= names  # fmt: skip
    for path in charts:
        root = ET.parse(path).getroot()
        assert not [e for e in root.iter() if e.tag.endswith("}script")], path
        assert_inert((element.attrib for element in root.iter()), path)


def test_the_post_shows_every_field_as_the_text_it_is(site):
    page = site.html(POST)
    assert page.h1.get_text() == TITLE
    assert page.h1.find(True) is None  # a "<" from a field was written as &lt;
    assert page.title.get_text() == f"{TITLE} {DASH} Beats Per Minute"
    header = page.select_one(".entry-header")
    assert header.select_one(".meta a[href$='/category/alert1/']").get_text() == (
        CATEGORY
    )
    assert [a.get_text() for a in header.select(".tags a")] == TAGS
    log = page.select_one("section.symptom-log")
    assert log.select_one("td.note").get_text() == (
        "</script><script>alert(1)</script> javascript:alert(1)"
    )
    assert log.select_one("li").get_text() == (
        "Start \"><img src=x onerror=alert(1)> 2 mg, ' onmouseover='alert(1) "
        f"(14 March 2026) {DASH} </script><script>alert(1)</script>"
    )


@pytest.mark.parametrize("relative", [POST, "index.html"])
def test_no_field_ends_the_structured_data_script(site, relative):
    (script,) = site.html(relative).select(f'script[type="{STRUCTURED_DATA}"]')
    assert "<" not in script.string  # every "<" written as \u003c
    data = json.loads(script.string)
    post = data if data["@type"] == "BlogPosting" else data["blogPost"][0]
    assert post["headline"] == TITLE
    if relative == POST:
        assert data["author"]["name"] == AUTHOR
        assert data["articleSection"] == CATEGORY
        assert data["keywords"] == TAGS
        assert data["description"] == SUMMARY


def test_attributes_hold_each_field_whole(site):
    """Quotes in a field stay inside its attribute: the parser reads it back whole."""
    head = BeautifulSoup((site.output / POST).read_text(), "html.parser").head
    assert head.select_one("meta[name=description]")["content"] == SUMMARY
    assert head.select_one("meta[property='og:title']")["content"] == TITLE
    assert [m["content"] for m in head.select("meta[property='article:tag']")] == TAGS
    page = site.html("about-markup/index.html")
    assert page.select_one("meta[name=description]")["content"] == (
        "\"> ' onmouseover='alert(1) <script>"
    )


@pytest.mark.parametrize(
    ("relative", "selector", "expected"),
    [
        ("index.html", ".summary h2 a", TITLE),
        ("index.html", ".summary-text", SUMMARY),
        ("archives/index.html", ".post-list a", TITLE),
        ("tag/stairs/index.html", "h1", f"Posts tagged “{TAGS[0]}”"),
        ("tag/stairs/index.html", ".summary h2 a", TITLE),
        ("category/alert1/index.html", "h1", f"Posts in “{CATEGORY}”"),
        ("author/ren/index.html", "h1", f"Posts by {AUTHOR}"),
        ("authors/index.html", ".term-list a", AUTHOR),
        ("categories/index.html", ".term-list a", CATEGORY),
        ("tags/index.html", ".term-list a[href$='/tag/stairs/']", TAGS[0]),
        ("index.html", ".site-nav a[href$='about-markup/']", PAGE_TITLE),
        ("comments/index.html", ".comment-meta a", TITLE),
    ],
)
def test_list_pages_show_the_fields_as_text(site, relative, selector, expected):
    element = site.html(relative).select_one(selector)
    assert " ".join(element.get_text().split()) == expected
    assert element.find(["img", "script"]) is None


def test_markup_in_a_lang_never_becomes_an_attribute(tmp_path):
    """``<html lang>`` was printed unescaped: a lang could add onmouseover."""
    site = build_site(tmp_path, [ESCAPING / "article_with_markup_in_its_lang.md"])
    pages = [p for p in output_files(site, ".html") if "markup-in-its-lang" in p.name]
    if not pages:  # refused by the reader: as safe, if it says why
        assert any("lang" in message for _level, message in site.errors)
        return
    (page,) = pages
    root = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").html
    assert root.attrs == {"lang": 'en" onmouseover="alert(1)'}


def test_author_page_feed_links_keep_the_name_in_their_title(site):
    head = site.html("author/ren/index.html").head
    titles = [link["title"] for link in head.select("link[href*='feeds/author/']")]
    assert titles == [
        f"Beats Per Minute: posts by {AUTHOR} (Atom)",
        f"Beats Per Minute: posts by {AUTHOR} (RSS)",
    ]


def test_comment_names_and_addresses_stay_text(site):
    page = site.html(POST)
    marked = page.select_one("li#comment-comment_with_markup_in_every_field")
    assert marked.article["aria-label"] == f"Comment by {COMMENTER}"
    link = marked.select_one(".comment-author a")
    assert link.get_text() == COMMENTER
    assert link["href"] == COMMENTER_URL
    body = marked.select_one(".comment-body")
    assert body.find(["img", "script"]) is None
    sam = page.select_one("li#comment-comment_with_a_javascript_url")
    assert sam.select_one(".comment-author a") is None  # the address was dropped
    reply = page.select_one("li#comment-reply_to_a_name_with_markup .in-reply-to")
    assert reply.get_text() == f"in reply to {COMMENTER}"
    recent = site.html("comments/index.html")
    names = [span.get_text() for span in recent.select(".comment-author")]
    assert COMMENTER in names


def feed_texts(root):
    """Each text of a feed a reader shows as a title, name or category."""
    for element in root.iter():
        if element.tag in FEED_TEXT and element.text:
            yield element.tag, element.text
        if element.tag == f"{ATOM}category":
            yield "term", element.get("term")
    channel = root.find("channel")
    if channel is not None:  # RSS: the channel's description is the site's
        yield "description", channel.findtext("description")


def test_feed_texts_hold_no_markup_even_for_a_careless_reader(site):
    """Read as XML, then each title, name and category as HTML: no element."""
    paths = feeds(site)
    assert len(paths) == 16  # site, author, category, 3 tags, comments: Atom + RSS
    for path in paths:
        raw = path.read_bytes()
        assert not feedparser.parse(raw).bozo, path
        texts = list(feed_texts(ET.fromstring(raw)))
        assert texts, path
        for name, text in texts:
            assert BeautifulSoup(text, "html.parser").find(True) is None, (path, name)


def html_text(text):
    return BeautifulSoup(text, "html.parser").get_text()


@pytest.mark.parametrize("name", ["all.atom.xml", "author/ren.atom.xml"])
def test_atom_titles_are_html_and_read_exactly(site, name):
    root = ET.parse(site.output / "feeds" / name).getroot()
    entry = root.find(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type") == "html"
    assert html_text(title.text) == TITLE
    assert html_text(entry.findtext(f"{ATOM}author/{ATOM}name")) == AUTHOR
    terms = [html_text(c.get("term")) for c in entry.iter(f"{ATOM}category")]
    assert terms == [CATEGORY, *TAGS]


def test_rss_titles_read_exactly_as_html(site):
    item = ET.parse(site.output / "feeds" / "all.rss.xml").getroot().find(".//item")
    assert html_text(item.findtext("title")) == TITLE
    assert html_text(item.findtext(f"{DC}creator")) == AUTHOR
    assert [html_text(c.text) for c in item.iter("category")] == [CATEGORY, *TAGS]


@pytest.mark.parametrize(
    "name",
    [
        "comments.atom.xml",
        "comments.rss.xml",
        "comments/markup-in-every-field.atom.xml",
        "comments/markup-in-every-field.rss.xml",
    ],
)
def test_comment_feeds_name_the_commenter_exactly(site, name):
    root = ET.parse(site.output / "feeds" / name).getroot()
    entries = root.findall(f"{ATOM}entry") or root.findall(".//item")
    names = {
        html_text(e.findtext(f"{ATOM}author/{ATOM}name") or e.findtext(f"{DC}creator"))
        for e in entries
    }
    assert names == {COMMENTER, "Sam", "Ren Halloran", SOCIAL_COMMENTER}
    titles = {
        html_text(e.findtext(f"{ATOM}title") or e.findtext("title")) for e in entries
    }
    if name.startswith("comments/"):
        assert f"By: {COMMENTER}" in titles
    else:
        assert f"Comment on {TITLE} by {COMMENTER}" in titles


def test_pelicans_environment_escapes_by_default():
    """JINJA_ENVIRONMENT in pelicanconf.py reaches the Environment Pelican builds."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    generator = Generator({}, settings, settings["PATH"], settings["THEME"], "out")
    template = generator.env.from_string('<a title="{{ field }}">{{ field }}</a>')
    assert template.render(field='"><b>') == (
        '<a title="&#34;&gt;&lt;b&gt;">&#34;&gt;&lt;b&gt;</a>'
    )
