"""Fetching replies from the social web into the store (plugins/comments/social.py).

Every source is a real HTTP server on 127.0.0.1 answering JSON shaped like
the real API (tests/social_api.py): Mastodon's context and status, Bluesky's
getPostThread and resolveHandle, webmention.io's paged jf2.
"""

import json
import time
from datetime import UTC

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from bs4 import BeautifulSoup
from social_api import (
    CONTEXT,
    MENTIONS,
    RESOLVE,
    SAM_DID,
    STATUS,
    THREAD,
    WRITER_DID,
    account,
    bsky_gone,
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

from plugins.comments import webmention
from plugins.comments.bluesky import Resolver
from plugins.comments.importing import PostIndex
from plugins.comments.reactions import load_reactions, reactions_text
from plugins.comments.site import settings
from plugins.comments.social import LIMITS, Options, conversations, fetch_comments
from plugins.comments.store import approve, read_store
from plugins.common.http import FetchError

POST = "stairs-again"


@pytest.fixture
def server(monkeypatch):
    loopback_only(monkeypatch)
    with FeedServer() as running:
        yield running


class Journal:
    """A comment store and a fetch state folder, fetched into from ``server``."""

    def __init__(self, root, server):
        self.store = root / "comments"
        self.state = root / "state"
        self.server = server

    def fetch(self, deadline=20, index=None, with_bluesky=True, **config):
        merged, problems = settings({"bluesky_api": self.server.base, **config})
        assert problems == []
        posts = [(POST, {"mastodon": self.server.url("/@ren/100")})]
        if with_bluesky:
            posts[0][1]["bluesky"] = (
                "https://bsky.app/profile/ren.bsky.social/post/3kroot"
            )
        options = Options(self.store, self.state, UTC, merged, deadline=deadline)
        return fetch_comments(conversations(posts), options, index=index)

    def comments(self):
        comments, problems = read_store(self.store, UTC)
        assert problems == []
        return {comment.id: comment for comment in comments}

    def files(self):
        return {p: p.read_bytes() for p in sorted(self.store.rglob("*.md"))}


@pytest.fixture
def journal(tmp_path, server):
    return Journal(tmp_path, server)


def serve_mastodon(server, *replies, likes=0, boosts=0, etag='"v1"'):
    server.routes[CONTEXT] = json_route(context(*replies), etag=etag)
    server.routes[STATUS] = json_route(root_status("100", likes, boosts), etag=etag)


def serve_bluesky(server, *replies, **counts):
    server.routes[RESOLVE] = json_route({"did": WRITER_DID})
    server.routes[THREAD] = json_route(bsky_thread("3kroot", *replies, **counts))


def by_source(comments, source):
    return {c.id: c for c in comments.values() if c.source == source}


def outcome_of(outcomes, source):
    return next(o for o in outcomes if o.source == source)


# ---- Mastodon -----------------------------------------------------------------


def test_mastodon_replies_are_stored_threaded_and_pending(journal, server):
    serve_mastodon(
        server,
        status("101", "100", "<p>First!</p>"),
        status("102", "101", "<p>A reply to the reply</p>", account("kit", "Kit")),
        status("103", "102", "<p>Deeper</p>"),
        likes=4,
        boosts=2,
    )
    outcomes = journal.fetch(with_bluesky=False)
    assert outcome_of(outcomes, "mastodon").message == "3 new, 0 updated, 0 removed"
    found = journal.comments()
    by_status = {c.source_url.rsplit("/", 1)[-1]: c for c in found.values()}
    first, second, third = by_status["101"], by_status["102"], by_status["103"]
    assert (first.replyto, second.replyto, third.replyto) == (None, first.id, second.id)
    assert {c.status for c in found.values()} == {"pending"}
    assert {c.source for c in found.values()} == {"mastodon"}
    assert first.author == "Sam Reed"
    assert first.url == "https://social.example/@sam"
    assert first.source_url == "https://social.example/@sam/101"
    assert second.body == "<p>A reply to the reply</p>"
    assert second.post == POST and second.format == "html"
    reactions, _problems = load_reactions(journal.store)
    assert reactions == {POST: {"mastodon": {"likes": 4, "boosts": 2}}}


def test_the_same_reply_twice_is_stored_once(journal, server):
    reply = status("101", "100", "<p>Once</p>")
    serve_mastodon(server, reply, reply)
    journal.fetch(with_bluesky=False)
    assert len(journal.comments()) == 1


def test_a_reply_to_a_reply_that_is_not_there_is_stored_at_the_top(journal, server):
    serve_mastodon(server, status("105", "104", "<p>Orphan</p>"))
    journal.fetch(with_bluesky=False)
    (orphan,) = journal.comments().values()
    assert orphan.replyto is None


def test_a_reply_edited_at_its_source_is_updated_keeping_its_approval(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Teh typo</p>"))
    journal.fetch(with_bluesky=False, auto_approve=["mastodon"])
    (reply,) = journal.comments().values()
    assert reply.status == "approved"
    serve_mastodon(server, status("101", "100", "<p>The typo, fixed</p>"), etag='"v2"')
    outcomes = journal.fetch(with_bluesky=False, auto_approve=["mastodon"])
    assert outcome_of(outcomes, "mastodon").message == "0 new, 1 updated, 0 removed"
    (edited,) = journal.comments().values()
    assert (edited.id, edited.body, edited.status) == (
        reply.id,
        "<p>The typo, fixed</p>",
        "approved",
    )


def test_an_approved_reply_edited_at_its_source_waits_again(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Kind words</p>"))
    journal.fetch(with_bluesky=False)
    (reply,) = journal.comments().values()
    approve(journal.store, reply.id, UTC)
    serve_mastodon(server, status("101", "100", "<p>Spam now</p>"), etag='"v2"')
    journal.fetch(with_bluesky=False)
    assert journal.comments()[reply.id].status == "pending"


def test_approving_a_fetched_reply_does_not_stop_its_updates(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Hello</p>"))
    journal.fetch(with_bluesky=False)
    (reply,) = journal.comments().values()
    approve(journal.store, reply.id, UTC)
    serve_mastodon(server, etag='"v2"')  # deleted at the source
    journal.fetch(with_bluesky=False)
    assert journal.comments() == {}


def test_a_reply_deleted_at_its_source_is_removed(journal, server):
    serve_mastodon(
        server,
        status("101", "100", "<p>Stays</p>"),
        status("102", "100", "<p>Goes</p>"),
    )
    journal.fetch(with_bluesky=False)
    serve_mastodon(server, status("101", "100", "<p>Stays</p>"), etag='"v2"')
    outcomes = journal.fetch(with_bluesky=False)
    assert outcome_of(outcomes, "mastodon").message == "0 new, 0 updated, 1 removed"
    (kept,) = journal.comments().values()
    assert kept.body == "<p>Stays</p>"


def test_a_root_post_deleted_or_private_removes_its_replies(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Hi</p>"), likes=3)
    journal.fetch(with_bluesky=False)
    server.routes[CONTEXT] = Route(status=404, body=b'{"error":"Record not found"}')
    outcomes = journal.fetch(with_bluesky=False)
    outcome = outcome_of(outcomes, "mastodon")
    assert not outcome.failed
    assert outcome.message.startswith("the post answers 404")
    assert journal.comments() == {}
    assert load_reactions(journal.store)[0] == {}


def test_a_file_edited_by_hand_is_never_overwritten_or_removed(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Original</p>"))
    journal.fetch(with_bluesky=False)
    (path,) = journal.files()
    path.write_text(path.read_text().replace("Original", "Edited by hand"))
    edited = path.read_bytes()
    serve_mastodon(server, status("101", "100", "<p>Changed there</p>"), etag='"v2"')
    outcomes = journal.fetch(with_bluesky=False)
    assert "1 kept (edited by hand" in outcome_of(outcomes, "mastodon").message
    assert path.read_bytes() == edited
    serve_mastodon(server, etag='"v3"')  # and deleted there
    journal.fetch(with_bluesky=False)
    assert path.read_bytes() == edited


def test_blocked_accounts_and_domains_are_never_stored(journal, server):
    serve_mastodon(
        server,
        status("101", "100", "<p>Fine</p>"),
        status("102", "100", "<p>Troll</p>", account("troll@bad.example", "T")),
        status("103", "100", "<p>Spam</p>", account("x", "X", host="spam.example")),
    )
    outcomes = journal.fetch(
        with_bluesky=False, blocked=["@troll@bad.example", "spam.example"]
    )
    assert "2 left out (2 blocked)" in outcome_of(outcomes, "mastodon").message
    (kept,) = journal.comments().values()
    assert kept.author == "Sam Reed"


def test_an_account_blocked_later_has_its_stored_replies_removed(journal, server):
    serve_mastodon(
        server, status("102", "100", "<p>Troll</p>", account("t@social.example", "T"))
    )
    journal.fetch(with_bluesky=False)
    assert len(journal.comments()) == 1
    journal.fetch(with_bluesky=False, blocked=["t@social.example"])  # not modified
    assert journal.comments() == {}


def test_a_second_fetch_of_nothing_new_reads_no_bodies(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Hi</p>"))
    journal.fetch(with_bluesky=False)
    before = journal.files()
    sent = len(server.requests)
    outcomes = journal.fetch(with_bluesky=False)
    outcome = outcome_of(outcomes, "mastodon")
    assert outcome.message.startswith("not modified")
    assert outcome.body_bytes == 0
    again = server.requests[sent:]
    assert [seen.status for seen in again] == [304, 304]
    assert all(seen.headers.get("if-none-match") == '"v1"' for seen in again)
    assert journal.files() == before


def test_private_and_direct_replies_are_left_out(journal, server):
    serve_mastodon(
        server,
        status("101", "100", "<p>Only followers</p>", visibility="private"),
        status("102", "100", "<p>Direct</p>", visibility="direct"),
    )
    outcomes = journal.fetch(with_bluesky=False)
    assert "2 left out (2 not public)" in outcome_of(outcomes, "mastodon").message
    assert journal.comments() == {}


def test_a_content_warning_folds_the_reply(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Details</p>", spoiler_text="med"))
    journal.fetch(with_bluesky=False)
    (reply,) = journal.comments().values()
    assert reply.body == "<details><summary>med</summary><p>Details</p></details>"


def test_the_writers_own_reply_is_approved_and_marked(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Thanks</p>", account("ren", "Ren")))
    journal.fetch(with_bluesky=False)
    (reply,) = journal.comments().values()
    assert (reply.status, reply.author_is_writer) == ("approved", True)


# ---- Failures: every stored reply stays -----------------------------------------


@pytest.fixture
def stored(journal, server):
    """One Mastodon reply already stored; the files as they were."""
    serve_mastodon(server, status("101", "100", "<p>Stored</p>"))
    journal.fetch(with_bluesky=False)
    return journal.files()


def fail_with(server, route):
    server.routes[CONTEXT] = route


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (json_route(b'{"descendants": [', etag='"v2"'), "not JSON"),
        (json_route(b"[1, 2]", etag='"v2"'), "not a Mastodon context"),
        (json_route(b"[" * 100_000, etag='"v2"'), "not JSON"),
        (Route(status=500, body=b"oops"), "HTTP 500"),
        (Route(behaviour="huge", content_type="application/json"), "over"),
        (Route(behaviour="limited", retry_after="3600", limited=99), "429"),
    ],
    ids=["malformed", "wrong shape", "too deep", "500", "50 MB", "429 too long"],
)
def test_a_failing_source_keeps_every_stored_reply(
    journal, server, stored, route, reason
):
    fail_with(server, route)
    outcomes = journal.fetch(with_bluesky=False)
    outcome = outcome_of(outcomes, "mastodon")
    assert outcome.failed
    assert reason in outcome.message and "stored replies kept" in outcome.message
    assert journal.files() == stored


def test_a_50_mb_answer_is_not_read_to_its_end(journal, server, stored):
    fail_with(server, Route(behaviour="huge", content_type="application/json"))
    journal.fetch(with_bluesky=False)
    (seen,) = [s for s in server.seen(CONTEXT) if s.status == 0]
    assert seen.body_bytes < 50 << 20


def test_a_hanging_server_is_given_up_at_the_deadline(journal, server, stored):
    fail_with(server, Route(behaviour="hang"))
    outcomes = journal.fetch(deadline=1, with_bluesky=False)
    outcome = outcome_of(outcomes, "mastodon")
    assert outcome.failed and "stored replies kept" in outcome.message
    assert journal.files() == stored


def test_a_429_with_a_short_retry_after_is_waited_out(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Hi</p>"))
    route = server.routes[CONTEXT]
    server.routes[CONTEXT] = Route(
        body=route.body,
        content_type="application/json",
        behaviour="limited",
        retry_after="0",
    )
    outcomes = journal.fetch(with_bluesky=False)
    assert not outcome_of(outcomes, "mastodon").failed
    assert len(journal.comments()) == 1


# ---- Bluesky ------------------------------------------------------------------


def test_bluesky_replies_are_stored_nested_with_their_links(journal, server):
    text = "See example.org and @kit.bsky.social"
    facets = [
        {
            "index": {"byteStart": 4, "byteEnd": 15},
            "features": [
                {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/"}
            ],
        },
        {
            "index": {"byteStart": 20, "byteEnd": 36},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": SAM_DID}],
        },
    ]
    serve_bluesky(
        server,
        bsky_node(
            bsky_post("3kone", text, facets=facets),
            bsky_node(bsky_post("3ktwo", "Nested\n\nTwo paragraphs")),
        ),
        bsky_gone("at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3kx"),
        likes=3,
        reposts=1,
    )
    outcomes = journal.fetch()
    assert "2 new" in outcome_of(outcomes, "bluesky").message
    found = by_source(journal.comments(), "bluesky")
    one, two = sorted(found.values(), key=lambda c: c.source_url)
    assert one.source_url == "https://bsky.app/profile/sam.bsky.social/post/3kone"
    assert one.url == "https://bsky.app/profile/sam.bsky.social"
    assert two.replyto == one.id and one.replyto is None
    links = BeautifulSoup(one.body, "html.parser").find_all("a")
    assert [(a["href"], a.text) for a in links] == [
        ("https://example.org/", "example.org"),
        (f"https://bsky.app/profile/{SAM_DID}", "@kit.bsky.social"),
    ]
    assert two.body == "<p>Nested</p><p>Two paragraphs</p>"
    assert load_reactions(journal.store)[0][POST]["bluesky"] == {
        "likes": 3,
        "reposts": 1,
    }


def test_a_bluesky_handle_is_resolved_once_and_its_did_kept(journal, server):
    serve_bluesky(server)
    journal.fetch()
    journal.fetch()
    resolved = [s for s in server.requests if s.path.startswith(RESOLVE)]
    assert len(resolved) == 1
    asked = [s.path for s in server.requests if s.path.startswith(THREAD)]
    assert all(WRITER_DID.replace(":", "%3A") in path for path in asked)


def test_a_handle_that_cannot_be_resolved_is_asked_once(server):
    server.routes[RESOLVE] = Route(status=500, body=b"down")
    resolver = Resolver(server.base)
    fetching = (LIMITS, time.monotonic() + 10)
    for _ in range(2):
        with pytest.raises(FetchError, match="HTTP 500"):
            resolver.did("ren.bsky.social", fetching)
    assert len([s for s in server.requests if s.path.startswith(RESOLVE)]) == 1


def test_a_deleted_bluesky_post_removes_its_replies(journal, server):
    serve_bluesky(server, bsky_node(bsky_post("3kone", "Hello")))
    journal.fetch()
    assert by_source(journal.comments(), "bluesky")
    server.routes[THREAD] = Route(
        status=400,
        content_type="application/json",
        body=b'{"error":"NotFound","message":"Post not found: at://..."}',
    )
    outcomes = journal.fetch()
    assert not outcome_of(outcomes, "bluesky").failed
    assert by_source(journal.comments(), "bluesky") == {}


def test_a_bluesky_reply_deleted_there_is_removed(journal, server):
    serve_bluesky(
        server, bsky_node(bsky_post("3kone", "One")), bsky_node(bsky_post("3ktwo", "2"))
    )
    journal.fetch()
    server.routes[THREAD] = json_route(
        bsky_thread("3kroot", bsky_node(bsky_post("3kone", "One"))), etag='"v2"'
    )
    journal.fetch()
    assert [c.body for c in by_source(journal.comments(), "bluesky").values()] == [
        "<p>One</p>"
    ]


def test_a_blocked_bluesky_handle_is_never_stored(journal, server):
    serve_bluesky(server, bsky_node(bsky_post("3kone", "Hi", handle="t.bad.example")))
    outcomes = journal.fetch(blocked=["bad.example"])
    assert "1 left out (1 blocked)" in outcome_of(outcomes, "bluesky").message


def test_one_failing_source_does_not_stop_another(journal, server):
    serve_mastodon(server, status("101", "100", "<p>Hi</p>"))
    server.routes[RESOLVE] = json_route({"did": WRITER_DID})
    server.routes[THREAD] = Route(behaviour="reset")
    outcomes = journal.fetch()
    assert outcome_of(outcomes, "bluesky").failed
    assert not outcome_of(outcomes, "mastodon").failed
    assert len(journal.comments()) == 1


# ---- Webmention.io ----------------------------------------------------------------


INDEX = PostIndex.from_posts([(POST, "2026/03/14/stairs-again/"), ("other", "other/")])
TARGET = "https://journal.example/2026/03/14/stairs-again/"


def webmention_io(server):
    return {"domain": "journal.example", "token": "s3cret", "api": server.url("/api")}


def test_webmentions_are_paged_sorted_and_counted(journal, server, monkeypatch):
    monkeypatch.setattr(webmention, "PER_PAGE", 2)
    pages = [
        [jf2_entry(1, "in-reply-to", TARGET), jf2_entry(2, "like-of", TARGET)],
        [jf2_entry(3, "mention-of", TARGET), jf2_entry(4, "like-of", TARGET)],
        [
            jf2_entry(5, "repost-of", TARGET),
            jf2_entry(2, "like-of", TARGET),  # the same one again
        ],
        [jf2_entry(6, "in-reply-to", "https://elsewhere.example/x/")],
    ]
    for number, entries in enumerate(pages):
        query = f"?domain=journal.example&token=s3cret&per-page=2&page={number}"
        server.routes[MENTIONS + query] = json_route(jf2(*entries))
    outcomes = journal.fetch(index=INDEX, webmention_io=webmention_io(server))
    message = outcome_of(outcomes, "webmention").message
    assert message.startswith("2 new")
    assert "1 not this site" in message and "1 seen twice" in message
    found = by_source(journal.comments(), "webmention")
    assert {c.id: c.kind for c in found.values()} == {
        "webmention-1": "comment",
        "webmention-3": "mention",
    }
    assert found["webmention-3"].title == "Their post"
    assert found["webmention-3"].url == "https://blog.example/3/"
    reactions = load_reactions(journal.store)[0]
    assert reactions[POST]["webmention"] == {"likes": 2, "reposts": 1}


def test_the_webmention_token_is_never_kept_or_shown(journal, server):
    server.routes[MENTIONS] = Route(status=403, body=b"bad token s3cret")
    outcomes = journal.fetch(index=INDEX, webmention_io=webmention_io(server))
    outcome = outcome_of(outcomes, "webmention")
    assert outcome.failed and "s3cret" not in outcome.message
    kept = "".join(p.read_text() for p in journal.state.iterdir())
    assert "s3cret" not in kept


def test_a_webmention_deleted_at_webmention_io_is_removed(journal, server):
    settings_ = webmention_io(server)
    server.routes[MENTIONS] = json_route(
        jf2(jf2_entry(1, "in-reply-to", TARGET), jf2_entry(2, "in-reply-to", TARGET))
    )
    journal.fetch(index=INDEX, webmention_io=settings_)
    server.routes[MENTIONS] = json_route(
        jf2(jf2_entry(1, "in-reply-to", TARGET)), etag='"v2"'
    )
    journal.fetch(index=INDEX, webmention_io=settings_)
    assert list(by_source(journal.comments(), "webmention")) == ["webmention-1"]


def test_private_webmentions_are_never_kept(journal, server):
    server.routes[MENTIONS] = json_route(
        jf2(jf2_entry(1, "in-reply-to", TARGET, **{"wm-private": True}))
    )
    journal.fetch(index=INDEX, webmention_io=webmention_io(server))
    assert journal.comments() == {}


# ---- Hostile answers --------------------------------------------------------------


def test_hostile_values_in_every_remote_field_are_made_harmless(journal, server):
    hostile_sources(server, webmention_target=TARGET)
    journal.fetch(index=INDEX, webmention_io=webmention_io(server))
    found = journal.comments()
    assert {c.source for c in found.values()} == {"mastodon", "bluesky", "webmention"}
    for comment in found.values():
        body = BeautifulSoup(comment.body, "html.parser")
        assert body.find(["script", "img", "style", "iframe"]) is None
        assert all(
            not name.startswith("on") and name != "style"
            for tag in body.find_all(True)
            for name in tag.attrs
        )
        assert all(a["href"].startswith("https://") for a in body.find_all("a"))
        for address in (comment.url, comment.source_url):
            assert address is None or address.startswith("https://")
    text = "".join(p.read_text() for p in journal.store.rglob("*.md"))
    assert "javascript:" not in text.lower()
    assert "<script" not in text


def test_the_state_of_a_source_is_json_and_an_unreadable_one_starts_afresh(
    journal, server
):
    serve_mastodon(server, status("101", "100", "<p>Hi</p>"))
    journal.fetch(with_bluesky=False)
    (state,) = journal.state.glob("mastodon-*.json")
    assert json.loads(state.read_text())["replies"][0]["author"] == "Sam Reed"
    state.write_text("{not json")
    journal.fetch(with_bluesky=False)
    assert state.with_suffix(".json.unreadable").exists()
    assert len(journal.comments()) == 1


def test_the_counts_line_names_every_source():
    reactions = {
        "mastodon": {"likes": 4, "boosts": 2},
        "bluesky": {"likes": 3},
        "webmention": {"reposts": 1},
    }
    assert reactions_text(reactions) == (
        "4 likes and 2 boosts on Mastodon, 3 likes on Bluesky, 1 repost on the web"
    )
    assert reactions_text({}) == ""


def test_a_reply_to_a_reply_the_store_refuses_is_stored_at_the_top(journal, server):
    huge = "<p>" + "€" * 90_000 + "</p>"  # under the characters' cap, over 256 KB
    serve_mastodon(
        server, status("101", "100", huge), status("102", "101", "<p>Under it</p>")
    )
    outcomes = journal.fetch(with_bluesky=False)
    assert "1 left out (1 too long)" in outcome_of(outcomes, "mastodon").message
    (reply,) = journal.comments().values()
    assert (reply.body, reply.replyto) == ("<p>Under it</p>", None)


def test_a_webmention_now_about_another_post_moves_unless_edited(journal, server):
    other = "https://journal.example/other/"
    settings_ = webmention_io(server)
    server.routes[MENTIONS] = json_route(
        jf2(jf2_entry(1, "in-reply-to", TARGET), jf2_entry(2, "in-reply-to", TARGET))
    )
    journal.fetch(index=INDEX, webmention_io=settings_)
    edited = journal.store / POST / "webmention-2.md"
    edited.write_text(edited.read_text().replace("A reply", "Mine now"))
    server.routes[MENTIONS] = json_route(
        jf2(jf2_entry(1, "in-reply-to", other), jf2_entry(2, "in-reply-to", other)),
        etag='"v2"',
    )
    outcomes = journal.fetch(index=INDEX, webmention_io=settings_)
    assert "its reply is now on other" in str(outcome_of(outcomes, "webmention").kept)
    assert {(c.id, c.post) for c in journal.comments().values()} == {
        ("webmention-1", "other"),
        ("webmention-2", POST),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "file: cannot be read (Expecting property name"),
        ('["likes"]', "file: must be a JSON object"),
        ('{"myspace": {"likes": 1}}', "myspace: unknown source"),
        ('{"mastodon": {"likes": -1}}', "mastodon.likes: not a count"),
        ('{"mastodon": {"hearts": 2}}', "mastodon.hearts: not a count"),
        (
            '{"mastodon": {"likes": ' + "9" * 5000 + "}}",
            "file: cannot be read (larger than 4096 bytes)",
        ),
    ],
    ids=["not json", "a list", "unknown source", "negative", "unknown name", "huge"],
)
def test_a_reactions_file_that_cannot_be_used_is_reported(tmp_path, text, problem):
    (tmp_path / POST).mkdir()
    (tmp_path / POST / "reactions.json").write_text(text)
    reactions, problems = load_reactions(tmp_path, base=tmp_path)
    assert reactions == {}
    (found,) = problems
    assert str(found).startswith(f"{POST}/reactions.json:1: {problem}")


def test_a_labelled_bluesky_reply_waits_even_when_bluesky_is_trusted(journal, server):
    labelled = bsky_post("3kone", "Buy now")
    labelled["labels"] = [{"src": SAM_DID, "uri": labelled["uri"], "val": "spam"}]
    serve_bluesky(server, bsky_node(labelled), bsky_node(bsky_post("3ktwo", "Hi")))
    journal.fetch(auto_approve=["bluesky"])
    statuses = {
        c.body: c.status for c in by_source(journal.comments(), "bluesky").values()
    }
    assert statuses == {"<p>Buy now</p>": "pending", "<p>Hi</p>": "approved"}
