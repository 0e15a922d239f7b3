"""Markdown posts with YAML front matter; Pelican's ``Key: value`` style still works.

Every other format Pelican could read is held back with an error.
"""

from pelican import signals

from .reader import FrontMatterReader, OtherFormatReader


def add_reader(readers):
    for extension, reader in list(readers.reader_classes.items()):
        if extension in FrontMatterReader.file_extensions:
            readers.reader_classes[extension] = FrontMatterReader
        elif reader and extension != "static":  # None: turned off in READERS
            readers.reader_classes[extension] = OtherFormatReader


def register():
    signals.readers_init.connect(add_reader)
