"""Our feeds: Pelican's feeds, with extra per-item elements other plugins add.

See ``extras.py`` for the extension point (``register_item_extra``).
"""

from pelican import signals

from .writer import ExtrasWriter


def get_writer(pelican_object):
    return ExtrasWriter


def register():
    signals.get_writer.connect(get_writer)
