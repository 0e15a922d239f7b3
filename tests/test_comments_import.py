"""Importers: WordPress export, comment feeds over HTTP on 127.0.0.1, an mbox."""

import hashlib
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from conftest import FIXTURES

from plugins.comments.import_mbox import strip_quotes
from plugins.comments.importer import detect, import_comments
from plugins.comments.importing import PostIndex, SourceError
from plugins.comments.store import read_store

LONDON = ZoneInfo("Europe/London")
COMMENTS = FIXTURES / "comments"
POSTS = [
    ("stairs-again", "2026/03/14/stairs-again/"),
    ("cold-floors", "2026/02/24/cold-floors/"),
]
INDEX = PostIndex.from_posts(POSTS)


def digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


def run(source, store, **options):
    return import_comments(str(source), store, INDEX, LONDON, **options)


def stored(store):
    comments, problems = read_store(store, LONDON)
    assert problems == []
    return {comment.id: comment for comment in comments}


def import_twice(tmp_path, name):
    """Import fixture ``name`` into tmp_path/store twice: the first report.

    Nothing may be written outside the store, and the second run adds nothing.
    """
    store = tmp_path / "store"
    report = run(COMMENTS / name, store)
    assert [p for p in tmp_path.rglob("*") if not p.is_relative_to(store)] == []
    again = run(COMMENTS / name, store)
    assert (again.new, again.present) == (0, report.new)
    return report


def threads(store):
    """``{author: the author of the comment it replies to, or None}``."""
    comments = stored(store)
    return {
        c.author: comments[c.replyto].author if c.replyto else None
        for c in comments.values()
    }


@pytest.fixture(scope="module")
def server():
    """A server on 127.0.0.1 with the feed fixtures and every bad habit."""
    feed = (COMMENTS / "feed_rss_wordpress.xml").read_bytes()
    routes = {
        "/atom": Route(body=(COMMENTS / "feed_atom_threaded.xml").read_bytes()),
        "/rss": Route(body=feed),
        "/wxr": Route(body=(COMMENTS / "wxr_nested_replies.xml").read_bytes()),
        "/gzip": Route(body=feed, behaviour="gzip"),
        "/huge": Route(body=b"<rss>" + b" " * 4096 + b"</rss>"),
        "/text": Route(body=b"just some text"),
        "/hang": Route(behaviour="hang"),
        "/trickle": Route(behaviour="trickle"),
        "/reset": Route(behaviour="reset"),
        "/bomb": Route(behaviour="bomb"),
        "/loop/a": Route(status=302, location="/loop/b"),
        "/loop/b": Route(status=302, location="/loop/a"),
        "/elsewhere": Route(status=302, location="http://127.0.0.2/rss"),
    }
    with FeedServer(routes) as running:
        yield running.base


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    loopback_only(monkeypatch)


def test_a_wordpress_export_keeps_threads_statuses_and_no_email(tmp_path):
    report = run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    assert str(report) == (
        "11 new, 0 already present, 4 skipped "
        "(1 missing date, 1 spam, 1 trash, 1 unknown post)"
    )
    comments = stored(tmp_path)
    chain = ["wp-1", "wp-2", "wp-3", "wp-4", "wp-5", "wp-6"]
    assert [comments[c].replyto for c in chain] == [None, *chain[:-1]]
    assert comments["wp-7"].status == "pending"
    assert comments["wp-1"].status == "approved"
    assert comments["wp-12"].post == "cold-floors"  # matched by slug
    assert comments["wp-13"].replyto is None  # its parent was spam
    assert comments["wp-1"].url == "https://alice.example.com/"
    assert comments["wp-9"].url is None  # javascript: refused
    assert comments["wp-9"].author == "Mallory"
    everything = "".join(p.read_text() for p in tmp_path.rglob("*.md"))
    assert "@" not in everything
    assert "203.0.113.7" not in everything
    assert "<script" not in everything and "onclick" not in everything


def test_emails_are_kept_only_when_asked_for(tmp_path):
    run(COMMENTS / "wxr_nested_replies.xml", tmp_path, with_email=True)
    assert stored(tmp_path)["wp-1"].email == "alice.moss@example.com"


