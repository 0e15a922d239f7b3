"""The Pelican edge: the Writer, with our feeds; pages rendered once per input.

Beyond Pelican's own feeds, ours follow the rules feed validators check:
every address is absolute, also in development where pages link relatively
(``absolute_site_url``); the feed says its language (RSS ``<language>``,
Atom ``xml:lang``); and an RSS ``<guid>``, a ``tag:`` URI rather than an
address, says ``isPermaLink="false"``. The ids themselves are Pelican's, so
readers already following the feeds see no post twice.
"""

import io
import logging
import os

from feedgenerator import Rss201rev2Feed
from pelican import signals
from pelican.writers import Writer

from plugins.common.files import write_output
from plugins.common.signals import feed_content, feed_extras
from plugins.common.site_url import absolute_site_url

from .feeds import ExtendedAtomFeed, ExtendedRssFeed
from .pages import PageCache

logger = logging.getLogger(__name__)


class JournalWriter(Writer):
    """Writes every feed with ``ExtendedAtomFeed``/``ExtendedRssFeed``, and
    renders a page only when its inputs changed (``pages.PageCache``)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.pages = PageCache(self.settings)
        # The writer lives as long as the build: then its unused pages go.
        signals.finalized.connect(self._finished)

    def _finished(self, pelican):
        self.pages.prune()

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
        return _OutputFile(filename, encoding)

    def write_file(self, name, template, context, *args, **kwargs):
        self.pages.begin_write()
        cached = _CachedTemplate(template, self.pages, context)
        return super().write_file(name, cached, context, *args, **kwargs)

    def write_feed(self, elements, context, *args, **kwargs):
        absolute = {**context, "SITEURL": absolute_site_url(context)}
        return super().write_feed(elements, absolute, *args, **kwargs)

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


class _OutputFile(io.StringIO):
    """Text for an output file, written out (``write_output``) when closed."""

    def __init__(self, path, encoding):
        super().__init__()
        self._path, self._encoding = path, encoding

    def close(self):
        if not self.closed:
            write_output(self._path, self.getvalue().encode(self._encoding))
        super().close()


class _CachedTemplate:
    """What Pelican's ``write_file`` renders: the template, through the cache."""

    def __init__(self, template, pages, context):
        self.template, self.pages, self.context = template, pages, context

    def render(self, localcontext):
        return self.pages.render(self.template, localcontext, self.context)
