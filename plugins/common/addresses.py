"""Where a post is published, and the old addresses that lead to it; no Pelican.

Two front-matter fields, written by ``invoke import-wordpress`` so that a
journal's old links keep working, and usable by hand:

- ``permalink: about/contact/`` publishes the post or page at exactly that
  address instead of the one ``ARTICLE_URL``/``PAGE_URL`` give it.
- ``redirect_from: [with-excerpt/, "?p=8"]`` lists old addresses: each path
  gets a page that sends the reader on to the post; ``?p=N`` and
  ``?page_id=N`` (WordPress's own links by number) are looked up by a small
  script on the home and 404 pages.

Both are untrusted like any front matter: a path is relative, each of its
folders one safe name (``plugins/common/paths.py``), so nothing can be
written outside the output or over the site's own folders (``reserved``),
and a redirect only ever leads to the post's own address, never to one
written in the file.
"""

import re

from plugins.common.paths import is_safe_segment
from plugins.common.problems import Problem

MAX_PATH = 300  # characters of one address
MAX_SEGMENTS = 10
MAX_REDIRECTS = 20
_NUMBERED = re.compile(r"\?(p|page_id)=([0-9]{1,20})")
_PAGE = re.compile(r"(.+)\.html?")
# Settings that name what the site itself publishes: their first folder is
# the site's, not a post's to take.
_ADDRESS_SUFFIXES = ("_URL", "_SAVE_AS", "_ATOM", "_RSS", "_URLS")
_ADDRESS_KEYS = ("THEME_STATIC_DIR", "STATIC_PATHS", "PAGINATION_PATTERNS")
_PLUGIN_SETTINGS = ("COMMENTS", "SEARCH", "TIMELINE")


def permalink(value):
    """``(address, None)`` for a valid ``permalink``, else ``(None, message)``."""
    if not isinstance(value, str):
        return None, "must be an address such as about/contact/"
    text = value.strip()
    if not text.endswith("/"):
        return None, f"'{text[:60]}' must end with / (about/contact/)"
    problem = _path_problem(text)
    return (None, f"'{text[:60]}': {problem}") if problem else (text, None)


def redirect_from(value):
    """``(old addresses, None)`` for a valid ``redirect_from``, else
    ``(None, message)``. One address may be given alone, not in a list."""
    values = value if isinstance(value, list) else [value]
    if len(values) > MAX_REDIRECTS:
        return None, f"more than {MAX_REDIRECTS} old addresses"
    found = []
    for item in values:
        if not isinstance(item, str):
            return None, "must be old addresses such as 2012/old-name/ or ?p=12"
        text = item.strip()
        problem = None if _NUMBERED.fullmatch(text) else _path_problem(text, True)
        if problem:
            return None, f"'{text[:60]}': {problem}"
        found.append(text)
    return list(dict.fromkeys(found)), None


def numbered(address):
    """``("p" | "page_id", digits)`` for ``?p=N`` or ``?page_id=N``, else None."""
    match = _NUMBERED.fullmatch(address)
    return match.groups() if match else None


def saved_as(address):
    """The output file of a path address: ``a/b/`` is ``a/b/index.html``."""
    return address + "index.html" if address.endswith("/") else address


def _path_problem(text, file_ok=False):
    """Why ``text`` is not a relative address of safe folder names, or None."""
    if len(text) > MAX_PATH:
        return f"longer than {MAX_PATH} characters"
    if text.startswith("/") or "//" in text or not text.strip("/"):
        return "write it relative, without the first /, such as about/contact/"
    segments = text.rstrip("/").split("/")
    if len(segments) > MAX_SEGMENTS:
        return f"more than {MAX_SEGMENTS} folders"
    last = segments[-1]
    page = _PAGE.fullmatch(last) if file_ok and not text.endswith("/") else None
    if page:
        segments[-1] = page.group(1)
    elif not text.endswith("/"):
        return "must end with / (or .html for an old page)"
    if not all(is_safe_segment(segment) for segment in segments):
        return "each folder must be letters, digits, - and _ (no ., no spaces)"
    return None


def first_folder(address):
    return address.split("/", 1)[0]


def reserved(settings):
    """What the site publishes itself, which no post may take or redirect
    from: ``(folders, files)``. A folder is one the site fills with pages
    named from content (``tag/``, ``category/``, ``feeds/``, ``page/``) or
    files (``theme/``, ``images/``, ``data/``); a file is one of its own
    pages (``tags/index.html``, ``archives/index.html``, ``search/...``).
    Another address in ``archives/`` or ``search/`` is free."""
    texts = []
    for key, value in settings.items():
        if key.endswith(_ADDRESS_SUFFIXES) or key in _ADDRESS_KEYS:
            texts += _strings(value)
        elif key in _PLUGIN_SETTINGS and isinstance(value, dict):
            texts += _strings(list(value.values()))
    folders = set()
    for key in ("THEME_STATIC_DIR", "STATIC_PATHS"):
        folders.update(first_folder(text) for text in _strings(settings.get(key)))
    folders.add(str((settings.get("TIMELINE") or {}).get("export_path") or "data"))
    files = set()
    for written in texts:
        text = written.removeprefix("{base_name}/").lstrip("/")
        if "{" in text:
            folders.add(first_folder(text))
        elif text:
            files.add(saved_as(text))
    return (
        frozenset(f for f in folders if is_safe_segment(f)),
        frozenset(files),
    )


def site_address_problem(address, taken):
    """Why ``address`` (a path) is the site's own, with ``taken`` what
    ``reserved`` gave, else None."""
    folders, files = taken
    folder = first_folder(address)
    if folder in folders:
        return f"is in {folder}/, where the site writes its own pages"
    if saved_as(address) in files:
        return "is the address of one of the site's own pages"
    return None


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def clashes(items, settings):
    """A ``Problem`` for each ``(shown path, save_as)`` whose address another
    item (earlier by path) or one of the site's own pages already has: two
    posts with the same title on the same day, or a page named ``archives``,
    would be written to one file. The first keeps it; the others are held
    back, in ``invoke check`` and the build alike."""
    own = reserved(settings)[1]
    first, problems = {}, []
    for path, save_as in sorted(items):
        if save_as in own:
            message = (
                f"'{save_as}' is where one of the site's own pages is written; "
                "give the post another slug"
            )
        elif save_as in first:
            message = (
                f"'{save_as}' is also the address of {first[save_as]}; "
                "give one of them another slug"
            )
        else:
            first[save_as] = path
            continue
        problems.append(Problem(path, 1, "address", message))
    return problems
