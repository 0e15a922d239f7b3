"""Whole-site builds with imported comments: threads, counts, feeds, safety."""

import re
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_site, theme_own

from plugins.comments.import_mbox import _post
from plugins.comments.importer import import_comments
from plugins.comments.importing import PostIndex

COMMENTS = FIXTURES / "comments"
POSTS = sorted((COMMENTS / "posts").glob("*.md"))
INDEX = PostIndex.from_posts(
    [
        ("stairs-again", "2026/03/14/stairs-again/"),
        ("cold-floors", "2026/02/24/cold-floors/"),
    ]
)
STAIRS = "2026/03/14/stairs-again/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
SLASH = "{http://purl.org/rss/1.0/modules/slash/}"
WFW = "{http://wellformedweb.org/CommentAPI/}"
DOMAIN = "http://127.0.0.1:8000/"
WRITER_ADDRESS = "comments@beats-per-minute.example.org"
EMAIL = re.compile(r"[\w.+-]+(?:@|%40|&#64;)[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Every importer's fixtures imported with emails kept, plus one orphan."""
    tmp = tmp_path_factory.mktemp("comments-site")
    store = tmp / "content" / "comments"
    for name in (
        "wxr_nested_replies.xml",
        "feed_atom_threaded.xml",
        "feed_rss_wordpress.xml",
        "mbox_replies.mbox",
    ):
        import_comments(
            str(COMMENTS / name), store, INDEX, ZoneInfo("UTC"), with_email=True
        )
    shutil.copy(
        COMMENTS / "store" / "stairs-again" / "c-orphan.md", store / "stairs-again"
    )
    return build_site(tmp, POSTS)


def comment_item(page, comment_id):
    return page.select_one(f"li#comment-{comment_id}")


def test_the_heading_counts_only_approved_comments(site):
    page = site.html(STAIRS)
    # 7 approved from the export, 3 more from the Atom feed, 1 orphan file.
    assert page.select_one("#comments-heading").get_text() == (
        "11 comments on “Stairs again”"
    )
    assert len(page.select("li.comment")) == 11
    assert page.select_one("#comment-wp-7") is None  # pending


def test_replies_nest_to_the_display_depth_then_name_their_parent(site):
    page = site.html(STAIRS)
    levels = {
        f"wp-{n}": len(comment_item(page, f"wp-{n}").find_parents("li"))
        for n in range(1, 7)
    }
    assert levels == {"wp-1": 0, "wp-2": 1, "wp-3": 2, "wp-4": 3, "wp-5": 4, "wp-6": 4}
    six = comment_item(page, "wp-6").select_one(".in-reply-to")
    assert six.get_text() == "in reply to Carol Ng"
    assert comment_item(page, "wp-5").select_one(".in-reply-to") is None


def test_threads_from_a_feed_join_the_export_threads(site):
    page = site.html(STAIRS)
    iris = next(
        li
        for li in page.select("li.comment")
        if li.select_one(".comment-author").get_text() == "Iris"
    )
    assert iris.find_parent("li")["id"] == "comment-wp-1"
    jon = iris.select_one(":scope > .comment-children .comment-author").get_text()
    assert jon == "Jon"


def test_every_comment_has_a_permalink_and_the_writer_is_marked(site):
    page = site.html(STAIRS)
    for item in page.select("li.comment"):
        link = item.select_one(".comment-permalink")
        assert link["href"] == "#" + item["id"]
    writer = comment_item(page, "wp-2")
    assert "by-writer" in writer["class"]
    assert writer.select_one(".writer-badge").get_text() == "(journal author)"
    assert (
        comment_item(page, "wp-1").select_one(":scope > .comment-card .writer-badge")
        is None
    )


def test_orphans_are_shown_at_the_top_and_warned_about(site):
    page = site.html(STAIRS)
    assert comment_item(page, "c-orphan").find_parent("li") is None
    warnings = [m for level, m in site.errors if "c-orphan.md" in m]
    assert warnings
    assert "shown at the top level" in warnings[0]


def test_reply_by_email_names_the_post_so_the_importer_finds_it(site):
    link = site.html(STAIRS).select_one(".reply-by-email a")
    address, _, query = link["href"].removeprefix("mailto:").partition("?subject=")
    assert address == WRITER_ADDRESS
    assert _post("Re: " + unquote(query), INDEX) == "stairs-again"


def test_summaries_count_comments_and_a_page_lists_recent_ones(site):
    index = site.html("index.html")
    counts = {
        a["href"].split("/")[-2]: a.get_text(" ", strip=True)
        for a in index.select(".comment-count a")
    }
    assert counts == {
        "stairs-again": "11 comments on “Stairs again”",
        "cold-floors": "4 comments on “Cold floors”",
    }
    link = index.select_one(".recent-comments-link a")
    assert link["href"] == "./comments/"
    page = site.html("comments/index.html")
    recent = page.select(".recent-comments > li")
    assert len(recent) == 15  # every published comment: fewer than 20
    times = [li.select_one("time")["datetime"] for li in recent]
    assert times == sorted(times, reverse=True)
    first = recent[0].select_one(".comment-meta a")
    assert first["href"].startswith("../2026/03/14/stairs-again/#comment-feed-")
    assert first.get_text() == "Stairs again"


def test_comment_bodies_and_names_are_inert(site):
    for path in site.files():
        if path.suffix not in (".html", ".xml"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":  # feeds carry HTML as escaped text
            text = " ".join(
                node.text or "" for node in ET.fromstring(text).iter() if node.text
            )
        soup = BeautifulSoup(text, "html.parser")
        found = soup.select("script, iframe, style, img")
        assert [tag for tag in found if not theme_own(tag)] == [], path
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], path
            for name in ("href", "src"):
                value = "".join(str(tag.get(name, "")).split()).lower()
                assert not value.startswith("javascript:"), path
    links = site.html(STAIRS).select(".comment-body a[href]")
    assert links
    assert {tuple(a["rel"]) for a in links} == {("nofollow", "ugc")}


def test_no_email_address_and_nothing_unpublished_reaches_the_output(site):
    for path in site.files():
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {unquote(m).replace("&#64;", "@") for m in EMAIL.findall(text)}
        assert found <= {WRITER_ADDRESS}, path
        assert "PENDING-CANARY" not in text and "SPAM-CANARY" not in text, path
        assert "banister" not in text  # an emailed reply, still pending


def parse_feed(site, relative):
    raw = (site.output / relative).read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed, ET.fromstring(raw)


def test_a_post_comment_feed_is_valid_and_keeps_the_threading(site):
    parsed, root = parse_feed(site, "feeds/comments/stairs-again.atom.xml")
    assert parsed.feed.title == "Comments on: Stairs again"
    assert len(parsed.entries) == 11
    parents = {
        entry.findtext(f"{ATOM}id"): entry.find(f"{THR}in-reply-to").get("ref")
        for entry in root.iter(f"{ATOM}entry")
    }
    post = DOMAIN + "2026/03/14/stairs-again/"
    assert parents[post + "#comment-wp-1"] == post
    assert parents[post + "#comment-wp-6"] == post + "#comment-wp-5"
    assert all(ref == post or ref in parents for ref in parents.values())
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("title", "id", "updated", "author", "link"):
            assert entry.find(f"{ATOM}{name}") is not None


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("feeds/comments/stairs-again.rss.xml", 11),
        ("feeds/comments/cold-floors.rss.xml", 4),
        ("feeds/comments.atom.xml", 15),
        ("feeds/comments.rss.xml", 15),
    ],
)
def test_comment_feeds_are_valid(site, path, count):
    parsed, root = parse_feed(site, path)
    assert len(parsed.entries) == count
    if root.tag == "rss":
        channel = root.find("channel")
        assert all(channel.findtext(name) for name in ("title", "link", "description"))
        for item in channel.iter("item"):
            for name in ("title", "link", "guid", "pubDate", "description"):
                assert item.findtext(name), name
    else:
        assert all(root.find(f"{ATOM}{name}") is not None for name in ("id", "updated"))
        for entry in root.iter(f"{ATOM}entry"):
            assert entry.find(f"{THR}in-reply-to").get("ref")
    assert all(entry.link.startswith(DOMAIN) for entry in parsed.entries)
    assert all(entry.get("published_parsed") for entry in parsed.entries)


