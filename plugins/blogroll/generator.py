"""The Pelican edge of the blogroll: context, the blogroll page and the OPML file."""

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from plugins.common.files import write_atomic

from .config import blogroll_entries, blogroll_settings
from .opml import export_opml
from .view import blogroll_view

logger = logging.getLogger(__name__)


class BlogrollGenerator(Generator):
    """Adds ``blogroll`` to the shared context; writes the page and the OPML."""

    def generate_context(self):
        self.options = blogroll_settings(self.settings)
        self.blogs = blogroll_entries(self.settings, self.options)
        self.context["blogroll"] = blogroll_view(
            self.blogs,
            self.options,
            ZoneInfo(self.settings["TIMEZONE"]),
            self.settings["DEFAULT_DATE_FORMAT"],
        )

    def generate_output(self, writer):
        if not self.blogs:
            return
        writer.write_file(
            self.options["page_save_as"],
            self.get_template("blogroll"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.options["page_url"],
        )
        title = f"{self.settings['SITENAME']}: blogroll"
        path = Path(self.output_path) / self.options["opml_save_as"]
        write_atomic(path, export_opml(self.blogs, title))
        logger.info("blogroll: wrote %s", path)
