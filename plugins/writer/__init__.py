"""How the site is written: our feeds, pages rendered once per input, and
an output without the files an earlier build made and this one does not.

Other plugins add to each feed item through the signals of
plugins/common/signals.py; pages.py says when a page is not rendered again.
"""

from pelican import signals

from .writer import JournalWriter


class UnmadeFiles:
    """A generator that writes nothing: once every other generator (but the
    static one, always last) has written its files, the writer removes
    those an earlier build made and this one did not."""

    def __init__(self, **_context):
        pass

    def generate_output(self, writer):
        if isinstance(writer, JournalWriter):
            writer.remove_unmade()


def get_writer(pelican_object):
    return JournalWriter


def get_generators(pelican_object):
    return UnmadeFiles


def register():
    signals.get_writer.connect(get_writer)
    signals.get_generators.connect(get_generators)
