"""The one HTTP client: every fetch, bounded in time and in memory.

The blogroll's feeds, the comment importer's URLs and the social web's
APIs (Mastodon, Bluesky, webmention.io) are fetched here.
The standard library's ``http.client`` in threads: no new dependency, and
full control over what matters here. Each fetch has a deadline that covers
connecting, every byte of headers and body and every redirect (a watchdog
shuts the socket when it passes, so a server that trickles one byte a
second cannot hold us). The body is read in small pieces and counted on the
wire and after decompression, which is streamed with a cap, so a gzip bomb
stops at the cap instead of filling memory. A 429 answer's ``Retry-After``
is waited for when the wait fits in the deadline; an error answer's body
(a JSON API says why there) is kept, capped.

``fetch_all`` runs many fetches at once under a total deadline. Worker
threads are daemons: a fetch stuck past the deadline (a slow DNS lookup,
say) is abandoned, reported, and cannot keep the process alive.
"""

import contextlib
import email.utils
import http.client
import os
import queue
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

# Each, when set, is a comma-separated list of the only hosts fetched from;
# when both are, a host must be in both. FETCH_ALLOWED_HOSTS covers every
# fetch; BLOGROLL_ALLOWED_HOSTS is its first name, from when only the
# blogroll fetched. The tests set FETCH_ALLOWED_HOSTS to 127.0.0.1, for the
# tasks they start too, so no test reaches a real site.
ALLOWED_HOSTS = ("FETCH_ALLOWED_HOSTS", "BLOGROLL_ALLOWED_HOSTS")
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
CHUNK = 64 * 1024
FEEDS = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.1"
)
JSON = "application/json"
TOO_MANY = 429
ERROR_BODY_BYTES = 64 * 1024  # of an error answer, kept for the caller


class FetchError(Exception):
    """A fetch that failed; ``kind`` is one word, ``str()`` the writer's reason."""

    def __init__(self, kind, message, status=None, body=b""):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.body = body  # an error answer's body, at most ERROR_BODY_BYTES


@dataclass
class Response:
    status: int  # 200 (or another 2xx) or 304
    url: str  # the address that answered, after redirects
    headers: dict  # lower-case names
    body: bytes = b""
    moved_to: str | None = None  # where permanent redirects lead
    redirects: list = field(default_factory=list)  # (status, from, to)


@dataclass(frozen=True)
class Limits:
    timeout: float = 10
    max_bytes: int = 5_000_000
    max_decompressed: int = 20_000_000
    max_redirects: int = 5
    user_agent: str = "beats-per-minute-blogroll/1.0"
    accept: str = FEEDS  # the Accept header: FEEDS or JSON
    max_waits: int = 2  # 429 answers waited out (Retry-After) per fetch


