"""One content file as the build reads it, for the build and ``invoke check``.

The reader and ``check`` both call ``read_source``, so they agree on every
file: which files are content (Pelican's own rules: paths, excludes, ignored
names, readers' extensions), how the bytes are decoded, and each post's
address, worked out with Pelican's slugify and the site's settings. Only
Markdown is read; a file in another format Pelican could read (``.rst``,
``.html``) is held back with an error, since its metadata would escape our
privacy rules.
"""

import fnmatch
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.readers import MarkdownReader, Readers

from plugins.common import addresses
from plugins.common.paths import is_safe_segment
from plugins.common.urls import MAX_SLUG, post_slug, slug_of

from .post import ParsedPost, read_post


def is_markdown(path):
    return Path(path).suffix.lstrip(".") in MarkdownReader.file_extensions


def content_kind(path, settings):
    """``"page"`` for a file under PAGE_PATHS, else ``"article"``."""
    relative = Path(os.path.relpath(path, settings["PATH"])).as_posix()
    pages = (Path(p).as_posix().strip("/") for p in settings["PAGE_PATHS"])
    return (
        "page" if any(relative.startswith(f"{p}/") for p in pages if p) else "article"
    )


def content_files(settings):
    """Every file the articles and pages generators will read, sorted."""
    root = settings["PATH"]
    extensions = set(Readers(settings).extensions) - {"static"}
    found = set()
    for paths, excludes in (
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        found.update(
            _files(root, paths, excludes, extensions, settings["IGNORE_FILES"])
        )
    return sorted(found)


def _files(root, paths, excludes, extensions, ignores):
    """What Pelican's ``Generator.get_files`` finds, as full paths."""
    excluded = {os.path.normpath(os.path.join(root, e)) for e in excludes}
    for path in paths:
        top = os.path.join(root, path) if path else root
        for folder, dirs, files in os.walk(top, followlinks=True):
            dirs[:] = [
                d
                for d in dirs
                if os.path.normpath(os.path.join(folder, d)) not in excluded
                and not any(fnmatch.fnmatch(d, ignore) for ignore in ignores)
            ]
            for name in files:
                if any(fnmatch.fnmatch(name, ignore) for ignore in ignores):
                    continue
                if os.path.splitext(name)[1].lstrip(".") in extensions:
                    yield os.path.join(folder, name)


def read_source(path, settings, shown=None):
    """The file at ``path`` read, validated and given its address.

    ``shown`` is how problems name the file (default: relative to the
    working folder, as Pelican's messages do).
    """
    shown = shown or os.path.relpath(path)
    if not is_markdown(path):
        post = ParsedPost(shown)
        post.error(1, "file", "only Markdown posts (.md) are read; rename it to .md")
        return post
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        post = ParsedPost(shown)
        post.error(1, "file", f"cannot be read ({error.strerror})")
        return post
    return read_data(data, path, settings, shown)


def read_data(data, path, settings, shown=None):
    """``read_source`` of the bytes ``data`` that would be the file at ``path``:
    what an importer checks before it writes a file."""
    shown = shown or os.path.relpath(path)
    tz = ZoneInfo(settings["TIMEZONE"])
    post = read_post(data, shown, tz, kind=content_kind(path, settings))
    post.source = str(path)
    if not post.errors and not post.private:
        _addresses(post, path, settings)
    return post


def _addresses(post, path, settings):
    """Set the post's slug; an error for a name that gives no usable address."""
    slug = post_slug(post.meta, path, settings)
    if not is_safe_segment(slug):
        post.error(
            post.line("title"),
            "title",
            f"gives the address '{slug[:40]}', which cannot name a folder; add a "
            "slug: line (letters, digits, -)",
        )
    post.meta["slug"] = slug
    _site_folders(post, settings)
    names = [("category", post.meta.get("category"))]
    names += [
        (name, word) for name in ("tags", "authors") for word in post.meta.get(name, [])
    ]
    names.append(("author", post.meta.get("author")))
    for name, value in names:
        if value is None:
            continue
        address = slug_of(value, settings)
        if not address or len(address) > MAX_SLUG:
            why = (
                "gives an empty address" if not address else "gives too long an address"
            )
            post.error(post.line(name), name, f"'{value[:40]}' {why}; use other words")


def _site_folders(post, settings):
    """An error for a permalink or old address where the site's own pages
    are (tags/, feeds/, theme/ ...): the post would replace them."""
    given = [("permalink", post.meta.get("permalink"))]
    given += [("redirect_from", old) for old in post.meta.get("redirect_from", [])]
    given = [(name, value) for name, value in given if value and value[0] != "?"]
    if not given:
        return
    taken = addresses.reserved(settings)
    for name, value in given:
        problem = addresses.site_address_problem(value, taken)
        if problem:
            post.error(post.line(name), name, f"'{value[:60]}' {problem}")