def test_main_feed_entries_carry_their_comment_count_and_feed(site):
    parsed, root = parse_feed(site, "feeds/all.rss.xml")
    items = {item.findtext("title"): item for item in root.iter("item")}
    stairs = items["Stairs again"]
    assert stairs.findtext(f"{SLASH}comments") == "11"
    assert stairs.findtext(f"{WFW}commentRss") == (
        DOMAIN + "feeds/comments/stairs-again.rss.xml"
    )
    assert [e.slash_comments for e in parsed.entries if e.title == "Stairs again"]
    parsed, root = parse_feed(site, "feeds/all.atom.xml")
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    replies = entries["Cold floors"].find(f"{ATOM}link[@rel='replies']")
    assert replies.get(f"{THR}count") == "4"
    assert replies.get("href") == DOMAIN + "feeds/comments/cold-floors.atom.xml"


def test_posts_without_comments_carry_no_comment_elements(tmp_path):
    site = build_site(tmp_path, POSTS)
    _parsed, root = parse_feed(site, "feeds/all.rss.xml")
    assert root.find(f".//{SLASH}comments") is None
    page = site.html(STAIRS)
    assert page.select_one("#comments-heading").get_text() == "Comments"
    assert not (site.output / "feeds" / "comments").exists()
    assert site.errors == []


