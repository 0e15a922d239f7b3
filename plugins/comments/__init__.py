"""Static comments: threads under each post, counts, recent comments, feeds.

Comments are files under ``content/comments/<post-slug>/`` (see store.py),
imported from WordPress, comment feeds and email (import_*.py) or fetched
from the social web (social.py), whose counts sit beside them (reactions.py). Only
approved comments are published; commenters' emails never are.
Settings: ``COMMENTS = {...}`` merged per key over ``site.DEFAULTS``.
"""

import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from plugins.common.cache import Entries, Manifest, kept_dict, key
from plugins.common.signals import feed_item_extras
from plugins.common.site_url import absolute_site_url

from .cached_store import load_store
from .feeds import item_extras, write_comment_feeds
from .reactions import load_reactions, reactions_text
from .site import PostRef, aggregate, settings, webmention_endpoint

logger = logging.getLogger(__name__)


def _config(pelican_settings):
    config, problems = settings(pelican_settings.get("COMMENTS"))
    for problem in problems:
        logger.error("comments: COMMENTS setting: %s", problem)
    return config


def attach_comments(generators):
    """Every post's and page's published comments and mentions, once both
    generators have read their content: the store read through the build's
    cache, each post's comments threaded."""
    generator = _of(generators, ArticlesGenerator)
    if generator is None:
        return
    pages = _of(generators, PagesGenerator)
    contents = [*generator.articles, *(pages.pages if pages else [])]
    config = _config(generator.settings)
    generator.context["COMMENTS_CONFIG"] = config
    generator.context["WEBMENTION_ENDPOINT"] = webmention_endpoint(config)
    tz = ZoneInfo(generator.settings["TIMEZONE"])
    folder = Path(generator.settings["PATH"]) / config["path"]
    cache = Entries(generator.settings, "comments")
    store = load_store(folder, tz, cache)
    for problem in store.problems:
        log = logger.error if problem.severity == "error" else logger.warning
        log("comments: %s", problem)
    posts = [  # the title as plain text, as the theme and Pelican's feeds show it
        PostRef(item.slug, Markup(item.title).striptags(), item.url)
        for item in contents
    ]
    kept = cache.get(ORPHANS)
    site = aggregate(
        posts,
        store.comments,
        config,
        writer=generator.settings.get("AUTHOR") or "",
        base_url=absolute_site_url(generator.settings),
        tz=tz,
        rendered=store.html,
        digests=store.digests,
        kept_orphans=_kept_orphans(kept),
    )
    orphans = json.dumps(site.orphans, sort_keys=True).encode()
    if orphans != kept:
        cache.put(ORPHANS, orphans)
    cache.prune()
    for warning in site.warnings:
        logger.warning("comments: %s", warning)
    reactions, problems = load_reactions(folder, base=generator.settings["PATH"])
    for problem in problems:
        logger.warning("comments: %s", problem)
    for item in contents:
        item.comments = site.by_post.get(item.slug)
        item.mentions = site.mentions.get(item.slug)
        item.reactions = reactions_text(reactions.get(item.slug))
    generator.context["comment_site"] = site
    generator.context["recent_comments"] = site.recent
    # Every page's footer links the list: it needs to know only that there is
    # one (a page's cache key holds what its template reads).
    generator.context["has_recent_comments"] = bool(site.recent)


ORPHANS = key("orphaned comments")  # what to warn about, by post


def _kept_orphans(data):
    """``{digest: [[id, replyto], ...]}`` kept by a build; empty if not that."""
    return kept_dict(
        data,
        lambda orphans: (
            isinstance(orphans, list)
            and all(isinstance(o, list) and len(o) == 2 for o in orphans)
        ),
    )


def _of(generators, kind):
    return next((g for g in generators if isinstance(g, kind)), None)


def write_output(generator, writer):
    """The "Recent comments" page and every comment feed."""
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
    kept = Entries(generator.settings, "comment-feeds")
    made = Manifest(kept, "comment feeds")
    write_comment_feeds(
        generator.output_path,
        site,
        config,
        absolute_site_url(generator.settings),
        generator.settings["SITENAME"],
        made=made,
    )
    made.keep()
    kept.prune()


def register():
    feed_item_extras.connect(item_extras)
    signals.all_generators_finalized.connect(attach_comments)
    signals.article_writer_finalized.connect(write_output)
