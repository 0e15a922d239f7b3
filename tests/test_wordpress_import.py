"""import-wordpress: real exports in, a journal out that builds at the old addresses.

Pelican's own test export (a real WordPress export nobody here wrote) is
imported and built, and every published post and page of it is looked for at
its WordPress address. Each fixture in tests/fixtures/wordpress/ is one
behaviour, its expectation in the comment at its top.
"""

import importlib.resources
import json
import re
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from conftest import FIXTURES, ROOT, build_site
from pelican.settings import read_settings

from plugins.comments.importer import import_comments
from plugins.comments.importing import PostIndex, SourceError
from plugins.comments.store import read_store, validate_store
from plugins.common.http import Limits
from plugins.frontmatter_reader.source import content_files, read_source
from plugins.wordpress.importer import Choices, import_wordpress

WORDPRESS = FIXTURES / "wordpress"
PELICAN_EXPORT = (
    importlib.resources.files("pelican") / "tests/content/wordpressexport.xml"
)
WP = "{http://wordpress.org/export/1.1/}"
LONDON = ZoneInfo("Europe/London")


def settings_for(content):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def run(tmp_path, source, **choices):
    """Import ``source`` into tmp_path/content; the report."""
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    settings = settings_for(content)
    existing = [
        (post.meta["slug"], None, Path(path).relative_to(content).as_posix())
        for path in content_files(settings)
        if (post := read_source(path, settings)).meta.get("slug")
    ]
    return import_wordpress(
        str(source), content, settings, existing, Choices(**choices)
    )


def imported_and_built(tmp_path, name, **choices):
    report = run(tmp_path, WORDPRESS / name, **choices)
    site = build_site(tmp_path, [])
    errors = [m for level, m in site.errors if level == "ERROR"]
    assert errors == []
    return report, site


def front_matter(tmp_path, relative):
    content = tmp_path / "content"
    return read_source(str(content / relative), settings_for(content))


def checked_clean(tmp_path):
    """What invoke check says of the imported journal: no problem at all."""
    content = tmp_path / "content"
    settings = settings_for(content)
    posts = [read_source(path, settings) for path in content_files(settings)]
    assert [p for post in posts for p in post.problems] == []
    comments, problems = read_store(content / "comments", LONDON)
    slugs = {post.meta["slug"] for post in posts if post.meta.get("slug")}
    assert problems + validate_store(comments, slugs) == []
    return comments


def heading(site, relative):
    return site.html(relative).select_one("main h1").get_text(strip=True)


def followed(site, relative):
    """The page a redirect page at ``relative`` sends the reader to."""
    page = site.html(relative)
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    target = refresh.split("url=", 1)[1]
    assert page.select_one('link[rel="canonical"]')["href"] == target
    assert page.select_one("body a")["href"] == target
    resolved = (site.output / relative).parent / target
    return resolved.resolve().relative_to(site.output.resolve()) / "index.html"


def numbered(site):
    script = (site.output / "old-addresses.js").read_text()
    return json.loads(re.search(r"window.OLD_ADDRESSES = (\{.*\});", script).group(1))


# ---- Pelican's real export -------------------------------------------------


def published_items():
    """``(type, title, link)`` of each published post and page, read on its own."""
    root = ET.parse(str(PELICAN_EXPORT)).getroot()
    for item in root.iter("item"):
        kind = item.findtext(f"{WP}post_type")
        if kind in ("post", "page") and item.findtext(f"{WP}status") == "publish":
            title = item.findtext("title").replace("&#039;", "'")
            yield kind, title, item.findtext("link")


