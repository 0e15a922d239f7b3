"""A post's slug and address come from Pelican's own functions, for any pattern."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from pelican.settings import read_settings

from plugins.common.urls import MAX_SLUG, post_address, post_slug

LONDON = ZoneInfo("Europe/London")
DATE = datetime(2026, 3, 14, 21, 10, tzinfo=LONDON)


def settings(tmp_path, **override):
    return read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path), **override}
    )


def test_a_slug_is_the_writers_own_or_pelicans_cut_at_a_word(tmp_path):
    site = settings(tmp_path)
    assert post_slug({"slug": "007", "title": "x"}, "p.md", site) == "007"
    assert post_slug({"title": "Stairs: again!"}, "p.md", site) == "stairs-again"
    long = post_slug({"title": "word " * 60}, "p.md", site)
    assert len(long) <= MAX_SLUG and long.endswith("word")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{date:%Y}/{date:%m}/{date:%d}/{slug}/", "2026/03/14/stairs/"),
        ("{category}/{slug}.html", "health-notes/stairs.html"),
        ("{lang}/{date:%Y}/{slug}/", "en/2026/stairs/"),
        ("posts/{author}/{slug}/", "posts/ren-halloran/stairs/"),
    ],
)
def test_the_address_follows_any_article_url_pattern(tmp_path, pattern, expected):
    site = settings(tmp_path, ARTICLE_URL=pattern, ARTICLE_SAVE_AS=pattern + "x")
    meta = {"title": "Stairs", "slug": "stairs", "date": DATE}
    meta["category"] = "Health notes"
    url, save_as = post_address(meta, str(tmp_path / "posts" / "p.md"), site)
    assert (url, save_as) == (expected, expected + "x")


def test_a_post_without_a_category_gets_the_sites_default(tmp_path):
    site = settings(tmp_path, ARTICLE_URL="{category}/{slug}/", DEFAULT_CATEGORY="Log")
    meta = {"title": "Stairs", "slug": "stairs", "date": DATE}
    assert post_address(meta, str(tmp_path / "p.md"), site)[0] == "log/stairs/"
