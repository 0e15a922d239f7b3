"""The Pelican edge: the Writer, with our feeds; pages rendered once per input.

It also keeps the output what a build from nothing would make of it (the
writer's ``invoke build`` keeps the output between builds): a file an
earlier build into this output wrote, and this one did not (the page of a
post made a draft or held back, the old address of a renamed one, its
chart), is removed once every page and feed is written. Only files written
through it or ``files.write_output`` are ever removed, never static files
or anything else in the folder.

Beyond Pelican's own feeds, ours follow the rules feed validators check:
every address is absolute, also in development where pages link relatively
(``absolute_site_url``); the feed says its language (RSS ``<language>``,
Atom ``xml:lang``); and an RSS ``<guid>``, a ``tag:`` URI rather than an
address, says ``isPermaLink="false"``. The ids themselves are Pelican's, so
readers already following the feeds see no post twice.
"""

import io
import json
import logging
import os
from pathlib import Path

from feedgenerator import Rss201rev2Feed
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from plugins.common.cache import Entries, key
from plugins.common.files import write_output
from plugins.common.signals import feed_content, feed_extras, output_written
from plugins.common.site_url import absolute_site_url

from .feeds import ExtendedAtomFeed, ExtendedRssFeed
from .pages import PageCache

logger = logging.getLogger(__name__)


class JournalWriter(Writer):
    """Writes every feed with ``ExtendedAtomFeed``/``ExtendedRssFeed``, and
    renders a page only when its inputs changed (``pages.PageCache``)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.pages = PageCache(self.settings, output_path)
        self._made = set()  # this build's files, relative to the output
        # The writer lives as long as the build: then its unused pages go.
        output_written.connect(self._wrote)
        signals.finalized.connect(self._finished)

    def _wrote(self, path):
        self._made.add(os.path.relpath(path, self.output_path))

    def _finished(self, pelican):
        self.pages.finish()

    def remove_unmade(self):
        """Remove the files the last build into this output made and this
        one did not; keep the list of this one's."""
        output_written.disconnect(self._wrote)
        entries = Entries(self.settings, "output")
        entry = key("output files", os.path.abspath(self.output_path))
        made, kept = sorted(self._made), _names(entries.get(entry))
        for name in sorted(set(kept) - self._made):
            _remove(Path(self.output_path), name)
        if made != kept:
            entries.put(entry, json.dumps(made, ensure_ascii=False).encode())
        entries.prune()

    def _open_w(self, filename, encoding, override=False):
        """A file that is replaced atomically when closed, and only if its
        text changed. A file written twice (two pages at one address the
        reader could not tell apart) keeps the first: the second is logged
        as an error and dropped, where Pelican would stop the whole build."""
        if filename in self._overridden_files and not override:
            logger.info('Skipping "%s", not overwriting', filename)  # as Pelican
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._overridden_files or (
            filename in self._written_files and not override
        ):
            logger.error("writer: %s is written twice; the second is dropped", filename)
            return open(os.devnull, "w", encoding=encoding)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _OutputFile(filename, encoding, in_place=self.pages.holds(filename))

    def write_file(self, name, template, context, *args, **kwargs):
        self.pages.begin_write()
        cached = _CachedTemplate(template, self.pages, context)
        return super().write_file(name, cached, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, *args, **kwargs):
        """Pelican's feed, with absolute addresses; not made again when its
        file holds the feed of these posts (Pelican's ``feed_generated`` and
        ``feed_written`` are then not sent: no plugin of ours needs them)."""
        absolute = {**context, "SITEURL": absolute_site_url(context)}
        if not path:
            return super().write_feed(elements, absolute, path, url, *args, **kwargs)
        target = sanitised_join(self.output_path, path)  # as Pelican names it
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        site = (absolute["SITEURL"], absolute.get("FEED_DOMAIN"))
        entry, held = self.pages.feed(
            target, shown, repr((path, url, site, args, kwargs))
        )
        if held:
            self._written_files.add(target)
            output_written.send(target)
            return None
        feed = super().write_feed(elements, absolute, path, url, *args, **kwargs)
        if entry is not None:
            self.pages.made(entry, target)
        return feed

    def _create_new_feed(self, feed_type, feed_title, context):
        plain = super()._create_new_feed(feed_type, feed_title, context)
        extended = ExtendedRssFeed if feed_type == "rss" else ExtendedAtomFeed
        return extended(**{**plain.feed, "language": context.get("DEFAULT_LANG")})

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        kind = "rss" if isinstance(feed, Rss201rev2Feed) else "atom"
        added = feed.items[-1]
        added["unique_id_is_permalink"] = False  # a tag: URI (RSS only uses it)
        added["extras"] = feed_extras(item, kind)
        html = feed_content(item, self.site_url)  # absolute: see write_feed
        if html:
            key = "content" if added.get("content") else "description"
            added[key] = (added.get(key) or "") + html


def _names(data):
    """The relative file names kept by ``remove_unmade``; none if unreadable."""
    try:
        names = json.loads(data) if data is not None else []
    except ValueError:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _remove(output, name):
    """Remove the file ``output/name``, and its folders left empty; never a
    path outside ``output``, a folder or a link."""
    path = output / name
    inside = os.path.normpath(name) == name and not name.startswith(("/", ".."))
    if not inside or path.is_symlink() or not path.is_file():
        return
    path.unlink()
    logger.info("writer: removed %s, which this build no longer makes", name)
    folder = path.parent
    while folder != output and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _OutputFile(io.StringIO):
    """Text for an output file, written out (``write_output``) when closed;
    ``in_place``: the file already holds it (a page the cache found there)."""

    def __init__(self, path, encoding, in_place=False):
        super().__init__()
        self._path, self._encoding, self._in_place = path, encoding, in_place

    def close(self):
        if not self.closed and self._in_place:
            output_written.send(os.fspath(self._path))
        elif not self.closed:
            write_output(self._path, self.getvalue().encode(self._encoding))
        super().close()


class _CachedTemplate:
    """What Pelican's ``write_file`` renders: the template, through the cache."""

    def __init__(self, template, pages, context):
        self.template, self.pages, self.context = template, pages, context

    def render(self, localcontext):
        return self.pages.render(self.template, localcontext, self.context)