def test_only_what_looks_like_one_address_is_kept_as_an_email(tmp_path):
    report = run(COMMENTS / "wxr_odd_email_addresses.xml", tmp_path, with_email=True)
    assert str(report) == "8 new, 0 already present, 0 skipped"
    emails = {c.author: c.email for c in stored(tmp_path).values() if c.email}
    assert emails == {"Plain": "plain@example.com", "Spaced": "spaced@example.com"}


def test_importing_twice_changes_nothing(tmp_path):
    run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    before = digest(tmp_path)
    report = run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    assert (report.new, report.present) == (0, 11)
    assert digest(tmp_path) == before


def test_a_stored_comment_is_never_overwritten(tmp_path):
    path = tmp_path / "stairs-again" / "wp-1.md"
    path.parent.mkdir()
    path.write_text("the writer's own edit")
    report = run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    assert report.present == 1
    assert path.read_text() == "the writer's own edit"


# Fixture, its report, and who replies to whom among what it imports.
HOSTILE = [
    pytest.param(
        "wxr_unicode_digit_ids.xml",
        "3 new, 0 already present, 5 skipped (3 bad comment_id, 2 bad comment_parent)",
        {"Plain Ids": None, "Zero Padded": None, "Zero Padded Parent": "Plain Ids"},
        id="wxr_unicode_digit_ids",
    ),
    pytest.param(
        "wxr_huge_ids.xml",
        "3 new, 0 already present, 4 skipped (3 bad comment_id, 1 bad comment_parent)",
        {"Ordinary": None, "Twenty Digits": None, "Reply To Twenty": "Twenty Digits"},
        id="wxr_huge_ids",
    ),
    pytest.param(
        "feed_huge_comment_number.xml",
        "7 new, 0 already present, 0 skipped",
        {
            "Kim": None,
            "Three Hundred Digits": None,
            "Reply To Huge": "Three Hundred Digits",
            "Arabic Three": None,
            "Twenty Digits": None,
            "Zero Padded": None,
            "Reply To Kim": "Kim",
        },
        id="feed_huge_comment_number",
    ),
    pytest.param(
        "wxr_unparseable_link.xml",
        "1 new, 0 already present, 1 skipped (1 unknown post)",
        {"Stray Bracket": None},
        id="wxr_unparseable_link",
    ),
    pytest.param(
        "feed_unparseable_link.xml",
        "1 new, 0 already present, 1 skipped (1 unknown post)",
        {"Mo": None},
        id="feed_unparseable_link",
    ),
    pytest.param(
        "wxr_unknown_status.xml",
        "2 new, 0 already present, 6 skipped (1 no status, 2 trash, 3 unknown status)",
        {"Approved": None, "Held": None},
        id="wxr_unknown_status",
    ),
    pytest.param(
        "wxr_other_comment_types.xml",
        "3 new, 0 already present, 4 skipped "
        "(1 mention without an address, 3 other comment type)",
        {"Typed": None, "Untyped": None, "linker.example": None},
        id="wxr_other_comment_types",
    ),
    pytest.param(
        "feed_utf7_encoding.xml",
        "2 new, 0 already present, 0 skipped",
        {"Kim": None, "Lou": None},
        id="feed_utf7_encoding",
    ),
    pytest.param(
        "wxr_extreme_dates.xml",
        "3 new, 0 already present, 4 skipped (4 bad date)",
        {"Ordinary": None, "Local Only": None, "Garbled GMT": None},
        id="wxr_extreme_dates",
    ),
    pytest.param(
        "feed_extreme_dates.xml",
        "2 new, 0 already present, 4 skipped (4 bad date)",
        {"Ordinary": None, "Updated Only": None},
        id="feed_extreme_dates",
    ),
]


@pytest.mark.parametrize(("name", "expected", "replies"), HOSTILE)
def test_a_hostile_comment_is_skipped_and_the_rest_imported(
    tmp_path, name, expected, replies
):
    assert str(import_twice(tmp_path, name)) == expected
    assert threads(tmp_path / "store") == replies


