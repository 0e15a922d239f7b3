"""The blogroll: related journals' latest posts, read from the cache only.

``invoke fetch-feeds`` (``refresh.py``) fills ``cache/blogroll/``; the build
never touches the network. This plugin puts the ``blogroll`` view in every
template's context, writes the "From the blogroll" page and publishes
``blogroll.opml``.
"""

from pelican import signals

from .edge import add_context, write_outputs


def register():
    signals.article_generator_init.connect(add_context)
    signals.article_writer_finalized.connect(write_outputs)
