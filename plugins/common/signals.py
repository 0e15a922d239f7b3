"""The journal's own signals, beside Pelican's: how plugins hand data to each other.

A plugin connects a module-level receiver in its ``register()``, as it does
for Pelican's signals; Pelican calls receivers in the order they were
connected (plugin order). Nothing here outlives a build but the connections.

- ``feed_item_extras``: ``receiver(item, kind)`` returns the ``FeedElement``
  list to add to a post's entry in every main feed, ``kind`` ``"atom"`` or
  ``"rss"``. An element's prefix must be one of ``FEED_NAMESPACES``, which
  every feed declares.
- ``feed_item_content``: ``receiver(item, site_url)`` returns HTML (escaped)
  that readers should see after the entry's content; ``""`` adds nothing.
- ``output_written``: ``receiver(path)``, sent by ``files.write_output`` for
  each file of the build's output, written or found already holding what it
  would be written with (the writer removes what an earlier build wrote and
  this one did not).
"""

from dataclasses import dataclass, field

from blinker import signal
from pelican.plugins import signals as _pelican_signals  # noqa: F401 (ordered receivers)

FEED_NAMESPACES = {
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "thr": "http://purl.org/syndication/thread/1.0",
}

feed_item_extras = signal("journal_feed_item_extras")
feed_item_content = signal("journal_feed_item_content")
output_written = signal("journal_output_written")


@dataclass(frozen=True)
class FeedElement:
    """One element: qualified ``name``, attributes and optional text."""

    name: str
    text: str | None = None
    attrs: dict = field(default_factory=dict)


def feed_extras(item, kind):
    """Every connected receiver's elements for ``item``, in plugin order."""
    return [
        e for _receiver, found in feed_item_extras.send(item, kind=kind) for e in found
    ]


def feed_content(item, site_url):
    """Every connected receiver's HTML for ``item``, in plugin order."""
    sent = feed_item_content.send(item, site_url=site_url)
    return "".join(html for _receiver, html in sent)