def test_wordpress_ids_are_ascii_digits_without_leading_zeros(tmp_path):
    import_twice(tmp_path, "wxr_unicode_digit_ids.xml")
    assert sorted(stored(tmp_path / "store")) == ["wp-22", "wp-24", "wp-7"]
    import_twice(tmp_path / "huge", "wxr_huge_ids.xml")
    assert "wp-99999999999999999999" in stored(tmp_path / "huge" / "store")


def test_a_feed_link_gives_wp_n_only_for_a_bounded_ascii_number(tmp_path):
    import_twice(tmp_path, "feed_huge_comment_number.xml")
    ids = {c.author: c.id for c in stored(tmp_path / "store").values()}
    assert ids["Kim"] == "wp-50"
    assert ids["Zero Padded"] == "wp-51"
    assert ids["Twenty Digits"] == "wp-99999999999999999999"
    assert ids["Three Hundred Digits"].startswith("feed-")
    assert ids["Arabic Three"].startswith("feed-")


def wxr(comments):
    """A WordPress export of ``(id, author, content, parent)`` on stairs-again."""
    items = "".join(
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{author}</wp:comment_author>"
        "<wp:comment_date_gmt>2026-03-15 09:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>{content}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        for number, author, content, parent in comments
    )
    return (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
        f"<wp:post_name>stairs-again</wp:post_name>{items}</item></channel></rss>"
    )


def test_a_comment_whose_file_would_not_read_back_is_skipped(tmp_path):
    """70,000 emoji are under the importer's character cap, not the store's bytes."""
    export = tmp_path / "wide.xml"
    export.write_text(
        wxr(
            [
                (1, "Wide", "\U0001f600" * 70_000, 0),
                (2, "Reply To Wide", "Too wide to read.", 1),
                (3, "Narrow", "Fine.", 0),
            ]
        ),
        encoding="utf-8",
    )
    store = tmp_path / "store"
    report = run(export, store)
    assert str(report) == "2 new, 0 already present, 1 skipped (1 too long)"
    assert threads(store) == {"Reply To Wide": None, "Narrow": None}
    assert run(export, store).new == 0


def test_a_post_slug_that_climbs_out_of_the_store_matches_no_post(tmp_path):
    climbing = ("../../../x", "2026/03/14/../../../x/")
    index = PostIndex.from_posts([*POSTS, climbing])
    store = tmp_path / "journal" / "content" / "comments"
    source = str(COMMENTS / "wxr_post_slug_traversal.xml")
    report = import_comments(source, store, index, LONDON)
    assert str(report) == "1 new, 0 already present, 1 skipped (1 unknown post)"
    assert list(tmp_path.rglob("*.md")) == [store / "stairs-again" / "wp-80.md"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("wxr_malformed.xml", "mismatched tag"),
        ("wxr_entity_expansion.xml", "EntitiesForbidden"),
        ("wxr_unknown_encoding.xml", "unknown encoding: x-klingon"),
        ("wxr_utf7_encoding.xml", "multi-byte encodings are not supported"),
    ],
)
def test_a_bad_export_writes_nothing(tmp_path, name, message):
    with pytest.raises(SourceError, match=message):
        run(COMMENTS / name, tmp_path)
    assert list(tmp_path.rglob("*")) == []


def test_a_feed_feedparser_fails_on_writes_nothing(tmp_path):
    with pytest.raises(SourceError, match="not a readable feed"):
        run(COMMENTS / "feed_lone_surrogate.xml", tmp_path)
    assert list(tmp_path.rglob("*")) == []


def test_an_atom_feed_over_http_gives_its_threading(tmp_path, server):
    report = run(f"{server}/atom", tmp_path)
    assert (
        str(report)
        == "4 new, 0 already present, 2 skipped (1 missing date, 1 unknown post)"
    )
    comments = stored(tmp_path)
    iris = next(c for c in comments.values() if c.author == "Iris")
    jon = next(c for c in comments.values() if c.author == "Jon")
    assert iris.replyto == "wp-1"
    assert jon.replyto == iris.id
    assert comments["wp-1"].replyto is None
    assert iris.url == "https://iris.example/"
    mallory = next(c for c in comments.values() if "Mallory" in c.author)
    assert mallory.author == "Mallory"
    assert mallory.url is None
    assert "script" not in mallory.body and "javascript" not in mallory.body


