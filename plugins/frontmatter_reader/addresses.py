"""Two posts at one address: the first (by file name) keeps it, the others are
held back with an error, in ``invoke check`` and the build alike.

Two posts with the same title on the same day, or a page named after one of
the site's own pages (``archives``, ``tags``...), would be written to one
file: Pelican stops the whole build at the second write.
"""

from plugins.common.problems import Problem

# The site's own pages: settings naming where each is written.
OWN_PAGES = ("TIMELINE_SAVE_AS", "SEARCH_SAVE_AS")


def own_pages(settings):
    """``{save_as: name}`` of the pages the site writes itself."""
    found = {}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            found[save_as] = name
    for setting in OWN_PAGES:
        if settings.get(setting):
            found[settings[setting]] = setting.removesuffix("_SAVE_AS").lower()
    for url in settings.get("SITEMAP_EXTRA_URLS", ()):  # the pages plugins add
        found[f"{url.strip('/')}/index.html"] = url.strip("/")
    return found


def clashes(items, settings):
    """A ``Problem`` for each ``(shown path, save_as)`` whose address another
    item (earlier by path) or one of the site's own pages already has."""
    own, first, problems = own_pages(settings), {}, []
    for path, save_as in sorted(items):
        if save_as in own:
            problems.append(
                Problem(
                    path,
                    1,
                    "address",
                    f"'{save_as}' is where the site's own {own[save_as]} page is "
                    "written; give the post another slug",
                )
            )
        elif save_as in first:
            problems.append(
                Problem(
                    path,
                    1,
                    "address",
                    f"'{save_as}' is also the address of {first[save_as]}; "
                    "give one of them another slug",
                )
            )
        else:
            first[save_as] = path
    return problems
