"""Real-browser tests: Debian's chromium driven by Playwright, on 127.0.0.1 only.

The fixtures here are imported by conftest.py. Without /usr/bin/chromium (or
without Playwright) the browser tests skip with the reason, unless the CI
environment variable is set: in CI they fail, so a missing install step is
never a green run.
"""

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from plugins.common.devserver import make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# A request still under way when the page navigates (the favicon, when a test
# clicks a link at once) is aborted by the browser: not a failure of the site.
ABORTED = "net::ERR_ABORTED"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def unavailable(tests, reason, install):
    """Skip ``tests``, which need ``reason``; in CI (CI is set), fail instead."""
    message = f"{tests} need {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must install it (.ci/run does)", pytrace=False)
    pytest.skip(f"{message} ({install})")


def _unavailable(reason):
    unavailable(
        "browser tests", reason, "apt-get install chromium; pip -r requirements-dev.txt"
    )


@contextmanager
def serve(folder, **options):
    """Serve ``folder`` on a free port of 127.0.0.1 with the development
    server (a missing address gets 404.html, as on a host), ``options`` for
    ``make_server``; yield the base URL."""
    server = make_server(folder, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium, started once for every browser test."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample journal (content/), built once and served on 127.0.0.1."""
    with serve(sample_site.output) as url:
        yield url


@pytest.fixture
def new_page(browser):
    """``new_page(width=1280, scheme="light", motion=...)``: a page, fresh context.

    Every page records console errors, uncaught exceptions, failed requests
    and responses with an error status in ``page.problems``.
    """
    contexts = []

    def make(width=1280, scheme="light", motion="no-preference", javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,
            reduced_motion=motion,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and page.problems.append(f"console: {m.text} at {m.location['url']}")
            ),
        )
        page.on("pageerror", lambda e: page.problems.append(f"exception: {e}"))
        page.on(
            "requestfailed",
            lambda r: (
                r.failure != ABORTED
                and page.problems.append(f"failed: {r.url} {r.failure}")
            ),
        )
        page.on(
            "response",
            lambda r: (
                r.status >= 400 and page.problems.append(f"status {r.status}: {r.url}")
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
