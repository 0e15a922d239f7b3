"""How the site is written: our feeds, and pages rendered once per input.

Other plugins add to each feed item through the signals of
plugins/common/signals.py; pages.py says when a page is not rendered again.
"""

from pelican import signals

from .writer import JournalWriter


def get_writer(pelican_object):
    return JournalWriter


def register():
    signals.get_writer.connect(get_writer)
