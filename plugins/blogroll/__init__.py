"""The blogroll: related journals' latest posts, read from the cache only.

``invoke fetch-feeds`` (``refresh.py``) fills ``cache/blogroll/``; the build
never touches the network. This plugin adds a generator that puts the
``blogroll`` view in every template's context, writes the "From the
blogroll" page and publishes ``blogroll.opml``.
"""

from pelican import signals

from .generator import BlogrollGenerator


def add_generator(pelican_object):
    return BlogrollGenerator


def register():
    signals.get_generators.connect(add_generator)
