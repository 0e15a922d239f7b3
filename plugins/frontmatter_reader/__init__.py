"""Markdown posts with YAML front matter; Pelican's ``Key: value`` style still works."""

from pelican import signals

from .reader import FrontMatterReader


def add_reader(readers):
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def register():
    signals.readers_init.connect(add_reader)
