"""Whatever is marked private is absent from every published byte."""

import gzip
import html
import re
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, build_site

from plugins.frontmatter_reader.post import parse_post
from plugins.symptom_log import privacy
from plugins.symptom_log.privacy import find_leaks, private_texts

PRIVATE = sorted((FIXTURES / "privacy").glob("*.md"))
CANARY = re.compile(rb"canary[\w-]*", re.IGNORECASE)


def fixture_canaries():
    found = set()
    for path in PRIVATE:
        found.update(m.group(0).lower() for m in CANARY.finditer(path.read_bytes()))
    return found


def test_no_canary_reaches_any_output_file(tmp_path):
    site = build_site(tmp_path, PRIVATE, FEED_DOMAIN="https://example.org")
    assert len(fixture_canaries()) >= 12
    leaked = {
        (str(path.relative_to(site.output)), m.group(0).decode())
        for path in site.files()
        for m in CANARY.finditer(path.read_bytes())
    }
    assert leaked == set()
    # the public parts of the same posts were published
    assert site.html("2026/05/05/a-public-post-with-one-private-episode/index.html")
    assert (
        "Public note about the morning."
        in site.html(
            "2026/05/05/a-public-post-with-one-private-episode/index.html"
        ).get_text()
    )
    assert not (site.output / "drafts").exists()


def read_fixture(path):
    return parse_post(path.read_text(encoding="utf-8"), path.name, ZoneInfo("UTC"))


def test_private_texts_cover_every_canary():
    posts = [(post.raw, post.body) for post in map(read_fixture, PRIVATE)]
    texts = " ".join(private_texts(posts)).lower()
    assert {c.decode() for c in fixture_canaries()} <= set(
        re.findall(r"canary[\w-]*", texts)
    )
    assert "public note about the morning" not in texts


def test_a_file_a_private_post_mentions_is_private_unless_a_public_post_does():
    draft, public = {"status": "draft", "title": "Not yet"}, {"title": "Out"}
    posts = [
        (draft, "![Swelling](/images/scan%20of%20may.png) and shared-one.jpg"),
        ({"private": True, "cover": "images/cover-photo.png"}, ""),
        (public, "![]({static}/images/shared-one.jpg)"),
    ]
    names = {"scan of may.png", "cover-photo.png", "shared-one.jpg", "unused.png"}
    texts = private_texts(posts, names)
    assert {"scan of may.png", "cover-photo.png"} <= texts
    assert not {"shared-one.jpg", "unused.png"} & texts


def test_find_leaks_finds_raw_escaped_and_rewrapped_text(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "index.html").write_text("<p>Ask Dr O&#x27;Neill</p>")
    (tmp_path / "page.html").write_text("<p>ask dr o&#39;neill</p>")
    (tmp_path / "feeds" / "all.atom.xml").write_text("ask  DR\n o&amp;neill &amp; co")
    (tmp_path / "clean.html").write_text("nothing private here, Dr O")
    leaks = find_leaks(tmp_path, {"Ask Dr O'Neill", "ask dr o&neill & co"})
    assert [(leak.path, leak.text) for leak in leaks] == [
        ("feeds/all.atom.xml", "ask dr o&neill & co"),
        ("index.html", "Ask Dr O'Neill"),
        ("page.html", "Ask Dr O'Neill"),
    ]
    assert find_leaks(tmp_path, set()) == []


NOTE = 'Ask Dr Hélène about the "pump" trial/phenol'
NAME_NOTE = "Notes for the phenol trial"
PLANTED = {  # form: the file a note is planted in (path, bytes), where it is found
    "raw": ("index.html", f"<p>{NOTE}</p>".encode(), "content"),
    "HTML entities (&eacute; &#232; &#x2F;)": (
        "a.html",
        b"ask dr H&eacute;l&#232;ne about the &quot;pump&quot; trial&#x2F;phenol",
        "content",
    ),
    "escaped twice, as in an Atom feed": (
        "feeds/all.atom.xml",
        html.escape(html.escape(NOTE)).encode(),
        "content",
    ),
    "JSON string escapes in a .js file": (
        "search/search-index.js",
        b'window.INDEX = ["Ask Dr H\\u00e9l\\u00e8ne about the '
        b'\\"pump\\" trial\\/phenol"]',
        "content",
    ),
    "percent-encoded in a URL": (
        "b.html",
        b'<a href="/s/?q=Ask%20Dr%20H%C3%A9l%C3%A8ne%20about%20the%20%22pump%22'
        b'%20trial%2Fphenol">x</a>',
        "content",
    ),
    "gzip-compressed": (
        "pagefind/fragment/en_1.pf_fragment",
        gzip.compress(NOTE.encode()),
        "content",
    ),
    "gzip in gzip": (
        "data.bin",
        gzip.compress(gzip.compress(NOTE.encode())),
        "content",
    ),
    "in a file name": ("images/notes-for-the-phenol-trial.png", b"\x89PNG", "name"),
    "percent-encoded in a file name": (
        "Notes%20for%20the%20Phenol_trial.txt",
        b"",
        "name",
    ),
    "in a folder name": ("2026/05/notes-for-the-phenol-trial/", None, "name"),
}


@pytest.mark.parametrize("form", PLANTED)
def test_find_leaks_finds_a_planted_note_in_every_form(tmp_path, form):
    relative, data, where = PLANTED[form]
    planted = tmp_path / relative
    if data is None:
        planted.mkdir(parents=True)
    else:
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_bytes(data)
    (tmp_path / "clean.html").write_text("Ask Dr H. about the pump; phenol trial notes")
    (tmp_path / "clean.gz").write_bytes(gzip.compress(b"nothing private here"))
    leaks = find_leaks(tmp_path, {NOTE, NAME_NOTE})
    assert [(leak.path, leak.where) for leak in leaks] == [
        (relative.rstrip("/"), where)
    ]
    assert leaks[0].text in (NOTE, NAME_NOTE)
    assert "private text" in str(leaks[0])


@pytest.mark.parametrize(
    "data",
    [gzip.compress(b"x" * 5000), gzip.compress(b"damaged data")[:-9]],
    ids=["larger than the cap", "damaged"],
)
def test_compressed_data_the_scan_cannot_read_through_fails_it(
    tmp_path, monkeypatch, data
):
    monkeypatch.setattr(privacy, "MAX_DECOMPRESSED", 4096)
    (tmp_path / "big.pf_index").write_bytes(data)
    leaks = find_leaks(tmp_path, {NOTE})
    assert [(leak.path, leak.where) for leak in leaks] == [
        ("big.pf_index", "unchecked")
    ]
    assert "cannot be checked" in str(leaks[0])


def test_hundreds_of_texts_each_the_start_of_the_next_are_all_looked_for(tmp_path):
    texts = {"step " * count + "done" for count in range(1, 600)}  # too deep for re
    (tmp_path / "a.html").write_text("<p>Step step  step done.</p>")
    assert [leak.text for leak in find_leaks(tmp_path, texts)] == [
        "step step step done"
    ]
