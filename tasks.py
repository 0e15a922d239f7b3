"""Tasks for writing, building and publishing the journal: `invoke --list`."""

import fcntl
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit, task

from plugins.blogroll import opml
from plugins.blogroll.config import blogroll_settings, read_blogroll
from plugins.blogroll.refresh import refresh
from plugins.blogroll.settings_file import SettingsEditError, add_blogs
from plugins.common.addresses import clashes, saved_as
from plugins.common.deploy import DeployError, gh_pages, rsync
from plugins.common.files import (
    create_exclusive,
    recover_tree,
    replace_tree,
    write_atomic,
)
from plugins.common.urls import post_address, post_slug
from plugins.frontmatter_reader.edit import (
    EditError,
    append_episode,
    new_post_text,
)
from plugins.frontmatter_reader.post import has_front_matter, parse_post
from plugins.frontmatter_reader.source import content_files, read_source
from plugins.symptom_log.privacy import find_leaks, private_texts

ROOT = Path(__file__).parent
CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "content_path": "content",
    "posts_path": "content/posts",
    "deploy_path": "output",
    "comments_path": "content/comments",
    "fetch_timeout": 20,
    "media_deadline": 900,  # seconds import-wordpress --media may spend downloading
    "host": "127.0.0.1",
    "port": 8000,
    # Where `invoke deploy` uploads output/: set one of the two.
    "rsync_target": "",  # a folder, or user@host:/var/www/journal/
    "gh_pages_repo": "",  # a git remote (URL or path) whose gh-pages branch is served
    "gh_pages_branch": "gh-pages",
    "publish_fetch_deadline": 30,  # seconds publish may spend refreshing the blogroll
    "comments_fetch_deadline": 120,  # seconds fetch-comments may spend, all sources
    "publish_comments_deadline": 30,  # seconds publish may spend on them
    "social_state_path": "cache/social",  # each social source's last fetch
    # The visit report goes here; not deployed unless this is inside deploy_path.
    "reports_path": "reports",
}


def _settings(name="settings_base"):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / CONFIG[name]))


def _timezone():
    return ZoneInfo(_settings()["TIMEZONE"])


def _pelican_command(*args, settings="settings_base", output=None):
    command = [sys.executable, "-m", "plugins.common.run_pelican"]
    command += [CONFIG["content_path"], *args, "-s", CONFIG[settings]]
    return [*command, "-o", str(output or CONFIG["deploy_path"])]


def _pelican(c, *args, settings="settings_base", output=None, warn=False):
    """Run Pelican in a child process from the project root, one line a message."""
    command = _pelican_command(*args, settings=settings, output=output)
    with c.cd(str(ROOT)):
        return c.run(shlex.join(command), echo=True, warn=warn)


def _serve(port):
    """Serve output/ on 127.0.0.1 (plugins/common/devserver.py) until Ctrl-C."""
    from plugins.common.devserver import serve

    folder = ROOT / CONFIG["deploy_path"]
    built_for = _settings()["FEED_DOMAIN"]
    serve(folder, CONFIG["host"], int(port or CONFIG["port"]), built_for=built_for)


@task
def clean(c):
    """Remove the generated files."""
    shutil.rmtree(ROOT / CONFIG["deploy_path"], ignore_errors=True)


@task
def build(c):
    """Build the journal into output/ with the development settings, offline."""
    _pelican(c)


@task(pre=[clean, build])
def rebuild(c):
    """Clean, then build."""


@task
def regenerate(c):
    """Build, and build again whenever a file changes."""
    _pelican(c, "--autoreload")


@task(help={"port": "port to listen on (default 8000; 0: any free port)"})
def serve(c, port=None):
    """Serve output/ at http://127.0.0.1:8000/; a missing address gets 404.html."""
    if not (ROOT / CONFIG["deploy_path"]).is_dir():
        raise Exit(f"serve: no {CONFIG['deploy_path']}/ yet; run invoke build", code=1)
    _serve(port)


@task(pre=[build], help={"port": "port to listen on (default 8000; 0: any free port)"})
def reserve(c, port=None):
    """Build, then serve."""
    serve(c, port)


