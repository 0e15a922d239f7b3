"""The production build: feeds readers follow, sitemap, robots, cards, deploy."""

import json
import subprocess
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest
import test_tasks
from bs4 import BeautifulSoup
from conftest import Site, build_sample
from invoke import Context, Exit
from test_tasks import invoke

from plugins.common.deploy import DeployError, gh_pages, rsync

project = test_tasks.project  # the fixture: a copy of the project in tmp_path
SITEURL = "https://beats-per-minute.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample journal built twice with publishconf.py, into two folders."""
    sites = []
    for name in ("first", "second"):
        tmp = tmp_path_factory.mktemp(name)
        sites.append(build_sample(tmp, settings="publishconf.py"))
    return sites


def feeds(site: Site):
    return sorted((site.output / "feeds").rglob("*.xml"))


def test_every_feed_parses_cleanly_with_absolute_links(published):
    site = published[0]
    assert len(feeds(site)) > 10
    for path in feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith(SITEURL + "/"), entry.link


def test_atom_entries_have_the_required_elements_and_whole_posts(published):
    root = ET.parse(published[0].output / "feeds" / "all.atom.xml").getroot()
    for name in ("id", "title", "updated"):
        assert root.find(ATOM + name).text
    assert root.find(ATOM + "link").get("href").startswith(SITEURL)
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 20
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert entry.find(ATOM + name).text, name
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ren Halloran"
        assert entry.find(ATOM + "category") is not None
        assert len(entry.find(ATOM + "content").text) > 600


def test_rss_items_carry_whole_posts_guids_and_dates(published):
    channel = ET.parse(published[0].output / "feeds" / "all.rss.xml").getroot()[0]
    for name in ("title", "link", "description"):
        assert channel.find(name).text
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.find("guid").text
        parsedate_to_datetime(item.find("pubDate").text)
        assert len(item.find("description").text) > 600


def test_entry_ids_and_updated_are_stable_across_builds(published):
    def ids_and_dates(site):
        parsed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
        return [(entry.id, entry.updated) for entry in parsed.entries]

    assert ids_and_dates(published[0]) == ids_and_dates(published[1])


def test_sitemap_lists_every_public_page_with_absolute_addresses(published):
    site = published[0]
    root = ET.parse(site.output / "sitemap.xml").getroot()
    locs = [url.find("{*}loc").text for url in root]
    assert all(loc.startswith(SITEURL + "/") for loc in locs)
    assert f"{SITEURL}/2026/06/04/switching-to-tizanidine/" in locs
    assert f"{SITEURL}/tag/tizanidine/" in locs
    built = {
        f"{SITEURL}/{p.parent.relative_to(site.output).as_posix()}/"
        for p in site.output.rglob("index.html")
        if "page" not in p.parts and p.parent != site.output
    }
    unlisted = {"authors/", "author/ren-halloran/", "search/"}  # one author; noindex
    assert built - set(locs) == {f"{SITEURL}/{url}" for url in unlisted}
    assert "chair" not in (site.output / "sitemap.xml").read_text().lower()


