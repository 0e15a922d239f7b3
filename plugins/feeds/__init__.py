"""Our feeds: Pelican's feeds, with extra per-item elements other plugins add.

Other plugins add to each item through the signals of plugins/common/signals.py.
"""

from pelican import signals

from .writer import ExtrasWriter


def get_writer(pelican_object):
    return ExtrasWriter


def register():
    signals.get_writer.connect(get_writer)
