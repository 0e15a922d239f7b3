"""The Pelican edge of the front-matter reader."""

import logging
import os

from markdown import Markdown
from pelican.generators import ArticlesGenerator
from pelican.readers import BaseReader, MarkdownReader

from plugins.common.addresses import clashes, saved_as
from plugins.common.urls import pelican_metadata

from .source import read_source

logger = logging.getLogger(__name__)

SKIP = {"status": "skip"}
OURS = ("slug", "status")  # worked out by read_source, for Pelican-style posts too


def _read_checked(reader, source_path):
    """``read_source`` with every problem logged; None when it is held back.

    A file with an error, a draft and a private post are held back: never
    rendered, not even into ``drafts/``.
    """
    post = read_source(source_path, reader.settings)
    for problem in post.problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("frontmatter_reader: %s", problem)
    return None if post.errors or post.private else post


class FrontMatterReader(MarkdownReader):
    """Reads ``---`` YAML front matter; Pelican's ``Key: value`` posts too.

    A file with an error is logged as ``path:line: field: problem`` and
    skipped, so the rest of the journal still builds.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._front_matter_md = None  # one for the whole build: see _markdown

    def read(self, source_path):
        self._source_path = source_path
        post = _read_checked(self, source_path)
        if post is None:
            return None, dict(SKIP)
        if post.pelican_style:
            # Pelican's own way: its metadata parsing changes the Markdown.
            self._md = Markdown(**self.settings["MARKDOWN"])
            content = self._md.convert(post.text)
            metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
            metadata.update(
                {name: post.meta[name] for name in OURS if name in post.meta}
            )
            return content, metadata
        self._md = self._markdown()
        metadata = pelican_metadata(post.meta, self.process_metadata)
        for name in self.settings["FORMATTED_FIELDS"]:
            if isinstance(metadata.get(name), str):
                metadata[name] = self._md.reset().convert(metadata[name])
        metadata["symptom_log"] = post.log
        if "permalink" in post.meta:  # checked: relative, safe, not the site's
            metadata["url"] = post.meta["permalink"]
            metadata["save_as"] = saved_as(post.meta["permalink"])
        return self._md.reset().convert(post.body), metadata

    def _markdown(self):
        """The build's Markdown for files with front matter, reset for a new one.

        Making a Markdown for each file, as Pelican's reader does, costs about
        as much as converting the file; ``reset`` is made for reuse. These
        files have no Markdown metadata lines to read.
        """
        if self._front_matter_md is None:
            self._front_matter_md = Markdown(**self.settings["MARKDOWN"])
            self._front_matter_md.preprocessors.deregister("meta")
        return self._front_matter_md.reset()


class OtherFormatReader(BaseReader):
    """A content file in a format but Markdown: held back with an error."""

    enabled = True
    file_extensions = ()  # set per extension by add_reader, never for "static"

    def read(self, source_path):
        _read_checked(self, source_path)
        return None, dict(SKIP)


def hold_back_clashes(generator):
    """Posts (or pages) at an address another already has, or one of the
    site's own pages has: logged, and left out before anything is written."""
    kind = "articles" if isinstance(generator, ArticlesGenerator) else "pages"
    contents = [*getattr(generator, kind), *generator.translations]
    problems = clashes(
        [(os.path.relpath(c.source_path), c.save_as) for c in contents],
        generator.settings,
    )
    for problem in problems:
        logger.error("frontmatter_reader: %s", problem)
    dropped = {problem.path for problem in problems}

    def kept(items):
        return [c for c in items if os.path.relpath(c.source_path) not in dropped]

    setattr(generator, kind, kept(getattr(generator, kind)))
    generator.translations = kept(generator.translations)
    if kind == "pages":  # Pelican put them in the context already
        generator.context["pages"] = generator.pages
