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
from pelican.generators import ArticlesGenerator

from plugins.common.background import Background
from plugins.common.site_url import absolute_site_url
from plugins.feeds.extras import register_item_extra

from .feeds import item_extras, write_comment_feeds
from .site import PostRef, aggregate, load_comments, settings

logger = logging.getLogger(__name__)


def _config(pelican_settings):
    config, problems = settings(pelican_settings.get("COMMENTS"))
    for problem in problems:
        logger.error("comments: COMMENTS setting: %s", problem)
    return config


def start_loading(generator):
    """Read and render the comment store in a second process while Pelican
    reads the posts: for a big store, most of what comments cost a build."""
    config = _config(generator.settings)
    folder = Path(generator.settings["PATH"]) / config["path"]
    generator.context["COMMENTS_CONFIG"] = config
    generator.context["comment_store"] = Background(
        load_comments, str(folder), generator.settings["TIMEZONE"]
    )


def attach_comments(generator):
    config = generator.context["COMMENTS_CONFIG"]
    tz = ZoneInfo(generator.settings["TIMEZONE"])
    comments, problems, rendered = generator.context.pop("comment_store").result()
    for problem in problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("comments: %s", problem)
    posts = [  # the title as plain text, as the theme and Pelican's feeds show it
        PostRef(article.slug, Markup(article.title).striptags(), article.url)
        for article in generator.articles
    ]
    site = aggregate(
        posts,
        comments,
        config,
        writer=generator.settings.get("AUTHOR") or "",
        base_url=absolute_site_url(generator.settings),
        tz=tz,
        rendered=rendered,
    )
    for warning in site.warnings:
        logger.warning("comments: %s", warning)
    for article in generator.articles:
        article.comments = site.by_post.get(article.slug)
    generator.context["comment_site"] = site
    generator.context["recent_comments"] = site.recent


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


def start_feeds(generators):
    """Write the comment feeds in a second process while Pelican writes pages
    (the output folder is ready by now)."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None or "comment_site" not in generator.context:
        return
    generator.context["comment_feeds"] = Background(
        write_comment_feeds,
        generator.output_path,
        generator.context["comment_site"],
        generator.context["COMMENTS_CONFIG"],
        absolute_site_url(generator.settings),
        generator.settings["SITENAME"],
    )


def register():
    register_item_extra(item_extras)
    signals.article_generator_init.connect(start_loading)
    signals.article_generator_finalized.connect(attach_comments)
    signals.all_generators_finalized.connect(start_feeds)
    signals.article_writer_finalized.connect(write_output)