@pytest.fixture(scope="module")
def pelican_export(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pelican-export")
    report = run(tmp, PELICAN_EXPORT)
    again = run(tmp, PELICAN_EXPORT)
    return tmp, report, again, build_site(tmp, [])


def test_the_real_export_builds_and_reads_back_clean(pelican_export):
    tmp, report, again, site = pelican_export
    assert [m for level, m in site.errors if level == "ERROR"] == []
    assert (report.new, report.present) == (13, 0)
    assert report.kinds == {"posts": 7, "pages": 2, "drafts": 4}
    assert report.skipped == {"other post type": 3}  # custom1, custom2
    assert (again.new, again.present, again.comments.new) == (0, 13, 0)
    checked_clean(tmp)


def test_every_published_post_and_page_is_at_its_wordpress_address(pelican_export):
    _tmp, report, _again, site = pelican_export
    by_number = numbered(site)
    lost = {old for old, _why in report.lost}
    for _kind, title, link in published_items():
        old = link.removeprefix("http://thisisa.test/")
        if old.startswith("?p="):
            if old in lost:  # three items of the export share ?p=175
                continue
            url = by_number[old.removeprefix("?")]
            assert heading(site, url + "index.html") == title, link
        elif old in lost:  # tags/ is the site's own list of tags
            assert old == "tags/"
            assert heading(site, "2012/02/04/with-tags/index.html") == title
        else:
            page = site.html(old + "index.html")
            if page.select_one('meta[http-equiv="refresh"]'):
                assert heading(site, followed(site, old + "index.html")) == title
            else:
                assert heading(site, old + "index.html") == title, link
    assert lost == {"tags/", "?p=175", "?p=176"}


def test_the_real_exports_comments_are_threaded_on_their_post(pelican_export):
    _tmp, _report, _again, site = pelican_export
    page = site.html("2012/04/18/with-comments/index.html")
    assert page.select_one("#comments-heading").get_text().startswith("3 comments")
    reply = page.select_one("li#comment-wp-117")
    assert reply.find_parent("li")["id"] == "comment-wp-116"
    assert page.select_one("li#comment-wp-156") is None  # a pingback in the trash


def test_no_drafts_of_the_real_export_are_published(pelican_export):
    _tmp, _report, _again, site = pelican_export
    words = "".join(p.read_text(errors="replace") for p in site.files())
    assert "This is a draft with no title" not in words
    assert "Complete draft" not in words


# ---- One behaviour a fixture ---------------------------------------------


def test_gutenberg_blocks_leave_their_content_and_no_comments(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_gutenberg_blocks.xml")
    text = (tmp_path / "content/posts/2026/2026-03-14-blocks-of-the-day.md").read_text()
    assert "wp:" not in text
    body = site.html("2026/03/14/blocks-of-the-day/index.html").select_one(
        ".entry-content"
    )
    assert " ".join(body.p.get_text().split()) == "The morning started slowly."
    assert body.p.br is None  # no wpautop: a newline in a block is a space
    assert body.h2.get_text() == "What helped"
    assert [li.get_text() for li in body.select("ul li")] == [
        "Warm socks",
        "The banister",
    ]
    assert body.blockquote.get_text(strip=True) == "Slow is smooth."
    assert [th.get_text() for th in body.select("table th")] == ["Drug", "Dose"]
    assert body.select_one("pre code").get_text() == "beats = 14\n\nside = left\n"
    assert body.select_one('a[href="https://video.example.com/watch?v=calf"]')
    figure = body.select_one("figure")
    assert figure.img["alt"] == "The stairs at home"
    assert figure.figcaption.get_text() == "Fourteen steps"


def test_each_shortcode_becomes_plain_html_and_unknown_ones_are_listed(tmp_path):
    report, site = imported_and_built(tmp_path, "wxr_shortcodes.xml")
    body = site.html("2026/03/15/pictures-and-sounds/index.html").select_one(
        ".entry-content"
    )
    captions = [f.figcaption.get_text(strip=True) for f in body.select("figure")]
    assert captions == ["The old cane", "The new brace"]
    assert body.select_one("figure img")["alt"] == "A wooden cane"
    gallery = [img["alt"] for img in body.select("ul li img")]
    assert gallery == ["A wooden cane", "An ankle brace"]
    for video in ("stairs", "kitchen"):
        assert body.select_one(f'a[href="https://video.example.com/watch?v={video}"]')
    audio = body.select_one("audio[controls]")
    assert audio["src"].endswith("/2026/03/clonus.mp3")
    assert audio.a["href"] == audio["src"]  # for a browser that cannot play it
    assert body.select_one("video[controls]")["poster"].endswith("/2026/03/walk.jpg")
    assert '[contact-form-7 id="3" title="Contact"]' in body.get_text()
    assert report.shortcodes == {"contact-form-7": 1}
    assert report.media == {"kept at the old address": 7}


def test_wordpress_line_breaks_and_text_that_looks_like_markdown(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_wpautop.xml")
    body = site.html("2026/03/16/a-classic-post/index.html").select_one(
        ".entry-content"
    )
    first = body.p
    assert first.br is not None
    assert first.get_text() == "Roses are red\nviolets are blue"
    assert [pre.get_text().rstrip() for pre in body.select("pre")] == [
        "beats = 14\n\n    side = left"
    ]
    assert "Indented by four spaces, as a poem is." in body.select("p")[1].get_text()
    assert [li.get_text() for li in body.select("ul li")] == [
        "Warm socks",
        "The banister",
    ]
    text = body.get_text()
    assert "*not emphasis*" in text and "<b>not bold</b>" in text
    assert "1. not a list" in text
    assert not body.select("em, b, ol")


def test_pages_stay_under_their_parents_with_their_comments(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_hierarchical_pages.xml")
    assert heading(site, "about/index.html") == "About"
    assert heading(site, "about/contact/index.html") == "Contact me"
    assert heading(site, "help/contact/index.html") == "Contact the helpers"
    page = site.html("about/contact/index.html")
    reply = page.select_one("li#comment-wp-602")
    assert reply.find_parent("li")["id"] == "comment-wp-601"
    assert site.html("help/contact/index.html").select_one(".comments") is None
    comments = {c.id: c for c in checked_clean(tmp_path)}
    assert {c.post for c in comments.values()} == {"about-contact"}
    assert comments["wp-601"].email is None


def test_comment_statuses_mentions_and_html_with_wordpress_line_breaks(tmp_path):
    report, site = imported_and_built(tmp_path, "wxr_comment_statuses.xml")
    assert str(report.comments) == (
        "4 new, 0 already present, 3 skipped "
        "(1 mention without an address, 1 spam, 1 trash)"
    )
    assert report.mentions == 1
    comments = {c.id: c for c in checked_clean(tmp_path)}
    assert sorted(comments) == ["wp-701", "wp-702", "wp-703", "wp-706"]
    assert comments["wp-703"].status == "pending"
    assert (comments["wp-706"].kind, comments["wp-706"].format) == ("mention", "html")
    page = site.html("2026/03/17/talked-about/index.html")
    assert page.select_one("#comments-heading").get_text().startswith("2 comments")
    first = page.select_one("li#comment-wp-701 .comment-body")
    assert first.br is not None and first.select("pre, code") == []
    assert "An indented line, not code bold" in first.get_text(" ", strip=True)
    assert first.b.get_text() == "bold"
    mention = page.select_one("section.mentions li a")
    assert mention["href"] == "https://friend.example.net/reading-list/"
    assert mention.get_text() == "Living with PLS: a reading list"
    assert page.select_one("li#comment-wp-706") is None
    files = "".join(
        p.read_text() for p in (tmp_path / "content/comments").rglob("*.md")
    )
    assert "@" not in files and "203.0.113.7" not in files


def test_import_comments_reads_a_wxr_the_same_way(tmp_path):
    index = PostIndex.from_posts([("talked-about", "2026/03/17/talked-about/")])
    source = str(WORDPRESS / "wxr_comment_statuses.xml")
    report = import_comments(source, tmp_path, index, LONDON)
    assert (report.new, report.skipped["spam"]) == (4, 1)
    comments = {c.id: c for c in read_store(tmp_path, LONDON)[0]}
    assert comments["wp-701"].format == "html"
    assert comments["wp-701"].body.startswith("<p>First line<br>\nsecond line</p>")
    assert comments["wp-706"].kind == "mention"


def test_nothing_private_on_wordpress_is_public_here(tmp_path):
    report, site = imported_and_built(tmp_path, "wxr_private_and_drafts.xml")
    assert report.kinds == {"posts": 1, "private": 2, "drafts": 3}
    assert report.unlinked == 1
    content = tmp_path / "content"
    meta = {
        p.name: front_matter(tmp_path, p.relative_to(content))
        for p in (content / "posts").rglob("*.md")
    }
    private = [n for n, post in meta.items() if post.raw.get("private") is True]
    drafts = [n for n, post in meta.items() if post.raw.get("status") == "draft"]
    assert len(private) == 2 and len(drafts) == 3
    everything = "".join(p.read_text() for p in (tmp_path / "content").rglob("*.md"))
    assert "canary-wp-the-password-9b7d" not in everything
    public = site.html("2026/04/01/a-public-post/index.html").select_one(
        ".entry-content"
    )
    assert public.get_text(strip=True) == "Public words. See my private note."
    assert public.a is None
    canary = re.compile(r"canary-wp-[\w-]+", re.IGNORECASE)
    for path in site.files():
        assert not canary.search(str(path.relative_to(site.output)))
        assert not canary.search(path.read_bytes().decode("utf-8", "replace")), path


def test_plain_permalinks_are_followed_by_number(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_plain_permalinks.xml")
    assert numbered(site) == {
        "p=90": "2026/05/01/first-plain/",
        "p=91": "2026/05/02/second-plain/",
    }
    for page in ("index.html", "404.html"):
        script = site.html(page).select_one("script[data-addresses]")
        assert script["src"].endswith("theme/js/old-addresses.js")
    links = [
        a["href"]
        for a in site.html("2026/05/01/first-plain/index.html").select(
            ".entry-content a"
        )
    ]
    assert links == [
        "../../../../2026/05/02/second-plain/",
        "../../../../2026/05/02/second-plain/#comment-wp-7",
        "https://other.example.com/?p=91",
    ]


def test_other_permalink_structures_get_redirect_pages(tmp_path):
    report, site = imported_and_built(tmp_path, "wxr_other_permalinks.xml")
    assert report.redirects == {"pages": 3}
    assert followed(site, "by-name/index.html") == Path("2026/06/01/by-name/index.html")
    assert followed(site, "archives/101/index.html") == Path(
        "2026/06/02/archived/index.html"
    )
    assert followed(site, "2026/06/old-page.html") == Path(
        "2026/06/03/old-page/index.html"
    )
    link = site.html("2026/06/01/by-name/index.html").select_one(".entry-content a")
    assert link["href"] == "../../../../2026/06/02/archived/"


def test_a_700_character_category_list_becomes_bounded_tags(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_long_category_list.xml")
    relative = "posts/2026/2026-07-01-sorted-into-everything.md"
    text = (tmp_path / "content" / relative).read_text()
    front = text.split("---\n")[1]
    assert max(len(line) for line in front.splitlines()) <= 110  # "  - " and quotes
    post = front_matter(tmp_path, relative)
    assert (
        post.meta["category"] == "Living with condition number 0 and its many friends"
    )
    assert len(post.meta["tags"]) == 50
    assert all(len(tag) <= 100 for tag in post.meta["tags"])
    assert "💜" not in post.meta["tags"]
    assert any(
        tag.startswith("A category name far too long") for tag in post.meta["tags"]
    )
    assert heading(site, "2026/07/01/sorted-into-everything/index.html")


def test_a_non_ascii_slug_keeps_its_letters_and_its_address(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_non_ascii_slug.xml")
    page = site.html("2026/07/02/日記/index.html")
    assert page.select_one("main h1").get_text() == "日記: 痙縮の日"
    assert page.select_one("li#comment-wp-1201")


def test_a_blog_in_another_time_zone_keeps_its_addresses_day(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_blog_in_another_time_zone.xml")
    post = front_matter(tmp_path, "posts/2026/2026-08-02-late-evening.md")
    assert f"{post.meta['date']:%Y-%m-%d %H:%M %Z}" == "2026-08-03 03:30 BST"
    assert post.meta["permalink"] == "2026/08/02/late-evening/"
    assert heading(site, "2026/08/02/late-evening/index.html") == "Late evening"


def test_the_summary_is_the_excerpt_or_what_comes_before_more(tmp_path):
    _report, site = imported_and_built(tmp_path, "wxr_summaries.xml")
    excerpt = front_matter(tmp_path, "posts/2026/2026-10-01-with-an-excerpt.md")
    more = front_matter(tmp_path, "posts/2026/2026-10-02-with-more.md")
    assert excerpt.meta["summary"] == "The short version."
    assert more.meta["summary"] == "Before the fold."
    body = site.html("2026/10/02/with-more/index.html").select_one(".entry-content")
    assert [p.get_text() for p in body.select("p")] == [
        "Before the fold.",
        "After the fold.",
    ]
    assert not any(b"wpmore" in p.read_bytes() for p in site.files())


# ---- Repeatable, safe ------------------------------------------------------


def tree(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_dry_run_writes_nothing_and_says_what_it_would(tmp_path):
    report = run(tmp_path, PELICAN_EXPORT, dry_run=True)
    assert tree(tmp_path) == {}
    assert (report.new, report.comments.new) == (13, 3)
    assert report.lines()[-1] == "next: run it again without --dry-run"


def test_a_second_run_changes_nothing_and_keeps_the_writers_edits(tmp_path):
    run(tmp_path, WORDPRESS / "wxr_comment_statuses.xml")
    post = tmp_path / "content/posts/2026/2026-03-17-talked-about.md"
    post.write_text(post.read_text().replace("A post people", "My edit: a post people"))
    before = tree(tmp_path)
    again = run(tmp_path, WORDPRESS / "wxr_comment_statuses.xml")
    assert (again.new, again.present, again.comments.new) == (0, 1, 0)
    assert tree(tmp_path) == before


def test_a_broken_export_writes_nothing(tmp_path):
    broken = tmp_path / "broken.xml"
    text = (WORDPRESS / "wxr_comment_statuses.xml").read_text()
    broken.write_text(text[: len(text) // 2])
    with pytest.raises(SourceError, match="not a readable WordPress export"):
        run(tmp_path / "journal", broken)
    assert tree(tmp_path / "journal") == {}


def test_a_huge_export_is_streamed_in_bounded_memory(tmp_path):
    """60 MB of menus, revisions and spam around 20 posts: what is kept is the
    posts, never the file."""
    export = tmp_path / "huge.xml"
    junk = "<p>" + "x" * 4000 + "</p>"
    with export.open("w") as out:
        out.write(
            '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        )
        for number in range(1, 15001):
            kind = "post" if number % 750 == 0 else "revision"
            spam = "".join(
                f"<wp:comment><wp:comment_id>{number * 10 + n}</wp:comment_id>"
                "<wp:comment_approved>spam</wp:comment_approved></wp:comment>"
                for n in range(3)
            )
            out.write(
                f"<item><title>Post {number}</title><wp:post_id>{number}</wp:post_id>"
                f"<wp:post_type>{kind}</wp:post_type><wp:status>publish</wp:status>"
                f"<wp:post_name>post-{number}</wp:post_name>"
                "<wp:post_date>2026-01-02 09:00:00</wp:post_date>"
                f"<content:encoded><![CDATA[{junk}]]></content:encoded>{spam}</item>"
            )
        out.write("</channel></rss>")
    assert export.stat().st_size > 60_000_000
    tracemalloc.start()
    try:
        report = run(tmp_path, export, dry_run=True)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (report.new, report.skipped["other post type"]) == (20, 14980)
    assert peak < 10_000_000  # bytes: a sixth of the file


# ---- Media over HTTP, on 127.0.0.1 -----------------------------------------


JPEG = b"\xff\xd8\xff\xe0" + bytes(200)


@pytest.fixture
def blog(monkeypatch):
    loopback_only(monkeypatch)
    uploads = "/wp-content/uploads/2026/09/"
    routes = {
        uploads + "ok.jpg": Route(body=JPEG, content_type="image/jpeg"),
        uploads + "slow.jpg": Route(behaviour="hang"),
        uploads + "huge.jpg": Route(
            body=JPEG + bytes(300_000), content_type="image/jpeg"
        ),
        uploads + "page.jpg": Route(
            body=b"<html>not found</html>", content_type="text/html"
        ),
    }
    with FeedServer(routes) as server:
        yield server


def test_media_are_downloaded_checked_and_never_fetched_twice(tmp_path, blog):
    host = blog.base.removeprefix("http://")
    export = tmp_path / "export.xml"
    export.write_text(
        (WORDPRESS / "wxr_media_on_a_local_server.xml")
        .read_text()
        .replace("BLOG", host)
    )
    limits = Limits(timeout=3, max_bytes=100_000, max_decompressed=100_000)
    report = run(tmp_path, export, download=True, limits=limits)
    assert (tmp_path / "content/images/2026/09/ok.jpg").read_bytes() == JPEG
    assert sorted(p.name for p in (tmp_path / "content/images").rglob("*.*")) == [
        "ok.jpg"
    ]
    assert report.media == {"downloaded": 1, "failed": 4, "on other sites, linked": 1}
    reasons = {url.rsplit("/", 1)[1]: why for url, why in report.media_failed}
    assert reasons["missing.jpg"] == "HTTP 404 Not Found"
    assert "within" in reasons["slow.jpg"]
    assert "over" in reasons["huge.jpg"]
    assert reasons["page.jpg"] == "not a picture or file (text/html)"
    text = (tmp_path / "content/posts/2026/2026-09-01-pictures.md").read_text()
    assert "({static}/images/2026/09/ok.jpg)" in text
    assert f"(http://{host}/wp-content/uploads/2026/09/missing.jpg)" in text
    assert "(https://pictures.example.com/elsewhere.jpg)" in text
    asked = len(blog.requests)
    again = run(tmp_path, export, download=True, limits=limits)
    assert again.media["already present"] == 1
    assert [r.path for r in blog.requests[asked:]].count(
        "/wp-content/uploads/2026/09/ok.jpg"
    ) == 0
