"""The Pelican edge of the blogroll: context, the blogroll page and the OPML file.

Signal receivers, not a generator of our own: a generator brings its own
Jinja environment and would compile base.html again; the articles
generator's environment has it compiled already.
"""

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from plugins.common.files import write_output

from .config import blogroll_entries, blogroll_settings
from .opml import export_opml
from .view import blogroll_view

logger = logging.getLogger(__name__)


def add_context(generator):
    """Put ``blogroll`` (from the cache) into the context every template shares."""
    if "blogroll" in generator.context:
        return
    settings = generator.settings
    options = blogroll_settings(settings)
    blogs = blogroll_entries(settings, options)
    generator.context["blogroll_blogs"] = blogs
    generator.context["blogroll"] = blogroll_view(
        blogs,
        options,
        ZoneInfo(settings["TIMEZONE"]),
        settings["DEFAULT_DATE_FORMAT"],
    )
    generator.context["blogroll_options"] = options


def write_outputs(generator, writer):
    """Write the "From the blogroll" page and ``blogroll.opml``."""
    blogs = generator.context.get("blogroll_blogs")
    if not blogs:
        return
    options = generator.context["blogroll_options"]
    writer.write_file(
        options["page_save_as"],
        generator.get_template("blogroll"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=options["page_url"],
    )
    title = f"{generator.settings['SITENAME']}: blogroll"
    path = Path(generator.output_path) / options["opml_save_as"]
    write_output(path, export_opml(blogs, title))
    logger.debug("blogroll: wrote %s", path)
