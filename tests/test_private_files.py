"""Static files that only held-back posts use are not published."""

import shutil
import unicodedata

import pytest
from canaries import canaries_in, leaked, png
from conftest import FIXTURES, build_site

from plugins.private_files.references import StaticFiles, withheld

POSTS = sorted((FIXTURES / "private_files").glob("*.md"))
PUBLIC_POST = FIXTURES / "private_files" / "public_post_linking_photos.md"
# Each image's bytes carry metadata, as a camera's do: a canary for the
# withheld ones.
IMAGES = {
    "canary-draft-photo-7c1d.png": png("canary-draft-photo-metadata"),
    "canary-private-scan-5a2e.jpg": png("canary-private-scan-metadata"),
    "canary-error-cover-b9e0.png": png("canary-error-cover-metadata"),
    "canary-pelican-letter-3f8a (scan).pdf": b"%PDF-1.4 canary-letter-author",
    "linked-with-static.png": png("a public photo"),
    "linked-root-relative.png": png("a public photo"),
    "linked-from-metadata.png": png("a public photo"),
    "linked-with-attach.pdf": b"%PDF-1.4 a public form",
    "not-linked-anywhere.png": png("put here to be published"),
}
PUBLISHED = {
    "linked-with-static.png",
    "linked-root-relative.png",
    "linked-from-metadata.png",
    "not-linked-anywhere.png",
}
CACHE_ON = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def journal(tmp_path):
    """content/images/ with every image; the posts come with build_site."""
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    for name, data in IMAGES.items():
        (images / name).write_bytes(data)
    return images


def published_images(site):
    return {path.name for path in (site.output / "images").iterdir()}


def test_an_image_only_held_back_posts_use_is_not_published(tmp_path):
    images = journal(tmp_path)
    site = build_site(tmp_path, POSTS)
    canaries = canaries_in([*POSTS, *images.iterdir()])
    assert len(canaries) >= 8
    assert published_images(site) == PUBLISHED
    assert leaked(site.output, canaries) == set()
    post = "2026/05/16/a-public-post-with-photos/"
    sources = {img["src"] for img in site.html(post + "index.html").select("img")}
    assert "../../../../images/linked-with-static.png" in sources
    assert "/images/linked-root-relative.png" in sources
    assert (site.output / post / "linked-with-attach.pdf").is_file()  # moved there
    assert not [message for _level, message in site.errors if "{attach}" in message]


@pytest.mark.parametrize("second", ["unchanged", "public post made a draft"])
def test_with_the_content_cache_a_second_build_withholds_them_too(tmp_path, second):
    images = journal(tmp_path)
    first = build_site(tmp_path, POSTS, **CACHE_ON)
    assert published_images(first) == PUBLISHED
    assert any((tmp_path / "cache").iterdir())
    shutil.rmtree(first.output)
    expected = PUBLISHED
    if second != "unchanged":
        post = tmp_path / "content" / "posts" / PUBLIC_POST.name
        post.write_text(post.read_text().replace("title:", "status: draft\ntitle:"))
        expected = {"not-linked-anywhere.png"}
    site = build_site(tmp_path, [], **CACHE_ON)
    assert published_images(site) == expected
    assert leaked(site.output, canaries_in([*POSTS, *images.iterdir()])) == set()


NFD_CAFE = unicodedata.normalize("NFD", "images/café.png")
FILES = StaticFiles(
    {
        path: path
        for path in (
            "images/x.png",
            "images/other/x.png",
            "images/a b.png",
            NFD_CAFE,  # as macOS names it
            "posts/2026/beside.png",
        )
    },
    site_url="https://site.example",
)
POST = "posts/2026/p.md"
PAGE = "2026/03/14/slug"  # the folder of the post's page


@pytest.mark.parametrize(
    ("text", "base", "linked"),
    [
        ('<img src="{static}/images/x.png">', PAGE, {"images/x.png"}),
        ('<img src="{static}../../images/x.png">', PAGE, {"images/x.png"}),
        ('<a href="|static|/images/x.png">', PAGE, {"images/x.png"}),
        ('<a href="{filename}/images/x.png">', PAGE, {"images/x.png"}),
        ('<img src="{attach}beside.png">', PAGE, {"posts/2026/beside.png"}),
        ('<img src="/images/x.png?v=2#top">', PAGE, {"images/x.png"}),
        ('<img src="https://site.example/images/x.png">', PAGE, {"images/x.png"}),
        ('<img src="https://elsewhere.example/images/x.png">', PAGE, set()),
        ('<img src="//elsewhere.example/images/x.png">', PAGE, set()),
        ('<img src="images/x.png">', PAGE, set()),  # the browser looks under PAGE
        ('<img src="../../../../images/x.png">', PAGE, {"images/x.png"}),
        ("images/x.png", "", {"images/x.png"}),  # metadata, a setting: the root
        ("images/other/x.png", "", {"images/other/x.png"}),
        ('<img src="/images/a%20b.png">', PAGE, {"images/a b.png"}),
        ('<img src="/images/caf&#233;.png">', PAGE, {NFD_CAFE}),
        (
            '<img srcset="/images/x.png 1x,/images/a%20b.png 2x">',
            PAGE,
            {"images/x.png", "images/a b.png"},
        ),
        ("See /images/x.png.", PAGE, {"images/x.png"}),
    ],
)
def test_public_links_are_resolved_as_pelican_and_a_browser_do(text, base, linked):
    assert FILES.linked_from(text, POST, base) == linked


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("![](x.png)", {"images/x.png", "images/other/x.png"}),  # failing closed
        ("{static}/images/X.PNG", {"images/x.png", "images/other/x.png"}),
        ("images/a%20b.png and images/a b.png", {"images/a b.png"}),
        ("café.png", {NFD_CAFE}),
        ("my-x.png, box.png, x.pngs", set()),
    ],
)
def test_a_held_back_post_mentions_a_file_by_its_name_anywhere(text, mentioned):
    assert FILES.mentioned_in(text) == mentioned


def test_withheld_are_the_files_held_back_posts_mention_and_no_public_text_links():
    held_back = [("posts/draft.md", "x.png, beside.png"), ("posts/p2.md", "x.png")]
    public = [('<img src="{static}/images/x.png">', POST, PAGE)]
    assert withheld(FILES, held_back, public) == {
        "images/other/x.png": ["posts/draft.md", "posts/p2.md"],
        "posts/2026/beside.png": ["posts/draft.md"],
    }
