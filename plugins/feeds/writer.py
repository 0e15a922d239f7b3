"""The Pelican edge: Pelican's Writer, writing our extended feeds."""

from feedgenerator import Rss201rev2Feed
from pelican.writers import Writer

from plugins.common.signals import feed_content, feed_extras

from .extras import ExtendedAtomFeed, ExtendedRssFeed


class ExtrasWriter(Writer):
    """Writes every feed with ``ExtendedAtomFeed``/``ExtendedRssFeed``."""

    def _create_new_feed(self, feed_type, feed_title, context):
        plain = super()._create_new_feed(feed_type, feed_title, context)
        extended = ExtendedRssFeed if feed_type == "rss" else ExtendedAtomFeed
        feed = extended(**plain.feed)
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        kind = "rss" if isinstance(feed, Rss201rev2Feed) else "atom"
        added = feed.items[-1]
        added["extras"] = feed_extras(item, kind)
        # Feed readers need absolute links: the feeds' own domain, else the site's.
        html = feed_content(item, self.settings.get("FEED_DOMAIN") or self.site_url)
        if html:
            key = "content" if added.get("content") else "description"
            added[key] = (added.get(key) or "") + html
