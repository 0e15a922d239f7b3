"""Old addresses keep working: a page at each ``redirect_from`` path that sends
the reader on, and ``?p=N`` links looked up by the home and 404 pages.

The fields are read and checked by the front-matter reader
(``plugins/common/addresses.py``); ``pages.py`` writes the
redirects with no Pelican; ``edge.py`` finds them in the built site.
"""

from pelican import signals

from .edge import plan, write


def register():
    signals.all_generators_finalized.connect(plan)
    signals.article_writer_finalized.connect(write)
