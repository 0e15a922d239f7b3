"""Tasks for writing, building and publishing the journal: `invoke --list`."""

import shlex
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit, task

from plugins.common.files import create_exclusive, replace_tree, write_atomic
from plugins.frontmatter_reader.edit import (
    EditError,
    append_episode,
    new_post_text,
    slugify,
)
from plugins.frontmatter_reader.post import (
    has_front_matter,
    parse_post,
    read_pelican_style,
)
from plugins.symptom_log.privacy import find_leaks, private_texts

ROOT = Path(__file__).parent
CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "content_path": "content",
    "posts_path": "content/posts",
    "deploy_path": "output",
    "host": "127.0.0.1",
    "port": 8000,
    # The visit report goes here; not deployed unless this is inside deploy_path.
    "reports_path": "reports",
}


def _settings(name="settings_base"):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / CONFIG[name]))


def _timezone():
    return ZoneInfo(_settings()["TIMEZONE"])


def _pelican(c, *args, settings="settings_base", output=None):
    """Run Pelican in a child process from the project root."""
    command = [sys.executable, "-m", "pelican", CONFIG["content_path"], *args]
    command += ["-s", CONFIG[settings], "-o", output or CONFIG["deploy_path"]]
    with c.cd(str(ROOT)):
        c.run(shlex.join(command), echo=True)


def _listen(port):
    return ("--listen", "--bind", CONFIG["host"], "--port", str(port or CONFIG["port"]))


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


@task(help={"port": "port to listen on (default 8000)"})
def serve(c, port=None):
    """Serve output/ at http://127.0.0.1:8000/."""
    _pelican(c, *_listen(port))


@task(pre=[build], help={"port": "port to listen on (default 8000)"})
def reserve(c, port=None):
    """Build, then serve."""
    serve(c, port)


@task
def preview(c):
    """Build with the production settings into output/."""
    _pelican(c, settings="settings_publish")


@task(help={"port": "port to listen on (default 8000)"})
def livereload(c, port=None):
    """Serve output/ and rebuild whenever a file changes."""
    _pelican(c, "--autoreload", *_listen(port))


def _read_posts(tz):
    """Every post and page with YAML front matter, read and validated."""
    for path in sorted(Path(ROOT / CONFIG["content_path"]).rglob("*.md")):
        if "comments" in path.relative_to(ROOT / CONFIG["content_path"]).parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        shown = str(path.relative_to(ROOT))
        if has_front_matter(text):
            yield parse_post(text, shown, tz)
        else:
            yield read_pelican_style(text, shown)


@task
def check(c):
    """Validate every post's front matter; print path:line: field: problem."""
    problems = [p for post in _read_posts(_timezone()) for p in post.problems]
    for problem in problems:
        print(f"{problem}" + (" (warning)" if problem.severity == "warning" else ""))
    errors = sum(problem.severity == "error" for problem in problems)
    if errors:
        raise Exit(f"{errors} error(s) in the journal", code=1)
    print(f"check: no errors ({len(problems)} warning(s))")


@task
def publish(c):
    """Build with publishconf.py into a fresh folder, check privacy, then swap it in.

    Any error leaves the previous output/ as it was and exits non-zero.
    """
    target = ROOT / CONFIG["deploy_path"]
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=ROOT))
    try:
        _pelican(
            c, "--fatal", "errors", settings="settings_publish", output=str(staging)
        )
        _check_privacy(staging)
        replace_tree(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"publish: {target} is up to date and holds no private text")


def _check_privacy(folder):
    posts = [(post.raw, post.body) for post in _read_posts(_timezone())]
    leaks = find_leaks(folder, private_texts(posts))
    for path, text in leaks:
        print(f"privacy: {path}: contains private text {text[:40]!r}", file=sys.stderr)
    if leaks:
        raise Exit(f"publish stopped: private text in {len(leaks)} place(s)", code=1)


def _now():
    return datetime.now(_timezone()).replace(second=0, microsecond=0)


@task(help={"title": "the post's title", "tags": "comma-separated tags"})
def new(c, title, tags=""):
    """Write a new post with front matter, dated now, and print its path."""
    now = _now()
    path = (
        ROOT
        / CONFIG["posts_path"]
        / f"{now:%Y}"
        / f"{now:%Y-%m-%d}-{slugify(title)}.md"
    )
    tag_list = [tag.strip() for tag in tags.split(",") if tag.strip()]
    try:
        create_exclusive(path, new_post_text(title, now, tags=tag_list))
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
    text = new_post_text(title, now, episodes=[episode])
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


# --- Timeline: the "since the last visit" report (plugins/timeline) ---------------


def _public_journal(tz):
    """``(Journal, logged days, problems)`` from every public post's log."""
    from plugins.symptom_log.journal import Journal

    logs, days, problems = [], set(), []
    for post in _read_posts(tz):
        problems.extend(p for p in post.problems if p.severity == "error")
        if post.errors or post.private or not post.log:
            continue
        logs.append((post.path, post.log))
        days.add(post.meta["date"].date())
    return Journal.from_logs(logs), days, problems


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
    journal, days, problems = _public_journal(tz)
    now = _now()
    try:
        result = build_report(
            journal,
            until=now.date(),
            since=first,
            logged=logged_days(journal, days),
            threshold=timeline_settings(settings)["sustained_beats"],
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
