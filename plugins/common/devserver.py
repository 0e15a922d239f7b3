"""The development server: the built site on 127.0.0.1, as a static host serves it.

``invoke serve``, ``reserve`` and ``livereload`` use it instead of
``pelican --listen``, whose server answers a missing address with an empty
reply. Here a missing address gets the site's ``404.html`` with status 404,
as on GitHub Pages or behind nginx's ``error_page 404``.

A development build writes the few addresses that must be absolute (in
feeds, ``sitemap.xml``, ``robots.txt``) for ``FEED_DOMAIN``,
``http://127.0.0.1:8000``. Served from another address, those files are sent
with the address that serves them instead, so a feed followed from that port
links back to it; the files on disk stay as built. Pages need no such care:
in development every link in them is relative.
"""

import contextlib
import io
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

REWRITTEN = (".xml", ".txt")  # feeds, sitemap.xml, robots.txt
MISSING_PAGE = "404.html"
# The feeds' own media types: as text/xml a feed reader may not know them.
FEED_TYPES = {".atom.xml": "application/atom+xml", ".rss.xml": "application/rss+xml"}


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site; see the module's docstring."""

    def __init__(self, *args, built_for="", quiet=False, **kwargs):
        self.built_for = built_for
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def send_head(self):
        path = self.translate_path(self.path)
        origin = self.served_origin()
        if (
            not self.built_for
            or self.built_for == origin
            or not path.endswith(REWRITTEN)
            or not os.path.isfile(path)
        ):
            return super().send_head()
        with open(path, "rb") as handle:
            body = handle.read().replace(self.built_for.encode(), origin.encode())
        return self._send(200, self.guess_type(path), body)

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.directory, MISSING_PAGE)
        shown = code == 404 and self.command in ("GET", "HEAD")
        if not (shown and os.path.isfile(page)):
            super().send_error(code, message, explain)
            return
        with open(page, "rb") as handle:
            body = self._send(404, "text/html; charset=utf-8", handle.read())
        if self.command == "GET":
            self.wfile.write(body.getvalue())

    def guess_type(self, path):
        for suffix, media_type in FEED_TYPES.items():
            if str(path).endswith(suffix):
                return media_type
        return super().guess_type(path)

    def list_directory(self, path):
        """A folder without index.html is missing, as on a host: no listing."""
        self.send_error(404)

    def served_origin(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _send(self, code, content_type, body):
        """Send the headers of ``body``; return it, for the caller to copy."""
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def make_server(folder, host="127.0.0.1", port=0, *, built_for="", quiet=False):
    """A server of ``folder`` on ``host:port`` (0: any free port), not started."""

    def handler(*args):
        return SiteHandler(
            *args, directory=str(folder), built_for=built_for, quiet=quiet
        )

    return ThreadingHTTPServer((host, port), handler)


def serve(folder, host, port, *, built_for=""):
    """Serve ``folder`` until interrupted, saying where."""
    with make_server(folder, host, port, built_for=built_for) as server:
        host, port = server.server_address[:2]
        print(f"serve: http://{host}:{port}/ serves {folder}; Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
