"""The shared HTTP client's allowed hosts: both names of the variable work."""

import pytest
from blogroll_server import FeedServer, Route, loopback_only

from plugins.common.http import FetchError, Limits, fetch

QUICK = Limits(timeout=1.0)


@pytest.fixture
def server(monkeypatch):
    loopback_only(monkeypatch)
    with FeedServer({"/feed/": Route(body=b"<rss/>")}) as running:
        yield running


@pytest.mark.parametrize("name", ["FETCH_ALLOWED_HOSTS", "BLOGROLL_ALLOWED_HOSTS"])
def test_either_name_alone_limits_the_hosts(server, monkeypatch, name):
    monkeypatch.delenv("FETCH_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("BLOGROLL_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv(name, "example.org, 127.0.0.1")
    assert fetch(server.url("/feed/"), limits=QUICK).body == b"<rss/>"
    with pytest.raises(FetchError, match=rf"127\.0\.0\.2 is not in \${name}"):
        fetch(server.url("/feed/").replace("127.0.0.1", "127.0.0.2"), limits=QUICK)


def test_with_both_set_a_host_must_be_in_both(server, monkeypatch):
    monkeypatch.setenv("FETCH_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BLOGROLL_ALLOWED_HOSTS", "example.org")
    with pytest.raises(FetchError, match=r"is not in \$BLOGROLL_ALLOWED_HOSTS"):
        fetch(server.url("/feed/"), limits=QUICK)
