"""A post's slug and address, worked out by Pelican's own functions.

The build, ``invoke check`` and the importers must agree on where a post is
published (comments find their post by its old address): ``post_address``
gives the ``url`` and ``save_as`` Pelican will give it, for any
``ARTICLE_URL``/``PAGE_URL`` pattern (``{category}``, ``{lang}`` ...), from the
same metadata the reader hands Pelican: the site's defaults, the file's path
and the post's front matter.
"""

import os
from pathlib import Path

from pelican.contents import Article, Page
from pelican.readers import (
    BaseReader,
    default_metadata,
    parse_path_metadata,
    path_metadata,
)
from pelican.utils import posixize_path, slugify

MAX_SLUG = 100  # characters of an address a post, tag or category gets
DATES = ("date", "modified")  # aware datetimes already: Pelican keeps them


def slug_of(text, settings):
    """``text`` as Pelican slugifies it with the site's settings."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def post_slug(meta, path, settings):
    """The post's slug: its own, else Pelican's from the title (or file name),
    cut at a word to ``MAX_SLUG`` characters. Empty when there is none."""
    if meta.get("slug"):
        return meta["slug"]
    if settings.get("SLUGIFY_SOURCE", "title") == "basename":
        value = Path(path).stem
    else:
        value = meta.get("title", "")
    slug = slug_of(value, settings)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def pelican_metadata(meta, process):
    """Front matter values as a reader hands them to Pelican: each processed
    (tags into Tag objects, ...) but the dates, which are aware already."""
    return {
        name: value if name in DATES else process(name, value)
        for name, value in meta.items()
    }


def post_address(meta, path, settings, kind="article"):
    """``(url, save_as)`` Pelican gives the post at ``path`` with ``meta``
    (front matter as read_source reads it, its slug included)."""
    process = BaseReader(settings).process_metadata
    source = posixize_path(os.path.relpath(path, settings["PATH"]))
    metadata = default_metadata(settings, process=process)
    metadata.update(
        path_metadata(full_path=path, source_path=source, settings=settings)
    )
    metadata.update(parse_path_metadata(source, settings=settings, process=process))
    metadata.update(pelican_metadata(meta, process))
    made = (Article if kind == "article" else Page)(
        "", metadata=metadata, settings=settings, source_path=path
    )
    return made.url, made.save_as