@task
def preview(c):
    """Build with the production settings into output/."""
    _pelican(c, settings="settings_publish")


@task(help={"port": "port to listen on (default 8000; 0: any free port)"})
def livereload(c, port=None):
    """Serve output/ and rebuild whenever a file changes."""
    regenerating = subprocess.Popen(_pelican_command("--autoreload"), cwd=ROOT)
    try:
        _serve(port)
    finally:
        regenerating.terminate()
        regenerating.wait()


def _read_posts(settings=None):
    """Every post and page the build reads, read and validated as it reads them."""
    settings = settings or _settings()
    for path in content_files(settings):
        yield read_source(path, settings, shown=_shown_path(path))


def _journal_problems():
    """Every problem of every post and comment: what `invoke check` lists."""
    settings = _settings()
    problems, addressed = [], {"article": [], "page": []}
    for post in _read_posts(settings):
        problems += post.problems
        if not (post.errors or post.private):
            addressed[post.kind].append((post.path, _address(post, settings)[1]))
    for items in addressed.values():  # posts and pages, as the build sees them
        problems += clashes(items, settings)
    return problems + _marker_problems(settings) + _comment_problems(_timezone())


def _marker_problems(settings):
    """Bad ``[timeline]`` options in public posts, as the build finds them."""
    from plugins.timeline.config import timeline_settings
    from plugins.timeline.markers import marker_problems

    weeks = timeline_settings(settings)["weeks"]
    posts = [
        post
        for post in _read_posts(settings)
        if post.kind == "article" and not (post.errors or post.private)
    ]
    sites = {e.site for post in posts for e in post.log.episodes if e.site}
    return [
        problem
        for post in posts
        for problem in marker_problems(
            post.text,
            post.path,
            post_day=post.meta["date"].date(),
            default_weeks=weeks,
            known_sites=sites,
        )
    ]


def _print_problems(problems):
    """Print each problem as path:line: field: problem; return the error count."""
    for problem in problems:
        print(f"{problem}" + (" (warning)" if problem.severity == "warning" else ""))
    return sum(problem.severity == "error" for problem in problems)


@task
def check(c):
    """Validate every post and comment; print path:line: field: problem."""
    problems = _journal_problems()
    errors = _print_problems(problems)
    if errors:
        raise Exit(f"{errors} error(s) in the journal", code=1)
    print(f"check: no errors ({len(problems)} warning(s))")


@task
def publish(c):
    """Check, build with publishconf.py into a fresh folder, scan it, swap it in.

    Any problem leaves the previous output/ as it was and exits 1.
    """
    target = ROOT / CONFIG["deploy_path"]
    with _one_publish_at_a_time():
        _remove_leftovers(target)
        problems = _journal_problems()
        if any(problem.severity == "error" for problem in problems):
            errors = _print_problems(problems)
            stopped = f"publish stopped: {errors} error(s); {_unchanged(target)}"
            raise Exit(stopped, code=1)
        _refresh_before_publish()
        _build_scan_and_swap(c, target)
    print(f"publish: {target} is up to date and holds no private text")


