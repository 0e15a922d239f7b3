"""The Pelican edge: Pelican's Writer, writing our extended feeds.

Beyond Pelican's own feeds, ours follow the rules feed validators check:
every address is absolute, also in development where pages link relatively
(``absolute_site_url``); the feed says its language (RSS ``<language>``,
Atom ``xml:lang``); and an RSS ``<guid>``, a ``tag:`` URI rather than an
address, says ``isPermaLink="false"``. The ids themselves are Pelican's, so
readers already following the feeds see no post twice.
"""

from feedgenerator import Rss201rev2Feed
from pelican.writers import Writer

from plugins.common.site_url import absolute_site_url

from .extras import (
    ExtendedAtomFeed,
    ExtendedRssFeed,
    content_extras_for,
    extras_for,
)


class ExtrasWriter(Writer):
    """Writes every feed with ``ExtendedAtomFeed``/``ExtendedRssFeed``."""

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
        added["extras"] = extras_for(item, kind)
        html = content_extras_for(item, self.site_url)
        if html:
            key = "content" if added.get("content") else "description"
            added[key] = (added.get(key) or "") + html