def test_a_feed_and_an_export_of_the_same_blog_do_not_duplicate(tmp_path, server):
    run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    report = run(f"{server}/atom", tmp_path)
    assert (report.new, report.present) == (3, 1)  # wp-1 came with the export


def test_a_wordpress_rss_comment_feed(tmp_path, server):
    report = run(f"{server}/rss", tmp_path)
    assert str(report) == "2 new, 0 already present, 0 skipped"
    comments = stored(tmp_path)
    assert sorted(comments) == ["wp-40", "wp-41"]
    assert comments["wp-40"].author == "Kim"
    assert "<em>two</em>" in comments["wp-40"].body
    assert run(f"{server}/rss", tmp_path).new == 0


def test_a_wordpress_export_over_http(tmp_path, server):
    assert run(f"{server}/wxr", tmp_path).new == 11


def test_a_compressed_feed_over_http(tmp_path, server):
    assert run(f"{server}/gzip", tmp_path).new == 2


# Each fails as the blogroll's fetches do (tests/test_blogroll_fetch.py).
BAD_ADDRESSES = [
    # --timeout is the deadline of the whole fetch, not of each read.
    ("/hang", {"timeout": 1}, r"within (the total )?1 s"),
    ("/trickle", {"timeout": 1}, r"within (the total )?1 s"),
    ("/reset", {}, "connection reset by the server"),
    ("/bomb", {"max_bytes": 1_000_000}, "larger than 1000000 bytes"),
    ("/loop/a", {}, "redirect loop"),
    ("/elsewhere", {}, r"127\.0\.0\.2 is not in \$FETCH_ALLOWED_HOSTS"),
    ("/huge", {"max_bytes": 1024}, "larger than 1024 bytes"),
    ("/missing", {}, "HTTP 404 Not Found"),
    ("/text", {}, "not a WordPress export or a comment feed"),
]


@pytest.mark.parametrize(
    ("path", "options", "message"),
    BAD_ADDRESSES,
    ids=[path.strip("/").replace("/", "-") for path, _, _ in BAD_ADDRESSES],
)
def test_a_bad_address_is_one_line_and_writes_nothing(
    tmp_path, server, path, options, message
):
    with pytest.raises(SourceError, match=message) as failed:
        run(f"{server}{path}", tmp_path, **options)
    assert "\n" not in str(failed.value)
    assert list(tmp_path.rglob("*")) == []


def test_emailed_replies_are_pending_without_quotes(tmp_path):
    # mbox_replies.mbox: 2 new, pending (stairs-again from Hana Lee, quote and
    # signature gone; cold-floors from Omar), skipped: 1 missing date, 1 unknown post.
    report = run(COMMENTS / "mbox_replies.mbox", tmp_path)
    assert (
        str(report)
        == "2 new, 0 already present, 2 skipped (1 missing date, 1 unknown post)"
    )
    comments = list(stored(tmp_path).values())
    assert {(c.post, c.author, c.status, c.source) for c in comments} == {
        ("stairs-again", "Hana Lee", "pending", "email"),
        ("cold-floors", "Omar", "pending", "email"),
    }
    hana = next(c for c in comments if c.author == "Hana Lee")
    assert hana.body == "A banister on both sides changed everything for me."
    assert hana.email is None
    assert run(COMMENTS / "mbox_replies.mbox", tmp_path).new == 0