def fetch(url, etag=None, last_modified=None, limits=Limits(), deadline=None):
    """GET ``url``; return a ``Response`` (2xx or 304) or raise ``FetchError``.

    ``deadline`` (a ``time.monotonic()`` value) caps ``limits.timeout``. A
    429 whose ``Retry-After`` ends before then is waited out and asked
    again, at most ``limits.max_waits`` times.
    """
    ends = time.monotonic() + limits.timeout
    ends = min(ends, deadline) if deadline is not None else ends
    headers = {
        "User-Agent": limits.user_agent,
        "Accept": limits.accept,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    redirects, visited, current, waits = [], {url}, url, 0
    while True:
        status, answer_headers, body = _get(current, headers, ends, limits)
        if status == TOO_MANY and waits < limits.max_waits:
            pause = retry_after(answer_headers.get("retry-after"))
            if pause is not None and time.monotonic() + pause < ends:
                waits += 1
                time.sleep(pause)
                continue
        if status not in REDIRECTS:
            break
        target = _redirect_target(current, answer_headers, status)
        redirects.append((status, current, target))
        if target in visited:
            raise FetchError("redirect-loop", f"redirect loop at {target}", status)
        if len(redirects) > limits.max_redirects:
            raise FetchError(
                "redirect-loop", f"more than {limits.max_redirects} redirects", status
            )
        visited.add(target)
        current = target
    return _response(status, current, answer_headers, body, redirects)


def retry_after(value):
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date),
    or None when there is none or it cannot be read."""
    text = (value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - time.time())


def _response(status, url, headers, body, redirects):
    if status == 410:
        raise FetchError("gone", "410 Gone: removed from the server", status, body)
    if status == TOO_MANY:
        pause = retry_after(headers.get("retry-after"))
        wait = f"; it asks to wait {pause:.0f} s" if pause is not None else ""
        raise FetchError("rate-limited", f"HTTP 429 Too Many Requests{wait}", status)
    if status != 304 and not 200 <= status < 300:
        reason = http.client.responses.get(status, "unknown status")
        raise FetchError("http", f"HTTP {status} {reason}", status, body)
    moved_to = None
    for hop_status, _source, target in redirects:
        if hop_status not in PERMANENT:
            break
        moved_to = target
    return Response(status, url, headers, body, moved_to, redirects)


def _redirect_target(current, headers, status):
    location = headers.get("location")
    if not location:
        raise FetchError("http", f"HTTP {status} redirect without a Location", status)
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme not in ("http", "https"):
        raise FetchError("http", f"redirect to a non-web address {target!r}", status)
    return target


def _get(url, headers, ends, limits):
    """One request: (status, headers, body); the body is empty unless 2xx."""
    connection, path = _connection(url, ends)
    fired = threading.Event()  # set by the watchdog when the time is up
    watchdog = None
    try:
        connection.connect()
        sock = connection.sock  # the response keeps it after the connection closes
        watchdog = threading.Timer(_remaining(ends), _shut, (sock, fired))
        watchdog.daemon = True
        watchdog.start()
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        answer_headers = {k.lower(): v for k, v in answer.getheaders()}
        body = b""
        if 200 <= answer.status < 300:
            body = _read_body(answer, sock, answer_headers, ends, limits)
        elif answer.status >= 400:
            body = _error_body(answer, sock, answer_headers, ends, limits)
        if fired.is_set():
            raise TimeoutError
        return answer.status, answer_headers, body
    except (FetchError, OSError, http.client.HTTPException) as error:
        raise _translate(
            error, fired.is_set() or time.monotonic() >= ends, limits
        ) from None
    finally:
        if watchdog is not None:
            watchdog.cancel()
        connection.close()


def _connection(url, ends):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("bad-address", f"not an http or https address: {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise FetchError("bad-address", f"bad port in {url!r}") from None
    refusing = _refusing(parts.hostname)
    if refusing:
        raise FetchError("blocked", f"{parts.hostname} is not in ${refusing}")
    https = parts.scheme == "https"
    make = http.client.HTTPSConnection if https else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return make(parts.hostname, port, timeout=_remaining(ends)), path


def _refusing(host):
    """The first variable of ALLOWED_HOSTS that is set and leaves out ``host``."""
    for name in ALLOWED_HOSTS:
        allowed = os.environ.get(name, "")
        if allowed and host not in {h.strip().lower() for h in allowed.split(",")}:
            return name
    return None


def _translate(error, out_of_time, limits):
    """Any failure during a request as one ``FetchError`` with a plain reason."""
    if isinstance(error, FetchError) and (error.kind == "timeout" or not out_of_time):
        return error
    if isinstance(error, TimeoutError) or out_of_time:
        return FetchError("timeout", f"no complete answer within {limits.timeout:g} s")
    if isinstance(error, socket.gaierror):
        return FetchError("dns", f"cannot find the host: {error.strerror}")
    if isinstance(error, ssl.SSLError):
        return FetchError("tls", f"secure connection failed: {error.reason}")
    return FetchError("connection", _connection_reason(error))


def _connection_reason(error):
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError | http.client.RemoteDisconnected):
        return "connection reset by the server"
    if isinstance(error, http.client.IncompleteRead):
        return "the server closed the connection mid-answer"
    return f"connection failed: {type(error).__name__}"


def _remaining(ends):
    left = ends - time.monotonic()
    if left <= 0:
        raise FetchError("timeout", "the time for this fetch ran out")
    return left


def _shut(sock, fired):
    """The watchdog: wake any blocked read by shutting the socket down."""
    fired.set()
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _read_body(answer, sock, headers, ends, limits):
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError("too-big", f"body of {declared} bytes is over the cap")
    decoder = _decoder(headers.get("content-encoding", "").strip().lower())
    out, received = bytearray(), 0
    while True:
        sock.settimeout(_remaining(ends))
        chunk = answer.read1(CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > limits.max_bytes:
            raise FetchError("too-big", f"body over {limits.max_bytes} bytes")
        if decoder is None:
            out += chunk
            continue
        room = limits.max_decompressed - len(out) + 1
        try:
            out += decoder.decompress(chunk, room)
        except zlib.error:
            raise FetchError("bad-encoding", "the compressed body is corrupt") from None
        if len(out) > limits.max_decompressed or decoder.unconsumed_tail:
            raise FetchError(
                "too-big",
                f"body over {limits.max_decompressed} bytes once decompressed",
            )
    if declared.isdigit() and received < int(declared):
        raise FetchError("connection", "the server closed the connection mid-answer")
    return bytes(out)


def _error_body(answer, sock, headers, ends, limits):
    """An error answer's body, or b"" when it is over ERROR_BODY_BYTES."""
    capped = Limits(
        timeout=limits.timeout,
        max_bytes=ERROR_BODY_BYTES,
        max_decompressed=ERROR_BODY_BYTES,
    )
    try:
        return _read_body(answer, sock, headers, ends, capped)
    except FetchError as error:
        if error.kind == "timeout":
            raise
        return b""


