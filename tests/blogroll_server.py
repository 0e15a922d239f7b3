"""A real HTTP server on 127.0.0.1 for the blogroll tests, with every bad habit.

``FeedServer`` runs the standard library's threading HTTP server on a free
port in a thread. Routes map a path to a ``Route``: a fixed answer (a feed
with ETag and Last-Modified, answering 304 to a matching conditional GET), a
status, a redirect, or misbehaviour (hang, trickle, reset, gzip bomb, a
body too big to read, a 429 with ``Retry-After`` before the answer). A route
is found by the whole path with its query, else by the path alone. It
records every request's headers and how many body bytes it sent.
"""

import contextlib
import gzip
import socket
import struct
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GIGABYTE = 1 << 30  # a 1 GB decompressed body, made on the fly


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=UTF-8"
    etag: str | None = '"v1"'
    last_modified: str | None = "Mon, 16 Mar 2026 09:00:00 GMT"
    location: str | None = None
    # normal | hang | trickle | reset | bomb | gzip | huge | limited
    behaviour: str = "normal"
    delay: float = 0  # seconds before answering
    headers: dict = field(default_factory=dict)
    retry_after: str = "1"  # what "limited" sends with its 429s
    limited: int = 1  # how many 429s "limited" sends before answering


@dataclass
class Seen:
    path: str
    headers: dict
    status: int = 0
    body_bytes: int = 0


class FeedServer:
    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.requests = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 128
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def base(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path):
        return self.base + path

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def seen(self, path):
        return [request for request in self.requests if request.path == path]

    def _answer(self, handler):
        seen = Seen(handler.path, {k.lower(): v for k, v in handler.headers.items()})
        self.requests.append(seen)
        route = self.routes.get(handler.path)
        if route is None:
            route = self.routes.get(handler.path.split("?", 1)[0])
        if route is None:
            route = Route(status=404, body=b"not found", content_type="text/plain")
        if route.delay and self.stop.wait(route.delay):
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            getattr(self, f"_{route.behaviour}")(handler, route, seen)

    def _normal(self, handler, route, seen):
        fresh = (route.etag and seen.headers.get("if-none-match") == route.etag) or (
            route.last_modified
            and not route.etag
            and seen.headers.get("if-modified-since") == route.last_modified
        )
        status = 304 if fresh and route.status == 200 else route.status
        body = b"" if status == 304 else route.body
        seen.status, seen.body_bytes = status, len(body)
        self._head(handler, route, status, len(body))
        handler.wfile.write(body)

    def _limited(self, handler, route, seen):
        """429 with ``Retry-After`` for the first ``limited`` requests, then
        the normal answer."""
        asked = sum(1 for request in self.requests if request.path == seen.path)
        if asked > route.limited:
            self._normal(handler, route, seen)
            return
        seen.status = 429
        limited = Route(status=429, headers={"Retry-After": route.retry_after})
        self._head(handler, limited, 429, 0)

    def _gzip(self, handler, route, seen):
        body = gzip.compress(route.body)
        route = Route(**{**route.__dict__, "headers": {"Content-Encoding": "gzip"}})
        seen.status, seen.body_bytes = 200, len(body)
        self._head(handler, route, 200, len(body))
        handler.wfile.write(body)

    def _head(self, handler, route, status, length):
        handler.send_response(status)
        if route.location:
            handler.send_header("Location", route.location)
        if status < 300:
            handler.send_header("Content-Type", route.content_type)
        for name, value in (
            ("ETag", route.etag),
            ("Last-Modified", route.last_modified),
        ):
            if value and status in (200, 304):
                handler.send_header(name, value)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if length is not None:
            handler.send_header("Content-Length", str(length))
        handler.end_headers()

    def _hang(self, handler, route, seen):
        self.stop.wait(60)  # says nothing until the test ends

    def _trickle(self, handler, route, seen):
        """Headers, then one byte of the body every 0.1 s, for a minute."""
        self._head(handler, route, 200, 100_000)
        for _ in range(600):
            if self.stop.wait(0.1):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()
            seen.body_bytes += 1

    def _reset(self, handler, route, seen):
        """Close at once with a TCP reset (SO_LINGER 0)."""
        handler.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        handler.connection.close()
        handler.close_connection = True

    def _huge(self, handler, route, seen):
        """50 MB without a Content-Length, sent until the client hangs up."""
        handler.protocol_version = "HTTP/1.0"
        handler.close_connection = True
        self._head(handler, route, 200, None)
        piece = b'{"descendants": [' + b" " * (1 << 20)
        for _ in range(50):
            if self.stop.is_set():
                return
            handler.wfile.write(piece)
            seen.body_bytes += len(piece)

    def _bomb(self, handler, route, seen):
        """1 GB of zeros, gzipped as it is sent; stops when the client hangs up."""
        route = Route(**{**route.__dict__, "headers": {"Content-Encoding": "gzip"}})
        handler.protocol_version = "HTTP/1.0"
        handler.close_connection = True
        self._head(handler, route, 200, None)
        squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1 << 20)
        for _ in range(GIGABYTE // len(zeros)):
            if self.stop.is_set():
                return
            piece = squeeze.compress(zeros)
            if piece:
                handler.wfile.write(piece)
                seen.body_bytes += len(piece)
        handler.wfile.write(squeeze.flush())


def loopback_only(monkeypatch):
    """Make any connection to a host other than 127.0.0.1 fail the test."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"tried to reach {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
