"""The site's absolute address, for what must not be relative; no Pelican.

Pages may use relative links (``RELATIVE_URLS`` in development), but feeds,
comment feeds and ``robots.txt``'s sitemap line need whole addresses: a feed
reader resolves a relative one against the feed, not the page. In
development ``SITEURL`` is empty and ``FEED_DOMAIN`` names the local server.
"""


def absolute_site_url(settings):
    """``SITEURL`` when it is absolute, else ``FEED_DOMAIN`` (or ``SITEURL``)."""
    site = settings.get("SITEURL") or ""
    if site.startswith(("http://", "https://")):
        return site
    return settings.get("FEED_DOMAIN") or site
