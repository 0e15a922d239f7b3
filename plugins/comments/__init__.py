"""Static comments: threads under each post, counts, recent comments, feeds.

Comments are files under ``content/comments/<post-slug>/`` (see store.py),
imported from WordPress, comment feeds and email (import_*.py). Only
approved comments are published; commenters' emails never are.
Settings: ``COMMENTS = {...}`` merged per key over ``site.DEFAULTS``.
"""

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from plugins.common.background import Background
from plugins.feeds.extras import register_item_extra

from .feeds import item_extras, write_comment_feeds
from .site import PostRef, aggregate, load_comments, settings

logger = logging.getLogger(__name__)


def _config(pelican_settings):
    config, problems = settings(pelican_settings.get("COMMENTS"))
    for problem in problems:
        logger.error("comments: COMMENTS setting: %s", problem)
    return config


def base_url(pelican_settings):
    """The absolute address of the site, for feeds."""
    site = pelican_settings.get("SITEURL") or ""
    if site.startswith(("http://", "https://")):
        return site
    return pelican_settings.get("FEED_DOMAIN") or site


def start_loading(generator):
    """Read and render the comment store in a second process while Pelican
    reads the posts: for a big store, most of what comments cost a build."""
    config = _config(generator.settings)
    folder = Path(generator.settings["PATH"]) / config["path"]
    generator.context["COMMENTS_CONFIG"] = config
    generator.context["comment_store"] = Background(
        load_comments, str(folder), generator.settings["TIMEZONE"]
    )


def attach_comments(generators):
    """Every post's and page's published comments and mentions, once both
    generators have read their content; then the comment feeds start."""
    generator = _of(generators, ArticlesGenerator)
    if generator is None or "comment_store" not in generator.context:
        return
    pages = _of(generators, PagesGenerator)
    contents = [*generator.articles, *(pages.pages if pages else [])]
    config = generator.context["COMMENTS_CONFIG"]
    tz = ZoneInfo(generator.settings["TIMEZONE"])
    comments, problems, rendered = generator.context.pop("comment_store").result()
    for problem in problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("comments: %s", problem)
    posts = [  # the title as plain text, as the theme and Pelican's feeds show it
        PostRef(item.slug, Markup(item.title).striptags(), item.url)
        for item in contents
    ]
    site = aggregate(
        posts,
        comments,
        config,
        writer=generator.settings.get("AUTHOR") or "",
        base_url=base_url(generator.settings),
        tz=tz,
        rendered=rendered,
    )
    for warning in site.warnings:
        logger.warning("comments: %s", warning)
    for item in contents:
        item.comments = site.by_post.get(item.slug)
        item.mentions = site.mentions.get(item.slug)
    generator.context["comment_site"] = site
    generator.context["recent_comments"] = site.recent
    _start_feeds(generator)


def _of(generators, kind):
    return next((g for g in generators if isinstance(g, kind)), None)


def write_output(generator, writer):
    site = generator.context.get("comment_site")
    if site is None:
        return
    config = generator.context["COMMENTS_CONFIG"]
    if config["recent_save_as"]:
        writer.write_file(
            config["recent_save_as"],
            generator.get_template("recent_comments"),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            url=config["recent_url"],
        )
    generator.context.pop("comment_feeds").result()


def _start_feeds(generator):
    """Write the comment feeds in a second process while Pelican writes pages
    (the output folder is ready by now)."""
    generator.context["comment_feeds"] = Background(
        write_comment_feeds,
        generator.output_path,
        generator.context["comment_site"],
        generator.context["COMMENTS_CONFIG"],
        base_url(generator.settings),
        generator.settings["SITENAME"],
    )


def register():
    register_item_extra(item_extras)
    signals.article_generator_init.connect(start_loading)
    signals.all_generators_finalized.connect(attach_comments)
    signals.article_writer_finalized.connect(write_output)
