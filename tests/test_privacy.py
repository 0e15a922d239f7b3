"""Whatever is marked private is absent from every published byte."""

import re
from zoneinfo import ZoneInfo

from conftest import FIXTURES, build_site

from plugins.frontmatter_reader.post import parse_post
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


def test_find_leaks_finds_raw_escaped_and_rewrapped_text(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "index.html").write_text("<p>Ask Dr O&#x27;Neill</p>")
    (tmp_path / "page.html").write_text("<p>ask dr o&#39;neill</p>")
    (tmp_path / "feeds" / "all.atom.xml").write_text("ask  DR\n o&amp;neill &amp; co")
    (tmp_path / "clean.html").write_text("nothing private here, Dr O")
    leaks = find_leaks(tmp_path, {"Ask Dr O'Neill", "ask dr o&neill & co"})
    assert leaks == [
        ("feeds/all.atom.xml", "ask dr o&neill & co"),
        ("index.html", "Ask Dr O'Neill"),
        ("page.html", "Ask Dr O'Neill"),
    ]
    assert find_leaks(tmp_path, set()) == []
