"""The Pelican edge of the front-matter reader."""

import logging
import os
from zoneinfo import ZoneInfo

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from plugins.common.text import xml_safe

from .post import has_front_matter, parse_post

logger = logging.getLogger(__name__)

SKIP = {"status": "skip"}
DATES = ("date", "modified")  # already aware datetimes in the site's zone


class FrontMatterReader(MarkdownReader):
    """Reads ``---`` YAML front matter; other Markdown goes to Pelican's reader.

    A file with an error is logged as ``path:line: field: problem`` and
    skipped, so the rest of the journal still builds. A draft or private post
    is skipped too: it is never rendered, not even into ``drafts/``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._front_matter_md = None  # one for the whole build: see _markdown

    def read(self, source_path):
        with pelican_open(source_path) as raw:
            text = xml_safe(raw)
        self._source_path = source_path
        if not has_front_matter(text):
            # Pelican's own way: its metadata parsing changes the Markdown.
            self._md = Markdown(**self.settings["MARKDOWN"])
            return self._read_pelican_style(text)
        shown = os.path.relpath(source_path)
        post = parse_post(text, shown, ZoneInfo(self.settings["TIMEZONE"]))
        for problem in post.problems:
            log = logger.error if problem.severity == "error" else logger.warning
            log("frontmatter_reader: %s", problem)
        if post.errors or post.private:
            return None, dict(SKIP)
        self._md = self._markdown()
        metadata = {
            name: value if name in DATES else self.process_metadata(name, value)
            for name, value in post.meta.items()
        }
        for name in self.settings["FORMATTED_FIELDS"]:
            if isinstance(metadata.get(name), str):
                metadata[name] = self._md.reset().convert(metadata[name])
        metadata["symptom_log"] = post.log
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

    def _read_pelican_style(self, text):
        """What Pelican's MarkdownReader.read does, on the cleaned text."""
        content = self._md.convert(text)
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        if str(metadata.get("status", "")).lower() == "draft":
            return None, dict(SKIP)
        return content, metadata