def _build_scan_and_swap(c, target):
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=ROOT))
    try:
        built = _pelican(
            c, "--fail-on-error", settings="settings_publish", output=staging, warn=True
        )
        if built.failed:
            stopped = f"publish stopped by the build; {_unchanged(target)}"
            raise Exit(stopped, code=1)
        _check_privacy(staging)
        replace_tree(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unchanged(target):
    return f"{target.relative_to(ROOT)}/ is unchanged"


def _staging_prefix(target):
    """The name of each publish's fresh folder, before mkdtemp's random part."""
    return f".{target.name}.new-"


@contextmanager
def _one_publish_at_a_time():
    """A lock on the project folder, which the system drops when we die."""
    folder = os.open(ROOT, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            running = "publish: another publish is running here; try later"
            raise Exit(running, code=1) from None
        yield
    finally:
        os.close(folder)


def _remove_leftovers(target):
    """What publishes that were killed left: their fresh folders (whole sites,
    never scanned) and a swap stopped half-way. None is running: we hold the lock."""
    for folder in sorted(ROOT.glob(glob.escape(_staging_prefix(target)) + "*")):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
            print(f"publish: removed {folder.name}, left by a publish that was stopped")
    recover_tree(target)


def _as_scanned(post):
    """``(front matter, body)`` for the privacy scan: a post held back by an
    error is private as a whole, like a draft, whatever could be read of it."""
    if post.errors:
        return {**post.raw, "status": "draft"}, post.text
    return post.raw, post.body


def _check_privacy(folder):
    posts = [_as_scanned(post) for post in _read_posts()]
    content = ROOT / CONFIG["content_path"]
    files = {p.name for p in content.rglob("*") if p.is_file() and p.suffix != ".md"}
    leaks = find_leaks(folder, private_texts(posts, files) | _commenter_emails())
    for leak in leaks:
        print(f"privacy: {leak}", file=sys.stderr)
    if leaks:
        raise Exit(f"publish stopped: private text in {len(leaks)} place(s)", code=1)


@task(pre=[publish])
def deploy(c):
    """Publish, then upload output/ to the rsync target or gh-pages repo in CONFIG."""
    output = ROOT / CONFIG["deploy_path"]
    _check_privacy(output)
    try:
        if CONFIG["rsync_target"]:
            rsync(output, CONFIG["rsync_target"])
            print(f"deploy: {output} mirrored to {CONFIG['rsync_target']}")
        elif CONFIG["gh_pages_repo"]:
            changed = gh_pages(
                output, CONFIG["gh_pages_repo"], CONFIG["gh_pages_branch"]
            )
            state = "committed and pushed" if changed else "already up to date"
            print(f"deploy: {CONFIG['gh_pages_branch']} {state}")
        else:
            raise Exit("deploy: set rsync_target or gh_pages_repo in tasks.py's CONFIG")
    except DeployError as error:
        raise Exit(f"deploy: {error}", code=1) from None


def _now():
    return datetime.now(_timezone()).replace(second=0, microsecond=0)


def _category():
    """The category a new post is written with: the journal's default."""
    return _settings()["DEFAULT_CATEGORY"]


@task(help={"title": "the post's title", "tags": "comma-separated tags"})
def new(c, title, tags=""):
    """Write a new post with front matter, dated now, and print its path."""
    now = _now()
    name = post_slug({"title": title}, "", _settings())[:60].strip("-") or "post"
    path = ROOT / CONFIG["posts_path"] / f"{now:%Y}" / f"{now:%Y-%m-%d}-{name}.md"
    tag_list = [tag.strip() for tag in tags.split(",") if tag.strip()]
    try:
        text = new_post_text(title, now, category=_category(), tags=tag_list)
        create_exclusive(path, text)
    except FileExistsError as error:
        raise Exit(str(error), code=1) from None
    print(path.relative_to(ROOT))


def _todays_post(today, tz):
    """The latest post dated ``today`` that has YAML front matter, or None.

    A post that mentions today's date but cannot be read stops the search:
    better to ask for a fix than to start a second post for the day.
    """
    found = []
    for path in Path(ROOT / CONFIG["posts_path"]).rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if f"{today:%Y-%m-%d}" not in text[:2000] or not has_front_matter(text):
            continue
        post = parse_post(text, str(path.relative_to(ROOT)), tz)
        if post.errors:
            raise EditError(f"fix this first: {post.errors[0]}")
        date = post.meta.get("date")
        if date is not None and date.date() == today and not post.private:
            found.append((date, str(path)))
    return Path(max(found)[1]) if found else None


@task(
    help={
        "site": "body site: ankle, knee, jaw, ...",
        "beats": "beats counted",
        "side": "left, right or both",
        "severity": "0-10",
        "trigger": "what set it off (comma-separated for several)",
        "at": "HH:MM today, or YYYY-MM-DD HH:MM (default: now)",
        "note": "a short note",
        "symptom": "clonus (default), spasm, cramp, ...",
        "duration": "25s, 3min, 1h",
    }
)
def log(
    c,
    site,
    beats=None,
    side=None,
    severity=None,
    trigger=None,
    at=None,
    note=None,
    symptom=None,
    duration=None,
):
    """Add an episode to today's post (creating it), changing no other byte."""
    tz = _timezone()
    now = _now()
    when = f"{now:%Y-%m-%d} {at}" if at and len(at) <= 5 else at
    episode = {
        "at": when or f"{now:%Y-%m-%d %H:%M}",
        "symptom": symptom,
        "site": site,
        "side": side,
        "beats": _number(beats, "beats"),
        "duration": duration,
        "severity": _number(severity, "severity"),
        "triggers": [t.strip() for t in (trigger or "").split(",") if t.strip()],
        "note": note,
    }
    try:
        path = _todays_post(now.date(), tz)
        if path is None:
            path = _new_log_post(now, episode, tz)
        else:
            text = path.read_bytes().decode("utf-8")  # keeps \r\n as it is
            write_atomic(path, append_episode(text, episode, str(path), tz))
    except (EditError, FileExistsError) as error:
        raise Exit(f"log: {error}", code=1) from None
    print(f"log: added {site} to {path.relative_to(ROOT)}")


def _new_log_post(now, episode, tz):
    title = f"Symptom log, {now:%-d %B %Y}"
    path = ROOT / CONFIG["posts_path"] / f"{now:%Y}" / f"{now:%Y-%m-%d}-symptom-log.md"
    text = new_post_text(title, now, category=_category(), episodes=[episode])
    post = parse_post(text, str(path), tz)
    if post.errors:
        raise EditError(f"the new episode is not valid: {post.errors[0]}")
    create_exclusive(path, text)
    return path


def _number(value, name):
    if value is None:
        return None
    try:
        return float(value) if "." in str(value) else int(value)
    except ValueError:
        raise Exit(f"log: --{name} must be a number, got {value!r}", code=1) from None


# ---- Blogroll (plugins/blogroll) ---------------------------------------------
# fetch-feeds and import-opml; publish calls _refresh_before_publish().


def _blogroll(settings=None):
    """(blogs, options, problems) from pelicanconf.py; the cache path under ROOT."""
    settings = settings or _settings()
    options = blogroll_settings(settings)
    options["cache_path"] = str(ROOT / options["cache_path"])
    blogs, problems = read_blogroll(settings.get("BLOGROLL") or [], options)
    return blogs, options, problems


def _refresh_blogroll(force=False, deadline=None):
    """Refresh the cache with one line per feed; return the outcomes."""
    blogs, options, problems = _blogroll()
    for problem in problems:
        print(f"fetch-feeds: pelicanconf.py: {problem} (skipped)")
    if not blogs:
        print("fetch-feeds: BLOGROLL lists no blogs; nothing to fetch")
        return []
    seconds = deadline or options["deadline"]
    print(f"fetch-feeds: {len(blogs)} blog(s), at most {seconds:g} s in all")
    count = iter(range(1, len(blogs) + 1))

    def show(outcome):
        label = "FAILED" if outcome.kind == "failed" else outcome.kind
        print(
            f"  [{next(count)}/{len(blogs)}] {label:<12} "
            f"{outcome.blog.name}: {outcome.message}",
            flush=True,
        )

    outcomes = refresh(blogs, options, force=force, on_outcome=show, deadline=seconds)
    _fetch_summary(outcomes)
    return outcomes


def _fetch_summary(outcomes):
    kinds = [outcome.kind for outcome in outcomes]
    counts = ", ".join(
        f"{kinds.count(kind)} {kind}" for kind in dict.fromkeys(kinds) if kind
    )
    print(f"fetch-feeds: {counts}")
    failed = [outcome for outcome in outcomes if outcome.failed]
    if failed:
        print("fetch-feeds: failures (the last good posts stay on the site):")
    for outcome in failed:
        print(f"  {outcome.blog.name} <{outcome.blog.feed}>: {outcome.message}")
    for outcome in outcomes:
        if outcome.moved_to:
            print(
                f"fetch-feeds: {outcome.blog.name} moved permanently to "
                f"{outcome.moved_to}; update its feed in pelicanconf.py"
            )


@task(help={"force": "fetch every feed, even one fetched recently or gone (410)"})
def fetch_feeds(c, force=False):
    """Refresh the blogroll cache from every feed, one line per feed."""
    try:
        outcomes = _refresh_blogroll(force=force)
    except OSError as error:
        raise Exit(f"fetch-feeds: cannot write the cache: {error}", code=1) from None
    if outcomes and not any(outcome.worked for outcome in outcomes):
        raise Exit("fetch-feeds: no feed could be fetched (offline?)", code=1)


def _refresh_before_publish():
    """Refresh the blogroll, then the social web's comments, each within its
    publish deadline; a failure never stops publish."""
    try:
        _refresh_blogroll(deadline=CONFIG["publish_fetch_deadline"])
    except OSError as error:
        print(f"publish: blogroll not refreshed ({error}); using the cache as it is")
    try:
        _fetch_social_comments(CONFIG["publish_comments_deadline"])
    except OSError as error:
        print(f"publish: comments not fetched ({error}); the stored ones are used")


@task(help={"file": "an OPML file exported from a feed reader"})
def import_opml(c, file):
    """Add the blogs in an OPML file to BLOGROLL in pelicanconf.py."""
    path = Path(file)
    try:
        imported = import_opml_file(path)
    except (OSError, opml.OpmlError) as error:
        raise Exit(f"import-opml: {path}: {error}", code=1) from None
    conf = ROOT / CONFIG["settings_base"]
    _, options, _ = _blogroll()
    entries, problems = [], list(imported.problems)
    for entry in imported.entries:  # the same checks as BLOGROLL in the build
        blogs, found = read_blogroll([entry], options)
        entries += [entry] if blogs else []
        problems += [f"{entry['name']}: {problem}" for problem in found]
    try:
        text = conf.read_bytes().decode("utf-8")
        new_text, added, skipped = add_blogs(text, entries, conf.name)
        if added:
            write_atomic(conf, new_text)
    except (OSError, UnicodeDecodeError, SettingsEditError) as error:
        raise Exit(f"import-opml: {error}; nothing written", code=1) from None
    for entry in added:
        print(f"import-opml: added {entry['name']} <{entry.get('feed')}>")
    for entry, reason in skipped:
        print(f"import-opml: skipped {entry['name']}: {reason}")
    for problem in problems:
        print(f"import-opml: {path}: {problem} (skipped)", file=sys.stderr)
    print(
        f"import-opml: {len(added)} added to {conf.name}, {len(skipped)} already there"
    )
    if problems:
        raise Exit(f"import-opml: {len(problems)} outline(s) skipped", code=1)


def import_opml_file(path):
    """Read at most one byte over the cap, so a huge file is refused cheaply."""
    with path.open("rb") as handle:
        return opml.import_opml(handle.read(opml.MAX_OPML_BYTES + 1))


# ---- Comments (plugins/comments): import, list pending, approve, check ----


def _comments_folder():
    return ROOT / CONFIG["comments_path"]


def _contents(settings=None):
    """``(slug, url or None, path under content/)`` of every post and page the
    journal has; the url (as Pelican will give it) only for published ones."""
    settings = settings or _settings()
    content = Path(settings["PATH"])
    for post in _read_posts(settings):
        slug = post.meta.get("slug")
        if post.errors or not slug:
            continue
        url = None if post.private else _address(post, settings)[0]
        path = ROOT / post.path
        yield slug, url, path.relative_to(content).as_posix()


def _address(post, settings):
    """``(url, save_as)`` of a public post or page, as the build gives them."""
    if "permalink" in post.meta:
        return post.meta["permalink"], saved_as(post.meta["permalink"])
    return post_address(post.meta, post.source, settings, post.kind)


def _post_refs(settings=None):
    """``(slug, url)`` of every published post and page, as Pelican names them."""
    return [(slug, url) for slug, url, _path in _contents(settings) if url]


def _comment_problems(tz):
    from plugins.comments.store import read_store, validate_store

    comments, problems = read_store(_comments_folder(), tz, base=ROOT)
    slugs = {slug for slug, _url, _path in _contents()}  # drafts' too: kept, unshown
    return problems + validate_store(comments, slugs)


def _shown_path(path):
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return path


def _commenter_emails():
    """Every stored commenter's address: none may appear in a published file."""
    from plugins.comments.store import read_store

    comments, _problems = read_store(_comments_folder(), _timezone())
    return {comment.email for comment in comments if comment.email}


@task(
    help={
        "source": "a WordPress export (WXR), a comment feed or an mbox: path or URL",
        "email": "also store commenters' email addresses (never published)",
        "timeout": "most seconds a URL may take, redirects and all (default 20)",
    }
)
def import_comments(c, source, email=False, timeout=None):
    """Import comments from a WordPress export, a comment feed or an mbox."""
    from plugins.comments.importer import import_comments as run_import
    from plugins.comments.importing import PostIndex, SourceError

    tz = _timezone()
    index = PostIndex.from_posts(_post_refs())
    seconds = float(timeout or CONFIG["fetch_timeout"])
    try:
        report = run_import(
            source, _comments_folder(), index, tz, with_email=email, timeout=seconds
        )
    except SourceError as error:
        raise Exit(f"import-comments: {error}; nothing was written", code=1) from None
    print(f"import-comments: {report}")


@task(
    help={
        "export": "the WordPress export file (Tools, Export, All content)",
        "media": "also download the pictures and files the posts use",
        "dry_run": "read, convert and check everything; write nothing",
        "email": "also store commenters' email addresses (never published)",
    }
)
def import_wordpress(c, export, media=False, dry_run=False, email=False):
    """Move a WordPress journal in: posts, pages, comments, media, old addresses."""
    from plugins.comments.importing import SourceError
    from plugins.wordpress.importer import Choices
    from plugins.wordpress.importer import import_wordpress as run_import

    settings = _settings()

    def show(medium, outcome, done, total):
        print(f"  [{done}/{total}] {outcome:<8} {medium.local}", flush=True)

    choices = Choices(
        download=media,
        dry_run=dry_run,
        with_email=email,
        media_deadline=CONFIG["media_deadline"],
        on_medium=show,
    )
    try:
        report = run_import(
            export, settings["PATH"], settings, list(_contents(settings)), choices
        )
    except SourceError as error:
        raise Exit(f"import-wordpress: {error}; nothing was written", code=1) from None
    except OSError as error:
        raise Exit(f"import-wordpress: {export}: {error.strerror}", code=1) from None
    for line in report.lines():
        print(f"import-wordpress: {line}")
    if report.problems:
        raise Exit(f"import-wordpress: {len(report.problems)} post(s) left out", code=1)


def _fetch_social_comments(deadline):
    """Fetch every post's conversations and the site's webmentions, one line
    per source, then the summary; return the outcomes."""
    from plugins.comments.importing import PostIndex
    from plugins.comments.site import settings as comment_settings
    from plugins.comments.social import Options, conversations, fetch_comments, totals

    settings = _settings()
    config, problems = comment_settings(settings.get("COMMENTS"))
    for problem in problems:
        print(f"fetch-comments: pelicanconf.py: COMMENTS: {problem}")
    talks = conversations(
        (post.meta["slug"], post.meta)
        for post in _read_posts(settings)
        if not post.errors and not post.private and post.meta.get("slug")
    )
    index = (
        PostIndex.from_posts(_post_refs(settings)) if config["webmention_io"] else None
    )
    total = len(talks) + (index is not None)
    if not total:
        print(
            "fetch-comments: no post names a conversation and no webmention_io is set"
        )
        return []
    print(f"fetch-comments: {total} source(s), at most {deadline:g} s in all")
    done = iter(range(1, total + 1))

    def show(outcome):
        label = "FAILED" if outcome.failed else "fetched"
        print(
            f"  [{next(done)}/{total}] {label:<8} {outcome.source} {outcome.label}: "
            f"{outcome.message}",
            flush=True,
        )
        for path, why in outcome.kept:
            print(f"      {_shown_path(path)}: {why}")

    options = Options(
        folder=_comments_folder(),
        state_folder=ROOT / CONFIG["social_state_path"],
        tz=ZoneInfo(settings["TIMEZONE"]),
        config=config,
        deadline=deadline,
    )
    outcomes = fetch_comments(talks, options, index=index, on_outcome=show)
    for line in totals(outcomes):
        print(f"fetch-comments: {line}")
    return outcomes


@task
def fetch_comments(c):
    """Gather replies from Mastodon, Bluesky and webmention.io into the store."""
    try:
        outcomes = _fetch_social_comments(CONFIG["comments_fetch_deadline"])
    except OSError as error:
        raise Exit(f"fetch-comments: cannot write: {error}", code=1) from None
    if outcomes and all(outcome.failed for outcome in outcomes):
        raise Exit("fetch-comments: no source could be fetched (offline?)", code=1)


@task
def comments_pending(c):
    """List the comments waiting for approval."""
    from plugins.comments.store import read_store

    comments, problems = read_store(_comments_folder(), _timezone(), base=ROOT)
    pending = sorted(
        (comment for comment in comments if comment.status == "pending"),
        key=lambda comment: comment.date,
    )
    for comment in pending:
        first = " ".join(comment.body.split())[:70]
        print(f"{comment.id}  {comment.date:%Y-%m-%d %H:%M}  {comment.author}")
        print(f"    on {comment.post}: {first}")
        print(f"    {comment.path}")
    print(f"comments-pending: {len(pending)} pending")
    for problem in problems:
        print(f"{problem}", file=sys.stderr)


@task(help={"id": "the comment's id, as comments-pending lists it"})
def approve_comment(c, id):
    """Approve a pending comment: its status word becomes approved."""
    from plugins.comments.store import ApproveError, approve

    try:
        path = approve(_comments_folder(), id, _timezone())
    except ApproveError as error:
        raise Exit(f"approve-comment: {error}", code=1) from None
    print(f"approve-comment: {_shown_path(path)} is approved")


# --- Timeline: the "since the last visit" report (plugins/timeline) ---------------


def _public_journal(tz):
    """``(Journal, logged days, ratings, problems)`` from every public post's log;
    ``ratings`` are ``(day, {scale: score})``."""
    from plugins.symptom_log.journal import Journal

    logs, days, ratings, problems = [], set(), [], []
    for post in _read_posts():
        problems.extend(p for p in post.problems if p.severity == "error")
        if post.errors or post.private or not post.log:
            continue
        logs.append((post.path, post.log))
        days.add(post.meta["date"].date())
        if post.log.ratings:
            ratings.append((post.meta["date"].date(), post.log.ratings))
    return Journal.from_logs(logs), days, ratings, problems


@task(help={"since": "first day of the report, YYYY-MM-DD (default: the last visit)"})
def report(c, since=None):
    """Write the printable "since the last visit" report and a FHIR R4 bundle."""
    from plugins.timeline.chart import logged_days
    from plugins.timeline.config import timeline_settings
    from plugins.timeline.fhir import bundle_json
    from plugins.timeline.report import ReportError, build_report, report_html

    settings = _settings()
    tz = ZoneInfo(settings["TIMEZONE"])
    try:
        first = datetime.strptime(since, "%Y-%m-%d").date() if since else None
    except ValueError:
        raise Exit(
            f"report: --since must be YYYY-MM-DD, got {since!r}", code=1
        ) from None
    journal, days, ratings, problems = _public_journal(tz)
    now = _now()
    try:
        result = build_report(
            journal,
            until=now.date(),
            since=first,
            logged=logged_days(journal, days),
            threshold=timeline_settings(settings)["sustained_beats"],
            ratings=ratings,
            left_out={problem.path for problem in problems},
        )
    except ReportError as error:
        raise Exit(f"report: {error}", code=1) from None
    folder = ROOT / CONFIG["reports_path"]
    page = folder / f"report-{now:%Y-%m-%d}.html"
    generated = f"{now:%-d %B %Y, %H:%M}"
    write_atomic(
        page, report_html(result, site_name=settings["SITENAME"], generated=generated)
    )
    fhir = folder / f"fhir-{now:%Y-%m-%d}.json"
    write_atomic(fhir, bundle_json(journal, timestamp=now))
    print(f"report: {page.relative_to(ROOT)} and {fhir.relative_to(ROOT)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise Exit(
            f"report: written without {len(problems)} error(s) above; run invoke check",
            code=1,
        )
