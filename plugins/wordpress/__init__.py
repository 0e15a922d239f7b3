"""WordPress journals moved in: ``invoke import-wordpress EXPORT.xml``.

No Pelican here, and no build-time part: the importer writes posts, pages,
comments and media into ``content/`` and the build reads them as it reads
anything the writer wrote. The old addresses are kept by two front-matter
fields the reader checks (``permalink``, ``redirect_from``) and the build's
``plugins/redirects``.

    export.py      the export (WXR), streamed: items, their fields, comments
    comments.py    WordPress comments, pingbacks and trackbacks for the store
    wpautop.py     WordPress's paragraph rules
    shortcodes.py  block-editor comments and shortcodes as plain HTML
    markdown.py    that HTML as clean Markdown (markdownify), sanitized
    addresses.py   where each post goes, its old addresses, links between posts
    media.py       the pictures and files the posts use, downloaded (--media)
    posts.py       one post's or page's file: front matter and body
    importer.py    the whole import, its report, --dry-run
"""
