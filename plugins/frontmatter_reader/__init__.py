"""Markdown posts with YAML front matter; Pelican's ``Key: value`` style still works.

Every other format Pelican could read is held back with an error, and so is
a post at an address another post, or one of the site's own pages, has.
"""

from pelican import signals

from .reader import FrontMatterReader, OtherFormatReader, hold_back_clashes


def add_reader(readers):
    for extension, reader in list(readers.reader_classes.items()):
        if extension in FrontMatterReader.file_extensions:
            readers.reader_classes[extension] = FrontMatterReader
        elif reader and extension != "static":  # None: turned off in READERS
            readers.reader_classes[extension] = OtherFormatReader


def register():
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(hold_back_clashes)
    signals.page_generator_finalized.connect(hold_back_clashes)
