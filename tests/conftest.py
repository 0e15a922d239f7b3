"""Shared test helpers: whole-site Pelican builds into a temporary folder."""

import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

# No test fetches anything from anywhere but 127.0.0.1, in this process or in
# the tasks it starts (plugins/common/http.py refuses other hosts).
os.environ["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


THEME_SCRIPTS = ("/theme/js/search.js",)
STRUCTURED_DATA = "application/ld+json"  # schema.org JSON-LD
TIMELINE_IMAGE = re.compile(r"(^|/)timeline/\d{4}\.svg$")  # /timeline/'s year charts


def theme_own(tag):
    """The theme's own search form, scripts, structured data, timeline images
    and chart styles: markup no untrusted text makes."""
    if tag.name == "form":
        return "search-form" in tag.get("class", [])
    if tag.name == "img":
        return TIMELINE_IMAGE.search(tag.get("src", "")) is not None
    if tag.name == "style":
        return tag.parent.name == "svg" and "tl-svg" in tag.parent.get("class", [])
    if tag.name == "script" and tag.get("type") == STRUCTURED_DATA:
        return True  # data, never run; test_escaping checks no field ends it
    return tag.name == "script" and tag.get("src", "").endswith(THEME_SCRIPTS)


class Site:
    """A built site: its output folder and the errors Pelican logged."""

    def __init__(self, output, errors):
        self.output = output
        self.errors = errors

    def html(self, relative):
        text = (self.output / relative).read_text(encoding="utf-8")
        return BeautifulSoup(text, "html.parser")

    def files(self):
        return sorted(p for p in self.output.rglob("*") if p.is_file())


def build_site(tmp_path, posts, pages=(), settings="pelicanconf.py", **override):
    """Build ``posts`` (fixture paths) with the project's settings into tmp_path.

    Returns a ``Site``; errors logged during the build are in ``site.errors``.
    """
    content = tmp_path / "content"
    for folder, files in (("posts", posts), ("pages", pages)):
        (content / folder).mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copy(path, content / folder / Path(path).name)
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"),
        **override,
    }
    pelican_settings = read_settings(str(ROOT / settings), override=values)
    return Site(tmp_path / "output", run_pelican(pelican_settings))


def run_pelican(pelican_settings):
    """Build with ``pelican_settings``; the ``(level, message)`` of every
    warning and error logged meanwhile."""
    handler = _Collector()
    logging.getLogger().addHandler(handler)
    try:
        Pelican(pelican_settings).run()
    finally:
        logging.getLogger().removeHandler(handler)
    return handler.messages


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append((record.levelname, record.getMessage()))


def build_markup_in_every_field(tmp, **override):
    """The post, page and comments of tests/fixtures/escaping/ that carry
    markup in every field, built into ``tmp``."""
    escaping = FIXTURES / "escaping"
    shutil.copytree(escaping / "comments", tmp / "content" / "comments")
    return build_site(
        tmp,
        [escaping / "article_with_markup_in_every_field.md"],
        [escaping / "page_with_markup_in_every_field.md"],
        **override,
    )


def build_sample(tmp, settings="pelicanconf.py"):
    """The whole sample journal in content/ (posts, pages, comments) built in tmp."""
    values = {
        "PATH": str(ROOT / "content"),
        "OUTPUT_PATH": str(tmp / "output"),
        "CACHE_PATH": str(tmp / "cache"),
    }
    Pelican(read_settings(str(ROOT / settings), override=values)).run()
    return Site(tmp / "output", [])


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample journal in content/, built once with the development settings."""
    return build_sample(tmp_path_factory.mktemp("sample"))


# Real-browser fixtures (browser, site_url, new_page): see browser_support.py.
from browser_support import browser, new_page, site_url  # noqa: E402, F401