def test_robots_points_at_the_sitemap(published):
    robots = (published[0].output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


def test_pages_carry_canonical_links_and_share_cards(published):
    site = published[0]
    page = site.html("2026/06/04/switching-to-tizanidine/index.html")
    url = f"{SITEURL}/2026/06/04/switching-to-tizanidine/"
    assert page.select_one('link[rel="canonical"]')["href"] == url

    def meta(name):
        return page.select_one(f'meta[property="{name}"]')["content"]

    assert meta("og:url") == url
    assert meta("og:type") == "article"
    assert meta("og:title") == "Switching to tizanidine"
    assert meta("og:description").startswith("Goodbye (slowly) to baclofen")
    image = meta("og:image")
    assert image.startswith(SITEURL + "/")
    assert (site.output / image.removeprefix(SITEURL + "/")).is_file()
    home = site.html("index.html")
    assert home.select_one('meta[property="og:type"]')["content"] == "website"
    assert home.select_one('link[rel="canonical"]')["href"] == SITEURL + "/"


POSTING_KEYS = {"@context", "@type", "headline", "description", "datePublished",
                "dateModified", "author", "url", "mainEntityOfPage", "inLanguage",
                "keywords", "image", "isPartOf", "articleSection"}  # fmt: skip


def structured_data(page):
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_every_post_is_a_blog_posting_of_what_its_page_shows(published):
    site = published[0]
    posts = [p for p in site.output.glob("20*/*/*/*/index.html")]
    assert posts
    for path in posts:
        page = site.html(path.relative_to(site.output))
        data = structured_data(page)
        assert set(data) <= POSTING_KEYS, path  # nothing from the symptom log
        assert (data["@context"], data["@type"]) == (
            "https://schema.org",
            "BlogPosting",
        )
        assert data["headline"] == page.h1.get_text()
        assert data["url"] == page.select_one('link[rel="canonical"]')["href"]
        published_at = page.select_one(".entry-header time")["datetime"]
        assert data["datePublished"] == published_at
        assert data["author"] == {"@type": "Person", "name": "Ren Halloran"}
        tags = [a.get_text() for a in page.select(".entry-header .tags a")]
        assert data["keywords"] == tags
        assert data["image"].startswith(SITEURL + "/")


def test_the_home_page_is_a_blog_listing_its_posts(published):
    home = published[0].html("index.html")
    data = structured_data(home)
    assert (data["@type"], data["url"]) == ("Blog", SITEURL + "/")
    listed = [a["href"] for a in home.select(".summary h2 a")]
    assert [post["url"] for post in data["blogPost"]] == listed
    for later in ("page/2/index.html", "tag/tizanidine/index.html"):
        assert not published[0].html(later).select('script[type="application/ld+json"]')


def set_config(project, key, value):
    tasks_py = project / "tasks.py"
    text = tasks_py.read_text()
    tasks_py.write_text(text.replace(f'"{key}": "",', f'"{key}": {str(value)!r},', 1))


def test_deploy_mirrors_the_published_site_with_rsync(project, tmp_path):
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("left over from an old site")
    set_config(project, "rsync_target", target)
    done = invoke(project, "deploy")
    assert done.returncode == 0, done.stderr
    assert (target / "index.html").read_text() == (
        project / "output" / "index.html"
    ).read_text()
    assert not (target / "stale.html").exists()


def git_files(remote, branch="gh-pages"):
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", branch],
        cwd=remote,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(listing.stdout.split())


def test_gh_pages_commits_the_site_once_per_change(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    site = tmp_path / "output"
    (site / "2026").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "2026" / "post.html").write_text("post")
    assert gh_pages(site, str(remote)) is True
    assert git_files(remote) == {".nojekyll", "index.html", "2026/post.html"}
    assert gh_pages(site, str(remote)) is False
    (site / "2026" / "post.html").unlink()
    assert gh_pages(site, str(remote)) is True
    assert git_files(remote) == {".nojekyll", "index.html"}


def test_deploy_errors_name_the_step(tmp_path):
    (tmp_path / "output").mkdir()
    with pytest.raises(DeployError, match="git push failed"):
        gh_pages(tmp_path / "output", str(tmp_path / "no-such-remote"))
    with pytest.raises(DeployError, match="rsync --archive failed"):
        rsync(tmp_path / "missing", str(tmp_path / "target"))


def test_deploy_without_a_target_says_what_to_set(project, monkeypatch):
    (project / "output").mkdir()
    with pytest.raises(Exit, match="set rsync_target or gh_pages_repo"):
        test_tasks.tasks.deploy(Context())


def test_deploy_to_gh_pages_reports_what_it_did(project, monkeypatch, tmp_path, capsys):
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("home")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    monkeypatch.setitem(test_tasks.tasks.CONFIG, "gh_pages_repo", str(remote))
    test_tasks.tasks.deploy(Context())
    test_tasks.tasks.deploy(Context())
    assert capsys.readouterr().out.splitlines() == [
        "deploy: gh-pages committed and pushed",
        "deploy: gh-pages already up to date",
    ]
    monkeypatch.setitem(test_tasks.tasks.CONFIG, "gh_pages_repo", str(tmp_path / "x"))
    (project / "output" / "index.html").write_text("changed")
    with pytest.raises(Exit, match="deploy: git push failed"):
        test_tasks.tasks.deploy(Context())


def test_a_post_with_a_log_carries_it_in_words_and_its_chart_as_an_image(published):
    site = published[0]
    for name in ("all.atom.xml", "all.rss.xml"):
        parsed = feedparser.parse((site.output / "feeds" / name).read_bytes())
        entry = next(e for e in parsed.entries if e.title == "Switching to tizanidine")
        body = entry.content[0].value if "content" in entry else entry.description
        log = BeautifulSoup(body, "html.parser")
        items = [li.get_text() for li in log.find("h2").find_next("ul")("li")]
        assert items[0] == (
            "3 June, 07:35: clonus, left ankle: 14 beats, 15 s, severity 5/10, "
            "after standing up. Counts creeping back up during the taper."
        )
        assert "Switch from baclofen to tizanidine 2 mg, at night (3 June 2026)." in (
            " ".join(items)
        )
        image = log.find("img")
        assert image["alt"]
        assert (
            image["src"] == f"{SITEURL}/2026/06/04/switching-to-tizanidine/timeline.svg"
        )
        svg = site.output / image["src"].removeprefix(SITEURL + "/")
        assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    plain = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    no_log = next(e for e in plain.entries if e.title.startswith("Things that help"))
    assert "What my body logged" not in no_log.content[0].value
