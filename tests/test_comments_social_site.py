"""A whole-site build of replies fetched from the social web: one thread for
every source, the counts, "Mentioned in", the links to reply, and hostile
values made inert. The replies are fetched from a 127.0.0.1 server first."""

from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from blogroll_server import FeedServer, loopback_only
from conftest import build_site, theme_own
from social_api import (
    CONTEXT,
    MENTIONS,
    RESOLVE,
    STATUS,
    THREAD,
    WRITER_DID,
    account,
    bsky_node,
    bsky_post,
    bsky_thread,
    context,
    hostile_sources,
    jf2,
    jf2_entry,
    json_route,
    root_status,
    status,
)

from pelicanconf import COMMENTS
from plugins.comments.importing import PostIndex
from plugins.comments.site import settings
from plugins.comments.social import Options, conversations, fetch_comments

PAGE = "2026/03/14/stairs-again/index.html"
TARGET = "https://journal.example/2026/03/14/stairs-again/"
INDEX = PostIndex.from_posts([("stairs-again", "2026/03/14/stairs-again/")])
BLUESKY = "https://bsky.app/profile/ren.bsky.social/post/3kroot"


def post_text(mastodon):
    return (
        "---\ntitle: Stairs again\ndate: 2026-03-14 10:00\nslug: stairs-again\n"
        f"mastodon: {mastodon}\nbluesky: {BLUESKY}\n---\nThe stairs.\n"
    )


def friendly_sources(server):
    server.routes[CONTEXT] = json_route(
        context(
            status("101", "100", "<p>From Mastodon</p>"),
            status("102", "101", "<p>A reply to it</p>", account("kit", "Kit")),
        )
    )
    server.routes[STATUS] = json_route(root_status("100", likes=4, boosts=2))
    server.routes[RESOLVE] = json_route({"did": WRITER_DID})
    thread = bsky_thread(
        "3kroot", bsky_node(bsky_post("3kone", "From Bluesky")), likes=3
    )
    server.routes[THREAD] = json_route(thread)
    server.routes[MENTIONS] = json_route(
        jf2(
            jf2_entry(1, "in-reply-to", TARGET),
            jf2_entry(2, "mention-of", TARGET, name="Their stairs post"),
        )
    )


def fetched_site(tmp, server):
    """Fetch every source into tmp's store, all auto-approved, then build."""
    comments = {
        **COMMENTS,
        "bluesky_api": server.base,
        "auto_approve": ["mastodon", "bluesky", "webmention"],
        "webmention_io": {
            "domain": "journal.example",
            "token": "t0ken",
            "api": server.url("/api"),
        },
    }
    config, problems = settings(comments)
    assert problems == []
    mastodon = server.url("/@ren/100")
    talks = conversations(
        [("stairs-again", {"mastodon": mastodon, "bluesky": BLUESKY})]
    )
    options = Options(tmp / "content" / "comments", tmp / "state", UTC, config)
    outcomes = fetch_comments(talks, options, index=INDEX)
    assert not any(outcome.failed for outcome in outcomes)
    post = tmp / "stairs.md"
    post.write_text(post_text(mastodon))
    return build_site(tmp, [post], COMMENTS=comments)


@pytest.fixture(scope="module")
def server():
    with pytest.MonkeyPatch.context() as monkeypatch:
        loopback_only(monkeypatch)
        with FeedServer() as running:
            yield running


@pytest.fixture(scope="module")
def site(tmp_path_factory, server):
    friendly_sources(server)
    return fetched_site(tmp_path_factory.mktemp("social-site"), server)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, server):
    hostile_sources(server, TARGET)
    return fetched_site(tmp_path_factory.mktemp("hostile-site"), server)


def test_every_source_is_in_one_thread_each_comment_marked(site):
    page = site.html(PAGE)
    assert page.select_one("#comments-heading").get_text() == (
        "4 comments on “Stairs again”"
    )
    (thread,) = page.select("ol.comment-list")
    marks = sorted(s.get_text() for s in thread.select(".comment-source"))
    assert marks == [
        "via Bluesky",
        "via Mastodon",
        "via Mastodon",
        "via a webmention",
    ]
    nested = thread.select("li.comment li.comment")
    assert [li.select_one(".comment-body").get_text() for li in nested] == [
        "A reply to it"
    ]
    via = thread.select_one(".comment-source a[href$='/@sam/101']")
    assert via["rel"] == ["nofollow", "ugc"]


def test_the_counts_and_the_mentions_are_shown(site):
    page = site.html(PAGE)
    assert page.select_one(".reactions").get_text() == (
        "4 likes and 2 boosts on Mastodon, 3 likes on Bluesky"
    )
    (mention,) = page.select(".mention-list a")
    assert mention.get_text() == "Their stairs post"
    assert mention["href"] == "https://blog.example/2/"


def test_readers_can_reply_where_the_conversation_is(site, server):
    page = site.html(PAGE)
    links = {a.get_text(): a for a in page.select(".reply-elsewhere a")}
    assert links["Reply on Mastodon"]["href"] == server.url("/@ren/100")
    assert links["Reply on Bluesky"]["href"] == BLUESKY
    assert all(a["rel"] == ["nofollow", "ugc"] for a in links.values())


def test_each_comment_offers_a_reply_by_email_naming_it(site):
    page = site.html(PAGE)
    for item in page.select("li.comment"):
        href = item.select_one(":scope > article .comment-reply a")["href"]
        parts = urlsplit(href)
        assert parts.scheme == "mailto"
        (subject,) = parse_qs(parts.query)["subject"]
        comment_id = item["id"].removeprefix("comment-")
        assert subject == f"Comment on stairs-again, reply to {comment_id}"


def test_pages_name_the_webmention_endpoint(site, server):
    for page in (site.html(PAGE), site.html("index.html")):
        link = page.select_one("head link[rel=webmention]")
        assert link["href"] == server.url("/journal.example/webmention")


def test_no_remote_image_or_script_is_loaded(site):
    page = site.html(PAGE)
    for section in page.select("section.comments, section.mentions"):
        assert section.find(["img", "script", "iframe", "picture", "video"]) is None
        for link in section.select("a[href^=http]"):
            assert link["rel"] == ["nofollow", "ugc"]


def test_hostile_values_are_inert_on_the_page(hostile_site):
    page = hostile_site.html(PAGE)
    comments = page.select("li.comment")
    assert len(comments) == 3
    for tag in page.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        assert tag.name not in ("script", "img") or theme_own(tag), tag
        for name in ("href", "src"):
            assert not tag.get(name, "").lower().startswith("javascript:"), tag
    for item in comments:  # names are text, whatever markup they came with
        name = item.select_one(".comment-author")
        assert [tag.name for tag in name.find_all(True)] in ([], ["a"])
        assert "alert" not in name.get_text()
    assert hostile_site.errors == []


def test_the_post_comment_feed_carries_every_source(site):
    feed = feedparser.parse(
        (site.output / "feeds" / "comments" / "stairs-again.atom.xml").read_bytes()
    )
    bodies = sorted(entry.content[0].value for entry in feed.entries)
    assert bodies == [
        "<p>A reply to it</p>",
        "<p>A reply</p>",
        "<p>From Bluesky</p>",
        "<p>From Mastodon</p>",
    ]