def test_every_page_links_its_comment_feeds(site):
    for relative, expected in (
        ("index.html", {"feeds/comments.atom.xml", "feeds/comments.rss.xml"}),
        (
            STAIRS,
            {
                "feeds/comments.atom.xml",
                "feeds/comments.rss.xml",
                "feeds/comments/stairs-again.atom.xml",
                "feeds/comments/stairs-again.rss.xml",
            },
        ),
    ):
        links = {  # relative in development: they follow the port that serves
            urljoin(DOMAIN + relative, link["href"]).removeprefix(DOMAIN)
            for link in site.html(relative).select("head link[rel=alternate]")
        }
        assert expected <= links
        assert all((site.output / path).is_file() for path in links)


def test_bad_settings_are_reported_one_by_one(tmp_path):
    site = build_site(
        tmp_path, POSTS, COMMENTS={"display_depth": 0, "colour": "red", "email": "x"}
    )
    messages = [m for level, m in site.errors if level == "ERROR"]
    assert messages == [
        "comments: COMMENTS setting: display_depth must be a whole number >= 1, got 0",
        "comments: COMMENTS setting: email must be one plain address, got 'x'",
        "comments: COMMENTS setting: unknown setting 'colour'",
    ]


@pytest.mark.parametrize("name", ["draft_article.md", "article_marked_private.md"])
def test_comments_on_a_private_post_are_never_published(tmp_path, name):
    post = FIXTURES / "privacy" / name
    slug = post.read_text().split("title: ", 1)[1].split("\n", 1)[0].lower()
    folder = tmp_path / "content" / "comments" / slug
    folder.mkdir(parents=True)
    (folder / "c1.md").write_text(
        '---\nid: c1\nauthor: "CANARY-COMMENTER-71aa"\ndate: 2026-05-11 10:00\n'
        "status: approved\nsource: file\n---\nCANARY-COMMENT-BODY-5e0c\n"
    )
    site = build_site(tmp_path, [*POSTS, post])
    for path in site.files():
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "CANARY-COMMENT" not in text, path
    assert any(slug in message for _level, message in site.errors)


def test_the_sample_journal_shows_its_comments(sample_site):
    page = sample_site.html("2026/02/03/counting/index.html")
    assert page.select_one("#comments-heading").get_text() == (
        "3 comments on “Counting”"
    )
    nested = page.select("li.comment li.comment li.comment .comment-author")
    assert [a.get_text() for a in nested] == ["Tom"]
