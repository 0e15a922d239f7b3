"""Development settings: `invoke build` builds content/ into output/ with these."""

AUTHOR = "Ren Halloran"
SITENAME = "Beats Per Minute"
SITESUBTITLE = "Counting clonus, spasms and small wins with primary lateral sclerosis"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = ["pages", "comments", "images"]
# A post without a category line is in the journal's own category, never in one
# named after its folder (posts/2026/ would otherwise make a category "2026").
# `invoke new` and `invoke log` write it into the posts they create.
DEFAULT_CATEGORY = "Journal"
USE_FOLDER_AS_CATEGORY = False
THEME = "theme"
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.do"],
    # Every value a template prints is escaped unless it is marked trusted HTML
    # where it is made (Markup from our plugins) or with |safe (Pelican's HTML
    # of a post's body and summary). Nothing from a field becomes markup.
    "autoescape": True,
    # Pelican makes a new environment for every build (also under `invoke
    # regenerate`), so templates need not be checked for changes on each use.
    "auto_reload": False,
}
PLUGINS = [
    "plugins.build_cache",  # first: the cache folder for this code and these settings
    "plugins.frontmatter_reader",
    "plugins.symptom_log",
    "plugins.private_files",
    "plugins.blogroll",
    "plugins.search",
    "plugins.writer",
    "plugins.comments",
    "plugins.timeline",
    "plugins.redirects",
]
# What a build can reuse from the last one: Pelican's content cache (posts
# read), drawn charts and the comment store, in one folder per version of the
# code and these settings (plugins/build_cache).
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
GZIP_CACHE = False  # written at every build: compressing it cost more than reading it

# WordPress-style permalinks, so a journal moving from WordPress keeps its addresses.
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
# Pages made from theme templates: sitemap.xml, robots.txt, search and 404 pages.
DIRECT_TEMPLATES = [
    "index",
    "tags",
    "categories",
    "authors",
    "archives",
    "sitemap",
    "robots",
    "search",
    "404",  # the page a server shows for a missing address
]
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
# Pages plugins add, listed in sitemap.xml.
SITEMAP_EXTRA_URLS = ["blogroll/", "comments/", "timeline/"]
TIMELINE_URL = "timeline/"  # the journal timeline, written by plugins/timeline
TIMELINE_SAVE_AS = TIMELINE_URL + "index.html"
# Drafts are private health data: never rendered anywhere (the reader skips them too).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_DOMAIN = "http://127.0.0.1:8000"
RSS_FEED_SUMMARY_ONLY = False  # readers get whole posts in RSS, as in Atom
FEED_MAX_ITEMS = 20  # readers need the recent posts, not ten years of them

# The picture a shared link shows when a post has none of its own.
OG_IMAGE = "theme/images/og-default.png"
OG_IMAGE_ALT = "Beats Per Minute: a journal of clonus, spasms and small wins"

DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 60
DISPLAY_PAGES_ON_MENU = True
# Later pages of a list at .../page/2/, so every address ends in "/".
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Blogroll: other journals, with their latest posts from the cache that
# `invoke fetch-feeds` keeps (the build itself never goes online).
# Each blog: name, url, feed, tagline; optional "refresh" ("6h", "1d"),
# "entries" (posts shown) and "timeout" (seconds). `invoke import-opml FILE`
# adds blogs at the end of this list and changes nothing else in this file.
BLOGROLL = [
    {
        "name": "Kitt O'Malley",
        "url": "https://www.kittomalley.com/",
        "feed": "https://www.kittomalley.com/feed/",
        "tagline": "Love, Learn & Live with Bipolar Disorder",
    },
    {
        "name": "The Matticus Kingdom",
        "url": "https://thematticuskingdom.wordpress.com/",
        "feed": "https://thematticuskingdom.wordpress.com/feed/",
        "tagline": "Whatever it will be...",
    },
    {
        "name": "Breaking Moulds",
        "url": "https://breakingmoulds.com/",
        "feed": "https://breakingmoulds.com/feed/",
        "tagline": "Because moulds are for playdough, not people.",
    },
]
# Fetching and showing: see DEFAULTS in plugins/blogroll/config.py.
BLOGROLL_SETTINGS = {"cache_path": "cache/blogroll", "deadline": 60, "health_days": 3}
# Search (plugins/search): the page at search/; Pagefind's index of every post
# in pagefind/, made at the end of each build (at most "timeout" seconds).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
SEARCH = {"timeout": 60}
# Comments (plugins/comments): files under content/comments/<post-slug>/.
COMMENTS = {
    "display_depth": 5,  # nested this deep, then listed with "in reply to NAME"
    "email": "comments@beats-per-minute.example.org",  # for "Reply by email"
}
# Clonus timelines (plugins/timeline/config.py has every setting and its default).
TIMELINE = {
    "auto": True,  # a post with a log and no [timeline] line gets a chart after its text
    "weeks": 2,  # the weeks, ending on the post's day, that a post's chart shows
    "sustained_beats": 5,  # the report counts episodes of this many beats or more
}