def test_a_hostile_email_costs_only_itself(tmp_path):
    # mbox_hostile_headers.mbox (an mbox carries no comment of its own): new are
    # Hana Lee, a 20,000-character subject, a UTF-7 body with a lone surrogate
    # and one with terminal escapes and a NUL (both cleaned), a 10,000-letter
    # name (cut to 200); unreadable: a Message-ID of 10,000 "<" (IndexError in
    # the email package), a From of 30,000 "(" (RecursionError), a UTF-7 name
    # with a lone surrogate; bad date: 1800, 99999; unknown post: a subject
    # naming ../../../etc; no plain text: charset x-klingon.
    report = import_twice(tmp_path, "mbox_hostile_headers.mbox")
    assert str(report) == (
        "5 new, 0 already present, 7 skipped (2 bad date, 1 no plain text, "
        "1 unknown post, 3 unreadable message)"
    )
    comments = {c.author[:20]: c for c in stored(tmp_path / "store").values()}
    assert sorted(comments) == [
        "Control Characters",
        "Hana Lee",
        "Long Subject",
        "N" * 20,
        "UTF-7 Body",
    ]
    assert len(comments["N" * 20].author) == 200
    assert comments["UTF-7 Body"].body == "A lone  surrogate."
    assert comments["Control Characters"].body == "A title ]0;owned and a NUL  here."


def test_an_emailed_reply_keeps_the_address_only_when_asked(tmp_path):
    run(COMMENTS / "mbox_replies.mbox", tmp_path, with_email=True)
    emails = {c.email for c in stored(tmp_path).values()}
    assert emails == {"hana.lee@example.com", "omar@example.com"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Yes.\n\nOn Monday, Ren wrote:\n> hi\n", "Yes."),
        ("Top.\n> quoted\nBottom.\n-- \nsig\n", "Top.\nBottom."),
        ("> only a quote\n", ""),
    ],
)
def test_quotes_and_signatures_are_stripped(text, kept):
    assert strip_quotes(text) == kept


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"From a@b Mon Jan 1 00:00:00 2026\n", "mbox"),
        (b'<rss xmlns:wp="http://wordpress.org/export/1.2/">', "wxr"),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<rss version='2.0'>", "feed"),
        (b"hello", None),
    ],
)
def test_the_format_is_told_from_the_first_bytes(head, kind):
    assert detect(head) == kind


def test_an_unknown_file_or_a_missing_one_is_reported(tmp_path):
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello")
    with pytest.raises(SourceError, match="not a WordPress export"):
        run(unknown, tmp_path / "store")
    with pytest.raises(SourceError, match="cannot be read"):
        run(tmp_path / "missing.xml", tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_a_huge_export_is_streamed(tmp_path):
    """An export of 20,000 comments is read item by item, never whole."""
    export = tmp_path / "big.xml"
    comment = (
        "<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        "<wp:comment_author>R{n}</wp:comment_author>"
        "<wp:comment_date_gmt>2026-03-15 09:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>" + "x" * 400 + "</wp:comment_content>"
        "<wp:comment_approved>spam</wp:comment_approved></wp:comment>"
    )
    with export.open("w") as out:
        out.write('<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>')
        for item in range(200):
            out.write("<item><wp:post_name>stairs-again</wp:post_name>")
            out.write("".join(comment.format(n=item * 100 + n) for n in range(100)))
            out.write("</item>")
        out.write("</channel></rss>")
    assert export.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        report = run(export, tmp_path / "store")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.skipped["spam"] == 20000
    assert peak < 2_000_000  # bytes: far less than the file


def test_an_emailed_reply_to_a_comment_is_threaded_under_it(tmp_path):
    # mbox_reply_to_a_comment.mbox: each body says where its reply belongs.
    run(COMMENTS / "wxr_nested_replies.xml", tmp_path)
    report = run(COMMENTS / "mbox_reply_to_a_comment.mbox", tmp_path)
    assert (report.new, sum(report.skipped.values())) == (3, 0)
    emailed = sorted(
        (c for c in stored(tmp_path).values() if c.source == "email"),
        key=lambda c: c.date,
    )
    assert [(c.post, c.replyto) for c in emailed] == [
        ("stairs-again", "wp-2"),
        ("stairs-again", None),  # wp-12 is on cold-floors
        ("stairs-again", None),  # there is no wp-999
    ]
