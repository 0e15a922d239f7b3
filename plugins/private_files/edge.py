"""The Pelican edge: held-back sources, public texts, and the files taken out."""

import logging
import os
import posixpath
from itertools import chain

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from plugins.common.text import strings_in

from .references import StaticFiles, withheld

logger = logging.getLogger(__name__)

# Where each content generator finds its sources, and what it publishes
# (hidden items are written too, just not listed; drafts are not).
SOURCES = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES"),
}
PUBLISHED = {
    ArticlesGenerator: ("articles", "translations", "hidden_articles"),
    PagesGenerator: ("pages", "translations", "hidden_pages"),
}


def withhold_private_files(generators):
    """Take the files only held-back posts use out of what will be written."""
    static = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    writers = [g for g in generators if type(g) in SOURCES]
    if static is None or not static.staticfiles or not writers:
        return
    files = StaticFiles(
        {  # not f.url: reading it stops a later {attach} from moving the file
            f.get_relative_source_path(): f.get_url_setting("url")
            for f in static.staticfiles
        },
        static.settings["SITEURL"],
    )
    public = [content for g in writers for content in _published(g)]
    shown = {content.get_relative_source_path() for content in public}
    held_back = sorted(
        source for g in writers for source in _sources(g) if source not in shown
    )
    texts = chain(_content_texts(public), _site_texts(static.settings))
    hidden = withheld(files, [(s, _read(static.path, s)) for s in held_back], texts)
    for path, by in hidden.items():
        logger.info(
            "private_files: %s is not published: used only by %s", path, ", ".join(by)
        )
    static.staticfiles[:] = [
        f for f in static.staticfiles if f.get_relative_source_path() not in hidden
    ]
    for path in hidden:
        static.context["static_content"].pop(path, None)
        static.context["static_links"].discard(path)


def _published(generator):
    for name in PUBLISHED[type(generator)]:
        yield from getattr(generator, name)
    yield from getattr(generator, "hidden_translations", ())


def _sources(generator):
    paths, excludes = SOURCES[type(generator)]
    settings = generator.settings
    found = generator.get_files(settings[paths], exclude=settings[excludes])
    return {path.replace(os.sep, "/") for path in found}


def _read(root, source):
    with open(os.path.join(root, source), "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def _content_texts(contents):
    """Each public item's raw HTML (links not yet replaced) and metadata."""
    for content in contents:
        source = content.get_relative_source_path()
        base = posixpath.dirname(content.url)
        yield content._content or "", source, base
        for value in strings_in(content.metadata):
            yield value, source, ""  # templates put metadata at the site's root


def _site_texts(settings):
    """The settings and the theme's templates: a header image is public too."""
    for value in strings_in(settings):
        yield value, "", ""
    templates = os.path.join(settings["THEME"], "templates")
    for folder, _dirs, names in os.walk(templates):
        for name in names:
            yield _read(folder, name), "", ""