def _decoder(encoding):
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(wbits=32 + zlib.MAX_WBITS)  # zlib or gzip header
    raise FetchError("bad-encoding", f"unsupported Content-Encoding {encoding!r}")


@dataclass
class Job:
    key: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    limits: Limits = Limits()


def fetch_all(jobs, concurrency=32, deadline_seconds=60, work=None, on_result=None):
    """Run ``work(job, deadline)`` (default: fetch) for every job, several at once.

    Returns {key: result}, where result is what ``work`` returned or the
    ``FetchError`` it raised. Jobs still running at the total deadline get a
    ``FetchError("deadline", ...)``. ``on_result(key, result)`` is called in
    the calling thread as each one finishes (for a progress display).
    """
    work = work or _fetch_job
    deadline = time.monotonic() + deadline_seconds
    done, results = queue.Queue(), {}
    slots = threading.BoundedSemaphore(max(1, concurrency))

    def run(job):
        with slots:
            try:
                result = work(job, deadline)
            except FetchError as error:
                result = error
            except Exception as error:  # a bug must not lose the other feeds
                result = FetchError("error", f"{type(error).__name__}: {error}")
        done.put((job.key, result))

    for job in jobs:
        threading.Thread(target=run, args=(job,), daemon=True).start()
    while len(results) < len(jobs):
        try:
            key, result = done.get(timeout=max(0.0, deadline - time.monotonic()) + 0.1)
        except queue.Empty:
            break
        results[key] = result
        if on_result:
            on_result(key, result)
    for job in jobs:
        if job.key not in results:
            results[job.key] = FetchError(
                "deadline", f"not done within the total {deadline_seconds:g} s"
            )
            if on_result:
                on_result(job.key, results[job.key])
    return results


def _fetch_job(job, deadline):
    return fetch(job.url, job.etag, job.last_modified, job.limits, deadline)
