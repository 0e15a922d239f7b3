"""The Pelican edge of the redirects: which old address leads where.

``plan`` runs once every generator has read its content and before anything
is written, so that the home and 404 pages know whether to load the script
for numbered links; ``write`` writes the pages once the posts are written.
An old address that is also where some content is published, or that
another post named first, gets no redirect, with a warning.
"""

import logging
import os

from markupsafe import Markup
from pelican.generators import ArticlesGenerator

from plugins.common.addresses import numbered, saved_as
from plugins.common.files import write_output

from .pages import is_site_path, numbered_script, redirect_html, target_url

logger = logging.getLogger(__name__)

SCRIPT_SAVE_AS = "old-addresses.js"
PLANNED = "OLD_ADDRESSES_PLAN"


def _contents(context):
    """Every published post and page, translations too."""
    for item in [*context.get("articles", []), *context.get("pages", [])]:
        yield item
        yield from getattr(item, "translations", [])
    yield from context.get("hidden_pages", [])


def plan(generators):
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    context = generator.context
    contents = list(_contents(context))
    taken = {item.save_as: item for item in contents}
    pages, known = {}, {}
    for item in sorted(contents, key=lambda item: item.source_path):
        for old in item.metadata.get("redirect_from") or []:
            _claim(item, old, taken, pages, known)
    context[PLANNED] = (pages, known)
    context["OLD_ADDRESSES_SCRIPT"] = SCRIPT_SAVE_AS if known else ""


def _claim(item, old, taken, pages, known):
    if not is_site_path(item.url):
        return
    number = numbered(old)
    key = "=".join(number) if number else saved_as(old)
    claimed = known if number else pages
    other = claimed.get(key) or (None if number else taken.get(key))
    if other is item:
        return  # its own address, or named twice
    if other is not None:
        logger.warning(
            "redirects: %s: redirect_from '%s' already leads to %s; not redirected",
            os.path.relpath(item.source_path),
            old,
            os.path.relpath(other.source_path),
        )
        return
    claimed[key] = item


def write(generator, writer):
    pages, known = generator.context.pop(PLANNED, ({}, {}))
    site_url = generator.settings.get("SITEURL") or ""
    output = generator.output_path
    for path, item in pages.items():
        title = Markup(item.title).striptags()
        target = target_url(site_url, path, item.url)
        page = redirect_html(title, target, getattr(item, "lang", "en"))
        write_output(os.path.join(output, path), page)
    if known:
        script = numbered_script({key: item.url for key, item in known.items()})
        write_output(os.path.join(output, SCRIPT_SAVE_AS), script)
